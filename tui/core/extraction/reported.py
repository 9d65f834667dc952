"""Reported speech found in the dependency parse (indirect and, with quoted words, mixed).

Patterns, each checked once per token:
- a speech verb with a finite content clause (``ccomp``), before or after it:
  "Lavrov said (that) he wants ...", "The man is in good condition, the report said";
- a parenthetical attribution inside the clause it reports: "Day, they said, desired ...";
- "..., meaning ..." / "..., adding ..." after a speech verb, and "X said A and that B";
- "according to X, <clause>" and "by reports, <clause>";
- a speech noun with a "that" clause: "his assertion that ...".
Speech inside quote marks is part of the direct quote, not a separate entry, and a report
of someone else's statement ("a source said ..., Reuters reported") is the original's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from tui.core.extraction.cues import (
    BY_SOURCE_NOUNS,
    COURT_NOUNS,
    DISMISSING_VERBS,
    MANDATIVE_VERBS,
    NAMING_VERBS,
    PERSON_ONLY_VERBS,
    QUESTION_VERBS,
    SPEECH_NOUNS,
    VERDICT_VERBS,
    is_speech_lemma,
)
from tui.core.extraction.doc_index import DocIndex
from tui.core.extraction.grammar import SUBJECT_DEPS
from tui.core.extraction.speakers import SpeakerResolver
from tui.core.models import Speaker

FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))
CLAUSE_SUBJECT_DEPS = SUBJECT_DEPS | {"expl", "csubjpass"}
QUESTION_MARKERS = frozenset(("whether", "if", "how", "what", "why", "when", "where", "who", "which"))
# Participles that continue a statement: "said X, adding Y" / "said X, meaning Y".
CONTINUING_PARTICIPLES = frozenset(("add", "mean", "explain", "note", "say", "insist", "warn", "stress"))
# A wire dateline opening a paragraph: "TORONTO —", "WASHINGTON (AP) —", "LONDON, May 3 (Reuters) -".
DATELINE = re.compile(r"[ \t]*[A-Z][A-Z .'-]+(?:, [A-Za-z0-9. ]+)?(?: \([A-Za-z. ]+\))? ?[\u2014\u2013-]+ ")
LEADING_JUNK = frozenset(("that", ",", ";", ":", "-", "\u2013", "\u2014"))
OPEN_MARKS = "\"\u201c\u201e\u00ab\u2018\u201f\u2039\u201a'"


@dataclass
class Reported:
    start: int
    end: int
    cue_text: str
    cue_span: tuple[int, int]
    speaker: Speaker | None


def find_reported(ix: DocIndex, resolver: SpeakerResolver) -> list[Reported]:
    found: list[Reported] = []
    for token in ix.doc:
        if ix.quote_of[token.i] is not None:
            continue
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(ix.doc) and ix.doc[token.i + 1].lower_ == "to":
            found.extend(_according(ix, resolver, token))
        elif lower == "by" and token.dep_ in ("prep", "ROOT"):
            found.extend(_by_reports(ix, resolver, token))
        elif lower == "per" and token.dep_ == "prep":
            found.extend(_per(ix, resolver, token))
        elif token.pos_ in ("VERB", "AUX") and _speech_verb(resolver, token):
            found.extend(_from_verb(ix, resolver, token))
        elif token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS:
            found.extend(_from_noun(ix, resolver, token))
    found.sort(key=lambda r: (r.start, r.end))
    return _unique(found)


def _unique(found: list[Reported]) -> list[Reported]:
    """One entry per clause (two patterns may find the same one)."""
    result: list[Reported] = []
    seen: set[tuple[int, int]] = set()
    for r in found:
        if (r.start, r.end) not in seen:
            seen.add((r.start, r.end))
            result.append(r)
    return result


def _speech_verb(resolver: SpeakerResolver, verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in VERDICT_VERBS:  # "the court found that ...": a court's finding is its statement
        subjects = resolver.subject_of(verb)
        return bool(subjects) and (subjects[0].lemma_.lower() in COURT_NOUNS or "court" in subjects[0].lower_)
    if not is_speech_lemma(lemma) or lemma in QUESTION_VERBS:
        return False
    subjects = resolver.subject_of(verb)
    if subjects and all(s.like_num for s in subjects):
        return False  # "has amassed 1,217 pledged delegates", parsed as if 1,217 pledged
    if lemma in PERSON_ONLY_VERBS:
        return bool(subjects) and resolver.can_state(subjects[0])
    return True


def is_finite_clause(head: Token) -> bool:
    """A clause with a subject and a tensed verb: "he wants", "190 were dead", not "to go"."""
    # "he can and may declare": the parser may hang the subject on the first modal
    auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in head.children) and not any(
        g.dep_ in CLAUSE_SUBJECT_DEPS for a in auxiliaries for g in a.children
    ):
        return False
    if head.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in head.children)


def _that_clause_misread(head: Token) -> bool:
    """ "said that its vaccine cut infections ...", with "cut" tagged as a noun: the parser left
    a that-clause without a verb, but "that" still marks what follows as the statement."""
    if head.lower_ == "that" and head.pos_ == "SCONJ":  # or "that" itself made the clause's head
        return any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in head.children)
    return head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children)


def _subjunctive(head: Token) -> bool:
    """ "(urged) the immunity be waived", "(demanded) he resign": a base-form clause with a subject."""
    base = head.tag_ == "VB" or any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in head.children)
    infinitive = any(c.tag_ == "TO" for c in head.children)  # "suggested Baker to be ...": no clause
    return base and not infinitive and any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in head.children)


def _is_question(head: Token, cue: Token) -> bool:
    """ "asked whether ...", "explained how ...": a question or topic, not a statement. A
    wh-word before the cue is a relative pronoun ("which he said would ..."), not a question."""
    first = head.left_edge
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in head.children) or (
        first.lower_ in QUESTION_MARKERS
        and first.tag_ in ("WRB", "WP", "WDT", "IN")
        and first.lower_ != "that"
        and first.i > cue.i
        and first.head.i == head.i  # "said if X, then Y": the "if" opens a condition inside the statement
    )


def _from_verb(ix: DocIndex, resolver: SpeakerResolver, verb: Token) -> list[Reported]:
    result = []
    speaker = None
    for child in verb.children:
        content = (
            is_finite_clause(child)
            or (verb.lemma_.lower() in MANDATIVE_VERBS and _subjunctive(child))
            or _that_clause_misread(child)
        )
        clause = child.dep_ == "ccomp" or (child.dep_ == "dep" and _that_clause_misread(child))
        if clause and content and not _is_question(child, verb):
            if _second_hand(child) or _across_semicolon(ix, verb, child) or _resumed_quote(ix, verb, child):
                continue
            span = clause_span(ix, child, verb)
            if (
                span
                and result
                and child.i > verb.i
                and (_starts_relative(child) or _adjoins(ix, result[-1].end, span[0]))
            ):
                # ", whose vehicle was used ...": a relative clause the parser hung on the verb;
                # "said A and, to prevent B, C": one statement the parser split in two
                result[-1].end = max(result[-1].end, span[1])
                continue
            if span:
                span = _with_stray_conjunct(ix, verb, child, span)
                speaker = speaker or resolver.speaker_for(resolver.subject_of(verb))
                result.append(_make(ix, span, verb, speaker))
        elif child.dep_ == "ccomp" and _subject_parsed_as_object(verb, child):
            # "He remarked toilet paper is ...": the parser took the clause's subject for an object
            obj = next(c for c in verb.children if c.dep_ == "dobj")
            span = _trim(ix, obj.left_edge.i, _statement_end(ix, child, verb, child.right_edge.i), verb.idx)
            if span:
                span = _with_stray_conjunct(ix, verb, child, span)
                speaker = speaker or resolver.speaker_for(resolver.subject_of(verb))
                result.append(_make(ix, span, verb, speaker))
        elif (
            child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG" and child.lemma_.lower() in CONTINUING_PARTICIPLES
        ):
            for grand in child.children:
                if grand.dep_ == "ccomp" and is_finite_clause(grand):
                    span = clause_span(ix, grand, child)
                    if span:
                        speaker = speaker or resolver.speaker_for(resolver.subject_of(verb))
                        result.append(_make(ix, span, verb, speaker))
    cited = _cited(verb)
    if cited is not None:  # "Reuters, citing anonymous sources, reported ...": the sources' statement
        cited_speaker = resolver.speaker_for([cited])
        for r in result:
            r.speaker = cited_speaker
    if not result:
        result.extend(_parenthetical(ix, resolver, verb) or _trailing_attribution(ix, resolver, verb))
    covered = [(r.start, r.end) for r in result]  # "A, and that B" inside A's span is one statement
    result.extend(r for r in _and_that(ix, resolver, verb) if not any(a <= r.start < b for a, b in covered))
    return result


def _across_semicolon(ix: DocIndex, verb: Token, clause: Token) -> bool:
    """ "A said X; B reported Y": a semicolon ends one statement, whatever the parse links."""
    lo, hi = sorted((verb.i, clause.i))
    return any(t.text == ";" for t in ix.doc[lo:hi])


def _cited(verb: Token) -> Token | None:
    """The source in "X, citing <source>, reported ...": second-hand reports are the source's."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp", "prep") and child.lemma_.lower() == "cite" and child.i < verb.i:
            return next((g for g in child.children if g.dep_ in ("dobj", "pobj")), None)
    return None


