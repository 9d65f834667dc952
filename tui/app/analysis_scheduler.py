"""The background analysis: cached analyses first, then spaCy, the viewed article first.

It runs in a thread worker and only posts messages (``tui.app.messages``); the main screen
changes every widget on the UI thread. Which article goes next is asked again each time,
so the one the user moves to is analysed before the rest.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from textual.message import Message
from textual.worker import get_current_worker

from tui.app.messages import (
    AnalysisFailed,
    AnalysisProgress,
    AnalysisReady,
    AnalysisStarted,
    AnalysisWarning,
    CachedAnalysesReady,
    ModelMissing,
)
from tui.core.models import Analysis, Article

if TYPE_CHECKING:
    from tui.core.review.store import ReviewedArticle

# Analyses read from the cache reach the screen in batches of this much reading time.
CACHED_BATCH_S = 0.1


class AnalyzerLike(Protocol):
    def cached(self, article: Article) -> Analysis | None: ...
    def analyse(self, article: Article) -> Analysis: ...
    @property
    def warnings(self) -> list[str]: ...


def default_analyzer(model: str | None) -> Callable[[], AnalyzerLike]:
    def create() -> AnalyzerLike:
        from tui.core.analysis.analyzer import Analyzer

        return Analyzer.create(model)

    return create


def read_cached(factory: Callable[[], AnalyzerLike], article: Article) -> Analysis | None:
    """The article's cached analysis, read on the spot (a few ms, no spaCy); None on any failure.

    A missing model or a broken cache is the background run's to report.
    """
    try:
        return factory().cached(article)
    except Exception:
        return None


@contextmanager
def _stderr_for_children() -> Iterator[None]:
    """A real file as sys.stderr while worker processes start.

    Textual replaces sys.stderr with a capture whose fileno() is -1, and multiprocessing's
    resource tracker passes sys.stderr's fd to the process it spawns: "bad value(s) in
    fds_to_keep" (Textualize/textual#3593). /dev/null stands in, so nothing reaches the screen.
    """
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


class AnalysisScheduler:
    """Analyses every article once, posting each result with its reviews.

    ``focus()`` gives (the viewed article, the article list's cursor): the viewed article
    goes first, then the ones nearest the cursor. ``known`` holds analyses already in hand.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        analyzer_factory: Callable[[], AnalyzerLike],
        processes: int,
        post: Callable[[Message], object],
        focus: Callable[[], tuple[int, int]],
        reviews_of: Callable[[Analysis], ReviewedArticle | None],
        known: Mapping[int, Analysis],
    ) -> None:
        self.articles = articles
        self.analyzer_factory = analyzer_factory
        self.processes = processes
        self.post = post
        self.focus = focus
        self.reviews_of = reviews_of
        self.known = known
        self._warned = 0  # analyzer warnings already posted

    def _next_pending(self, pending: set[int]) -> int:
        """The viewed article first, then the ones nearest the article list's cursor."""
        current, near = self.focus()
        if current in pending:
            return current
        return min(pending, key=lambda i: (abs(i - near), i))

    def run(self) -> None:
        """Cached analyses first, then spaCy: the viewed article first, then those near the cursor."""
        from tui.core.extraction.pipeline import ModelNotFound

        worker = get_current_worker()
        try:
            analyzer = self.analyzer_factory()
        except ModelNotFound as exc:
            self.post(ModelMissing(str(exc)))
            return
        total = len(self.articles)
        unseen: set[int] = set(range(total))
        pending: set[int] = set()
        done = 0
        batch: list[tuple[int, Analysis, ReviewedArticle | None]] = []
        posted = time.monotonic()
        while unseen and not worker.is_cancelled:
            index = self._next_pending(unseen)
            unseen.discard(index)
            try:
                # The viewed article may already be in hand (read before the first paint).
                cached = self.known.get(index) or analyzer.cached(self.articles[index])
            except Exception as exc:  # a broken cache entry must not cost the article
                self.post(AnalysisWarning(f"analysis cache: {exc}"))
                cached = None
            if cached is None:
                pending.add(index)
                continue
            done += 1
            batch.append((index, cached, self.reviews_of(cached)))
            # The viewed article at once, the others a tenth of a second's worth at a time.
            if index == self.focus()[0] or time.monotonic() - posted > CACHED_BATCH_S:
                self.post(CachedAnalysesReady(batch))
                batch, posted = [], time.monotonic()
        if batch:
            self.post(CachedAnalysesReady(batch))
        self._post_warnings(analyzer)
        if total > 1:
            self.post(AnalysisProgress(done, total))
        # spaCy runs in processes even for one article: a thread cannot be stopped, a process can,
        # so quitting ends a long parse at once instead of leaving it running after the screen closed.
        in_processes = hasattr(analyzer, "model") and getattr(analyzer, "cache", None) is not None
        if pending and in_processes:
            self._analyse_in_processes(analyzer, pending, done, total)
        else:
            self._analyse_here(analyzer, pending, done, total)
        self._post_warnings(analyzer)

    def _post_warnings(self, analyzer: AnalyzerLike) -> None:
        """New cache warnings, each once (the cache keeps each message once)."""
        warnings = list(analyzer.warnings)
        for warning in warnings[self._warned :]:
            self.post(AnalysisWarning(warning))
        self._warned = len(warnings)

    def _analyse_here(self, analyzer: AnalyzerLike, pending: set[int], done: int, total: int) -> None:
        from tui.core.extraction.pipeline import ModelNotFound

        worker = get_current_worker()
        while pending and not worker.is_cancelled:
            # The user may have moved to another article meanwhile: that one goes next.
            index = self._next_pending(pending)
            pending.discard(index)
            self.post(AnalysisStarted(index))
            try:
                result = analyzer.analyse(self.articles[index])
            except ModelNotFound as exc:
                self.post(ModelMissing(str(exc)))
                return
            except Exception as exc:  # one bad article never ends the session
                self.post(AnalysisFailed(index, f"{type(exc).__name__}: {exc}"))
                result = None
            done += 1
            self._post_warnings(analyzer)
            if result is not None:
                self.post(AnalysisReady(index, result, self.reviews_of(result)))
            if total > 1:
                self.post(AnalysisProgress(done, total))

    def _analyse_in_processes(self, analyzer, pending: set[int], done: int, total: int) -> None:
        """Every core parses: small slices go to a process pool, chosen by priority as slots free up.

        The pool is started with "spawn": forking this process, which runs Textual's
        threads, could copy a held lock into the children.
        """
        from tui.core.extraction import pipeline

        worker = get_current_worker()
        processes = min(self.processes, len(pending))
        in_flight: dict[int, tuple[list[int], object]] = {}
        current = self.focus()[0]
        self.post(AnalysisStarted(current if current in pending else -1))
        try:
            with _stderr_for_children():
                pool = pipeline.analysis_pool(analyzer.model, processes, start_method="spawn", quiet=True)
        except Exception as exc:
            self.post(AnalysisWarning(f"cannot start analysis processes ({exc}); analysing in one"))
            self._analyse_here(analyzer, pending, done, total)
            return
        try:
            ticket = 0
            while (pending or in_flight) and not worker.is_cancelled:
                # One article per process and nothing queued behind it: an article takes a
                # second or more to parse, so the one the user opens next waits at most for
                # the articles already being parsed, never for a queue.
                while pending and len(in_flight) < processes:
                    first = self._next_pending(pending)
                    pending.discard(first)
                    indexes = [first]
                    ticket += 1
                    work = pool.apply_async(pipeline.analyse_slice, ([self.articles[i] for i in indexes],))
                    in_flight[ticket] = (indexes, work)
                finished = [t for t, (_, result) in in_flight.items() if result.ready()]  # type: ignore[attr-defined]
                if not finished:
                    time.sleep(0.05)
                    continue
                for t in finished:
                    indexes, result = in_flight.pop(t)
                    try:
                        analyses = result.get()  # type: ignore[attr-defined]
                    except Exception as exc:  # the slice failed: say so for each of its articles
                        for index in indexes:
                            self.post(AnalysisFailed(index, f"{type(exc).__name__}: {exc}"))
                        done += len(indexes)
                        self.post(AnalysisProgress(done, total))
                        continue
                    for index, analysis in zip(indexes, analyses, strict=True):
                        if analyzer.cache is not None:
                            analyzer.cache.put(analysis)
                        done += 1
                        self.post(AnalysisReady(index, analysis, self.reviews_of(analysis)))
                    self.post(AnalysisProgress(done, total))
                    self._post_warnings(analyzer)
        finally:
            pool.terminate()
