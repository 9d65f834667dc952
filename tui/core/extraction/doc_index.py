"""Lookups over one parsed article that the quote and speaker rules share.

Built once per Doc in linear time, so that each rule answers "which token is at this
offset", "is this token quoted", "which entity is this" and "which paragraph" in constant
or logarithmic time, even for book-length text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from tui.core.extraction.quote_marks import Quoted
from tui.core.models import Entity

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


class DocIndex:
    def __init__(self, doc: Doc, entities: tuple[Entity, ...], quoted: list[Quoted]) -> None:
        self.doc = doc
        self.text = doc.text
        self.entities = entities
        self.quoted = quoted
        self.starts = [t.idx for t in doc]
        breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(self.text)]
        if not breaks and "\n" in self.text.strip():
            breaks = [m.end() for m in re.finditer(r"\n", self.text)]
        self.paragraph_starts = [0, *breaks]
        # Token.sent walks its whole sentence on every call: a paragraph the parser took for
        # one huge sentence would make every lookup in it cost the paragraph's length.
        self.sentence_starts = [sent.start for sent in doc.sents] if len(doc) else []
        self.entity_of: list[int | None] = [None] * len(doc)  # token -> index into entities
        self.mention_of: list[tuple[int, int] | None] = [None] * len(doc)
        for n, entity in enumerate(entities):
            for start, end in entity.mentions:
                for i in self.token_range(start, end):
                    self.entity_of[i] = n
                    self.mention_of[i] = (start, end)
        self.quote_of: list[int | None] = [None] * len(doc)  # token -> index into quoted (marks included)
        for n, q in enumerate(quoted):
            for i in self.token_range(q.open, max(q.close, q.end)):
                self.quote_of[i] = n

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or last starting before) a character offset."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def token_range(self, start: int, end: int) -> range:
        """Tokens that start inside [start, end), plus the one straddling ``start``."""
        if not self.starts or end <= start:
            return range(0)
        first = self.token_at(start)
        if self.starts[first] + len(self.doc[first].text) <= start:
            first += 1
        last = bisect_right(self.starts, end - 1)
        return range(first, max(first, last))

    def sentence(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence holding token ``i``."""
        n = bisect_right(self.sentence_starts, i) - 1
        end = self.sentence_starts[n + 1] if n + 1 < len(self.sentence_starts) else len(self.doc)
        return self.sentence_starts[n], end

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        n = self.paragraph(offset)
        end = self.paragraph_starts[n + 1] if n + 1 < len(self.paragraph_starts) else len(self.text)
        return self.paragraph_starts[n], end

    def entity(self, token: Token) -> Entity | None:
        n = self.entity_of[token.i]
        return None if n is None else self.entities[n]

    def end_char(self, token: Token) -> int:
        return token.idx + len(token.text)

    def after_quote(self, token: Token) -> bool:
        """Whether a quote ends right before ``token``, across commas and spaces ('"...," said')."""
        doc, before = token.doc, token.i - 1
        while before >= 0 and (doc[before].is_space or doc[before].text == ","):
            before -= 1
        return before >= 0 and self.quote_of[before] is not None
