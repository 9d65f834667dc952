"""The article text: one Line-API ScrollView, restyled only where the marks changed.

No widget per paragraph: the view keeps the article's blocks (an optional title, then the
paragraphs), where each one wraps at the pane's width (``_cuts``) and which line each block
starts on (``_starts``). ``render_line`` finds the block of a screen line by bisection and
renders that one line from the block's Content; rendered lines are kept in an LRU cache
keyed by (block, content version, width, style).

Choosing a speaker bumps the version of the paragraphs whose marks changed and repaints
those of their lines that are on screen: no layout, and the virtual size stays the same,
since marks never change the text. Labels do change the text, so they rewrap the
paragraphs that carry them; a new width rewraps everything.

Layout as before: a blank line after every block (the title included), text wrapped at
words to the width left by the scrollbar, long words folded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection as TextSelection
from textual.strip import Strip

from tui.app import keys, render
from tui.app.render import Mark, Paragraph, Selection
from tui.app.widgets.key_scroll import scroll_half_page
from tui.core.models import Analysis, Article

_WORD = re.compile(r"(\s*\S+)\s*")


def wrap_offsets(plain: str, width: int) -> list[int]:
    """Where ``plain`` breaks into lines of ``width`` cells: Textual's own word wrap.

    The same offsets as ``rich._wrap.divide_line(plain, width, fold=True)`` (what Content
    and Static wrap with), with a quicker path for printable ASCII, where a character is a
    cell: a 1.3-million-character article wraps in a fraction of the time.
    """
    if width <= 0:
        return []
    if not (plain.isascii() and plain.isprintable()):
        return divide_line(plain, width, fold=True)
    if len(plain) <= width:
        return []
    cuts: list[int] = []
    append = cuts.append
    used = 0
    for match in _WORD.finditer(plain):
        start, end = match.span()
        word = match.end(1) - start  # the word without its trailing spaces
        if width - used >= word:
            used += end - start
        elif word > width:  # fold a word longer than the line
            length = end - start
            pieces = range(0, length, width)
            for index in pieces:
                if start + index:
                    append(start + index)
            used = length - pieces[-1]
        elif used and start:
            append(start)
            used = end - start
    return cuts


def _whole_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` grown to the words it cuts into, without the spaces at either side."""
    while start > 0 and text[start - 1].isalnum() and start < len(text) and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


