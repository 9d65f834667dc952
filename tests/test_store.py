"""The review store: verdicts survive reopening, re-analysis, concurrent writers and crashes."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tui.core.models import Analysis, Article, Entity, Quote, Speaker
from tui.core.review.applied import reviews_applied
from tui.core.review.store import (
    AddQuote,
    ReviewStore,
    SetComment,
    SetKind,
    SetSpeaker,
    SetVerdict,
    StoreError,
    StoreReadOnly,
    article_hash,
)

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    'Lavrov said "the talks were useful" on Monday. '
    'Blinken said "we are not there yet" later. '
    "An official said sanctions would stay."
)


def quote_at(
    text: str, needle: str, qid: str, speaker: str | None, kind: str = "direct", entity: str | None = None
) -> Quote:
    start = text.index(needle)
    return Quote(qid, kind, start, start + len(needle), needle, speaker=Speaker(speaker, entity) if speaker else None)  # type: ignore[arg-type]


def talks_analysis(text: str = TEXT, source: str = "today/story.txt", title: str = "Talks") -> Analysis:
    article = Article(source, title, text)
    entities = (
        Entity("e1", "PERSON", "Sergei Lavrov", ("Lavrov",), ()),
        Entity("e2", "PERSON", "Antony Blinken", ("Blinken",), ()),
    )
    quotes = []
    for qid, needle, speaker, entity in (
        ("q1", "the talks were useful", "Sergei Lavrov", "e1"),
        ("q2", "we are not there yet", "Antony Blinken", "e2"),
        ("q3", "sanctions would stay", "An official", None),
    ):
        if needle in text:
            quotes.append(quote_at(text, needle, qid, speaker, "direct" if qid != "q3" else "indirect", entity))
    return Analysis(article, "test-model", entities, tuple(quotes))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reviews.sqlite3"


def by_text(reviewed, text: str):
    return next(r for r in reviewed.quotes if r.quote.text == text)


def test_round_trip_applies_every_kind_of_change_after_reopening(db: Path) -> None:
    analysis = talks_analysis()
    q1, q2, q3 = analysis.quotes
    with ReviewStore.open(db, reviewer="alice") as store:
        assert store.writable and store.message is None
        store.record(analysis.article, q1, SetVerdict("correct"))
        store.record(analysis.article, q2, SetVerdict("wrong"))
        store.record(analysis.article, q2, SetSpeaker("Sergei Lavrov", "e1"))
        store.record(analysis.article, q3, SetKind("direct"))
        store.record(analysis.article, q3, SetComment("  check the wire copy  "))

    with ReviewStore.open(db, reviewer="bob") as store:
        reviewed = store.reviews_for(analysis)
    assert reviewed.article_hash == article_hash(TEXT)
    assert reviewed.progress == (2, 3)
    r1, r2, r3 = reviewed.quotes
    assert r1.review.verdict == "correct" and r1.quote == q1  # a verdict changes no data
    assert r2.review.verdict == "wrong"
    assert r2.quote.speaker == Speaker("Sergei Lavrov", "e1")
    assert r2.extracted == q2
    assert r3.quote.kind == "direct" and r3.review.comment == "check the wire copy"
    assert r3.review.verdict is None
    assert {r.review.reviewer for r in reviewed.quotes} == {"alice"}
    assert reviewed.orphans == ()
    applied = reviews_applied(reviewed)
    assert [q.speaker.name for q in applied.quotes] == ["Sergei Lavrov", "Sergei Lavrov", "An official"]
    assert [q.kind for q in applied.quotes] == ["direct", "direct", "direct"]
    # Touched by a reviewer: q3 has no verdict but a corrected kind and a comment.
    assert [q.id for q in reviews_applied(reviewed, reviewed_only=True).quotes] == ["q1", "q2", "q3"]


def test_applied_drops_a_rejected_attribution_nobody_corrected(db: Path) -> None:
    analysis = talks_analysis()
    with ReviewStore.open(db) as store:
        store.record(analysis.article, analysis.quotes[0], SetVerdict("wrong"))
        reviewed = store.reviews_for(analysis)
    assert reviewed.quotes[0].quote.speaker.name == "Sergei Lavrov"  # shown, marked wrong
    assert reviews_applied(reviewed).quotes[0].speaker is None


def test_clearing_a_verdict_and_a_comment_keeps_the_history(db: Path) -> None:
    analysis = talks_analysis()
    q1 = analysis.quotes[0]
    with ReviewStore.open(db, reviewer="alice") as store:
        store.record(analysis.article, q1, SetVerdict("wrong"))
        store.record(analysis.article, q1, SetComment("speaker is Blinken?"))
    with ReviewStore.open(db, reviewer="bob") as store:
        store.record(analysis.article, q1, SetVerdict(None))
        store.record(analysis.article, q1, SetComment(""))
        store.record(analysis.article, q1, SetVerdict("correct"))
        review = store.reviews_for(analysis).quotes[0].review

    assert review.verdict == "correct" and review.comment == ""
    assert review.reviewer == "bob"
    lines = [e.describe().split(" ", 1)[1] for e in review.events]
    assert lines == [
        "alice: verdict wrong",
        "alice: comment: speaker is Blinken?",
        "bob: verdict cleared",
        "bob: comment cleared",
        "bob: verdict correct",
    ]
    assert all(e.at.endswith("Z") and e.at[:4].isdigit() for e in review.events)
    assert [e.id for e in review.events] == sorted(e.id for e in review.events)


def test_history_cannot_be_rewritten(db: Path) -> None:
    analysis = talks_analysis()
    with ReviewStore.open(db) as store:
        store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET payload = '{}'")
    conn.close()


def test_invalid_changes_are_refused_before_anything_is_written(db: Path) -> None:
    analysis = talks_analysis()
    q1 = analysis.quotes[0]
    with ReviewStore.open(db) as store:
        with pytest.raises(ValueError):
            store.record(analysis.article, q1, SetVerdict("maybe"))  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            store.record(analysis.article, q1, SetKind("shouted"))  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            store.record(analysis.article, q1, SetSpeaker("  "))
        moved = Quote("q1", "direct", q1.start + 1, q1.end + 1, q1.text)
        with pytest.raises(ValueError, match="not at its span"):
            store.record(analysis.article, moved, SetVerdict("correct"))
        with pytest.raises(ValueError):
            store.add_quote(analysis.article, AddQuote(5, 5_000, "direct", "X"))
        assert store.reviews_for(analysis).progress == (0, 3)


def test_added_quote_is_listed_in_text_order_and_merges_when_the_extractor_finds_it(db: Path) -> None:
    text = TEXT + ' Later Lavrov added: "no deal today".'
    analysis = talks_analysis(text)
    start = text.index("no deal today")
    with ReviewStore.open(db, reviewer="carol") as store:
        store.add_quote(analysis.article, AddQuote(start, start + len("no deal today"), "direct", "Lavrov", None))
        reviewed = store.reviews_for(analysis)
        added = reviewed.quotes[-1]
        assert added.quote.id == "a1" and added.extracted is None and not added.orphaned
        assert added.quote.speaker == Speaker("Sergei Lavrov", "e1")  # resolved by alias
        assert reviewed.progress == (0, 4)
        store.record(analysis.article, added.quote, SetVerdict("correct"))

        # A newer extractor finds the quote itself: one quote, with the reviewer's verdict.
        found = quote_at(text, "no deal today", "q4", "Sergei Lavrov", entity="e1")
        newer = Analysis(analysis.article, "test-model", analysis.entities, analysis.quotes + (found,))
        reviewed = store.reviews_for(newer)
    assert [r.quote.id for r in reviewed.quotes] == ["q1", "q2", "q3", "q4"]
    assert reviewed.quotes[-1].review.verdict == "correct" and reviewed.quotes[-1].review.added
    assert reviewed.progress == (1, 4)


def test_a_quote_the_new_extractor_drops_is_orphaned_not_lost(db: Path) -> None:
    analysis = talks_analysis()
    with ReviewStore.open(db, reviewer="alice") as store:
        store.record(analysis.article, analysis.quotes[2], SetVerdict("wrong"))
        fewer = Analysis(analysis.article, "test-model", analysis.entities, analysis.quotes[:2])
        reviewed = store.reviews_for(fewer)
    assert reviewed.progress == (0, 2)
    (orphan,) = reviewed.orphans
    assert orphan.orphaned and orphan.located
    assert orphan.quote.text == "sanctions would stay" and orphan.review.verdict == "wrong"
    assert orphan.quote.kind == "indirect" and orphan.quote.speaker.name == "An official"  # as the reviewer saw it
    assert TEXT[orphan.quote.start : orphan.quote.end] == orphan.quote.text


def test_entity_ids_renumbered_by_reanalysis_are_resolved_by_name(db: Path) -> None:
    analysis = talks_analysis()
    with ReviewStore.open(db) as store:
        store.record(analysis.article, analysis.quotes[2], SetSpeaker("Antony Blinken", "e2"))
        swapped = Analysis(
            analysis.article,
            "test-model",
            (Entity("e1", "PERSON", "Antony Blinken", (), ()), Entity("e2", "PERSON", "Sergei Lavrov", (), ())),
            analysis.quotes,
        )
        assert store.reviews_for(swapped).quotes[2].quote.speaker == Speaker("Antony Blinken", "e1")
        store.record(analysis.article, analysis.quotes[2], SetSpeaker("a spokesperson"))
        assert store.reviews_for(swapped).quotes[2].quote.speaker == Speaker("a spokesperson")


def test_reviews_of_an_earlier_version_follow_the_article_when_its_text_changes(db: Path) -> None:
    old = talks_analysis()
    with ReviewStore.open(db, reviewer="alice") as store:
        for quote, verdict in zip(old.quotes, ("correct", "wrong", "correct")):
            store.record(old.article, quote, SetVerdict(verdict))  # type: ignore[arg-type]
        store.record(old.article, old.quotes[1], SetComment("not said on Monday"))

    # The article is updated: a sentence inserted before the quotes (so every span moves),
    # Blinken's words corrected, and the official's sentence repeated twice.
    new_text = (
        "Updated. "
        + TEXT.replace("we are not there yet", "we are not there")
        + " An official said sanctions would stay."
    )
    new = talks_analysis(new_text)
    assert new.quotes[0].start != old.quotes[0].start
    with ReviewStore.open(db) as store:
        reviewed = store.reviews_for(new)
        lavrov = by_text(reviewed, "the talks were useful")
        assert lavrov.review.verdict == "correct" and not lavrov.orphaned  # re-anchored by its text
        assert reviewed.progress == (1, 2)
        orphans = {o.quote.text: o for o in reviewed.orphans}
        assert set(orphans) == {"we are not there yet", "sanctions would stay"}
        assert orphans["we are not there yet"].review.verdict == "wrong"
        assert orphans["we are not there yet"].review.comment == "not said on Monday"
        assert not orphans["we are not there yet"].located  # gone from the text
        assert not orphans["sanctions would stay"].located  # now ambiguous: occurs twice

        # A different article at another source with the same title inherits nothing.
        assert store.reviews_for(talks_analysis(new_text, source="elsewhere.txt")).orphans == ()

        # A verdict recorded on the new version takes precedence over the re-anchored one.
        store.record(new.article, lavrov.quote, SetVerdict("wrong"))
        assert by_text(store.reviews_for(new), "the talks were useful").review.verdict == "wrong"

    # The old version still shows its own verdicts.
    with ReviewStore.open(db) as store:
        assert store.reviews_for(old).progress == (3, 3)


def test_same_text_under_another_name_shares_its_reviews(db: Path) -> None:
    analysis = talks_analysis()
    with ReviewStore.open(db) as store:
        store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        copy = talks_analysis(source="copy.txt", title="Copied")
        assert store.reviews_for(copy).progress == (1, 3)


def test_records_from_worker_threads(db: Path) -> None:
    analysis = talks_analysis()
    store = ReviewStore.open(db)
    errors: list[BaseException] = []

    def work(quote: Quote) -> None:
        try:
            for _ in range(20):
                store.record(analysis.article, quote, SetVerdict("correct"))
                store.reviews_for(analysis)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(q,)) for q in analysis.quotes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    assert errors == []
    with ReviewStore.open(db) as store:
        reviewed = store.reviews_for(analysis)
    assert reviewed.progress == (3, 3)
    assert sum(len(r.review.events) for r in reviewed.quotes) == 60


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui.core.models import Article, Quote
    from tui.core.review.store import ReviewStore, SetVerdict, SetComment

    db, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    text = " ".join(f"w{i}" for i in range(count))
    article = Article("shared.txt", "Shared", text)
    store = ReviewStore.open(db, reviewer=name)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    start = 0
    for i in range(count):
        word = f"w{i}"
        quote = Quote(f"q{i}", "direct", start, start + len(word), word)
        start += len(word) + 1
        # Both writers touch every quote: one sets the verdict, the other the comment.
        store.record(article, quote, SetVerdict("correct") if name == "alice" else SetComment(f"by {name}"))
    print("done", flush=True)
    """
)


