"""The corpus view inside the app, and the app staying responsive while a corpus is analysed.

Hand-made analyses (no extractor) for the view and the routing; one test starts the real
process pool on three Wikinews articles to prove the "spawn" start from a threaded app works.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, merged, run_async, statement_spans, until, until_palette_offers
from tui.app.app import NewsviewApp
from tui.app.screens.corpus import CorpusScreen, CorpusTable
from tui.app.screens.help import HelpScreen
from tui.app.screens.review import PickerScreen
from tui.app.widgets.article_list import ArticleList
from tui.core.models import Analysis, Article, Entity, Quote, Speaker

WIKINEWS = Path(__file__).resolve().parents[1] / "articles" / "wikinews.jsonl"  # bundled: always there

TEXTS = {
    "a.txt": (
        "Talks stall",
        "Talks stall in Geneva\n\n“We will not accept these terms,” Sergei Lavrov said on Monday.\n\n"
        "Antony Blinken said the door remained open.\n\n“Nothing has changed,” Lavrov added.",
    ),
    "b.txt": (
        "Ministers meet",
        "Ministers meet again\n\nAntony Blinken said progress was slow.\n\n“Brussels is mistaken,” said Sergei Lavrov.",
    ),
}


def _quote(text: str, qid: str, kind: str, words: str, name: str, entity: str) -> Quote:
    start = text.index(words)
    return Quote(qid, kind, start, start + len(words), words, "said", None, Speaker(name, entity))


def two_speakers_analysis(article: Article) -> Analysis:
    text = article.text
    people = {"Sergei Lavrov": "e1", "Antony Blinken": "e2"}
    entities = tuple(
        Entity(
            eid,
            "PERSON",
            name,
            (),
            ((text.index(name.split()[-1]), text.index(name.split()[-1]) + len(name.split()[-1])),),
        )
        for name, eid in people.items()
        if name.split()[-1] in text
    )
    quotes = []
    for words, name in (
        ("We will not accept these terms,", "Sergei Lavrov"),
        ("the door remained open", "Antony Blinken"),
        ("Nothing has changed,", "Sergei Lavrov"),
        ("progress was slow", "Antony Blinken"),
        ("Brussels is mistaken,", "Sergei Lavrov"),
    ):
        if words in text:
            kind = "indirect" if words[0].islower() else "direct"
            quotes.append(_quote(text, f"q{len(quotes) + 1}", kind, words, name, people[name]))
    return Analysis(article, "fake 1.0", entities, tuple(quotes))


@pytest.fixture
def articles() -> list[Article]:
    return [Article(source, title, text) for source, (title, text) in TEXTS.items()]


@run_async
async def test_C_opens_the_corpus_view_and_enter_opens_the_speaker_in_an_article(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 2)
        await pilot.press("C")
        assert isinstance(app.screen, CorpusScreen)
        speakers = app.screen.query_one("#speakers", CorpusTable)
        assert speakers.get_row_at(0)[0].plain == "Sergei Lavrov"  # most quotes first
        # Down to the articles table, onto the second article, and open it there.
        app.screen.query_one("#quoted-in", CorpusTable).focus()
        await pilot.press("j", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CorpusScreen))
        assert app.main_screen.current == 1
        analysis = app.main_screen.analysis
        his = {(q.start, q.end) for q in analysis.quotes if q.speaker.name == "Sergei Lavrov"}
        assert app.main_screen.selection.subject.name == "Sergei Lavrov"
        assert merged(statement_spans(app)) == his
        assert app.main_screen.selection.current == min(his)
        assert app.query_one(ArticleList).highlighted == 1

        # and C again: the view as it was left; enter on the speaker row: the first article quoting them
        await pilot.press("C")
        assert isinstance(app.screen, CorpusScreen)
        assert app.focused is app.screen.query_one("#quoted-in", CorpusTable) and app.focused.cursor_row == 1
        await pilot.press("shift+tab", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CorpusScreen))
        assert app.main_screen.current == 0
        lavrov = [(q.start, q.end) for q in app.main_screen.analysis.quotes if q.speaker.name == "Sergei Lavrov"]
        assert merged(statement_spans(app)) == set(lavrov) and len(lavrov) == 2
        assert app.main_screen.selection.current == lavrov[0]


def surname_analysis(article: Article) -> Analysis:
    """Like ``two_speakers_analysis``, but the second article's Lavrov is under his surname only."""
    analysis = two_speakers_analysis(article)
    if article.source != "b.txt":
        return analysis
    quotes = tuple(
        replace(q, speaker=Speaker("Lavrov", "e3")) if q.speaker and q.speaker.name == "Sergei Lavrov" else q
        for q in analysis.quotes
    )
    return replace(analysis, entities=(*analysis.entities, Entity("e3", "PERSON", "Lavrov", (), ())), quotes=quotes)


