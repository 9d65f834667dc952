"""Entity merges and splits in the corpus view's entities tab: saved with the reviews like speaker links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, run_async, until
from tui.app.app import NewsviewApp
from tui.app.screens.corpus import CorpusScreen, CorpusTable
from tui.app.screens.review import PickerScreen
from tui.core.models import Analysis, Article, Entity

NAMES = ("United States", "US", "Canada")


def places(article: Article) -> Analysis:
    text = article.text
    found = [name for name in NAMES if f" {name} " in f" {text} "]
    entities = tuple(
        Entity(f"e{i}", "GPE", name, (), ((text.index(name), text.index(name) + len(name)),))
        for i, name in enumerate(found, 1)
    )
    return Analysis(article, "fake 1.0", entities, ())


@pytest.fixture
def articles() -> list[Article]:
    return [
        Article("a.txt", "Trade", "The United States and Canada signed a deal today ."),
        Article("b.txt", "Talks", "Officials in the US welcomed it ."),
    ]


def entity_names(screen: CorpusScreen) -> list[str]:
    table = screen.query_one("#entities", CorpusTable)
    return sorted(table.get_row_at(i)[0].plain for i in range(table.row_count))


async def open_entities(pilot, app: NewsviewApp) -> CorpusScreen:
    await until(pilot, lambda: len(app.analyses) == 2 and app.reviewing.ready.is_set())
    await pilot.press("C", "e")
    assert isinstance(app.screen, CorpusScreen)
    await until(pilot, lambda: app.screen.query_one("#entities", CorpusTable).row_count > 0)
    return app.screen


@run_async
async def test_an_entity_merged_and_split_in_the_entities_tab_is_kept_after_a_restart(articles, tmp_path: Path) -> None:
    def new_app() -> NewsviewApp:
        return NewsviewApp(articles, analyzer_factory=lambda: FakeAnalyzer(places), data_dir=tmp_path)

    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_entities(pilot, app)
        assert entity_names(screen) == ["Canada", "US", "United States"]
        table = screen.query_one("#entities", CorpusTable)
        table.move_cursor(row=[table.get_row_at(i)[0].plain for i in range(table.row_count)].index("US"))
        await pilot.press("m")
        assert isinstance(app.screen, PickerScreen)
        choices = [str(o.prompt).split()[0] for o in app.screen.query_one("#choices").options]
        assert sorted(choices) == ["Canada", "United"], "every other entity, never itself"
        await pilot.press(*["down"] * choices.index("United"), "enter")
        await until(pilot, lambda: entity_names(screen) == ["Canada", "United States"])
        row = next(r for r in screen._entity_rows.values() if r.name == "United States")
        assert row.articles == ("a.txt", "b.txt") and "US" in row.aliases

    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_entities(pilot, app)
        assert entity_names(screen) == ["Canada", "United States"], "the merge was kept"
        table = screen.query_one("#entities", CorpusTable)
        table.move_cursor(row=[table.get_row_at(i)[0].plain for i in range(table.row_count)].index("United States"))
        await pilot.press("u")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the one name merged in: US
        await until(pilot, lambda: entity_names(screen) == ["Canada", "US", "United States"])
        table.move_cursor(row=[table.get_row_at(i)[0].plain for i in range(table.row_count)].index("Canada"))
        await pilot.press("u")
        assert app.screen is screen and any("nothing to split off" in str(n.message) for n in app._notifications)

    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_entities(pilot, app)
        assert entity_names(screen) == ["Canada", "US", "United States"], "the split was kept"
