"""Who is quoted where, across many analysed articles.

A person named in several articles is one row here: rows are joined by canonical name, by
alias, and a surname-only row ("Lavrov") joins the single full-name row it can belong to
("Sergei Lavrov"). The surname join is for people only: "Australia" (a country) never joins
"ABC Australia". A bare one-word proper name the resolver did not link to an entity
("Trump") joins a person the same way, by surname or alias. A reviewer's links (kept in the
review store) override that: a name linked to another row joins it, a name linked to itself
stays a row of its own. Unnamed sources ("officials", "a spokesperson") stay rows of their
own, flagged as unnamed so share-of-voice can set named against unnamed voices.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from tui.core.extraction.cues import COMMON_SOURCE_NOUNS, PERSONAL_PRONOUNS
from tui.core.extraction.names import surname_key
from tui.core.models import Analysis, Quote

_WORD = re.compile(r"[\w'-]+")


def fold(text: str) -> str:
    """``text`` with case and accents folded ("Erdoğan" -> "erdogan", "O’Brien" -> "o'brien").

    The one folding of the corpus: speaker keys are built on it and the corpus filter
    compares with it, so what joins as one name is also found by one spelling.
    """
    folded = text.casefold()
    if folded.isascii():  # most text: NFKD would leave it as it is
        return folded
    folded = unicodedata.normalize("NFKD", folded.replace("\u2019", "'")).translate(_UNDECOMPOSED)
    if folded.isascii():  # only curly apostrophes or compatibility forms ("ﬁ") were not ASCII
        return folded
    return _NON_ASCII.sub(_without_combining, folded)  # calls back only on the non-ASCII runs


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Latin letters that Unicode does not decompose into a base letter and a mark ("Łukasz").
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def _without_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)  # names repeat across articles, and every corpus refresh keys them all again
def speaker_key(name: str) -> str:
    """A speaker's key: case, accents and punctuation folded ("Erdoğan" and "Erdogan" are one)."""
    return " ".join(_WORD.findall(fold(name))).removesuffix("'s")


# Words that can open a sentence capitalised as a whole speaker phrase ("Police said",
# "Officials said") without being anyone's name: such a phrase never joins a person.
_COMMON_NOUNS = COMMON_SOURCE_NOUNS | PERSONAL_PRONOUNS


def _proper_name(name: str) -> bool:
    """A single capitalised word that is not a common noun: "Trump", not "Officials" or "police"."""
    key = speaker_key(name)
    if " " in key or not key or not name[:1].isupper():
        return False
    singulars = {key, key.removesuffix("s"), key.removesuffix("es")}
    if key.endswith("ies"):
        singulars.add(key[:-3] + "y")
    return not singulars & _COMMON_NOUNS


def _surname(name: str) -> str:
    return surname_key(speaker_key(name))  # as an article joins them: "Khatib", "Downey" (Jr.)


@dataclass
class SpeakerRow:
    """One speaker across the corpus."""

    key: str  # normalised canonical name: stable identifier of the row
    name: str  # display name: the name of the row the others joined (a full name, or a reviewer's choice)
    named: bool  # resolved to an entity in at least one article (not an unnamed source)
    aliases: set[str] = field(default_factory=set)
    quotes: list[tuple[str, Quote]] = field(default_factory=list)  # (article source, quote)
    kinds: Counter[str] = field(default_factory=Counter)
    # The names joined in this row: key -> (name as extracted, quotes under it). The row's
    # own key is one of them; the others are what a reviewer can split off again.
    members: dict[str, tuple[str, int]] = field(default_factory=dict)
    person: bool = False  # resolved to a PERSON entity in at least one article (surname joins are for people)

    @property
    def others(self) -> list[tuple[str, str, int]]:
        """(key, name, quotes) of the names joined into this row besides its own."""
        return [(key, name, count) for key, (name, count) in self.members.items() if key != self.key]

    @property
    def articles(self) -> list[str]:
        return sorted({source for source, _ in self.quotes})


