"""The analysis cache: an article seen before opens fully analysed without loading spaCy.

One JSON file per analysis, named by a hash of the text, the model label and the
extractor version, so a changed text, model or rule set is simply a cache miss. Files are
written atomically (temporary file + rename), so a crash never leaves half a file; an
unreadable or corrupt entry is treated as a miss and rewritten. A cache that cannot be
written (read-only home, full disk) degrades to no cache: the caller gets a warning once.

Whoever can write the cache directory can write an entry, so an entry is input like any
other: it is checked against the schema (``_check_entry``: types, every offset inside the
text, each quote's text equal to its span) and its names are cleaned before the app or an
export sees them. An entry that fails is a miss, replaced by a fresh analysis, with one
warning line.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.files import NotRegularFile, read_regular
from tui.core.models import QUOTE_KINDS, SCHEMA_VERSION, Analysis, Article
from tui.core.untrusted import clean_line, parse_json

_CORRUPT = "ignored a corrupt analysis cache entry; it is being recomputed"


def cache_key(text: str, model_label: str, extractor_version: str) -> str:
    digest = hashlib.sha256()
    for part in (model_label, extractor_version, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class AnalysisCache:
    directory: Path
    warnings: list[str] = field(default_factory=list)
    _write_failed: bool = False

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, article: Article, model_label: str, extractor_version: str) -> Analysis | None:
        """The cached analysis of this text, re-labelled with this article's source and title."""
        path = self._path(cache_key(article.text, model_label, extractor_version))
        try:
            data = parse_json(read_regular(path).decode("utf-8"))
            if isinstance(data, dict) and data.get("text") != article.text:
                return None  # a hash collision: another text's analysis
            _check_entry(data, article.text)
            cached = Analysis.from_json(data, extractor_version)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except NotRegularFile:  # a FIFO or device where an entry belongs: replaced when written
            self._warn(_CORRUPT)
            return None
        except OSError as exc:
            self._warn(f"cannot read the analysis cache in {self.directory}: {exc.strerror or exc}")
            return None
        except ValueError:  # UnicodeDecodeError and malformed JSON included
            self._warn(_CORRUPT)
            return None
        return Analysis(article, cached.model, cached.entities, cached.quotes, extractor_version)

    def put(self, analysis: Analysis) -> None:
        if self._write_failed:
            return
        key = cache_key(analysis.article.text, analysis.model, analysis.extractor_version)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(analysis.to_json(), handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._write_failed = True
            self._warn(
                f"cannot write the analysis cache in {self.directory}: {exc.strerror or exc}; continuing without it"
            )

    def _warn(self, message: str) -> None:
        message = clean_line(message)  # it names the cache directory, from the environment
        if message not in self.warnings:
            self.warnings.append(message)


# --- what an entry must hold ------------------------------------------------------------


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"bad analysis cache entry: {what}")


def _str(value: Any, optional: bool = False) -> bool:
    return isinstance(value, str) or (optional and value is None)


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _span(value: Any, length: int, optional: bool = False) -> bool:
    """``[start, end]`` with ``0 <= start <= end <= length`` (bools are not offsets)."""
    if value is None:
        return optional
    return (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] <= value[1] <= length
    )  # fmt: skip


def _spans(values: list[Any], length: int) -> bool:
    """Every value a span inside the text: the mentions' check, written out because an entry
    holds thousands of them and a reopened corpus reads every entry."""
    for m in values:
        if type(m) is not list or len(m) != 2:
            return False
        start, end = m
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:  # bool is no int here
            return False
    return True


def _check_entry(data: Any, text: str) -> None:
    """Raises ValueError unless ``data`` is an analysis of ``text`` as ``Analysis.to_json`` writes
    it; cleans its names, cues and labels in place (see tui.core.untrusted)."""
    n = len(text)
    _require(isinstance(data, dict) and data.get("schema_version") == SCHEMA_VERSION, "not an analysis")
    _require(
        _str(data.get("model")) and isinstance(data.get("entities"), list) and isinstance(data.get("quotes"), list),
        "fields",
    )
    data["model"] = clean_line(data["model"])
    ids = set()
    for e in data["entities"]:
        _require(isinstance(e, dict) and _str(e.get("id")) and _str(e.get("label")) and _str(e.get("name")), "entity")
        _require(_strs(e.get("aliases")) and isinstance(e.get("mentions"), list), "entity aliases or mentions")
        _require(_spans(e["mentions"], n), "a mention outside the text")
        _clean(e, "label", "name", "aliases")
        ids.add(e["id"])
    for q in data["quotes"]:
        _require(isinstance(q, dict) and _str(q.get("id")) and q.get("kind") in QUOTE_KINDS, "quote")
        _require(
            _span([q.get("start"), q.get("end")], n) and q.get("text") == text[q["start"] : q["end"]],
            "a quote not at its span",
        )
        _require(_str(q.get("cue"), optional=True) and _span(q.get("cue_span"), n, optional=True), "a quote's cue")
        _clean(q, "cue")
        s = q.get("speaker")
        if s is not None:
            _require(
                isinstance(s, dict) and _str(s.get("name")) and _str(s.get("text")) and _strs(s.get("aliases")),
                "speaker",
            )
            _require(s.get("entity") is None or s.get("entity") in ids, "a speaker of an unknown entity")
            _require(_span(s.get("mention"), n, optional=True), "a speaker mention outside the text")
            _clean(s, "name", "text", "aliases")


def _clean(obj: dict[str, Any], *keys: str) -> None:
    for key in keys:
        value = obj[key]
        if isinstance(value, str):
            obj[key] = _clean_name(value)
        elif isinstance(value, list):
            obj[key] = [_clean_name(v) for v in value]


def _clean_name(s: str) -> str:
    # Most names are printable ASCII, single-spaced: already clean, and checked at C speed.
    if s.isascii() and s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return clean_line(s)
