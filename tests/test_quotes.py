"""Quote finding with the real model, on made-up sentences."""

from __future__ import annotations

import pytest

from tui.core.extraction.doc_index import DocIndex
from tui.core.extraction.quote_marks import find_quoted


def _quotes(analyse_text, text):
    analysis = analyse_text(text)
    for q in analysis.quotes:
        assert text[q.start : q.end] == q.text
    return analysis.quotes


@pytest.mark.parametrize(
    "opening, closing",
    [("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb"), ("\u2018", "\u2019"), ("\u201e", "\u201c")],
)
def test_each_mark_style_pairs_and_drops_the_lead_in_comma(analyse_text, opening, closing):
    text = (
        "The mayor, Jane Whitfield, opened the bridge. "
        f"{opening}We built this for the children of the valley,{closing} Whitfield said."
    )
    (quote,) = _quotes(analyse_text, text)
    assert quote.kind == "direct"
    assert quote.text == "We built this for the children of the valley"
    assert quote.cue == "said"
    assert quote.speaker.name == "Jane Whitfield"


def test_apostrophes_are_not_quote_marks():
    text = "Don't ask about the '90s or Imus' show, O'Connell's dog or 6'2\" players."
    assert find_quoted(text) == []


def test_nested_quotes_stay_inside_the_outer_quote(analyse_text):
    text = "\u201cThey asked me \u2018Is it safe?\u2019 and I said yes,\u201d Tom Baxter said."
    (quote,) = _quotes(analyse_text, text)
    assert quote.text == "They asked me \u2018Is it safe?\u2019 and I said yes"


def test_interrupted_quote_gives_two_entries_with_one_speaker(analyse_text):
    text = '"The river is high," Jane Whitfield said, "but the bridge will hold."'
    first, second = _quotes(analyse_text, text)
    assert (first.text, second.text) == ("The river is high", "but the bridge will hold.")
    assert first.speaker.name == second.speaker.name == "Jane Whitfield"


def test_a_quote_continues_into_the_paragraph_that_reopens_it(analyse_text):
    text = (
        "Jane Whitfield read a statement on Monday.\n\n"
        "\u201cThe first part of the plan is finished and the bridge is open.\n\n"
        "\u201cThe second part will start in the spring,\u201d Whitfield said."
    )
    (quote,) = _quotes(analyse_text, text)
    assert quote.text.startswith("The first part")
    assert quote.text.endswith("start in the spring")
    assert quote.speaker.name == "Jane Whitfield"


def test_unbalanced_marks_never_break_offsets(analyse_text):
    text = 'He said \u201cthis never closes\n\nNext paragraph \u201d stray \u00bb and " one more.'
    for q in _quotes(analyse_text, text):
        assert 0 <= q.start <= q.end <= len(text)


def test_indirect_speech_with_and_without_that(analyse_text):
    for text in (
        "Jane Whitfield said that the bridge would open in May.",
        "Jane Whitfield said the bridge would open in May.",
    ):
        (quote,) = _quotes(analyse_text, text)
        assert quote.kind == "indirect"
        assert quote.text == "the bridge would open in May"
        assert quote.speaker.name == "Jane Whitfield"


def test_fronted_clause_with_inverted_attribution(analyse_text):
    (quote,) = _quotes(analyse_text, "The ferry will stop running in winter, the harbour company said.")
    assert quote.kind == "indirect"
    assert quote.text == "The ferry will stop running in winter"


def test_according_to(analyse_text):
    (quote,) = _quotes(analyse_text, "The bridge cost four million dollars, according to the city council.")
    assert quote.kind == "indirect"
    assert quote.cue == "according to"
    assert quote.text == "The bridge cost four million dollars"
    assert quote.speaker.name.endswith("city council")


def test_mixed_quote_is_one_entry_with_its_marks(analyse_text):
    text = "Jane Whitfield said the bridge was \u201cbuilt to last a century.\u201d"
    (quote,) = _quotes(analyse_text, text)
    assert quote.kind == "mixed"
    assert quote.text == "the bridge was \u201cbuilt to last a century.\u201d"


def test_scare_quotes_and_titles_are_not_quotes(analyse_text):
    assert _quotes(analyse_text, "The so-called \u201cGreen Deal\u201d was debated in the council on Monday.") == ()
    assert _quotes(analyse_text, "The band played \u201cNight Train\u201d twice.") == ()


