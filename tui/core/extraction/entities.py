"""Named entities, one per real-world referent.

spaCy's small model finds mentions; this module cleans each one (no leading article or
title, no possessive) and merges the mentions that name the same referent: a bare surname
joins the full name whatever label the model gave it ("Lavrov" tagged ORG joins the
PERSON "Sergei Lavrov"), an acronym joins the organisation it abbreviates.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tui.core.extraction.cues import (
    COMMON_SOURCE_NOUNS,
    CORPORATE_WORDS,
    PERSON_NOUNS,
    PERSON_TITLES,
    POST_NOMINALS,
    TITLE_WORDS,
)
from tui.core.extraction.names import SURNAME_PREFIX, normalise, surname_key
from tui.core.models import Entity

# What a reader wants listed: who and what the article is about. Numbers, dates, times,
# percentages, money and quantities are left out: they are not referents one follows
# through an article, and listing them would bury the people and organisations.
KEPT_LABELS = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())

SENTENCE_END = frozenset(".!?")

# Lower-case words that belong inside a name ("Moaz al-Khatib", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset("al el ul bin ibn de del della der di da das do dos du van von le la ter ten st".split())
ARTICLES = frozenset("the a an".split())
POSSESSIVE = re.compile(r"(?:['\u2019]s?|\u2019)$")


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    name: str  # cleaned surface form, whitespace normalised
    words: tuple[str, ...]  # lower-cased words of the name
    common: bool = False  # a lone common noun ("Reports"), a name only if a person bears it


@dataclass
class _Group:
    label: str
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.mentions[0].start


def _is_latin_word(word: str) -> bool:
    """A word whose letters are mostly Latin, accented ones included ("Erdoğan", "Müller")."""
    letters = [ch for ch in word if ch.isalpha()]
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return 2 * latin > len(letters)


def in_model_script(text: str) -> bool:
    """Whether most words of ``text`` are in the Latin script the English model was trained on.

    The model still tags runs of other scripts (a Hindi passage) as names, at random: such
    a mention names nobody, so it is neither an entity nor a speaker. Words without letters
    ("19") do not count either way; a mention half in another script is junk all the same.
    """
    if text.isascii():  # most names: every ASCII letter is Latin
        return True
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return not words or 2 * sum(1 for w in words if _is_latin_word(w)) > len(words)


def _is_common_noun(tokens: list[Token]) -> bool:
    """One source, person, body or document noun whose capital, if any, comes from its place."""
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.lower_ not in COMMON_SOURCE_NOUNS and token.lemma_.lower() not in COMMON_SOURCE_NOUNS:
        return False
    if token.text[:1].islower() or token.i == 0 or token.is_sent_start:
        return True
    before = token.doc[token.i - 1]
    return "\n" in before.text_with_ws or before.text in SENTENCE_END


def _is_title(token_text: str) -> bool:
    return token_text.lower().rstrip(".") in TITLE_WORDS


PLACE_LABELS = frozenset(("GPE", "LOC"))


def _place_names(doc: Doc) -> set[tuple[str, ...]]:
    """Lower-cased words of every place the model found, without "the" or a possessive."""
    places = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            words = [t.lower_ for t in ent if not (t.is_punct or t.is_space or POSSESSIVE.fullmatch(t.text))]
            if words and words[0] in ARTICLES:
                words.pop(0)
            if words:
                places.add(tuple(words))
    return places


def _place_length(tokens: list[Token], places: set[tuple[str, ...]]) -> int:
    """How many leading tokens of "[Hong Kong Carrie Lam]" are a place named elsewhere in the
    article, leaving at least two for the person; one when no known place fits."""
    for n in range(len(tokens) - 2, 1, -1):
        if tuple(t.lower_ for t in tokens[:n]) in places:
            return n
    return 1


# Particles inside surnames ("Siobhán Ó Riada", "Síle Ní Fhlatharta", "van der Berg").
NAME_PARTICLES = frozenset("ó o' ní nic mac ua van von der de da di le la al el bin ibn abu".split())


def _clean(ent: Span, places: set[tuple[str, ...]]) -> _Mention | None:
    """The name inside a mention: no article, title, role or possessive around it."""
    tokens = list(ent)
    while tokens and (tokens[-1].is_punct or POSSESSIVE.fullmatch(tokens[-1].text) or tokens[-1].is_space):
        tokens.pop()
    # "Russia's Foreign Minister Sergei Lavrov": whatever precedes a possessive is context.
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].text in ("'s", "\u2019s", "'", "\u2019") and i < len(tokens) - 1:
            tokens = tokens[i + 1 :]
            break
    while tokens and (tokens[0].lower_ in ARTICLES or tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    # "World Health Organization (WHO": the bracketed abbreviation is found on its own later
    for i, token in enumerate(tokens[1:], 1):
        if token.text == "(":
            tokens = tokens[:i]
            break
    label = ent.label_
    if label != "PERSON" and len(tokens) >= 3 and tokens[0].lower_.rstrip(".") in PERSON_TITLES:
        label = "PERSON"  # "Detective Constable Jane Doe" tagged ORG
    if label in ("ORG", "GPE", "LOC", "NORP") and len(tokens) >= 2 and _described_as_person(ent):
        label = "PERSON"  # "Jane Doe, the government commissioner", tagged ORG
    if (
        len(tokens) >= 3
        and ent.start > 1
        and ent.doc[ent.start - 1].lower_ == "of"
        and _is_title(ent.doc[ent.start - 2].text)
    ):
        # "Prime Minister of [India Narendra Modi]": the place ends the title
        tokens, label = tokens[_place_length(tokens, places) :], "PERSON"
    if label == "PERSON" and tokens and tokens[-1].lower_ in NAME_PARTICLES and ent.end < len(ent.doc):
        following = ent.doc[ent.end]
        if following.is_alpha and following.text[:1].isupper():
            tokens.append(following)  # "Siobhán Ó [Riada]": the model stopped at the particle
    if label == "PERSON" and len(tokens) >= 2 and tokens[-1].lower_.rstrip(".") in CORPORATE_WORDS:
        label = "ORG"  # "Halvorsen Pharma", "Quorvex Technologies" tagged PERSON
    if label == "PERSON":
        while len(tokens) > 1 and (_is_title(tokens[0].text) or _is_lower_word(tokens[0].text)):
            tokens.pop(0)
        while len(tokens) > 2 and tokens[0].lower_ in PERSON_NOUNS:
            tokens.pop(0)  # "Producer Eli Strachan-Mbeki": a role the model took into the name
        while len(tokens) > 2 and tokens[-1].lower_.rstrip(".") in POST_NOMINALS:
            tokens.pop()  # "Simon Pellow KC", "Jane Roe MP": letters after the name
    elif tokens and len(tokens) > 1:
        # "the opposition Syrian National Coalition", "newspaper The Hindu"
        while len(tokens) > 1 and (_is_lower_word(tokens[0].text) or tokens[0].lower_ in ARTICLES):
            tokens.pop(0)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # Doc.text rebuilds the whole text on every access; the span's own text is O(mention).
    name = " ".join(ent.doc[tokens[0].i : tokens[-1].i + 1].text.split())
    name = POSSESSIVE.sub("", name) if len(name) > 2 else name
    if not any(ch.isalpha() for ch in name) or not in_model_script(name):
        return None
    if label == "PERSON" and len(name.split()) < 2 and ent.label_ != "PERSON":
        label = ent.label_  # only a title and one word left: not clearly a person
    return _Mention(start, end, label, name, tuple(normalise(name).split()), _is_common_noun(tokens))


def _described_as_person(ent: Span) -> bool:
    """A name set beside a person's role in apposition: ", the government commissioner"."""
    return any(
        child.dep_ == "appos" and child.i >= ent.end and child.lemma_.lower() in PERSON_NOUNS and child.tag_ == "NN"
        for child in ent.root.children
    )


