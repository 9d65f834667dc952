"""The layers, as rules on the import statements of every module (top level or inside a
function): commands and app above the core, the core's groups above models, spaCy only
where the parse happens. See docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, with ``from X import Y`` counted as X and X.Y."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _under(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _violations(importers: tuple[str, ...], forbidden) -> dict[str, list[str]]:
    found = {
        module: sorted(name for name in imported if forbidden(name))
        for module, imported in MODULES.items()
        if _under(module, *importers)
    }
    return {module: names for module, names in found.items() if names}


def test_the_layout_is_what_these_rules_speak_of():
    for package in (
        "tui.core.ingest",
        "tui.core.extraction",
        "tui.core.analysis",
        "tui.core.corpus",
        "tui.core.review",
        "tui.commands",
        "tui.app",
        "tui.errors",
        "tui.core.models",
    ):
        assert package in MODULES, package


def test_the_core_never_imports_the_app_the_cli_the_commands_or_textual():
    assert not _violations(("tui.core",), lambda n: _under(n, "textual", "tui.app", "tui.cli", "tui.commands"))


def test_spacy_is_imported_only_where_the_parse_happens():
    outside = {
        m: names
        for m, names in _violations(("tui",), lambda n: _under(n, "spacy")).items()
        if not _under(m, "tui.core.extraction")
    }
    assert not outside


def test_extraction_imports_nothing_of_newsview_but_itself_and_the_models():
    """Everything an analysis runs is hashed into the cache key (pipeline.analysis_sources)."""
    assert not _violations(
        ("tui.core.extraction",),
        lambda n: (
            _under(n, "tui")
            and not _under(n, "tui.core.extraction", "tui.core.models")
            and n not in ("tui", "tui.core")
        ),
    )


def test_dask_is_imported_only_by_the_cluster_module():
    """The ``dask`` extra is optional: nothing else may need it to import."""
    outside = {
        m: names
        for m, names in _violations(("tui",), lambda n: _under(n, "dask", "distributed")).items()
        if m != "tui.core.analysis.cluster"
    }
    assert not outside
    assert "distributed" in MODULES["tui.core.analysis.cluster"]


@pytest.mark.parametrize("module", ["tui.errors", "tui.core.models"])
def test_the_bottom_modules_import_nothing_of_newsview(module):
    assert not {name for name in MODULES[module] if _under(name, "tui")}


def test_the_app_never_imports_the_commands():
    assert not _violations(("tui.app",), lambda n: _under(n, "tui.commands"))