def test_two_processes_writing_at_once_lose_no_update(db: Path, tmp_path: Path) -> None:
    count = 300
    go = tmp_path / "go"
    ReviewStore.open(db).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, str(count), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alice", "bob")
    ]
    for writer in writers:  # both have opened the store
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "done" and err == ""

    text = " ".join(f"w{i}" for i in range(count))
    quotes = []
    start = 0
    for i in range(count):
        quotes.append(Quote(f"q{i}", "direct", start, start + len(f"w{i}"), f"w{i}"))
        start += len(f"w{i}") + 1
    analysis = Analysis(Article("shared.txt", "Shared", text), "m", (), tuple(quotes))
    with ReviewStore.open(db) as store:
        reviewed = store.reviews_for(analysis)
    assert reviewed.progress == (count, count)
    assert all(r.review.comment == "by bob" for r in reviewed.quotes)
    assert all({e.reviewer for e in r.review.events} == {"alice", "bob"} for r in reviewed.quotes)


KILLED = textwrap.dedent(
    """
    import sys, time
    from tui.core.models import Article, Quote
    from tui.core.review.store import ReviewStore, SetVerdict

    db, count = sys.argv[1], int(sys.argv[2])
    text = "x" * count
    article = Article("k.txt", "K", text)
    store = ReviewStore.open(db, reviewer="kate")
    for i in range(count):
        store.record(article, Quote(f"q{i}", "direct", i, i + 1, "x"), SetVerdict("wrong"))
    print("committed", flush=True)
    time.sleep(600)
    """
)