def _is_lower_word(text: str) -> bool:
    return text[:1].islower() and text.lower() not in NAME_PARTICLES


class _Grouper:
    """Assigns mentions, in text order, to groups; a surname joins a person seen before it or after."""

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.by_full: dict[str, _Group] = {}  # "sergei lavrov" -> group
        self.by_suffix: dict[tuple[str, ...], _Group] = {}  # ("shiva", "parvathi") -> "b shiva parvathi"
        self.persons_by_surname: dict[str, list[_Group]] = {}
        self.by_name: dict[str, _Group] = {}  # other names ("white house") -> group
        self.by_initials: dict[str, _Group] = {}  # "WHO" -> "world health organization"

    def add_people(self, mentions: list[_Mention]) -> None:
        """First the full names of people (two words or more), so a surname met earlier still joins them."""
        people = sorted((m for m in mentions if m.label == "PERSON" and len(m.words) >= 2), key=lambda m: -len(m.words))
        for m in people:
            key = " ".join(m.words)
            if key in self.by_full:
                continue
            group = self.by_suffix.get(m.words) or self._new("PERSON")
            self.by_full[key] = group
            for cut in range(1, len(m.words) - 1):
                self.by_suffix.setdefault(m.words[cut:], group)
            if m.words not in self.by_suffix:
                self.persons_by_surname.setdefault(surname_key(m.name), []).append(group)

    def _new(self, label: str) -> _Group:
        group = _Group(label)
        self.groups.append(group)
        return group

    def place(self, m: _Mention) -> None:
        group = self._find(m)
        if group is None:
            group = self._new(m.label)
            self.by_name[" ".join(m.words)] = group
            if len(m.words) > 1 and m.label != "PERSON":
                initials = "".join(w[0] for w in m.words if w not in ("of", "for", "and", "the", "de"))
                self.by_initials.setdefault(initials.upper(), group)
        group.mentions.append(m)

    def _find(self, m: _Mention) -> _Group | None:
        key = " ".join(m.words)
        if key in self.by_full:
            return self.by_full[key]
        if m.words in self.by_suffix:
            return self.by_suffix[m.words]
        person = self._person_by_surname(m)
        if person is not None:
            return person
        if key in self.by_name:
            return self.by_name[key]
        letters = m.name.replace(".", "")
        if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
            return self.by_initials.get(letters)
        return None

    def _person_by_surname(self, m: _Mention) -> _Group | None:
        """A bare surname ("Khatib", "al-Khatib", whatever its label)."""
        if len(m.words) > 2 or (len(m.words) == 2 and not SURNAME_PREFIX.match(m.name)):
            return None
        candidates = self.persons_by_surname.get(surname_key(m.name))
        if not candidates:
            return None
        # Two people share the surname ("Donald Trump", "Melania Trump"): a bare "Trump" is
        # the one the article introduced first, as news goes on to name the others in full.
        return min(candidates, key=lambda g: g.first if g.mentions else m.start)


