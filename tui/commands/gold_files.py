"""``export --format gold --output DIR``: the reviewed articles as a gold directory that
``newsview eval DIR`` and the project's scorer read: NAME.txt (the article's text) beside
NAME.gold.json (``tui.core.review.gold``).

Nothing already there is overwritten (a gold set is someone's work): a name that exists
stops the export before anything is written. Each file is written whole or not at all.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tui.core.review.gold import gold_of, is_reviewed
from tui.core.review.store import ReviewedArticle
from tui.core.untrusted import path_label, to_json
from tui.errors import CliError

_UNSAFE = re.compile(r"[^\w-]+", re.ASCII)


def file_name(reviewed: ReviewedArticle) -> str:
    """A name for the article's files: its file's stem, else (a record of a corpus file, standard
    input) its title, in letters, digits, _ and - only."""
    article = reviewed.analysis.article
    stem = Path(article.source).stem if "#" not in article.source and article.source != "-" else article.title
    return _UNSAFE.sub("_", stem).strip("_")[:60] or "article"


def write_gold(reviewed: Iterable[ReviewedArticle], output: str) -> None:
    articles = [r for r in reviewed if is_reviewed(r)]
    if not articles:
        raise CliError("no reviewed article among these: nothing to write as gold", 2)
    names: list[str] = []
    for r in articles:
        name, n = file_name(r), 1
        while name in names:
            n += 1
            name = f"{file_name(r)}_{n}"
        names.append(name)
    directory = Path(output)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {path_label(output)}: {exc.strerror or exc}", 2) from exc
    taken = [p for name in names for p in (directory / f"{name}.txt", directory / f"{name}.gold.json") if p.exists()]
    if taken:
        raise CliError(f"{path_label(taken[0])} exists: give --output a new or empty directory", 2)
    for name, r in zip(names, articles):
        _write(directory / f"{name}.txt", r.analysis.article.text)
        _write(directory / f"{name}.gold.json", to_json(gold_of(r), indent=1) + "\n")
    print(f"newsview: wrote {len(articles)} reviewed articles to {path_label(directory)}", file=sys.stderr)


def _write(path: Path, text: str) -> None:
    """``text`` to ``path`` atomically: a temporary file beside it, then renamed into place."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise CliError(f"cannot write {path_label(path)}: {exc.strerror or exc}", 1) from exc