def test_short_words_someone_is_said_to_have_said_are_quotes(analyse_text):
    (quote,) = _quotes(analyse_text, "Jane Whitfield called the plan \u201creckless\u201d on Monday.")
    assert quote.kind == "direct"
    assert quote.text == "reckless"
    assert quote.speaker.name == "Jane Whitfield"


def test_uncued_quote_inherits_the_speaker_before_it(analyse_text):
    text = (
        "\u201cThe bridge will open on time,\u201d Jane Whitfield said.\n\n"
        "\u201cNobody should worry about the delays in the north.\u201d"
    )
    first, second = _quotes(analyse_text, text)
    assert second.cue is None
    assert second.speaker.name == first.speaker.name == "Jane Whitfield"


def test_beliefs_findings_and_questions_are_not_quotes(analyse_text):
    text = (
        "Jane Whitfield believes the bridge is safe. The study found that bridges last longer. "
        "Reporters asked whether the bridge was safe."
    )
    assert _quotes(analyse_text, text) == ()


def test_speech_verb_with_a_noun_phrase_is_not_a_quote(analyse_text):
    assert _quotes(analyse_text, "The rebels denied the accusation and claimed responsibility for the fire.") == ()


def test_speech_inside_a_direct_quote_is_not_a_separate_entry(analyse_text):
    text = "\u201cI told them that the road was closed for a week,\u201d Tom Baxter said."
    (quote,) = _quotes(analyse_text, text)
    assert quote.kind == "direct"


def test_ids_in_text_order(analyse_text):
    text = "Tom Baxter said the road was closed. \u201cIt will reopen soon,\u201d he added."
    quotes = _quotes(analyse_text, text)
    assert [q.id for q in quotes] == ["q1", "q2"]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\u201c",
        "\u201d\u201c\u201d\u201c",
        "''''",
        "\u00ab\u00bb",
        'a "b" c \u2018d',
        "\U0001f600 \u201c\U0001f600\u201d",
    ],
)
def test_odd_input_never_raises(analyse_text, text):
    for q in _quotes(analyse_text, text):
        assert 0 <= q.start <= q.end <= len(text)


def test_a_thing_called_by_a_name_is_not_a_quote(analyse_text):
    assert _quotes(analyse_text, "Tom Baxter studied a pattern called \u201cglider\u201d for years.") == ()


def test_a_when_clause_reporting_its_own_content_does_not_speak_the_main_clause_quote(analyse_text):
    text = (
        "After Tom Baxter announced that the mine would close,"
        ' the union painted "we stay open until the end" on the gates.'
    )
    reported, painted = analyse_text(text).quotes
    assert (reported.text, reported.speaker.name) == ("the mine would close", "Tom Baxter")
    assert painted.text == "we stay open until the end"
    assert painted.cue is None and painted.speaker is None


def test_the_speaker_of_a_when_clause_still_goes_on_in_the_next_sentence(analyse_text):
    text = (
        "Jane Whitfield surprised everyone when she revealed that the mill would close."
        ' "We had no other choice. The orders dried up."'
    )
    reported, direct = analyse_text(text).quotes
    assert direct.speaker.name == reported.speaker.name == "Jane Whitfield"


def test_a_document_as_subject_gives_the_quote_to_its_issuer(analyse_text):
    (quote,) = analyse_text(
        'Part of Tom Baxter\'s letter included the line, "we will rebuild the harbour by spring."'
    ).quotes
    assert quote.speaker.name == "Tom Baxter"


def test_sentence_lookup_agrees_with_the_parse(nlp):
    doc = nlp("Jane Whitfield spoke first. Tom Baxter answered her at length.\n\nNobody else said anything!")
    ix = DocIndex(doc, (), [])
    for token in doc:
        assert ix.sentence(token.i) == (token.sent.start, token.sent.end)


def test_a_number_parsed_as_the_subject_of_a_speech_verb_is_no_speaker(analyse_text):
    # "1,217 pledged delegates": the parser can read "pledged" as a verb with "1,217" speaking.
    text = (
        "The Ohio primary awards 62 delegates. According to AP, former Governor of the State of Ohio Ann Reyes has"
        " amassed 1,480 pledged delegates so far, while United States Senator from Maine Tom Ruiz has earned 912."
    )
    quotes = analyse_text(text).quotes
    assert [q.speaker.name for q in quotes if q.speaker] == ["AP"]
    assert all(not q.text.startswith("According to") for q in quotes)
