"""Speakers across articles: one row per person, unnamed sources kept apart."""

from __future__ import annotations

from tui.core.corpus import summarise
from tui.core.models import Analysis, Article, Entity, Quote, Speaker


def _analysis(source: str, speakers: list[tuple[str, str | None, tuple[str, ...]]], kind="direct") -> Analysis:
    entities, quotes = [], []
    for i, (name, entity_id, aliases) in enumerate(speakers):
        if entity_id and all(e.id != entity_id for e in entities):
            entities.append(Entity(entity_id, "PERSON", name, aliases, ((0, 1),)))
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
    summary = summarise(
        [_analysis("a", [("Ann Lee", "e1", ()), ("officials", None, ()), ("officials", None, ())])]
    )
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
