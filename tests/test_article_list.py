"""The article list of a large corpus: two lines a row, moved through by keys and the mouse."""

from __future__ import annotations

from tests.helpers import FakeAnalyzer, run_async
from tui.app.app import NewsviewApp
from tui.app.widgets.article_list import ROW_LINES, ArticleList
from tui.core.models import Analysis, Article

LONG_TITLE = "A headline far too long for the side pane of any terminal, " * 3


def corpus(count: int) -> list[Article]:
    return [
        Article(f"{n}.txt", LONG_TITLE if n == 1 else f"Story {n}", f"Story {n}\n\nText {n}.") for n in range(count)
    ]


def _plain_app(articles: list[Article], problems=()) -> NewsviewApp:
    return NewsviewApp(
        articles, problems, analyzer_factory=lambda: FakeAnalyzer(lambda a: Analysis(a, "fake 1.0")), processes=1
    )


def _screen_lines(app: NewsviewApp) -> list[str]:
    articles = app.query_one(ArticleList)
    return [strip.text for strip in (articles.render_line(y) for y in range(articles.scrollable_content_region.height))]


@run_async
async def test_keys_move_through_thousands_of_articles_and_enter_opens_one() -> None:
    app = _plain_app(corpus(3000), [("broken.bin", "binary data, not text")])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        articles = app.query_one(ArticleList)
        assert app.focused is articles and articles.highlighted == 0
        assert articles.virtual_size.height == ROW_LINES * 3001
        await pilot.press("j", "j", "k")
        assert articles.highlighted == 1
        shown = _screen_lines(app)
        assert shown[2].rstrip().endswith("…"), "a long title is cut to one line"
        assert shown[4].strip() == "Story 2", "so every row stays two lines high"
        await pilot.press(*"j" * 20)
        assert articles.scroll_y % ROW_LINES == 0, "the pane starts with a title line, whatever its height"
        shown = [line.strip() for line in _screen_lines(app)]
        assert articles.highlighted == 21 and shown[0].startswith("Story ") and "Story 21" in shown
        await pilot.press("G")
        assert articles.highlighted == 2999, "the last article: the unreadable file is no stop"
        assert any("broken.bin" in line for line in _screen_lines(app)), "it is scrolled into view"
        await pilot.press("g", "pagedown")
        rows_shown = articles.scrollable_content_region.height // ROW_LINES
        assert rows_shown >= 3 and articles.highlighted == rows_shown - 1, "a page: the rows on screen, less one kept"
        await pilot.press("pageup", "enter")
        assert app.main_screen.current == 0
        await pilot.press("1", "j", "j", "j", "enter")
        await pilot.pause()
        assert app.main_screen.current == 3 and app.main_screen.view.article is app.articles[3]


@run_async
async def test_a_click_opens_the_article_under_the_mouse() -> None:
    app = _plain_app(corpus(50))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click(ArticleList, offset=(4, 1 + 2 * ROW_LINES))  # inside the border: the third row
        await pilot.pause()
        assert app.main_screen.current == 2


@run_async
async def test_a_directory_is_listed_by_file_name_then_each_row_shows_its_title(tmp_path) -> None:
    from tui.core.ingest.sources import load_paths

    for n in range(60):
        (tmp_path / f"{n:02d}.txt").write_text(f"Story {n}\n\nText {n}.", encoding="utf-8")
    (tmp_path / "99.txt").write_text("", encoding="utf-8")
    articles, _ = load_paths([str(tmp_path)], lazy=True)
    assert articles.unread() == list(range(1, 61))  # only the first is read before the app starts
    app = _plain_app(articles)
    async with app.run_test(size=(120, 40)) as pilot:
        listed = app.query_one(ArticleList)
        for _ in range(100):
            if not articles.unread():
                break
            await pilot.pause(0.05)
        assert articles.unread() == []
        await pilot.pause()
        assert listed.row_text(59) == "Story 59\n" + listed.state(59)
        assert listed.row_text(60) == "99\nerror: empty file"
        assert "Story 1" in "\n".join(_screen_lines(app))