def _missed_mentions(doc: Doc, grouper: _Grouper, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Tokens the model did not tag that are a known person's surname or, written the same
    way, a known one-word name ("WHO" once "World Health Organization (WHO)" was seen)."""
    one_word = {m.name: g for g in grouper.groups for m in g.mentions if len(m.words) == 1 and g.label != "PERSON"}
    found: list[_Mention] = []
    starts = [s for s, _ in taken]
    for token in doc:
        if not token.text[:1].isupper():
            continue
        acronym = len(token.text) > 1 and token.text.isupper()
        if token.pos_ != "PROPN" and not acronym:
            continue
        key = surname_key(token.text)
        if key in grouper.persons_by_surname:
            label = "PERSON"
        elif token.text in one_word:
            label = one_word[token.text].label
        elif acronym and token.text in grouper.by_initials:
            label = grouper.by_initials[token.text].label
        else:
            continue
        i = bisect_right(starts, token.idx) - 1
        if i >= 0 and taken[i][0] <= token.idx < taken[i][1]:
            continue
        found.append(_Mention(token.idx, token.idx + len(token.text), label, token.text, (normalise(token.text),)))
    return found


def _relabel_full_names(mentions: list[_Mention]) -> None:
    """ "Brock Pierce" tagged ORG once, "Pierce" tagged PERSON fifteen times: a two- or
    three-word name ending in the surname of a person the article names is that person."""
    people = {surname_key(m.name) for m in mentions if m.label == "PERSON" and len(m.words) == 1}
    for m in mentions:
        if (
            m.label != "PERSON"
            and 2 <= len(m.words) <= 3
            and surname_key(m.name) in people
            and all(w[:1].isupper() for w in m.name.split())
            and not set(m.words) & COMMON_SOURCE_NOUNS
        ):
            m.label = "PERSON"


def _canonical(group: _Group) -> _Mention:
    """The earliest of the longest forms."""
    return max(group.mentions, key=lambda m: (len(m.words), len(m.name), -m.start))


def build_entities(doc: Doc) -> tuple[Entity, ...]:
    """One Entity per referent, ids in order of first mention, mentions sorted."""
    places = _place_names(doc)
    mentions = [m for ent in doc.ents if ent.label_ in KEPT_LABELS for m in [_clean(ent, places)] if m is not None]
    _relabel_full_names(mentions)
    surnames = {surname_key(m.name) for m in mentions if m.label == "PERSON" and len(m.words) > 1}
    mentions = [m for m in mentions if not m.common or surname_key(m.name) in surnames]
    grouper = _Grouper()
    grouper.add_people(mentions)
    for m in mentions:
        grouper.place(m)
    extra = _missed_mentions(doc, grouper, [(m.start, m.end) for m in mentions])
    for m in extra:
        grouper.place(m)
    groups = [g for g in grouper.groups if g.mentions]
    for g in groups:
        g.mentions.sort(key=lambda m: m.start)
    groups.sort(key=lambda g: g.first)
    entities = []
    for number, group in enumerate(groups, 1):
        canonical = _canonical(group)
        aliases = sorted({m.name for m in group.mentions} - {canonical.name}, key=lambda n: n.lower())
        spans = tuple(sorted({(m.start, m.end) for m in group.mentions}))
        entities.append(Entity(f"e{number}", canonical.label, canonical.name, tuple(aliases), spans))
    return tuple(entities)
