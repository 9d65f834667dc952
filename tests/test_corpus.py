"""Speakers across articles: one row per person, unnamed sources kept apart."""

from __future__ import annotations

from dataclasses import replace

from tui.core.corpus.query import entity_rows, matches, narrow
from tui.core.corpus.summary import fold, speaker_key, summarise
from tui.core.models import Analysis, Article, Entity, Quote, Speaker


def _analysis(source: str, speakers: list[tuple], kind="direct") -> Analysis:
    """Speakers as ``(name, entity id or None, aliases)``, optionally with the entity's label last."""
    entities, quotes = [], []
    for i, (name, entity_id, aliases, *label) in enumerate(speakers):
        if entity_id and all(e.id != entity_id for e in entities):
            entities.append(Entity(entity_id, label[0] if label else "PERSON", name, aliases, ((0, 1),)))
        quotes.append(Quote(f"q{i}", kind, 0, 1, "x", "said", None, Speaker(name, entity_id)))
    return Analysis(Article(source, source, "x"), "m", tuple(entities), tuple(quotes))


def test_same_person_in_two_articles_is_one_row():
    summary = summarise(
        [
            _analysis("a", [("Sergei Lavrov", "e1", ("Lavrov",)), ("Sergei Lavrov", "e1", ("Lavrov",))]),
            _analysis("b", [("Lavrov", "e3", ())]),
        ]
    )
    (row,) = summary.speakers
    assert row.name == "Sergei Lavrov"
    assert len(row.quotes) == 3 and row.articles == ["a", "b"]
    assert summary.share(row) == 1.0


def test_ambiguous_surname_stays_apart():
    summary = summarise(
        [
            _analysis("a", [("Joe Biden", "e1", ())]),
            _analysis("b", [("Jill Biden", "e1", ())]),
            _analysis("c", [("Biden", "e1", ())]),
        ]
    )
    assert sorted(r.name for r in summary.speakers) == ["Biden", "Jill Biden", "Joe Biden"]


def test_unnamed_sources_are_not_joined_to_people_and_are_counted_as_unnamed():
    summary = summarise([_analysis("a", [("Ann Lee", "e1", ()), ("officials", None, ()), ("officials", None, ())])])
    rows = {r.name: r for r in summary.speakers}
    assert rows["officials"].named is False and len(rows["officials"].quotes) == 2
    assert summary.speakers[0].name == "officials", "most quoted first"
    assert summary.named_vs_unnamed() == (1, 2)


def test_a_reviewers_link_merges_two_rows_and_lists_both_names_as_members():
    corpus = [_analysis("a", [("Bob Smith", "e1", ()), ("Robert Smith", "e2", ()), ("Robert Smith", "e2", ())])]
    assert len(summarise(corpus).speakers) == 2
    (row,) = summarise(corpus, links={"bob smith": "robert smith"}).speakers
    assert row.name == "Robert Smith" and "Bob Smith" in row.aliases
    assert row.members == {"robert smith": ("Robert Smith", 2), "bob smith": ("Bob Smith", 1)}


def test_a_name_linked_to_itself_is_split_out_of_the_automatic_join():
    corpus = [_analysis("a", [("Sergei Lavrov", "e1", ())]), _analysis("b", [("Lavrov", "e2", ())])]
    (joined,) = summarise(corpus).speakers
    assert set(joined.members) == {"sergei lavrov", "lavrov"}
    rows = {r.name: r for r in summarise(corpus, links={"lavrov": "lavrov"}).speakers}
    assert set(rows) == {"Sergei Lavrov", "Lavrov"}
    assert rows["Lavrov"].articles == ["b"] and rows["Sergei Lavrov"].articles == ["a"]


def test_a_merged_row_brings_the_names_joined_to_it():
    corpus = [_analysis("a", [("Sergei Lavrov", "e1", ()), ("Lavrov", "e1", ()), ("Maria Zakharova", "e2", ())])]
    (row,) = summarise(corpus, links={"sergei lavrov": "maria zakharova"}).speakers
    assert set(row.members) == {"sergei lavrov", "lavrov", "maria zakharova"}
    assert len(row.quotes) == 3


def test_links_to_names_not_in_the_corpus_and_link_cycles_change_nothing():
    corpus = [_analysis("a", [("Ann Lee", "e1", ()), ("Bo Chan", "e2", ())])]
    assert len(summarise(corpus, links={"ann lee": "nobody here"}).speakers) == 2
    cyclic = summarise(corpus, links={"ann lee": "bo chan", "bo chan": "ann lee"})
    assert sum(len(r.quotes) for r in cyclic.speakers) == 2, "no quote lost or counted twice"


def test_unattributed_quotes_count_in_the_total_only():
    analysis = Analysis(Article("a", "a", "x"), "m", (), (Quote("q1", "direct", 0, 1, "x"),))
    summary = summarise([analysis])
    assert summary.total_quotes == 1 and summary.unattributed == 1 and summary.speakers == []


def test_spellings_with_and_without_accents_are_one_row():
    summary = summarise(
        [
            _analysis("a", [("Recep Tayyip Erdoğan", "e1", ())]),
            _analysis("b", [("Recep Tayyip Erdogan", "e1", ())]),
        ]
    )
    (row,) = summary.speakers
    assert len(row.quotes) == 2 and row.articles == ["a", "b"]