def _speaker_names(screen: CorpusScreen) -> list[str]:
    return [cell.plain for cell in _column(screen.query_one("#speakers", CorpusTable), 0)]


def _column(table: CorpusTable, index: int) -> list:
    return [table.get_row_at(row)[index] for row in range(table.row_count)]


async def _open_corpus(pilot, app: NewsviewApp) -> CorpusScreen:
    await until(pilot, lambda: len(app.analyses) == 2 and app.reviewing.ready.is_set())
    await pilot.press("C")
    assert isinstance(app.screen, CorpusScreen)
    return app.screen


def _status(app: NewsviewApp) -> str:
    return str(app.query_one("#status").render())


@run_async
async def test_walking_a_corpus_speaker_carries_on_into_their_next_article(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(surname_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_corpus(pilot, app)
        await pilot.press("enter")  # Sergei Lavrov: two statements in a.txt, one (as "Lavrov") in b.txt
        await until(pilot, lambda: app.screen is app.main_screen)
        assert app.main_screen.current == 0
        assert "statement 1 of 2 ·" in _status(app) and "article 1 of 2 quoting them" in _status(app)
        await pilot.press("right_square_bracket")
        assert "statement 2 of 2" in _status(app)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.main_screen.current == 1)
        assert app.main_screen.selection.subject.name == "Lavrov", "the name this article gives him"
        (said,) = [(q.start, q.end) for q in app.main_screen.analysis.quotes if q.speaker.name == "Lavrov"]
        assert app.main_screen.selection.current == said
        assert "article 2 of 2 quoting them" in _status(app)
        await pilot.press("right_square_bracket")  # the last article: wraps inside it, and says so
        assert app.main_screen.current == 1 and app.main_screen.selection.current == said
        assert any("The last article quoting Sergei Lavrov" in str(n.message) for n in app._notifications)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: app.main_screen.current == 0)
        assert "statement 2 of 2" in _status(app), "back into the previous article at their last statement"
        await pilot.press("escape")
        assert "quoting them" not in _status(app)


@run_async
async def test_tab_reaches_the_articles_quoting_a_speaker_and_the_view_keeps_its_state(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        await pilot.press("s")  # sort by articles
        await pilot.press("tab")
        quoted_in = screen.query_one("#quoted-in", CorpusTable)
        assert app.focused is quoted_in
        await pilot.press("down", "enter")  # Lavrov's second article
        await until(pilot, lambda: app.screen is app.main_screen)
        assert app.main_screen.current == 1 and app.query_one(ArticleList).highlighted == 1
        await pilot.press("C")
        assert app.screen is screen and screen._sort == "articles", "the same view, as it was left"
        await pilot.press("e")
        assert not screen.check_action("cycle_sort", ()) and screen.check_action("merge", ())
        await pilot.press("s")
        assert screen._sort == "articles" and app.screen is screen, "speaker keys do nothing on the entities"
        assert "2 entities named in 2 articles" in str(screen.query_one("#status").render())


@run_async
async def test_an_entity_from_the_corpus_is_walked_article_after_article(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        await pilot.press("e")
        entities = screen.query_one("#entities", CorpusTable)
        entities.move_cursor(row=[cell.plain for cell in _column(entities, 0)].index("Antony Blinken"))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.main_screen)
        assert app.main_screen.current == 0 and app.main_screen.selection.subject.name == "Antony Blinken"
        assert "article 1 of 2 naming them" in _status(app)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.main_screen.current == 1)
        assert app.main_screen.selection.subject.name == "Antony Blinken" and "article 2 of 2 naming them" in _status(
            app
        )


