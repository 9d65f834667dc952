"""Bad input through the real command: exit 2, one line on stderr, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def extract(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", *args],
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsview: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    line = assert_one_line_error(extract(str(path)))
    assert line == f"newsview: {path}: no such file or directory"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    line = assert_one_line_error(extract(str(path)))
    assert line == f"newsview: {path}: binary data, not text (it contains NUL bytes)"


def test_directory_without_articles(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    assert_one_line_error(extract(str(tmp_path)), str(tmp_path), "no articles here")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    assert_one_line_error(extract(str(path)), str(path), "empty file")


def test_malformed_json_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "One", "text": \n')
    assert_one_line_error(extract(str(path)), f"{path}#1", "not valid JSON at line 1")


def test_malformed_json_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"text": "ok"},\n{"text": }]')
    assert_one_line_error(extract(str(path)), str(path), "not valid JSON at line 2 column 10")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Title\n\nBody.")
    path.chmod(0)
    line = assert_one_line_error(extract(str(path)))
    assert line == f"newsview: {path}: permission denied"


def test_unreadable_directory(tmp_path: Path) -> None:
    """As root a chmod 000 file stays readable; a path through a regular file fails for anyone
    with an OSError that is neither 'missing' nor 'permission denied'."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("Title\n\nBody.")
    line = assert_one_line_error(extract(str(blocker / "inside.txt")))
    assert line == f"newsview: {blocker / 'inside.txt'}: not a directory"


def test_binary_stdin() -> None:
    line = assert_one_line_error(extract("-", stdin=b"\x00\x01\x02binary"))
    assert line == "newsview: -: binary data, not text (it contains NUL bytes)"


def test_good_records_are_analysed_and_bad_ones_reported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = {"title": "Khatib invited", "text": "Lavrov said he wants to keep in regular contact."}
    path.write_text(json.dumps(good) + "\nnot json\n")
    result = extract(str(path), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"newsview: skipped {path}#2: not valid JSON at line 2 column 1: Expecting value"
    ]
    [out] = [json.loads(line) for line in result.stdout.splitlines()]
    assert out["source"] == f"{path}#1"
    assert out["text"] == "Khatib invited\n\nLavrov said he wants to keep in regular contact."
