"""Finding quoted passages by their marks, in one pass over the text.

Marks pair by type (“ with ”, « with », " with "), so a mark of another type inside a quote
is a nested quote and stays part of the text. A paragraph that opens a quote without
closing it continues into the next paragraph when that one opens with the same mark (the
printing convention for long quotes); otherwise the quote ends with its paragraph. Single
marks double as apostrophes, so they count as quote marks only where an apostrophe cannot
be (not between letters, not after a digit) and only when they close in the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> the marks that may close it
CLOSERS: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ ” (and a second “ typed for a closer)
    "\u201e": "\u201c\u201d",  # „ “ (German)
    "\u201f": "\u201d",
    '"': '"',
    "\u00ab": "\u00bb",  # « »
    "\u2039": "\u203a",  # ‹ ›
    "\u2018": "\u2019",  # ‘ ’
    "\u201a": "\u2018\u2019",  # ‚ ‘
    "'": "'",
}
# Marks that are closers in one style and openers in another (» Danish «, ” Swedish ”).
REVERSED_OPENERS: dict[str, str] = {"\u00bb": "\u00ab\u00bb", "\u201d": "\u201d", "\u203a": "\u2039\u203a"}
# Curly and angle openers are unambiguous, so one inside an open quote of its own type nests.
NESTABLE = frozenset("\u201c\u00ab\u2039\u201e")
SINGLE = frozenset("'\u2018\u2019\u201a\u2039\u203a")
MARK_OR_BREAK = re.compile("\n[ \t\r\f\v]*\n|[\"'\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a]")


@dataclass(frozen=True)
class Quoted:
    """One top-level quoted passage: ``text[start:end]`` is inside the marks."""

    open: int  # offset of the opening mark
    start: int
    end: int
    close: int  # offset just after the closing mark (== end when the quote runs to its paragraph's end)
    mark: str  # the opening mark


def _before(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else " "


def _after(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else " "


def _can_open(text: str, i: int) -> bool:
    """Something follows and no word is glued before: `said "Yes` but not `6'2"` or `don't`."""
    return not _after(text, i).isspace() and not _before(text, i).isalnum()


def _can_close(text: str, i: int) -> bool:
    before, after = _before(text, i), _after(text, i)
    if before.isspace() and not after.isspace() and after not in ".,;:!?)]":
        return False  # looks like an opener
    if text[i] in SINGLE and before.isalpha() and after.isalpha():
        return False  # an apostrophe: don't, O'Connell
    return True


def _paragraph_starts_with(text: str, pos: int, mark: str) -> int:
    """Offset of ``mark`` when the paragraph starting at ``pos`` opens with it, else -1."""
    j = pos
    while j < len(text) and text[j] in " \t":
        j += 1
    return j if j < len(text) and text[j] == mark else -1


def find_quoted(text: str) -> list[Quoted]:
    """Top-level quoted passages in text order; never raises, every offset inside ``text``."""
    found: list[Quoted] = []
    opened: tuple[int, str, str] | None = None  # (offset, opening mark, closers)
    depth = 0  # nested quotes of the same curly type
    skip_until = -1
    for match in MARK_OR_BREAK.finditer(text):
        i = match.start()
        if i < skip_until:
            continue
        piece = match.group()
        if piece[0] == "\n":  # paragraph break
            if opened is None:
                continue
            at, mark, closers = opened
            cont = _paragraph_starts_with(text, match.end(), mark)
            if cont != -1:
                skip_until = cont + 1  # the continuation's opening mark is not a new quote
                continue
            if mark not in SINGLE:
                found.append(_make(text, at, i, i, mark))
            opened, depth = None, 0
            continue
        if opened is None:
            if _is_opener(text, i):
                closers = CLOSERS.get(piece) or REVERSED_OPENERS[piece]
                opened, depth = (i, piece, closers), 0
            continue
        at, mark, closers = opened
        if piece == mark and mark in NESTABLE and _can_open(text, i):
            depth += 1  # a nested quote of the same type
            continue
        if piece in closers and _can_close(text, i):
            if depth:
                depth -= 1
                continue
            found.append(_make(text, at, i, i + 1, mark))
            opened = None
    if opened is not None and opened[1] not in SINGLE:
        found.append(_make(text, opened[0], len(text), len(text), opened[1]))
    return [q for q in found if q.end > q.start]


def _is_opener(text: str, i: int) -> bool:
    mark = text[i]
    if mark in CLOSERS:
        if mark in SINGLE and not _can_open_single(text, i):
            return False
        return _can_open(text, i)
    # A closing-type mark opens only where nothing else could explain it (Swedish ”...”).
    return mark in REVERSED_OPENERS and mark not in SINGLE and _before(text, i).isspace() and _can_open(text, i)


def _can_open_single(text: str, i: int) -> bool:
    """A single mark opens a quote only after a space or bracket and before a letter."""
    before, after = _before(text, i), _after(text, i)
    return (before.isspace() or before in "([{-\u2014\u2013") and after.isalpha()


def _make(text: str, mark_at: int, inner_end: int, close: int, mark: str) -> Quoted:
    start = mark_at + 1
    end = inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quoted(mark_at, start, end, close, mark)
