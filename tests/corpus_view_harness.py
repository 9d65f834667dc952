"""A tiny app around the corpus view with made-up, deterministic analyses.

Used by the tests (and their snapshot) and runnable by hand: ``python tests/corpus_view_harness.py``.
It never runs the quote extractor, so the view can be checked while the rules change.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App

from tui.app.screens.corpus import CorpusScreen
from tui.core.models import Analysis, Article, Entity, Quote, Speaker

MARKUP_NAME = "[@click=app.quit]X[/]"


def corpus_analysis(
    source: str,
    title: str,
    quotes: Sequence[tuple[str | None, str | None, str, str]],
    extra_entities: Sequence[tuple[str, str]] = (),
) -> Analysis:
    """``quotes`` are (speaker name, entity id or None, kind, text); a None name is unattributed."""
    entities: dict[str, Entity] = {}
    made = []
    for i, (name, entity_id, kind, text) in enumerate(quotes, 1):
        speaker = None
        if name is not None:
            speaker = Speaker(name, entity_id)
            if entity_id and entity_id not in entities:
                entities[entity_id] = Entity(entity_id, "PERSON", name, (), ((0, 1),))
        made.append(Quote(f"q{i}", kind, 0, len(text), text, "said", None, speaker))  # type: ignore[arg-type]
    for j, (name, label) in enumerate(extra_entities, len(entities) + 1):
        entities[f"e{j}"] = Entity(f"e{j}", label, name, (), ((0, 1), (2, 3)))
    return Analysis(Article(source, title, "x"), "test 0", tuple(entities.values()), tuple(made))


def sample_corpus() -> list[Analysis]:
    return [
        corpus_analysis(
            "news/a.txt",
            "Talks stall in Geneva",
            [
                ("Sergei Lavrov", "e1", "direct", "We will not accept these terms."),
                ("Sergei Lavrov", "e1", "indirect", "the talks had stalled"),
                ("a European official", None, "indirect", "the sanctions would stay"),
                ("Antony Blinken", "e2", "direct", "The door remains open."),
                (None, None, "direct", "No comment."),
            ],
            [("Geneva", "GPE"), ("European Union", "ORG")],
        ),
        corpus_analysis(
            "news/b.txt",
            "Ministers meet again",
            [
                ("Lavrov", "e1", "direct", "Nothing has changed."),
                ("Antony Blinken", "e2", "mixed", 'progress was "slow but real"'),
                ("officials", None, "indirect", "a deal was close"),
                ("officials", None, "indirect", "the sanctions were working"),
            ],
            [("Geneva", "GPE")],
        ),
        corpus_analysis(
            "news/c.txt",
            "A quiet week in Brussels",
            [
                ("Ursula von der Leyen", "e1", "direct", "Europe stands united."),
                ("Sergei Lavrov", "e2", "direct", "Brussels is mistaken."),
            ],
            [("Brussels", "GPE"), (MARKUP_NAME, "ORG")],
        ),
    ]


class Harness(App[None]):
    """Pushes the corpus view over an empty screen and records what it asks the app to open."""

    def __init__(self, analyses: Sequence[Analysis] | None = None) -> None:
        super().__init__()
        self.analyses = list(sample_corpus() if analyses is None else analyses)
        self.opened: list[CorpusScreen.OpenArticle] = []

    def on_mount(self) -> None:
        self.push_screen(CorpusScreen(self.analyses))

    def on_corpus_screen_open_article(self, message: CorpusScreen.OpenArticle) -> None:
        self.opened.append(message)


app = Harness()

if __name__ == "__main__":
    app.run()
