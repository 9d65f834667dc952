"""Pilot tests of the help screen on a small terminal: its keys scroll it to its end and back."""

from __future__ import annotations

import pytest

from tests.helpers import FakeAnalyzer, run_async, until
from tui.app.app import NewsviewApp
from tui.app.screens.help import HelpScreen
from tui.core.models import Article


async def _open_help(app: NewsviewApp, pilot):
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen))
    pane = app.screen.query_one("#help")
    assert pane.max_scroll_y > 0, "the help must not fit in 80x24, or this test shows nothing"
    assert pane.scroll_y == 0
    return pane


@run_async
async def test_G_reaches_the_end_of_the_help_and_g_the_top(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_help(app, pilot)
        await pilot.press("G")
        await until(pilot, lambda: pane.scroll_y == pane.max_scroll_y, timeout=5)
        await pilot.press("g")
        await until(pilot, lambda: pane.scroll_y == 0, timeout=5)
        await pilot.press("end")
        await until(pilot, lambda: pane.scroll_y == pane.max_scroll_y, timeout=5)
        await pilot.press("home")
        await until(pilot, lambda: pane.scroll_y == 0, timeout=5)


@run_async
async def test_line_and_page_keys_scroll_the_help(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_help(app, pilot)
        await pilot.press("j")
        await until(pilot, lambda: pane.scroll_y == 1, timeout=5)
        await pilot.press("k")
        await until(pilot, lambda: pane.scroll_y == 0, timeout=5)
        page = pane.scrollable_content_region.height
        assert page < pane.max_scroll_y, "one page must not reach the end"
        for down, up in (("space", "b"), ("pagedown", "pageup")):
            await pilot.press(down)
            await until(pilot, lambda: pane.scroll_y == page, timeout=5)
            await pilot.press(up)
            await until(pilot, lambda: pane.scroll_y == 0, timeout=5)


@pytest.mark.parametrize("key", ["escape", "q", "question_mark"])
@run_async
async def test_close_keys_still_close_the_help(seed: Article, key: str) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_help(app, pilot)
        await pilot.press("G", key)
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), timeout=5)
        assert app.is_running, f"{key} closes the help, not the app"
