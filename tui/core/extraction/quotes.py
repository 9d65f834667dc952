"""Quotes: direct (in marks), indirect (reported speech) and mixed, with cue and speaker.

The steps, each linear in the length of the article:
1. ``quote_marks`` finds the quoted passages by their marks.
2. ``reported`` finds reported speech in the parse: a speech verb or noun with a finite
   content clause, "according to X", and the clause a parenthetical "they said" interrupts.
3. Each quoted passage gets its cue from the words around it (its sentence and the text
   up to the neighbouring quotes, never past its paragraph): a colon after a clause, the
   speech verb the quote depends on, else the nearest speech verb.
4. Quoted words inside a reported clause make that clause mixed; passages that are titles
   or scare quotes are dropped; uncued passages take the speaker of their sentence's
   subject or, failing that, of the quote just before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from tui.core.extraction.cues import (
    DOCUMENT_NOUNS,
    ENGLISH_FUNCTION_WORDS,
    FIRST_PERSON,
    NAMING_VERBS,
    PERSON_ONLY_VERBS,
    QUESTION_VERBS,
    is_speech_lemma,
)
from tui.core.extraction.doc_index import DocIndex
from tui.core.extraction.entities import in_model_script
from tui.core.extraction.quote_marks import Quoted, find_quoted
from tui.core.extraction.reported import FINITE_TAGS, Reported, find_reported
from tui.core.extraction.speakers import SpeakerResolver
from tui.core.models import Entity, Quote, Speaker

# Up to this many words, a quoted passage may be a title or a scare quote.
SHORT_QUOTE_WORDS = 3
# Up to this many words, a passage in title case that no speech verb governs is a title or name.
TITLE_MAX_WORDS = 8
# Little words that stay lower case inside a title ("Day after Day", "Love Me or Leave Me").
TITLE_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for from by with after as vs".split())


@dataclass
class _Direct:
    quoted: Quoted
    start: int
    end: int
    cue: Token | None = None
    cue_text: str | None = None
    cue_span: tuple[int, int] | None = None
    speaker: Speaker | None = None


def extract_quotes(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Every quote in text order with ids "q1", "q2", ...; never raises on odd text."""
    if not doc.text.strip() or len(doc) == 0:
        return ()
    quoted = find_quoted(doc.text)
    index = DocIndex(doc, entities, quoted)
    resolver = SpeakerResolver(index)
    reported = find_reported(index, resolver)
    directs = [d for d in (_attribute(index, resolver, q) for q in quoted) if d is not None]
    transcript = _transcript_paragraphs(index)
    quotes = [
        q
        for q in _combine(index, reported, directs)
        if _in_english(q.text) and index.paragraph(q.start) not in transcript
    ]
    quotes = _without_repeated_headline(index, _inherit(index, quotes))
    return tuple(replace(q, id=f"q{n}") for n, q in enumerate(quotes, 1))


# A headline is one line of at most this many characters, with a paragraph after it.
HEADLINE_CHARS = 200


