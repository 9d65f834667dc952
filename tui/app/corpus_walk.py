"""A corpus speaker's statements (or an entity's mentions), article after article: what ``]``
and ``[`` walk after the corpus view opened an article for them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CorpusWalk:
    name: str  # the corpus row's name, for messages
    articles: tuple[tuple[str, tuple[str, ...]], ...]  # (source, their quote ids there), corpus order
    entity: bool = False  # an entity's mentions (no quote ids) rather than a speaker's statements

    def ids_in(self, source: str) -> tuple[str, ...]:
        return next((ids for s, ids in self.articles if s == source), ())

    def position(self, source: str) -> int:
        """1-based place of ``source`` in the walk (0: not in it)."""
        return next((i for i, (s, _) in enumerate(self.articles, 1) if s == source), 0)

    def next_source(self, source: str, step: int) -> str | None:
        """The article ``step`` (+1 or -1) away from ``source``; None past either end."""
        place = self.position(source)
        if not place:
            return None
        index = place - 1 + step
        return self.articles[index][0] if 0 <= index < len(self.articles) else None
