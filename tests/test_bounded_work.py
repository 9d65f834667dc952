"""Work per article is bounded, and quitting ends the analysis of a long article at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.helpers import run_async, until
from tui.core.ingest.sources import load_path
from tui.core.ingest.text import MAX_PUNCTUATION_RUN, clean_text


def test_a_long_run_of_punctuation_is_cut_with_a_note_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "brackets.txt"
    path.write_text("Headline\n\nBefore " + "[" * 20_000 + "]" * 20_000 + " after.")
    (article,), _ = load_path(path)
    kept = "[" * MAX_PUNCTUATION_RUN
    assert article.text == f"Headline\n\nBefore {kept} [newsview cut 39,800 more punctuation characters here] after."
    assert clean_text(article.text) == article.text, "cleaning stays idempotent"


@pytest.mark.parametrize(
    "text",
    [
        "See https://example.com/" + "a/b-c_d.e?x=1&" * 100 + " now.",  # a long URL: letters between
        "中文的句子。" * 400,  # CJK: no spaces at all
        "QUJD+/==" * 300,  # base64
        "Intro\n\n" + "-" * MAX_PUNCTUATION_RUN + "\n\nBody.",  # a separator line up to the limit
    ],
)
def test_long_runs_that_parse_quickly_are_left_alone(text: str) -> None:
    assert "newsview cut" not in clean_text(text)


class NeverPool:
    """An analysis pool whose work never finishes, as a 5 MB article's parse would not for minutes."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.terminated = threading.Event()

    def apply_async(self, function, args):
        self.started.set()
        return type("Pending", (), {"ready": lambda self: False})()

    def terminate(self) -> None:
        self.terminated.set()


@run_async
async def test_quitting_terminates_the_analysis_of_a_single_article(monkeypatch, tmp_path: Path) -> None:
    """The parse runs in a process even for one article, so quitting can end it (a thread could
    only be waited for: the process used to outlive its closed screen by minutes)."""
    from tui.app.app import NewsviewApp
    from tui.core.extraction import pipeline
    from tui.core.models import Article

    try:
        pipeline.resolve_model()
    except pipeline.ModelNotFound:
        pytest.skip("no spaCy model installed")
    pool = NeverPool()
    monkeypatch.setattr(pipeline, "analysis_pool", lambda *args, **kwargs: pool)
    app = NewsviewApp([Article("long.txt", "Long", "A long article. " * 1000)], data_dir=tmp_path, processes=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, pool.started.is_set)
        await pilot.press("q")
    deadline = time.monotonic() + 30
    while not pool.terminated.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.terminated.is_set()