@run_async
async def test_split_and_merge_of_corpus_rows_are_saved_and_shown_after_a_restart(articles, tmp_path) -> None:
    def new_app() -> NewsviewApp:
        return NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(surname_analysis), data_dir=tmp_path)

    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        assert _speaker_names(screen) == ["Sergei Lavrov", "Antony Blinken"], "the surname joins the full name"
        assert "also counted here: Lavrov (1)" in str(screen.query_one("#members").render())
        await pilot.press("u")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the only other name: Lavrov
        await until(pilot, lambda: len(_speaker_names(screen)) == 3)
        assert sorted(_speaker_names(screen)) == ["Antony Blinken", "Lavrov", "Sergei Lavrov"]
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        names = _speaker_names(screen)
        assert sorted(names) == ["Antony Blinken", "Lavrov", "Sergei Lavrov"], "the split was kept"
        screen.query_one("#speakers", CorpusTable).move_cursor(row=names.index("Lavrov"))
        await pilot.press("m")
        assert isinstance(app.screen, PickerScreen)
        picker_rows = [str(o.prompt) for o in app.screen.query_one("#choices").options]
        assert [row.split()[0] for row in picker_rows] == ["Antony", "Sergei"], "every other row, never itself"
        await pilot.press("down", "enter")
        await until(pilot, lambda: len(_speaker_names(screen)) == 2)
        speakers = screen.query_one("#speakers", CorpusTable)
        assert speakers.get_row_at(speakers.cursor_row)[0].plain == "Sergei Lavrov", "the cursor follows the merge"
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        assert _speaker_names(screen) == ["Sergei Lavrov", "Antony Blinken"], "merged back, by hand, after a restart"


