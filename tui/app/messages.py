"""Messages that carry work results and user choices up to the app.

Workers only ever post these: every widget is changed on the UI thread by their handlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.app.render import Subject
from tui.core.models import Analysis

if TYPE_CHECKING:
    from tui.core.review.store import ReviewedArticle


class AnalysisStarted(Message):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class AnalysisReady(Message):
    def __init__(self, index: int, analysis: Analysis, reviewed: ReviewedArticle | None = None) -> None:
        super().__init__()
        self.index = index
        self.analysis = analysis
        self.reviewed = reviewed  # its reviews, read in the same worker; None without a store


class CachedAnalysesReady(Message):
    """Analyses read from the cache, several at once: a corpus reopens in one repaint, not hundreds."""

    def __init__(self, items: list[tuple[int, Analysis, ReviewedArticle | None]]) -> None:
        super().__init__()
        self.items = items  # (article index, analysis, its reviews)


class AnalysisFailed(Message):
    def __init__(self, index: int, message: str) -> None:
        super().__init__()
        self.index = index
        self.message = message


class ModelMissing(Message):
    """No spaCy model: texts stay readable, nothing gets analysed."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class AnalysisWarning(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class SubjectChosen(Message):
    """A speaker or entity was chosen in a list; ``quote`` is set when a quote was picked."""

    def __init__(self, subject: Subject | None, quote: str | None = None) -> None:
        super().__init__()
        self.subject = subject
        self.quote = quote


class ArticleChosen(Message):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class ReviewRequested(Message):
    """A review key was pressed on a quote of the quote list: ``what`` is correct, wrong,
    speaker, kind, comment or extent."""

    def __init__(self, what: str, quote_id: str | None) -> None:
        super().__init__()
        self.what = what
        self.quote_id = quote_id


class ReviewsLoaded(Message):
    """The store's reviews of article ``index`` (after a read, or after a write committed)."""

    def __init__(self, index: int, reviewed: ReviewedArticle, saved: str = "", wrote: bool = False) -> None:
        super().__init__()
        self.index = index
        self.reviewed = reviewed
        self.saved = saved  # what was just saved, for the user; "" after a plain read
        self.wrote = wrote  # the answer to a write


class ReviewFailed(Message):
    """A review could not be saved or read; nothing on screen changed as if it had been."""

    def __init__(self, message: str, wrote: bool = False) -> None:
        super().__init__()
        self.message = message
        self.wrote = wrote  # the answer to a write


class AnalysisProgress(Message):
    """Background analysis of a corpus: ``done`` of ``total`` articles analysed so far."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total
