"""Speaker resolution with the real model, on made-up sentences."""

from __future__ import annotations


def _only(analyse_text, text):
    (quote,) = analyse_text(text).quotes
    return quote


def test_pronoun_resolves_to_the_earlier_person(analyse_text):
    quote = _only(
        analyse_text, "Jane Whitfield opened the bridge on Monday. She said the crossing would cut travel times."
    )
    assert quote.speaker.name == "Jane Whitfield"
    assert quote.speaker.text == "She"
    assert quote.speaker.entity == "e1"


def test_pronoun_gender_from_titles(analyse_text):
    quote = _only(analyse_text, "Mr Tom Baxter met Mrs Jane Whitfield on Monday. She said the talks went well.")
    assert quote.speaker.name == "Jane Whitfield"


def test_inverted_order(analyse_text):
    quote = _only(analyse_text, '"The bridge is safe," said Jane Whitfield.')
    assert quote.speaker.name == "Jane Whitfield"
    assert quote.cue == "said"


def test_title_is_not_part_of_the_speaker_name(analyse_text):
    quote = _only(analyse_text, "Transport Minister Jane Whitfield said the bridge is safe.")
    assert quote.speaker.name == "Jane Whitfield"


def test_apposition_does_not_change_the_speaker(analyse_text):
    quote = _only(
        analyse_text, "Tom Baxter, a spokesman for the Harbour Authority, said the port would reopen on Friday."
    )
    assert quote.speaker.name == "Tom Baxter"


def test_joint_speakers_are_one_speaker_with_member_aliases(analyse_text):
    quote = _only(analyse_text, "Jane Whitfield and Tom Baxter said the bridge is safe.")
    assert quote.speaker.name == "Jane Whitfield and Tom Baxter"
    assert quote.speaker.aliases == ("Jane Whitfield", "Tom Baxter")
    assert quote.speaker.entity is None


def test_unnamed_source_keeps_its_phrase(analyse_text):
    quote = _only(analyse_text, "One senior engineer, speaking on condition of anonymity, said the bridge was safe.")
    assert quote.speaker.name == "One senior engineer"
    assert quote.speaker.entity is None


def test_description_resolves_through_the_title(analyse_text):
    text = "Transport Minister Jane Whitfield visited the site. Later the minister said the work was finished."
    quote = _only(analyse_text, text)
    assert quote.speaker.name == "Jane Whitfield"
    assert quote.speaker.text == "the minister"


def test_second_hand_report_goes_to_the_original_speaker(analyse_text):
    quote = _only(analyse_text, "A city engineer said the bridge was safe, the Valley Gazette reported.")
    assert quote.speaker.name == "A city engineer"


def test_they_resolves_to_an_organisation(analyse_text):
    text = "The Harbour Authority closed the port on Monday. They said the storm had damaged two piers."
    quote = _only(analyse_text, text)
    assert quote.speaker.name == "Harbour Authority"


def test_quoted_as_saying(analyse_text):
    quote = _only(analyse_text, "Tom Baxter was quoted as saying the port will reopen on Friday.")
    assert quote.text == "the port will reopen on Friday"
    assert quote.speaker.name.endswith("Baxter")


def test_colon_introduces_a_quote_whatever_the_verb(analyse_text):
    quote = _only(analyse_text, 'Ahmed Rahimi disagreed with the plan: "The talks are over and we are going home."')
    assert quote.kind == "direct"
    assert quote.speaker.name == "Ahmed Rahimi"


def test_quotes_by_an_entity(analyse_text):
    analysis = analyse_text('"We will rebuild," Jane Whitfield said. Tom Baxter said the port was closed.')
    whitfield = next(e for e in analysis.entities if e.name == "Jane Whitfield")
    assert [q.text for q in analysis.quotes_by(whitfield.id)] == ["We will rebuild"]


def test_shared_surname_is_the_person_introduced_first(analyse_text):
    text = "Carl Hansen met reporters on Monday. His wife Ingrid Hansen joined him. Hansen said the trip was a success."
    quote = _only(analyse_text, text)
    assert quote.speaker.name == "Carl Hansen"


def test_impersonal_report_names_nobody(analyse_text):
    quote = _only(analyse_text, "The storm hit the coast on Monday. It was reported that the ferry had sunk.")
    assert quote.text == "the ferry had sunk"
    assert quote.speaker is None


def test_an_unresolved_first_person_pronoun_names_no_speaker(analyse_text):
    analysis = analyse_text('Within the office, we organised "a long pick-and-speak session" for every team.')
    assert analysis.quotes, "the quoted words are still reported"
    assert all(q.speaker is None or q.speaker.name.lower() not in ("we", "i") for q in analysis.quotes)


def test_a_subject_in_another_script_is_no_speaker(analyse_text):
    analysis = analyse_text("हमारे गाँव के लोग told us the well had dried up.")
    (quote,) = analysis.quotes
    assert quote.text == "the well had dried up"
    assert quote.speaker is None
    assert analysis.entities == ()


def test_reports_are_an_unnamed_source_at_most(analyse_text):
    # the model tags "Reports" here as an organisation
    analysis = analyse_text("The quake struck at dawn.  Reports said at least 40 homes collapsed near the coast.")
    (quote,) = analysis.quotes
    assert quote.text == "at least 40 homes collapsed near the coast"
    assert quote.speaker is None or quote.speaker.entity is None
    assert not [e for e in analysis.entities if e.name == "Reports"]


def test_a_statement_speaks_for_whoever_issued_it(analyse_text):
    released = _only(
        analyse_text, 'Acme Corporation released a statement which said, "The factory will reopen next month."'
    )
    assert released.speaker is not None and released.speaker.name == "Acme Corporation"
    issued = _only(analyse_text, "Dr Helen Park issued a statement saying the patient was recovering well.")
    assert issued.speaker is not None and issued.speaker.name == "Helen Park"


def test_a_statement_released_by_someone_is_theirs(analyse_text):
    quote = _only(
        analyse_text, "According to a statement released by the Hartwell Foundation, the grants will double next year."
    )
    assert quote.speaker is not None and "Hartwell Foundation" in quote.speaker.name


def test_a_statement_with_no_issuer_stays_an_unnamed_source(analyse_text):
    quote = _only(analyse_text, "The singer died at home on Friday, according to a statement.")
    assert quote.speaker is not None and quote.speaker.entity is None and "statement" in quote.speaker.name