@run_async
async def test_help_in_the_corpus_view_starts_with_its_own_keys(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        main_help = " ".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("escape")
        screen = await _open_corpus(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        corpus_help = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert corpus_help.index("Corpus view keys") < corpus_help.index("Article view keys")
        for words in ("Split a name off this row", "Count this speaker's quotes under another row", "speaker:NAME"):
            assert words in corpus_help and words not in main_help
        await pilot.press("escape")
        assert app.screen is screen


@run_async
async def test_coming_back_to_the_corpus_view_shows_merges_saved_meanwhile(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(surname_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        assert len(_speaker_names(screen)) == 2
        await pilot.press("q")
        app.reviewing.store.link_speaker("lavrov", "lavrov")  # another reviewer, sharing the store, splits him
        await pilot.press("C")
        assert app.screen is screen and sorted(_speaker_names(screen)) == ["Antony Blinken", "Lavrov", "Sergei Lavrov"]


@run_async
async def test_the_palette_finds_a_speaker_of_another_article_and_walks_them(articles, tmp_path) -> None:
    only_b = [
        articles[0],
        replace(articles[1], text=articles[1].text.replace("Antony Blinken said progress", "Jane Doe said progress")),
    ]

    def with_jane(article: Article) -> Analysis:
        analysis = two_speakers_analysis(article)
        jane = Entity("e9", "PERSON", "Jane Doe", (), ())
        quotes = tuple(
            replace(q, speaker=Speaker("Jane Doe", "e9")) if q.text == "progress was slow" else q
            for q in analysis.quotes
        )
        return (
            replace(analysis, entities=(*analysis.entities, jane), quotes=quotes)
            if article.source == "b.txt"
            else analysis
        )

    app = NewsviewApp(only_b, analyzer_factory=lambda: FakeAnalyzer(with_jane), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 2)
        assert app.main_screen.current == 0
        await pilot.press("ctrl+p", *"Jane Doe")
        await until_palette_offers(pilot, "Corpus speaker: Jane Doe")
        await pilot.press("enter")
        await until(pilot, lambda: app.main_screen.current == 1)
        assert app.main_screen.selection.subject.name == "Jane Doe"
        assert "article 1 of 1 quoting them" in _status(app)


@run_async
async def test_a_row_of_one_name_has_nothing_to_split(articles, tmp_path) -> None:
    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_corpus(pilot, app)
        await pilot.press("u")
        assert app.screen is screen
        assert any("nothing to split off" in str(n.message) for n in app._notifications)


@run_async
async def test_corpus_palette_command_and_throttled_updates(articles, tmp_path, monkeypatch) -> None:
    """Analyses arriving while the view is open refill it, at most every 0.5 s."""
    many = [Article(f"{i}-{a.source}", a.title, a.text) for i in range(15) for a in articles]
    gate = threading.Event()

    class Gated(FakeAnalyzer):
        def analyse(self, article):
            if article is not many[0]:
                gate.wait(60)  # released once the view is open; a busy machine takes its time
                time.sleep(0.02)
            return super().analyse(article)

    calls: list[tuple[float, int]] = []
    original = CorpusScreen.update_analyses

    def counting(self, analyses):
        calls.append((time.monotonic(), len(analyses)))
        original(self, analyses)

    monkeypatch.setattr(CorpusScreen, "update_analyses", counting)
    app = NewsviewApp(many, analyzer_factory=lambda: Gated(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) == 1)
        await pilot.press("ctrl+p", *"Corpus view")
        await until_palette_offers(pilot, "Corpus view")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorpusScreen))
        assert f"1 of {len(many)} articles analysed" in str(app.screen.query_one("#status").render())
        gate.set()
        await until(pilot, lambda: len(app.analyses) == len(many))
        await until(pilot, lambda: calls and calls[-1][1] == len(many), timeout=5)
        assert f"│  {len(many)} articles ·" in str(app.screen.query_one("#status").render())
        # 29 analyses arrived one by one; the view was refilled a few times, not 29
        assert len(calls) < 29 / 2
        gaps = [b[0] - a[0] for a, b in zip(calls, calls[1:])]
        assert all(gap >= 0.45 for gap in gaps), gaps


@run_async
async def test_keys_are_answered_while_the_corpus_is_analysed(articles, tmp_path) -> None:
    many = [Article(f"{i}-{a.source}", a.title, a.text) for i in range(20) for a in articles]
    order: list[int] = []
    stop = threading.Event()
    parses = threading.Semaphore(1)  # each parse waits for the test to let it finish: no timing

    class Slow(FakeAnalyzer):
        def analyse(self, article):
            order.append(many.index(article))
            if not stop.is_set():
                parses.acquire(timeout=60)  # a slow parse, holding no lock the UI needs
            return super().analyse(article)

    app = NewsviewApp(many, analyzer_factory=lambda: Slow(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.analyses) >= 1)
        # The list answers while the worker keeps parsing (how fast is the benchmark's business).
        await pilot.press("1", *["j"] * 30)
        assert app.query_one(ArticleList).highlighted == 30
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert len(app.analyses) < len(many), "the analysis was still running"
        assert "analysed" in str(app.query_one("#status").render())
        # What is analysed next follows the cursor: the articles around 30 come before 10.
        seen = len(order)
        for _ in range(4):
            parses.release()
        await until(pilot, lambda: len(order) >= seen + 3)
        assert all(i > 20 for i in order[seen + 1 : seen + 4]), f"{seen} {order}"
        stop.set()
        for _ in range(len(many)):
            parses.release()
        await until(pilot, lambda: len(app.analyses) == len(many))
        assert "analysed" not in str(app.query_one("#status").render())


def test_real_process_pool_from_the_app(tmp_path: Path) -> None:
    """Three Wikinews articles through the spawn pool: analysed, cached, and cached next time."""
    from tui.core.analysis.analyzer import Analyzer
    from tui.core.extraction.pipeline import ModelNotFound, resolve_model
    from tui.core.ingest.sources import load_paths

    try:
        resolve_model()
    except ModelNotFound:
        pytest.skip("no spaCy model")
    corpus, _ = load_paths([str(WIKINEWS)])
    chosen = corpus[:3]

    async def run() -> NewsviewApp:
        app = NewsviewApp(chosen, data_dir=tmp_path, processes=2)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: len(app.analyses) + len(app.failures) == 3, timeout=240)
            await app.workers.wait_for_complete()
        return app

    app = asyncio.run(run())
    assert not app.failures and all(a.model.startswith("en_core_web_sm") for a in app.analyses.values())
    analyzer = Analyzer.create()
    assert all(analyzer.cached(article) is not None for article in chosen)


@run_async
async def test_the_corpus_view_counts_the_quotes_export_speakers_counts(articles, tmp_path) -> None:
    """One rule for reviews applied: a quote marked wrong and not corrected counts for nobody
    in both; a corrected speaker counts for the new one in both."""
    import csv
    import io

    from tui.commands.export import write_speakers
    from tui.core.review.store import ReviewStore, SetSpeaker, SetVerdict

    first = two_speakers_analysis(articles[0])
    lavrov_first, blinken = first.quotes[0], first.quotes[1]
    with ReviewStore.open(tmp_path / "reviews.sqlite3", reviewer="carol") as store:
        store.record(articles[0], lavrov_first, SetVerdict("wrong"))
        store.record(articles[0], blinken, SetSpeaker("Sergei Lavrov", "e1"))
        exported = io.StringIO()
        reviewed = [store.reviews_for(two_speakers_analysis(a)) for a in articles]
        write_speakers(reviewed, exported, links=store.speaker_links())
    rows = list(csv.reader(io.StringIO(exported.getvalue())))[1:]
    export_counts = {row[0]: int(row[1]) for row in rows if row[0] != "(unattributed)"}
    assert export_counts == {"Sergei Lavrov": 3, "Antony Blinken": 1}

    app = NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(two_speakers_analysis), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.reviews) == 2)
        screen = await _open_corpus(pilot, app)
        speakers = screen.query_one("#speakers", CorpusTable)
        view_counts = {row[0].plain: int(str(row[1])) for row in map(speakers.get_row_at, range(speakers.row_count))}
    assert view_counts == export_counts
