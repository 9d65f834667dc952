"""Who "he", "she", "they" and "it" outside quotes stand for: one pass in text order.

The pass keeps a history of referents: every named mention, and subjects without a name of
their own ("the company", "officials", a role with a name apposed). A pronoun points to the
most salient earlier referent of its gender and number, subjects before others. A first
pass with gender ignored lets each subject "he" or "she" vote the gender of the person it
lands on, for people without a gendered title. Descriptions ("the minister") are resolved
later, on demand, against the same history (``_nearest``).

``PronounHistory`` is the SpeakerResolver's half that keeps this history; it names a
mention the way the resolver does (``_entity_speaker``, ``_phrase``, ``_appositive_name``,
``_named_later``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Token

from tui.core.extraction.cues import (
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    NOUN_GENDERS,
    ORG_NOUNS,
    PERSON_NOUNS,
    THING_NOUNS,
)
from tui.core.extraction.doc_index import DocIndex
from tui.core.extraction.grammar import SUBJECT_DEPS, is_cited_source, subordinate_root
from tui.core.models import Speaker

GROUP_LABELS = frozenset(("ORG", "NORP", "GPE"))
# How far back (in referents met) a pronoun looks for its antecedent.
SALIENCE_WINDOW = 12


@dataclass
class Referent:
    """Someone a later pronoun can point back to."""

    speaker: Speaker
    start: int
    subject: bool
    gender: str | None  # "m", "f" or None when unknown
    group: bool  # an organisation or a plural: "they" / "it"
    label: str = ""  # the entity's label, "" for an unnamed referent
    head: str = ""  # an unnamed referent's head noun ("spokesperson" in "an Interpol spokesperson")
    clause: int = -1  # for a subject of a subordinate clause, the token index of its sentence's root


class PronounHistory:
    ix: DocIndex
    gender: dict[str, str]  # entity id -> "m" / "f"
    _votes: dict[str, dict[str, int]] | None  # gender votes while learning
    pronouns: dict[int, Speaker]  # token index -> resolved referent
    history: list[Referent]  # every referent met outside quotes, in text order
    history_starts: list[int]

    def _learn_genders(self) -> None:
        """A first pass with gender ignored: each subject "he" or "she" votes for the person it
        resolves to; the majority gives people without a gendered title their gender."""
        votes: dict[str, dict[str, int]] = {}
        self._votes = votes
        self._resolve_pronouns()
        for entity_id, tally in votes.items():
            if entity_id not in self.gender and tally.get("m", 0) != tally.get("f", 0):
                self.gender[entity_id] = max(tally, key=lambda g: tally[g])
        self._votes = None
        self.history = []
        self.pronouns = {}

    def _resolve_pronouns(self) -> None:
        """One pass in text order: he/she/they/it outside quotes point to the most salient
        earlier referent of their gender and number; subjects are more salient than others."""
        recent = self.history
        doc = self.ix.doc
        last_entity_token = -1
        for token in doc:
            if self.ix.quote_of[token.i] is not None:
                continue
            entity = self.ix.entity(token)
            if entity is not None and entity.label == "NORP" and token.pos_ == "ADJ":
                continue  # "the Italian foreign minister": a modifier, not someone "they" can be
            if entity is not None:
                if last_entity_token == token.i - 1 and self.ix.entity_of[token.i - 1] == self.ix.entity_of[token.i]:
                    last_entity_token = token.i
                    continue
                last_entity_token = token.i
                root = self._mention_root(token)
                if entity.label == "PERSON" and _names_a_thing(root):
                    continue  # "Her new record, Weatherboard, was written there": no "she"
                subject = (
                    root.dep_ in SUBJECT_DEPS
                    or (root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS)
                    or is_cited_source(root)
                )
                recent.append(
                    Referent(
                        self._entity_speaker(entity, token),
                        token.idx,
                        subject,
                        self.gender.get(entity.id),
                        entity.label in GROUP_LABELS,
                        entity.label,
                        clause=subordinate_root(root) if subject else -1,
                    )
                )
                continue
            lower = token.lower_
            if token.tag_ == "PRP" or token.tag_ == "PRP$":
                self._resolve_one(token, lower, recent)
            elif token.dep_ in SUBJECT_DEPS and token.pos_ == "NOUN":
                # Subjects without a name of their own: "the stores", "officials", "the company",
                # or a role with a name apposed ("the customer, a teacher named X").
                lemma = token.lemma_.lower()
                group = token.tag_ in ("NNS", "NNPS") or lemma in ORG_NOUNS
                # "Hilary Marsh, whose husband spent weeks in hospital, ...": a relative
                # clause's subject gives way to its sentence's, as a named one does.
                clause = subordinate_root(token)
                named = None if group or lemma in THING_NOUNS else self._appositive_name(token, people_only=True)
                if named is None and not group and any(c.lower_ in ("a", "an") for c in token.children):
                    named = self._named_later(token, lemma)  # "A retired schoolteacher ... The teacher, X, said"
                if named is not None:  # "A spokesman for X, Dev Raman, said": a later "he" is Dev Raman
                    gender = self.gender.get(named.entity or "", NOUN_GENDERS.get(lemma))
                    recent.append(Referent(named, token.idx, True, gender, False, "PERSON", clause=clause))
                elif group or lemma in PERSON_NOUNS:
                    recent.append(
                        Referent(
                            self._phrase(token), token.idx, True, NOUN_GENDERS.get(lemma), group, "", lemma, clause
                        )
                    )

    def _mention_root(self, token: Token) -> Token:
        root = token
        while root.head.i != root.i and self.ix.entity_of[root.head.i] == self.ix.entity_of[token.i]:
            root = root.head
        return root

    def _resolve_one(self, token: Token, lower: str, recent: list[Referent]) -> None:
        if lower in MALE_PRONOUNS or lower in FEMALE_PRONOUNS:
            gender = "m" if lower in MALE_PRONOUNS else "f"
            learning = self._votes is not None
            found = self._pick(recent, lambda r: not r.group and (learning or r.gender in (None, gender)))
            if found is None:
                return
            if learning and found.speaker.entity and token.dep_ in SUBJECT_DEPS:
                tally = self._votes.setdefault(found.speaker.entity, {})
                tally[gender] = tally.get(gender, 0) + 1
        elif lower in ("they", "them", "their"):
            found = self._pick(recent, lambda r: r.group)
        elif lower in ("it", "its"):
            found = self._pick(recent, lambda r: r.group and r.speaker.entity is not None)
        else:
            return
        if found is None:
            return
        self.pronouns[token.i] = found.speaker
        if token.dep_ in SUBJECT_DEPS:
            gender = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else found.gender
            recent.append(Referent(found.speaker, token.idx, True, gender, found.group, found.label))

    @staticmethod
    def _pick(recent: list[Referent], fits) -> Referent | None:
        """The nearest fitting subject among the last few referents, else the nearest fitting one.

        A subject of a subordinate clause ("... power-sharing in which Y became prime minister")
        gives way to the main-clause subject of its sentence ("X agreed to ..."): a later "he"
        continues the sentence's topic."""
        candidates = [r for r in recent[-SALIENCE_WINDOW:] if fits(r)]
        for n in range(len(candidates) - 1, -1, -1):
            r = candidates[n]
            if r.subject:
                if r.clause >= 0:
                    main = [m for m in candidates[:n] if m.subject and m.clause == -1 and m.start >= r.clause]
                    if main:
                        return main[-1]
                return r
        return candidates[-1] if candidates else None

    def _nearest(self, offset: int, fits) -> Referent | None:
        """For descriptions, resolved lazily: the nearest fitting referent before ``offset``.

        Looks at the last few referents only, as a reader keeps only those in mind.
        """
        before = [r for r in self._window_before(offset) if fits(r)]
        for r in reversed(before):
            if r.subject:
                return r
        return before[-1] if before else None

    def _window_before(self, offset: int) -> list[Referent]:
        end = bisect_left(self.history_starts, offset)
        return self.history[max(0, end - SALIENCE_WINDOW) : end]


def _names_a_thing(root: Token) -> bool:
    """ "the album, Weatherboard", "the ship Marguerite": a name the model called a person,
    set in apposition to (or compounded with) a thing."""
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN":
        return head.lemma_.lower() in THING_NOUNS
    return any(c.dep_ == "compound" and c.lemma_.lower() in THING_NOUNS for c in root.lefts)