class ArticleView(ScrollView, can_focus=True):
    BINDINGS = keys.bindings("text") + keys.bindings("article")  # moving, and adding a missed quote

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    CACHE_BLOCKS = 512  # rendered blocks kept (each a list of its lines)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.paragraphs: list[Paragraph] = []
        self._starts: list[int] = []  # article offset of each paragraph
        self._marks: list[tuple[Mark, ...]] = []
        self._overlay: list[tuple[Mark, ...]] = []
        self._labels: list[tuple[tuple[int, str], ...]] = []
        self._labels_on = False
        # Blocks: the title (when shown) then the paragraphs; ``_first`` is 1 with a title.
        self._title: Content | None = None
        self._first = 0
        self._contents: list[Content | None] = []  # built on demand, None when stale
        self._versions: list[int] = []  # bumped whenever a block's Content changes
        self._cuts: list[list[int] | None] = []  # wrap offsets at ``_width``, None when stale
        self._line_starts: list[int] = [0]  # first line of each block; last item: total
        self._width = 0  # the width the blocks are wrapped at (0: not laid out yet)
        self._viewport = (0, 0)  # (width, height) of the content area last wrapped for
        self._generation = 0  # one per article, so cached lines never cross articles
        self._lines: LRUCache[tuple, list[Strip | None]] = LRUCache(self.CACHE_BLOCKS)
        self._pending_offset: int | None = None
        self._rich_styles: tuple[object, dict] = (None, {})  # pane style, span style -> Rich style

    # Article and marks ------------------------------------------------------------------

    async def show_article(self, article: Article) -> None:
        """Plain text at once; marks follow with ``set_analysis``."""
        self.article = article
        self.paragraphs = render.split_paragraphs(article.text)
        self._starts = [p[0] for p in self.paragraphs]
        empty: tuple = ()
        count = len(self.paragraphs)
        self._marks = [empty] * count
        self._overlay = [empty] * count
        self._labels = [empty] * count
        self._title = self._heading(article)
        self._first = 1 if self._title is not None else 0
        blocks = self._first + count
        self._contents = [None] * blocks
        self._versions = [0] * blocks
        self._cuts = [None] * blocks
        self._generation += 1
        self._lines.clear()
        self._rich_styles = (None, {})
        self._pending_offset = None
        self._viewport = (0, 0)
        self.scroll_to(0, 0, animate=False, force=True)
        self._fit()
        self.refresh()

    @staticmethod
    def _heading(article: Article) -> Content | None:
        """A heading, unless the text already opens with its title (most files do)."""
        if not article.title or article.title in article.text[: len(article.title) + 200]:
            return None
        return Content(article.title).stylize("bold")

    def set_analysis(self, analysis: Analysis | None, labels_on: bool) -> None:
        empty: tuple = ()
        count = len(self.paragraphs)
        if analysis is None:
            self._marks = [empty] * count
            self._labels = [empty] * count
        else:
            self._marks = render.by_paragraph(self.paragraphs, render.entity_marks(analysis))
            self._labels = render.labels_by_paragraph(self.paragraphs, render.label_points(analysis))
        self._overlay = [empty] * count
        rewrap = labels_on or self._labels_on
        self._labels_on = labels_on
        self._changed(range(count), rewrap=rewrap)

    def set_labels(self, on: bool) -> None:
        self._labels_on = on
        self._changed([i for i, tags in enumerate(self._labels) if tags], rewrap=True)

    def set_selection(self, analysis: Analysis, selection: Selection) -> None:
        styles = render.MONOCHROME if self.app.no_color else render.COLOURED
        overlay = render.by_paragraph(self.paragraphs, render.selection_marks(analysis, selection, styles))
        changed = [i for i, (old, new) in enumerate(zip(self._overlay, overlay)) if old != new]
        self._overlay = overlay
        self._changed(changed, rewrap=False)

    def paragraph_content(self, index: int) -> Content:
        """What paragraph ``index`` shows now (for tests and the benchmark)."""
        return self._content(self._first + index)

    def paragraph_index(self, offset: int) -> int:
        return render.paragraph_of(self.paragraphs, self._starts, offset)

    def scroll_to_offset(self, offset: int) -> None:
        """Centre the line that holds article offset ``offset``."""
        if not self.paragraphs:
            return
        if not self._width:  # not laid out yet: once it is
            self._pending_offset = offset
            return
        line = self.line_of_offset(offset)
        height = self.scrollable_content_region.height or self.size.height
        target = max(0, min(line - (height - 1) // 2, self.max_scroll_y))
        if target != round(self.scroll_y):
            self.scroll_to(y=target, animate=False)

    # Geometry (public for tests) ----------------------------------------------------------

    @property
    def line_count(self) -> int:
        """Lines in the virtual text (blank separators included)."""
        return self._line_starts[-1]

    @property
    def wrap_width(self) -> int:
        return self._width

    def paragraph_lines(self, index: int) -> range:
        """The virtual lines paragraph ``index`` is drawn on (its blank line excluded)."""
        block = self._first + index
        start = self._line_starts[block]
        return range(start, start + len(self._block_cuts(block)) + 1)

    def line_of_offset(self, offset: int) -> int:
        """The virtual line holding article offset ``offset``."""
        index = self.paragraph_index(offset)
        block = self._first + index
        p_start, p_end = self.paragraphs[index]
        local = min(max(offset, p_start), p_end) - p_start
        if self._labels_on and self._labels[index]:
            local += sum(len(tag) + 2 for point, tag in self._labels[index] if point - p_start <= local)
        return self._line_starts[block] + bisect_right(self._block_cuts(block), local)

    def wrapped_lines(self, index: int) -> list[Content]:
        """Paragraph ``index`` as wrapped on screen, one Content per line (for tests)."""
        block = self._first + index
        return [self._line_content(block, j) for j in range(len(self._block_cuts(block)) + 1)]

    # Blocks -----------------------------------------------------------------------------

    def _content(self, block: int) -> Content:
        content = self._contents[block]
        if content is None:
            if block < self._first:
                content = self._title or Content("")
            else:
                index = block - self._first
                content = render.paragraph_content(
                    self.article.text if self.article else "",
                    self.paragraphs[index],
                    self._marks[index],
                    self._overlay[index],
                    self._labels[index] if self._labels_on else (),
                )
            self._contents[block] = content
        return content

    def _plain(self, block: int) -> str:
        """The text a block shows (what wrapping needs), without building its marks."""
        if self._contents[block] is not None or block < self._first:
            return self._content(block).plain
        index = block - self._first
        labels = self._labels[index] if self._labels_on else ()
        text = self.article.text if self.article else ""
        return render.paragraph_content(text, self.paragraphs[index], (), (), labels).plain

    def _block_cuts(self, block: int) -> list[int]:
        cuts = self._cuts[block]
        if cuts is None:
            cuts = self._cuts[block] = wrap_offsets(self._plain(block), self._width)
        return cuts

    def _changed(self, indexes: Iterable[int], rewrap: bool) -> None:
        """Paragraphs ``indexes`` show something new: drop their Content, repaint their lines."""
        first = self._first
        blocks = [first + i for i in indexes]
        for block in blocks:
            self._contents[block] = None
            self._versions[block] += 1
        if not blocks:
            return
        if rewrap:
            for block in blocks:
                self._cuts[block] = None
            self._fit(rewrap_all=False)
            self.refresh()
            return
        if not self._width:
            return
        top = round(self.scroll_y)
        bottom = top + self.size.height
        starts = self._line_starts
        for block in blocks:
            start, end = starts[block], starts[block + 1] - 1
            if start < bottom and end > top:
                self.refresh_lines(max(start, top), min(end, bottom) - max(start, top))

    # Keyboard jumps land at once: a smooth scroll over a long article is a wait.

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_half_page(self, direction: int) -> None:
        scroll_half_page(self, direction)

    # Wrapping and geometry ---------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self, rewrap_all: bool = True) -> None:
        """Wrap the blocks to the pane, leaving the scrollbar's room when the text overflows."""
        width, height = self.size
        if width <= 0 or not self._contents:
            return
        gutter = self.styles.scrollbar_size_vertical if self.styles.overflow_y == "auto" else 0
        same_pane = self._viewport == (width, height) and self._width
        anchor = self._top_anchor()
        if same_pane and not rewrap_all:
            # Only the stale blocks rewrap; done unless the scrollbar comes or goes.
            self._wrap(self._width, rewrap_all=False)
            scrollbar = bool(gutter) and self._width == width - gutter
            if scrollbar == (self.line_count > height) or not gutter:
                self._restore(anchor)
                return self._scroll_pending()
        if self._width and (width, height) == self._viewport:
            scrollbar = self._width == width - gutter
        else:  # a guess, checked below: about a screenful of text or more overflows
            scrollbar = bool(self.article) and len(self.article.text) > width * height
        self._wrap(width - gutter if scrollbar else width, rewrap_all=True)
        if gutter and scrollbar != (self.line_count > height):
            # Wrapped without the scrollbar and it overflows, or with it and it fits: the
            # other way round is then right (a narrower wrap is never shorter).
            self._wrap(width if scrollbar else width - gutter, rewrap_all=True)
            if scrollbar and self.line_count > height:  # fits only with the scrollbar's room
                self._wrap(width - gutter, rewrap_all=True)
        self._viewport = (width, height)
        self._restore(anchor)
        self._scroll_pending()

    def _restore(self, anchor: tuple[int, int] | None) -> None:
        """Scroll so the block that was at the top is again (same line of it, or its last)."""
        if anchor is not None:
            block, line = anchor
            count = self._line_starts[block + 1] - self._line_starts[block]
            self.scroll_to(y=self._line_starts[block] + min(line, count - 1), animate=False)

    def _scroll_pending(self) -> None:
        if self._pending_offset is not None and self._width:
            offset, self._pending_offset = self._pending_offset, None
            self.scroll_to_offset(offset)

    def _top_anchor(self) -> tuple[int, int] | None:
        """(block, line in block) at the top of the pane, to keep in place across a rewrap."""
        if not self._width or not self.scroll_y:
            return None
        top = round(self.scroll_y)
        block = max(0, min(bisect_right(self._line_starts, top) - 1, len(self._contents) - 1))
        return block, top - self._line_starts[block]

    def _wrap(self, width: int, rewrap_all: bool) -> None:
        if rewrap_all or width != self._width:
            self._cuts = [None] * len(self._contents)
        self._width = width
        counts = (len(self._block_cuts(b)) + 2 for b in range(len(self._contents)))  # lines + blank
        self._line_starts = [0, *accumulate(counts)]
        self.virtual_size = Size(width, self.line_count)

    # Rendering --------------------------------------------------------------------------

    def _line_content(self, block: int, j: int) -> Content:
        """Line ``j`` of a block, cut, stripped and truncated exactly as Content wraps."""
        content = self._content(block)
        cuts = self._block_cuts(block)
        start = cuts[j - 1] if j else 0
        last = j == len(cuts)
        line = content[start : len(content) if last else cuts[j]]
        if not last:
            line = line.rstrip()
        return line.truncate(self._width).rstrip_end(self._width)

    def render_line(self, y: int) -> Strip:
        if not self._width and self.size.width:
            # The first frame after mounting draws before the Resize event arrives: wrap now,
            # so the text is in that frame rather than one layout pass later.
            self._fit()
        style = self.visual_style
        width = self._width or self.size.width
        line = round(self.scroll_y) + y
        starts = self._line_starts
        if not self._contents or line >= starts[-1] or not self._width:
            return Strip.blank(width, style.rich_style)
        block = bisect_right(starts, line) - 1
        j = line - starts[block]
        if j >= starts[block + 1] - starts[block] - 1:  # the blank line after the block
            return Strip.blank(width, style.rich_style)
        key = (self._generation, block, self._versions[block], self._width, style, self.app.theme)
        strips = self._lines.get(key)
        if strips is None:
            strips = [None] * (len(self._block_cuts(block)) + 1)
            self._lines.set(key, strips)
        strip = strips[j]
        if strip is None:
            strip = strips[j] = self._render(self._line_content(block, j), style)
        return self._selectable(strip, line)

    # Mouse selection: Textual finds the line under the pointer by the offset meta on each
    # line's segments, and asks ``get_selection`` for the text once the drag ends.

    def _selectable(self, strip: Strip, line: int) -> Strip:
        selection = self.text_selection
        span = selection.get_span(line) if selection is not None else None
        if span is not None:
            start, end = span
            end = strip.cell_length if end == -1 else min(end, strip.cell_length)
            if start < end:
                left, middle, right = strip.divide([start, end, strip.cell_length])
                selected = self.selection_style()
                middle = Strip(list(Segment.apply_style(list(middle), post_style=selected)), middle.cell_length)
                strip = Strip.join([left, middle, right])
        return strip.apply_offsets(0, line)

    def selection_style(self) -> Style:
        """Selected text: the theme's selection colour made opaque over this pane, and black or
        white text on it, whichever contrasts more. The theme's own style is a half-transparent
        background under the text's own colour: in 256 colours both could come out the same
        (colour 23 on colour 23), and entity colours clashed with it."""
        variables = self.app.theme_variables
        background = self.background_colors[1] + Color.parse(variables["screen-selection-background"])
        return Style(color=background.get_contrast_text(1.0).rich_color, bgcolor=background.rich_color)

    def get_selection(self, selection: TextSelection) -> tuple[str, str] | None:
        """The selected text as the article has it: lines are cut where the pane wraps them
        (lines before the selection are not built), then a wrapped paragraph is joined again
        with the spaces the wrap took, so a copy has no line breaks the screen made."""
        if not self._contents or not self._width or not self.line_count:
            return None
        first = selection.start.y if selection.start is not None else 0
        last = min(selection.end.y if selection.end is not None else self.line_count - 1, self.line_count - 1)
        lines = [""] * first + [self._line_text(line) for line in range(first, last + 1)]
        pieces = selection.extract("\n".join(lines)).split("\n")
        text = pieces[0]
        for line, piece in enumerate(pieces[1:], first):
            text += self._after_line(line) + piece
        return text, "\n"

    def _after_line(self, line: int) -> str:
        """What follows virtual line ``line`` in the text: the spaces at a wrap, else a newline."""
        starts = self._line_starts
        block = bisect_right(starts, line) - 1
        j = line - starts[block]
        cuts = self._block_cuts(block)
        if j >= len(cuts):  # a paragraph's last line, or the blank line after it
            return "\n"
        cut = self._content(block).plain[cuts[j - 1] if j else 0 : cuts[j]]
        return cut[len(cut.rstrip()) :]

    def selection_updated(self, selection: TextSelection | None) -> None:
        self.refresh()
        if selection is None or selection.start is None or selection.end is None or self.article is None:
            return
        start = self.offset_at(selection.start.y, selection.start.x)
        end = self.offset_at(selection.end.y, selection.end.x)
        if start is not None and end is not None:
            span = _whole_words(self.article.text, min(start, end), max(start, end))
            if span is not None:
                self.post_message(self.Picked(*span))

    class Picked(Message):
        """The mouse selected article text ``start:end`` (snapped to whole words)."""

        def __init__(self, start: int, end: int) -> None:
            super().__init__()
            self.start = start
            self.end = end

    def offset_at(self, line: int, x: int) -> int | None:
        """The article offset drawn at cell ``x`` of virtual line ``line`` (None before layout)."""
        if not self.paragraphs or not self._width or not self.line_count:
            return None
        starts = self._line_starts
        line = max(0, min(line, self.line_count - 1))
        block = bisect_right(starts, line) - 1
        if block < self._first:  # the title heading: the text's start
            return self.paragraphs[0][0]
        index = block - self._first
        p_start, p_end = self.paragraphs[index]
        j = line - starts[block]
        cuts = self._block_cuts(block)
        if j > len(cuts):  # the blank line after the paragraph
            return p_end
        shown = self._line_content(block, j).plain
        k = cells = 0
        while k < len(shown) and cells + cell_len(shown[k]) <= x:
            cells += cell_len(shown[k])
            k += 1
        local = (cuts[j - 1] if j else 0) + k
        if self._labels_on:  # inline labels are drawn, not in the text: count them out
            for point, tag in sorted(self._labels[index]):
                drawn_at = point - p_start
                if drawn_at < local:
                    local -= min(len(tag) + 2, local - drawn_at)
        return min(p_start + local, p_end)

    def _line_text(self, line: int) -> str:
        """Virtual line ``line`` as plain text ("" for the blank line after a block)."""
        starts = self._line_starts
        block = bisect_right(starts, line) - 1
        j = line - starts[block]
        if j >= starts[block + 1] - starts[block] - 1:
            return ""
        return self._line_content(block, j).plain

    def _render(self, line: Content, style) -> Strip:
        """One line as a Strip: span styles over the pane's style, theme variables resolved."""
        if self._rich_styles[0] != style:
            self._rich_styles = (style, {})
        rich_styles = self._rich_styles[1]
        segments = []
        for text, text_style in line.render(style, end="", parse_style=self._get_style):
            rich = rich_styles.get(text_style)
            if rich is None:
                rich = rich_styles[text_style] = (style + text_style).rich_style
            segments.append(Segment(text, rich))
        return Strip(segments, line.cell_length)
