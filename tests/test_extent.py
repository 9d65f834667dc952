"""How much text a reviewer's added quote covers: the quoted words around the match, else its sentence."""

from __future__ import annotations

from tui.core.review.extent import quote_span

TEXT = (
    'The minister spoke. «We will not sign,» he said, and left. "Not today," added Ms Doe.\n'
    "A new paragraph without marks. It has two sentences!\n"
    "He called it “a “small” step.” Then he left."
)


def span_of(words: str) -> str:
    start = TEXT.index(words)
    s, e = quote_span(TEXT, start, start + len(words))
    return TEXT[s:e]


def test_words_inside_quote_marks_give_the_quoted_passage():
    assert span_of("not sign") == "We will not sign,"
    assert span_of("today") == "Not today,"
    assert span_of("small") == "a “small” step."  # a nested quote of the same marks stays inside


def test_a_match_that_ends_on_the_closing_mark_is_still_inside():
    assert span_of('today,"') == "Not today,"


def test_words_outside_quote_marks_give_their_sentence_in_their_paragraph():
    assert span_of("minister") == "The minister spoke."
    assert span_of("two sentences") == "It has two sentences!"
    assert span_of("Then he") == "Then he left."