def test_a_writer_killed_mid_session_loses_no_committed_verdict(db: Path) -> None:
    count = 50
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(db), str(count)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "committed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    quotes = tuple(Quote(f"q{i}", "direct", i, i + 1, "x") for i in range(count))
    with ReviewStore.open(db) as store:
        reviewed = store.reviews_for(Analysis(Article("k.txt", "K", "x" * count), "m", (), quotes))
    assert reviewed.progress == (count, count)
    assert {r.review.verdict for r in reviewed.quotes} == {"wrong"}


def test_a_data_dir_that_cannot_be_created_gives_a_read_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    analysis = talks_analysis()
    store = ReviewStore.open(blocker / "newsview" / "reviews.sqlite3")
    assert not store.writable
    assert store.message and "cannot write reviews" in store.message and "\n" not in store.message
    assert store.reviews_for(analysis).progress == (0, 3)
    with pytest.raises(StoreReadOnly, match="cannot write reviews"):
        store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
    assert blocker.read_text() == "a file where the data dir should be"


READ_ONLY_PROBE = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[2])
    from tui.core.models import Analysis, Article, Quote
    from tui.core.review.store import ReviewStore, SetVerdict, StoreReadOnly

    text = sys.argv[3]
    article = Article("today/story.txt", "Talks", text)
    start = text.index("the talks were useful")
    quote = Quote("q1", "direct", start, start + 21, "the talks were useful")
    store = ReviewStore.open(sys.argv[1])
    reviewed = store.reviews_for(Analysis(article, "m", (), (quote,)))
    try:
        store.record(article, quote, SetVerdict("wrong"))
        refused = None
    except StoreReadOnly as exc:
        refused = str(exc)
    print(json.dumps({"writable": store.writable, "message": store.message,
                      "verdict": reviewed.quotes[0].review.verdict, "refused": refused}))
    """
)


def _run_without_write_permission(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a Python script as a user who cannot write the test's files.

    As root, permissions do not bind, so the script runs as nobody, with a Python that
    can import newsview's review store from this checkout as nobody (a checkout under
    root's home, or in a ``mktemp -d`` directory, is out of nobody's reach: the test is
    skipped, saying so); elsewhere it runs as the current user after chmod.
    """
    if os.geteuid() != 0:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60)
    reach = "import sys; sys.path.insert(0, sys.argv[1]); import tui.core.review.store"
    for python in (sys.executable, shutil.which("python3"), "/usr/bin/python3"):
        if not python:
            continue
        try:
            probe = subprocess.run([python, "-c", reach, str(ROOT)], user=65534, group=65534, capture_output=True)
        except PermissionError:
            continue
        if probe.returncode == 0:
            return subprocess.run([python, *args], user=65534, group=65534, capture_output=True, text=True, timeout=60)
    pytest.skip(f"running as root, and user nobody cannot import tui from {ROOT} with any Python")


