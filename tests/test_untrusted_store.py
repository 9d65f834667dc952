"""The review store is input too: every reviewer sharing it can write anything into it.

Rows are written here the way a hostile or older client would (straight into SQLite),
then read back through the store, the quote list and every export format.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, run_async, seed_analysis, settled, until
from tui.app.app import NewsviewApp
from tui.app.screens.corpus import CorpusScreen
from tui.app.widgets.lists import QuoteList
from tui.commands.displacy import article_displacy
from tui.commands.export import article_json, write_csv, write_markdown, write_speakers
from tui.core.models import Article
from tui.core.paths import review_db
from tui.core.review.applied import reviews_applied
from tui.core.review.store import ReviewStore, SetVerdict
from tui.core.untrusted import to_json

# What a terminal acts on or a reader is fooled by: ESC and the other C0 controls but tab and
# newline, DEL, C1 (0x9b/0x9d are one-byte CSI/OSC), bidi embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OSC52 = "\x1b]52;c;ZWNobyBQV05FRAo=\x07"
TITLE = "\x1b]2;PWN\x07"
HOSTILE = f"carol{OSC52}{TITLE}\x9b31m\u202eevil[@click=app.quit]x[/]"


def raw_event(db: Path, article: Article, start: int, end: int, action: str, data: object, **row: object) -> None:
    """An event row as any SQLite client could write it, bypassing newsview's own checks."""
    values = {
        "reviewer": HOSTILE,
        "at": "2026-12-01T10:00:00Z" + TITLE,
        "seen_kind": "direct",
        "seen_speaker": HOSTILE,
        "q_text": article.text[start:end],
        "payload": json.dumps(data),
        **row,
    }
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO events (article_hash, q_start, q_end, q_text, action, payload, reviewer, at,"
            " seen_kind, seen_speaker)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.get("hash", _hash(article)),
                start,
                end,
                values["q_text"],
                action,
                values["payload"],
                values["reviewer"],
                values["at"],
                values["seen_kind"],
                values["seen_speaker"],
            ),
        )
    conn.close()


def _hash(article: Article) -> str:
    from tui.core.review.store import article_hash

    return article_hash(article.text)


def hostile_store(data_dir: Path, article: Article) -> Path:
    """A store in which carol marked, commented, re-attributed, orphaned and linked hostile strings."""
    db = review_db(data_dir)
    with ReviewStore.open(db, reviewer="alice") as store:
        first = seed_analysis(article).quotes[0]
        store.record(article, first, SetVerdict("correct"))
    q1, q2 = seed_analysis(article).quotes[:2]
    raw_event(db, article, q1.start, q1.end, "verdict", {"verdict": "wrong"})
    raw_event(db, article, q1.start, q1.end, "comment", {"comment": f"see {OSC52} here"})
    raw_event(db, article, q2.start, q2.end, "speaker", {"name": HOSTILE, "entity": None})
    # an orphan: a quote text that is nowhere in the article, full of escapes
    raw_event(db, article, 5, 30, "verdict", {"verdict": "correct"}, q_text=f"gone {TITLE}\u202e text")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO speaker_links (speaker_key, joins, reviewer, at) VALUES (?, ?, ?, ?)",
            (f"lavrov{TITLE}", f"khatib{OSC52}", HOSTILE, "now"),
        )
    conn.close()
    return db


def test_rows_written_by_another_client_are_cleaned_where_they_are_read(tmp_path: Path, seed: Article) -> None:
    db = hostile_store(tmp_path, seed)
    with ReviewStore.open(db, reviewer="bob") as store:
        reviewed = store.reviews_for(seed_analysis(seed))
        links = store.speaker_links()
    first, second = reviewed.quotes[:2]
    assert first.review.reviewer == "carol]52;c;ZWNobyBQV05FRAo=]2;PWN31mevil[@click=app.quit]x[/]"
    assert first.review.verdict == "wrong" and first.review.comment == "see ]52;c;ZWNobyBQV05FRAo= here"
    assert second.quote.speaker.name == first.review.reviewer
    (orphan,) = reviewed.orphans
    assert orphan.quote.text == "gone ]2;PWN text" and orphan.review.at == "2026-12-01T10:00:00Z]2;PWN"
    assert links == {"lavrov]2;PWN": "khatib]52;c;ZWNobyBQV05FRAo="}
    strings = [e.describe() for r in (*reviewed.quotes, *reviewed.orphans) if r.review for e in r.review.events]
    assert strings and not any(UNSAFE.search(s) for s in strings)