def _adjoins(ix: DocIndex, end: int, start: int) -> bool:
    """Only a comma and "and" between two clauses of one speech verb (not a sentence end)."""
    between = ix.text[end:start]
    return (
        start >= end
        and ("," in between or "and" in between.split())
        and between.replace(",", " ").split() in ([], ["and"])
    )


def _starts_relative(clause: Token) -> bool:
    first = next((t for t in clause.subtree if not t.is_punct), clause)
    return first.tag_ in ("WP$", "WDT", "WP")


def _subject_parsed_as_object(verb: Token, clause: Token) -> bool:
    """A subjectless tensed ccomp right after the verb's object: "remarked [paper] is ..."."""
    tensed = clause.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in clause.children)
    subjunctive = verb.lemma_.lower() in MANDATIVE_VERBS and (
        clause.tag_ == "VB" or any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in clause.children)
    )  # "urged [the contract] be cancelled"
    if not (tensed or subjunctive) or any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in clause.children):
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and verb.i < obj.i and obj.right_edge.i + 1 == clause.left_edge.i


def _with_stray_conjunct(ix: DocIndex, verb: Token, clause: Token, span: tuple[int, int]) -> tuple[int, int]:
    """Extend over a subjectless verb the parser coordinated with the speech verb although
    its tense shows it continues the content: "remarked paper is bulky ... and leaves ..."."""
    for child in verb.rights:
        if (
            child.dep_ == "conj"
            and child.i > clause.i
            and child.tag_ in FINITE_TAGS
            and child.tag_ != verb.tag_
            and clause.tag_ in (child.tag_, "VBZ", "VBP")
            and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
            and not is_speech_lemma(child.lemma_.lower())
        ):
            extended = _trim(ix, child.left_edge.i, child.right_edge.i, verb.idx)
            if extended and ix.paragraph(extended[1]) == ix.paragraph(span[0]):
                return span[0], max(span[1], extended[1])
    return span


