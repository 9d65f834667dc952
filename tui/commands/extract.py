"""``newsview extract --json``: the analysis as JSON, one object per input article.

One article prints one JSON object; several print JSON Lines in input order, streamed as
each is analysed so a long corpus run shows results (and progress) as it goes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext

from tui.errors import CliError
from tui.core.analysis.analyzer import Analyzer
from tui.core.extraction.pipeline import ModelNotFound
from tui.core.ingest.sources import InputError, load_paths
from tui.core.untrusted import to_json


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for batch work at a terminal; nothing when piped or for one article."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extract", total=total)
        yield lambda: progress.advance(task)


def run_extract(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise CliError("--jobs must be at least 1", 2)
    try:
        articles, problems = load_paths(args.paths, stdin=sys.stdin.buffer if "-" in args.paths else None)
    except InputError as exc:
        raise CliError(str(exc), 2) from exc
    if not articles:
        # Nothing to do: the reason is the error, in one line.
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise CliError(f"{problems[0].source}: {problems[0].message}{more}", 2)
        raise CliError("no article to analyse in " + ", ".join(args.paths), 2)
    for problem in problems:
        print(f"newsview: skipped {problem.source}: {problem.message}", file=sys.stderr)
    try:
        analyzer = Analyzer.create(args.model, use_cache=not args.no_cache)
    except ModelNotFound as exc:
        raise CliError(str(exc), 2) from exc

    store = None
    if args.apply_reviews:  # the review store (and sqlite3) only when asked for
        from tui.commands.export import apply_reviews, open_reviews

        store = open_reviews(args.data_dir)
    out = sys.stdout
    single = len(articles) == 1
    with _progress(len(articles)) as advance, closing(store) if store else nullcontext():
        for analysis in analyzer.analyse_many(articles, jobs=args.jobs):
            if store:
                analysis = apply_reviews(store, analysis)
            data = analysis.to_json()
            out.write(to_json(data, indent=2 if single and out.isatty() else None))
            out.write("\n")
            out.flush()
            advance()
    for warning in analyzer.warnings:
        print(f"newsview: warning: {warning}", file=sys.stderr)
    return 0