def _without_repeated_headline(ix: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """A headline that only repeats words quoted in the body ("'The plan is dead,' senator
    says") is not counted again (GUIDELINES.md); the body's quotes may split those words."""
    if len(ix.paragraph_starts) < 2 or not quotes or quotes[0].start >= ix.paragraph_starts[1]:
        return quotes
    headline = ix.text[: ix.paragraph_starts[1]].strip()
    if "\n" in headline or len(headline) > HEADLINE_CHARS:
        return quotes
    body = f" {' '.join(w for q in quotes if q.start >= ix.paragraph_starts[1] for w in _plain_words(q.text))} "
    return [
        q
        for q in quotes
        if not (
            q.kind == "direct" and q.start < ix.paragraph_starts[1] and f" {' '.join(_plain_words(q.text))} " in body
        )
    ]


def _plain_words(text: str) -> list[str]:
    return [w for w in (w.strip(".,;:!?\"'()\u2018\u2019\u201c\u201d").lower() for w in text.split()) if w]


# A paragraph of an interview transcript opens with its speaker's tag: "((WN))", "((Jane
# Doe))", "Q:", "A:", "JANE DOE:".
TRANSCRIPT_TAG = re.compile(r"[ \t]*(?:\(\([^()\n]{1,60}\)\)|[QA]:|[A-Z][A-Z.' -]{1,40}:)\s")


def _transcript_paragraphs(ix: DocIndex) -> set[int]:
    """The paragraphs that are transcript lines: a transcript is not a quote, nor is what the
    interviewee reports inside an answer (GUIDELINES.md)."""
    text = ix.text
    return {n for n, start in enumerate(ix.paragraph_starts) if TRANSCRIPT_TAG.match(text, start)}


# Words from which a passage without any English function word is taken for another language.
FOREIGN_MIN_WORDS = 6


def _in_english(text: str) -> bool:
    """Quotes are what someone said in the article's language: a passage in another script,
    or of several words none of which is an English function word, is the original of a
    translation printed beside it ("En el siglo XXI, toda sociedad necesita ...")."""
    if not in_model_script(text):
        return False
    words = [w.strip(".,;:!?\"'()[]\u2018\u2019\u201c\u201d").lower() for w in text.split()]
    words = [w for w in words if w and w[0].isalpha()]
    return len(words) < FOREIGN_MIN_WORDS or any(w in ENGLISH_FUNCTION_WORDS for w in words)


# -- direct quotes ------------------------------------------------------------------------


def _attribute(ix: DocIndex, resolver: SpeakerResolver, q: Quoted) -> _Direct | None:
    """The cue and speaker of one quoted passage; None when it is a title or scare quote."""
    found = _Direct(q, q.start, q.end)
    window = _window(ix, q)
    colon = _colon_cue(ix, q)
    cue = colon or _best_cue(ix, resolver, q, window)
    if cue is not None:
        found.cue = cue
        found.cue_text = cue.text
        found.cue_span = (cue.idx, ix.end_char(cue))
        subjects = resolver.subject_of(cue)
        if not subjects and colon is not None:
            subjects = _subject_before(ix, colon)
        if any(s.idx < q.open and q.close <= min(cue.idx, ix.end_char(s.right_edge)) for s in subjects):
            return None  # 'X of "Have no fear", a charity, told Reuters': a name in the speaker's phrase
        found.speaker = resolver.speaker_for(subjects)
    if found.speaker is None:
        subject = _sentence_subject(ix, resolver, q, documents=True)
        if subject is not None:
            found.speaker = resolver.speaker_for([subject])
    if _is_title_or_scare(ix, resolver, q, found):
        return None
    if found.speaker is None and found.cue is None:
        found.speaker = _introduced_before(ix, resolver, q)
    if found.cue is not None and found.cue.idx > q.end or _followed_by_according_to(ix, q):
        _drop_lead_in_comma(ix, found)
    return found


# Tokens before a quote's first and after its last token in which its cue may stand.
CUE_REACH = 60


def _window(ix: DocIndex, q: Quoted) -> tuple[int, int]:
    """Token range where the attribution of a quote may be: its sentences, not past the
    neighbouring quotes nor the paragraph."""
    doc = ix.doc
    first = doc[ix.token_at(q.open)]
    last = doc[ix.token_at(max(q.open, q.close - 1))]
    para_start = ix.paragraph_bounds(q.open)[0]
    para_end = ix.paragraph_bounds(max(q.open, q.close - 1))[1]  # a quote may run over paragraphs
    start, end = ix.sentence(first.i)[0], ix.sentence(last.i)[1]
    lo = ix.token_at(para_start)
    hi = ix.token_at(max(para_start, para_end - 1)) + 1
    # An attribution sits next to its quote; the reach also keeps a paragraph the parser
    # took for one huge sentence from costing every quote a scan of the whole paragraph.
    lo, hi = max(lo, first.i - CUE_REACH), min(hi, last.i + 1 + CUE_REACH)
    return max(start, lo), min(end, hi)


def _outside(ix: DocIndex, window: tuple[int, int]):
    doc = ix.doc
    for i in range(*window):
        if ix.quote_of[i] is None:
            yield doc[i]


def _is_cue_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
        return False
    lemma = token.lemma_.lower()
    return is_speech_lemma(lemma) or lemma in NAMING_VERBS or lemma in QUESTION_VERBS


def _colon_cue(ix: DocIndex, q: Quoted) -> Token | None:
    """ "X told Reuters: "..."" or "X disagreed with these findings: "..."": the clause before
    a colon introduces the quote whatever its verb."""
    text = ix.text
    j = q.open - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] != ":":
        return None
    doc = ix.doc
    colon = ix.token_at(j)
    if colon == 0 or ix.quote_of[colon - 1] is not None:
        return None
    token = doc[colon - 1]
    for _ in range(20):
        if token.pos_ in ("VERB", "AUX") and token.i < colon and token.idx >= ix.paragraph_bounds(q.open)[0]:
            return token
        if token.head.i == token.i:
            break
        token = token.head
    # No verb found: "The family's statement on the death read:" with "read" taken for a noun.
    return doc[colon - 1] if doc[colon - 1].is_alpha else None