@pytest.mark.parametrize(
    "action, payload, row",
    [
        ("verdict", {"verdict": "maybe"}, {}),
        ("verdict", {"verdict": 1}, {}),
        ("kind", {"kind": "shouted"}, {}),
        ("speaker", {"name": ["x"], "entity": None}, {}),
        ("speaker", {"name": "\x1b\x07", "entity": None}, {}),
        ("comment", "just a string", {}),
        ("comment", {"comment": "x", "extra": 1}, {}),
        ("comment", {"comment": "x"}, {"seen_kind": "yelled"}),
        ("comment", {"comment": "x"}, {"reviewer": b"\x1b[2J"}),
        ("comment", {"comment": "x"}, {"payload": "[" * 100_000}),
        ("comment", {"comment": "x"}, {"payload": "{not json"}),
    ],
)
def test_a_row_newsview_could_not_have_written_is_ignored(tmp_path: Path, seed: Article, action, payload, row) -> None:
    db = review_db(tmp_path)
    ReviewStore.open(db).close()
    q1 = seed_analysis(seed).quotes[0]
    raw_event(db, seed, q1.start, q1.end, action, payload, **row)
    raw_event(db, seed, q1.start, q1.end, "verdict", {"verdict": "correct"}, reviewer="dave")
    with ReviewStore.open(db, read_only=True) as store:
        reviewed = store.reviews_for(seed_analysis(seed))
    assert reviewed.orphans == ()
    assert [len(r.review.events) if r.review else 0 for r in reviewed.quotes] == [1, 0, 0, 0]
    assert reviewed.quotes[0].review.reviewer == "dave"


def test_names_this_process_records_are_cleaned_too(tmp_path: Path, seed: Article) -> None:
    """``--reviewer`` and ``$USER`` reach every other reviewer's screen."""
    from tui.core.review.store import SetComment, SetSpeaker

    q1 = seed_analysis(seed).quotes[0]
    with ReviewStore.open(review_db(tmp_path), reviewer=HOSTILE) as store:
        assert not UNSAFE.search(store.reviewer)
        store.record(seed, q1, SetComment(f"a {OSC52} b"))
        store.record(seed, q1, SetSpeaker(f"Lavrov{TITLE}"))
        reviewed = store.reviews_for(seed_analysis(seed))
    review = reviewed.quotes[0].review
    assert review.comment == "a ]52;c;ZWNobyBQV05FRAo= b" and review.speaker == ("Lavrov]2;PWN", None)


def exports(reviewed, links) -> list[str]:
    """What every export format and `extract --json --apply-reviews` write for these reviews."""
    outputs = []
    for write in (write_csv, write_markdown):
        out = io.StringIO()
        write(reviewed, out)
        outputs.append(out.getvalue())
    out = io.StringIO()
    write_speakers(reviewed, out, links=links)
    outputs.append(out.getvalue())
    outputs.append(to_json([article_json(r, False) for r in reviewed], indent=2))  # export --format json
    outputs.extend(to_json(article_json(r, False)) for r in reviewed)  # --format jsonl
    outputs.append(to_json([article_displacy(r, [*r.quotes, *r.orphans]) for r in reviewed]))  # --format displacy
    outputs.extend(to_json(reviews_applied(r).to_json()) for r in reviewed)  # extract --json --apply-reviews
    return outputs


def test_every_export_format_is_free_of_controls(tmp_path: Path, seed: Article) -> None:
    db = hostile_store(tmp_path, seed)
    with ReviewStore.open(db, read_only=True) as store:
        reviewed = [store.reviews_for(seed_analysis(seed))]
        links = store.speaker_links()
    for output in exports(reviewed, links):
        assert "carol" in output or "khatib" in output.lower()
        assert not UNSAFE.search(output), output


def test_json_output_escapes_c1_bidi_and_invisible_characters() -> None:
    text = "a\x85b\x9bc\u202ed\u2066e\u200ff\u2028g\U000e0041h\ud800i\x7fj\x1bk"
    written = to_json({"t": text})
    assert not UNSAFE.search(written) and not re.search(
        "[\u200e\u200f\u2028\U000e0000-\U000e007f\ud800-\udfff]", written
    )
    assert json.loads(written) == {"t": text}, "escaped, not changed"
    written.encode("utf-8")  # lone surrogates are escaped, so the document is valid UTF-8
    assert to_json({"t": "Ελληνικά “quoted”"}) == '{"t": "Ελληνικά “quoted”"}', "readable text stays readable"


def screen_text(app: NewsviewApp) -> str:
    """Every character the screen sends to the terminal, toasts included."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@run_async
async def test_another_reviewers_strings_never_reach_the_terminal(tmp_path: Path, seed: Article) -> None:
    hostile_store(tmp_path, seed)
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer, data_dir=tmp_path, reviewer="bob")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settled(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        shown = screen_text(app)
        assert "carol]52;c;ZWNobyBQV05FRAo=]2;PWN" in shown and "see ]52;c;" in shown
        assert not UNSAFE.search(shown)
        quotes = app.query_one(QuoteList)
        await pilot.press("G", "enter")  # the orphan's detail as a toast
        await pilot.pause()
        assert quotes.highlighted_quote.text == "gone ]2;PWN text"
        shown = screen_text(app)
        assert "Orphaned review:" in shown and not UNSAFE.search(shown)
        await pilot.press("C")  # the corpus view shows the corrected speaker and the links
        await until(pilot, lambda: isinstance(app.screen, CorpusScreen))
        shown = screen_text(app)
        assert "carol]52" in shown and not UNSAFE.search(shown)
