"""``newsview eval``: the project scorer's figures, computed in-process."""

from __future__ import annotations

import argparse
import json

import pytest

from tui.cli import main
from tui.commands.evaluate import match, overlap, run_eval, same_speaker
from tui.errors import CliError

ARTICLE = """Harbour reopens after storm

Jane Whitfield, the harbour master, said the port would reopen on Friday.

"The piers are safe again," Whitfield said.

The ferry company believes trade will recover.
"""

GOLD = {
    "quotes": [
        {"text": "the port would reopen on Friday", "speaker": "Jane Whitfield", "kind": "indirect"},
        {"text": "The piers are safe again", "speaker": "Jane Whitfield", "kind": "direct"},
    ],
    "people": [{"name": "Jane Whitfield", "aliases": ["Whitfield"]}],
}


def _args(gold_dir, **kw):
    return argparse.Namespace(
        paths=[str(gold_dir)], reviews=False, lenient=False, show_errors=False, json_out=None, model=None, **kw
    )


def test_overlap_and_one_to_one_matching():
    assert overlap("the port is open", "The port is open.") == (1.0, 1.0)
    gold = [{"text": "a b c d"}, {"text": "e f g h"}]
    pred = [{"text": "e f g h"}, {"text": "a b c x"}, {"text": "a b c d"}]
    assert sorted(match(gold, pred)) == [(0, 2), (1, 0)]
    assert match([{"text": "a b c d e f"}], [{"text": "a b"}]) == []
    assert match([{"text": "a b c d e f"}], [{"text": "a b"}], lenient=True) == [(0, 0)]


def test_speaker_comparison_by_alias_surname_and_particle():
    people = [{"name": "Moaz al-Khatib", "aliases": ["Khatib"]}]
    assert same_speaker("Moaz al-Khatib", {"name": "Khatib", "aliases": []}, people)
    assert same_speaker("Moaz al-Khatib", "al-Khatib", people)
    assert same_speaker("Moaz al-Khatib", {"name": "X and Khatib", "aliases": ["Ann Lee", "Khatib"]}, people)
    assert not same_speaker("Moaz al-Khatib", {"name": "Ann Lee"}, people)
    assert same_speaker(None, None, people)
    assert not same_speaker(None, "Ann Lee", people)


def test_run_eval_scores_an_article(tmp_path, capsys):
    (tmp_path / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "harbour.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    out = tmp_path / "figures.json"
    args = _args(tmp_path)
    args.show_errors, args.json_out = True, str(out)
    assert run_eval(args) == 0
    printed = capsys.readouterr().out
    assert "harbour" in printed and "gold   2" in printed
    assert "recall by kind: direct    1/1 found, 1/1 with the right speaker" in printed
    figures = json.loads(out.read_text())
    assert figures["quote_recall"] == 1.0
    assert figures["speaker_accuracy"] == 1.0
    assert figures["articles"] == 1


def test_missing_or_empty_gold_dir_is_a_usage_error(tmp_path):
    with pytest.raises(CliError) as missing:
        run_eval(_args(tmp_path / "nowhere"))
    assert missing.value.status == 2
    with pytest.raises(CliError) as empty:
        run_eval(_args(tmp_path))
    assert empty.value.status == 2


def test_cli_exit_status_for_an_empty_dir(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 2
    assert "gold" in capsys.readouterr().err
