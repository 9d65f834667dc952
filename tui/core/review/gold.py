"""Reviewed articles as a gold set: what ``export --format gold`` writes and ``eval --reviews`` scores against.

The gold format is the one the project's annotations use (``eval/GUIDELINES.md``): per article
``{"quotes": [{"text", "speaker", "kind", "cue"}], "people": [{"name", "aliases"}]}``.
From a reviewed article:

* every quote with its corrections (speaker, kind, extent) applied, added quotes included;
* a quote marked wrong whose speaker nobody corrected is left out: the reviewer said it is
  not a quote of anyone the article names (marked wrong and given a speaker, it is kept with
  that speaker, as ``reviews_applied`` counts it);
* a reviewed quote the current extractor no longer finds (an orphan) is kept when a reviewer
  confirmed or corrected it and its text is still in the article, so a newer extractor that
  misses it is measured as missing it;
* quotes nobody touched are kept as the extractor gave them: a reviewed article's gold is the
  reviewer's word on what they changed and the extractor's on the rest. ``ReviewedCounts``
  says how much was reviewed, so a reader can weigh the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.review.store import ReviewedArticle, ReviewedQuote


def is_reviewed(reviewed: ReviewedArticle) -> bool:
    """A reviewer touched one of its quotes (a verdict, a correction, a comment, an added quote)."""
    return any(r.touched for r in (*reviewed.quotes, *reviewed.orphans))


def _rejected(r: ReviewedQuote) -> bool:
    return r.review is not None and r.review.verdict == "wrong" and r.review.speaker is None


def gold_quotes(reviewed: ReviewedArticle) -> list[ReviewedQuote]:
    """The reviewed article's quotes that are gold, in text order."""
    kept = [r for r in reviewed.quotes if not _rejected(r)]
    kept += [r for r in reviewed.orphans if r.located and r.touched and not _rejected(r)]
    return sorted(kept, key=lambda r: (r.quote.start, r.quote.end))


def gold_of(reviewed: ReviewedArticle) -> dict[str, Any]:
    """The article's gold annotation (GUIDELINES.md's format)."""
    analysis = reviewed.analysis
    quotes = gold_quotes(reviewed)
    people: dict[str, list[str]] = {}
    for entity in analysis.entities:
        if entity.label in ("PERSON", "ORG", "NORP", "GPE"):
            people.setdefault(entity.name, list(entity.aliases))
    for r in quotes:
        if r.quote.speaker is not None:
            people.setdefault(r.quote.speaker.name, list(r.quote.speaker.aliases))
    spoken = {r.quote.speaker.name for r in quotes if r.quote.speaker}
    return {
        "source": analysis.article.url or analysis.article.source,
        "quotes": [
            {
                "text": r.quote.text,
                "speaker": r.quote.speaker.name if r.quote.speaker else None,
                "kind": r.quote.kind,
                "cue": r.quote.cue,
            }
            for r in quotes
        ],
        # Everyone who speaks, and the people and bodies the article names (their aliases
        # let a scorer accept "Lavrov" for "Sergei Lavrov").
        "people": [{"name": name, "aliases": aliases} for name, aliases in people.items() if name in spoken or aliases],
    }


@dataclass(frozen=True)
class ReviewedCounts:
    """How much of a set of articles reviewers looked at."""

    articles: int = 0  # articles with a touched quote
    quotes: int = 0  # quotes (extracted and added) in those articles
    touched: int = 0  # of which a reviewer touched
    added: int = 0
    rejected: int = 0

    def plus(self, reviewed: ReviewedArticle) -> ReviewedCounts:
        quotes = reviewed.quotes
        return ReviewedCounts(
            self.articles + 1,
            self.quotes + len(quotes),
            self.touched + sum(r.touched for r in quotes),
            self.added + sum(bool(r.review and r.review.added) for r in quotes),
            self.rejected + sum(_rejected(r) for r in quotes),
        )

    def describe(self) -> str:
        article = "article" if self.articles == 1 else "articles"
        return (
            f"reviewed: {self.articles} {article}, {self.touched} of {self.quotes} quotes touched by a reviewer "
            f"({self.added} added, {self.rejected} rejected); quotes nobody touched count as the extractor gave them"
        )
