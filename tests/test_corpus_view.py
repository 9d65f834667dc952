"""The corpus view: its pure helpers, the screen driven through a harness app, and a snapshot.

Analyses are made by hand (tests/corpus_view_harness.py) so these tests do not move with
the quote extractor; one test runs the real pipeline and checks only structure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_view_harness import MARKUP_NAME, Harness, corpus_analysis, sample_corpus

from tests.helpers import run_async, until
from tui.app.screens.corpus import FILTER_PAUSE_S, NAME_LABELS, ROW_LIMIT, CorpusScreen, CorpusTable
from tui.app.widgets.charts import bar_chart
from tui.core.corpus.query import entity_rows, narrow
from tui.core.corpus.summary import summarise

HARNESS = Path(__file__).parent / "corpus_view_harness.py"
WIKINEWS = Path(__file__).resolve().parents[1] / "articles" / "wikinews.jsonl"  # bundled: always there


def _keys(table: CorpusTable) -> list[str]:
    return [key.value for key in table.rows]


def _column(table: CorpusTable, index: int) -> list[str]:
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


# -- pure helpers ---------------------------------------------------------------------


def test_narrow_keeps_a_matching_speaker_whole_and_other_speakers_matching_quotes():
    corpus = sample_corpus()
    summary = summarise(corpus)
    by_name = narrow(summary, corpus, "lavrov")
    assert [r.name for r in by_name.speakers] == ["Sergei Lavrov"]
    assert len(by_name.speakers[0].quotes) == 4, "the surname-only quote joined the row and stays"
    by_text = narrow(summary, corpus, "sanctions")
    assert sorted(r.name for r in by_text.speakers) == ["a European official", "officials"]
    assert by_text.total_quotes == 2 and by_text.unattributed == 0


def test_a_share_means_share_of_all_quotes_under_any_filter():
    corpus = sample_corpus()
    summary = summarise(corpus)
    lavrov = next(r for r in summary.speakers if r.name == "Sergei Lavrov")
    filtered = narrow(summary, corpus, "lavrov")
    (row,) = filtered.speakers
    assert filtered.share(row) == summary.share(lavrov) == len(lavrov.quotes) / summary.total_quotes
    assert filtered.share(row) < 1.0, "not 100% of the quotes the filter left"
    assert filtered.narrowed and filtered.all_quotes == summary.total_quotes and filtered.total_quotes == 4
    assert not summary.narrowed
    # One article's summary, narrowed: shares of that article's quotes, not of the corpus's nor the filter's.
    article = corpus[0]
    one = summarise([article])
    in_article = narrow(one, [article], kind="direct")
    assert in_article.all_quotes == len(article.quotes)
    assert all(in_article.share(r) == len(r.quotes) / len(article.quotes) for r in in_article.speakers)


def test_filter_fields_narrow_by_speaker_and_by_articles_mentioning_an_entity():
    corpus = sample_corpus()
    summary = summarise(corpus)
    only_officials = narrow(summary, corpus, "speaker:official")
    assert sorted(r.name for r in only_officials.speakers) == ["a European official", "officials"]
    assert only_officials.unattributed == 0, "an unattributed quote is no speaker's"
    # "Geneva" is no speaker name and no quote's text: as words it matches nothing, as entity: two articles.
    assert narrow(summary, corpus, "Geneva").speakers == []
    in_geneva = narrow(summary, corpus, "entity:geneva")
    assert {s for r in in_geneva.speakers for s, _ in r.quotes} == {"news/a.txt", "news/b.txt"}
    assert in_geneva.unattributed == 1
    lavrov = {r.name: r for r in narrow(summary, corpus, 'entity:"geneva" speaker:"sergei lavrov"').speakers}
    assert list(lavrov) == ["Sergei Lavrov"] and len(lavrov["Sergei Lavrov"].quotes) == 3, "not the Brussels quote"
    words_and_field = narrow(summary, corpus, "sanctions speaker:officials")
    assert [(r.name, len(r.quotes)) for r in words_and_field.speakers] == [("officials", 1)]


def test_entity_rows_narrow_to_the_articles_quoting_a_speaker():
    corpus = sample_corpus()
    where_ursula_speaks = {r.name for r in entity_rows(corpus, NAME_LABELS, "speaker:ursula")}
    assert where_ursula_speaks == {"Brussels", MARKUP_NAME, "Ursula von der Leyen", "Sergei Lavrov"}, "article c only"
    assert [r.name for r in entity_rows(corpus, NAME_LABELS, "entity:gene")] == ["Geneva"]
    # Article b quotes him as "Lavrov" only: the speakers table joins him, so this table follows.
    assert "Lavrov" in {r.name for r in entity_rows(corpus, NAME_LABELS, 'speaker:"sergei lavrov"')}


def test_narrow_by_kind_counts_unattributed_quotes_of_that_kind():
    corpus = sample_corpus()
    direct = narrow(summarise(corpus), corpus, kind="direct")
    assert direct.total_quotes == 6 and direct.unattributed == 1
    assert all(set(r.kinds) == {"direct"} for r in direct.speakers)


def test_entity_rows_join_by_name_across_articles_and_skip_other_labels():
    corpus = sample_corpus() + [corpus_analysis("news/d.txt", "d", [], [("Monday", "DATE"), ("geneva", "GPE")])]
    rows = {r.name: r for r in entity_rows(corpus, NAME_LABELS)}
    assert rows["Geneva"].articles == ("news/a.txt", "news/b.txt", "news/d.txt")
    assert rows["Geneva"].mentions == 6
    assert "Monday" not in rows
    assert [r.name for r in entity_rows(corpus, NAME_LABELS, "bruss")] == ["Brussels"]


def test_bar_chart_scales_to_the_largest_value_and_keeps_labels_literal():
    chart = bar_chart([("[bold]a[/]", 4), ("b", 2)], 40, total=8)
    lines = chart.plain.split("\n")
    assert all(len(line) == 40 for line in lines)
    assert lines[0].startswith("[bold]a[/]") and lines[0].endswith("4  50%")
    assert lines[0].count("█") == 2 * lines[1].count("█")
    assert bar_chart([], 40).plain == "nothing to show"


# -- the screen -----------------------------------------------------------------------


@run_async
async def test_most_quoted_speaker_is_the_first_row_and_sort_cycles():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        speakers = app.screen.query_one("#speakers", CorpusTable)
        assert _keys(speakers)[0] == "sergei lavrov"
        assert _column(speakers, 1)[0] == "4"
        await pilot.press("s", "s")  # quotes -> articles -> name
        assert _column(speakers, 0) == sorted(_column(speakers, 0), key=str.casefold)
        assert speakers.current_key() == "sergei lavrov", "the cursor follows its row"


@run_async
async def test_filter_narrows_rows_and_esc_clears_it_before_leaving():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        speakers = screen.query_one("#speakers", CorpusTable)
        await pilot.press("slash", *"official")  # `s` and `f` type into the field, not sort or filter
        await pilot.pause()
        assert len(_keys(speakers)) == 5, "the tables wait for a pause in typing"
        await until(pilot, lambda: len(_keys(speakers)) != 5, timeout=FILTER_PAUSE_S + 5)
        assert sorted(_keys(speakers)) == ["a european official", "officials"]
        await pilot.press("backspace", "enter")  # enter filters at once
        assert app.focused is speakers and screen._text == "officia"
        await pilot.press("escape")
        await pilot.pause()
        assert len(_keys(speakers)) == 5 and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


@run_async
async def test_under_a_filter_the_share_column_keeps_its_meaning_and_the_filter_total_stands_apart():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        speakers = screen.query_one("#speakers", CorpusTable)
        before = dict(zip(_keys(speakers), _column(speakers, 3)))
        await pilot.press("slash", *"lavrov", "enter")
        await pilot.pause()
        assert _keys(speakers) == ["sergei lavrov"]
        assert _column(speakers, 3) == [before["sergei lavrov"]] and before["sergei lavrov"] != "100%"
        total = screen._view.all_quotes
        assert f"4 of {total} quotes match" in str(screen.query_one("#status").render())
        chart = str(screen.query_one("#corpus-chart").render())
        assert f"4 of {total} quotes match the filter" in chart


@run_async
async def test_kind_filter_changes_counts():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        speakers = app.screen.query_one("#speakers", CorpusTable)
        await pilot.press("f")  # all -> direct
        await pilot.pause()
        counts = dict(zip(_keys(speakers), _column(speakers, 1)))
        assert counts == {"sergei lavrov": "3", "antony blinken": "1", "ursula von der leyen": "1"}
        await pilot.press("f")  # -> indirect
        await pilot.pause()
        assert _keys(speakers)[0] == "officials"


@run_async
async def test_enter_opens_the_first_article_and_the_articles_table_picks_another():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        (first,) = app.opened
        assert (first.source, first.walk.name, first.walk.entity) == ("news/a.txt", "Sergei Lavrov", False)
        assert first.walk.ids_in(first.source) == ("q1", "q2")
        assert first.walk.articles == (("news/a.txt", ("q1", "q2")), ("news/b.txt", ("q1",)), ("news/c.txt", ("q2",)))
        articles = app.screen.query_one("#quoted-in", CorpusTable)
        assert _column(articles, 0) == ["Talks stall in Geneva", "Ministers meet again", "A quiet week in Brussels"]
        articles.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        second = app.opened[-1]
        assert (second.source, second.walk.name, second.walk.ids_in(second.source)) == (
            "news/b.txt",
            "Sergei Lavrov",
            ("q1",),
        )


@run_async
async def test_enter_on_an_entity_opens_the_first_article_mentioning_it():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        entities = app.screen.query_one("#entities", CorpusTable)
        entities.move_cursor(row=_column(entities, 0).index("Brussels"))
        await pilot.press("enter")
        await pilot.pause()
        opened = app.opened[-1]
        assert (opened.source, opened.walk.name, opened.walk.entity) == ("news/c.txt", "Brussels", True)
        assert opened.walk.articles == (("news/c.txt", ()),)


@run_async
async def test_markup_in_article_text_is_shown_literally():
    corpus = [corpus_analysis("m.txt", MARKUP_NAME, [(MARKUP_NAME, "e1", "direct", "hi")], [(MARKUP_NAME, "ORG")])]
    app = Harness(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert _column(screen.query_one("#speakers", CorpusTable), 0) == [MARKUP_NAME]
        await pilot.press("e")
        await pilot.pause()
        assert _column(screen.query_one("#entities", CorpusTable), 0) == [MARKUP_NAME]
        await pilot.click("#entities", offset=(3, 1))
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert MARKUP_NAME in app.export_screenshot()


@run_async
async def test_update_analyses_refreshes_in_place_and_keeps_the_cursor():
    corpus = sample_corpus()
    app = Harness(corpus[:1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        speakers = screen.query_one("#speakers", CorpusTable)
        await pilot.press("down", "down")
        chosen = speakers.current_key()
        screen.update_analyses(corpus)
        await pilot.pause()
        assert len(_keys(speakers)) == 5
        assert speakers.current_key() == chosen == "antony blinken"
        assert _column(screen.query_one("#quoted-in", CorpusTable), 0) == [
            "Talks stall in Geneva",
            "Ministers meet again",
        ]


@run_async
async def test_a_large_corpus_lists_the_top_speakers_and_says_so():
    corpus = [corpus_analysis(f"s{i}", f"t{i}", [(f"Person {i}", "e1", "direct", "x")]) for i in range(ROW_LIMIT + 1)]
    app = Harness(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#speakers", CorpusTable).row_count == ROW_LIMIT
        assert f"top {ROW_LIMIT} listed" in str(app.screen.query_one("#status").render())
        await pilot.press("slash", *"person 500", "enter")
        await pilot.pause()
        assert _keys(app.screen.query_one("#speakers", CorpusTable)) == ["person 500"]


@pytest.mark.parametrize(("size", "layout"), [((80, 24), "-narrow"), ((120, 40), "-wide")])
@run_async
async def test_charts_sit_beside_the_tables_when_wide_and_take_their_place_when_narrow(size, layout):
    app = Harness()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class(layout)
        tables, charts = screen.query_one("#tables"), screen.query_one("#charts")
        wide = layout == "-wide"
        assert tables.region.area and bool(charts.region.area) == wide
        assert wide == (charts.region.x > tables.region.x)
        await pilot.press("v")
        assert bool(charts.region.area) != wide and bool(tables.region.area) == wide
        if not wide:
            assert charts.region.height >= 16 and app.focused is charts, "the charts get the room, and the keys"
            await pilot.press("G")
            assert charts.max_scroll_y > 0 and charts.scroll_y == charts.max_scroll_y, "j/k, g/G scroll them"
            await pilot.press("g")
        await pilot.press("v")
        assert bool(charts.region.area) == wide and tables.region.area and app.focused is screen.query_one("#speakers")


@run_async
async def test_real_analyses_of_two_wikinews_articles_fill_the_view():
    """Structure only: the counts move with the extractor."""
    from tui.core.extraction.pipeline import analyse_many
    from tui.core.ingest.sources import load_path

    articles = load_path(WIKINEWS)[0][:2]
    analyses = list(analyse_many(articles))
    summary = summarise(analyses)
    app = Harness(analyses)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        speakers = app.screen.query_one("#speakers", CorpusTable)
        assert _keys(speakers) == [r.key for r in summary.speakers]
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#entities", CorpusTable).row_count > 0
        await pilot.press("e")
        if summary.speakers:
            await pilot.press("enter")
            await pilot.pause()
            assert app.opened[0].source in {a.source for a in articles}
            assert app.opened[0].walk.ids_in(app.opened[0].source)


def test_charts_snapshot(snap_compare):
    assert snap_compare(HARNESS, terminal_size=(120, 40))
