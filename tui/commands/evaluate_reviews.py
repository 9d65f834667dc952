"""``newsview eval --reviews [PATH...]``: the current extractor scored against the articles reviewers
reviewed, their verdicts, corrections and added quotes taken as the gold (``tui.core.review.gold``).

The articles are analysed as ``export`` analyses them (the analysis cache first: it is keyed by
the extractor's version, so a cached analysis is the current extractor's) and scored exactly as
``newsview eval GOLD_DIR`` scores a gold directory, so the figures mean the same; a last line
says how many articles and quotes reviewers looked at.
"""

from __future__ import annotations

import argparse

from tui.commands.evaluate import score_articles
from tui.commands.export import analyse_inputs
from tui.commands.reviews import open_reviews, reviews_of
from tui.core.review.gold import ReviewedCounts, gold_of, is_reviewed
from tui.core.untrusted import path_label
from tui.errors import CliError


def run_eval_reviews(args: argparse.Namespace) -> int:
    analyses = analyse_inputs(args.paths, args.model)
    store = open_reviews(args.data_dir)
    try:
        reviewed = [r for r in (reviews_of(store, analysis) for analysis in analyses) if is_reviewed(r)]
    finally:
        store.close()
    if not reviewed:
        raise CliError("no reviewed article among these: review some in the app first (verdicts, corrections)", 2)
    counts = ReviewedCounts()
    scored = []
    for r in reviewed:
        counts = counts.plus(r)
        name = path_label(r.analysis.article.title or r.analysis.article.source)[:40]
        scored.append((name, gold_of(r), r.analysis.to_json()["quotes"]))
    score_articles(scored, args)
    print(counts.describe())
    return 0
