"""Shared fixtures: the real spaCy model, loaded once, and a user's own files kept out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.models import Article


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real cache, review database or settings of whoever runs it."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv("NEWSVIEW_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("NEWSVIEW_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("NEWSVIEW_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))


@pytest.fixture(scope="session")
def nlp():
    """The project's default model, loaded once per test process."""
    from tui.core.extraction.pipeline import load_model, resolve_model

    return load_model(resolve_model())


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Analyse a made-up text in-process: ``analyse_text("...") -> Analysis``."""
    from tui.core.extraction.pipeline import analyse_doc, resolve_model
    from tui.core.models import Article

    model = resolve_model()

    def run(text: str, title: str = "test"):
        return analyse_doc(Article(source="test", title=title, text=text), nlp(text), model)

    return run


@pytest.fixture
def seed(tmp_path: Path) -> Article:
    """The reference article, from a copy of its file (a test may change or remove it)."""
    from tests.helpers import SEED, SEED_TITLE

    path = tmp_path / "seed.txt"
    shutil.copy(SEED, path)
    return Article(str(path), SEED_TITLE, path.read_text(encoding="utf-8"))