def test_an_unwritable_data_dir_shows_existing_verdicts_read_only() -> None:
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="newsview-ro-"))  # world-traversable, unlike tmp_path
    try:
        base.chmod(0o755)
        data = base / "data"
        db = data / "reviews.sqlite3"
        analysis = talks_analysis()
        with ReviewStore.open(db, reviewer="alice") as store:
            store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        before = db.read_bytes()
        script = base / "probe.py"
        script.write_text(READ_ONLY_PROBE)
        script.chmod(0o644)
        db.chmod(0o444)
        data.chmod(0o555)
        result = _run_without_write_permission([str(script), str(db), str(ROOT), TEXT])
        assert result.returncode == 0, result.stderr
        import json

        seen = json.loads(result.stdout)
        assert seen["writable"] is False
        assert "cannot write reviews" in seen["message"]
        assert seen["verdict"] == "correct"
        assert seen["refused"] == seen["message"]
        assert db.read_bytes() == before
    finally:
        for path in (base / "data", base / "data" / "reviews.sqlite3"):
            if path.exists():
                path.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_corrupt_store_is_reported_in_one_line_and_left_untouched(db: Path, read_only: bool) -> None:
    db.parent.mkdir(parents=True)
    garbage = b"this is not SQLite, it is someone's notes\n" * 200
    db.write_bytes(garbage)
    with pytest.raises(StoreError) as raised:
        ReviewStore.open(db, read_only=read_only)
    message = str(raised.value)
    assert "\n" not in message and str(db) in message and "damaged" in message and "left untouched" in message
    assert db.read_bytes() == garbage
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


