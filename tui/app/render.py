"""From an analysis and the user's selection to styled Content, one paragraph at a time.

Pure functions, no widgets: the text pane asks for the marks of each paragraph and only
repaints the paragraphs whose marks changed. Every offset is a character offset into
``Article.text``; paragraph boundaries never move, so a mark always lands in the same
paragraph whatever is chosen.

Styles are Content style strings with theme variables, resolved when painted, so a theme
change recolours everything and NO_COLOR still leaves the underline/italic/bold cues.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content, Span

from tui.core.models import Analysis, Entity, Quote
from tui.core.untrusted import clean_line

Mark = tuple[int, int, str]  # (start, end, style) in article offsets
Paragraph = tuple[int, int]  # (start, end) in article offsets


@dataclass(frozen=True)
class EntityType:
    """How one group of spaCy labels is listed and marked."""

    key: str
    title: str  # group heading in the entity list and the legend
    labels: tuple[str, ...]
    style: str  # colour from the theme plus an attribute that survives NO_COLOR
    tag: str  # the inline label shown with `l`


ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType("person", "People", ("PERSON",), "bold underline $text-accent", "person"),
    EntityType("org", "Organisations", ("ORG",), "underline2 $text-primary", "org"),
    EntityType("place", "Places", ("GPE", "LOC", "FAC"), "italic underline $text-success", "place"),
    EntityType("group", "Groups", ("NORP",), "italic $text-warning", "group"),
    EntityType(
        "other",
        "Other names",
        ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"),
        "underline $text-secondary",
        "name",
    ),
)
# Dates, numbers and amounts are not who-or-where: neither listed nor marked.
_TYPE_BY_LABEL = {label: t for t in ENTITY_TYPES for label in t.labels}

# Statements are tinted behind the text, entities are coloured in front of it, so both can
# show at once and stay apart; the tint differs by kind.
STATEMENT_STYLES: dict[str, str] = {
    "direct": "on $primary 40%",
    "indirect": "on $secondary 40%",
    "mixed": "on $warning 35%",
}
MENTION_STYLE = "on $accent 40%"
SEARCH_STYLE = "on $warning 60%"
CURRENT_STYLE = "reverse"  # the statement, mention or match the user moved to
PICKED_STYLE = "underline on $success 50%"  # a reviewer's selection (a quote to add, an extent)
LABEL_STYLE = "dim"


@dataclass(frozen=True)
class MarkStyles:
    statement: dict[str, str]
    mention: str
    search: str
    current: str
    picked: str


COLOURED = MarkStyles(STATEMENT_STYLES, MENTION_STYLE, SEARCH_STYLE, CURRENT_STYLE, PICKED_STYLE)
# NO_COLOR turns tints into near-identical greys: mark with attributes instead.
MONOCHROME = MarkStyles(
    dict.fromkeys(STATEMENT_STYLES, "reverse"), "reverse", "reverse", "bold underline", "italic underline reverse"
)


def entity_type(label: str) -> EntityType | None:
    return _TYPE_BY_LABEL.get(label)


def shown_entities(analysis: Analysis) -> list[Entity]:
    return [e for e in analysis.entities if entity_type(e.label) is not None]


# Paragraphs ---------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs at blank lines (at line breaks when the text has no blank line)."""
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else re.compile(r"\n\s*")
    paragraphs: list[Paragraph] = []
    start = 0
    for match in separator.finditer(text):
        if text[start : match.start()].strip():
            paragraphs.append((start, match.start()))
        start = match.end()
    if text[start:].strip() or not paragraphs:
        paragraphs.append((start, len(text)))
    return paragraphs


def paragraph_of(paragraphs: Sequence[Paragraph], starts: Sequence[int], offset: int) -> int:
    """Index of the paragraph holding ``offset`` (or the nearest one before it)."""
    return max(0, bisect_right(starts, offset) - 1)


def by_paragraph(paragraphs: Sequence[Paragraph], marks: Iterable[Mark]) -> list[tuple[Mark, ...]]:
    """Marks clipped to each paragraph; a mark across a paragraph break lands in both."""
    starts = [p[0] for p in paragraphs]
    buckets: list[list[Mark]] = [[] for _ in paragraphs]
    for start, end, style in marks:
        first = paragraph_of(paragraphs, starts, start)
        last = max(first, bisect_left(starts, end) - 1)
        for index in range(first, last + 1):
            p_start, p_end = paragraphs[index]
            s, e = max(start, p_start), min(end, p_end)
            if s < e:
                buckets[index].append((s, e, style))
    return [tuple(b) for b in buckets]


# Marks --------------------------------------------------------------------------------


def entity_marks(analysis: Analysis) -> list[Mark]:
    marks = []
    for entity in shown_entities(analysis):
        style = entity_type(entity.label).style  # type: ignore[union-attr]
        marks.extend((start, end, style) for start, end in entity.mentions)
    return marks


@dataclass(frozen=True)
class Subject:
    """A chosen speaker or entity: an entity id, or a speaker known only by name."""

    name: str
    entity: str | None = None


def statements(analysis: Analysis, subject: Subject | None) -> tuple[Quote, ...]:
    if subject is None:
        return analysis.quotes
    if subject.entity is not None:
        return analysis.quotes_by(subject.entity)
    return tuple(
        q for q in analysis.quotes if q.speaker and q.speaker.entity is None and q.speaker.name == subject.name
    )


def targets(analysis: Analysis, subject: Subject | None) -> list[tuple[int, int]]:
    """What ] and [ walk: the subject's statements, else its mentions, else every quote."""
    said = statements(analysis, subject)
    if said or subject is None or subject.entity is None:
        return [(q.start, q.end) for q in said]
    entity = analysis.entity(subject.entity)
    return list(entity.mentions) if entity else []


