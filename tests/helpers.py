"""Shared helpers for the app tests: the seed article and a hand-made analysis of it (no
extractor needed), an async test runner, and waits on conditions (never on time)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from tui.app import render
from tui.app.widgets.article_view import ArticleView
from tui.core.models import Analysis, Article, Entity, Quote, Speaker

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "articles" / "seed.txt"
SEED_TITLE = "Syrian opposition leader says Lavrov invited him to visit Moscow"


def run_async(test):
    """Run an async test with asyncio (no pytest async plugin is a project dependency)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def _all(text: str, phrase: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], text.find(phrase)
    while start != -1:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return tuple(spans)


def _quote(text: str, qid: str, kind: str, phrase: str, cue: str, name: str, entity: str | None) -> Quote:
    start = text.index(phrase)
    return Quote(qid, kind, start, start + len(phrase), phrase, cue, None, Speaker(name, entity))


def seed_analysis(article: Article) -> Analysis:
    text = article.text
    lavrov = tuple(
        sorted(
            _all(text, "Sergei Lavrov") + tuple(s for s in _all(text, "Lavrov") if text[s[0] - 7 : s[0]] != "Sergei ")
        )
    )
    khatib = tuple(
        sorted(
            _all(text, "Moaz al-Khatib") + tuple(s for s in _all(text, "Khatib") if text[s[0] - 8 : s[0]] != "Moaz al-")
        )
    )
    entities = (
        Entity("e1", "PERSON", "Moaz al-Khatib", ("Khatib",), khatib),
        Entity("e2", "GPE", "Moscow", (), _all(text, "Moscow")),
        Entity("e3", "PERSON", "Sergei Lavrov", ("Lavrov",), lavrov),
        Entity("e4", "ORG", "Reuters", (), _all(text, "Reuters")),
        Entity("e5", "NORP", "Syrian", (), _all(text, "Syrian")),
    )
    quotes = (
        _quote(
            text,
            "q1",
            "direct",
            "Russia has a certain vision but we welcome negotiations",
            "said",
            "Moaz al-Khatib",
            "e1",
        ),
        _quote(
            text,
            "q2",
            "indirect",
            "he wants to keep in regular contact with Syria’s opposition",
            "said",
            "Sergei Lavrov",
            "e3",
        ),
        _quote(
            text,
            "q3",
            "direct",
            "I reminded Khatib that after the creation of the coalition",
            None,
            "Sergei Lavrov",
            "e3",
        ),
        _quote(
            text,
            "q4",
            "indirect",
            "Syrian opposition leader Moaz al-Khatib was invited to visit Moscow",
            "reported",
            "Reuters",
            "e4",
        ),
    )
    quotes = tuple(sorted(quotes, key=lambda q: q.start))
    quotes = tuple(
        Quote(f"q{i}", q.kind, q.start, q.end, q.text, q.cue, q.cue_span, q.speaker) for i, q in enumerate(quotes, 1)
    )
    return Analysis(article, "fake 1.0", entities, quotes)


class FakeAnalyzer:
    """Answers like tui.core.analyzer.Analyzer, from ``make(article)``, without spaCy."""

    def __init__(self, make=seed_analysis, fail_on: str | None = None) -> None:
        self.make = make
        self.fail_on = fail_on
        self.warnings: list[str] = []

    def cached(self, article: Article) -> Analysis | None:
        return None

    def analyse(self, article: Article) -> Analysis:
        if self.fail_on and self.fail_on in article.source:
            raise RuntimeError("cannot parse this one")
        return self.make(article)


async def until(pilot, condition, timeout: float = 30) -> None:
    """Let the app run until ``condition()`` holds (a worker's result arrived, say)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition never held"
        await pilot.pause(0.05)
    await pilot.pause()


def article_rows(app) -> list[str]:
    """Each row of the app's article list as plain text: the title, a newline, the state."""
    from tui.app.widgets.article_list import ArticleList

    articles = app.query_one(ArticleList)
    return [articles.row_text(i) for i in range(articles.row_count)]


async def until_analysed(app, pilot, timeout: float = 60) -> None:
    """Until the viewed article's analysis (or its failure) has arrived and the worker ended."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app.main_screen.analysis is None and app.main_screen.current not in app.failures and not app.model_notice:
        assert loop.time() < deadline, "no analysis arrived"
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


def statement_spans(app) -> set[tuple[int, int]]:
    """Article offsets of every span painted with a statement tint (labels off)."""
    view = app.query_one(ArticleView)
    found: set[tuple[int, int]] = set()
    styles = set(render.STATEMENT_STYLES.values())
    for index, (start, _) in enumerate(view.paragraphs):
        for span in view.paragraph_content(index).spans:
            if span.style in styles:
                found.add((start + span.start, start + span.end))
    return found


def merged(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Spans cut at paragraph breaks, joined back."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start - out[-1][1] <= 3:  # only a paragraph break between the pieces
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return {(s, e) for s, e in out}


async def settled(app, pilot, timeout: float = 20) -> None:
    """Until the article is analysed, its reviews are read and no write is pending."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (
        app.main_screen.analysis is None
        or (app.reviewing.store is not None and app.main_screen.current not in app.reviews)
        or app.reviewing.saving
    ):
        assert loop.time() < deadline, "the app never settled"
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until_palette_offers(pilot, words: str) -> None:
    """Until the open command palette lists a hit with ``words`` in it."""
    from textual.command import CommandList

    def offered() -> bool:
        hits = pilot.app.screen.query(CommandList)
        return bool(hits) and any(words in str(option.prompt) for option in hits.first().options)

    await until(pilot, offered)
