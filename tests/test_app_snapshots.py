"""SVG snapshots of the explorer: main screen, help, a speaker chosen, a narrow terminal.

A hand-made analysis keeps them still while the extractor changes; the analysis is
finished before each snapshot and the theme is fixed.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import FakeAnalyzer, until_analysed
from tui.app.app import NewsviewApp
from tui.app.render import Subject
from tui.core.models import Article

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "articles" / "seed.txt"
if not SEED.exists():
    SEED = REPO.parent / "shared" / "eval" / "dev" / "seed.txt"


def make_app() -> NewsviewApp:
    seed = Article(
        "seed.txt", "Syrian opposition leader says Lavrov invited him to visit Moscow", SEED.read_text(encoding="utf-8")
    )
    other = Article("other.txt", "A second article", "Nothing was said here.")
    app = NewsviewApp([seed, other], analyzer_factory=FakeAnalyzer)
    app.theme = "textual-dark"
    return app


async def analysed(pilot) -> None:
    await until_analysed(pilot.app, pilot)


def test_main_screen(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=analysed)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["question_mark"], run_before=analysed)


def test_speaker_chosen(snap_compare) -> None:
    async def choose_lavrov(pilot) -> None:
        await analysed(pilot)
        pilot.app.main_screen.choose_subject(Subject("Sergei Lavrov", "e3"))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=choose_lavrov)


def test_narrow_terminal(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["4"], run_before=analysed)
