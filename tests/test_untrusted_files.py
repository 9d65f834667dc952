"""File names are input too, and not every name in a directory is a file one can read.

A corpus directory holds a name with an OSC title sequence, a name that is not UTF-8, a
FIFO, a socket and a link to a device; loading never blocks, skips each special file with
one line, and every name comes out as one safe line of valid UTF-8.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, article_rows, run_async
from tui.app.app import NewsviewApp
from tui.core.files import NotRegularFile, open_regular
from tui.core.ingest.sources import load_path
from tui.core.review.store import ReviewStore, SetVerdict
from tui.core.untrusted import path_label

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ARTICLE = "Headline here\n\nLavrov said \u201cthe talks were useful\u201d on Monday in Geneva.\n"
TITLE_NAME = b"bad\x1b]0;PWN\x07.txt"
LATIN1_NAME = b"caf\xe9 \xab\x9b2J.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two readable articles with hostile names, and three things that are not files."""
    directory = tmp_path / "corpus"
    directory.mkdir()
    base = os.fsencode(directory)
    for name in (TITLE_NAME, LATIN1_NAME):
        with open(base + b"/" + name, "w", encoding="utf-8") as f:
            f.write(ARTICLE)
    os.mkfifo(directory / "fifo.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(directory / "sock.txt"))
    server.close()
    os.symlink("/dev/zero", directory / "zero.txt")  # endless if it were read
    return directory


def in_time(work, seconds: float = 20):
    """``work()``'s result (or its exception), failing (not hanging) if it blocks."""
    result: list = []

    def run() -> None:
        try:
            result.append((work(), None))
        except Exception as exc:  # handed to the test's thread
            result.append((None, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    value, error = result[0]
    if error is not None:
        raise error
    return value


def test_path_labels_show_undecodable_bytes_and_drop_controls() -> None:
    assert path_label(b"/x/caf\xe9.txt") == "/x/caf\\xe9.txt"
    assert path_label(os.fsdecode(b"/x/caf\xe9.txt")) == "/x/caf\\xe9.txt"
    assert path_label(TITLE_NAME) == "bad]0;PWN.txt"
    assert path_label("Ünïcode/名前.txt") == "Ünïcode/名前.txt"


def test_special_files_are_refused_before_they_can_block(corpus: Path) -> None:
    for name, kind in (
        ("fifo.txt", "FIFO"),
        ("sock.txt", "socket"),
        ("zero.txt", "character device"),
        (".", "directory"),
    ):
        with pytest.raises(NotRegularFile, match=kind):
            in_time(lambda name=name: open_regular(corpus / name))


def test_a_directory_walk_skips_special_files_with_one_problem_each(corpus: Path) -> None:
    articles, problems = in_time(lambda: load_path(corpus))
    assert sorted(a.source.rsplit("/", 1)[1] for a in articles) == ["bad]0;PWN.txt", "caf\\xe9 \\xab\\x9b2J.txt"]
    assert sorted((p.source.rsplit("/", 1)[1], p.message) for p in problems) == [
        ("fifo.txt", "a FIFO (named pipe), not a regular file"),
        ("sock.txt", "a socket, not a regular file"),
        ("zero.txt", "a character device, not a regular file"),
    ]
    for text in (*(a.source for a in articles), *(a.title for a in articles), *(p.source for p in problems)):
        assert not UNSAFE.search(text)
        text.encode("utf-8")


def newsview(*args: str, env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, env=env, timeout=120, input=stdin)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "NEWSVIEW_DATA_DIR": str(tmp_path / "data"), "NEWSVIEW_CACHE_DIR": str(tmp_path / "cache")}


def test_extract_and_every_export_write_valid_utf8_and_skip_specials_in_one_line_each(
    corpus: Path, env, analyse_text
) -> None:
    extracted = newsview("extract", "--json", str(corpus), env=env)
    assert extracted.returncode == 0, extracted.stderr
    sources = [json.loads(line)["source"] for line in extracted.stdout.decode("utf-8").splitlines()]
    assert sorted(s.rsplit("/", 1)[1] for s in sources) == ["bad]0;PWN.txt", "caf\\xe9 \\xab\\x9b2J.txt"]
    errors = extracted.stderr.decode("utf-8").splitlines()
    assert len(errors) == 3 and all(line.startswith("newsview: skipped ") for line in errors), errors
    for fmt in ("json", "csv", "md"):
        exported = newsview("export", "--format", fmt, str(corpus), env=env)
        assert exported.returncode == 0, exported.stderr
        out = exported.stdout.decode("utf-8")  # strict: valid UTF-8
        assert "caf\\xe9" in out.replace("\\\\", "\\") and not UNSAFE.search(out)


def test_a_special_file_named_alone_is_one_line_and_exit_2(corpus: Path, env) -> None:
    for name in ("fifo.txt", "zero.txt"):
        result = newsview("extract", "--json", str(corpus / name), env=env)
        assert result.returncode == 2
        assert result.stderr.decode().splitlines() == [
            f"newsview: {corpus / name}: a {'FIFO (named pipe)' if name == 'fifo.txt' else 'character device'},"
            " not a regular file"
        ]


def test_a_missing_file_with_escapes_in_its_name_is_reported_cleaned(tmp_path: Path, env) -> None:
    result = newsview("extract", "--json", str(tmp_path / "no\x1b]0;PWN\x07such.txt"), env=env)
    assert result.returncode == 2 and b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert result.stderr.decode().strip().endswith("no]0;PWNsuch.txt: no such file or directory")


def test_verdicts_on_an_article_with_an_undecodable_name_are_saved(corpus: Path, tmp_path: Path) -> None:
    articles, _ = load_path(corpus)
    article = next(a for a in articles if "caf" in a.source)
    analysis = seed_like(article)
    with ReviewStore.open(tmp_path / "reviews.sqlite3", reviewer="alice") as store:
        store.record(article, analysis.quotes[0], SetVerdict("correct"))
        assert store.reviews_for(analysis).quotes[0].review.verdict == "correct"


def seed_like(article):
    from tui.core.models import Analysis, Quote, Speaker

    start = article.text.index("the talks")
    quote = Quote("q1", "direct", start, start + 20, article.text[start : start + 20], "said", None, Speaker("Lavrov"))
    return Analysis(article, "fake 1.0", (), (quote,))


@run_async
async def test_the_app_shows_hostile_file_names_as_safe_lines(corpus: Path, tmp_path: Path) -> None:
    (corpus / os.fsdecode(b"empty\x1b]2;PWN\x07\xfe.txt")).write_bytes(b"")
    articles, problems = load_path(corpus)
    app = NewsviewApp(
        articles,
        [(p.source, p.message) for p in problems],
        analyzer_factory=lambda: FakeAnalyzer(seed_like),
        data_dir=tmp_path / "data",
        reviewer="bob",
    )
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause(0.3)
        rows = "\n".join(article_rows(app))
        assert "fifo.txt" in rows and "empty]2;PWN\\xfe.txt" in rows
        strips = app.screen._compositor.render_strips()
        shown = "\n".join("".join(s.text for s in strip) for strip in strips)
        assert "Skipped" in shown and not UNSAFE.search(shown)


def test_eval_never_waits_on_a_fifo_gold_file(tmp_path: Path, capsys) -> None:
    from tests.test_evaluate import ARTICLE
    from tui.cli import main

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "a.gold.json")
    assert in_time(lambda: main(["eval", str(tmp_path)])) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert (
        line == f"newsview: {tmp_path / 'a.gold.json'}: unreadable gold file: a FIFO (named pipe), not a regular file"
    )
