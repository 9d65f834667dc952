"""How much text a quote added by a reviewer covers, from where they found it.

A reviewer points at a few words (a search match, a statement) and presses a key: the quote
is the passage inside the quote marks around those words in their paragraph, else the
sentence holding them. Quote marks are found as the extractor finds them (``quote_marks``).
"""

from __future__ import annotations

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
