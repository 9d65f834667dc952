"""The config file: read, overridden by flags, never a crash, and the palette's theme saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, run_async
from tui.core.config import Config, load_config, save_setting
from tui.core.models import Article
from tui.core.paths import config_file


def newsview(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_the_config_file_lives_under_the_xdg_config_dir_and_paths_names_it() -> None:
    path = config_file()
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "newsview" / "config.toml"
    assert f"config (settings): {path}" in newsview("paths").stdout


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nreviewer = "Jane"\nmodel = "m"\ndata_dir = "~/reviews"\nmouse = false\n')
    config = load_config(path)
    assert config == Config("nord", "Jane", "m", os.path.expanduser("~/reviews"), False, path)
    assert config.warnings == ()


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        (b'theme = "nord', "ignored: "),  # not TOML
        (b"\xff\xfe", "ignored: "),  # not UTF-8
        (b'mouse = "no"\ncolour = 1\ntheme = "nord"', "mouse must be true or false; unknown key 'colour' (ignored)"),
    ],
)
def test_a_bad_file_is_one_warning_and_the_good_keys_still_count(tmp_path: Path, content: bytes, warning: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    config = load_config(path)
    [line] = config.warnings
    assert warning in line and "\n" not in line
    assert config.mouse is None
    assert config.theme == ("nord" if b"colour" in content else None)


def test_a_bad_file_does_not_stop_a_command() -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("theme = [unclosed\n")
    result = newsview("paths")
    assert result.returncode == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(f"newsview: warning: config file {config_file()} ignored: ")


def test_flags_override_the_file(tmp_path: Path) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text(f'data_dir = "{tmp_path / "from-file"}"\n')
    assert f"{tmp_path / 'from-file'}" in newsview("paths").stdout
    assert f"{tmp_path / 'from-flag'}" in newsview("paths", "--data-dir", str(tmp_path / "from-flag")).stdout


def test_the_model_setting_is_used_by_the_commands(tmp_path: Path) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text('model = "en_core_web_xx"\n')
    (tmp_path / "a.txt").write_text("Someone said hello.")
    result = newsview("extract", "--json", str(tmp_path / "a.txt"))
    assert result.returncode == 2
    assert (
        "spaCy model en_core_web_xx is not installed; install it with: python3 -m spacy download en_core_web_xx"
        in result.stderr
    )


def test_an_unknown_theme_on_the_command_line_is_an_error_in_the_file_a_warning() -> None:
    result = newsview("--theme", "no-such-theme", env={"TERM": "xterm"})
    assert result.returncode == 2
    assert result.stderr.startswith("newsview: --theme: unknown theme 'no-such-theme' (themes: ")


def test_saving_a_setting_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "newsview" / "config.toml"
    save_setting("theme", "nord", path)  # no file yet: made, directory and all
    assert load_config(path).theme == "nord"
    path.write_text('# my settings\ntheme = "nord"   # dark\nreviewer = "Jane"\n\n[later]\ntheme = "x"\n')
    save_setting("theme", 'gruvbox "2"', path)
    assert path.read_text() == '# my settings\ntheme = "gruvbox \\"2\\""\nreviewer = "Jane"\n\n[later]\ntheme = "x"\n'
    assert load_config(path).theme == 'gruvbox "2"'
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary file left


@run_async
async def test_the_theme_picked_in_the_app_is_saved_and_used_next_time(seed: Article, tmp_path: Path) -> None:
    from tui.app.app import NewsviewApp

    path = tmp_path / "config.toml"
    path.write_text('reviewer = "Jane"\n')
    app = NewsviewApp([seed], analyzer_factory=FakeAnalyzer, config_path=path)
    async with app.run_test() as pilot:
        first = app.theme
        chosen = next(name for name in sorted(app.available_themes) if name != first)
        app.theme = chosen  # what the palette's "Change theme" does
        await pilot.pause()
        await pilot.pause()
    config = load_config(path)
    assert (config.theme, config.reviewer) == (chosen, "Jane")
