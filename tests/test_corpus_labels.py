"""The corpus-wide label vote: one name, one label, the one most of its mentions have."""

from __future__ import annotations

from tui.core.corpus.labels import label_votes
from tui.core.corpus.query import entity_rows
from tui.core.models import Analysis, Article, Entity


def article(source: str, *entities: tuple[str, str, int]) -> Analysis:
    """An analysis naming each (name, label, mentions)."""
    made = tuple(
        Entity(f"e{i}", label, name, (), tuple((j, j + 1) for j in range(mentions)))
        for i, (name, label, mentions) in enumerate(entities, 1)
    )
    return Analysis(Article(source, source, "x" * 20), "test", made)


def test_a_name_gets_the_label_most_of_its_mentions_have_across_the_corpus() -> None:
    corpus = [
        article("a", ("Twitter", "PERSON", 1), ("Jane Doe", "PERSON", 2)),
        article("b", ("Twitter", "ORG", 2)),
        article("c", ("twitter", "ORG", 1), ("Twitter", "PERSON", 1)),
    ]
    votes = label_votes(corpus)
    assert votes["twitter"] == "ORG"  # 3 mentions as ORG against 2 as PERSON
    assert votes["jane doe"] == "PERSON"
    orgs = entity_rows(corpus, {"ORG"})
    assert [(r.name, r.label, r.articles) for r in orgs] == [("Twitter", "ORG", ("a", "b", "c"))]
    assert [r.name for r in entity_rows(corpus, {"PERSON"})] == ["Jane Doe"], "Twitter is listed once, as ORG"


def test_a_tie_goes_to_the_label_seen_first() -> None:
    corpus = [article("a", ("Amazon", "LOC", 1)), article("b", ("Amazon", "ORG", 1))]
    assert label_votes(corpus)["amazon"] == "LOC"
    assert label_votes(corpus[::-1])["amazon"] == "ORG"
