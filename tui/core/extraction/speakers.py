"""Who is speaking: from the subject of a cue to a resolved Speaker.

A subject can be a name (resolved to its entity's canonical name), a pronoun (resolved in
one forward pass to the most salient earlier compatible referent outside quotes: see
pronouns.py), a
description ("the minister", "the company", "the report": resolved to a compatible entity
when one is in reach, else kept as written), an unnamed source ("one European official":
kept as written) or several of these joined ("X and Y": one joint speaker).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from tui.core.extraction.cues import (
    BUSINESS_NOUNS,
    DEMONYM_PEOPLE,
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    MALE_PRONOUNS,
    MALE_TITLES,
    NON_SPEAKER_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    POST_NOMINALS,
    REMENTION_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from tui.core.extraction.doc_index import DocIndex
from tui.core.extraction.entities import in_model_script
from tui.core.extraction.first_names import gender_of
from tui.core.extraction.grammar import (
    SUBJECT_DEPS,
    antecedent_of_relative,
    bare_title,
    is_age_description,
    issuer_of,
    owner_of,
    passive_agent,
)
from tui.core.extraction.names import surname_key
from tui.core.extraction.pronouns import GROUP_LABELS, PronounHistory, Referent
from tui.core.models import Entity, Speaker

# How far after "a senior call handler" the article may name that person (characters).
NAMED_LATER_CHARS = 1500
# Roles a source is left unnamed by on purpose: someone named later with that role is
# another person.
ANONYMOUS_ROLES = frozenset("source official officer diplomat person insider aide".split())
# Determiners that stand for an unnamed group of people as a subject: "Some said ...".
INDEFINITE_SOURCES = frozenset("some many others several few most both".split())
# Dependents that end a speaker's noun phrase: "one European official, speaking on ...".
PHRASE_STOP_DEPS = frozenset(("appos", "acl", "relcl", "advcl", "punct", "cc", "conj", "parataxis"))


class SpeakerResolver(PronounHistory):
    def __init__(self, index: DocIndex) -> None:
        self.ix = index
        self.gender: dict[str, str] = {}  # entity id -> "m" / "f"
        self._votes: dict[str, dict[str, int]] | None = None  # gender votes while learning
        self.titles: dict[str, set[str]] = {}  # entity id -> title and role words
        self._collect_titles()
        # People in the order they are first named, for "named a little later" (_named_later).
        self._people = sorted((e.mentions[0][0], n) for n, e in enumerate(index.entities) if e.label == "PERSON")
        self._people_starts = [start for start, _ in self._people]
        self.pronouns: dict[int, Speaker] = {}  # token index -> resolved referent
        self.history: list[Referent] = []  # every referent met outside quotes, in text order
        self._learn_genders()
        self._resolve_pronouns()
        self.history_starts = [r.start for r in self.history]
        # Each quote weighs every verb near it, and a verb the parser hung a huge sentence on
        # has thousands of children: its subjects are found once.
        self._subjects: dict[int, list[Token]] = {}

    # -- public -----------------------------------------------------------------------

    def subject_of(self, verb: Token) -> list[Token]:
        """The subject tokens of a cue verb, looking up through "went on to add", "and called"."""
        if verb.i not in self._subjects:
            self._subjects[verb.i] = self._find_subject(verb)
        return self._subjects[verb.i]

    def _find_subject(self, verb: Token) -> list[Token]:
        # ", stating ...", ", adding ...": a participle the parser may hang on a clause about
        # something else ("described how the attack unfolded, stating"); its speaker must be
        # able to speak.
        participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp")
        for _ in range(4):
            subjects = [
                c for c in verb.children if c.dep_ in SUBJECT_DEPS and not c.is_punct and self.ix.quote_of[c.i] is None
            ]
            if len(subjects) > 1 and any(not _hyphen_piece(c) for c in subjects):
                subjects = [c for c in subjects if not _hyphen_piece(c)]
            agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if not agent and subjects and subjects[0].dep_ == "nsubjpass":
                agent = passive_agent(verb)
            if agent and (not subjects or subjects[0].dep_ == "nsubjpass") and verb.lemma_.lower() != "quote":
                return agent
            if subjects and self._is_address_part(subjects[0]) and verb.head.pos_ in ("PROPN", "NOUN"):
                return [verb.head]  # "Tilburg of the University of California, Los Angeles disagreed"
            if (
                subjects
                and participle
                and not any(self.can_state(s) or s.lemma_.lower() in DOCUMENT_NOUNS for s in subjects)
            ):
                if verb.dep_ == "relcl" and self.can_state(verb.head):
                    return [verb.head]  # "An eyewitness [described how the attack unfolded], stating"
                if verb.head.i != verb.i:
                    verb = verb.head
                    continue
            if subjects:
                return [self._name_before_verb(s, verb) for s in subjects]
            inverted = self._inverted_speaker(verb) or self._name_right_before(verb)
            if inverted is not None:
                return [inverted]
            aged = [c for c in verb.children if c.dep_ == "amod" and c.i < verb.i and is_age_description(c)]
            if aged:
                return aged  # "the 19-year-old said", parsed with the age as the verb's modifier
            if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and verb.head.i != verb.i:
                if (
                    verb.dep_ == "acl"
                    and verb.head.pos_ in ("NOUN", "PROPN", "PRON")
                    and (
                        verb.tag_ == "VBG"
                        and (self.can_state(verb.head) or verb.head.lemma_.lower() in PERSON_NOUNS | DOCUMENT_NOUNS)
                        or verb.head.dep_ == "ROOT"
                        and self.person_like(verb.head)
                    )
                ):
                    # "a source speaking on condition ...", and "An eyewitness described ...,
                    # stating" parsed as a noun sentence with the verb as its modifier
                    return [verb.head]
                verb = verb.head
                if verb.dep_ == "prep" and verb.pos_ == "ADP":
                    verb = verb.head  # "was quoted as saying": through "as" to "quoted"
                while self.ix.quote_of[verb.i] is not None and verb.head.i != verb.i:
                    verb = verb.head  # "reported that "..." and called it X": not the quote's verb
                continue
            break
        return []

    def _inverted_speaker(self, verb: Token) -> Token | None:
        """ "...," said a protester / tweeted Mayor X: after a quote, a speech verb comes before its
        subject, which the parser may take for an object or make the verb a modifier of."""
        doc = verb.doc
        if not self.ix.after_quote(verb) or verb.lemma_.lower() not in SPEECH_VERBS:
            return None
        if verb.dep_ == "amod" and verb.head.i == verb.i + 1:
            return verb.head
        return next(
            (c for c in verb.children if c.dep_ == "dobj" and c.i == verb.i + 1 + (doc[verb.i + 1].pos_ == "DET")), None
        )

    def _name_right_before(self, verb: Token) -> Token | None:
        """ "On Friday Ford Motor Company announced ...", parsed with the company inside "On
        Friday ...": a speech verb with no subject, right after a name, has that name for one;
        else the one person its sentence names before it."""
        if verb.i == 0 or verb.lemma_.lower() not in SPEECH_VERBS or verb.dep_ != "ROOT":
            return None
        before = verb.doc[verb.i - 1]
        entity = self.ix.entity(before)
        if entity is not None and entity.label in ("PERSON", "ORG", "NORP", "GPE"):
            return before
        # "On Twitter, Adrian Wojnarowski, a columnist from ESPN, said ...", parsed with the name
        # inside "On Twitter": the one person named before the verb is its subject.
        start = self.ix.sentence(verb.i)[0]
        people = {}
        for token in verb.doc[start : verb.i]:
            found = self.ix.entity(token)
            if found is not None and found.label == "PERSON" and self.ix.quote_of[token.i] is None:
                if self._mention_root(token).dep_ != "pobj":  # "On Twitter" tagged as a person
                    people[found.id] = token
        if not people:
            return None
        first = next(iter(people.values()))
        together = {t.i for t in self._conjuncts(first)}
        # "..., Mark and Rebecca Penhaligon, said": names joined by "and" are one subject
        if all(t.i in together or self._mention_root(t).i in together for t in people.values()):
            return first
        return None

    def _name_before_verb(self, subject: Token, verb: Token) -> Token:
        """In "Longtime X writer and performer Rob Bartlett tweeted" the parser may pick an
        earlier name as the subject; the person named right before the verb is the speaker."""
        doc = subject.doc
        last = verb.i - 1
        if not (subject.i < last and subject.right_edge.i >= last and self.ix.entity(subject) is not None):
            return subject
        before = self.ix.entity(doc[last])
        if before is None or before.label != "PERSON" or before is self.ix.entity(subject):
            return subject
        if any(t.text == "," for t in doc[subject.i : last]) or self._mention_root(doc[last]).head.i == subject.i:
            return subject  # "Jane Whitfield and Tom Baxter said": two speakers, not a misparse
        return doc[last]

    def source_speaker(self, source: Token) -> Speaker | None:
        """The speaker behind "according to <source>": a name, "CNN's projections", "the
        official WHO report" (whatever the parser made of it), "activists and X"."""
        if self._entity_heading(source) is not None or any(c.dep_ == "conj" for c in source.children):
            return self.speaker_for([source])
        issuer = issuer_of(source)  # "numbers reported by the AP", "the decree signed by X"
        if issuer is not None and (speaker := self.speaker_for([issuer])) is not None:
            return speaker
        if source.lemma_.lower() in DOCUMENT_NOUNS:
            return self._document_source(source)
        for token in source.doc[source.i + 1 : self.ix.sentence(source.i)[1]]:  # "the official WHO report"
            if token.lower_ in DOCUMENT_NOUNS:  # even when tagged as a verb ("WHO report")
                named = [t for t in source.doc[source.i : token.i] if self.ix.entity(t) is not None]
                if named:
                    return self.resolve(named[-1])
            if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP"):
                break
        return self.speaker_for([source])

    def _is_address_part(self, token: Token) -> bool:
        entity = self.ix.entity(token)
        i = token.left_edge.i
        return (
            entity is not None
            and entity.label in ("GPE", "LOC")
            and i >= 2
            and token.doc[i - 1].text == ","
            and token.doc[i - 2].pos_ == "PROPN"
        )

    def speaker_for(self, subjects: list[Token]) -> Speaker | None:
        """One Speaker for a subject; several subjects or "X and Y" make a joint speaker."""
        tokens = []
        for s in subjects:
            tokens.extend(self._conjuncts(antecedent_of_relative(s)))
        parts = [p for p in (self.resolve(t) for t in tokens) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        named = [p for p in parts if p.entity is not None]
        if len(parts) == 2 and len(named) == 1 and any(bare_title(t) for t in tokens):
            return named[0]  # "Conservative Party leader and Prime Minister X": two titles of one person
        names = list(dict.fromkeys(p.name for p in parts))
        if len(names) == 1:
            return parts[0]
        start = min(p.mention[0] for p in parts if p.mention)
        end = max(p.mention[1] for p in parts if p.mention)
        return Speaker(" and ".join(names), None, (start, end), self.ix.text[start:end], tuple(names))

    def resolve(self, token: Token) -> Speaker | None:
        """The referent named, pronominalised or described by one subject token."""
        if token.lower_.rstrip(".") in POST_NOMINALS:  # "Simon Baptiste KC told the court"
            named = [c for c in token.lefts if c.dep_ == "compound" and c.ent_type_ == "PERSON"]
            if named:
                return self.resolve(named[-1])
        if (again := self._mentioned_again(token)) is not None:
            return again
        entity = self._entity_heading(token)
        if entity is None or entity.label != "PERSON":
            named = self._appositive_name(token, people_only=entity is not None)
            if named is not None:
                return named
        elif self.ix.entity(token) is None:
            # "Isla's parents, Mark and Rebecca Penhaligon, said": the apposed names together
            apposed = [c for c in token.children if c.dep_ == "appos" and self.ix.entity(c) is entity]
            if apposed and len(self._conjuncts(apposed[0])) > 1:
                return self.speaker_for(apposed)
        if entity is not None:
            return self._entity_speaker(entity, token)
        lower = token.lower_
        if lower == "it" and (token.dep_ in ("nsubjpass", "expl") or token.head.tag_ == "VBN"):
            return None  # "it was reported (that) ...": nobody is named
        if lower in INDEFINITE_SOURCES and token.tag_ == "DT":
            return self._phrase(token)  # "Some said ...", "Others said ...": unnamed, kept as written
        if token.pos_ == "PRON" or token.tag_ == "PRP":
            if token.i in self.pronouns:
                found = self.pronouns[token.i]
                return Speaker(found.name, found.entity, self._span(token), token.text, found.aliases)
            # An unresolved pronoun names nobody: "I" or "he" as a speaker would only gather
            # unrelated quotes under one bogus name in the lists and the corpus view.
            return None
        if token.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
            return self._document_source(token)
        described = self._described(token)
        if described is not None:
            return described
        if token.ent_type_ in ("DATE", "TIME"):
            return None  # "In March, authorities seized ..." parsed with March as the subject
        if token.pos_ == "PROPN" and (person := self._person_by_surname(token)) is not None:
            return self._entity_speaker(person, token)  # an untagged "Trump" after "Donald Trump"
        phrase = self._phrase(token)
        lemma = token.lemma_.lower()
        quoting = '"' in phrase.text or "\u201c" in phrase.text
        if quoting and lemma not in PERSON_NOUNS and lemma not in ORG_NOUNS or lemma in NON_SPEAKER_NOUNS:
            return None  # "the word "pandemic"", "the comments": words and terms say nothing
        named = self._name_in_phrase(phrase)
        if named is not None:
            return named
        # The model parses a passage in another script as English at random: its "subjects"
        # are not phrases that name anyone.
        return phrase if in_model_script(phrase.text) else None

    def _person_by_surname(self, token: Token) -> Entity | None:
        """The person of the article whose surname this lone capitalised word is."""
        if not token.text[:1].isupper() or any(c.dep_ in ("compound", "flat") for c in token.children):
            return None
        key = surname_key(token.text)
        found = [
            e
            for e in self.ix.entities
            if e.label == "PERSON" and surname_key(e.name) == key and len(e.name.split()) > 1
        ]
        # two people of one surname: the one the article introduced first, as entities.py decides
        return min(found, key=lambda e: e.mentions[0][0]) if found else None

    def _name_in_phrase(self, phrase: Speaker) -> Speaker | None:
        """The person a phrase names with something glued on: "Chief Superintendent Jane Doe of
        the city police", "Mayor of London John Roe (no relation)". A name after a preposition
        is someone else ("the mother of John Roe"), unless a title and a place lead to it."""
        doc = self.ix.doc
        tokens = [
            t
            for t in doc[
                self.ix.token_at(phrase.mention[0]) : self.ix.token_at(max(phrase.mention[0], phrase.mention[1] - 1))
                + 1
            ]
        ]
        if not tokens:
            return None
        cut = next((n for n, t in enumerate(tokens) if t.pos_ == "ADP" or t.text in ("(", ",")), len(tokens))
        lead = tokens[:cut]
        if cut < len(tokens) and tokens[cut].lower_ == "of" and lead and lead[-1].lower_ in TITLE_WORDS:
            # "Mayor of London John Roe": title, "of", a place, then the name
            rest = tokens[cut + 1 :]
            end = next((n for n, t in enumerate(rest) if t.text in ("(", ",") or t.pos_ == "ADP"), len(rest))
            rest = rest[:end]
            if rest and self.ix.entity(rest[0]) is not None and self.ix.entity(rest[0]).label in ("GPE", "LOC"):
                lead = rest
        last = lead[-1] if lead else None
        entity = self.ix.entity(last) if last is not None else None
        if entity is not None and entity.label == "PERSON":  # the name ends the lead: not "the Roe campaign"
            return self._entity_speaker(entity, last)
        # a name the model tagged in part or not at all: "Chief Superintendent Jane Doe"
        names = [
            t for t in lead if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_.rstrip(".") not in TITLE_WORDS
        ]
        if len(names) >= 2 and names[-1].i - names[0].i == len(names) - 1 and names[-1].i == lead[-1].i:
            start, end = names[0].idx, self.ix.end_char(names[-1])
            return self._named(self.ix.text[start:end], (start, end))
        return None

    def person_like(self, token: Token) -> bool:
        """A subject that denotes people: a person's name, he/she/they, "a source", "officials"."""
        entity = self._entity_heading(token)
        if entity is not None:
            return entity.label == "PERSON"
        if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS | {"they", "i", "we"}:
            return True
        return token.lemma_.lower() in PERSON_NOUNS

    def can_state(self, token: Token) -> bool:
        """A subject that makes statements: people, and organisations or countries by name
        ("PBS revealed that ..."), unlike a study or the data ("the data suggested ...")."""
        entity = self._entity_heading(token)
        if entity is None and self._appositive_name(token, people_only=False) is not None:
            return True  # "The broadcaster PBS revealed ..."
        return self.person_like(token) or (entity is not None and entity.label in GROUP_LABELS)

    # -- names and phrases --------------------------------------------------------------

    def _entity_heading(self, token: Token) -> Entity | None:
        """The entity this token names, or that a noun phrase is headed by ("newspaper The Hindu")."""
        entity = self.ix.entity(token)
        if entity is not None:
            return entity
        for child in token.children:  # "Minister Sergei Lavrov" parsed with the title as head
            if child.dep_ in ("appos", "compound", "flat") and child.i > token.i:
                entity = self.ix.entity(child)
                if entity is not None and entity.label == "PERSON" and token.lemma_.lower() not in DOCUMENT_NOUNS:
                    return entity
        return None

    def _appositive_name(self, subject: Token, people_only: bool) -> Speaker | None:
        """ "the director of Amnesty International, Jane Doe, said", "X University's chancellor,
        John Roe, said", "One news site, Example.com, claims": a name set in apposition inside
        the subject is the speaker, not the role or description before it. After an
        organisation's name only a person's name counts ("Reuters, the news agency, ...")."""
        found = None
        for token in subject.subtree:
            # "The customer, a teacher named Lucy Farrand, ...": a name given is apposed too.
            named_as = token.dep_ in ("oprd", "dobj", "attr") and token.head.lemma_ in ("name", "call")
            apposed = token.dep_ == "appos" or named_as and token.head.dep_ == "acl"
            if not apposed or token.i <= subject.i or self.ix.quote_of[token.i] is not None:
                continue
            entity = self.ix.entity(token)
            if entity is not None and (entity.label == "PERSON" or not people_only and entity.label in GROUP_LABELS):
                found = self._entity_speaker(entity, token)
            elif entity is None and token.pos_ == "PROPN":
                parts = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
                if all(t.lower_ in TITLE_WORDS for t in parts):
                    continue  # "X, Chief Executive Officer of Y, said": a capitalised title, no name
                if len(parts) >= 2 and all(t.text[:1].isupper() for t in parts):
                    start, end = parts[0].idx, self.ix.end_char(token)
                    found = self._named(self.ix.text[start:end], (start, end))
        return found

    def _named(self, name: str, mention: tuple[int, int]) -> Speaker:
        """A name the model did not tag: the entity of that name if there is one."""
        folded = name.lower()
        for entity in self.ix.entities:
            if entity.label == "PERSON" and (
                entity.name.lower() == folded or folded in (a.lower() for a in entity.aliases)
            ):
                return Speaker(entity.name, entity.id, mention, name)
        return Speaker(name, None, mention, name)

    def _entity_speaker(self, entity: Entity, token: Token) -> Speaker:
        mention = self.ix.mention_of[token.i] or self._span(token)
        return Speaker(entity.name, entity.id, mention, self.ix.text[mention[0] : mention[1]])

    def _span(self, token: Token) -> tuple[int, int]:
        return token.idx, self.ix.end_char(token)

    def _phrase_bounds(self, token: Token) -> tuple[int, int]:
        """A speaker's noun phrase without its appositions, relative clauses and asides."""
        left = token.i
        for child in token.lefts:
            if child.dep_ in PHRASE_STOP_DEPS:
                left = child.i + 1
            elif child.i < left:
                left = child.left_edge.i
        right = token.i
        for child in token.rights:
            if child.dep_ == "relcl" and child.left_edge.i == right + 1 and child.left_edge.text[:1].isupper():
                right = child.right_edge.i  # a name the parser read as a clause: "producer Who Gives a Crap"
                continue
            if child.dep_ in PHRASE_STOP_DEPS:
                break
            if child.dep_ == "prep" and any(
                g.pos_ == "PRON" or g.ent_type_ in ("DATE", "TIME") for g in child.children
            ):
                break  # "banners on it", "reports on Saturday": the pronoun or the date names nobody
            right = child.right_edge.i
        doc = token.doc
        for i in range(token.i - 1, left - 1, -1):
            if doc[i].is_space and "\n" in doc[i].text:
                left = i + 1  # never across a line break: a headline the parser ran on
                break
        for i in range(token.i + 1, right + 1):
            if doc[i].text in (",", ";", "(", ":") or (doc[i].is_space and "\n" in doc[i].text):
                right = i - 1  # "The account for X, which replaced ...": the aside is not the name
                break
        while left < right and (doc[left].is_punct or doc[left].is_space):
            left += 1
        while right > left and (doc[right].is_punct or doc[right].is_space):
            right -= 1
        return doc[left].idx, self.ix.end_char(doc[right])

    def _phrase(self, token: Token) -> Speaker:
        start, end = self._phrase_bounds(token)
        text = self.ix.text[start:end]
        return Speaker(" ".join(text.split()), None, (start, end), text)

    def _conjuncts(self, token: Token) -> list[Token]:
        """ "Kimberly-Clark and Solaris Paper": every conjoined noun of a subject."""
        found = [token]
        stack = [token]
        while stack:
            head = stack.pop()
            if not any(c.dep_ == "cc" and c.lower_ in ("and", "&", "or", "nor") for c in head.children):
                continue  # "Munich, Germany" is an address, not two speakers
            for child in head.children:
                if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
                    found.append(child)
                    stack.append(child)
        return sorted(found, key=lambda t: t.i)

    def _document_source(self, token: Token) -> Speaker:
        """ "CNN's projections", "the official WHO report", "a report from ABC Australia",
        "Facebook released a statement which read", "a statement released by X's office",
        "the report" (the organisation that just issued it)."""
        issuer = issuer_of(token)
        if issuer is not None and (speaker := self.speaker_for([issuer])) is not None:
            return speaker
        # "a Twitter post by Amy Cook": the author before the medium
        order = {"prep": 0, "poss": 1, "nmod": 2, "compound": 3}
        for child in sorted(token.children, key=lambda c: order.get(c.dep_, 4)):
            if child.dep_ in ("poss", "compound", "nmod") or (
                child.dep_ == "prep" and child.lower_ in ("by", "from", "of")
            ):
                target = child
                if child.dep_ == "prep":
                    target = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if target is None:
                        continue
                if self._entity_heading(target) is not None or target.dep_ == "pobj":
                    return self.speaker_for([target])
                if target.dep_ == "poss":
                    return self.resolve(target) or self._phrase(token)
                if target.dep_ == "compound" and target.lemma_.lower() in BUSINESS_NOUNS:
                    return self._business(token) or self._phrase(token)  # "a company statement"
        if any(c.lower_ == "the" for c in token.children):
            issued = self._issued_before(token)
            if issued is not None:
                return issued
            found = self._nearest(token.idx, lambda r: r.subject and r.label in ("ORG", "PERSON"))
            if found is not None:
                return self._at(found, token)
        return self._phrase(token)

    def _issued_before(self, document: Token) -> Speaker | None:
        """ "X released the book ... The book alleges ...": the definite document is the one
        a recent sentence said someone issued; that issuer speaks for it."""
        doc = document.doc
        start = self.ix.sentence(document.i)[0]
        for _ in range(3):  # this sentence and the two before it
            for token in reversed(doc[start : document.i]):
                if token.lemma_.lower() == document.lemma_.lower() and token.i != document.i:
                    # "released the book", or "the request of Prime Minister X" before "Per the request"
                    issuer = issuer_of(token) or owner_of(token)
                    if issuer is not None:
                        return self.speaker_for([issuer])
            if start == 0:
                break
            start = self.ix.sentence(start - 1)[0]
        return None

    # -- descriptions ---------------------------------------------------------------------

    def _described(self, token: Token) -> Speaker | None:
        """ "Syrian opposition leader", "the minister", "the company": an entity whose titles fit."""
        if token.pos_ not in ("NOUN",) or token.tag_ in ("NNS", "NNPS"):
            return None
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
        head = token.lemma_.lower()
        if determiners and determiners <= {"a", "an"}:
            return self._named_later(token, head)
        if determiners - {"the"}:
            return None  # "his family": an unnamed source, kept as written
        if head not in PERSON_NOUNS and head not in ORG_NOUNS and head not in TITLE_WORDS:
            return None
        words = {c.lower_ for c in token.subtree if c.i <= token.i and c.dep_ != "det"}
        exact = [
            e
            for e in self.ix.entities
            if words <= self.titles.get(e.id, set()) and head in self.titles.get(e.id, set())
        ]
        if exact:
            before = [e for e in exact if e.mentions[0][0] < token.idx]
            chosen = max(before, key=lambda e: _last_before(e, token.idx)) if before else exact[0]
            return self._entity_speaker_at(chosen, token)
        if "the" not in determiners:
            return None
        unnamed = self._nearest(token.idx, lambda r: r.speaker.entity is None and r.head == head)
        if unnamed is not None:  # "an Interpol spokesperson stated ... The spokesperson added"
            return self._at(unnamed, token)
        if head not in ORG_NOUNS:
            return None
        found = self._nearest(
            token.idx, lambda r: r.group and r.speaker.entity is not None and head in r.speaker.name.lower()
        )
        if found is None and head in BUSINESS_NOUNS:
            return self._business(token)
        return self._at(found, token) if found is not None else None

    def _named_later(self, token: Token, head: str) -> Speaker | None:
        """ "a senior call handler told the inquiry ... senior call handler Bernadette Quayle
        described ...": someone introduced by a role and named a little later is that person,
        when exactly one person first named in the next few paragraphs has that role; else an
        unnamed source, kept as written. A role sources are left unnamed by ("a senior official")
        stays so, and so does one whose nouns differ ("a hospital spokesperson" is no "police
        spokesperson X")."""
        if head in ANONYMOUS_ROLES:
            return None
        nouns = {c.lower_ for c in token.lefts if c.dep_ == "compound"}
        lo = bisect_right(self._people_starts, token.idx)
        hi = bisect_right(self._people_starts, token.idx + NAMED_LATER_CHARS)
        later = [
            e
            for e in (self.ix.entities[n] for _, n in self._people[lo:hi])
            if nouns <= (titles := self.titles.get(e.id, set()))
            and any(head.endswith(t) and len(t) > 3 for t in titles)
        ]
        return self._entity_speaker_at(later[0], token) if len(later) == 1 else None

    def _business(self, token: Token) -> Speaker | None:
        """ "Northwind Airways grounded its jets ... the carrier said": a business noun stands for
        the organisation the article is talking about, the nearest one that did something,
        else the nearest one named ("Shares in Quorvex fell ... The company said")."""
        found = self._nearest(token.idx, lambda r: r.subject and r.label == "ORG" and r.speaker.entity is not None)
        found = found or self._nearest(token.idx, lambda r: r.label == "ORG" and r.speaker.entity is not None)
        return self._at(found, token) if found is not None else None

    def _mentioned_again(self, token: Token) -> Speaker | None:
        """ "the 19-year-old said", "the Dutchman said", "the veteran midfielder said": a named
        person mentioned again by age, nationality or place in a team is the nearest person
        of that gender, as "he" or "she" would be."""
        if is_age_description(token):
            gender = None
        elif token.tag_ in ("NNS", "NNPS") or not any(c.lower_ == "the" for c in token.children if c.dep_ == "det"):
            return None
        elif match := DEMONYM_PEOPLE.fullmatch(token.text):
            gender = "f" if match.group(1) else "m"
        elif not (token.lemma_.lower() in REMENTION_NOUNS or token.ent_type_ == "NORP" and token.pos_ == "NOUN"):
            return None
        else:
            gender = None
        genders = (None, gender) if gender else (None, "m", "f")
        found = self._nearest(
            token.idx, lambda r: r.label == "PERSON" and r.speaker.entity is not None and r.gender in genders
        )
        return self._at(found, token) if found is not None else None

    def _entity_speaker_at(self, entity: Entity, token: Token) -> Speaker:
        start, end = self._phrase_bounds(token)
        return Speaker(entity.name, entity.id, (start, end), self.ix.text[start:end])

    def _at(self, referent: Referent, token: Token) -> Speaker:
        start, end = self._phrase_bounds(token)
        s = referent.speaker
        return Speaker(s.name, s.entity, (start, end), self.ix.text[start:end], s.aliases)

    def _collect_titles(self) -> None:
        """Role words of each entity: the modifiers before its name ("Foreign Minister Sergei
        Lavrov", "Syrian opposition leader Moaz al-Khatib") and its appositions (", a spokesperson")."""
        doc = self.ix.doc
        for entity in self.ix.entities:
            words: set[str] = set()
            for start, _ in entity.mentions:
                token = doc[self.ix.token_at(start)]
                root = self._mention_root(token)
                for child in root.lefts:
                    if (
                        child.dep_ in ("compound", "amod", "nmod")
                        and self.ix.entity_of[child.i] != self.ix.entity_of[token.i]
                    ):
                        words.update(
                            t.lower_ for t in child.subtree if not t.is_punct and t.dep_ not in ("det", "poss", "case")
                        )
                for child in root.children:
                    if child.dep_ == "appos":
                        words.add(child.lemma_.lower())
                if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                    words.add(root.head.lemma_.lower())  # "The teacher, Gwenllian Ashdown, said"
                # a title the model put inside the name: "President Joe Biden"
                words.update(t.lower_ for t in doc[token.i : root.i] if t.lower_.rstrip(".") in TITLE_WORDS)
            self.titles[entity.id] = words
            lowered = {w.rstrip(".") for w in words}
            if lowered & MALE_TITLES:
                self.gender[entity.id] = "m"
            elif lowered & FEMALE_TITLES:
                self.gender[entity.id] = "f"
            elif entity.label == "PERSON" and len(names := entity.name.split()) > 1 and (found := gender_of(names[0])):
                self.gender[entity.id] = found  # "Lucy Farrand": the first name says it


def _hyphen_piece(token: Token) -> bool:
    """ "said co-founder Maria Delgado": the parser may make "co" and "-" subjects of their own
    beside the name, which made the joint speaker "co and Maria Delgado"."""
    doc = token.doc
    if token.text in ("-", "\u2010", "\u2011"):
        return True
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "\u2010", "\u2011")


def _last_before(entity: Entity, offset: int) -> int:
    starts = [s for s, _ in entity.mentions if s < offset]
    return starts[-1] if starts else -1
