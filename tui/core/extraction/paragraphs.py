"""A pipeline step before the parser: every line break starts a sentence, and so does the
story after a wire dateline; a quoted question and the attribution after it are one.

A headline or dateline has no full stop, so the parser runs it into the next paragraph and
parses both as one sentence; clauses then cross paragraph breaks, attributions lose their
links, and the headline's verb becomes a cue for the body. Setting the sentence start at
each line break before parsing gives the parser those boundaries (it respects preset ones).

A dateline that opens a paragraph ("LONDON, Sept 9 (Reuters) - ", "WASHINGTON — ") is
parsed as the subject's company otherwise: "PORT ELSWICK ... (Reuters) - Meridia's central
bank said" gave the joint speaker "PORT ELSWICK and Meridia's central bank".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "newsview_line_breaks"


# A dateline: a place in capitals, then a date and the agency in brackets or either or
# neither, then a dash; at most this many tokens before the dash.
_DATELINE_TOKENS = 12
_DASHES = {"-", "--", "–", "—"}


@Language.component(NAME)
def line_breaks_start_sentences(doc: Doc) -> Doc:
    starts = [0]
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            following = doc[token.i + 1]
            if not following.is_space:
                following.is_sent_start = True
                starts.append(following.i)
        elif "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
    for start in starts:
        if (story := _after_dateline(doc, start)) is not None:
            doc[story].is_sent_start = True
    for token in doc[2:]:
        # '"Why not?" she replied.': a question or exclamation in quote marks and its
        # attribution are one sentence; the parser would split them at the mark.
        if token.is_lower and token.is_alpha and doc[token.i - 1].is_quote and doc[token.i - 2].text in ("?", "!"):
            if not token.is_sent_start:  # not the first word of a paragraph
                token.is_sent_start = False
    return doc


def _after_dateline(doc: Doc, start: int) -> int | None:
    """The first token of the story when a dateline opens the paragraph at ``start``."""
    first = doc[start] if start < len(doc) else None
    if first is None or not (first.is_alpha and first.is_upper and len(first) > 1):
        return None
    for token in doc[start + 1 : start + _DATELINE_TOKENS]:
        if token.text in _DASHES:
            story = doc[token.i + 1] if token.i + 1 < len(doc) else None
            # The story opens like a sentence; "NATO - which met ..." is no dateline.
            return story.i if story is not None and (story.text[:1].isupper() or story.is_quote) else None
        if "\n" in token.whitespace_ or not (token.is_punct or token.like_num or token.text[:1].isupper()):
            return None  # a lower-case word: a sentence, not a dateline
    return None
