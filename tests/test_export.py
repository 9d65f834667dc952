"""``newsview export``: verdicts and corrections in JSON, CSV and Markdown, through the real CLI.

The analyses are hand-made and put in the analysis cache the subprocess reads, so these
tests pin the export, not the quote extractor, and never load spaCy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.commands.export import csv_cell
from tui.core.analysis.cache import AnalysisCache
from tui.core.extraction import pipeline
from tui.core.ingest import sources
from tui.core.models import Analysis, Entity, Quote, Speaker
from tui.core.review.store import ReviewStore, SetComment, SetSpeaker, SetVerdict

ROOT = Path(__file__).resolve().parent.parent

STORY = """Talks in Geneva

Lavrov said "the talks were useful" on Monday. Blinken said "we are not there yet" later.
A post read "=HYPERLINK(""http://evil.example"",""click"")" and was shared widely.
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSVIEW_DATA_DIR": str(tmp_path / "data"),
        "NEWSVIEW_CACHE_DIR": str(tmp_path / "cache"),
    }


def quote(text: str, needle: str, qid: str, speaker: Speaker | None) -> Quote:
    start = text.index(needle)
    return Quote(qid, "direct", start, start + len(needle), needle, cue="said", speaker=speaker)


@pytest.fixture
def story(tmp_path: Path, env: dict[str, str]) -> Analysis:
    """story.txt with three quotes, its analysis cached where the CLI will look for it."""
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    articles, problems = sources.load_paths([str(path)])
    assert problems == [] and len(articles) == 1
    article = articles[0]
    text = article.text
    formula = next(line for line in text.splitlines() if "HYPERLINK" in line)
    formula = formula[formula.index("=") : formula.rindex('"')]
    analysis = Analysis(
        article,
        pipeline.model_label(pipeline.resolve_model(None)),
        (
            Entity("e1", "PERSON", "Sergei Lavrov", ("Lavrov",), ()),
            Entity("e2", "PERSON", "Antony Blinken", ("Blinken",), ()),
        ),
        (
            quote(text, "the talks were useful", "q1", Speaker("Sergei Lavrov", "e1")),
            quote(text, "we are not there yet", "q2", Speaker("Sergei Lavrov", "e1")),
            quote(text, formula, "q3", None),
        ),
        pipeline.extractor_version(),
    )
    AnalysisCache(Path(env["NEWSVIEW_CACHE_DIR"])).put(analysis)
    return analysis


def review(env: dict[str, str], analysis: Analysis) -> None:
    q1, q2, q3 = analysis.quotes
    with ReviewStore.open(Path(env["NEWSVIEW_DATA_DIR"]) / "reviews.sqlite3", reviewer="alice") as store:
        store.record(analysis.article, q1, SetVerdict("correct"))
        store.record(analysis.article, q2, SetVerdict("wrong"))
        store.record(analysis.article, q2, SetSpeaker("Antony Blinken", "e2"))
        store.record(analysis.article, q2, SetComment("=1+1 is not a formula here"))


