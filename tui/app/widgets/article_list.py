"""The article list: two lines per article (its title, then its state), drawn line by line.

A corpus of thousands of files has to be listed at once. An OptionList measures the
wrapped height of every option whenever it is laid out (0.6 s for 3,000 articles, and
three layouts happen before the first paint), so this list keeps every row exactly two
lines high, cutting long titles with an ellipsis, and renders only the lines on screen.
Files that could not be read follow the articles as rows the cursor skips.

A directory's text files are listed by name before they are read (``LazyArticles``): only
the rows the first frame shows are read before it; a thread reads the rest after it, and
each row's name gives way to its title (a row scrolled to before then shows its file name).

Titles, states and file names come from articles: each line is built as Content from
plain strings, never parsed as markup.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.segment import Segment
from textual import events, work
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.app import keys
from tui.app.messages import ArticleChosen
from tui.core.ingest.sources import LazyArticles
from tui.core.models import Article

ROW_LINES = 2
# While files are read in the background, the rows are redrawn at most this often.
READ_REFRESH_S = 0.1


class ArticleList(ScrollView, can_focus=True):
    BINDINGS = keys.bindings("list")
    COMPONENT_CLASSES = {"article-list--cursor"}
    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to article ``index`` (the background analysis goes on near it)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._articles: Sequence[Article] = []
        self._problems: list[tuple[str, str]] = []
        self._states: list[str] = []
        self._progress: list[tuple[int, int] | None] = []
        self._highlighted: int | None = None

    # What is listed ---------------------------------------------------------------------

    def show(self, articles: Sequence[Article], problems: list[tuple[str, str]]) -> None:
        self._articles = articles if isinstance(articles, LazyArticles) else list(articles)
        self._problems = list(problems)
        self._states = ["queued"] * len(articles)
        self._progress = [None] * len(articles)
        self.virtual_size = Size(1, ROW_LINES * self.row_count)
        self._highlighted = None
        self.highlighted = 0 if articles else None
        self.refresh(layout=True)
        if isinstance(articles, LazyArticles) and articles.unread():
            # The rows the first frame can show are read now (a few files: waiting for a thread
            # to read them would put the titles on screen 150 ms later); the rest after it.
            for index in range(min(len(articles), self.app.size.height // ROW_LINES + 1)):
                articles[index]
            self.call_after_refresh(self._read_files, articles)

    @work(thread=True, exclusive=True, group="read-files", exit_on_error=False)
    def _read_files(self, articles: LazyArticles) -> None:
        """Read the files still listed by name, in list order, redrawing now and then."""
        worker, last = get_current_worker(), time.monotonic()
        for index in articles.unread():
            if worker.is_cancelled:  # the app is closing
                return
            articles[index]  # reads the file
            if time.monotonic() - last > READ_REFRESH_S:
                self.app.call_from_thread(self.refresh)
                last = time.monotonic()
        self.app.call_from_thread(self.refresh)

    @property
    def row_count(self) -> int:
        return len(self._articles) + len(self._problems)

    def set_state(self, index: int, state: str) -> None:
        if self._states[index] != state:
            self._states[index] = state
            self._refresh_row(index)

    def set_progress(self, index: int, progress: tuple[int, int]) -> None:
        """``(reviewed, total)``: shown as "7/12 reviewed" beside the article's state."""
        if self._progress[index] != progress:
            self._progress[index] = progress
            self._refresh_row(index)

    def state(self, index: int) -> str:
        return self._states[index]

    def row_text(self, row: int) -> str:
        """The row's two lines as plain text, uncut (for tests and screen readers' sake)."""
        return "\n".join(self._line(row, part).plain for part in range(ROW_LINES))

    def selectable(self, row: int) -> bool:
        """Articles are; the unreadable files listed after them are not."""
        return row < len(self._articles)

    def _line(self, row: int, part: int) -> Content:
        if row >= len(self._articles):
            source, message = self._problems[row - len(self._articles)]
            if part == 0:
                return Content.assemble(("⚠ ", "$text-error"), (source, "bold"))
            return Content.assemble(("error: " + message, "$text-error"))
        articles = self._articles
        article = articles.peek(row) if isinstance(articles, LazyArticles) else articles[row]
        if part == 0:
            shown = articles.source(row) if article is None else article.title or article.source
            return Content.assemble((" ".join(shown.split()), "bold"))
        problem = articles.problem(row) if isinstance(articles, LazyArticles) else None
        if problem is not None:
            return Content.assemble(("error: " + problem, "$text-error"))
        state = self._states[row]
        parts: list = [(state, "$text-error" if state.startswith("error") else "dim")]
        progress = self._progress[row]
        if progress is not None and progress[1]:
            done, total = progress
            parts.append((f" · {done}/{total} reviewed", "$text-success" if done == total else "$text-primary"))
        return Content.assemble(*parts)

    # The cursor -------------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            if not self._articles:
                return
            index = max(0, min(index, len(self._articles) - 1))
        old, self._highlighted = self._highlighted, index
        if old == index:
            return
        for row in (old, index):
            if row is not None:
                self._refresh_row(row)
        if index is not None:
            self._keep_visible(index)
            self.post_message(self.Highlighted(index))

    def _keep_visible(self, row: int) -> None:
        top, height = ROW_LINES * row, self.scrollable_content_region.height
        if not height:
            return
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + ROW_LINES > self.scroll_y + height:
            # Whole rows from the top of the pane: an odd height would start it on a state line.
            lowest = top + ROW_LINES - height
            self.scroll_to(y=-(-lowest // ROW_LINES) * ROW_LINES, animate=False, immediate=True)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_LINES - 1)

    def _move(self, step: int) -> None:
        if self._highlighted is None:
            self.highlighted = 0
        else:
            self.highlighted = self._highlighted + step

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self._page_rows())

    def action_page_up(self) -> None:
        self._move(-self._page_rows())

    def action_half_page(self, direction: int) -> None:
        self._move(direction * max(1, self._page_rows() // 2))

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._articles) - 1
        self.scroll_end(animate=False, immediate=True)  # the unreadable files below come into view

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(ArticleChosen(self._highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + round(self.scroll_y)) // ROW_LINES
        if self.selectable(row):
            self.highlighted = row
            self.action_select()

    # Drawing ----------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROW_LINES * self.row_count

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(ROW_LINES * row, ROW_LINES)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        row, part = divmod(line, ROW_LINES)
        cursor = row == self._highlighted
        style = self.get_visual_style("article-list--cursor") if cursor else self.visual_style
        if row >= self.row_count or width <= 0:
            return Strip.blank(width, self.visual_style.rich_style)
        content = self._line(row, part).truncate(width - 1, ellipsis=True)
        segments = [
            Segment(text, (style + text_style).rich_style)
            for text, text_style in Content.assemble(" ", content).render(style, end="", parse_style=self._get_style)
        ]
        return Strip(segments).extend_cell_length(width, style.rich_style)
