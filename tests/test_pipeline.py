"""Model resolution, chunked parsing and the analysis JSON round trip."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core import pipeline
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


# The core modules whose code does not decide an analysis: editing them must not make every
# user analyse their corpus again. A new module goes here or into pipeline.ANALYSIS_MODULES.
NOT_ANALYSIS_MODULES = {
    "__init__",  # a docstring; whatever it might import is caught by the import tests below
    "analyzer",  # picks cache or pipeline, changes no result
    "cache",  # stores analyses keyed by the extractor version
    "corpus",
    "corpus_query",
    "evaluate",
    "export",
    "extract",
    "html_text",  # text cleaning: a changed text is a new cache key by itself
    "paths",
    "sources",
    "store",
    "text",
}
CORE = Path(pipeline.__file__).parent
REPO = CORE.parent.parent


def test_every_core_module_is_either_hashed_or_declared_not_to_affect_analyses():
    modules = {path.stem for path in CORE.glob("*.py")}
    hashed = set(pipeline.ANALYSIS_MODULES)
    assert not hashed & NOT_ANALYSIS_MODULES
    undecided = modules - hashed - NOT_ANALYSIS_MODULES
    assert not undecided, (
        f"{sorted(undecided)}: add to pipeline.ANALYSIS_MODULES if its code decides an analysis "
        "(then the extractor version changes with it), else to NOT_ANALYSIS_MODULES here"
    )
    assert not (hashed | NOT_ANALYSIS_MODULES) - modules, "a listed module no longer exists"


def test_the_extractor_version_changes_with_analysis_code_only(tmp_path, monkeypatch):
    for path in CORE.glob("*.py"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(pipeline, "_CORE_DIR", tmp_path)

    def version() -> str:
        pipeline.extractor_version.cache_clear()
        return pipeline.extractor_version()

    try:
        before = version()
        for name in ("store", "corpus", "export"):
            (tmp_path / f"{name}.py").write_text("# edited\n", encoding="utf-8")
        assert version() == before, "the review store, corpus and export do not decide analyses"
        with (tmp_path / "quotes.py").open("a", encoding="utf-8") as handle:
            handle.write("# a rule changed\n")
        assert version() != before
    finally:
        pipeline.extractor_version.cache_clear()


def _core_imports(path: Path) -> set[str]:
    """The tui.core modules a source file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "tui.core":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tui.core."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("tui.core."))
    return found


def test_hashed_modules_import_no_core_module_outside_the_list():
    hashed = set(pipeline.ANALYSIS_MODULES)
    outside = {name: _core_imports(CORE / f"{name}.py") - hashed for name in hashed}
    assert not any(outside.values()), {name: sorted(found) for name, found in outside.items() if found}


def test_the_analysis_path_imports_no_core_module_outside_the_hashed_list():
    script = (
        "import json, sys\n"
        "from tui.core.models import Article\n"
        "from tui.core.pipeline import analyse\n"
        "text = 'Sergei Lavrov said the talks had stalled. \"We will not accept these terms,\" he said.'\n"
        "analysis = analyse(Article('a', 'a', text))\n"
        "print(json.dumps([len(analysis.quotes), sorted(m for m in sys.modules if m.startswith('tui.'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300, check=True
    )
    quotes, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert quotes >= 1, "the analysis ran its rules"
    imported = {m.split(".")[2] for m in modules if m.startswith("tui.core.")}
    assert {"entities", "quotes"} <= imported
    assert imported <= set(pipeline.ANALYSIS_MODULES), sorted(imported - set(pipeline.ANALYSIS_MODULES))


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
