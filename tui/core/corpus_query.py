"""Narrowing a corpus summary to what the user asked for, and named entities across articles.

Filters narrow the rows of a summary of the whole corpus instead of summarising only the
matching quotes again: the surname join ("Lavrov" into "Sergei Lavrov") depends on which
rows exist, so re-joining a filtered subset could split or rename a person as the user
types. Pure functions, no Textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from tui.core.corpus import CorpusSummary, SpeakerRow, speaker_key
from tui.core.models import Analysis, Quote

# Orders the speakers table cycles through; share of voice orders like the quote count.
SPEAKER_SORTS: dict[str, Callable[[SpeakerRow], tuple]] = {
    "quotes": lambda r: (-len(r.quotes), r.name.casefold()),
    "articles": lambda r: (-len(r.articles), -len(r.quotes), r.name.casefold()),
    "name": lambda r: (r.name.casefold(),),
    "named": lambda r: (not r.named, -len(r.quotes), r.name.casefold()),
}


def matches(query: str, *texts: str) -> bool:
    """Case-insensitive substring search; an empty query matches everything."""
    needle = query.strip().casefold()
    return not needle or any(needle in text.casefold() for text in texts)


def _kept(quote: Quote, kind: str | None) -> bool:
    return kind is None or quote.kind == kind


def narrow(
    summary: CorpusSummary, analyses: Iterable[Analysis], text: str = "", kind: str | None = None
) -> CorpusSummary:
    """The summary restricted to quotes of ``kind`` that match ``text``.

    A speaker whose name or an alias matches keeps all their quotes (of that kind); any
    other speaker keeps the quotes whose own text matches. Shares are then of the quotes
    left, so share of voice answers "who speaks about this".
    """
    rows = []
    for row in summary.speakers:
        by_name = matches(text, row.name, *row.aliases)
        quotes = [(s, q) for s, q in row.quotes if _kept(q, kind) and (by_name or matches(text, q.text))]
        if quotes:
            rows.append(replace(row, aliases=set(row.aliases), quotes=quotes, kinds=Counter(q.kind for _, q in quotes)))
    rows.sort(key=SPEAKER_SORTS["quotes"])
    unattributed = sum(
        1
        for analysis in analyses
        for q in analysis.quotes
        if q.speaker is None and _kept(q, kind) and matches(text, q.text)
    )
    return CorpusSummary(rows, sum(len(r.quotes) for r in rows) + unattributed, unattributed)


def articles_of(row: SpeakerRow, order: Sequence[str]) -> list[tuple[str, int]]:
    """``(source, quote count)`` for each article quoting ``row``, in corpus ``order``."""
    counts = Counter(source for source, _ in row.quotes)
    return [(source, counts[source]) for source in order if source in counts]


@dataclass(frozen=True)
class EntityRow:
    """One named entity across the corpus."""

    key: str  # normalised name, the same key a speaker row of that person has
    name: str  # the longest canonical form seen
    label: str  # the label the model gave it most often
    aliases: frozenset[str]
    articles: tuple[str, ...]  # sources, in corpus order
    mentions: int


def entity_rows(analyses: Iterable[Analysis], labels: Collection[str], text: str = "") -> list[EntityRow]:
    """Entities with a label in ``labels`` joined by name across articles, most widespread first.

    Joined on the normalised canonical name only: a surname-only entity stays its own row,
    since without a quote there is no speaker join to lean on.
    """
    names: dict[str, str] = {}
    label_counts: dict[str, Counter[str]] = {}
    aliases: dict[str, set[str]] = {}
    sources: dict[str, list[str]] = {}
    mentions: Counter[str] = Counter()
    for analysis in analyses:
        for entity in analysis.entities:
            if entity.label not in labels:
                continue
            key = speaker_key(entity.name)
            if len(entity.name) > len(names.get(key, "")):
                names[key] = entity.name
            label_counts.setdefault(key, Counter())[entity.label] += 1
            aliases.setdefault(key, set()).update(entity.aliases)
            seen = sources.setdefault(key, [])
            if analysis.article.source not in seen:
                seen.append(analysis.article.source)
            mentions[key] += len(entity.mentions)
    rows = [
        EntityRow(
            key,
            names[key],
            label_counts[key].most_common(1)[0][0],
            frozenset(aliases[key] - {names[key]}),
            tuple(sources[key]),
            mentions[key],
        )
        for key in names
        if matches(text, names[key], *aliases[key])
    ]
    rows.sort(key=lambda r: (-len(r.articles), -r.mentions, r.name.casefold()))
    return rows
