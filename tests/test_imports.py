"""The headless core never imports the UI, and ``--help`` never imports spaCy."""

from __future__ import annotations

import os
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
# spaCy, the corpus view, the palette's providers, the CSV reader and the TOML parser (with no
# config file) come after it.
NOT_BEFORE_THE_FIRST_FRAME = (
    "sqlite3",
    "spacy",
    "csv",
    "tomllib",
    "tui.core.review.store",
    "tui.app.screens.corpus",
    "tui.app.commands",
    "tui.core.corpus.summary",
)


def test_the_first_frame_imports_only_what_it_draws(tmp_path: Path) -> None:
    """The app is run (headless) as ``newsview FILE`` runs it, and stopped at its first frame."""
    code = (
        "import sys\n"
        "from tui.core.config import load_config\n"
        "load_config()  # the command reads its settings before the app starts\n"
        "from pathlib import Path\n"
        "from tui.app import app\n"
        "from tui.core.ingest.sources import load_paths\n"
        "class FirstFrame(app.NewsviewApp):\n"
        "    CSS_PATH = str(Path(app.__file__).with_name(app.NewsviewApp.CSS_PATH))\n"
        "    def on_ready(self):\n"
        f"        self.exit(sorted(m for m in {NOT_BEFORE_THE_FIRST_FRAME!r} if m in sys.modules))\n"
        "articles, _ = load_paths(['articles/seed.txt'], lazy=True)\n"
        "print(FirstFrame(articles).run(headless=True, size=(120, 40)))\n"
    )
    env = {
        **os.environ,
        "NEWSVIEW_CONFIG": str(tmp_path / "none.toml"),
        "NEWSVIEW_CACHE_DIR": str(tmp_path / "cache"),
        "NEWSVIEW_DATA_DIR": str(tmp_path / "data"),
    }
    script = tmp_path / "first_frame.py"  # a file: Textual reads an App's source for its CSS
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_analyses_arriving_leave_the_corpus_view_unimported() -> None:
    """Each analysis that arrives asks whether a corpus view is open to refill: asking must
    not import it (about 50 ms of the screen's time) when none was ever opened."""
    code = (
        "import asyncio, sys\n"
        "from tests.helpers import SEED, FakeAnalyzer, run_async, until_analysed\n"
        "from tui.app.app import NewsviewApp\n"
        "from tui.core.ingest.sources import load_paths\n"
        "@run_async\n"
        "async def main():\n"
        "    app = NewsviewApp(load_paths([str(SEED)])[0], analyzer_factory=FakeAnalyzer)\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        await until_analysed(app, pilot)\n"
        "        print(len(app.analyses), 'tui.app.screens.corpus' in sys.modules)\n"
        "main()\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "1 False"
