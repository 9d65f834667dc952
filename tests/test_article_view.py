"""The text pane on its own: wrapping, restyling, scrolling, hostile text, very long articles.

The view runs in a bare App (no lists, no analysis worker) so each test pins one thing.
Speed lives in bench/restyle.py; these assert structure only.
"""

from __future__ import annotations

import random

import pytest
from rich._wrap import divide_line
from rich.cells import cell_len
from textual.app import App, ComposeResult

from bench.synthetic import quoted_paragraphs
from tests.helpers import SEED, SEED_TITLE, run_async, seed_analysis
from tui.app.render import Selection, Subject
from tui.app.widgets.article_view import ArticleView, wrap_offsets
from tui.core.models import Article


class ViewApp(App[None]):
    CSS = "ArticleView { padding: 0 1; }"

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield ArticleView()

    async def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        await view.show_article(self.article)
        view.focus()


def seed_article() -> Article:
    return Article("seed.txt", SEED_TITLE, SEED.read_text(encoding="utf-8"))


def shown_lines(view: ArticleView) -> list[str]:
    """The text of every line now on screen in the pane."""
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def styled_text(view: ArticleView, index: int) -> tuple:
    content = view.paragraph_content(index)
    return content.plain, tuple(content.spans)


def assert_wraps_losslessly(view: ArticleView, index: int) -> None:
    plain = view.paragraph_content(index).plain
    lines = [line.plain for line in view.wrapped_lines(index)]
    width = view.wrap_width
    assert all(cell_len(line) <= width for line in lines), (width, lines)
    # Only the spaces at a break go; every other character is there, once, in order.
    assert "".join(lines).replace(" ", "") == plain.replace(" ", "")
    position = 0
    for line in lines:
        found = plain.find(line, position)
        assert found != -1 and not plain[position:found].strip(), (line, plain[position:found])
        position = found + len(line)


# Wrapping -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1, 2, 5, 13, 40, 80])
def test_wrap_offsets_match_textual_word_wrap(width: int) -> None:
    rng = random.Random(width)
    alphabet = "ab cd  efghij klm\u00a0"[:-1] + "xyz" * 3 + " " * 4
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 160)))
        if rng.random() < 0.3:
            text += " " + "w" * rng.randint(1, 3 * width + 2) + " end"
        assert wrap_offsets(text, width) == divide_line(text, width, fold=True), (text, width)
    for text in ("日本語の文章を折り返すテストです。" * 5, "naïve café " * 20, "emoji 😀😀😀 " * 12):
        assert wrap_offsets(text, width) == divide_line(text, width, fold=True)


@run_async
async def test_wrapped_lines_keep_every_character_at_any_width() -> None:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    text = "\n\n".join(
        [
            "A headline",
            f"Short words then a {long_word} and more words after it to wrap.",
            "東京都の小池百合子知事は記者会見で「感染拡大を防ぐため、外出を控えてほしい」と述べた。" * 3,
            "Mixed: naïve café, 北京 and Zürich; tabs\tand   spaces   survive  wrapping " * 4,
            "x" * 500,
        ]
    )
    app = ViewApp(Article("t.txt", "A headline", text))
    for size in ((60, 20), (33, 12), (17, 30)):
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            view = app.query_one(ArticleView)
            assert 0 < view.wrap_width <= size[0]
            for index in range(len(view.paragraphs)):
                assert_wraps_losslessly(view, index)
            # What reaches the screen is those lines.
            first = view.wrapped_lines(1)
            top = view.paragraph_lines(1).start
            view.scroll_to(y=top, animate=False)
            await pilot.pause()
            on_screen = shown_lines(view)
            assert [line.rstrip() for line in on_screen[: len(first)]] == [c.plain.rstrip() for c in first]
        app = ViewApp(Article("t.txt", "A headline", text))