def _subject_before(ix: DocIndex, cue: Token) -> list[Token]:
    """The subject of the clause before a colon when the parse gives the cue none."""
    start = max(ix.sentence(cue.i)[0], cue.i - CUE_REACH)
    for token in ix.doc[start : cue.i]:
        if ix.quote_of[token.i] is None and token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON":
            return [token]
    return []


def _best_cue(ix: DocIndex, resolver: SpeakerResolver, q: Quoted, window: tuple[int, int]) -> Token | None:
    """The speech verb in the quote's window that attributes it, other quotes excluded.

    Better cues first: a verb with a subject before a bare participle ("Asked what ...,
    he said"), a speech verb before a question verb, one the quote's words depend on in the
    parse, then the nearest.
    """
    doc = ix.doc
    linked = {doc[i].head.i for i in ix.token_range(q.open, q.close)}

    def rank(token: Token) -> tuple[int, bool, int]:
        subjects = resolver.subject_of(token)
        has_subject = bool(subjects)
        if token.lemma_.lower() in PERSON_ONLY_VERBS and not (subjects and resolver.can_state(subjects[0])):
            has_subject = False  # "the evidence suggests": a finding, not the speaker's cue
        penalty = (0 if has_subject else 2) + (1 if token.lemma_.lower() in QUESTION_VERBS else 0)
        distance = q.open - token.idx if token.idx < q.open else token.idx - q.close
        return penalty, token.i not in linked, abs(distance)

    candidates = [t for t in _outside(ix, window) if _is_cue_verb(t) and not _speaks_elsewhere(ix, t, q)]
    return min(candidates, key=rank) if candidates else None


