"""Model resolution, chunked parsing and the analysis JSON round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.extraction import pipeline
from tui.core.models import Analysis, Article, Entity, Quote, Speaker


def test_chunks_rejoin_to_the_text_and_respect_the_limit():
    text = ("A paragraph of words. " * 40 + "\n\n") * 30
    pieces = pipeline.chunk_text(text, limit=2000)
    assert "".join(pieces) == text
    assert all(len(p) <= 2000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1]), "cuts fall on paragraph breaks when there are any"


def test_a_single_line_without_breaks_is_cut_at_spaces():
    text = "word " * 1000
    pieces = pipeline.chunk_text(text, limit=700)
    assert "".join(pieces) == text
    assert all(p.endswith(" ") for p in pieces[:-1])


def test_text_without_any_separator_is_still_cut():
    text = "x" * 2500
    assert pipeline.chunk_text(text, limit=1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_chunked_parse_keeps_offsets_exact(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 300)
    text = "".join(f"Angela Merkel met Emmanuel Macron in Paris on day {i}.\n\n" for i in range(20))
    (doc,) = pipeline.parse(nlp, [text])
    assert doc.text == text
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    assert len(persons) >= 20
    assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)


def test_missing_model_names_the_install_command():
    with pytest.raises(pipeline.ModelNotFound) as info:
        pipeline.resolve_model("no_such_model_xyz")
    assert "no_such_model_xyz" in str(info.value)
    assert pipeline.INSTALL_HINT in str(info.value)


def test_default_model_reports_the_official_name():
    assert pipeline.model_label(pipeline.resolve_model()) == "en_core_web_sm 3.8.0"


def test_extractor_version_is_stable_within_a_process():
    assert pipeline.extractor_version() == pipeline.extractor_version()
    assert len(pipeline.extractor_version()) == 16


EXTRACTION = Path(pipeline.__file__).parent
REPO = EXTRACTION.parent.parent.parent


def test_the_extractor_version_changes_with_analysis_code_only(tmp_path, monkeypatch):
    extraction, core = tmp_path / "extraction", tmp_path
    extraction.mkdir()
    for path in EXTRACTION.glob("*.py"):
        shutil.copy(path, extraction / path.name)
    shutil.copy(EXTRACTION.parent / "models.py", core / "models.py")
    (core / "review").mkdir()
    monkeypatch.setattr(pipeline, "_EXTRACTION_DIR", extraction)
    monkeypatch.setattr(pipeline, "_MODELS", core / "models.py")

    def version() -> str:
        pipeline.extractor_version.cache_clear()
        return pipeline.extractor_version()

    try:
        before = version()
        (core / "review" / "store.py").write_text("# edited\n", encoding="utf-8")
        assert version() == before, "the review store does not decide analyses"
        with (extraction / "quotes.py").open("a", encoding="utf-8") as handle:
            handle.write("# a rule changed\n")
        after_rule = version()
        assert after_rule != before
        (extraction / "new_rule.py").write_text("# a new rule module\n", encoding="utf-8")
        assert version() != after_rule, "a new module in the package is hashed too"
        with (core / "models.py").open("a", encoding="utf-8") as handle:
            handle.write("# the cached shape changed\n")
        assert version() not in (before, after_rule)
    finally:
        pipeline.extractor_version.cache_clear()


def test_the_analysis_path_imports_nothing_outside_the_hashed_code():
    script = (
        "import json, sys\n"
        "from tui.core.models import Article\n"
        "from tui.core.extraction.pipeline import analyse\n"
        "text = 'Sergei Lavrov said the talks had stalled. \"We will not accept these terms,\" he said.'\n"
        "analysis = analyse(Article('a', 'a', text))\n"
        "print(json.dumps([len(analysis.quotes), sorted(m for m in sys.modules if m.startswith('tui.'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300, check=True
    )
    quotes, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert quotes >= 1, "the analysis ran its rules"
    assert {"tui.core.extraction.entities", "tui.core.extraction.quotes"} <= set(modules)
    allowed = {"tui", "tui.core", "tui.core.models", "tui.core.extraction"}
    outside = [m for m in modules if m not in allowed and not m.startswith("tui.core.extraction.")]
    assert not outside, outside


def test_analysis_json_round_trip():
    article = Article(source="a.txt", title="T", text="Bob said hi.", url=None, date="2020-01-01")
    entity = Entity(id="e1", label="PERSON", name="Bob", aliases=("Bobby",), mentions=((0, 3),))
    quote = Quote(
        id="q1",
        kind="indirect",
        start=9,
        end=11,
        text="hi",
        cue="said",
        cue_span=(4, 8),
        speaker=Speaker(name="Bob", entity="e1", mention=(0, 3), text="Bob"),
    )
    analysis = Analysis(article, "en_core_web_sm 3.8.0", (entity,), (quote,))
    data = analysis.to_json()
    assert data["schema_version"] == 1
    assert data["quotes"][0]["speaker"] == {
        "name": "Bob",
        "entity": "e1",
        "mention": [0, 3],
        "text": "Bob",
        "aliases": [],
    }
    assert Analysis.from_json(data) == analysis


def test_from_json_rejects_another_schema_version():
    with pytest.raises(ValueError):
        Analysis.from_json({"schema_version": 99})


def test_a_parsed_article_comes_out_before_the_rest_are_parsed(nlp):
    """extract prints each article's line as soon as it is parsed: parse hands over each doc
    after a small batch, not after the whole input."""
    tokenized = []
    tokenizer = nlp.tokenizer

    def counting(text):
        tokenized.append(text)
        return tokenizer(text)

    nlp.tokenizer = counting
    try:
        docs = pipeline.parse(nlp, [f"Article {n} said the bridge was safe." for n in range(40)])
        first = next(docs)
        assert first.text.startswith("Article 0")
        assert len(tokenized) <= 2 * pipeline.PIPE_BATCH, len(tokenized)
        assert len(list(docs)) == 39
    finally:
        nlp.tokenizer = tokenizer
