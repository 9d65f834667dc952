"""The explorer: article text with entities marked, entity and quote lists, speakers lit up.

Start-up order matters: the text is mounted and painted first, and only then does a thread
worker look in the cache and, for what is not there, import spaCy. The worker posts
messages; every widget changes here, on the UI thread.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Protocol

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from tui.app import keys, render
from tui.app.commands import ArticleCommands, CorpusSpeakerCommands, SubjectCommands
from tui.app.messages import (
    AnalysisFailed,
    AnalysisProgress,
    AnalysisReady,
    CachedAnalysesReady,
    AnalysisStarted,
    AnalysisWarning,
    ArticleChosen,
    ModelMissing,
    ReviewFailed,
    ReviewRequested,
    ReviewsLoaded,
    SubjectChosen,
)
from tui.app.corpus_walk import CorpusWalk
from tui.app.render import Selection, Subject
from tui.app.screens.help import HelpScreen
from tui.app.screens.review import Choice, CommentScreen, PickerScreen, kind_choices, speaker_choices
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.lists import EntityList, QuoteList
from tui.core.corpus.summary import speaker_key
from tui.core.models import Analysis, Article, Quote
from tui.core.review.store import (
    Change,
    ReviewedArticle,
    ReviewStore,
    SetComment,
    SetKind,
    SetSpeaker,
    SetVerdict,
    StoreError,
)

PANES = ("articles", "text", "entities", "quotes")
SIDE_PANES = ("articles", "entities", "quotes")
PANE_TITLES = {"articles": "1 Articles", "text": "2 Text", "entities": "3 Entities", "quotes": "4 Quotes"}


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


def open_review_store(data_dir: str | os.PathLike[str] | None, reviewer: str | None) -> tuple[ReviewStore | None, str]:
    """The review store of ``data_dir`` (default: the user's data dir), and a notice for the user.

    The notice is "" for a writable store, says why for a read-only one, and a damaged
    store gives no store at all: the app runs without reviews, saying so.
    """
    from tui.core.paths import review_db

    try:
        store = ReviewStore.open(review_db(data_dir), reviewer=reviewer)
    except StoreError as exc:
        return None, f"Reviews unavailable: {exc}"
    except OSError as exc:  # e.g. a data dir path that is a file
        return None, f"Reviews unavailable: cannot open the review store: {exc.strerror or exc}"
    if not store.writable:
        return store, f"Read-only reviews: {store.message or 'the review store cannot be written'}"
    return store, ""


def with_reviews(analysis: Analysis, reviewed: ReviewedArticle | None) -> Analysis:
    """What the panes show: the analysis with reviewers' corrections and added quotes."""
    if reviewed is None:
        return analysis
    return replace(analysis, quotes=tuple(r.quote for r in reviewed.quotes))


def describe_change(change: Change) -> str:
    """What the notification says once a change is saved."""
    match change:
        case SetVerdict(None):
            return "Verdict cleared"
        case SetVerdict(verdict):
            return f"Marked {verdict}"
        case SetSpeaker(name, _):
            return f"Speaker set to {name}"
        case SetKind(kind):
            return f"Kind set to {kind}"
        case SetComment(""):
            return "Comment removed"
        case SetComment(_):
            return "Comment saved"
    return "Saved"


_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»"}
_SENTENCE_END = ".!?"
_CLOSING = "”\"’»"


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The quote to add for a match at ``start:end``: the words inside the quote marks around
    it in its paragraph, else the sentence holding it."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    for opening, closing in _QUOTE_PAIRS.items():
        if opening == closing:  # straight quotes: inside when an odd number precede
            if text.count(opening, para_start, start) % 2 == 0:
                continue
            left = text.rfind(opening, para_start, start)
        else:
            left = text.rfind(opening, para_start, start)
            if left < 0 or text.find(closing, left + 1, start) >= 0:
                continue
        right = text.find(closing, start, para_end)
        if left >= 0 and right >= end - 1 and right > left + 1:
            return _trimmed(text, left + 1, right) or (start, end)
    def ends_sentence(i: int) -> int | None:
        """Where a sentence ending with the mark at ``i`` stops (past closing quote marks)."""
        if text[i] not in _SENTENCE_END:
            return None
        j = i + 1
        while j < para_end and text[j] in _CLOSING:
            j += 1
        return j if j >= para_end or text[j].isspace() else None

    sentence_start = para_start
    for i in range(start - 1, para_start - 1, -1):
        stop = ends_sentence(i)
        if stop is not None and stop <= start:
            sentence_start = stop
            break
    sentence_end = para_end
    for i in range(max(end - 1, start), para_end):
        stop = ends_sentence(i)
        if stop is not None:
            sentence_end = stop
            break
    return _trimmed(text, sentence_start, sentence_end) or (start, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


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


# How often, at most, the corpus view is refilled while background analyses arrive; a
# refill that takes long spaces the next ones further (at most a quarter of the time busy),
# so keys stay answered while a large corpus is analysed with the view open.
CORPUS_REFRESH_S = 0.5
# Analyses read from the cache reach the screen in batches of this much reading time.
CACHED_BATCH_S = 0.1
CORPUS_BUSY_SHARE = 0.25
REVIEW_ACTIONS = ("correct", "wrong", "speaker", "kind", "comment")
# App actions that also work over another full screen (the corpus view): quitting, help,
# the palette, and moving focus with tab / shift+tab.
APP_WIDE_ACTIONS = ("quit", "help_quit", "help", "command_palette", "focus_next", "focus_previous")


def _position(spans: list[tuple[int, int]], current: tuple[int, int] | None, noun: str, plural: str = "") -> str:
    """"statement 2 of 5" while one is current, else "5 statements"."""
    if current in spans:
        return f"{noun} {spans.index(current) + 1} of {len(spans)}"
    return f"{len(spans)} {noun if len(spans) == 1 else plural or noun + 's'}"


class NewsviewApp(App[None], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "newsview"
    BINDINGS = keys.bindings("app")
    COMMANDS = App.COMMANDS | {SubjectCommands, ArticleCommands, CorpusSpeakerCommands}
    # Under 100 columns the side panes stack under the text, one at a time (1, 3, 4).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(
        self,
        articles: list[Article],
        problems: Iterable[tuple[str, str]] = (),
        model: str | None = None,
        analyzer_factory: Callable[[], AnalyzerLike] | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        reviewer: str | None = None,
        store: ReviewStore | None = None,
        processes: int | None = None,
    ) -> None:
        super().__init__()
        self.articles = list(articles)
        self.problems = list(problems)
        self.analyses: dict[int, Analysis] = {}  # as extracted
        self.reviews: dict[int, ReviewedArticle] = {}
        self.failures: dict[int, str] = {}
        self.current = 0
        self.selection = Selection()
        self.labels_on = False
        self.model_notice = ""
        self.store = store
        self.store_notice = ""
        self._store_args = (data_dir, reviewer)
        self._store_ready = threading.Event()
        if store is not None:
            self.store_notice = f"Read-only reviews: {store.message}" if not store.writable else ""
            self._store_ready.set()
        self._busy: int | None = None  # the article the worker is analysing
        self._progress: tuple[int, int] | None = None  # (done, total) of a background corpus run
        self._near = 0  # the article list's cursor: analysed next after the current article
        self._writes: deque[tuple[int, Quote | None, Change | tuple]] = deque()
        self._write_lock = threading.Lock()
        self._saving = 0
        self._corpus_due = False
        self._corpus_cost = 0.0  # seconds the last corpus view refill took
        self._walk: CorpusWalk | None = None  # a corpus speaker's articles, walked with ] and [
        self._warned = 0  # analyzer warnings already shown
        self._processes = processes if processes is not None else (os.cpu_count() or 1)
        self._analyzer_factory = analyzer_factory or default_analyzer(model)

    # Layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield ArticleView(id="text")
            with Vertical(id="side"):
                yield ArticleList(id="articles", classes="side")
                yield EntityList(id="entities", classes="side")
                yield QuoteList(id="quotes", classes="side -active")
        yield Input(placeholder="search the text (enter: find, esc: cancel)", id="search")
        yield Static(id="status")
        yield Footer()

    async def on_mount(self) -> None:
        for pane in PANES:
            self.query_one(f"#{pane}").border_title = PANE_TITLES[pane]
        articles = self.query_one(ArticleList)
        # A class, not .display: an inline display would beat the narrow layout's one-list rule.
        articles.set_class(len(self.articles) < 2 and not self.problems, "-single")
        articles.show(self.articles, self.problems)
        for source, message in self.problems[:3]:
            self.notify(f"Skipped {source}: {message}", severity="warning", markup=False)
        if len(self.problems) > 3:
            self.notify(f"Skipped {len(self.problems) - 3} more files: see the end of the article list", severity="warning", markup=False)
        self._open_cached(self.current)
        await self._show_current()
        self.query_one(ArticleView).focus()
        if self.store_notice:
            self._show_store_notice()
        # Only once the text is on screen does the worker start importing spaCy.
        self.call_after_refresh(self.set_timer, 0.15, self.analyse_in_background)

    def _open_cached(self, index: int) -> None:
        """The viewed article's cached analysis, read before the first paint (a few ms, no spaCy).

        A reopened article is then painted fully analysed; its reviews follow from the worker.
        """
        try:
            cached = self._analyzer_factory().cached(self.articles[index])
        except Exception:  # a missing model or broken cache is the worker's to report
            return
        if cached is not None:
            self.analyses[index] = cached

    @property
    def analysis(self) -> Analysis | None:
        """The viewed article's analysis as shown: reviewers' corrections applied."""
        return self.shown(self.current)

    def shown(self, index: int) -> Analysis | None:
        analysis = self.analyses.get(index)
        return with_reviews(analysis, self.reviews.get(index)) if analysis is not None else None

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def main_screen(self) -> Screen:
        return self.screen_stack[0]

    async def _show_current(self) -> None:
        self.selection = Selection()
        self._walk = None
        await self.view.show_article(self.articles[self.current])
        self._fill_panes()
        self.refresh_reviews(self.current, quiet=True)  # reopening an article sees others' verdicts

    def _fill_panes(self) -> None:
        analysis = self.analysis
        self.view.set_analysis(analysis, self.labels_on)
        self.query_one(EntityList).show(analysis)
        self._show_quotes()
        if analysis is not None and self.selection != Selection():
            self.view.set_selection(analysis, self.selection)
        self._update_status()

    def _show_quotes(self, current: str | None = None) -> None:
        self.query_one(QuoteList).show(self.analysis, self.selection.subject, current, self.reviews.get(self.current))

    def open_article(self, index: int) -> None:
        self._point_list_at(index)  # the palette and the corpus view open articles too
        if index != self.current:
            self.current = index
            self.call_later(self._show_current)

    # Background analysis ----------------------------------------------------------------

    def _open_store(self) -> ReviewStore | None:
        """The review store, opened once (from the analysis worker, off the UI thread)."""
        if not self._store_ready.is_set():
            store, notice = open_review_store(*self._store_args)
            self.store, self.store_notice = store, notice
            self._store_ready.set()
            if notice:
                self.call_from_thread(self._show_store_notice)
        return self.store

    def _show_store_notice(self) -> None:
        self.notify(self.store_notice, severity="warning", markup=False, timeout=10)
        self._update_status()

    def _reviews_of(self, store: ReviewStore | None, analysis: Analysis) -> ReviewedArticle | None:
        if store is None:
            return None
        try:
            return store.reviews_for(analysis)
        except StoreError as exc:
            self.post_message(ReviewFailed(f"Could not read reviews: {exc}"))
            return None

    def _next_pending(self, pending: set[int]) -> int:
        """The viewed article first, then the ones nearest the article list's cursor."""
        if self.current in pending:
            return self.current
        near = self._near
        return min(pending, key=lambda i: (abs(i - near), i))

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse_in_background(self) -> None:
        """Cached analyses first, then spaCy: the viewed article first, then those near the cursor."""
        from tui.core.extraction.pipeline import ModelNotFound

        worker = get_current_worker()
        store = self._open_store()
        try:
            analyzer = self._analyzer_factory()
        except ModelNotFound as exc:
            self.post_message(ModelMissing(str(exc)))
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
                # The viewed article may already be in hand from _open_cached: no second read.
                cached = self.analyses.get(index) or analyzer.cached(self.articles[index])
            except Exception as exc:  # a broken cache entry must not cost the article
                self.post_message(AnalysisWarning(f"analysis cache: {exc}"))
                cached = None
            if cached is None:
                pending.add(index)
                continue
            done += 1
            batch.append((index, cached, self._reviews_of(store, cached)))
            # The viewed article at once, the others a tenth of a second's worth at a time.
            if index == self.current or time.monotonic() - posted > CACHED_BATCH_S:
                self.post_message(CachedAnalysesReady(batch))
                batch, posted = [], time.monotonic()
        if batch:
            self.post_message(CachedAnalysesReady(batch))
        self._post_warnings(analyzer)
        if total > 1:
            self.post_message(AnalysisProgress(done, total))
        if len(pending) > 1 and self._processes > 1 and hasattr(analyzer, "model") and getattr(analyzer, "cache", None) is not None:
            self._analyse_in_processes(analyzer, store, pending, done, total)
        else:
            self._analyse_here(analyzer, store, pending, done, total)
        self._post_warnings(analyzer)

    def _post_warnings(self, analyzer: AnalyzerLike) -> None:
        """New cache warnings, each once (the cache keeps each message once)."""
        warnings = list(analyzer.warnings)
        for warning in warnings[self._warned :]:
            self.post_message(AnalysisWarning(warning))
        self._warned = len(warnings)

    def _analyse_here(self, analyzer: AnalyzerLike, store: ReviewStore | None, pending: set[int], done: int, total: int) -> None:
        from tui.core.extraction.pipeline import ModelNotFound

        worker = get_current_worker()
        while pending and not worker.is_cancelled:
            # The user may have moved to another article meanwhile: that one goes next.
            index = self._next_pending(pending)
            pending.discard(index)
            self.post_message(AnalysisStarted(index))
            try:
                result = analyzer.analyse(self.articles[index])
            except ModelNotFound as exc:
                self.post_message(ModelMissing(str(exc)))
                return
            except Exception as exc:  # one bad article never ends the session
                self.post_message(AnalysisFailed(index, f"{type(exc).__name__}: {exc}"))
                result = None
            done += 1
            self._post_warnings(analyzer)
            if result is None:
                if total > 1:
                    self.post_message(AnalysisProgress(done, total))
                continue
            self.post_message(AnalysisReady(index, result, self._reviews_of(store, result)))
            if total > 1:
                self.post_message(AnalysisProgress(done, total))

    def _analyse_in_processes(self, analyzer, store: ReviewStore | None, pending: set[int], done: int, total: int) -> None:
        """Every core parses: small slices go to a process pool, chosen by priority as slots free up.

        The pool is started with "spawn": forking this process, which runs Textual's
        threads, could copy a held lock into the children.
        """
        from tui.core.extraction import pipeline

        worker = get_current_worker()
        processes = min(self._processes, len(pending))
        in_flight: dict[int, tuple[list[int], object]] = {}
        self.post_message(AnalysisStarted(self.current if self.current in pending else -1))
        try:
            with _stderr_for_children():
                pool = pipeline.analysis_pool(analyzer.model, processes, start_method="spawn", quiet=True)
        except Exception as exc:
            self.post_message(AnalysisWarning(f"cannot start analysis processes ({exc}); analysing in one"))
            self._analyse_here(analyzer, store, pending, done, total)
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
                    in_flight[ticket] = (indexes, pool.apply_async(pipeline.analyse_slice, ([self.articles[i] for i in indexes],)))
                finished = [t for t, (_, result) in in_flight.items() if result.ready()]  # type: ignore[attr-defined]
                if not finished:
                    time.sleep(0.05)
                    continue
                for t in finished:
                    indexes, result = in_flight.pop(t)
                    try:
                        analyses = result.get()  # type: ignore[attr-defined]
                    except Exception as exc:  # the slice failed: retry its articles one by one here
                        for index in indexes:
                            self.post_message(AnalysisFailed(index, f"{type(exc).__name__}: {exc}"))
                        done += len(indexes)
                        self.post_message(AnalysisProgress(done, total))
                        continue
                    for index, analysis in zip(indexes, analyses):
                        if analyzer.cache is not None:
                            analyzer.cache.put(analysis)
                        done += 1
                        self.post_message(AnalysisReady(index, analysis, self._reviews_of(store, analysis)))
                    self.post_message(AnalysisProgress(done, total))
                    self._post_warnings(analyzer)
        finally:
            pool.terminate()

    def on_analysis_started(self, message: AnalysisStarted) -> None:
        self._busy = message.index
        if message.index >= 0:
            self.query_one(ArticleList).set_state(message.index, "analysing…")
        self._update_status()

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self._take_analyses([(message.index, message.analysis, message.reviewed)])

    def on_cached_analyses_ready(self, message: CachedAnalysesReady) -> None:
        self._take_analyses(message.items)

    def _take_analyses(self, items: list[tuple[int, Analysis, ReviewedArticle | None]]) -> None:
        for index, analysis, reviewed in items:
            self.analyses[index] = analysis
            if reviewed is not None:
                self.reviews[index] = reviewed
            if self._busy == index:
                self._busy = None
            self._show_article_state(index)
        if any(index == self.current for index, _, _ in items):
            self._fill_panes()
        else:
            self._update_status()
        self._corpus_changed()

    def _show_article_state(self, index: int) -> None:
        articles = self.query_one(ArticleList)
        analysis = self.shown(index)
        if analysis is None:
            return
        count = len(analysis.quotes)
        articles.set_state(index, f"{count} quote{'' if count == 1 else 's'}")
        reviewed = self.reviews.get(index)
        if reviewed is not None:
            articles.set_progress(index, reviewed.progress)

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self._progress = (message.done, message.total)
        if message.done >= message.total:
            self._busy = None
        self._update_status()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.failures[message.index] = message.message
        self._busy = None
        self.query_one(ArticleList).set_state(message.index, f"error: {message.message}")
        title = self.articles[message.index].title or self.articles[message.index].source
        self.notify(f"Could not analyse {title}: {message.message}", severity="error", markup=False, timeout=10)
        self._update_status()

    def on_model_missing(self, message: ModelMissing) -> None:
        self.model_notice = message.message
        self._busy = None
        articles = self.query_one(ArticleList)
        for index in range(len(self.articles)):
            if index not in self.analyses:
                articles.set_state(index, "not analysed (no model)")
        self._update_status()

    def on_analysis_warning(self, message: AnalysisWarning) -> None:
        self.notify(message.message, severity="warning", markup=False)

    def _update_status(self) -> None:
        parts: list = []
        analysis = self.analysis
        subject = self.selection.subject
        if self.model_notice and analysis is None:
            parts.append((self.model_notice, "$text-warning"))
        elif self.current in self.failures:
            parts.append((f"Analysis failed: {self.failures[self.current]}", "$text-error"))
        elif analysis is None:
            parts.append(("Analysing this article…", "dim"))
        elif subject is not None:
            said = render.statements(analysis, subject)
            noun = "statement" if said else "mention"
            spans = render.targets(analysis, subject)
            what = _position(spans, self.selection.current, noun) + ("" if said else " (no statements)")
            parts += [(subject.name, "bold"), f": {what}"]
            walk = self._walk
            if walk is not None:
                place = f"article {walk.position(analysis.article.source)} of {len(walk.articles)}"
                parts.append((f" · {place} {'naming' if walk.entity else 'quoting'} them", "$text-primary"))
            parts.append(" · ] next  [ previous  esc clear")
        elif self.selection.search:
            found = render.search_matches(analysis.article.text, self.selection.search)
            where = _position(found, self.selection.current, "match", "matches")
            parts += [(self.selection.search, "bold"), f": {where} · n next  N previous  esc clear"]
        else:
            quotes = render.targets(analysis, None)
            if self.selection.current in quotes:  # walking every quote with ] and [
                parts.append((f"{_position(quotes, self.selection.current, 'quote')} · ", "bold"))
            parts.append((f"{len(render.shown_entities(analysis))} entities · {len(analysis.quotes)} quotes · {analysis.model}", "dim"))
            reviewed = self.reviews.get(self.current)
            if reviewed is not None and reviewed.progress[1]:
                done, total = reviewed.progress
                parts.append((f" · {done}/{total} reviewed", "dim"))
        if self._saving:
            parts.append(("   saving…", "dim"))
        if self.store_notice:
            parts.append(("   read-only reviews" if self.store is not None else "   no reviews", "$text-warning"))
        if self._progress is not None and self._progress[0] < self._progress[1] and not self.model_notice:
            done, total = self._progress
            parts.append((f"   analysed {done}/{total}", "dim"))
        # One row high: a new status never needs a layout of the screen.
        self.query_one("#status", Static).update(Content.assemble(*parts), layout=False)

    # Reviews ----------------------------------------------------------------------------

    @work(thread=True, group="reviews", exit_on_error=False)
    def refresh_reviews(self, index: int, quiet: bool = False) -> None:
        """Read article ``index``'s reviews again: other reviewers' verdicts show up."""
        analysis = self.analyses.get(index)
        if analysis is None or not self._store_ready.is_set() or self.store is None:
            return
        reviewed = self._reviews_of(self.store, analysis)
        if reviewed is not None:
            self.post_message(ReviewsLoaded(index, reviewed, "" if quiet else "Reviews reloaded"))

    def action_refresh_reviews(self) -> None:
        if self.store is None:
            self.notify(self.store_notice or "Reviews are still loading", markup=False)
        elif self.current not in self.analyses:
            self.notify("Still analysing this article", markup=False)
        else:
            self.refresh_reviews(self.current)

    def on_reviews_loaded(self, message: ReviewsLoaded) -> None:
        index = message.index
        if message.wrote:
            self._saving -= 1
            self._update_status()
        if index not in self.analyses:
            return
        old = self.reviews.get(index)
        self.reviews[index] = message.reviewed
        self._show_article_state(index)
        if index == self.current and (old is None or old != message.reviewed):
            self._refill_after_review()
        if message.saved:
            self.notify(message.saved, markup=False, timeout=3)
        self._corpus_changed()

    def _refill_after_review(self) -> None:
        """Show new reviews without losing the user's place in the quote list."""
        analysis = self.analysis
        if analysis is None:
            return
        quotes = self.query_one(QuoteList)
        keep = quotes.highlighted_quote.id if quotes.highlighted_quote else None
        subject = self.selection.subject
        if subject is not None and not render.statements(analysis, subject):
            subject = None  # the subject's last statement went to another speaker
            self.selection = replace(self.selection, subject=None)
        self.query_one(EntityList).show(analysis)
        quotes.show(analysis, subject, keep, self.reviews.get(self.current), keep_place=True)
        self.view.set_selection(analysis, self.selection)
        self._update_status()

    def on_review_failed(self, message: ReviewFailed) -> None:
        if message.wrote:
            self._saving -= 1
            self._update_status()
        self.notify(message.message, severity="error", markup=False, timeout=10)

    def _can_write(self) -> bool:
        if self.store is None:
            self.notify(self.store_notice or "Reviews are still loading; try again in a moment", severity="warning", markup=False)
            return False
        if not self.store.writable:
            self.notify(f"Cannot save reviews: {self.store.message or 'the review store is read-only'}", severity="warning", markup=False, timeout=8)
            return False
        return True

    def on_review_requested(self, message: ReviewRequested) -> None:
        quotes = self.query_one(QuoteList)
        if message.quote_id is None:
            self.notify("No quote to review here" if self.analysis else "Still analysing this article", markup=False)
            return
        reviewed = quotes.review_of(message.quote_id)
        quote = reviewed.quote if reviewed else next((q for q in self.analysis.quotes if q.id == message.quote_id), None) if self.analysis else None
        if quote is None:
            return
        if reviewed is not None and reviewed.orphaned and not reviewed.located:
            self.notify("This review's quote is no longer in the article: it can be read, not changed", markup=False)
            return
        if not self._can_write():
            return
        index = self.current
        match message.what:
            case "correct" | "wrong":
                verdict = message.what
                review = reviewed.review if reviewed else None
                # Pressing the key of the verdict a quote already has takes the verdict back.
                self._save(index, quote, SetVerdict(None if review and review.verdict == verdict else verdict))  # type: ignore[arg-type]
            case "speaker":
                analysis = self.analysis
                current = quote.speaker.name if quote.speaker else None

                def chosen(choice: Choice | None) -> None:
                    if choice is not None and choice.value != current:
                        self._save(index, quote, SetSpeaker(choice.value, choice.entity))

                choices = speaker_choices(analysis) if analysis else []
                self.push_screen(
                    PickerScreen("Who said this?", quote.text, choices, current, allow_new=True,
                                 filter_placeholder="type to filter, or a new speaker's name; enter: choose"),
                    chosen,
                )
            case "kind":

                def kind_chosen(choice: Choice | None) -> None:
                    if choice is not None and choice.value != quote.kind:
                        self._save(index, quote, SetKind(choice.value))  # type: ignore[arg-type]

                self.push_screen(PickerScreen("Kind of statement", quote.text, kind_choices(), quote.kind), kind_chosen)
            case "comment":
                old = reviewed.review.comment if reviewed and reviewed.review else ""

                def commented(text: str | None) -> None:
                    if text is not None and text != old:
                        self._save(index, quote, SetComment(text))

                self.push_screen(CommentScreen(quote.text, old), commented)

    def action_add_quote(self) -> None:
        """Add a quote the extractor missed: the quote or sentence at the current match or statement."""
        analysis = self.analysis
        if analysis is None:
            self.notify("Still analysing this article", markup=False)
            return
        if self.selection.current is None:
            self.notify("First find the words with / (or move to a statement with ]), then press A", markup=False)
            return
        if not self._can_write():
            return
        start, end = quote_span(analysis.article.text, *self.selection.current)
        if any((q.start, q.end) == (start, end) for q in analysis.quotes):
            self.notify("That quote is already listed: review it in the quote list (4)", markup=False)
            return
        text = analysis.article.text[start:end]
        index = self.current

        def speaker_chosen(choice: Choice | None) -> None:
            if choice is None:
                return

            def kind_chosen(kind: Choice | None) -> None:
                if kind is not None:
                    self._save(index, None, ("add", start, end, kind.value, choice.value, choice.entity))

            self.push_screen(PickerScreen("Kind of statement", text, kind_choices(), "direct"), kind_chosen)

        self.push_screen(
            PickerScreen("Add a quote: who said it?", text, speaker_choices(analysis), allow_new=True,
                         filter_placeholder="type to filter, or a new speaker's name; enter: choose"),
            speaker_chosen,
        )

    def _save(self, index: int, quote: Quote | None, change: Change | tuple) -> None:
        self._writes.append((index, quote, change))
        self._saving += 1
        self._update_status()
        self.write_review()

    @work(thread=True, group="review-writes", exit_on_error=False)
    def write_review(self) -> None:
        """Save the oldest queued change. Writers take turns, so changes commit in key order."""
        with self._write_lock:
            index, quote, change = self._writes.popleft()
            store = self.store
            article = self.articles[index]
            try:
                assert store is not None
                if isinstance(change, tuple):
                    _, start, end, kind, name, entity = change
                    store.add_quote(article, start, end, kind, name, entity)
                    saved = f"Added a {kind} quote by {name}"
                else:
                    assert quote is not None
                    store.record(article, quote, change)
                    saved = describe_change(change)
            except (StoreError, ValueError) as exc:
                self.post_message(ReviewFailed(f"Not saved: {exc}", wrote=True))
                return
            try:
                reviewed = store.reviews_for(self.analyses[index])
            except StoreError as exc:
                self.post_message(ReviewFailed(f"{saved}, but the reviews could not be read back: {exc}", wrote=True))
                return
            self.post_message(ReviewsLoaded(index, reviewed, saved, wrote=True))

    # Choosing ---------------------------------------------------------------------------

    def on_article_chosen(self, message: ArticleChosen) -> None:
        self.open_article(message.index)
        self.action_focus_pane("text")

    def on_subject_chosen(self, message: SubjectChosen) -> None:
        if message.subject is None and message.quote is None:
            return
        self.choose_subject(message.subject, message.quote)

    def choose_subject(self, subject: Subject | None, quote_id: str | None = None) -> None:
        """Light up a speaker's statements (an entity's mentions), filter the quotes, go to the first."""
        analysis = self.analysis
        if analysis is None:
            return
        spans = render.targets(analysis, subject) if subject else []
        quote = next((q for q in analysis.quotes if q.id == quote_id), None)
        current = (quote.start, quote.end) if quote else (spans[0] if spans else None)
        rebuild = subject != self.selection.subject
        self._walk = None  # a corpus walk goes on only while its speaker stays chosen
        self.selection = replace(self.selection, subject=subject, current=current)
        self.view.set_selection(analysis, self.selection)
        if current is not None:
            self.view.scroll_to_offset(current[0])
        self._update_status()
        highlight = quote_id or self._quote_at(current)
        if rebuild:
            # Rebuilding the quote list costs a layout of the screen: the text repaints in
            # this frame, the filtered list in the next.
            self.call_after_refresh(self._filter_quotes, self.current, subject, highlight)
        else:
            self.query_one(QuoteList).highlight_quote(highlight)

    def _filter_quotes(self, index: int, subject: Subject | None, highlight: str | None) -> None:
        analysis = self.analysis
        if index != self.current or analysis is None or subject != self.selection.subject:
            return  # another article or choice came first; it filters the list itself
        quotes = self.query_one(QuoteList)
        quotes.show(analysis, subject)
        quotes.highlight_quote(highlight)

    def _quote_at(self, span: tuple[int, int] | None) -> str | None:
        quote = self._quote_for(span)
        return quote.id if quote else None

    def _quote_for(self, span: tuple[int, int] | None) -> Quote | None:
        if span is None or self.analysis is None:
            return None
        return next((q for q in self.analysis.quotes if (q.start, q.end) == span), None)

    def _move_to(self, spans: list[tuple[int, int]], step: int) -> None:
        analysis = self.analysis
        if analysis is None or not spans:
            self.notify("Nothing to move to" if analysis else "Still analysing this article", markup=False)
            return
        current = self.selection.current
        if current in spans:
            index = (spans.index(current) + step) % len(spans)
        elif current is not None:
            starts = [s for s, _ in spans]
            index = bisect_right(starts, current[0]) % len(spans) if step > 0 else (bisect_left(starts, current[0]) - 1) % len(spans)
        else:
            index = 0 if step > 0 else len(spans) - 1
        target = spans[index]
        self.selection = replace(self.selection, current=target)
        self.view.set_selection(analysis, self.selection)
        self.view.scroll_to_offset(target[0])
        self.query_one(QuoteList).highlight_quote(self._quote_at(target))
        self._update_status()

    # Actions ----------------------------------------------------------------------------

    async def action_walk(self, step: int) -> None:
        analysis = self.analysis
        spans = render.targets(analysis, self.selection.subject) if analysis is not None else []
        current = self.selection.current
        at_end = bool(spans) and current == (spans[-1] if step > 0 else spans[0])
        if at_end and await self._walk_corpus(step):
            return
        if at_end and self._walk is not None:  # no article further that way: say so, then wrap here
            which = "last" if step > 0 else "first"
            self.notify(f"The {which} article {'naming' if self._walk.entity else 'quoting'} {self._walk.name}: back to the other end of this one", markup=False)
        self._move_to(spans, step)

    def action_search_next(self) -> None:
        self._walk_search(1)

    def action_search_previous(self) -> None:
        self._walk_search(-1)

    def _walk_search(self, step: int) -> None:
        if not self.selection.search:
            self.action_search()
            return
        text = self.articles[self.current].text
        self._move_to(render.search_matches(text, self.selection.search), step)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.view.focus()
        query = event.value.strip()
        analysis = self.analysis
        self.selection = replace(self.selection, search=query, current=None)
        matches = render.search_matches(self.articles[self.current].text, query)
        if analysis is not None:
            self.view.set_selection(analysis, self.selection)
        if query and not matches:
            self.notify(f"No match for {query}", markup=False)
        elif matches and analysis is not None:
            self._move_to(matches, 1)
        self._update_status()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.display = False
            self.view.focus()
            return
        self.selection = Selection()
        self._walk = None
        if self.analysis is not None:
            self.view.set_selection(self.analysis, self.selection)
            self.query_one(QuoteList).show(self.analysis, None)
        self._update_status()

    def action_copy_quote(self) -> None:
        quotes = self.query_one(QuoteList)
        quote = quotes.highlighted_quote if self.focused is quotes else self._quote_for(self.selection.current)
        if quote is None:
            self.notify("Choose a quote first (4 for the quote list, ] to walk statements)", markup=False)
            return
        self.copy_to_clipboard(render.quote_clipboard_text(quote))
        self.notify(f"Copied a quote by {render.speaker_name(quote)}", markup=False)

    def action_toggle_labels(self) -> None:
        self.labels_on = not self.labels_on
        self.view.set_labels(self.labels_on)

    def action_help(self) -> None:
        from tui.app.screens.corpus import CorpusScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(corpus=isinstance(self.screen, CorpusScreen)))

    def action_focus_pane(self, name: str) -> None:
        if name == "articles" and self.query_one(ArticleList).has_class("-single"):
            self.notify("Only one article is open", markup=False)
            return
        self._activate_side(name)
        self.query_one(f"#{name}").focus()

    def _activate_side(self, name: str) -> None:
        if name in SIDE_PANES:
            for pane in SIDE_PANES:
                self.query_one(f"#{pane}").set_class(pane == name, "-active")

    def on_descendant_focus(self, event) -> None:
        widget: Widget = event.widget
        if widget.id in SIDE_PANES:
            self._activate_side(widget.id)

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        self._near = event.index  # the background analysis goes on near where the user looks

    # Corpus view ------------------------------------------------------------------------

    def corpus_analyses(self) -> list[Analysis]:
        """Every analysis so far, in article order, reviewers' corrections applied."""
        return [a for i in sorted(self.analyses) if (a := self.shown(i)) is not None]

    def action_corpus(self) -> None:
        from tui.app.screens.corpus import CorpusScreen

        if isinstance(self.screen, CorpusScreen):
            return
        if not self.analyses:
            self.notify("No article is analysed yet" if not self.model_notice else self.model_notice, markup=False)
            return
        # One corpus view per session, installed so that leaving it keeps its filter, tab,
        # sort and cursors for when the user comes back from an article.
        if not self.is_screen_installed("corpus"):
            self.install_screen(CorpusScreen(self.corpus_analyses(), self.speaker_links(), total=len(self.articles)), "corpus")
        else:
            # Other reviewers may have merged or split rows meanwhile, and the store may not
            # have been open yet the first time.
            self.get_screen("corpus").update_analyses(self.corpus_analyses(), self.speaker_links())
        self.push_screen("corpus")

    def speaker_links(self) -> dict[str, str]:
        """A reviewer's merges and splits of corpus rows; none while the store is not open yet."""
        if not self._store_ready.is_set() or self.store is None:
            return {}
        try:
            return self.store.speaker_links()
        except StoreError as exc:
            self.notify(f"Could not read merged speakers: {exc}", severity="error", markup=False)
            return {}

    def on_corpus_screen_link_speaker(self, message) -> None:
        self._link_speaker(message.key, message.joins, message.done)

    @work(thread=True, group="links", exit_on_error=False)
    def _link_speaker(self, key: str, joins: str, done: str) -> None:
        """Save a merge or split (off the UI thread: another process may hold the store)."""
        self._store_ready.wait()
        store = self.store
        try:
            if store is None:
                raise StoreError(self.store_notice or "there is no review store")
            store.link_speaker(key, joins)
            links = store.speaker_links()
        except StoreError as exc:
            self.call_from_thread(self.notify, f"Not saved: {exc}", severity="error", markup=False, timeout=10)
            return
        self.call_from_thread(self._links_saved, links, done)

    def _links_saved(self, links: dict[str, str], done: str) -> None:
        from tui.app.screens.corpus import CorpusScreen

        for screen in self.screen_stack:
            if isinstance(screen, CorpusScreen):
                screen.set_links(links)
        self.notify(f"{done} (saved)", markup=False)

    def _corpus_changed(self) -> None:
        """Refill an open corpus view with the analyses so far, at most every CORPUS_REFRESH_S."""
        from tui.app.screens.corpus import CorpusScreen

        if self._corpus_due or not any(isinstance(s, CorpusScreen) for s in self.screen_stack):
            return
        self._corpus_due = True
        self.set_timer(max(CORPUS_REFRESH_S, self._corpus_cost / CORPUS_BUSY_SHARE), self._refresh_corpus)

    def _refresh_corpus(self) -> None:
        from tui.app.screens.corpus import CorpusScreen

        self._corpus_due = False
        start = time.perf_counter()
        for screen in self.screen_stack:
            if isinstance(screen, CorpusScreen):
                screen.update_analyses(self.corpus_analyses())
        self._corpus_cost = time.perf_counter() - start

    async def on_corpus_screen_open_article(self, message) -> None:
        """Leave the corpus view for one article, with the chosen speaker's statements lit up."""
        from tui.app.screens.corpus import CorpusScreen

        while isinstance(self.screen, CorpusScreen):
            self.pop_screen()
        if not await self._open_source(message.source):
            return
        self._light(message.walk, message.source, first=True)
        # After the pop has given focus back to where it was before the corpus view.
        self.call_after_refresh(self.action_focus_pane, "quotes")

    async def _open_source(self, source: str) -> bool:
        """Show the article read from ``source``, with the article list's cursor on it."""
        index = next((i for i, a in enumerate(self.articles) if a.source == source), None)
        if index is None:
            self.notify(f"{source} is not open", markup=False)
            return False
        self._point_list_at(index)
        if index != self.current:
            self.current = index
            await self._show_current()
        return self.analysis is not None

    def _point_list_at(self, index: int) -> None:
        """The article list's cursor on the article shown (the list is hidden for one article)."""
        articles = self.query_one(ArticleList)
        if not articles.has_class("-single"):
            articles.highlighted = index

    def _light(self, walk: CorpusWalk, source: str, first: bool) -> None:
        """Light up the walk's speaker or entity in the article open now (from ``source``)."""
        if walk.entity:
            self._light_entity(walk, first)
        else:
            self._light_corpus_speaker(walk, source, first)

    def _light_entity(self, walk: CorpusWalk, first: bool) -> None:
        analysis = self.analysis
        key = speaker_key(walk.name)
        entity = next((e for e in render.shown_entities(analysis) if key in {speaker_key(n) for n in (e.name, *e.aliases)}), None) if analysis else None
        if analysis is None or entity is None:
            self.notify(f"{walk.name} is not named here any more", markup=False)
            return
        subject = Subject(entity.name, entity.id)
        self.choose_subject(subject)
        if not first:  # walking back: their last mention here
            self._move_to(render.targets(analysis, subject), -1)
        self._walk = walk
        self._update_status()

    def _light_corpus_speaker(self, walk: CorpusWalk, source: str, first: bool) -> None:
        """Choose the speaker of a corpus row in the article open now (from ``source``).

        The quote ids, not the name, say which statements are theirs: the article may keep
        apart names the corpus row joins. The walk goes on so ``]`` can carry on to the
        next article quoting them.
        """
        analysis = self.analysis
        if analysis is None:
            return
        ids = set(walk.ids_in(source))
        theirs = [q for q in analysis.quotes if q.id in ids]
        if not theirs:
            self.notify(f"No statement of {walk.name} here any more", markup=False)
            return
        # The speaker's subject in this article: the one most of those quotes are under.
        subjects = [render.quote_subject(q) for q in theirs]
        subject = max(set(subjects), key=lambda s: (subjects.count(s), s is not None and s.entity is not None))
        self.choose_subject(subject, (theirs[0] if first else theirs[-1]).id)
        self._walk = walk
        self._update_status()
        lit = {q.id for q in render.statements(analysis, subject)} if subject else set()
        if lit != ids:
            self.notify(
                f"{len(ids)} statements of {walk.name} in the corpus view; {len(lit & ids)} under the name {subject.name if subject else '?'} here",
                markup=False,
            )

    async def _walk_corpus(self, step: int) -> bool:
        """``]`` past the last statement (``[`` before the first): the next article quoting them."""
        walk = self._walk
        source = self.articles[self.current].source
        following = walk.next_source(source, step) if walk else None
        if walk is None or following is None:
            return False
        if await self._open_source(following):
            self._light(walk, following, first=step > 0)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Main-screen actions do nothing while another full screen (the corpus view) shows.
        screen = self.screen
        if screen is not self.main_screen and not screen.is_modal and action not in APP_WIDE_ACTIONS:
            return False
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield command
        for key in keys.palette_keys():
            yield SystemCommand(key.help, f"key: {key.shown_as or key.keys}", lambda action=key.action: self.run_action(action))
