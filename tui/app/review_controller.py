"""The session's review store: opened once off the UI thread, read and written from workers.

Every method that touches SQLite blocks (another process may hold the store) and is called
from a thread worker; the callers post what came back as messages. Writes queue here and
commit in the order the reviewer made them. The store module (and sqlite3) is imported only
when the store is opened, after the first frame.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from typing import TYPE_CHECKING

from tui.core.models import Analysis, Article, Quote

if TYPE_CHECKING:
    from tui.core.review.store import AddQuote, Change, ReviewedArticle, ReviewStore


def open_review_store(data_dir: str | os.PathLike[str] | None, reviewer: str | None) -> tuple[ReviewStore | None, str]:
    """The review store of ``data_dir`` (default: the user's data dir), and a notice for the user.

    The notice is "" for a writable store, says why for a read-only one, and a damaged
    store gives no store at all: the app runs without reviews, saying so.
    """
    from tui.core.paths import review_db
    from tui.core.review.store import ReviewStore, StoreError

    try:
        store = ReviewStore.open(review_db(data_dir), reviewer=reviewer)
    except StoreError as exc:
        return None, f"Reviews unavailable: {exc}"
    except OSError as exc:  # e.g. a data dir path that is a file
        return None, f"Reviews unavailable: cannot open the review store: {exc.strerror or exc}"
    if not store.writable:
        return store, f"Read-only reviews: {store.message or 'the review store cannot be written'}"
    return store, ""


def describe_change(change: Change | AddQuote) -> str:
    """What the notification says once a change is saved."""
    from tui.core.review.store import AddQuote, SetComment, SetExtent, SetKind, SetSpeaker, SetVerdict

    match change:
        case AddQuote(kind=kind, speaker=name):
            return f"Added a {kind} quote by {name}"
        case SetVerdict(None):
            return "Verdict cleared"
        case SetVerdict(verdict):
            return f"Marked {verdict}"
        case SetSpeaker(name, _):
            return f"Speaker set to {name}"
        case SetKind(kind):
            return f"Kind set to {kind}"
        case SetExtent(start, end):
            return f"Extent set ({end - start} characters)"
        case SetComment(""):
            return "Comment removed"
        case SetComment(_):
            return "Comment saved"
    return "Saved"


class ReviewError(Exception):
    """A review could not be read or saved; the message says so for the user."""


class ReviewController:
    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        reviewer: str | None = None,
        store: ReviewStore | None = None,
    ) -> None:
        self.store = store
        self.notice = ""  # why reviews are read-only or unavailable; "" when all is well
        self.ready = threading.Event()  # set once the store is open (or known to be unavailable)
        self.saving = 0  # changes queued or being written
        self._args = (data_dir, reviewer)
        self._writes: deque[tuple[Article, Analysis, Quote | None, Change | AddQuote]] = deque()
        self._write_lock = threading.Lock()
        if store is not None:
            self.notice = f"Read-only reviews: {store.message}" if not store.writable else ""
            self.ready.set()

    @property
    def status(self) -> str:
        """A word for the status line: "" while reviews can be saved."""
        if not self.notice:
            return ""
        return "read-only reviews" if self.store is not None else "no reviews"

    def open(self) -> bool:
        """Open the store once (blocking); True when this call opened it and has a notice to show."""
        if self.ready.is_set():
            return False
        self.store, self.notice = open_review_store(*self._args)
        self.ready.set()
        return bool(self.notice)

    def reviews_of(self, analysis: Analysis) -> ReviewedArticle | None:
        """The analysis's reviews; None without a store. Raises ReviewError."""
        from tui.core.review.store import StoreError

        if not self.ready.is_set() or self.store is None:
            return None
        try:
            return self.store.reviews_for(analysis)
        except StoreError as exc:
            raise ReviewError(f"Could not read reviews: {exc}") from exc

    def cannot_write(self) -> str:
        """Why a change cannot be saved now, or "" when it can."""
        if self.store is None:
            return self.notice or "Reviews are still loading; try again in a moment"
        if not self.store.writable:
            return f"Cannot save reviews: {self.store.message or 'the review store is read-only'}"
        return ""

    def queue(self, article: Article, analysis: Analysis, quote: Quote | None, change: Change | AddQuote) -> None:
        """Queue a change; ``write_next`` (in a worker, once per queued change) saves it."""
        self._writes.append((article, analysis, quote, change))
        self.saving += 1

    def write_next(self) -> tuple[ReviewedArticle, str]:
        """Save the oldest queued change: the article's reviews read back, and what was saved.

        Writers take turns, so changes commit in the order they were made. Raises ReviewError.
        """
        from tui.core.review.store import AddQuote, StoreError

        with self._write_lock:
            article, analysis, quote, change = self._writes.popleft()
            store = self.store
            assert store is not None
            try:
                if isinstance(change, AddQuote):
                    store.add_quote(article, change)
                else:
                    assert quote is not None
                    store.record(article, quote, change)
            except (StoreError, ValueError) as exc:
                raise ReviewError(f"Not saved: {exc}") from exc
            saved = describe_change(change)
            try:
                return store.reviews_for(analysis), saved
            except StoreError as exc:
                raise ReviewError(f"{saved}, but the reviews could not be read back: {exc}") from exc

    def speaker_links(self) -> dict[str, str]:
        """A reviewer's merges and splits of corpus rows; none while the store is not open yet.

        Raises ReviewError.
        """
        from tui.core.review.store import StoreError

        if not self.ready.is_set() or self.store is None:
            return {}
        try:
            return self.store.speaker_links()
        except StoreError as exc:
            raise ReviewError(f"Could not read merged speakers: {exc}") from exc

    def link_speaker(self, key: str, joins: str) -> dict[str, str]:
        """Save a merge or split (blocking: waits for the store to open); the links now stored.

        Raises ReviewError.
        """
        from tui.core.review.store import StoreError

        self.ready.wait()
        store = self.store
        try:
            if store is None:
                raise StoreError(self.notice or "there is no review store")
            store.link_speaker(key, joins)
            return store.speaker_links()
        except StoreError as exc:
            raise ReviewError(f"Not saved: {exc}") from exc
