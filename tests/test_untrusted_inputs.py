"""Cache entries and JSON inputs are untrusted: a tampered entry is replaced, deep JSON is an
input error, and standard input is JSON only when it parses as JSON."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli_input import assert_one_line_error, extract
from tui.core.analysis.cache import AnalysisCache, cache_key
from tui.core.ingest.sources import load_path, load_paths
from tui.core.models import Analysis, Article, Entity, Quote, Speaker

TEXT = 'Ann Lee said "we will win" on Monday.'
DEEP = "[" * 100_000 + "]" * 100_000


def analysis() -> Analysis:
    article = Article("a.txt", "T", TEXT)
    start = TEXT.index("we will")
    quote = Quote(
        "q1", "direct", start, start + 11, "we will win", "said", (8, 12), Speaker("Ann Lee", "e1", (0, 7), "Ann Lee")
    )
    return Analysis(article, "m 1", (Entity("e1", "PERSON", "Ann Lee", (), ((0, 7),)),), (quote,), "v1")


def entry(cache: AnalysisCache) -> Path:
    key = cache_key(TEXT, "m 1", "v1")
    return cache.directory / key[:2] / f"{key}.json"


def tampered(change) -> str:
    data = analysis().to_json()
    change(data)
    return json.dumps(data)


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


BAD_ENTRIES = {
    "a list": "[]",
    "a string": '"x"',
    "null": "null",
    "deep nesting": DEEP,
    "not UTF-8": b"\xff\xfe{".decode("latin-1"),
    "mention past the end": tampered(_set("entities.0.mentions", [[0, 999]])),
    "negative offset": tampered(_set("entities.0.mentions", [[-3, 2]])),
    "a bool for an offset": tampered(_set("entities.0.mentions", [[True, 3]])),
    "quote text not its span": tampered(_set("quotes.0.text", "we will lose")),
    "quote end past the text": tampered(_set("quotes.0.end", 10_000)),
    "quote start as a string": tampered(_set("quotes.0.start", "14")),
    "unknown kind": tampered(_set("quotes.0.kind", "shouted")),
    "speaker of no entity": tampered(_set("quotes.0.speaker.entity", "e9")),
    "speaker name a number": tampered(_set("quotes.0.speaker.name", 7)),
    "cue span outside": tampered(_set("quotes.0.cue_span", [8, 99])),
    "entities a dict": tampered(_set("entities", {})),
    "aliases a string": tampered(_set("entities.0.aliases", "Ann")),
}


@pytest.mark.parametrize("content", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_a_tampered_entry_is_a_miss_with_one_warning_and_is_replaced(tmp_path: Path, content: str) -> None:
    cache = AnalysisCache(tmp_path)
    cache.put(analysis())
    entry(cache).write_text(content, encoding="latin-1" if content.startswith("\xff") else "utf-8")
    article = Article("a.txt", "T", TEXT)
    assert cache.get(article, "m 1", "v1") is None
    assert cache.get(article, "m 1", "v1") is None
    assert cache.warnings == ["ignored a corrupt analysis cache entry; it is being recomputed"]
    cache.put(analysis())
    assert cache.get(article, "m 1", "v1") == analysis()


def test_a_fifo_in_place_of_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    cache.put(analysis())
    entry(cache).unlink()
    os.mkfifo(entry(cache))
    assert cache.get(Article("a.txt", "T", TEXT), "m 1", "v1") is None
    assert len(cache.warnings) == 1
    cache.put(analysis())
    assert cache.get(Article("a.txt", "T", TEXT), "m 1", "v1") == analysis()


def test_names_in_an_entry_are_cleaned(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    cache.put(analysis())
    hostile = "Ann\x1b]2;PWN\x07 \u202eLee"
    content = tampered(
        lambda d: (
            _set("entities.0.name", hostile)(d),
            _set("quotes.0.speaker.name", hostile)(d),
            _set("entities.0.aliases", [hostile]),
            _set("quotes.0.cue", "said\x9b2J")(d),
        )
    )
    entry(cache).write_text(content, encoding="utf-8")
    hit = cache.get(Article("a.txt", "T", TEXT), "m 1", "v1")
    assert hit.entities[0].name == hit.quotes[0].speaker.name == "Ann]2;PWN Lee"
    assert hit.quotes[0].cue == "said2J"
    assert cache.warnings == []


# --- JSON of any depth ----------------------------------------------------------------------


def test_deep_json_in_a_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    assert_one_line_error(extract(str(path)), str(path), "nested too deeply")
    lines = tmp_path / "deep.jsonl"
    lines.write_text(DEEP + "\n")
    assert_one_line_error(extract(str(lines)), f"{lines}#1", "nested too deeply")


def test_deep_json_on_standard_input_is_one_line_and_exit_2() -> None:
    assert_one_line_error(extract("-", stdin=DEEP.encode()), "nested too deeply")


def test_export_of_deep_json_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "nested too deeply" in lines[0], result.stderr


def test_the_app_loader_reports_deep_json_as_a_skipped_file(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text(DEEP)
    (tmp_path / "ok.txt").write_text("Headline\n\nBody text here.")
    articles, problems = load_path(tmp_path)
    assert [a.title for a in articles] == ["Headline"]
    assert [p.message for p in problems] == ["not valid JSON: nested too deeply"]


@pytest.mark.parametrize(
    "text",
    ["[Reuters] Lavrov said the talks were useful.", "[1, 2]\nAnd then the text went on.", "{braces} open the story."],
)
def test_standard_input_is_text_unless_it_parses_as_json(text: str) -> None:
    (article,), problems = load_paths(["-"], stdin=io.BytesIO(text.encode()))
    assert problems == [] and article.text == text.replace("\n", "\n\n")


def test_standard_input_that_parses_as_json_is_read_as_records() -> None:
    (article,), _ = load_paths(["-"], stdin=io.BytesIO(b'{"title": "T", "text": "Body."}'))
    assert article.title == "T"


# --- gold files ---------------------------------------------------------------------------

BAD_GOLDS = {
    "list": "[]",
    "string": '"x"',
    "quote_number": '{"quotes": [1]}',
    "text_number": '{"quotes": [{"text": 5, "speaker": null}]}',
    "speaker_list": '{"quotes": [{"text": "a b", "speaker": ["x"]}]}',
    "people_string": '{"quotes": [], "people": "Ann"}',
    "deep": DEEP,
    "not_utf8": "\udcff",
}


def test_every_bad_gold_file_is_one_line_and_nothing_is_scored(tmp_path: Path, capsys) -> None:
    from tests.test_evaluate import ARTICLE
    from tui.cli import main

    for name, gold in BAD_GOLDS.items():
        (tmp_path / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
        (tmp_path / f"{name}.gold.json").write_bytes(gold.encode("utf-8", "surrogateescape"))
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "good.gold.json").write_text('{"quotes": []}', encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert captured.out == "" and len(lines) == len(BAD_GOLDS), captured.err
    assert sorted(line.split("/")[-1].split(".")[0] for line in lines) == sorted(BAD_GOLDS)
    assert all(line.startswith("newsview: ") and "Traceback" not in line for line in lines)


def test_show_errors_prints_gold_text_cleaned(tmp_path: Path, capsys) -> None:
    from tests.test_evaluate import ARTICLE, _args
    from tui.commands.evaluate import run_eval

    gold = {
        "quotes": [
            {"text": "the tide \x1b]2;PWN\x07 turned \u202eagain", "speaker": "Ann\x1b[5m\x9b", "kind": "direct"}
        ]
    }
    (tmp_path / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "harbour.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    args = _args(tmp_path)
    args.show_errors = True
    assert run_eval(args) == 0
    out = capsys.readouterr().out
    assert "MISSED  harbour: [Ann[5m] the tide ]2;PWN turned again" in out
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")


# --- the environment and the app's toasts ---------------------------------------------------


def test_paths_from_the_environment_are_shown_cleaned(monkeypatch) -> None:
    from tui.core.paths import describe

    monkeypatch.setenv("NEWSVIEW_CACHE_DIR", "/tmp/cache\x1b]2;PWN\x07\udcff")
    monkeypatch.setenv("NEWSVIEW_CONFIG", "/tmp/config\x1b]2;PWN\x07.toml")
    assert describe().splitlines()[:2] == [
        "config (settings): /tmp/config]2;PWN.toml",
        "cache (analyses):  /tmp/cache]2;PWN\\xff",
    ]


def test_every_toast_is_plain_text_without_controls(tmp_path: Path) -> None:
    """Whoever raises a toast and with whatever markup flag, the message it shows is cleaned text."""
    import asyncio

    from tests.helpers import FakeAnalyzer
    from tui.app.app import NewsviewApp

    async def run() -> list:
        app = NewsviewApp([Article("a.txt", "A", TEXT)], analyzer_factory=FakeAnalyzer, data_dir=tmp_path)
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            app.screen.notify("bad\x1b]2;PWN\x07 [b]x[/b] \u202eend", title="t\x9b2J", markup=True)
            await pilot.pause()
            return list(app._notifications)

    (toast,) = [n for n in asyncio.run(run()) if n.message.startswith("bad")]
    assert (toast.message, toast.title, toast.markup) == ("bad]2;PWN [b]x[/b] end", "t2J", False)
