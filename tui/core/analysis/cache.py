"""The analysis cache: an article seen before opens fully analysed without loading spaCy.

One JSON file per analysis, named by a hash of the text, the model label and the
extractor version, so a changed text, model or rule set is simply a cache miss. Files are
written atomically (temporary file + rename), so a crash never leaves half a file; an
unreadable or corrupt entry is treated as a miss and rewritten. A cache that cannot be
written (read-only home, full disk) degrades to no cache: the caller gets a warning once.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.files import NotRegularFile, read_regular
from tui.core.models import Analysis, Article


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
            data = json.loads(read_regular(path).decode("utf-8"))
            cached = Analysis.from_json(data, extractor_version)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except NotRegularFile:  # a FIFO or device where an entry belongs: replaced when written
            self._warn("ignored a corrupt analysis cache entry; it is being recomputed")
            return None
        except OSError as exc:
            self._warn(f"cannot read the analysis cache in {self.directory}: {exc.strerror or exc}")
            return None
        except (ValueError, KeyError, TypeError, IndexError):
            self._warn("ignored a corrupt analysis cache entry; it is being recomputed")
            return None
        if cached.article.text != article.text:  # a hash collision or a tampered file
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
            self._warn(f"cannot write the analysis cache in {self.directory}: {exc.strerror or exc}; continuing without it")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