@dataclass
class CorpusSummary:
    speakers: list[SpeakerRow]  # most quotes first
    total_quotes: int  # the quotes counted here (under a filter: those that match)
    unattributed: int  # quotes with no speaker at all
    whole: int = 0  # every quote of the corpus (or article) a filtered summary was narrowed from; 0: not narrowed

    @property
    def all_quotes(self) -> int:
        """What a share is of: every quote of the corpus (or article), whatever the filter."""
        return self.whole or self.total_quotes

    @property
    def narrowed(self) -> bool:
        return self.total_quotes != self.all_quotes

    def share(self, row: SpeakerRow) -> float:
        """The row's share of all quotes: the same figure under any filter."""
        return len(row.quotes) / self.all_quotes if self.all_quotes else 0.0

    def by_kind(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in self.speakers:
            counts.update(row.kinds)
        return counts

    def named_vs_unnamed(self) -> tuple[int, int]:
        named = sum(len(r.quotes) for r in self.speakers if r.named)
        return named, sum(len(r.quotes) for r in self.speakers) - named


def summarise(analyses: Iterable[Analysis], links: Mapping[str, str] | None = None) -> CorpusSummary:
    """Aggregate speakers over analyses.

    ``links`` are a reviewer's decisions, ``speaker_key`` to ``speaker_key``: a name linked
    to another joins that one's row (a merge), a name linked to itself is kept out of any
    row the automatic joins would put it in (a split).
    """
    rows: dict[str, SpeakerRow] = {}
    total = unattributed = 0
    for analysis in analyses:
        for quote in analysis.quotes:
            total += 1
            speaker = quote.speaker
            if speaker is None:
                unattributed += 1
                continue
            key = speaker_key(speaker.name)
            row = rows.get(key)
            if row is None:
                row = rows[key] = SpeakerRow(key=key, name=speaker.name, named=speaker.entity is not None)
            row.named = row.named or speaker.entity is not None
            entity = analysis.entity(speaker.entity) if speaker.entity else None
            row.person = row.person or (entity is not None and entity.label == "PERSON")
            row.aliases.update(entity.aliases if entity else ())
            row.aliases.update(speaker.aliases)
            row.quotes.append((analysis.article.source, quote))
            row.kinds[quote.kind] += 1
    joined = _join_rows(rows, links or {})
    joined.sort(key=lambda r: (-len(r.quotes), r.name.casefold()))
    return CorpusSummary(joined, total, unattributed)


def _join_rows(rows: dict[str, SpeakerRow], links: Mapping[str, str]) -> list[SpeakerRow]:
    target: dict[str, str] = {key: key for key in rows}
    # Joins go into named full-name rows. Alias joins for any entity; surname joins only
    # between people ("Australia" is not the surname of "ABC Australia").
    named_full = {key: row for key, row in rows.items() if row.named and len(key.split()) > 1}
    by_alias: dict[str, set[str]] = {}
    for key, row in named_full.items():
        for alias in row.aliases:
            by_alias.setdefault(speaker_key(alias), set()).add(key)
    by_surname: dict[str, set[str]] = {}
    for key, row in named_full.items():
        if row.person:
            by_surname.setdefault(_surname(key), set()).add(key)
    for key, row in rows.items():
        if key in named_full:
            continue
        if row.named:
            candidates = by_alias.get(key) or (by_surname.get(_surname(key)) if row.person else None) or set()
        elif _proper_name(row.name):
            # A bare name the resolver did not link ("Trump"): a person's surname or alias.
            # Unnamed phrases ("officials", "a spokesperson") never get here.
            aliased = {c for c in by_alias.get(key, ()) if rows[c].person}
            candidates = aliased or by_surname.get(key) or set()
        else:
            continue
        if len(candidates) == 1:  # ambiguous surnames stay apart: a wrong merge hides a person
            target[key] = next(iter(candidates))
    for source, dest in links.items():
        # A link to a name this corpus does not have is kept in the store, not applied here.
        if source in target and dest in rows:
            target[source] = dest

    def root(key: str) -> str:
        seen = set()
        while target[key] != key and key not in seen:
            seen.add(key)
            key = target[key]
        return key

    merged: dict[str, SpeakerRow] = {}
    for key, row in rows.items():
        dest_key = root(key)
        dest = merged.get(dest_key)
        if dest is None:
            base = rows[dest_key]
            dest = merged[dest_key] = SpeakerRow(key=dest_key, name=base.name, named=base.named, person=base.person)
        dest.members[key] = (row.name, len(row.quotes))
        dest.aliases |= row.aliases | ({row.name} if row.name != dest.name else set())
        dest.quotes.extend(row.quotes)
        dest.kinds.update(row.kinds)
        dest.named = dest.named or row.named
        dest.person = dest.person or row.person
    for row in merged.values():
        row.aliases.discard(row.name)
    return list(merged.values())
