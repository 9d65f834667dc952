"""The articles a headless command works on, and the one line per input it had to skip."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui.core.ingest.sources import InputError, load_paths
from tui.core.models import Article
from tui.errors import CliError


def load_inputs(paths: Sequence[str], doing: str) -> list[Article]:
    """Every article of ``paths`` (``-`` is standard input); a skipped file is one line on stderr.

    When nothing is left the reason is the error, in one line (exit 2): the first problem, with
    how many more there were, not a line per file and then a summary.
    """
    try:
        articles, problems = load_paths(paths, stdin=sys.stdin.buffer if "-" in paths else None)
    except InputError as exc:
        raise CliError(str(exc), 2) from exc
    if not articles:
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise CliError(f"{problems[0].source}: {problems[0].message}{more}", 2)
        raise CliError(f"no article to {doing} in " + ", ".join(paths), 2)
    for problem in problems:
        print(f"newsview: skipped {problem.source}: {problem.message}", file=sys.stderr)
    return articles
