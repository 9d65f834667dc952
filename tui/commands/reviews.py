"""The review store as the headless commands read it: read-only, a failure a CliError (exit 1)."""

from __future__ import annotations

import sys

from tui.core.models import Analysis
from tui.core.paths import review_db
from tui.core.review.store import ReviewedArticle, ReviewStore, StoreError
from tui.errors import CliError


def open_reviews(data_dir: str | None) -> ReviewStore:
    """The review store, read-only; a damaged one is a CliError (exit 1), a missing one is empty."""
    try:
        store = ReviewStore.open(review_db(data_dir), read_only=True)
    except StoreError as exc:
        raise CliError(str(exc), 1) from exc
    if store.message:  # reviews it cannot see (a write-ahead log it cannot read)
        print(f"newsview: warning: {store.message}", file=sys.stderr)
    return store


def reviews_of(store: ReviewStore, analysis: Analysis) -> ReviewedArticle:
    try:
        return store.reviews_for(analysis)
    except StoreError as exc:
        raise CliError(str(exc), 1) from exc


def speaker_links(store: ReviewStore) -> dict[str, str]:
    try:
        return store.speaker_links()
    except StoreError as exc:
        raise CliError(str(exc), 1) from exc
