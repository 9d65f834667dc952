"""Reviewers' corrections applied to an analysis: one rule for every reader of the reviews.

``as_reviewed`` is what a reviewer reads (the quote list shows a rejected quote with the
speaker it was given, marked wrong); ``reviews_applied`` is what gets counted and exported
(the corpus view, ``export --speakers``, ``extract --apply-reviews``), where a rejected
attribution nobody corrected has no speaker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui.core.models import Analysis, Quote

if TYPE_CHECKING:
    from tui.core.review.store import ReviewedArticle, ReviewedQuote


def as_reviewed(analysis: Analysis, reviewed: ReviewedArticle | None) -> Analysis:
    """The analysis with reviewers' speaker and kind corrections and added quotes."""
    if reviewed is None:
        return analysis
    return replace(analysis, quotes=tuple(r.quote for r in reviewed.quotes))


def _counted(r: ReviewedQuote) -> Quote:
    """A quote marked wrong whose speaker nobody corrected loses its speaker: the attribution
    was rejected and the right one is not known."""
    rejected = r.review is not None and r.review.verdict == "wrong" and r.review.speaker is None
    return replace(r.quote, speaker=None) if rejected else r.quote


def reviews_applied(reviewed: ReviewedArticle, reviewed_only: bool = False) -> Analysis:
    """The analysis as reviewers corrected it, for counting and export.

    Corrected speakers and kinds, added quotes; orphans left out (they have no place in
    this text's analysis); rejected attributions without a speaker. ``reviewed_only`` keeps
    only the quotes a reviewer touched (a verdict, a correction, a comment, or added).
    """
    quotes = tuple(_counted(r) for r in reviewed.quotes if not reviewed_only or r.touched)
    return replace(reviewed.analysis, quotes=quotes)