@run_async
async def test_a_resize_rewraps_to_the_new_width() -> None:
    app = ViewApp(seed_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        wide, lines = view.wrap_width, view.line_count
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert view.wrap_width < wide and view.line_count > lines
        assert view.virtual_size.height == view.line_count
        for index in range(len(view.paragraphs)):
            assert_wraps_losslessly(view, index)


@run_async
async def test_title_heading_and_a_blank_line_between_paragraphs() -> None:
    app = ViewApp(Article("t.txt", "A separate title", "First paragraph.\n\nSecond paragraph."))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        lines = [line.rstrip() for line in shown_lines(app.query_one(ArticleView))]
        assert lines[:6] == ["A separate title", "", "First paragraph.", "", "Second paragraph.", ""]


# Restyling ------------------------------------------------------------------------------


@run_async
async def test_choosing_a_speaker_restyles_only_that_speakers_paragraphs() -> None:
    article = seed_article()
    analysis = seed_analysis(article)
    app = ViewApp(article)
    async with app.run_test(size=(80, 200)) as pilot:  # tall: the whole article on screen
        await pilot.pause()
        view = app.query_one(ArticleView)
        view.set_analysis(analysis, labels_on=False)
        await pilot.pause()
        before = [styled_text(view, i) for i in range(len(view.paragraphs))]
        screen_before = shown_lines(view)
        strips_before = [view.render_line(y) for y in range(len(screen_before))]
        size_before = view.virtual_size

        refreshed, layouts = [], []
        original = view.refresh

        def spy(*regions, **kwargs):
            refreshed.extend(regions)
            if kwargs.get("layout"):
                layouts.append(kwargs)
            return original(*regions, **kwargs)

        view.refresh = spy  # type: ignore[method-assign]
        lavrov = next(e for e in analysis.entities if e.name == "Sergei Lavrov")
        view.set_selection(analysis, Selection(Subject(lavrov.name, lavrov.id)))
        view.refresh = original  # type: ignore[method-assign]

        his = {view.paragraph_index(q.start) for q in analysis.quotes_by(lavrov.id)}
        changed = {i for i in range(len(view.paragraphs)) if styled_text(view, i) != before[i]}
        assert changed == his
        assert not layouts and view.virtual_size == size_before
        # The repainted rows are those of his paragraphs, and nothing else.
        rows = {y for region in refreshed for y in range(region.y, region.bottom)}
        expected = {y for i in his for y in view.paragraph_lines(i)}
        assert rows == {y - round(view.scroll_y) for y in expected}
        await pilot.pause()
        screen_after = shown_lines(view)
        assert screen_after == screen_before  # the same text, restyled only
        # Only his rows are painted differently.
        painted = [view.render_line(y) for y in range(len(screen_before))]
        differ = {y for y, (a, b) in enumerate(zip(strips_before, painted)) if list(a) != list(b)}
        assert differ and differ <= rows


@run_async
async def test_labels_rewrap_and_come_off_again() -> None:
    article = seed_article()
    analysis = seed_analysis(article)
    app = ViewApp(article)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        view.set_analysis(analysis, labels_on=False)
        plain_lines = view.line_count
        view.set_labels(True)
        assert view.line_count > plain_lines
        assert any("Sergei Lavrov[person]" in view.paragraph_content(i).plain for i in range(len(view.paragraphs)))
        for index in range(len(view.paragraphs)):
            assert_wraps_losslessly(view, index)
        # A mention's line is found past the inserted labels.
        last = max(s for s, _ in lavrov_mentions(analysis))
        line = view.line_of_offset(last)
        index = view.paragraph_index(last)
        wrapped = view.wrapped_lines(index)
        assert "Lavrov" in wrapped[line - view.paragraph_lines(index).start].plain
        view.set_labels(False)
        assert view.line_count == plain_lines


def lavrov_mentions(analysis):
    return next(e for e in analysis.entities if e.name == "Sergei Lavrov").mentions


# Scrolling ------------------------------------------------------------------------------


@run_async
async def test_scroll_to_offset_brings_the_line_into_view() -> None:
    text = "A long article\n\n" + quoted_paragraphs(600)
    app = ViewApp(Article("long.txt", "A long article", text))
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        for phrase in ("district 412 will", "district 5 will", "district 599 will", "district 300 will"):
            offset = text.index(phrase)
            view.scroll_to_offset(offset)
            await pilot.pause()
            line = view.line_of_offset(offset)
            top = round(view.scroll_y)
            assert top <= line < top + view.scrollable_content_region.height
            assert phrase.split()[1] in view.render_line(line - top).text


@run_async
async def test_keys_scroll_the_text() -> None:
    text = "A long article\n\n" + quoted_paragraphs(300)
    app = ViewApp(Article("long.txt", "A long article", text))
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert app.focused is view
        await pilot.press("j", "j", "down")
        assert round(view.scroll_y) == 3
        await pilot.press("k")
        assert round(view.scroll_y) == 2
        await pilot.press("space")
        assert round(view.scroll_y) > 10
        await pilot.press("b")
        assert round(view.scroll_y) < 10
        await pilot.press("G")
        await pilot.pause()
        assert round(view.scroll_y) == view.max_scroll_y > 0
        assert any("district 299" in line for line in shown_lines(view))
        await pilot.press("g")
        await pilot.pause()
        assert round(view.scroll_y) == 0


# Hostile and huge text -------------------------------------------------------------------

MARKUP = "[bold red]X[/] and [@click=app.quit]Y[/]"


@run_async
async def test_markup_in_the_text_is_painted_literally() -> None:
    text = f"Heading\n\nThe minister said “{MARKUP}” on Monday.\n\n[b]not bold[/b] [link=https://x]no link[/link]"
    app = ViewApp(Article("m.txt", "Heading", text))
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        shown = "\n".join(shown_lines(app.query_one(ArticleView)))
        assert MARKUP in shown
        assert "[b]not bold[/b] [link=https://x]no link[/link]" in shown
        await pilot.click(ArticleView)
        assert app.is_running


@run_async
async def test_a_13000_paragraph_article_opens_without_a_widget_per_paragraph() -> None:
    text = "A very long article\n\n" + quoted_paragraphs(13_000)
    app = ViewApp(Article("large.txt", "A very long article", text))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert len(view.paragraphs) == 13_001
        assert not view.children  # one widget, lines drawn on demand
        assert view.line_count >= 2 * 13_001 and view.virtual_size.height == view.line_count
        assert "A very long article" in shown_lines(view)[0]
        offset = text.index("district 12345 will")
        view.scroll_to_offset(offset)
        await pilot.pause()
        assert any("district 12345 will" in line for line in shown_lines(view))
        await pilot.press("G")
        await pilot.pause()
        assert any("district 12999" in line for line in shown_lines(view))


# Mouse selection ---------------------------------------------------------------------------


@run_async
async def test_selected_text_is_painted_as_selected_and_copied_as_shown() -> None:
    from textual.geometry import Offset
    from textual.selection import Selection as TextSelection

    app = ViewApp(Article("t.txt", "A separate title", "First paragraph here.\n\nSecond paragraph, longer."))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        line = view.render_line(2)
        assert {segment.style.meta.get("offset") for segment in line} == {(0, 2)}, "lines say where they are"
        # From "paragraph here." on line 2 to "Second" on line 4 (line 3 is the blank between).
        app.screen.selections = {view: TextSelection(Offset(6, 2), Offset(6, 4))}
        await pilot.pause()
        assert app.screen.get_selected_text() == "paragraph here.\n\nSecond"
        selected = view.selection_style().bgcolor
        painted = [(segment.text, segment.style.bgcolor == selected) for segment in view.render_line(2) if segment.text]
        assert ("First ", False) in painted and ("paragraph here.", True) in painted
        app.screen.selections = {}
        await pilot.pause()
        assert not any(segment.style.bgcolor == selected for segment in view.render_line(2))


@run_async
async def test_a_selection_is_readable_in_every_theme_and_in_256_colours() -> None:
    from rich.color import ColorSystem
    from textual.geometry import Offset
    from textual.selection import Selection as TextSelection

    app = ViewApp(Article("t.txt", "A title", "First paragraph here.\n\nSecond paragraph, longer."))
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        app.screen.selections = {view: TextSelection(Offset(0, 2), Offset(10, 2))}
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            selected = [s for s in view.render_line(2) if s.style.bgcolor == view.selection_style().bgcolor]
            assert "".join(s.text for s in selected) == "First para", theme
            for segment in selected:
                colours = [c.downgrade(ColorSystem.EIGHT_BIT) for c in (segment.style.color, segment.style.bgcolor)]
                assert colours[0] != colours[1], theme


@run_async
async def test_copied_text_has_no_line_breaks_where_the_pane_wraps() -> None:
    from textual.geometry import Offset
    from textual.selection import Selection as TextSelection

    words = " ".join(f"word{i}" for i in range(40))
    app = ViewApp(Article("t.txt", "A title", f"{words}\n\nSecond paragraph."))
    async with app.run_test(size=(30, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert view.line_count > 8  # the paragraph wraps over several lines
        app.screen.selections = {view: TextSelection(Offset(0, 2), Offset(6, view.line_count - 1))}
        await pilot.pause()
        assert app.screen.get_selected_text() == f"{words}\n\nSecond"
