"""A corpus speaker's statements (or an entity's mentions), article after article: what ``]``
and ``[`` walk after the corpus view (or the palette) opened an article for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.corpus.summary import SpeakerRow


@dataclass(frozen=True)
class CorpusWalk:
    name: str  # the corpus row's name, for messages
    articles: tuple[tuple[str, tuple[str, ...]], ...]  # (source, their quote ids there), corpus order
    entity: bool = False  # an entity's mentions (no quote ids) rather than a speaker's statements

    @classmethod
    def of_speaker(cls, row: SpeakerRow, order: Sequence[str]) -> CorpusWalk:
        """Every article quoting ``row``, in corpus ``order``, with the ids of their quotes.

        The ids, not the name, say which statements are theirs: a corpus row can join
        names an article keeps apart ("Lavrov" and "Sergei Lavrov").
        """
        ids: dict[str, list[str]] = {}
        for source, quote in row.quotes:
            ids.setdefault(source, []).append(quote.id)
        return cls(row.name, tuple((source, tuple(ids[source])) for source in order if source in ids))

    @classmethod
    def of_entity(cls, name: str, sources: Iterable[str]) -> CorpusWalk:
        return cls(name, tuple((source, ()) for source in sources), entity=True)

    @property
    def first(self) -> str:
        return self.articles[0][0]

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