def test_the_surname_join_is_for_people_only_while_an_alias_joins_any_entity():
    summary = summarise(
        [
            _analysis("a", [("ABC Australia", "e1", (), "ORG")]),
            _analysis("b", [("Australia", "e1", (), "GPE")]),
            _analysis("c", [("Sergei Lavrov", "e1", ())]),
            _analysis("d", [("Lavrov", "e1", (), "ORG")]),  # the model's label, not a person
            _analysis("e", [("Australian Broadcasting Corporation", "e1", ("ABC",), "ORG"), ("ABC", "e2", (), "ORG")]),
        ]
    )
    rows = {r.name: r for r in summary.speakers}
    assert set(rows) == {"ABC Australia", "Australia", "Lavrov", "Sergei Lavrov", "Australian Broadcasting Corporation"}
    assert len(rows["Australian Broadcasting Corporation"].quotes) == 2
    assert [name for name, row in rows.items() if row.person] == ["Sergei Lavrov"]


def test_a_bare_name_without_an_entity_joins_the_person_and_counts_as_named():
    summary = summarise(
        [
            _analysis("a", [("Donald Trump", "e1", ())]),
            _analysis("b", [("Trump", None, ()), ("Trump", None, ()), ("Trump", None, ())]),
            _analysis("c", [("Recep Tayyip Erdoğan", "e1", ("Tayyip",))]),
            _analysis("d", [("Tayyip", None, ())]),  # an alias, not the surname
        ]
    )
    rows = {r.name: r for r in summary.speakers}
    assert set(rows) == {"Donald Trump", "Recep Tayyip Erdoğan"}
    trump = rows["Donald Trump"]
    assert len(trump.quotes) == 4 and trump.articles == ["a", "b"] and trump.named
    assert trump.members == {"donald trump": ("Donald Trump", 1), "trump": ("Trump", 3)}
    assert summary.named_vs_unnamed() == (6, 0)


def test_only_an_unambiguous_proper_name_without_an_entity_joins_and_links_still_decide():
    people = [("Sam Officials", "e1", ()), ("Kim Police", "e2", ()), ("Ann Reports", "e3", ())]
    people += [("Jo Spokesperson", "e4", ()), ("Lee Sources", "e5", ("Sources",)), ("Donald Trump", "e6", ())]
    people += [("Joe Biden", "e7", ()), ("Jill Biden", "e8", ())]
    # Capitalised as a sentence opens ("Officials said ..."): capitals alone do not make a name.
    unnamed = ["Officials", "Police", "Reports", "a spokesperson", "Spokesperson", "Sources", "Biden"]
    corpus = [_analysis("a", people), _analysis("b", [(name, None, ()) for name in [*unnamed, "Trump"]])]
    summary = summarise(corpus)
    rows = {r.name: r for r in summary.speakers}
    assert len(rows["Donald Trump"].quotes) == 2, "a proper name joins"
    assert all(len(r.quotes) == 1 for name, r in rows.items() if name != "Donald Trump"), "nothing else does"
    assert {r.name for r in summary.speakers if not r.named} == set(unnamed)
    linked = {r.name: r for r in summarise(corpus, links={"biden": "jill biden", "trump": "trump"}).speakers}
    assert len(linked["Jill Biden"].quotes) == 2 and "Biden" not in linked
    assert len(linked["Trump"].quotes) == 1 and not linked["Trump"].named


def test_the_filter_folds_accents_like_the_speaker_keys():
    erdogan = _analysis("a", [("Recep Tayyip Erdoğan", "e1", ())])
    erdogan = Analysis(
        erdogan.article,
        erdogan.model,
        (*erdogan.entities, Entity("e2", "GPE", "São Paulo", (), ((0, 1),))),
        tuple(replace(q, text="Talks in Zürich went well.") for q in erdogan.quotes),
    )
    corpus = [erdogan, _analysis("b", [("Ann Lee", "e1", ())])]
    summary = summarise(corpus)
    for typed in (
        "speaker:erdogan",
        "speaker:ERDOĞAN",
        "erdogan",
        "zurich",
        "ZÜRICH",
        "entity:sao",
        'entity:"são paulo"',
    ):
        assert [r.name for r in narrow(summary, corpus, typed).speakers] == ["Recep Tayyip Erdoğan"], typed
    assert [r.name for r in entity_rows(corpus, {"GPE"}, "sao paulo")] == ["São Paulo"]
    assert matches("o'brien", "Conan O\u2019Brien") and matches("naive", "naïve") and not matches("zurich", "Zug")
    assert speaker_key("Recep Tayyip Erdoğan") == fold("Recep Tayyip Erdogan") == "recep tayyip erdogan"


def test_letters_unicode_does_not_decompose_fold_too():
    from tui.core.corpus.summary import fold

    assert fold("Łukasz Szumowski") == "lukasz szumowski" and fold("Søren Ødegård") == "soren odegard"
    rows = summarise(
        [_analysis("a", [("Łukasz Szumowski", "e1", ())]), _analysis("b", [("Lukasz Szumowski", "e1", ())])]
    ).speakers
    assert len(rows) == 1 and rows[0].articles == ["a", "b"]


def test_a_surname_joins_across_articles_as_it_does_inside_one():
    rows = summarise(
        [
            _analysis("a", [("Moaz al-Khatib", "e1", ()), ("Robert Downey Jr.", "e2", ())]),
            _analysis("b", [("Khatib", "e1", ()), ("Downey", "e2", ())]),
        ]
    ).speakers
    assert sorted((r.name, r.articles) for r in rows) == [
        ("Moaz al-Khatib", ["a", "b"]),
        ("Robert Downey Jr.", ["a", "b"]),
    ]