def test_a_store_from_a_newer_newsview_is_refused(db: Path) -> None:
    ReviewStore.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer newsview"):
        ReviewStore.open(db)
    with pytest.raises(StoreError, match="newer newsview"):
        ReviewStore.open(db, read_only=True)


def test_read_only_open_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "reviews.sqlite3"
    with ReviewStore.open(db, read_only=True) as store:
        assert store.reviews_for(talks_analysis()).progress == (0, 3)
        assert store.message is None
    assert not db.parent.exists()


def test_a_reader_sees_another_reviewers_new_verdict_on_refresh(db: Path) -> None:
    analysis = talks_analysis()
    reader = ReviewStore.open(db, reviewer="alice")
    writer = ReviewStore.open(db, reviewer="bob")
    assert reader.reviews_for(analysis).progress == (0, 3)
    writer.record(analysis.article, analysis.quotes[1], SetVerdict("correct"))
    refreshed = reader.reviews_for(analysis)
    assert refreshed.progress == (1, 3) and refreshed.quotes[1].review.reviewer == "bob"
    reader.close()
    writer.close()


def test_a_writer_waits_out_a_long_lock_instead_of_failing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.review.database as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.01)  # SQLite gives up at once: our retry must not
    analysis = talks_analysis()
    store = ReviewStore.open(db)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
    assert time.monotonic() - started >= 0.4
    release.join()
    holder.close()
    assert store.reviews_for(analysis).progress == (1, 3)
    store.close()


def test_a_lock_held_past_the_give_up_time_is_one_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.review.database as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.01)
    monkeypatch.setattr(store_module, "GIVE_UP_S", 0.2)
    analysis = talks_analysis()
    store = ReviewStore.open(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy") as raised:
            store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        assert "not saved" in str(raised.value) and "\n" not in str(raised.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.reviews_for(analysis).progress == (0, 3)  # readers were never blocked
    store.close()


# --- speaker links: the corpus view's merges and splits -------------------------------------


def test_speaker_links_persist_and_the_latest_decision_on_a_name_wins(db: Path) -> None:
    with ReviewStore.open(db, reviewer="alice") as store:
        store.link_speaker("lavrov", "sergei lavrov")
        store.link_speaker("bob smith", "robert smith")
        store.link_speaker("lavrov", "lavrov")  # split off again
    with ReviewStore.open(db, read_only=True) as store:
        assert store.speaker_links() == {"lavrov": "lavrov", "bob smith": "robert smith"}
    rows = sqlite3.connect(db).execute("SELECT speaker_key, joins, reviewer FROM speaker_links ORDER BY id").fetchall()
    assert rows == [
        ("lavrov", "sergei lavrov", "alice"),
        ("bob smith", "robert smith", "alice"),
        ("lavrov", "lavrov", "alice"),
    ]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        sqlite3.connect(db).execute("DELETE FROM speaker_links")


def test_a_store_from_before_speaker_links_is_upgraded_with_its_verdicts_kept(db: Path) -> None:
    from tui.core.review.database import MIGRATIONS, _statements

    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.close()
    with ReviewStore.open(db, read_only=True) as old:
        assert old.speaker_links() == {}, "reading an old store needs no table it lacks"
    analysis = talks_analysis()
    with ReviewStore.open(db) as store:
        store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        store.link_speaker("lavrov", "sergei lavrov")
    with ReviewStore.open(db) as store:
        assert store.reviews_for(analysis).progress == (1, 3)
        assert store.speaker_links() == {"lavrov": "sergei lavrov"}


def test_a_read_only_store_refuses_a_speaker_link(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path / "none" / "r.sqlite3", read_only=True) as store:
        with pytest.raises(StoreReadOnly):
            store.link_speaker("lavrov", "sergei lavrov")
        assert store.speaker_links() == {}
