"""The explorer: article text with entities marked, entity and quote lists, speakers lit up.

Start-up order matters: the text is mounted and painted first, and only then does a thread
worker look in the cache and, for what is not there, import spaCy. The worker posts
messages; every widget changes here, on the UI thread.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
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
from tui.app.commands import ArticleCommands, SubjectCommands
from tui.app.messages import (
    AnalysisFailed,
    AnalysisReady,
    AnalysisStarted,
    AnalysisWarning,
    ArticleChosen,
    ModelMissing,
    SubjectChosen,
)
from tui.app.render import Selection, Subject
from tui.app.screens.help import HelpScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.lists import ArticleList, EntityList, QuoteList
from tui.core.models import Analysis, Article, Quote

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
        from tui.core.analyzer import Analyzer

        return Analyzer.create(model)

    return create


class NewsviewApp(App[None], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "newsview"
    BINDINGS = keys.bindings("app")
    COMMANDS = App.COMMANDS | {SubjectCommands, ArticleCommands}
    # Under 100 columns the side panes stack under the text, one at a time (1, 3, 4).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(
        self,
        articles: list[Article],
        problems: Iterable[tuple[str, str]] = (),
        model: str | None = None,
        analyzer_factory: Callable[[], AnalyzerLike] | None = None,
    ) -> None:
        super().__init__()
        self.articles = list(articles)
        self.problems = list(problems)
        self.analyses: dict[int, Analysis] = {}
        self.failures: dict[int, str] = {}
        self.current = 0
        self.selection = Selection()
        self.labels_on = False
        self.model_notice = ""
        self._busy: int | None = None  # the article the worker is analysing
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
        articles.display = len(self.articles) > 1 or bool(self.problems)
        articles.show(self.articles, self.problems)
        for source, message in self.problems:
            self.notify(f"Skipped {source}: {message}", severity="warning", markup=False)
        await self._show_current()
        self.query_one(ArticleView).focus()
        # Only once the text is on screen does the worker start importing spaCy.
        self.call_after_refresh(self.set_timer, 0.15, self.analyse_in_background)

    @property
    def analysis(self) -> Analysis | None:
        return self.analyses.get(self.current)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    async def _show_current(self) -> None:
        self.selection = Selection()
        await self.view.show_article(self.articles[self.current])
        self._fill_panes()

    def _fill_panes(self) -> None:
        analysis = self.analysis
        self.view.set_analysis(analysis, self.labels_on)
        self.query_one(EntityList).show(analysis)
        self.query_one(QuoteList).show(analysis, None)
        if analysis is not None and self.selection != Selection():
            self.view.set_selection(analysis, self.selection)
        self._update_status()

    def open_article(self, index: int) -> None:
        if index != self.current:
            self.current = index
            self.call_later(self._show_current)

    # Background analysis ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse_in_background(self) -> None:
        """Cached analyses for every article first, then spaCy, the viewed article first."""
        from tui.core.pipeline import ModelNotFound

        worker = get_current_worker()
        try:
            analyzer = self._analyzer_factory()
        except ModelNotFound as exc:
            self.post_message(ModelMissing(str(exc)))
            return
        pending = []
        for index in [self.current, *(i for i in range(len(self.articles)) if i != self.current)]:
            try:
                cached = analyzer.cached(self.articles[index])
            except Exception as exc:  # a broken cache entry must not cost the article
                self.post_message(AnalysisWarning(f"analysis cache: {exc}"))
                cached = None
            if cached is not None:
                self.post_message(AnalysisReady(index, cached))
            else:
                pending.append(index)
        while pending and not worker.is_cancelled:
            # The user may have moved to another article meanwhile: that one goes next.
            index = self.current if self.current in pending else pending[0]
            pending.remove(index)
            self.post_message(AnalysisStarted(index))
            try:
                result = analyzer.analyse(self.articles[index])
            except ModelNotFound as exc:
                self.post_message(ModelMissing(str(exc)))
                return
            except Exception as exc:  # one bad article never ends the session
                self.post_message(AnalysisFailed(index, f"{type(exc).__name__}: {exc}"))
                continue
            self.post_message(AnalysisReady(index, result))
        for warning in analyzer.warnings:
            self.post_message(AnalysisWarning(warning))

    def on_analysis_started(self, message: AnalysisStarted) -> None:
        self._busy = message.index
        self.query_one(ArticleList).set_state(message.index, "analysing…")
        self._update_status()

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.analyses[message.index] = message.analysis
        self._busy = None
        count = len(message.analysis.quotes)
        self.query_one(ArticleList).set_state(message.index, f"{count} quote{'' if count == 1 else 's'}")
        if message.index == self.current:
            self._fill_panes()
        else:
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
            what = f"{len(said)} statement{'s' if len(said) != 1 else ''}" if said else "mentions (no statements)"
            parts += [(subject.name, "bold"), f": {what} · ] next  [ previous  esc clear"]
        elif self.selection.search:
            found = len(render.search_matches(analysis.article.text, self.selection.search))
            parts += [(self.selection.search, "bold"), f": {found} match{'es' if found != 1 else ''} · n next  N previous  esc clear"]
        else:
            parts.append((f"{len(render.shown_entities(analysis))} entities · {len(analysis.quotes)} quotes · {analysis.model}", "dim"))
        remaining = len(self.articles) - len(self.analyses) - len(self.failures)
        if self._busy is not None and self._busy != self.current and remaining > 0:
            parts.append((f"   analysing {remaining} more article{'s' if remaining != 1 else ''}", "dim"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

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
        quotes = self.query_one(QuoteList)
        if subject != self.selection.subject:  # rebuilding the list costs a layout
            quotes.show(analysis, subject)
        quotes.highlight_quote(quote_id or self._quote_at(current))
        self.selection = replace(self.selection, subject=subject, current=current)
        self.view.set_selection(analysis, self.selection)
        if current is not None:
            self.view.scroll_to_offset(current[0])
        self._update_status()

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

    # Actions ----------------------------------------------------------------------------

    def action_walk(self, step: int) -> None:
        if self.analysis is not None:
            self._move_to(render.targets(self.analysis, self.selection.subject), step)
        else:
            self._move_to([], step)

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
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus_pane(self, name: str) -> None:
        if name == "articles" and not self.query_one(ArticleList).display:
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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield command
        for key in keys.palette_keys():
            yield SystemCommand(key.help, f"key: {key.shown_as or key.keys}", lambda action=key.action: self.run_action(action))
