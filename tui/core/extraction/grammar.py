"""What the parse says about one token's place, for the speaker rules: who issued a
document or owns it, the agent of a passive, whether a subject heads its sentence's main
clause, what a relative pronoun stands for, whether a noun is a bare title.

Several also make up for misparses the small model makes often; their docstrings say which.
"""

from __future__ import annotations

from spacy.tokens import Token

from tui.core.extraction.cues import PERSON_NOUNS, TITLE_WORDS

SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "csubj"))
RELATIVE_PRONOUNS = frozenset(("who", "which", "that", "whom"))


def bare_title(token: Token) -> bool:
    """A role without a determiner ("party leader", "Niger's president", "study co-author"):
    a title, not a second speaker."""
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and (token.lemma_.lower() in PERSON_NOUNS or token.lemma_.lower() in TITLE_WORDS)
        and not any(c.dep_ == "det" for c in token.children)
    )


def antecedent_of_relative(token: Token) -> Token:
    """ "banners which mentioned ...": the relative pronoun stands for its noun."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return token
    if token.head.dep_ == "relcl" and token.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return token.head.head
    before = token.i - 1
    while before > 0 and token.doc[before].is_punct:
        before -= 1
    if token.lower_ in ("who", "which") and token.doc[before].pos_ in ("NOUN", "PROPN"):
        return token.doc[before]  # "according to police, who said": the parser hung it on the verb
    return token.head.head if token.head.dep_ == "relcl" else token


def passive_agent(verb: Token) -> list[Token]:
    """ "was announced to be a "pandemic" by the WHO": the parser hung "by" on the complement
    of the passive speech verb, not on the verb; within that complement it still names the agent."""
    for comp in verb.children:
        if comp.dep_ != "xcomp":
            continue
        for token in comp.subtree:
            if token.lower_ == "by" and token.dep_ in ("prep", "agent"):
                named = [g for g in token.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                if named:
                    return named
    return []


def subordinate_root(subject: Token) -> int:
    """The character offset where its sentence starts, for the subject of a relative or
    complement clause ("... in which Y became", "reports Y hid"); -1 for any other subject,
    a contrast or time clause included ("while Y wrote ..." can take the topic over)."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ not in ("relcl", "acl", "ccomp") or subject.dep_ not in SUBJECT_DEPS:
        return -1
    return verb.sent.start_char


def is_cited_source(token: Token) -> bool:
    """ "according to X", "per X": X is the one speaking, as salient as a subject."""
    head = token.head
    if token.dep_ != "pobj":
        return False
    if head.lower_ == "to" and head.head.lower_ == "according":
        return True
    return head.lower_ == "per"


def owner_of(document: Token) -> Token | None:
    """Whose a document is by its own phrase: "X's letter", "the request of X", "a post by X"."""
    for child in document.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and target.pos_ == "PROPN":
                return target
    return None


def issuer_of(document: Token) -> Token | None:
    """Who issued a document, when the sentence says so: the subject of the verb it is the
    object of ("Facebook released a statement"), or the agent of a participle on it ("a
    statement released by the ministry")."""
    if document.dep_ == "dobj" and document.head.pos_ == "VERB":
        subject = next((c for c in document.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    for child in document.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = next((g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return agent
    return None


def is_age_description(token: Token) -> bool:
    """ "the 19-year-old": ``token`` is its "old" (the parser may hang it on the verb)."""
    doc, i = token.doc, token.i
    return (
        token.lower_ == "old"
        and i >= 5
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "year"
        and doc[i - 3].text == "-"
        and doc[i - 4].like_num
        and doc[i - 5].lower_ == "the"
    )
