"""The article text: one widget per paragraph, restyled only where the marks changed.

Choosing a speaker in a long article touches a handful of paragraphs, so only those
repaint; the layout is redone only when labels change the text's length.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget

from tui.app import keys, render
from tui.app.render import Mark, Paragraph, Selection
from tui.core.models import Analysis, Article


class ParagraphView(Widget):
    """One paragraph; ``render`` returns Content, so the article is never parsed as markup."""

    DEFAULT_CSS = """
    ParagraphView { height: auto; margin-bottom: 1; }
    """

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def render(self) -> Content:
        return self.content

    def show(self, content: Content, relayout: bool) -> None:
        self.content = content
        self.refresh(layout=relayout)


class ArticleView(VerticalScroll, can_focus=True):
    BINDINGS = keys.bindings("text")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.paragraphs: list[Paragraph] = []
        self._starts: list[int] = []
        self._views: list[ParagraphView] = []
        self._marks: list[tuple[Mark, ...]] = []
        self._overlay: list[tuple[Mark, ...]] = []
        self._labels: list[tuple[tuple[int, str], ...]] = []
        self._labels_on = False

    async def show_article(self, article: Article) -> None:
        """Plain text at once; marks follow with ``set_analysis``."""
        self.article = article
        self.paragraphs = render.split_paragraphs(article.text)
        self._starts = [p[0] for p in self.paragraphs]
        empty: tuple = ()
        self._marks = [empty] * len(self.paragraphs)
        self._overlay = [empty] * len(self.paragraphs)
        self._labels = [empty] * len(self.paragraphs)
        self._views = [ParagraphView(self._content(i)) for i in range(len(self.paragraphs))]
        await self.remove_children()
        await self.mount_all([*self._title(article), *self._views])
        self.scroll_home(animate=False)

    @staticmethod
    def _title(article: Article) -> list[ParagraphView]:
        """A heading, unless the text already opens with its title (most files do)."""
        if not article.title or article.title in article.text[: len(article.title) + 200]:
            return []
        title = ParagraphView(Content(article.title).stylize("bold"))
        title.add_class("title")
        return [title]

    def set_analysis(self, analysis: Analysis | None, labels_on: bool) -> None:
        empty: tuple = ()
        if analysis is None:
            self._marks = [empty] * len(self.paragraphs)
            self._labels = [empty] * len(self.paragraphs)
        else:
            self._marks = render.by_paragraph(self.paragraphs, render.entity_marks(analysis))
            self._labels = render.labels_by_paragraph(self.paragraphs, render.label_points(analysis))
        self._overlay = [empty] * len(self.paragraphs)
        self._labels_on = labels_on
        self._repaint(range(len(self.paragraphs)), relayout=labels_on)

    def set_labels(self, on: bool) -> None:
        self._labels_on = on
        self._repaint([i for i, tags in enumerate(self._labels) if tags], relayout=True)

    def set_selection(self, analysis: Analysis, selection: Selection) -> None:
        styles = render.MONOCHROME if self.app.no_color else render.COLOURED
        overlay = render.by_paragraph(self.paragraphs, render.selection_marks(analysis, selection, styles))
        changed = [i for i, (old, new) in enumerate(zip(self._overlay, overlay)) if old != new]
        self._overlay = overlay
        self._repaint(changed, relayout=False)

    def _content(self, index: int) -> Content:
        return render.paragraph_content(
            self.article.text if self.article else "",
            self.paragraphs[index],
            self._marks[index],
            self._overlay[index],
            self._labels[index] if self._labels_on else (),
        )

    def _repaint(self, indexes: Sequence[int] | range, relayout: bool) -> None:
        for index in indexes:
            self._views[index].show(self._content(index), relayout)

    def paragraph_content(self, index: int) -> Content:
        """What paragraph ``index`` shows now (for tests and the benchmark)."""
        return self._views[index].content

    def paragraph_index(self, offset: int) -> int:
        return render.paragraph_of(self.paragraphs, self._starts, offset)

    def scroll_to_offset(self, offset: int) -> None:
        if self._views:
            self.scroll_to_center(self._views[self.paragraph_index(offset)], animate=False)
