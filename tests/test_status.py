"""The main view's status line, as a pure function: what the user reads under the text."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import seed_analysis
from tui.app.corpus_walk import CorpusWalk
from tui.app.render import Selection, Subject, targets
from tui.app.status import Background, status_line
from tui.core.models import Article

SEED = Path(__file__).resolve().parent.parent / "articles" / "seed.txt"
ANALYSIS = seed_analysis(Article("seed.txt", "Seed", SEED.read_text(encoding="utf-8")))
LAVROV = Subject("Sergei Lavrov", "e3")


def plain(*args, **kwargs) -> str:
    return status_line(*args, **kwargs).plain


def test_counts_of_an_analysed_article_with_review_progress():
    line = plain(ANALYSIS, Selection(), review_progress=(1, 4))
    assert line == "5 entities · 4 quotes · fake 1.0 · 1/4 reviewed"
    assert plain(ANALYSIS, Selection(), review_progress=(0, 0)) == "5 entities · 4 quotes · fake 1.0"


def test_before_the_analysis_a_failure_and_a_missing_model():
    assert plain(None, Selection()) == "Analysing this article…"
    assert plain(None, Selection(), failure="ValueError: x") == "Analysis failed: ValueError: x"
    assert plain(None, Selection(), Background(model_notice="no model")) == "no model"
    # A missing model says nothing of progress: nothing is being analysed.
    assert "analysed" not in plain(None, Selection(), Background(model_notice="no model", progress=(1, 3)))


def test_a_chosen_speaker_counts_their_statements_and_where_the_cursor_is():
    spans = targets(ANALYSIS, LAVROV)
    assert plain(ANALYSIS, Selection(LAVROV)).startswith("Sergei Lavrov: 2 statements · ] next")
    assert plain(ANALYSIS, Selection(LAVROV, spans[1])).startswith("Sergei Lavrov: statement 2 of 2 ·")
    moscow = Subject("Moscow", "e2")
    assert "mention" in plain(ANALYSIS, Selection(moscow)) and "(no statements)" in plain(ANALYSIS, Selection(moscow))


def test_a_corpus_walk_says_which_article_of_how_many():
    walk = CorpusWalk("Sergei Lavrov", (("seed.txt", ("q2",)), ("other.txt", ("q1",))))
    assert "article 1 of 2 quoting them" in plain(ANALYSIS, Selection(LAVROV), walk=walk)


def test_a_search_and_walking_every_quote():
    assert plain(ANALYSIS, Selection(search="Lavrov")).startswith("Lavrov: ")
    assert "matches" in plain(ANALYSIS, Selection(search="Lavrov"))
    first = targets(ANALYSIS, None)[0]
    assert plain(ANALYSIS, Selection(current=first)).startswith("quote 1 of 4 · ")


def test_saving_the_store_and_a_corpus_in_progress():
    line = plain(ANALYSIS, Selection(), Background(progress=(3, 10), saving=True, reviews="read-only reviews"))
    assert line.endswith("   saving…   read-only reviews   analysed 3/10")
    assert "analysed" not in plain(ANALYSIS, Selection(), Background(progress=(10, 10)))
