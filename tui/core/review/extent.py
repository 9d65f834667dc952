"""How much text a quote added or corrected by a reviewer covers.

A reviewer points at a few words (a search match, a statement) and presses a key: the quote
is the passage inside the quote marks around those words in their paragraph, else the
sentence holding them. Quote marks are found as the extractor finds them (``quote_marks``).
Or the reviewer selects the extent exactly, from the keyboard, by moving either end of a
selection a word or a sentence at a time (``word_at``, ``moved``).
"""

from __future__ import annotations

import re

from tui.core.extraction.quote_marks import CLOSERS, REVERSED_OPENERS, find_quoted

SENTENCE_END = ".!?"
# Marks that may follow a sentence's final stop: every closing mark the extractor knows.
CLOSING_MARKS = frozenset("".join(CLOSERS.values())) | frozenset(REVERSED_OPENERS)


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The quote to add for words at ``start:end``: the words inside the quote marks around
    them in their paragraph, else the sentence holding them."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    for quoted in find_quoted(text[para_start:para_end]):
        if quoted.open < start - para_start and end - para_start <= quoted.close:
            return para_start + quoted.start, para_start + quoted.end

    def ends_sentence(i: int) -> int | None:
        """Where a sentence ending with the mark at ``i`` stops (past closing quote marks)."""
        if text[i] not in SENTENCE_END:
            return None
        j = i + 1
        while j < para_end and text[j] in CLOSING_MARKS:
            j += 1
        return j if j >= para_end or text[j].isspace() else None

    sentence_start = para_start
    for i in range(start - 1, para_start - 1, -1):
        stop = ends_sentence(i)
        if stop is not None and stop <= start:
            sentence_start = stop
            break
    sentence_end = para_end
    for i in range(max(end - 1, start), para_end):
        stop = ends_sentence(i)
        if stop is not None:
            sentence_end = stop
            break
    return _trimmed(text, sentence_start, sentence_end) or (start, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


# --- a reviewer's selection, moved one word or one sentence at a time ----------------------

# A word for moving a selection: letters and digits, with inner apostrophes and hyphens, so
# a selection starts after an opening quote mark and a word step ends before a comma.
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD.finditer(text)]


def _word_ends(text: str) -> list[int]:
    return [m.end() for m in _WORD.finditer(text)]


_STOP = re.compile(r"[.!?]")
_LINE_END = re.compile(r"\S(?=[ \t]*\n)")
WINDOW = 5000  # characters either side of the moving end that a step looks at


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end: after the stop, and again past the closing quote marks after it
    (a direct quote ends inside its marks); and where lines end."""
    ends = {len(text.rstrip())}
    ends.update(m.end() for m in _LINE_END.finditer(text))
    for m in _STOP.finditer(text):
        j = m.end()
        while j < len(text) and text[j] in CLOSING_MARKS:
            j += 1
        if j >= len(text) or text[j].isspace():
            ends.update((m.end(), j))
    return sorted(ends)


def _sentence_starts(text: str) -> list[int]:
    starts = set()
    for end in [0, *_sentence_ends(text)]:
        rest = len(text) - len(text[end:].lstrip())
        if rest < len(text) and text[rest] not in CLOSING_MARKS:
            starts.add(rest)
    return sorted(starts)


def word_at(text: str, offset: int) -> tuple[int, int]:
    """The word at ``offset``, else the next one (the last one at the end): where a keyboard
    selection begins."""
    base = max(0, offset - WINDOW)
    words = [(base + a, base + b) for a, b in (m.span() for m in _WORD.finditer(text[base : offset + WINDOW]))]
    if not words:
        return (offset, min(len(text), offset + 1))
    return next((w for w in words if w[1] > offset), words[-1])


def moved(text: str, span: tuple[int, int], side: str, unit: str, step: int) -> tuple[int, int]:
    """``span`` with its ``side`` ("start" or "end") moved ``step`` (1 or -1) words or sentences.

    A start lands on the first character of a word or sentence, an end just past the last
    one; the span never becomes empty (a move that would cross the other side stays put).
    """
    start, end = span
    here = start if side == "start" else end
    # Only the text around the moving end is looked at, so a step costs the same in a long article.
    base = max(0, here - WINDOW)
    window = text[base : here + WINDOW]
    if unit == "word":
        found = _word_starts(window) if side == "start" else _word_ends(window)
    else:
        found = _sentence_starts(window) if side == "start" else _sentence_ends(window)
    points = [base + p for p in found]
    if step > 0:
        target = next((p for p in points if p > here), None)
    else:
        target = next((p for p in reversed(points) if p < here), None)
    if target is None:
        return span
    new = (target, end) if side == "start" else (start, target)
    return new if new[0] < new[1] else span
