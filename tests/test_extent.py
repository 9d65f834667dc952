"""How much text a reviewer's added quote covers: the quoted words around the match, else its sentence."""

from __future__ import annotations

from tui.core.review.extent import moved, quote_span, word_at

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


EXTENT_TEXT = 'He said "we will win. Then more." Later, she added that it was fine.\nNext paragraph here.'


def test_a_keyboard_selection_starts_on_a_word_and_moves_by_words_and_sentences() -> None:
    text = EXTENT_TEXT
    span = word_at(text, text.index('"we'))  # on the quote mark: the word after it
    assert text[slice(*span)] == "we"
    steps = [("end", "word", 1), ("end", "sentence", 1), ("end", "sentence", 1), ("start", "word", -1)]
    seen = []
    for side, unit, step in steps:
        span = moved(text, span, side, unit, step)
        seen.append(text[slice(*span)])
    assert seen == ["we will", "we will win.", "we will win. Then more.", 'said "we will win. Then more.']
    # a sentence step of the end goes past the closing mark, then to the next sentence's end
    assert text[slice(*moved(text, span, "end", "sentence", 1))].endswith('more."')
    # the start back a sentence: the paragraph's first word
    assert moved(text, span, "start", "sentence", -1)[0] == 0


def test_a_selection_never_empties_nor_leaves_the_text() -> None:
    text = EXTENT_TEXT
    one = word_at(text, 0)
    assert moved(text, one, "end", "word", -1) == one
    assert moved(text, one, "start", "word", 1) == one
    last = word_at(text, len(text))
    assert text[slice(*last)] == "here" and moved(text, last, "end", "word", 1) == last
