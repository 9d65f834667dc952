"""The command line as users expect it: completion, help, a misspelt subcommand, --version."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import COMMANDS, EXPORT_FORMATS, app_parser, main
from tui.commands.completion import completion_script


def newsview(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def _script(shell: str) -> str:
    return completion_script(shell, app_parser(), {n: make for n, (make, _) in COMMANDS.items()})


def _bash_complete(words: list[str], cwd: Path) -> list[str]:
    """What bash offers for the last of ``words`` with the generated script loaded."""
    script = _script("bash")
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; _newsview; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted(filter(None, result.stdout.splitlines()))


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_subcommands_options_choices_and_files(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("x")
    (tmp_path / "gold").mkdir()
    assert _bash_complete(["newsview", "e"], tmp_path) == ["eval", "export", "extract"]
    assert _bash_complete(["newsview", "st"], tmp_path) == ["story.txt"]
    assert _bash_complete(["newsview", "export", "--format", ""], tmp_path) == sorted(EXPORT_FORMATS)
    assert "--apply-reviews" in _bash_complete(["newsview", "extract", "--"], tmp_path)
    assert _bash_complete(["newsview", "eval", ""], tmp_path) == ["gold"]  # a directory, not the file
    assert _bash_complete(["newsview", "completion", ""], tmp_path) == ["bash", "fish", "zsh"]
    assert "--reviewer" in _bash_complete(["newsview", "--"], tmp_path)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_produced_and_parse(shell: str) -> None:
    result = newsview("completion", shell)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == _script(shell)
    for word in ("extract", "export", "apply-reviews", "format", "completion"):
        assert word in result.stdout
    if shutil.which(shell):  # the shell's own parser accepts it (zsh and fish are not everywhere)
        check = subprocess.run([shell, "-n"], input=result.stdout, capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion_completes(tmp_path: Path) -> None:
    script = tmp_path / "newsview.fish"
    script.write_text(_script("fish"))

    def offered(line: str) -> list[str]:
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
            capture_output=True,
            text=True,
            timeout=30,
            cwd=tmp_path,
        )
        return sorted(row.split("\t")[0] for row in result.stdout.splitlines())

    assert offered("newsview export --format ") == sorted(EXPORT_FORMATS)
    assert {"eval", "export", "extract"} <= set(offered("newsview e"))
    assert "--apply-reviews" in offered("newsview extract --")


def test_a_misspelt_subcommand_names_the_nearest(tmp_path: Path) -> None:
    result = newsview("extrct", "x", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "newsview: unknown command 'extrct'; did you mean 'extract'?\n")


def test_a_file_named_like_a_subcommand_is_still_opened_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "exprt").write_text("A headline\n\nSomeone said so.")
    # TERM=dumb: the app refuses the terminal, which shows the file went to the app.
    result = subprocess.run(
        [sys.executable, "-m", "tui", "exprt"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "TERM": "dumb"},
    )
    assert result.returncode == 2 and "TERM=dumb" in result.stderr and "did you mean" not in result.stderr


def test_a_word_unlike_any_command_is_a_missing_file(tmp_path: Path) -> None:
    result = newsview("story", cwd=tmp_path)
    assert result.returncode == 2 and "story: no such file or directory" in result.stderr


def test_help_subcommand(capsys) -> None:
    assert main(["help"]) == 0
    assert "usage: newsview [-h]" in capsys.readouterr().out
    assert main(["help", "export"]) == 0
    assert "usage: newsview export" in capsys.readouterr().out
    assert main(["help", "exprot"]) == 2
    assert capsys.readouterr().err == "newsview: unknown command 'exprot'; did you mean 'export'?\n"


def test_version_names_spacy_and_the_model_without_importing_spacy() -> None:
    program = (
        "import sys\nfrom tui.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    version, imported = result.stdout.splitlines()
    from importlib.metadata import version as installed

    assert version.startswith("newsview ") and f"spaCy {installed('spacy')}" in version
    assert "model en_core_web_sm 3.8.0" in version
    assert imported == "False"


def test_a_missing_model_names_its_own_package() -> None:
    result = newsview(
        "extract", "--json", "--model", "en_core_web_md", "articles/seed.txt", cwd=Path(__file__).parent.parent
    )
    assert result.returncode == 2
    assert result.stderr == (
        "newsview: spaCy model en_core_web_md is not installed;"
        " install it with: python3 -m spacy download en_core_web_md\n"
    )


def test_serve_without_its_extra_says_what_to_install(capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if newsview[serve] were not installed
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        "newsview: serve needs textual-serve, which is not installed; install it with: pip install 'newsview[serve]'\n"
    )


def test_serve_refuses_standard_input_and_missing_files(capsys, tmp_path: Path) -> None:
    assert main(["serve", "-"]) == 2
    assert "serve cannot read standard input" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err == f"newsview: {tmp_path / 'missing.txt'}: no such file or directory\n"