def export(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "export", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_json_export_applies_corrections_and_reports_progress(
    story: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    review(env, story)
    result = export(env, str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)
    assert article["title"] == "Talks in Geneva"
    assert (article["reviewed"], article["total"]) == (2, 3)
    q1, q2, q3 = article["quotes"]
    assert q1["verdict"] == "correct" and q1["speaker"] == "Sergei Lavrov" and q1["reviewer"] == "alice"
    assert q2["verdict"] == "wrong"
    assert q2["speaker"] == "Antony Blinken" and q2["speaker_entity"] == "e2"
    assert q2["extracted_speaker"] == "Sergei Lavrov"
    assert q2["comment"] == "=1+1 is not a formula here"  # only CSV cells are guarded
    assert q3["verdict"] is None and q3["speaker"] is None and not q3["orphaned"]
    text = story.article.text
    assert text[q1["start"] : q1["end"]] == q1["text"]


def test_reviewed_only_and_orphaned_verdicts(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    # A newer extractor no longer finds Blinken's quote: its verdict is reported, flagged.
    fewer = Analysis(story.article, story.model, story.entities, story.quotes[::2], story.extractor_version)
    AnalysisCache(Path(env["NEWSVIEW_CACHE_DIR"])).put(fewer)
    result = export(env, "--reviewed-only", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)
    assert [(q["id"], q["verdict"], q["orphaned"]) for q in article["quotes"]] == [
        ("q1", "correct", False),
        ("o1", "wrong", True),
    ]
    assert (article["reviewed"], article["total"]) == (1, 2)


def test_csv_has_one_guarded_row_per_quote(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    result = export(env, "--format", "csv", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "source", "title", "url", "quote_id", "kind", "extracted_kind", "speaker", "extracted_speaker",
        "start", "end", "extracted_start", "extracted_end", "text",
        "verdict", "comment", "reviewer", "reviewed_at", "added", "orphaned",
    ]  # fmt: skip
    assert [r["quote_id"] for r in rows] == ["q1", "q2", "q3"]
    assert rows[1]["speaker"] == "Antony Blinken" and rows[1]["verdict"] == "wrong"
    assert rows[1]["extracted_speaker"] == "Sergei Lavrov" and rows[1]["extracted_kind"] == "direct"
    q2 = story.quotes[1]
    assert (rows[1]["start"], rows[1]["end"]) == (str(q2.start), str(q2.end))
    assert (rows[1]["extracted_start"], rows[1]["extracted_end"]) == (str(q2.start), str(q2.end))
    assert rows[1]["comment"] == "'=1+1 is not a formula here"
    assert rows[2]["text"].startswith("'=HYPERLINK(")
    assert rows[0]["reviewed_at"].endswith("Z") and rows[2]["reviewer"] == ""
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("said = 1", "said = 1"),
        ("", ""),
        (3, 3),
    ],
)
def test_csv_cell_guards_formula_starts(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


@given(st.text())
def test_no_csv_cell_starts_a_formula_and_none_loses_text(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert cell in (value, "'" + value)


def test_markdown_report(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    result = export(env, "--format", "md", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "## Talks in Geneva" in report
    assert "2/3 reviewed" in report
    assert "**wrong** · Antony Blinken · direct · q2 (speaker corrected from Sergei Lavrov)" in report
    assert "> the talks were useful" in report
    assert "**not reviewed** · no speaker" in report


def test_speaker_table_counts_corrected_speakers(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    result = export(env, "--speakers", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["speaker", "quotes", "articles", "share", "source", "also_counted"],
        ["Antony Blinken", "1", "1", "0.3333", "named", ""],
        ["Sergei Lavrov", "1", "1", "0.3333", "named", ""],
        ["(unattributed)", "1", "", "0.3333", "", ""],
    ]


def test_speaker_table_joins_rows_as_a_reviewer_merged_them(
    story: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    review(env, story)
    with ReviewStore.open(Path(env["NEWSVIEW_DATA_DIR"]) / "reviews.sqlite3", reviewer="alice") as store:
        store.link_speaker("antony blinken", "sergei lavrov")
    result = export(env, "--speakers", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1] == ["Sergei Lavrov", "2", "1", "0.6667", "named", "Antony Blinken"]
    assert len(rows) == 3, "one person row and the unattributed row"


def test_export_reads_without_creating_a_store(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    result = export(env, "--format", "csv", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 3
    assert not Path(env["NEWSVIEW_DATA_DIR"]).exists()


def test_data_dir_option_overrides_the_environment(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    elsewhere = {**env, "NEWSVIEW_DATA_DIR": str(tmp_path / "empty")}
    assert json.loads(export(elsewhere, str(tmp_path / "story.txt")).stdout)[0]["reviewed"] == 0
    result = export(elsewhere, "--data-dir", env["NEWSVIEW_DATA_DIR"], str(tmp_path / "story.txt"))
    assert json.loads(result.stdout)[0]["reviewed"] == 2


def test_a_corrupt_store_fails_with_one_line_and_is_left_alone(
    story: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    db = Path(env["NEWSVIEW_DATA_DIR"]) / "reviews.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database at all\n" * 100)
    result = export(env, str(tmp_path / "story.txt"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "damaged" in result.stderr and str(db) in result.stderr
    assert db.read_bytes() == b"not a database at all\n" * 100


def test_a_missing_input_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    result = export(env, str(tmp_path / "no-such-file.txt"))
    assert result.returncode == 2
    assert result.stderr.startswith("newsview") and "Traceback" not in result.stderr


def test_extract_apply_reviews_prints_corrected_speakers(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    argv = [sys.executable, "-m", "tui", "extract", "--json", str(tmp_path / "story.txt")]
    plain = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    applied = subprocess.run([*argv, "--apply-reviews"], env=env, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and applied.returncode == 0, applied.stderr
    speakers = lambda out: [q["speaker"] and q["speaker"]["name"] for q in json.loads(out)["quotes"]]  # noqa: E731
    assert speakers(plain.stdout)[:2] == ["Sergei Lavrov", "Sergei Lavrov"]
    assert speakers(applied.stdout)[:2] == ["Sergei Lavrov", "Antony Blinken"]


QUIET = """Harbour reopens

The mayor said "the harbour is open again" on Friday.
"""


@pytest.fixture
def quiet(tmp_path: Path, env: dict[str, str]) -> Analysis:
    """quiet.txt with one quote nobody reviews, its analysis cached beside story.txt's."""
    path = tmp_path / "quiet.txt"
    path.write_text(QUIET, encoding="utf-8")
    (article,), problems = sources.load_paths([str(path)])
    assert problems == []
    analysis = Analysis(
        article,
        pipeline.model_label(pipeline.resolve_model(None)),
        (),
        (quote(article.text, "the harbour is open again", "q1", Speaker("the mayor")),),
        pipeline.extractor_version(),
    )
    AnalysisCache(Path(env["NEWSVIEW_CACHE_DIR"])).put(analysis)
    return analysis


def test_reviewed_only_leaves_out_articles_nobody_reviewed(
    story: Analysis, quiet: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    review(env, story)
    paths = [str(tmp_path / "story.txt"), str(tmp_path / "quiet.txt")]

    everything = export(env, "--format", "md", *paths)
    assert everything.returncode == 0, everything.stderr
    assert "## Harbour reopens" in everything.stdout  # without the option the quiet article is listed

    md = export(env, "--format", "md", "--reviewed-only", *paths)
    assert md.returncode == 0, md.stderr
    assert "## Talks in Geneva" in md.stdout and "2/3 reviewed" in md.stdout
    assert "Harbour" not in md.stdout and "harbour" not in md.stdout and "quiet.txt" not in md.stdout
    assert "not reviewed" not in md.stdout

    js = export(env, "--reviewed-only", *paths)
    assert js.returncode == 0, js.stderr
    assert [a["title"] for a in json.loads(js.stdout)] == ["Talks in Geneva"]

    rows = list(csv.DictReader(io.StringIO(export(env, "--format", "csv", "--reviewed-only", *paths).stdout)))
    assert {r["title"] for r in rows} == {"Talks in Geneva"}
    assert [r["quote_id"] for r in rows] == ["q1", "q2"]


def test_reviewed_only_with_no_review_at_all_says_so(quiet: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    md = export(env, "--format", "md", "--reviewed-only", str(tmp_path / "quiet.txt"))
    assert md.returncode == 0, md.stderr
    assert "##" not in md.stdout
    assert "No article has a reviewed quote." in md.stdout
    js = export(env, "--reviewed-only", str(tmp_path / "quiet.txt"))
    assert json.loads(js.stdout) == []


def test_reviewed_only_keeps_corrections_without_a_verdict_and_dates_the_latest_change(
    story: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    q1, q2, q3 = story.quotes
    db = Path(env["NEWSVIEW_DATA_DIR"]) / "reviews.sqlite3"
    with ReviewStore.open(db, reviewer="alice") as store:
        first = store.record(story.article, q1, SetVerdict("correct"))
    # Later, another reviewer corrects q1's speaker and q3's, neither giving a verdict.
    with sqlite3.connect(db) as conn:  # the first change is made older than any that follows
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET at = '2020-01-01T00:00:00Z' WHERE id = ?", (first.id,))
    with ReviewStore.open(db, reviewer="bob") as store:
        store.record(story.article, q1, SetComment("checked against the wire"))
        store.record(story.article, q3, SetSpeaker("Antony Blinken", "e2"))
    result = export(env, "--reviewed-only", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)
    assert [(q["id"], q["verdict"], q["speaker"]) for q in article["quotes"]] == [
        ("q1", "correct", "Sergei Lavrov"),
        ("q3", None, "Antony Blinken"),
    ]
    q1_json = article["quotes"][0]
    assert q1_json["reviewer"] == "bob" and q1_json["reviewed_at"] > "2020-01-01T00:00:00Z"
    assert all(q["touched"] for q in article["quotes"])


def test_jsonl_is_one_article_per_line(story: Analysis, quiet: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    review(env, story)
    paths = [str(tmp_path / "story.txt"), str(tmp_path / "quiet.txt")]
    result = export(env, "--format", "jsonl", *paths)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Talks in Geneva", "Harbour reopens"]
    assert json.loads(lines[0]) == json.loads(export(env, *paths).stdout)[0]


def test_displacy_export_renders_entities_and_quotes_with_spacy(
    story: Analysis, env: dict[str, str], tmp_path: Path
) -> None:
    from spacy import displacy

    review(env, story)
    result = export(env, "--format", "displacy", str(tmp_path / "story.txt"))
    assert result.returncode == 0, result.stderr
    (doc,) = json.loads(result.stdout)
    text = story.article.text
    q1, q2, q3 = story.quotes
    assert [(s["start"], s["end"], s["label"], s["speaker"]) for s in doc["spans"]] == [
        (q1.start, q1.end, "DIRECT_QUOTE", "Sergei Lavrov"),
        (q2.start, q2.end, "DIRECT_QUOTE", "Antony Blinken"),
        (q3.start, q3.end, "DIRECT_QUOTE", None),
    ]
    for span in doc["spans"]:  # the token range covers exactly the quote
        assert " ".join(doc["tokens"][span["start_token"] : span["end_token"]]) == " ".join(
            text[span["start"] : span["end"]].split()
        )
    ents = displacy.render([doc], style="ent", manual=True)
    spans = displacy.render([doc], style="span", manual=True)
    assert "Talks in Geneva" in ents and "DIRECT_QUOTE" in spans
    assert ents.count("<mark") == 0  # the hand-made entities have no mentions
    assert "HYPERLINK" in spans and "<script" not in spans


def test_displacy_export_cannot_inject_markup(story: Analysis, env: dict[str, str], tmp_path: Path) -> None:
    from spacy import displacy

    hostile = Analysis(
        replace(story.article, title='<img src=x onerror="alert(1)">'),
        story.model,
        (Entity("e1", "<b>PERSON</b>", "Sergei Lavrov", (), ((story.quotes[0].start, story.quotes[0].start + 3),)),),
        story.quotes,
        story.extractor_version,
    )
    store_dir = Path(env["NEWSVIEW_DATA_DIR"])
    store_dir.mkdir(parents=True)
    from tui.commands.displacy import article_displacy

    with ReviewStore.open(store_dir / "reviews.sqlite3") as store:
        reviewed = store.reviews_for(hostile)
    doc = article_displacy(reviewed, list(reviewed.quotes))
    page = displacy.render([doc], style="ent", manual=True) + displacy.render([doc], style="span", manual=True)
    assert "<img" not in page and "<b>" not in page
    assert doc["ents"][0]["label"] == "ENTITY"
