"""From a review session to measured accuracy: an article reviewed in the app (a verdict, a speaker fix, an
added quote, a rejected quote), then ``export --format gold`` and ``eval --reviews`` through the real CLI.

The extractor's analysis is hand-made and cached where the subprocesses read it (so the figures can
be worked out by hand, below), and the app reviews that same analysis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, run_async, settled
from tui.app.app import NewsviewApp
from tui.core.analysis.cache import AnalysisCache
from tui.core.extraction import pipeline
from tui.core.ingest import sources
from tui.core.models import Analysis, Article, Entity, Quote, Speaker

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

STORY = """Harbour plan approved

Mayor Ann Lee said "the harbour will reopen in May" on Monday.
Tom Fox, the port director, said "we are ready for the ships" after the vote.
The council called the plan "a good day" in a statement.
Critics warned that the costs would rise sharply next year.
Fox added that the first ship would arrive in June.
"""
ADDED = "the costs would rise sharply next year."

# The extractor's quotes: q2 goes to the wrong person and q3 is no quote (a phrase the
# council used of a plan); the critics' indirect quote was missed.
QUOTES = (
    ("q1", "direct", "the harbour will reopen in May", "Ann Lee", "e1"),
    ("q2", "direct", "we are ready for the ships", "Ann Lee", "e1"),
    ("q3", "direct", "a good day", "The council", "e3"),
    ("q4", "indirect", "the first ship would arrive in June", "Tom Fox", "e2"),
)


def analysis_of(article: Article) -> Analysis:
    text = article.text

    def spans(name: str) -> tuple[tuple[int, int], ...]:
        start = text.index(name)
        return ((start, start + len(name)),)

    entities = (
        Entity("e1", "PERSON", "Ann Lee", ("Lee",), spans("Ann Lee")),
        Entity("e2", "PERSON", "Tom Fox", ("Fox",), spans("Tom Fox")),
        Entity("e3", "ORG", "The council", (), spans("The council")),
    )
    quotes = []
    for qid, kind, words, name, entity in QUOTES:
        start = text.index(words)
        quotes.append(Quote(qid, kind, start, start + len(words), words, "said", None, Speaker(name, entity)))
    model = pipeline.model_label(pipeline.resolve_model(None))
    return Analysis(article, model, entities, tuple(quotes), pipeline.extractor_version())


@pytest.fixture
def story(tmp_path: Path) -> tuple[Article, dict[str, str]]:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (article,), problems = sources.load_paths([str(path)])
    assert problems == []
    env = {**os.environ, "NEWSVIEW_DATA_DIR": str(tmp_path / "data"), "NEWSVIEW_CACHE_DIR": str(tmp_path / "cache")}
    AnalysisCache(Path(env["NEWSVIEW_CACHE_DIR"])).put(analysis_of(article))
    return article, env


def newsview(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "tui", *args]
    return subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


async def review_in_the_app(article: Article, data_dir: str) -> None:
    app = NewsviewApp([article], analyzer_factory=lambda: FakeAnalyzer(analysis_of), data_dir=data_dir, reviewer="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await pilot.press("4", "a")  # q1: correct
        await pilot.press("j", "s", *"fox", "enter")  # q2: Tom Fox said it
        await pilot.press("j", "x")  # q3: wrong, no quote at all
        await settled(app, pilot)
        # The missed quote: find it, select from its first word to the sentence's end, add it.
        await pilot.press("2", "slash", *"the costs", "enter", "v", "right_parenthesis", "A")
        await pilot.press(*"Critics", "enter", "down", "enter")  # a new speaker; indirect
        await settled(app, pilot)
        verdicts = [(r.quote.text, r.review.verdict if r.review else None) for r in app.reviews[0].quotes]
        assert verdicts == [
            ("the harbour will reopen in May", "correct"),
            ("we are ready for the ships", None),
            ("a good day", "wrong"),
            (ADDED, None),
            ("the first ship would arrive in June", None),
        ]


@run_async
async def test_a_review_session_becomes_a_gold_set_and_a_measurement(
    story: tuple[Article, dict[str, str]], tmp_path: Path
) -> None:
    article, env = story
    await review_in_the_app(article, env["NEWSVIEW_DATA_DIR"])

    gold_dir = tmp_path / "gold"
    exported = newsview(env, "export", "--format", "gold", "--output", str(gold_dir), article.source)
    assert exported.returncode == 0, exported.stderr
    assert (gold_dir / "story.txt").read_text(encoding="utf-8") == article.text
    gold = json.loads((gold_dir / "story.gold.json").read_text(encoding="utf-8"))
    assert [(q["text"], q["speaker"], q["kind"]) for q in gold["quotes"]] == [
        ("the harbour will reopen in May", "Ann Lee", "direct"),
        ("we are ready for the ships", "Tom Fox", "direct"),  # corrected
        (ADDED, "Critics", "indirect"),  # added; "a good day" (rejected) is left out
        ("the first ship would arrive in June", "Tom Fox", "indirect"),  # untouched
    ]
    assert {"name": "Tom Fox", "aliases": ["Fox"]} in gold["people"]
    before = (gold_dir / "story.gold.json").read_bytes()
    twice = newsview(env, "export", "--format", "gold", "--output", str(gold_dir), article.source)
    assert twice.returncode == 2 and "exists" in twice.stderr  # a gold set is never overwritten
    assert (gold_dir / "story.gold.json").read_bytes() == before

    # By hand: the extractor's 4 quotes against these 4 gold quotes. q1, q2 and q4 match (3):
    # precision 3/4, recall 3/4. Speakers right on q1 and q4, not on q2: accuracy 2/3; found
    # and attributed right: 2, so end-to-end precision and recall 2/4.
    figures = tmp_path / "figures.json"
    scored = newsview(env, "eval", "--reviews", "--json", str(figures), article.source)
    assert scored.returncode == 0, scored.stderr
    assert (
        "quotes P 0.750 R 0.750 F1 0.750 | speaker accuracy 0.667 | end-to-end P 0.500 R 0.500 F1 0.500"
        in scored.stdout
    )
    assert "reviewed: 1 article, 4 of 5 quotes touched by a reviewer (1 added, 1 rejected)" in scored.stdout
    ours = json.loads(figures.read_text())
    assert (ours["gold"], ours["pred"], ours["end_to_end_f1"]) == (4, 4, 0.5)

    # newsview eval reads the exported gold (it runs spaCy itself, not this cached analysis)...
    again = newsview(env, "eval", str(gold_dir))
    assert again.returncode == 0, again.stderr
    assert "story " in again.stdout and "gold   4" in again.stdout
    # ... and the project's scorer, reading extract's output (the cached analysis), gives our figures.
    if not SCORER.exists():
        pytest.skip(f"the project's scorer is not at {SCORER} (CI has ../shared beside the checkout)")
    theirs_json = tmp_path / "theirs.json"
    command = f"{sys.executable} -m tui extract --json {{}}"
    argv = [sys.executable, str(SCORER), str(gold_dir), "--batch", "--cmd", command, "--json", str(theirs_json)]
    theirs = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert theirs.returncode == 0, theirs.stderr
    scorer_figures = json.loads(theirs_json.read_text())
    for key in ("quote_precision", "quote_recall", "speaker_accuracy", "end_to_end_f1"):
        assert scorer_figures[key] == ours[key], key


def test_gold_export_needs_a_directory_and_never_overwrites(
    story: tuple[Article, dict[str, str]], tmp_path: Path
) -> None:
    article, env = story
    no_dir = newsview(env, "export", "--format", "gold", article.source)
    assert no_dir.returncode == 2 and "--output DIR" in no_dir.stderr
    nothing = newsview(env, "export", "--format", "gold", "--output", str(tmp_path / "g"), article.source)
    assert nothing.returncode == 2 and "no reviewed article" in nothing.stderr
    assert "Traceback" not in nothing.stderr