@dataclass(frozen=True)
class Selection:
    subject: Subject | None = None
    current: tuple[int, int] | None = None
    search: str = ""
    picked: tuple[int, int] | None = None  # a reviewer's selection of text (keys v, w, ( ), or the mouse)
    moving: str = "end"  # which end of ``picked`` the keys move: "start" or "end"
    extent_of: str | None = None  # the quote whose extent ``picked`` adjusts (key e), if any


def search_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Case-insensitive literal matches (a typed ``.`` is a dot, not a pattern)."""
    if not query:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


def selection_marks(analysis: Analysis, selection: Selection, styles: MarkStyles = COLOURED) -> list[Mark]:
    marks: list[Mark] = []
    subject = selection.subject
    if subject is not None:
        said = statements(analysis, subject)
        marks.extend((q.start, q.end, styles.statement[q.kind]) for q in said)
        if not said and subject.entity is not None:
            marks.extend((s, e, styles.mention) for s, e in targets(analysis, subject))
    marks.extend((s, e, styles.search) for s, e in search_matches(analysis.article.text, selection.search))
    if selection.current is not None:
        marks.append((*selection.current, styles.current))
    if selection.picked is not None:
        marks.append((*selection.picked, styles.picked))
    return marks


# Content ------------------------------------------------------------------------------


def paragraph_content(
    text: str,
    paragraph: Paragraph,
    marks: Sequence[Mark],
    overlay: Sequence[Mark] = (),
    labels: Sequence[tuple[int, str]] = (),
) -> Content:
    """One paragraph as Content: never parsed as markup, so ``[b]`` in an article stays ``[b]``.

    ``labels`` are (offset, tag) pairs inserted after entity mentions when labels are on;
    marks are shifted past the inserted tags.
    """
    p_start, p_end = paragraph
    # Line breaks inside a paragraph come from hard-wrapped sources: reflow them to the
    # pane's width. One character for one, so offsets keep their meaning.
    plain = text[p_start:p_end].replace("\n", " ").replace("\t", " ")
    if not labels:
        spans = [Span(s - p_start, e - p_start, style) for s, e, style in (*marks, *overlay)]
        return Content(plain, spans)

    inserts = sorted((offset - p_start, f"[{tag}]") for offset, tag in labels if p_start < offset <= p_end)
    points = [p for p, _ in inserts]
    added: list[int] = []  # total inserted length up to and including each insert
    total = 0
    for _, tag in inserts:
        total += len(tag)
        added.append(total)

    def shift(offset: int, after_tags: bool) -> int:
        index = bisect_right(points, offset) if after_tags else bisect_left(points, offset)
        return offset + (added[index - 1] if index else 0)

    pieces, spans, cursor = [], [], 0
    for (point, tag), shift_to in zip(inserts, added):
        pieces.append(plain[cursor:point])
        pieces.append(tag)
        spans.append(Span(point + shift_to - len(tag), point + shift_to, LABEL_STYLE))
        cursor = point
    pieces.append(plain[cursor:])
    for s, e, style in (*marks, *overlay):
        spans.append(Span(shift(s - p_start, True), shift(e - p_start, False), style))
    return Content("".join(pieces), spans)


def label_points(analysis: Analysis) -> list[tuple[int, str]]:
    """Where inline type labels go: after each mention of a listed entity."""
    points = []
    for entity in shown_entities(analysis):
        tag = entity_type(entity.label).tag  # type: ignore[union-attr]
        points.extend((end, tag) for _, end in entity.mentions)
    return points


def labels_by_paragraph(
    paragraphs: Sequence[Paragraph], points: Iterable[tuple[int, str]]
) -> list[tuple[tuple[int, str], ...]]:
    starts = [p[0] for p in paragraphs]
    buckets: list[list[tuple[int, str]]] = [[] for _ in paragraphs]
    for offset, tag in points:
        buckets[paragraph_of(paragraphs, starts, offset - 1)].append((offset, tag))
    return [tuple(b) for b in buckets]


# Lists --------------------------------------------------------------------------------


def one_line(text: str, width: int) -> str:
    """A quote's start on one line, cut at a word where possible (and cleaned once more: a
    list row is where a string that slipped past loading would reach the terminal)."""
    flat = clean_line(text)
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width - 1)
    return flat[: cut if cut > width // 2 else width - 1] + "…"


def speaker_name(quote: Quote) -> str:
    return clean_line(quote.speaker.name) if quote.speaker else "(no speaker)"


def quote_subject(quote: Quote) -> Subject | None:
    if quote.speaker is None:
        return None
    return Subject(quote.speaker.name, quote.speaker.entity)


def quote_clipboard_text(quote: Quote) -> str:
    """What ``y`` copies: the words and who said them, ready to paste into a draft."""
    body = " ".join(quote.text.split())
    who = speaker_name(quote)
    if quote.kind == "indirect":
        return f"{who} ({quote.cue or 'reported'}): {body}"
    return f"“{body}” — {who}"


def legend() -> Content:
    """The entity colour legend for the help screen, each type in its own style."""
    lines = []
    for t in ENTITY_TYPES:
        sample = Content(t.title).stylize(t.style)
        lines.append(Content.assemble(sample, f"  [{t.tag}]  ", (" / ".join(t.labels), "dim")))
    for kind, style in STATEMENT_STYLES.items():
        lines.append(Content.assemble((f"{kind} statement", style)))
    lines.append(Content.assemble(("mention of the chosen entity", MENTION_STYLE)))
    lines.append(Content.assemble(("the statement or mention you moved to", CURRENT_STYLE)))
    return Content("\n").join(lines)
