"""The headless core never imports the UI, and ``--help`` never imports spaCy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui.core

REPO = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_core_never_imports_textual() -> None:
    modules = [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules"
        " if m == 'textual' or m.startswith(('textual.', 'tui.app', 'tui.cli', 'tui.commands')))\n"
        "print(leaked)\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_help_never_imports_spacy() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('spacy' in sys.modules, 'textual' in sys.modules, file=sys.stderr)\n"
    )
    out = _run(code)
    assert "usage: newsview" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "False False"


def test_app_module_imports_without_spacy() -> None:
    """The app's first paint must not pay for spaCy: importing the app must not import it."""
    out = _run("import sys, tui.app.app, tui.app.launch; print('spacy' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# What the first frame draws is the text and empty lists: the review store (and sqlite3),
# spaCy, the corpus view, the palette's providers and the CSV reader come after it.
NOT_BEFORE_THE_FIRST_FRAME = (
    "sqlite3",
    "spacy",
    "csv",
    "tui.core.review.store",
    "tui.app.screens.corpus",
    "tui.app.commands",
    "tui.core.corpus.summary",
)


def test_the_first_frame_imports_only_what_it_draws() -> None:
    code = (
        "import sys\n"
        "import tui.cli, tui.app.launch, tui.app.app\n"
        "from tui.core.ingest.sources import load_paths\n"
        "from tui.app.analysis_scheduler import default_analyzer, read_cached\n"
        "from tui.core.models import Article\n"
        "read_cached(default_analyzer(None), Article('a.txt', 'A', 'Some text.'))  # done before the first paint\n"
        f"print(sorted(m for m in {NOT_BEFORE_THE_FIRST_FRAME!r} if m in sys.modules))\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
