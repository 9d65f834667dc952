"""Corrected extents in the review store: kept like every change, and the schema migration that allows them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_store import TEXT, talks_analysis
from tui.core.review import database
from tui.core.review.store import AddQuote, ReviewStore, SetExtent, SetSpeaker, SetVerdict, article_hash


def test_a_corrected_extent_moves_the_quote_and_further_changes_stay_with_its_review(tmp_path: Path) -> None:
    db = tmp_path / "reviews.sqlite3"
    analysis = talks_analysis()
    q1 = analysis.quotes[0]
    longer = (TEXT.index("Lavrov"), q1.end)  # the reviewer takes the attribution in too
    with ReviewStore.open(db, reviewer="alice") as store:
        store.record(analysis.article, q1, SetExtent(*longer))
        moved = store.reviews_for(analysis).quotes[0]
        assert (moved.quote.start, moved.quote.end) == longer
        assert moved.quote.text == TEXT[slice(*longer)] and moved.quote.id == "q1"
        assert moved.extracted == q1 and moved.touched
        # A verdict on the moved quote is kept under the span the extractor gave it.
        store.record(analysis.article, moved.stored_as, SetVerdict("correct"))
    with ReviewStore.open(db) as store:  # after a restart
        reviewed = store.reviews_for(analysis)
        first = reviewed.quotes[0]
        assert (first.quote.start, first.quote.end) == longer and first.review.verdict == "correct"
        assert [e.action for e in first.review.events] == ["extent", "verdict"]
        assert first.review.events[0].describe().endswith(f"alice: extent -> {longer[0]}-{longer[1]}")
        assert reviewed.orphans == ()


def test_an_added_quote_can_be_given_another_extent(tmp_path: Path) -> None:
    analysis = talks_analysis()
    start = TEXT.index("An official")
    with ReviewStore.open(tmp_path / "r.sqlite3") as store:
        store.add_quote(analysis.article, AddQuote(start, len(TEXT), "indirect", "An official"))
        added = next(r for r in store.reviews_for(analysis).quotes if r.review and r.review.added)
        tighter = (TEXT.index("sanctions"), len(TEXT) - 1)
        store.record(analysis.article, added.stored_as, SetExtent(*tighter))
        store.record(analysis.article, added.stored_as, SetSpeaker("An unnamed official"))
        again = next(r for r in store.reviews_for(analysis).quotes if r.review and r.review.added)
    assert again.quote.text == "sanctions would stay" and again.quote.speaker.name == "An unnamed official"
    assert len(again.review.events) == 3


def test_an_extent_follows_the_article_into_its_next_version(tmp_path: Path) -> None:
    old = talks_analysis()
    q1 = old.quotes[0]
    with ReviewStore.open(tmp_path / "r.sqlite3") as store:
        store.record(old.article, q1, SetExtent(TEXT.index("Lavrov"), q1.end))
        new = talks_analysis("Updated. " + TEXT)
        moved = store.reviews_for(new).quotes[0]
    assert moved.quote.text == 'Lavrov said "the talks were useful'
    assert new.article.text[moved.quote.start : moved.quote.end] == moved.quote.text


def test_extents_outside_the_article_are_refused_and_hand_written_ones_ignored(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    analysis = talks_analysis()
    q1 = analysis.quotes[0]
    with ReviewStore.open(db) as store:
        for bad in ((5, 5), (-1, 4), (0, len(TEXT) + 1), (9, 3)):
            try:
                store.record(analysis.article, q1, SetExtent(*bad))
            except ValueError:
                continue
            raise AssertionError(f"{bad} was accepted")
    with sqlite3.connect(db) as conn:
        for payload in ({"start": 4, "end": 2, "text": "x"}, {"start": True, "end": 3, "text": "x"}, {"start": 1}):
            conn.execute(
                "INSERT INTO events (article_hash, q_start, q_end, q_text, action, payload, reviewer, at, seen_kind)"
                " VALUES (?, ?, ?, ?, 'extent', ?, 'mallory', 'now', 'direct')",
                (article_hash(TEXT), q1.start, q1.end, q1.text, json.dumps(payload)),
            )
    with ReviewStore.open(db) as store:
        assert store.reviews_for(analysis).quotes[0].quote == q1


def test_a_version_2_store_migrates_keeping_every_verdict(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    analysis = talks_analysis()
    with ReviewStore.open(db, reviewer="alice") as store:
        store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        store.record(analysis.article, analysis.quotes[1], SetVerdict("wrong"))
    # The same history as newsview wrote it before extents existed.
    old = tmp_path / "v2.sqlite3"
    with sqlite3.connect(old) as conn:
        for script in database.MIGRATIONS[:2]:
            conn.executescript(script)
        conn.execute("UPDATE schema_version SET version = 2")
        with sqlite3.connect(db) as new:
            conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", new.execute("SELECT * FROM articles"))
            conn.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new.execute("SELECT * FROM events")
            )
    with ReviewStore.open(old) as store:
        reviewed = store.reviews_for(analysis)
        assert [r.review.verdict if r.review else None for r in reviewed.quotes] == ["correct", "wrong", None]
        event = store.record(analysis.article, analysis.quotes[0], SetExtent(0, analysis.quotes[0].end))
        assert event.id == 3  # ids go on after the copied history
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone() == (database.STORE_SCHEMA_VERSION,)
        try:
            conn.execute("DELETE FROM events")
        except sqlite3.DatabaseError as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError("the migrated history can be deleted")
