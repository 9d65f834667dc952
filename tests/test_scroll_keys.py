"""less and vim keys: ctrl+d / ctrl+u half a page, ctrl+f / ctrl+b a page, in the text and the lists;
and a key bar that shows only whole keys, the essential ones at 80 columns."""

from __future__ import annotations

from tests.helpers import FakeAnalyzer, run_async, until_analysed
from tests.test_article_view import ViewApp
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.lists import QuoteList
from tui.core.models import Article

LONG = "\n\n".join(f"Paragraph {i} of a long article, said nobody at all." for i in range(200))


@run_async
async def test_ctrl_d_u_f_b_scroll_the_text() -> None:
    app = ViewApp(Article("t.txt", "Title", LONG))
    async with app.run_test(size=(60, 22)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        page = view.scrollable_content_region.height
        await pilot.press("ctrl+d")
        assert view.scroll_y == page // 2
        await pilot.press("ctrl+d", "ctrl+u")
        assert view.scroll_y == page // 2
        await pilot.press("ctrl+f")
        assert view.scroll_y == page // 2 + page
        await pilot.press("ctrl+b", "ctrl+u")
        assert view.scroll_y == 0


@run_async
async def test_ctrl_d_and_ctrl_f_move_through_a_list(seed: Article) -> None:
    from tui.app.app import NewsviewApp

    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 24)) as pilot:
        await until_analysed(app, pilot)
        await pilot.press("4")
        quotes = app.query_one(QuoteList)
        start = quotes.highlighted or 0
        await pilot.press("ctrl+d")
        half = quotes.highlighted - start
        assert half >= 1
        await pilot.press("ctrl+u")
        assert quotes.highlighted == start
        await pilot.press("ctrl+f")
        assert quotes.highlighted > start + half


@run_async
async def test_the_key_bar_shows_whole_keys_and_the_essentials_at_80_columns(seed: Article) -> None:
    from tui.app.app import NewsviewApp

    app = NewsviewApp([seed, Article("b.txt", "B", "Nobody spoke.")], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_analysed(app, pilot)

        async def bar() -> str:
            await pilot.pause()
            await pilot.pause()
            return " ".join(key.render().plain for key in app.screen.query_one(KeyBar).children)

        await pilot.press("2")
        text = await bar()
        for essential in ("Quit", "Help", "Search", "Copy", "Corpus", "Palette"):
            assert essential in text
        await pilot.press("C")
        await pilot.pause()
        text = await bar()
        for essential in ("Filter", "Merge", "Split", "Close"):
            assert essential in text
        keys = app.screen.query_one(KeyBar).children
        assert sum(len(key.render().plain) + 1 for key in keys) <= 81  # every key shown is whole
