"""A pipeline step before the parser: every line break starts a sentence.

A headline or dateline has no full stop, so the parser runs it into the next paragraph and
parses both as one sentence; clauses then cross paragraph breaks, attributions lose their
links, and the headline's verb becomes a cue for the body. Setting the sentence start at
each line break before parsing gives the parser those boundaries (it respects preset ones).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "newsview_line_breaks"


@Language.component(NAME)
def line_breaks_start_sentences(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            following = doc[token.i + 1]
            if not following.is_space:
                following.is_sent_start = True
        elif "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc
