"""The analysis cache: hits skip spaCy, misses and corruption recompute, failures degrade."""

from __future__ import annotations

import os

import pytest

from tui.core.analysis.cache import AnalysisCache, cache_key
from tui.core.models import Analysis, Article, Entity


def _analysis(text="Ann spoke.", source="a.txt"):
    article = Article(source=source, title="T", text=text)
    return Analysis(article, "m 1", (Entity("e1", "PERSON", "Ann", (), ((0, 3),)),), (), "v1")


def test_round_trip_relabels_the_source(tmp_path):
    cache = AnalysisCache(tmp_path)
    cache.put(_analysis())
    hit = cache.get(Article(source="b.txt", title="Other", text="Ann spoke."), "m 1", "v1")
    assert hit is not None
    assert hit.article.source == "b.txt" and hit.article.title == "Other"
    assert hit.entities[0].name == "Ann"


@pytest.mark.parametrize("model, version", [("m 2", "v1"), ("m 1", "v2")])
def test_model_or_extractor_change_is_a_miss(tmp_path, model, version):
    cache = AnalysisCache(tmp_path)
    cache.put(_analysis())
    assert cache.get(Article("a.txt", "T", "Ann spoke."), model, version) is None


def test_changed_text_is_a_miss(tmp_path):
    cache = AnalysisCache(tmp_path)
    cache.put(_analysis())
    assert cache.get(Article("a.txt", "T", "Ann spoke!"), "m 1", "v1") is None


def test_corrupt_entry_is_a_miss_with_one_warning(tmp_path):
    cache = AnalysisCache(tmp_path)
    for text in ("one", "two"):
        cache.put(_analysis(text))
        key = cache_key(text, "m 1", "v1")
        (tmp_path / key[:2] / f"{key}.json").write_text("{not json")
    assert cache.get(Article("a", "T", "one"), "m 1", "v1") is None
    assert cache.get(Article("a", "T", "two"), "m 1", "v1") is None
    assert len(cache.warnings) == 1 and "corrupt" in cache.warnings[0]
    cache.put(_analysis("one"))
    assert cache.get(Article("a", "T", "one"), "m 1", "v1") is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_unwritable_cache_warns_once_and_carries_on(tmp_path):
    tmp_path.chmod(0o500)
    try:
        cache = AnalysisCache(tmp_path / "sub")
        cache.put(_analysis("one"))
        cache.put(_analysis("two"))
        assert len(cache.warnings) == 1 and "cannot write" in cache.warnings[0]
    finally:
        tmp_path.chmod(0o700)


def test_cache_on_a_file_path_warns_once_and_carries_on(tmp_path):
    # A path that cannot be a directory fails the same way as a read-only one, even as root.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = AnalysisCache(blocker)
    cache.put(_analysis("one"))
    cache.put(_analysis("two"))
    assert len(cache.warnings) == 1 and "cannot write" in cache.warnings[0]
    assert cache.get(Article("a", "T", "one"), "m 1", "v1") is None


def test_writes_leave_no_temporary_files(tmp_path):
    cache = AnalysisCache(tmp_path)
    for i in range(5):
        cache.put(_analysis(f"text {i}"))
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
