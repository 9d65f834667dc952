"""The application: what every screen shares, and the screens it switches between.

The app holds the session's articles, their analyses and reviews, and the review store; the
main screen (``screens/main.py``) shows one article and runs the background analysis; the
corpus view (``screens/corpus.py``) is installed the first time it is asked for.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.app import keys
from tui.app.analysis_scheduler import AnalyzerLike, default_analyzer, read_cached
from tui.app.review_controller import ReviewController, ReviewError
from tui.app.screens.main import MainScreen
from tui.app.settings import remember_theme
from tui.core.ingest.sources import LazyArticles
from tui.core.models import Analysis, Article
from tui.core.review.applied import as_reviewed, reviews_applied
from tui.core.untrusted import safe_text

if TYPE_CHECKING:
    from tui.app.screens.corpus import CorpusScreen
    from tui.core.review.store import ReviewedArticle, ReviewStore

# How often, at most, the corpus view is refilled while background analyses arrive; a
# refill that takes long spaces the next ones further (at most a quarter of the time busy),
# so keys stay answered while a large corpus is analysed with the view open.
CORPUS_REFRESH_S = 0.5
CORPUS_BUSY_SHARE = 0.25


def _palette():
    from tui.app import commands

    return commands


class NewsviewApp(App[None], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "newsview"
    BINDINGS = keys.bindings("app")
    # The palette's providers are imported when the palette first opens, not before the first frame.
    COMMANDS = App.COMMANDS | {
        lambda: _palette().SubjectCommands,
        lambda: _palette().ArticleCommands,
        lambda: _palette().CorpusSpeakerCommands,
    }
    # Under 100 columns the side panes stack under the text, one at a time (1, 3, 4).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(
        self,
        articles: Sequence[Article],
        problems: Iterable[tuple[str, str]] = (),
        model: str | None = None,
        analyzer_factory: Callable[[], AnalyzerLike] | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        reviewer: str | None = None,
        store: ReviewStore | None = None,
        processes: int | None = None,
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.config_path = config_path  # where a theme picked in the palette is saved
        # A directory's files are read when first needed (LazyArticles): not all of them here.
        self.articles = articles if isinstance(articles, LazyArticles) else list(articles)
        self.problems = list(problems)
        self.analyses: dict[int, Analysis] = {}  # as extracted
        self.reviews: dict[int, ReviewedArticle] = {}
        self.failures: dict[int, str] = {}
        self.model_notice = ""  # no spaCy model: why nothing gets analysed
        self.reviewing = ReviewController(data_dir, reviewer, store)
        self.analyzer_factory = analyzer_factory or default_analyzer(model)
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self.main_screen = MainScreen()
        self._corpus_due = False
        self._corpus_cost = 0.0  # seconds the last corpus view refill took

    def on_mount(self) -> None:
        if self.config_path is not None:
            remember_theme(self, self.config_path)

    def on_ready(self) -> None:
        """The first frame is on screen: collection resumes if ``launch`` held it off.

        What startup built (modules, classes, the main screen) lives as long as the app, so
        it is frozen out of the collector's walks instead of being walked on every full one.
        """
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def get_default_screen(self) -> Screen:
        return self.main_screen

    def read_cached(self, index: int) -> None:
        """Article ``index``'s cached analysis, read before the first paint: a reopened
        article is painted fully analysed; its reviews follow from the worker."""
        cached = read_cached(self.analyzer_factory, self.articles[index])
        if cached is not None:
            self.analyses[index] = cached

    def shown(self, index: int) -> Analysis | None:
        """Article ``index``'s analysis as the panes show it, reviewers' corrections applied."""
        analysis = self.analyses.get(index)
        return as_reviewed(analysis, self.reviews.get(index)) if analysis is not None else None

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup=False) -> None:
        """Every toast as plain text without controls, whoever raised it: messages quote file
        names, other reviewers' words and error text (see docs/security.md)."""
        super().notify(safe_text(message), title=safe_text(title), severity=severity, timeout=timeout, markup=False)

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(corpus=self._corpus_shown()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield command
        for key in keys.palette_keys():
            if key.scope == "app" or screen is self.main_screen:
                target = self if key.scope == "app" else self.main_screen
                run = lambda action=key.action, target=target: self.run_action(action, target)  # noqa: E731
                yield SystemCommand(key.help, f"key: {key.shown_as or key.keys}", run)

    # Corpus view ------------------------------------------------------------------------

    def _corpus_screens(self) -> list[CorpusScreen]:
        """The corpus view if it is on the screen stack: [] or [it]. It is installed as
        "corpus" the first time it is asked for, so until then its module is not imported
        (each batch of cached analyses asks)."""
        if not self.is_screen_installed("corpus"):
            return []
        corpus = self.get_screen("corpus")
        return [corpus] if corpus in self.screen_stack else []  # type: ignore[list-item]

    def _corpus_shown(self) -> bool:
        corpus = self._corpus_screens()
        return bool(corpus) and self.screen is corpus[-1]

    def corpus_analyses(self) -> list[Analysis]:
        """Every analysis so far, in article order, counted as ``export --speakers`` counts them."""
        return [
            reviews_applied(reviewed) if (reviewed := self.reviews.get(i)) is not None else analysis
            for i, analysis in sorted(self.analyses.items())
        ]

    def action_corpus(self) -> None:
        from tui.app.screens.corpus import CorpusScreen

        if self._corpus_shown():
            return
        if not self.analyses:
            self.notify(self.model_notice or "No article is analysed yet", markup=False)
            return
        # One corpus view per session, installed so that leaving it keeps its filter, tab,
        # sort and cursors for when the user comes back from an article.
        if not self.is_screen_installed("corpus"):
            corpus = CorpusScreen(self.corpus_analyses(), self.speaker_links(), total=len(self.articles))
            self.install_screen(corpus, "corpus")
        else:
            # Other reviewers may have merged or split rows meanwhile, and the store may not
            # have been open yet the first time.
            self.get_screen("corpus").update_analyses(self.corpus_analyses(), self.speaker_links())
        self.push_screen("corpus")

    def speaker_links(self) -> dict[str, str]:
        """A reviewer's merges and splits of corpus rows; none while the store is not open yet."""
        try:
            return self.reviewing.speaker_links()
        except ReviewError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return {}

    def on_corpus_screen_link_speaker(self, message) -> None:
        self._link_speaker(message.key, message.joins, message.done)

    @work(thread=True, group="links", exit_on_error=False)
    def _link_speaker(self, key: str, joins: str, done: str) -> None:
        """Save a merge or split (off the UI thread: another process may hold the store)."""
        try:
            links = self.reviewing.link_speaker(key, joins)
        except ReviewError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=10)
            return
        self.call_from_thread(self._links_saved, links, done)

    def _links_saved(self, links: dict[str, str], done: str) -> None:
        for screen in self._corpus_screens():
            screen.set_links(links)
        self.notify(f"{done} (saved)", markup=False)

    def corpus_changed(self) -> None:
        """Refill an open corpus view with the analyses so far, at most every CORPUS_REFRESH_S."""
        if self._corpus_due or not self._corpus_screens():
            return
        self._corpus_due = True
        self.set_timer(max(CORPUS_REFRESH_S, self._corpus_cost / CORPUS_BUSY_SHARE), self._refresh_corpus)

    def _refresh_corpus(self) -> None:
        self._corpus_due = False
        start = time.perf_counter()
        for screen in self._corpus_screens():
            screen.update_analyses(self.corpus_analyses())
        self._corpus_cost = time.perf_counter() - start

    async def on_corpus_screen_open_article(self, message) -> None:
        """Leave the corpus view for one article, with the chosen speaker's statements lit up."""
        while self._corpus_shown():
            self.pop_screen()
        await self.main_screen.open_walk(message.walk, message.source)