def _second_hand(clause: Token) -> bool:
    """ "A source said ..., Reuters reported": the reported clause is itself a statement
    with its own speaker and content, so the statement belongs to the original speaker."""
    return (
        is_speech_lemma(clause.lemma_.lower())
        and any(c.dep_ == "ccomp" for c in clause.children)
        and any(c.dep_ in SUBJECT_DEPS for c in clause.children)
    )


def _parenthetical(ix: DocIndex, resolver: SpeakerResolver, verb: Token) -> list[Reported]:
    """ "Day, they said, desired no memorials": the attribution interrupts the clause it
    reports; the content is the larger side of the clause around it."""
    head = verb.head
    if verb.dep_ not in ("parataxis", "ccomp") or head.i == verb.i or not is_finite_clause(head):
        return []
    if ix.paragraph(head.idx) != ix.paragraph(verb.idx):
        return []
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return []
    if not any(c.text == "," for c in verb.children):
        return []  # a parenthetical is set off by commas
    # The attribution proper starts at its subject: "In between, she testified, she was ..."
    # hangs "In between" on the verb, but it belongs to the clause around it.
    first = min([verb.i] + [c.left_edge.i for c in verb.children if c.dep_ in SUBJECT_DEPS])
    left = (head.left_edge.i, first - 1)
    right = (verb.right_edge.i + 1, head.right_edge.i)
    if left[1] < left[0] or right[1] < right[0]:
        return []  # not inside the clause: "..., said X; he described ..." is two statements
    if any(t.text == ";" for t in ix.doc[min(head.i, verb.i) : max(head.i, verb.i)]):
        return []
    side = max((left, right), key=lambda s: s[1] - s[0])
    span = _trim(ix, side[0], side[1], verb.idx)
    if not span:
        return []
    return [_make(ix, span, verb, resolver.speaker_for(resolver.subject_of(verb)))]


