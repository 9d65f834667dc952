"""Narrowing a corpus summary to what the user asked for, and named entities across articles.

A filter is typed as words plus, optionally, ``speaker:NAME`` and ``entity:NAME`` (quote a
name with spaces: ``speaker:"Sergei Lavrov"``). Words match speaker names, quote text and
entity names; ``speaker:`` keeps the speakers whose names match; ``entity:`` keeps the
quotes of articles that mention a matching entity ("who is quoted where Russia comes up").
Case and accents are folded as in the speaker keys: ``speaker:erdogan`` finds "Erdoğan".

Filters narrow the rows of a summary of the whole corpus instead of summarising only the
matching quotes again: the surname join ("Lavrov" into "Sergei Lavrov") depends on which
rows exist, so re-joining a filtered subset could split or rename a person as the user
types. Pure functions, no Textual.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tui.core.corpus.labels import joined_key, label_votes
from tui.core.corpus.summary import CorpusSummary, SpeakerRow, fold, speaker_key, summarise
from tui.core.models import Analysis, Quote

# Orders the speakers table cycles through; share of voice orders like the quote count.
SPEAKER_SORTS: dict[str, Callable[[SpeakerRow], tuple]] = {
    "quotes": lambda r: (-len(r.quotes), r.name.casefold()),
    "articles": lambda r: (-len(r.articles), -len(r.quotes), r.name.casefold()),
    "name": lambda r: (r.name.casefold(),),
    "named": lambda r: (not r.named, -len(r.quotes), r.name.casefold()),
}


_FIELD = re.compile(r'\b(speaker|entity):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    words: str = ""
    speaker: str = ""
    entity: str = ""

    @classmethod
    def parse(cls, typed: str) -> Query:
        fields = {"speaker": "", "entity": ""}
        for match in _FIELD.finditer(typed):
            fields[match.group(1).lower()] = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        return cls(" ".join(_FIELD.sub(" ", typed).split()), **fields)


def _mentioning(analyses: Iterable[Analysis], name: str) -> set[str] | None:
    """Sources of the articles with an entity whose name or alias contains ``name``; None: no filter."""
    if not name:
        return None
    return {a.article.source for a in analyses if any(matches(name, e.name, *e.aliases) for e in a.entities)}


# Folded names and quote texts, kept between filter changes: narrow() compares every quote
# of the corpus on each key typed, and the texts do not change while the query does. The
# entries are short strings the analyses hold anyway; the bound keeps a huge corpus in check.
_folded = lru_cache(maxsize=1 << 17)(fold)


def matches(query: str, *texts: str) -> bool:
    """Substring search with case and accents folded ("erdogan" finds "Erdoğan"); an empty query matches everything."""
    needle = _folded(query.strip())
    return not needle or any(needle in _folded(text) for text in texts)


def _kept(quote: Quote, kind: str | None) -> bool:
    return kind is None or quote.kind == kind


def narrow(
    summary: CorpusSummary, analyses: Iterable[Analysis], typed: str = "", kind: str | None = None
) -> CorpusSummary:
    """The summary restricted to quotes of ``kind`` that match the filter ``typed``.

    A speaker whose name or an alias matches the words keeps all their quotes (of that
    kind); any other speaker keeps the quotes whose own text matches. Shares stay shares of
    every quote of the corpus (``CorpusSummary.all_quotes``): a speaker's figure never changes
    meaning under a filter; how many quotes match is ``total_quotes``.
    """
    analyses = list(analyses)
    query = Query.parse(typed)
    where = _mentioning(analyses, query.entity)
    rows = []
    for row in summary.speakers:
        names = (row.name, *row.aliases)  # the joined names are aliases of the row
        if not matches(query.speaker, *names):
            continue
        by_name = matches(query.words, *names)
        quotes = [
            (s, q)
            for s, q in row.quotes
            if _kept(q, kind) and (where is None or s in where) and (by_name or matches(query.words, q.text))
        ]
        if quotes:
            rows.append(replace(row, aliases=set(row.aliases), quotes=quotes, kinds=Counter(q.kind for _, q in quotes)))
    rows.sort(key=SPEAKER_SORTS["quotes"])
    unattributed = 0
    if not query.speaker:  # a quote with no speaker is nobody's
        unattributed = sum(
            1
            for analysis in analyses
            if where is None or analysis.article.source in where
            for q in analysis.quotes
            if q.speaker is None and _kept(q, kind) and matches(query.words, q.text)
        )
    return CorpusSummary(rows, sum(len(r.quotes) for r in rows) + unattributed, unattributed, summary.all_quotes)


def articles_of(row: SpeakerRow, order: Sequence[str]) -> list[tuple[str, int]]:
    """``(source, quote count)`` for each article quoting ``row``, in corpus ``order``."""
    counts = Counter(source for source, _ in row.quotes)
    return [(source, counts[source]) for source in order if source in counts]


@dataclass(frozen=True)
class EntityRow:
    """One named entity across the corpus."""

    key: str  # normalised name, the same key a speaker row of that person has
    name: str  # the longest canonical form seen
    label: str  # the label most of its mentions have across the corpus (label_votes)
    aliases: frozenset[str]
    articles: tuple[str, ...]  # sources, in corpus order
    mentions: int
    joined: tuple[tuple[str, str], ...] = ()  # (key, name) of the names a reviewer merged into it


def entity_rows(
    analyses: Iterable[Analysis],
    labels: Collection[str],
    typed: str = "",
    view: CorpusSummary | None = None,
    links: Mapping[str, str] | None = None,
) -> list[EntityRow]:
    """Entities with a label in ``labels`` joined by name across articles, most widespread first.

    Each name has the label most of its mentions have across all of ``analyses``
    (``label_votes``), and is listed when that label is in ``labels``.
    Joined on the normalised canonical name only: a surname-only entity stays its own row,
    since without a quote there is no speaker join to lean on. Of the filter ``typed``, the
    words and ``entity:`` match entity names; ``speaker:`` keeps the articles where the
    speakers table finds them quoted ("what comes up where Lavrov is quoted"), so the two
    tables agree on joins and reviewers' merges. ``view`` is that table's summary, narrowed
    by ``typed``, when the caller has it. ``links`` are a reviewer's merges and splits, the
    same ones the speakers table follows ("US" merged into "United States" is one referent
    in both tables).
    """
    links = links or {}
    analyses = list(analyses)
    query = Query.parse(typed)
    quoted_in: set[str] | None = None
    if query.speaker:
        view = view if view is not None else narrow(summarise(analyses), analyses, typed)
        quoted_in = {source for row in view.speakers for source, _ in row.quotes}
    votes = label_votes(analyses, links)
    names: dict[str, str] = {}
    own_names: dict[str, str] = {}  # the row's own name, before any name merged into it
    members: dict[str, dict[str, str]] = {}
    row_labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    sources: dict[str, list[str]] = {}
    mentions: Counter[str] = Counter()
    for analysis in analyses:
        if quoted_in is not None and analysis.article.source not in quoted_in:
            continue
        for entity in analysis.entities:
            name_key = speaker_key(entity.name)
            if votes[name_key] not in labels:
                continue
            key = joined_key(name_key, links)
            if name_key == key and len(entity.name) > len(own_names.get(key, "")):
                own_names[key] = entity.name
            elif name_key != key:
                members.setdefault(key, {}).setdefault(name_key, entity.name)
                aliases.setdefault(key, set()).add(entity.name)
            if len(entity.name) > len(names.get(key, "")):
                names[key] = entity.name
            aliases.setdefault(key, set()).update(entity.aliases)
            row_labels[key] = votes[name_key]  # the same for every name of a row: they voted as one
            seen = sources.setdefault(key, [])
            if analysis.article.source not in seen:
                seen.append(analysis.article.source)
            mentions[key] += len(entity.mentions)
    names.update(own_names)  # a row keeps its own name, not the longest name merged into it
    rows = [
        EntityRow(
            key,
            names[key],
            row_labels[key],
            frozenset(aliases[key] - {names[key]}),
            tuple(sources[key]),
            mentions[key],
            tuple(sorted(members.get(key, {}).items())),
        )
        for key in names
        if matches(query.words, names[key], *aliases[key]) and matches(query.entity, names[key], *aliases[key])
    ]
    rows.sort(key=lambda r: (-len(r.articles), -r.mentions, r.name.casefold()))
    return rows
