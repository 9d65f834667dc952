"""Bad input and a hostile environment: the app says what went wrong and carries on.

Each test asserts the message the user gets or the result, not only that nothing crashed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SEED, FakeAnalyzer, article_rows, run_async, seed_analysis, until
from tui.app.app import NewsviewApp
from tui.app.widgets.article_list import ArticleList
from tui.core.models import Analysis, Article

REPO = Path(__file__).resolve().parent.parent


def notices(app: NewsviewApp) -> list[str]:
    return [n.message for n in app._notifications]


def status(app: NewsviewApp) -> str:
    return str(app.query_one("#status").render())


# -- bad files -------------------------------------------------------------------------


@run_async
async def test_bad_files_in_a_directory_are_listed_as_errors_and_the_others_open(tmp_path: Path) -> None:
    from tui.core.ingest.sources import load_paths

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-good.txt").write_text(
        "First article\n\nThe minister said “we are ready” on Monday.\n", encoding="utf-8"
    )
    (folder / "b-binary.txt").write_bytes(b"\x00\x01\xff\xfe" * 50)
    (folder / "c-broken.json").write_text("{not json", encoding="utf-8")
    (folder / "d-good.txt").write_text("Second article\n\nNothing was said.\n", encoding="utf-8")
    articles, problems = load_paths([str(folder)])
    app = NewsviewApp(
        articles,
        [(p.source, p.message) for p in problems],
        analyzer_factory=lambda: FakeAnalyzer(lambda a: Analysis(a, "fake 1.0")),
        data_dir=tmp_path / "data",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 2)
        rows = article_rows(app)
        assert len(rows) == 4
        assert rows[2].startswith("⚠ ") and "b-binary.txt" in rows[2] and "error: binary data" in rows[2]
        assert "c-broken.json" in rows[3] and "error: not valid JSON" in rows[3]
        assert not app.query_one(ArticleList).selectable(2)
        assert any("Skipped" in n and "b-binary.txt" in n for n in notices(app))
        # the second good article opens
        await pilot.press("1", "j", "enter")
        await until(pilot, lambda: app.main_screen.current == 1)
        assert app.main_screen.view.article.title == "Second article"


# -- the analysis cache ------------------------------------------------------------------


def _fake_pipeline(monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    """The real Analyzer and cache, with the spaCy step replaced by the hand-made analysis."""
    from tui.core.extraction import pipeline

    def analyse_many(articles, model=None, batch_size=32, n_process=1):
        for article in articles:
            calls.append(article.source)
            made = seed_analysis(article) if "Lavrov" in article.text else Analysis(article, "fake")
            yield Analysis(
                article,
                pipeline.model_label(pipeline.resolve_model(model)),
                made.entities,
                made.quotes,
                pipeline.extractor_version(),
            )

    monkeypatch.setattr(pipeline, "analyse_many", analyse_many)
    monkeypatch.setattr(pipeline, "analysis_pool", lambda *args, **kwargs: InlinePool())


class InlinePool:
    """Stands in for pipeline.analysis_pool: each task runs at once, through pipeline.analyse_many."""

    def __init__(self) -> None:
        self.terminated = False

    def apply_async(self, function, args):
        from tui.core.extraction import pipeline

        done = list(pipeline.analyse_many(args[0]))
        return type("Done", (), {"ready": lambda self: True, "get": lambda self: done})()

    def terminate(self) -> None:
        self.terminated = True


def _needs_model() -> None:
    from tui.core.extraction.pipeline import ModelNotFound, resolve_model

    try:
        resolve_model()
    except ModelNotFound:
        pytest.skip("no spaCy model installed")


@run_async
async def test_a_corrupt_cache_entry_is_recomputed_with_one_warning(seed: Article, tmp_path: Path, monkeypatch) -> None:
    _needs_model()
    from tui.core.analysis.analyzer import Analyzer

    calls: list[str] = []
    _fake_pipeline(monkeypatch, calls)
    analyzer = Analyzer.create()
    list(analyzer.analyse_many([seed]))  # cached once
    (entry,) = [p for p in Path(os.environ["NEWSVIEW_CACHE_DIR"]).rglob("*.json")]
    entry.write_text('{"schema_version": 1, "trunc', encoding="utf-8")
    calls.clear()

    app = NewsviewApp([seed], data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main_screen.analysis is not None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.main_screen.analysis.quotes) == 4 and calls == [seed.source], "recomputed"
        warned = [n for n in notices(app) if "corrupt analysis cache entry" in n]
        assert warned == ["ignored a corrupt analysis cache entry; it is being recomputed"]
    assert json.loads(entry.read_text(encoding="utf-8"))["quotes"], "the entry was rewritten"


@run_async
async def test_an_unwritable_cache_warns_once_and_the_articles_still_open(
    seed: Article, tmp_path: Path, monkeypatch
) -> None:
    _needs_model()
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSVIEW_CACHE_DIR", str(blocker / "cache"))
    calls: list[str] = []
    _fake_pipeline(monkeypatch, calls)
    other = Article("other.txt", "Other", "Nothing said here at all.")
    app = NewsviewApp([seed, other], data_dir=tmp_path / "data", processes=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        warned = [n for n in notices(app) if "analysis cache" in n]
        assert len(warned) == 1 and warned[0].startswith(f"cannot write the analysis cache in {blocker / 'cache'}")
        assert warned[0].endswith("continuing without it")
        assert len(app.main_screen.analysis.quotes) == 4


# -- the review store ----------------------------------------------------------------------


@run_async
async def test_a_damaged_review_store_runs_without_reviews_and_says_why(seed: Article, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "reviews.sqlite3").write_bytes(b"this is not a database" * 100)
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer, data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main_screen.analysis is not None and app.reviewing.ready.is_set())
        await pilot.pause()
        assert app.reviewing.store is None
        assert "no reviews" in status(app)
        assert any(n.startswith("Reviews unavailable: the review store") and "damaged" in n for n in notices(app))
        await pilot.press("4", "a")
        assert len([n for n in notices(app) if n.startswith("Reviews unavailable")]) == 2
    assert (data / "reviews.sqlite3").read_bytes().startswith(b"this is not a database"), "left untouched"


# -- the terminal ----------------------------------------------------------------------------


def test_term_dumb_fails_with_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "dumb"}
    out = subprocess.run(
        [sys.executable, "-m", "tui", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "newsview: this terminal (TERM=dumb) cannot show the full-screen app"
    )
    assert "newsview extract" in lines[0]
    assert out.stdout == ""


def test_other_terminals_pass_the_check() -> None:
    from tui.app.launch import check_terminal
    from tui.errors import CliError

    for term in ("xterm-256color", "screen", "linux", "vt100", ""):
        check_terminal({"TERM": term})
    with pytest.raises(CliError):
        check_terminal({"TERM": "DUMB"})


@run_async
async def test_resizing_to_40x12_and_back(seed: Article, tmp_path: Path) -> None:
    other = Article("other.txt", "Other", "Nothing said here at all.")
    app = NewsviewApp(
        [seed, other],
        analyzer_factory=lambda: FakeAnalyzer(lambda a: seed_analysis(a) if a is seed else Analysis(a, "fake")),
        data_dir=tmp_path / "d",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 2)
        text, side = app.query_one("#text"), app.query_one("#side")
        assert side.region.x > text.region.x  # wide: lists beside the text

        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert text.region.width == 40 and text.region.height >= 3, text.region
        assert side.region.y >= text.region.bottom  # stacked under the text
        visible = [p for p in ("articles", "entities", "quotes") if app.query_one(f"#{p}").region.area]
        assert len(visible) <= 1
        # still usable: keys work, the quote list can be reached and reviewed from
        await pilot.press("4")
        assert app.focused is app.query_one("#quotes")
        await pilot.press("j", "question_mark")
        await pilot.press("escape", "C")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen

        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.screen.has_class("-narrow")
        assert side.region.x > text.region.x and side.region.height > 20
        assert all(app.query_one(f"#{p}").region.area for p in ("articles", "entities", "quotes"))