def _trailing_attribution(ix: DocIndex, resolver: SpeakerResolver, verb: Token) -> list[Reported]:
    """ "<clause>, Reuters reported Saturday." where the parser did not link the clause to
    the verb (it does so when a headline without a full stop runs into the paragraph)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
        return []
    sent_start = ix.sentence(verb.i)[0]
    comma = subjects[0].left_edge.i - 1
    if comma <= sent_start or ix.doc[comma].text != ",":
        return []
    after = verb.right_edge.i + 1
    while after < len(ix.doc) and ix.doc[after].is_space:
        after += 1
    if after < len(ix.doc) and not ix.doc[after].is_sent_start and ix.doc[after].text not in (".", "!"):
        return []  # the sentence goes on: not an attribution closing it
    for child in verb.rights:  # only "on Saturday", "late on Friday" may follow the verb
        if child.dep_ not in ("npadvmod", "advmod", "punct") and not (
            child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children)
        ):
            return []
    span = _trim(ix, sent_start, comma - 1, verb.idx)
    if not span:
        return []
    return [_make(ix, span, verb, resolver.speaker_for(subjects))]


# Tokens after a speech verb in which "..., and that B" may continue its report.
AND_THAT_REACH = 80


def _and_that(ix: DocIndex, resolver: SpeakerResolver, verb: Token) -> list[Reported]:
    """ "He said A, and that B": a coordinated that-clause later in the sentence reports too."""
    result = []
    # Within the verb's reach: a paragraph the parser took for one huge sentence must not
    # cost every verb a scan to its end.
    end = min(ix.sentence(verb.i)[1], verb.i + 1 + AND_THAT_REACH)
    for token in ix.doc[verb.i + 1 : end]:
        if ix.quote_of[token.i] is not None or token.dep_ != "conj" or not is_finite_clause(token):
            continue
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children):
            span = clause_span(ix, token, verb)
            if span:
                result.append(_make(ix, span, verb, resolver.speaker_for(resolver.subject_of(verb))))
    return result


def _according(ix: DocIndex, resolver: SpeakerResolver, according: Token) -> list[Reported]:
    to = ix.doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in according.children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    return _adverbial_source(ix, resolver, according, source, "according to", (according.idx, ix.end_char(to)))


def _per(ix: DocIndex, resolver: SpeakerResolver, per: Token) -> list[Reported]:
    """ "Per the decree, <clause>", "Per numbers reported by X, <clause>": read like "according to"."""
    source = next((c for c in per.children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    if per.i != ix.sentence(per.i)[0] and not ix.doc[per.i - 1].is_punct:
        return []  # "1 mg per liter", "left per advice from X": a rate or a reason, set off by nothing
    return _adverbial_source(ix, resolver, per, source, "per", (per.idx, ix.end_char(per)))


def _by_reports(ix: DocIndex, resolver: SpeakerResolver, by: Token) -> list[Reported]:
    """ "By reports he secured ...": read like "according to reports"."""
    source = next((c for c in by.children if c.dep_ == "pobj"), None)
    sent_start = ix.sentence(by.i)[0]
    if source is None or source.lemma_.lower() not in BY_SOURCE_NOUNS and source.lower_ not in BY_SOURCE_NOUNS:
        return []
    if by.i != sent_start and not ix.doc[by.i - 1].is_punct:
        return []
    for child in source.children:  # parsed as "reports [that] he secured ...": the clause hangs on the noun
        if child.dep_ in ("acl", "relcl") and is_finite_clause(child):
            span = _trim(ix, child.left_edge.i, child.right_edge.i, by.idx)
            return (
                [Reported(*span, f"by {source.text}", (by.idx, ix.end_char(source)), resolver.speaker_for([source]))]
                if span
                else []
            )
    return _adverbial_source(ix, resolver, by, source, f"by {source.text}", (by.idx, ix.end_char(source)))


def _adverbial_source(ix, resolver, marker: Token, source: Token, cue_text: str, cue_span) -> list[Reported]:
    """The clause an "according to X" phrase attaches to, without the phrase."""
    clause = marker.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    while clause.dep_ == "conj" and clause.head.i < clause.i:
        clause = clause.head  # "A clashed but there were no reports, according to X": X covers both
    if not is_finite_clause(clause) and clause.dep_ != "ROOT":
        return []
    if ix.paragraph(clause.idx) != ix.paragraph(marker.idx):
        return []
    if any(_speech_verb(resolver, a) and resolver.subject_of(a) for a in clause.ancestors):
        return []  # "X said A, per Y's guidelines": inside X's statement, Y is only its source note
    speaks = _speech_verb(resolver, clause) or clause.lemma_.lower() in NAMING_VERBS
    says_something = any(c.dep_ == "ccomp" for c in clause.children) or any(
        ix.quote_of[t.i] is not None for t in clause.subtree
    )  # "X announced school closings, according to Z" is Z's report of an action
    if speaks and says_something and any(c.dep_ in SUBJECT_DEPS for c in clause.children):
        return []  # "X said Y, according to Z", "X called it "...", per Z": X's words, which Z only relays
    phrase = (marker.left_edge.i, marker.right_edge.i)
    if not any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in clause.children):
        # "Per numbers reported by X, 415 priests are ...": the parser took the clause's
        # subject into the phrase; the phrase ends at its comma.
        comma = next((t.i for t in ix.doc[marker.i + 1 : phrase[1] + 1] if t.text == ","), None)
        if comma is not None:
            phrase = (phrase[0], comma)
    left = (clause.left_edge.i, phrase[0] - 1)
    right = (phrase[1] + 1, clause.right_edge.i)
    first = next((t for t in ix.doc[right[0] : right[1] + 1] if not t.is_punct), None)
    if first is not None and first.lower_ in ("who", "which"):
        right = (right[0], right[0] - 1)  # "according to police, who said ...": the source's own clause
    side = max((left, right), key=lambda s: s[1] - s[0])
    span = _trim(ix, side[0], side[1], marker.idx)
    if not span:
        return []
    speaker = resolver.source_speaker(source)
    return [Reported(span[0], span[1], cue_text, cue_span, speaker)]


def _resumed_quote(ix: DocIndex, verb: Token, clause: Token) -> bool:
    """'"The plan," said Senator Jo Quist, "is dead."': the parser may make the name the
    subject of the quote's second half; after an inverted attribution comes no content clause,
    only the rest of the quote."""
    if clause.i < verb.i or not ix.after_quote(verb):
        return False
    return any(ix.quote_of[t.i] is not None for t in clause.subtree)


def _from_noun(ix: DocIndex, resolver: SpeakerResolver, noun: Token) -> list[Reported]:
    """ "his assertion that ...": a speech noun with a finite that-clause."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and is_finite_clause(child):
            if not any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                continue
            span = clause_span(ix, child, noun)
            if not span:
                continue
            owner = [c for c in noun.children if c.dep_ == "poss"]
            verb = noun.head
            if noun.dep_ == "pobj" and verb.lower_ in ("in", "on", "via", "through"):
                verb = verb.head  # "X said in a statement that ...", the clause parsed as the statement's
            if not owner and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() not in DISMISSING_VERBS:
                owner = resolver.subject_of(verb)  # "made the claim that": not "denied claims that"
            speaker = resolver.speaker_for(owner) if owner else None
            return [_make(ix, span, noun, speaker)]
    return []


