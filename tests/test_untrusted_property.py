"""Property: whatever another reviewer or a file name holds, no terminal control comes out.

Hostile strings (escape sequences, OSC 52 clipboard writes, C1 controls, bidi overrides and
isolates, Rich markup such as ``[@click=app.quit]``, lone surrogates) go in as reviewer names,
comments, speaker corrections, an orphan's text, speaker links and file names; the app's
rendered screen (every strip the compositor would send) and every export format come out
without ESC, a C1 control or a bidi control. Few examples: each one runs the whole app.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SEED, FakeAnalyzer, article_rows, seed_analysis, settled
from tests.test_untrusted_store import UNSAFE, exports, raw_event, screen_text
from tui.app.app import NewsviewApp
from tui.core.ingest.sources import load_path
from tui.core.paths import review_db
from tui.core.review.store import ReviewStore, SetComment, SetSpeaker, SetVerdict
from tui.core.untrusted import clean_line, path_label

PIECES = [
    "\x1b]52;c;ZWNobyBQV05FRAo=\x07",  # OSC 52: write the clipboard
    "\x1b]2;PWN\x07",  # OSC 2: the window title
    "\x1b[2J",  # CSI: clear the screen
    "\x9b31m",  # one-byte CSI
    "\x9d0;x\x9c",  # one-byte OSC ... ST
    "\x85",  # NEL
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u202a",  # left-to-right embedding
    "[@click=app.quit]",
    "[b]bold[/b]",
    "[/]",
    "\x07",
    "\r",
    "\x7f",
    "\ud800",  # a lone surrogate
    "carol",
    " ",
]
hostile = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), min_size=1, max_size=6).map("".join)


def file_name(s: str) -> str:
    """``s`` as a name a file system accepts: no NUL or slash; lone surrogates as undecodable bytes."""
    name = s.replace("\x00", "").replace("/", "").replace("\ud800", "\udcff")[:60]
    return (name.strip(".") or "x") + ".txt"


def sqlite_text(s: str) -> str:
    """``s`` as SQLite can hold it as text (a lone surrogate has no UTF-8 form: U+FFFD)."""
    return s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


async def rendered(articles, problems, data_dir: Path) -> tuple[list[str], list[str]]:
    app = NewsviewApp(articles, problems, analyzer_factory=FakeAnalyzer, data_dir=data_dir, reviewer="bob")
    screens = []
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settled(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        screens.append(screen_text(app))
        await pilot.press("G", "enter")  # the orphan's detail, as a toast
        await pilot.pause()
        screens.append(screen_text(app))
        await pilot.press("C")  # the corpus view
        await pilot.pause(0.3)
        screens.append(screen_text(app))
        rows = article_rows(app)
    return screens, rows


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviewer=hostile, comment=hostile, speaker=hostile, orphan=hostile, name=hostile)
def test_no_terminal_control_reaches_the_screen_or_an_export(reviewer, comment, speaker, orphan, name) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        corpus.mkdir()
        article_name, empty_name = file_name(name), "empty" + file_name(name)
        (corpus / article_name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
        (corpus / empty_name).write_bytes(b"")  # a file skipped with its name shown
        articles, problems = load_path(corpus)
        (article,) = articles
        q1, q2, q3 = seed_analysis(article).quotes[:3]

        db = review_db(base / "data")
        with ReviewStore.open(db, reviewer=reviewer) as store:  # this version, cleaning as it records
            store.record(article, q3, SetVerdict("correct"))
            store.record(article, q3, SetComment(comment))
            if clean_line(speaker):  # a name of controls only is no name: refused, as tested elsewhere
                store.record(article, q3, SetSpeaker(speaker))
        # and the same strings as an older or hostile client would write them
        reviewer_raw, speaker_raw = sqlite_text(reviewer), sqlite_text(speaker)
        raw_event(
            db,
            article,
            q1.start,
            q1.end,
            "comment",
            {"comment": comment},
            reviewer=reviewer_raw,
            seen_speaker=speaker_raw,
        )
        raw_event(
            db, article, q2.start, q2.end, "speaker", {"name": speaker + "x", "entity": None}, reviewer=reviewer_raw
        )
        raw_event(
            db,
            article,
            3,
            9,
            "verdict",
            {"verdict": "wrong"},
            q_text=sqlite_text(f"gone {orphan}"),
            reviewer=reviewer_raw,
        )
        with sqlite3.connect(db) as conn:
            conn.execute(
                "INSERT INTO speaker_links (speaker_key, joins, reviewer, at) VALUES (?, ?, ?, ?)",
                (sqlite_text(f"lavrov{speaker}"), "khatib", "x", "now"),
            )
        conn.close()

        with ReviewStore.open(db, read_only=True) as store:
            reviewed = [store.reviews_for(seed_analysis(article))]
            links = store.speaker_links()
        for output in exports(reviewed, links):
            assert not UNSAFE.search(output), output
            output.encode("utf-8")  # valid UTF-8: no lone surrogate

        screens, rows = asyncio.run(rendered(articles, [(p.source, p.message) for p in problems], base / "data"))
        for shown in (*screens, *rows):
            assert not UNSAFE.search(shown), shown
        label = path_label(os.fsencode(corpus / empty_name))
        assert any(label in row for row in rows), "the name is shown as written, markup and all"