def _speaks_elsewhere(ix: DocIndex, verb: Token, q: Quoted | Quote) -> bool:
    """ "When X tweeted that A, Y placed a "label" on it": a speech verb heading an adverbial
    clause (with "when", "after", "because", ...) that holds its own content clause reports
    that clause, not a quote outside everything it governs."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" or c.tag_ == "WRB" for c in verb.children):
        return False
    if not any(c.dep_ == "ccomp" and ix.quote_of[c.i] is None for c in verb.children):
        return False
    return q.end <= verb.left_edge.idx or q.start >= ix.end_char(verb.right_edge)


def _sentence_subject(ix: DocIndex, resolver: SpeakerResolver, q: Quoted, documents: bool = False) -> Token | None:
    """With no cue, a person who is the subject of the quote's sentence speaks it
    ("Lisa Mancini has been cosplaying ..., her "passion" for ..."; "She chooses "to ..."),
    unless the subject is inside a clause that reports something else ("When X said A, ...").
    With ``documents``, a document subject counts too (its issuer speaks); not when judging
    a short quote, as documents cite titles and terms as often as anyone's words."""
    outside = list(_outside(ix, _window(ix, q)))  # the sentence, within the cue's reach
    elsewhere = [(t.left_edge.i, t.right_edge.i) for t in outside if _is_cue_verb(t) and _speaks_elsewhere(ix, t, q)]
    for token in outside:
        if token.dep_ not in ("nsubj", "nsubjpass") or any(lo <= token.i <= hi for lo, hi in elsewhere):
            continue
        if resolver.person_like(token):
            return token
        document = _document_subject(token) if documents else None
        if document is not None:
            return document
    return None


def _introduced_before(ix: DocIndex, resolver: SpeakerResolver, q: Quoted) -> Speaker | None:
    """A quote that opens its sentence with no cue, right after a sentence without quotes
    whose subject is a person: that person ("X criticised the decision. "..."").
    A sentence with a quote of its own leaves the choice to the quote before (inheritance)."""
    doc = ix.doc
    first = ix.token_at(q.open)
    start = ix.sentence(first)[0]
    if any(not t.is_space and not t.is_punct for t in doc[start:first]):
        return None  # the quote does not open its sentence
    before = start - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if before < 0 or ix.paragraph(doc[before].idx) < ix.paragraph(q.open) - 1:
        return None
    lo, hi = ix.sentence(before)
    if any(ix.quote_of[i] is not None for i in range(lo, hi)):
        return None
    for token in doc[lo:hi]:
        if token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and resolver.person_like(token):
            return resolver.speaker_for([token])
    return None


def _document_subject(subject: Token) -> Token | None:
    """ "His letter ended with "...", "Part of X's tweet included "...": a document (or part
    of one) as the subject; whoever issued it speaks."""
    if subject.lemma_.lower() in DOCUMENT_NOUNS:
        return subject
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in DOCUMENT_NOUNS:
                    return obj
    return None


def _words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def _is_title_or_scare(ix: DocIndex, resolver: SpeakerResolver, q: Quoted, found: _Direct) -> bool:
    """One to three words that are a name or title, or that nobody is said to have said."""
    words = _words(ix.text[q.start : q.end])
    if not words:
        return True
    title_case = all(w[0].isupper() or not w[0].isalpha() or w.lower() in TITLE_SMALL_WORDS for w in words) and not any(
        w.lower().split("'")[0].split("\u2019")[0] in FIRST_PERSON for w in words
    )  # ""I'm 71," he says" is speech
    if title_case and len(words) <= TITLE_MAX_WORDS and not (found.cue is not None and _governs(found.cue, ix, q)):
        return True  # "Super Tuesday", "Day after Day", "Tyrant", "A Tribute For a King", "X vs. Y"
    if len(words) > SHORT_QUOTE_WORDS:
        return False
    if title_case:
        return True
    if found.cue is not None and (_names_a_thing(found.cue) or _named_by_nobody(found.cue)):
        return True
    if found.cue is not None and _governs(found.cue, ix, q):
        return False
    if _is_sentence(ix, q):
        return False  # ""Everyone was crying."": a whole sentence someone said, however short
    subject = _sentence_subject(ix, resolver, q)
    return subject is None


def _is_sentence(ix: DocIndex, q: Quoted) -> bool:
    """A quoted passage that is a sentence of its own: capitalised, closed by a full stop, a
    question or exclamation mark inside the marks, with a tensed verb; without one, a question
    or exclamation ("Why not?"), or a reply right after another quote ('"I will," he said.
    "Next week."')."""
    inside = ix.text[q.start : q.end].strip()
    if not inside or not inside[0].isupper() or inside[-1] not in ".!?":
        return False
    if any(ix.doc[i].tag_ in FINITE_TAGS for i in ix.token_range(q.start, q.end)):
        return True
    return inside[-1] in "?!" or _follows_a_quote(ix, q)


# At most this many characters between a quote and a short reply that continues it.
REPLY_GAP_CHARS = 40


def _follows_a_quote(ix: DocIndex, q: Quoted) -> bool:
    """Another quote closes in the same paragraph just before this one opens (looked up
    from the tokens just before it, not over every quote: a book has thousands)."""
    for i in range(ix.token_at(q.open) - 1, -1, -1):
        n = ix.quote_of[i]
        if n is not None and ix.quoted[n] is not q:
            other = ix.quoted[n]
            return q.open - other.close <= REPLY_GAP_CHARS and ix.paragraph(other.open) == ix.paragraph(q.open)
        if q.open - ix.doc[i].idx > REPLY_GAP_CHARS:
            return False
    return False


def _governs(cue: Token, ix: DocIndex, q: Quoted) -> bool:
    """The cue is a speech or naming verb that the short quote belongs to (called it "X")."""
    lemma = cue.lemma_.lower()
    if not (is_speech_lemma(lemma) or lemma in NAMING_VERBS):
        return False
    for i in ix.token_range(q.start, q.end):
        t = ix.doc[i]
        while t.head.i != t.i and ix.quote_of[t.i] is not None:
            t = t.head
        for _ in range(4):
            if t.i == cue.i:
                return True
            if t.head.i == t.i:
                break
            t = t.head
    return False


def _named_by_nobody(cue: Token) -> bool:
    """ "X was commonly called "swine flu"": a passive naming verb with no agent gives a name
    in common use, not anyone's words."""
    return (
        cue.lemma_.lower() in NAMING_VERBS
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
        and not any(c.dep_ == "agent" for c in cue.children)
    )


def _names_a_thing(cue: Token) -> bool:
    """ "a pattern called "glider"", "a song called "X"": a participle naming its noun."""
    return cue.tag_ == "VBN" and cue.dep_ == "acl"


def _followed_by_according_to(ix: DocIndex, q: Quoted) -> bool:
    """ "...," according to NBC: the comma leads into an attribution too."""
    return ix.text[q.close : q.close + 16].lstrip().lower().startswith("according to")


def _drop_lead_in_comma(ix: DocIndex, found: _Direct) -> None:
    """ "...," he said: the comma leads into the attribution and is not part of the quote."""
    end = found.end
    while end > found.start and ix.text[end - 1] in ", \t\n":
        end -= 1
    found.end = end


# -- combining ----------------------------------------------------------------------------


def _combine(ix: DocIndex, reported: list[Reported], directs: list[_Direct]) -> list[Quote]:
    """Indirect clauses absorb the quoted passages inside them (mixed); the rest stay direct."""
    quotes: list[Quote] = []
    absorbed: set[int] = set()
    ordered = sorted(directs, key=lambda d: d.quoted.open)
    opens = [d.quoted.open for d in ordered]
    for r in reported:
        kind = "indirect"
        lo = bisect_left(opens, r.start)
        for n in range(lo, len(ordered)):
            d = ordered[n]
            if d.quoted.open >= r.end:
                break
            kind = "mixed"
            absorbed.add(n)
        if ix.text[r.start] in '"\u201c\u201e\u00ab\u2018':
            kind = "mixed"
        quotes.append(Quote("", kind, r.start, r.end, ix.text[r.start : r.end], r.cue_text, r.cue_span, r.speaker))
    for n, d in enumerate(ordered):
        if n in absorbed:
            continue
        cue_text = d.cue_text
        quotes.append(Quote("", "direct", d.start, d.end, ix.text[d.start : d.end], cue_text, d.cue_span, d.speaker))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _inherit(ix: DocIndex, quotes: list[Quote]) -> list[Quote]:
    """A quote with no cue and no speaker that directly follows an attributed quote
    (same or next paragraph) continues that speaker, unless that quote's cue, in the same
    sentence, heads a clause reporting something else ("After X announced that A, the union
    painted "B""; in the sentences after it, X may well go on speaking)."""
    result: list[Quote] = []
    for q in quotes:
        if q.speaker is None and q.cue is None and result:
            before = result[-1]
            if (
                before.speaker is not None
                and ix.paragraph(q.start) - ix.paragraph(before.end) <= 1
                and not _cue_speaks_elsewhere(ix, before, q)
            ):
                q = replace(q, speaker=before.speaker)
        result.append(q)
    return result


def _cue_speaks_elsewhere(ix: DocIndex, before: Quote, q: Quote) -> bool:
    if before.cue_span is None:
        return False
    cue = ix.doc[ix.token_at(before.cue_span[0])]
    if ix.sentence(cue.i) != ix.sentence(ix.token_at(q.start)):
        return False
    return _speaks_elsewhere(ix, cue, q)