def _make(ix: DocIndex, span: tuple[int, int], cue: Token, speaker: Speaker | None) -> Reported:
    return Reported(span[0], span[1], cue.text, (cue.idx, ix.end_char(cue)), speaker)


def clause_span(ix: DocIndex, head: Token, cue: Token) -> tuple[int, int] | None:
    """Character span of a content clause: its subtree without the "that", the cue, a
    coordinated second speech act ("and asked for ..."), or what follows a semicolon."""
    lo, hi = head.left_edge.i, head.right_edge.i
    if lo <= cue.i <= hi:  # the parser put the cue inside: keep the side with the head
        lo, hi = (cue.i + 1, hi) if head.i > cue.i else (lo, cue.i - 1)
    for child in head.rights:
        if (
            child.dep_ == "punct"
            and child.text == ";"
            or (
                child.dep_ == "conj"
                and child.pos_ == "VERB"
                and not is_finite_clause(child)
                and (is_speech_lemma(child.lemma_.lower()) or child.lemma_.lower() in QUESTION_VERBS | NAMING_VERBS)
            )
        ):
            hi = min(hi, child.i - 1)
            break
    return _trim(ix, lo, _statement_end(ix, head, cue, hi, lo), cue.idx)


def _statement_end(ix: DocIndex, head: Token, cue: Token, hi: int, lo: int = 0) -> int:
    """The last token of a content clause ending at ``hi``: before a relative clause with its
    own speech verb (", which he said would ...": its own entry) and before a trailing
    contrast ("while Y wrote ...", ", though it was later found ...": the writer sets
    another fact beside the statement)."""
    for token in ix.doc[max(lo, cue.i + 1) : hi + 1]:
        if _reports_itself(token) or (_contrasting_clause(token) and token.i > head.i) or _continues(token):
            return min(hi, token.left_edge.i - 1)
        if _cited_after(token) and token.i > head.i:
            return min(hi, token.i - 1)
    return hi


