"""``newsview extract --json``: the analysis as JSON, one object per input article.

One article prints one JSON object; several print JSON Lines in input order, streamed as
each is analysed so a long corpus run shows results (and progress) as it goes. The parse
runs in this process, in ``--jobs`` processes, or on a Dask cluster (``--dask``); the
output is the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from functools import partial

from tui.commands.inputs import load_inputs
from tui.commands.progress import progress
from tui.core.analysis.analyzer import Analyzer
from tui.core.extraction.pipeline import ModelNotFound
from tui.core.untrusted import to_json
from tui.errors import CliError

DASK_INSTALL = "pip install 'newsview[dask]'"


def _cluster_module():
    """tui.core.analysis.cluster, or the one-line reason it cannot be used here."""
    try:
        from tui.core.analysis import cluster
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("dask", "distributed"):
            raise
        raise CliError(f"--dask needs Dask, which is not installed; install it with: {DASK_INSTALL}", 2) from exc
    return cluster


@contextmanager
def _computing(args: argparse.Namespace, analyzer: Analyzer) -> Iterator[Callable | None]:
    """What analyses the articles the cache does not hold: None for this machine's processes,
    else the Dask cluster of ``--dask``, connected for as long as the run lasts."""
    if not args.dask:
        yield None
        return
    cluster = _cluster_module()
    try:
        with cluster.connect_cluster(args.dask, args.dask_timeout, workers=args.jobs) as client:
            yield partial(
                cluster.analyse_on_cluster, client, model=args.model, use_cache=not args.no_cache, expected=analyzer
            )
    except cluster.SchedulerUnreachable as exc:
        raise CliError(str(exc), 2) from exc
    except cluster.ClusterFailed as exc:
        raise CliError(str(exc), 1) from exc


def _check_options(args: argparse.Namespace) -> None:
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1", 2)
    if args.dask_timeout <= 0:
        raise CliError("--dask-timeout must be a positive number of seconds", 2)
    if args.dask and args.dask != "local" and args.jobs is not None:
        raise CliError("--jobs sets the worker processes of --dask local; a scheduler's workers are started with it", 2)
    if args.dask:
        _cluster_module()  # a missing extra is reported before any file is read


def run_extract(args: argparse.Namespace) -> int:
    _check_options(args)
    articles = load_inputs(args.paths, "analyse")
    try:
        analyzer = Analyzer.create(args.model, use_cache=not args.no_cache)
    except ModelNotFound as exc:
        raise CliError(str(exc), 2) from exc

    store = None
    if args.apply_reviews:  # the review store (and sqlite3) only when asked for
        from tui.commands.reviews import open_reviews, reviews_of
        from tui.core.review.applied import reviews_applied

        store = open_reviews(args.data_dir)
    out = sys.stdout
    single = len(articles) == 1
    with (
        _computing(args, analyzer) as compute,
        progress(len(articles), "analysing") as advance,
        closing(store) if store else nullcontext(),
    ):
        for analysis in analyzer.analyse_many(articles, jobs=args.jobs or 1, compute=compute):
            if store:
                analysis = reviews_applied(reviews_of(store, analysis))
            data = analysis.to_json()
            out.write(to_json(data, indent=2 if single and out.isatty() else None))
            out.write("\n")
            out.flush()
            advance()
    for warning in analyzer.warnings:
        print(f"newsview: warning: {warning}", file=sys.stderr)
    return 0
