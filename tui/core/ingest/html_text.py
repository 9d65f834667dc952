"""The headline and main text of an HTML page: the article, not the page around it.

Kept apart from ``sources`` so the HTML parser is imported only when an HTML file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose text is not the article: code, navigation, page furniture, forms, captions.
_HTML_SKIP = frozenset(
    "script style noscript template head nav header footer aside form button select iframe svg figure dialog".split()
)
# Elements that start a new paragraph of text.
_HTML_BLOCKS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr "
    "address figcaption details summary".split()
)
_HTML_LINE_BREAKS = frozenset(("br", "hr"))
# Without <article> or <main>, these are the paragraphs of the body (menus are lists and divs).
_HTML_PROSE = frozenset("p blockquote pre h2 h3 h4 h5 h6".split())
# Page furniture inside the article that news sites mark by class or id: bylines and
# datelines (read as metadata instead), share buttons, related links, ads, newsletters.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:byline|author|dateline|share|sharing|social|related|promo|advert|ads?|sponsor|"
    r"newsletter|subscribe|cookie|consent|breadcrumbs?|comments?|tags|caption|toolbar|paywall|"
    r"sidebar|widget|recommend\w*|more-stories|read-more|skip-link|visually-hidden|sr-only)(?:$|[\s_-])",
    re.I,
)
# Elements whose class never hides the article: the article itself may be "post-share-x".
_HTML_CONTAINERS = frozenset("html body main article".split())
_HTML_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    """An element marked as furniture by its class or id, or hidden from readers."""
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
        if name in ("class", "id") and value and _FURNITURE.search(value):
            return True
    return False


@dataclass(frozen=True)
class _Block:
    text: str
    tag: str  # the innermost block element around the text
    article: int | None  # which <article> element it is in (several on some pages)
    in_main: bool


class _PageText(HTMLParser):
    """Paragraphs of a page with where each sits, and the headline; tolerant of bad HTML."""

    def __init__(self, by_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.by_class = by_class
        self.blocks: list[_Block] = []
        self.title: list[str] = []  # <title>
        self.h1: list[str] = []  # the first <h1>, even inside a skipped <header>
        self._open: list[str] = []
        self._skipped: list[bool] = []  # beside _open: whether that element's text is skipped
        self._articles: list[int] = []
        self._article_count = 0
        self._skipping = 0
        self._h1_done = False
        self._text: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text.clear()
        if text:
            tag = next((t for t in reversed(self._open) if t in _HTML_BLOCKS), "body")
            article = self._articles[-1] if self._articles else None
            self.blocks.append(_Block(text, tag, article, "main" in self._open))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_LINE_BREAKS:
            self._flush()
        if tag in _HTML_VOID:
            return
        if tag in _HTML_BLOCKS:
            self._flush()
            if self._open and self._open[-1] == "p":  # a block inside <p> closes it (HTML's rule)
                self._close_top()
        skip = tag in _HTML_SKIP or (self.by_class and tag not in _HTML_CONTAINERS and _is_furniture(attrs))
        self._open.append(tag)
        self._skipped.append(skip)
        self._skipping += skip
        if tag == "article":
            self._article_count += 1
            self._articles.append(self._article_count)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:  # a stray end tag
            return
        # An inline element (a link, <em>) ends inside a paragraph; only a block ends one.
        closing = self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]
        if any(t in _HTML_BLOCKS or t in _HTML_SKIP for t in closing) or self._skipped[-len(closing)]:
            self._flush()
        while self._open:
            closed = self._close_top()
            if closed == "h1" and self.h1:
                self._h1_done = True
            if closed == tag:
                break

    def _close_top(self) -> str:
        closed = self._open.pop()
        self._skipping -= self._skipped.pop()
        if closed == "article":
            self._articles.pop()
        return closed

    def handle_data(self, data: str) -> None:
        if "title" in self._open:
            self.title.append(data)
        if "h1" in self._open and not self._h1_done:
            self.h1.append(data)
        if not self._skipping:
            self._text.append(data)


def html_text(page: str) -> tuple[str | None, str]:
    """The headline and the main text of an HTML page, paragraphs separated by blank lines.

    The main text is the largest <article>, else <main>, else the body's paragraphs (or all
    of its text when it has no paragraphs); page furniture (_HTML_SKIP, and elements whose
    class says so) never counts, unless a class hid everything (a wrapper named "has-share").
    """
    title, text = _page_text(page, by_class=True)
    return (title, text) if text else _page_text(page, by_class=False)


def _page_text(page: str, by_class: bool) -> tuple[str | None, str]:
    parser = _PageText(by_class)
    parser.feed(page)
    parser.close()
    parser._flush()
    blocks = parser.blocks
    sizes: dict[int, int] = {}
    for block in blocks:
        if block.article is not None:
            sizes[block.article] = sizes.get(block.article, 0) + len(block.text)
    if sizes:
        chosen = max(sizes, key=sizes.__getitem__)
        blocks = [b for b in blocks if b.article == chosen]
    elif any(b.in_main for b in blocks):
        blocks = [b for b in blocks if b.in_main]
    else:
        blocks = [b for b in blocks if b.tag in _HTML_PROSE] or blocks
    title = " ".join("".join(parser.h1 or parser.title).split()) or None
    return title, "\n\n".join(b.text for b in blocks)