def _continues(token: Token) -> bool:
    """ ", adding ...", "," further saying ...": a participle that goes on to the speaker's next
    statement, set off by a comma (or the closing mark of a quote that ends with one)."""
    start = token.left_edge.i
    return (
        token.dep_ in ("advcl", "xcomp", "conj")
        and token.tag_ == "VBG"
        and token.lemma_.lower() in CONTINUING_PARTICIPLES
        and start > 0
        and token.doc[start - 1].text in (",", '"', "\u201d")
    )


def _cited_after(token: Token) -> bool:
    """ ", per WHO guidelines", ", according to X" closing a statement: the writer's source note."""
    doc = token.doc
    return (
        token.lower_ in ("per", "according")
        and token.i > 0
        and doc[token.i - 1].text == ","
        and (token.lower_ == "per" or (token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"))
    )


CONTRAST_MARKS = frozenset(("while", "whereas", "though", "although"))


def _contrasting_clause(token: Token) -> bool:
    """An adverbial clause of contrast with a subject of its own."""
    return (
        token.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in token.children)
        and any(c.dep_ in SUBJECT_DEPS for c in token.children)
    )


def _reports_itself(token: Token) -> bool:
    """A relative clause with its own speech verb and speaker: "which he said would allow"."""
    return (
        token.dep_ == "relcl"
        and is_speech_lemma(token.lemma_.lower())
        and not any(c.tag_ == "WRB" for c in token.children)  # "the time when X announced": not a report in it
        and any(c.dep_ in SUBJECT_DEPS and c.lower_ not in ("which", "who", "that") for c in token.children)
    )


def _trim(ix: DocIndex, lo: int, hi: int, anchor: int) -> tuple[int, int] | None:
    """Token range to characters, within the paragraph of the cue at ``anchor``, without
    leading "that" and punctuation, without trailing punctuation outside quote marks, and
    with a quote opened inside closed inside."""
    doc = ix.doc
    para_start, para_end = ix.paragraph_bounds(anchor)
    lo = max(lo, ix.token_at(para_start))
    while lo <= hi and doc[lo].idx < para_start:
        lo += 1
    hi = min(hi, ix.token_at(max(para_start, para_end - 1)))
    dateline = DATELINE.match(ix.text, para_start, para_end)
    if dateline:  # "TORONTO — Workers will ...": the place and agency head the paragraph, not the statement
        while lo <= hi and doc[lo].idx < dateline.end():
            lo += 1
    while lo <= hi and (doc[lo].lower_ in LEADING_JUNK or doc[lo].is_space or doc[lo].lower_ in ("and", "but")):
        lo += 1
    while hi >= lo and (
        doc[hi].is_space
        or (
            doc[hi].is_punct
            and doc[hi].text not in OPEN_MARKS + "\u201d\u2019\u00bb\u203a"
            and ix.quote_of[doc[hi].i] is None
        )
        or (doc[hi].dep_ == "cc" and ix.quote_of[doc[hi].i] is None)  # "... looked promising but [cautioned]"
    ):
        hi -= 1
    if (
        hi < lo
        or not _after_that(doc, lo)
        and not any(
            doc[i].tag_ in FINITE_TAGS or _subjunctive(doc[i]) or (doc[i].tag_ == "VB" and doc[i].dep_ == "auxpass")
            for i in range(lo, hi + 1)
        )
    ):
        return None  # nothing left with a tensed verb (the parser joined a headline to the text)
    start, end = doc[lo].idx, ix.end_char(doc[hi])
    if ix.quote_of[lo] is not None:
        q = ix.quoted[ix.quote_of[lo]]
        if start > q.open:
            return None  # the clause starts inside quote marks: part of a direct quote
        if q.close >= end and not _after_that(doc, lo):
            return None  # the clause is just the quote: a direct quote, not reported speech
    if ix.quote_of[hi] is not None:
        q = ix.quoted[ix.quote_of[hi]]
        end = max(end, q.close)  # a quote opened in the clause ends with its closing mark
    return start, end


def _after_that(doc, lo: int) -> bool:
    return lo > 0 and doc[lo - 1].lower_ == "that"
