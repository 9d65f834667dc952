"""Entities with merged aliases, with the real model on made-up text."""

from __future__ import annotations

from spacy.tokens import Span

from tui.core.extraction.entities import build_entities, in_model_script


def test_surname_and_possessive_join_the_full_name(nlp):
    doc = nlp(
        "Foreign Minister Dmitri Karpenko arrived in Oslo on Tuesday. Karpenko met officials. Karpenko's aides left."
    )
    people = [e for e in build_entities(doc) if e.label == "PERSON"]
    assert len(people) == 1
    (karpenko,) = people
    assert karpenko.name == "Dmitri Karpenko"  # no title
    assert karpenko.aliases == ("Karpenko",)  # no possessive form
    assert len(karpenko.mentions) == 3


def test_surname_tagged_with_another_label_still_joins_the_person(nlp):
    doc = nlp("Dmitri Karpenko arrived on Tuesday. Later Karpenko met the press.")
    second = doc.text.index("Karpenko", 10)
    doc.ents = [doc.char_span(0, 15, "PERSON"), doc.char_span(second, second + 8, "ORG")]
    (entity,) = build_entities(doc)
    assert entity.label == "PERSON"
    assert entity.name == "Dmitri Karpenko"
    assert entity.mentions == ((0, 15), (second, second + 8))


def test_a_surname_before_the_full_name_joins_it(nlp):
    doc = nlp("Karpenko arrives. Dmitri Karpenko arrived on Tuesday.")
    full = doc.text.index("Dmitri")
    doc.ents = [Span(doc, 0, 1, "ORG"), doc.char_span(full, full + 15, "PERSON")]
    (entity,) = build_entities(doc)
    assert entity.name == "Dmitri Karpenko"
    assert entity.mentions[0] == (0, 8)


def test_arabic_article_prefix_is_the_same_surname(nlp):
    doc = nlp(
        "Opposition leader Karim al-Hassan spoke in Cairo. Later al-Hassan left the hall, and Hassan's car drove away."
    )
    person = next(e for e in build_entities(doc) if e.name == "Karim al-Hassan")
    assert set(person.aliases) == {"al-Hassan", "Hassan"}


def test_title_inside_the_mention_is_stripped(nlp):
    doc = nlp("Deputy Foreign Minister Olga Brandt arrived.")
    doc.ents = [doc.char_span(0, 35, "PERSON")]
    (entity,) = build_entities(doc)
    assert entity.name == "Olga Brandt"
    assert entity.mentions == ((24, 35),)


def test_acronym_joins_its_organisation(nlp):
    doc = nlp("The International Rowing Federation (IRF) met in Lucerne. The IRF said the race would go ahead.")
    federation = next(e for e in build_entities(doc) if e.label == "ORG")
    assert federation.name == "International Rowing Federation"
    assert "IRF" in federation.aliases


def test_ids_in_order_of_first_mention_and_no_numbers_or_dates(nlp):
    doc = nlp("On 3 May 2021, Jane Whitfield paid 40 percent of the $5 million bill in Leeds with the Leeds Council.")
    entities = build_entities(doc)
    assert [e.id for e in entities] == [f"e{n}" for n in range(1, len(entities) + 1)]
    assert [e.mentions[0][0] for e in entities] == sorted(e.mentions[0][0] for e in entities)
    assert not {e.label for e in entities} & {"DATE", "PERCENT", "MONEY", "CARDINAL", "QUANTITY"}
    for e in entities:
        assert list(e.mentions) == sorted(e.mentions)
        for start, end in e.mentions:
            assert 0 <= start < end <= len(doc.text)


def test_empty_text(nlp):
    assert build_entities(nlp("")) == ()


def test_place_after_a_title_is_not_part_of_the_name(nlp):
    doc = nlp("The Prime Minister of Freedonia Anna Berg spoke.")
    start = doc.text.index("Freedonia")
    doc.ents = [doc.char_span(start, start + len("Freedonia Anna Berg"), "ORG")]
    (entity,) = build_entities(doc)
    assert (entity.name, entity.label) == ("Anna Berg", "PERSON")


def test_names_in_another_script_are_dropped_but_accented_latin_names_stay(nlp):
    doc = nlp("Ayşe Yılmaz met Jürgen Weiß in Ankara. उसके बाद सब लोग घर चले गए.")
    spans = [(doc.text.index(name), len(name)) for name in ("Ayşe Yılmaz", "Jürgen Weiß", "उसके बाद")]
    doc.ents = [doc.char_span(start, start + size, "PERSON") for start, size in spans]
    assert [e.name for e in build_entities(doc)] == ["Ayşe Yılmaz", "Jürgen Weiß"]


def test_in_model_script_counts_words():
    assert in_model_script("Ayşe Yılmaz")
    assert in_model_script("Pavel Dvořák 2")
    assert not in_model_script("Family से होता")  # mostly another script
    assert not in_model_script("Иван Петров")


def test_a_place_of_several_words_after_a_title_is_not_part_of_the_name(nlp):
    doc = nlp("Crowds gathered in South Moravia. The Governor of South Moravia Karel Novak spoke.")
    place, glued = doc.text.index("South"), doc.text.rindex("South")
    doc.ents = [
        doc.char_span(place, place + len("South Moravia"), "GPE"),
        doc.char_span(glued, glued + len("South Moravia Karel Novak"), "GPE"),
    ]
    people = [e for e in build_entities(doc) if e.label == "PERSON"]
    assert [e.name for e in people] == ["Karel Novak"]


def test_a_source_noun_starting_a_sentence_is_not_a_name(nlp):
    doc = nlp("The storm moved north. Reports said the bridge was closed. Witnesses agreed.")
    start = doc.text.index("Reports")
    doc.ents = [doc.char_span(start, start + len("Reports"), "ORG")]
    assert build_entities(doc) == ()


def test_a_surname_that_is_also_a_common_noun_stays_a_name(nlp):
    doc = nlp("Lisa Judge won the seat. Judge thanked her staff.")
    second = doc.text.rindex("Judge")
    doc.ents = [doc.char_span(0, len("Lisa Judge"), "PERSON"), doc.char_span(second, second + 5, "PERSON")]
    (person,) = build_entities(doc)
    assert person.aliases == ("Judge",)
