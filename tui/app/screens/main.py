"""The main view: article text with entities marked, entity and quote lists, speakers lit up.

Start-up order matters: the text is mounted and painted first, and only then does a thread
worker look in the cache and, for what is not there, import spaCy. Workers post messages;
every widget changes here, on the UI thread. The analyses, reviews and the review store
belong to the app (the corpus view and the palette read them too); this screen holds what
the user is looking at.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.app import keys, render
from tui.app.analysis_scheduler import AnalysisScheduler
from tui.app.messages import (
    AnalysisFailed,
    AnalysisProgress,
    AnalysisReady,
    AnalysisStarted,
    AnalysisWarning,
    ArticleChosen,
    CachedAnalysesReady,
    ModelMissing,
    ReviewFailed,
    ReviewsLoaded,
    SubjectChosen,
)
from tui.app.render import Selection, Subject
from tui.app.review_controller import ReviewError
from tui.app.screens.main_review import ReviewActions
from tui.app.status import Background, status_line
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.lists import EntityList, QuoteList
from tui.core.models import Analysis, Quote

if TYPE_CHECKING:
    from tui.app.app import NewsviewApp
    from tui.app.corpus_walk import CorpusWalk
    from tui.core.review.store import AddQuote, Change, ReviewedArticle

PANES = ("articles", "text", "entities", "quotes")
SIDE_PANES = ("articles", "entities", "quotes")
PANE_TITLES = {"articles": "1 Articles", "text": "2 Text", "entities": "3 Entities", "quotes": "4 Quotes"}


class MainScreen(ReviewActions, Screen[None]):
    # The app-wide keys (quit, help) lead this footer, so they stay in sight in a narrow terminal.
    BINDINGS = keys.bindings("app", namespace="app") + keys.bindings("main")

    def __init__(self) -> None:
        super().__init__()
        self.current = 0  # the article shown
        self.selection = Selection()
        self.labels_on = False
        self._walk: CorpusWalk | None = None  # a corpus speaker's articles, walked with ] and [
        self._busy: int | None = None  # the article the worker is analysing
        self._progress: tuple[int, int] | None = None  # (done, total) of a background corpus run
        self._near = 0  # the article list's cursor: analysed next after the current article

    @property
    def newsview(self) -> NewsviewApp:
        return self.app  # type: ignore[return-value]

    # Layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield ArticleView(id="text")
            with Vertical(id="side"):
                if len(self.newsview.articles) > 1 or self.newsview.problems:  # one article: no list
                    yield ArticleList(id="articles", classes="side")
                yield EntityList(id="entities", classes="side")
                yield QuoteList(id="quotes", classes="side -active")
        yield Static(id="status")
        yield KeyBar()

    async def on_mount(self) -> None:
        app = self.newsview
        for pane in self.query(", ".join(f"#{pane}" for pane in PANES)):
            pane.border_title = PANE_TITLES[pane.id or ""]
        if (articles := self.article_list) is not None:
            articles.show(app.articles, app.problems)
        for source, message in app.problems[:3]:
            self.notify(f"Skipped {source}: {message}", severity="warning", markup=False)
        if len(app.problems) > 3:
            more = len(app.problems) - 3
            self.notify(f"Skipped {more} more files: see the end of the article list", severity="warning", markup=False)
        app.read_cached(self.current)
        # The background run brings this article's reviews with its analysis: reading them
        # here would open the review store (sqlite3) while the first frame is drawn.
        await self._show_current(reviews=False)
        self.view.focus()
        if app.reviewing.notice:
            self._show_store_notice()
        # Only once the text is on screen does the worker start importing spaCy.
        self.call_after_refresh(self.set_timer, 0.15, self.analyse_in_background)

    @property
    def analysis(self) -> Analysis | None:
        """The viewed article's analysis as shown: reviewers' corrections applied."""
        return self.newsview.shown(self.current)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def article_list(self) -> ArticleList | None:
        """The article list, None when one article is open (no list is built for it)."""
        found = self.query(ArticleList)
        return found.first() if found else None

    async def _show_current(self, reviews: bool = True) -> None:
        self.selection = Selection()
        self._walk = None
        await self.view.show_article(self.newsview.articles[self.current])
        self._fill_panes()
        if reviews:
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
        reviewed = self.newsview.reviews.get(self.current)
        self.query_one(QuoteList).show(self.analysis, self.selection.subject, current, reviewed)

    def open_article(self, index: int) -> None:
        self._point_list_at(index)  # the palette and the corpus view open articles too
        if index != self.current:
            self.current = index
            self.call_later(self._show_current)

    def _update_status(self) -> None:
        app = self.newsview
        reviewed = app.reviews.get(self.current)
        background = Background(app.model_notice, self._progress, bool(app.reviewing.saving), app.reviewing.status)
        line = status_line(
            self.analysis,
            self.selection,
            background,
            failure=app.failures.get(self.current),
            walk=self._walk,
            review_progress=reviewed.progress if reviewed is not None else None,
        )
        # One row high: a new status never needs a layout of the screen.
        self.query_one("#status", Static).update(line, layout=False)

    # Background analysis ----------------------------------------------------------------

    def _show_store_notice(self) -> None:
        self.notify(self.newsview.reviewing.notice, severity="warning", markup=False, timeout=10)
        self._update_status()

    def _reviews_of(self, analysis: Analysis) -> ReviewedArticle | None:
        try:
            return self.newsview.reviewing.reviews_of(analysis)
        except ReviewError as exc:
            self.post_message(ReviewFailed(str(exc)))
            return None

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse_in_background(self) -> None:
        """Open the review store, then analyse every article (see AnalysisScheduler)."""
        app = self.newsview
        if app.reviewing.open():
            app.call_from_thread(self._show_store_notice)
        focus = lambda: (self.current, self._near)  # noqa: E731 - read again for every article
        AnalysisScheduler(
            app.articles, app.analyzer_factory, app.processes, self.post_message, focus, self._reviews_of, app.analyses
        ).run()

    def on_analysis_started(self, message: AnalysisStarted) -> None:
        self._busy = message.index
        if message.index >= 0 and (articles := self.article_list) is not None:
            articles.set_state(message.index, "analysing…")
        self._update_status()

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self._take_analyses([(message.index, message.analysis, message.reviewed)])

    def on_cached_analyses_ready(self, message: CachedAnalysesReady) -> None:
        self._take_analyses(message.items)

    def _take_analyses(self, items: list[tuple[int, Analysis, ReviewedArticle | None]]) -> None:
        app = self.newsview
        for index, analysis, reviewed in items:
            app.analyses[index] = analysis
            if reviewed is not None:
                app.reviews[index] = reviewed
            if self._busy == index:
                self._busy = None
            self._show_article_state(index)
        if any(index == self.current for index, _, _ in items):
            self._fill_panes()
        else:
            self._update_status()
        app.corpus_changed()

    def _show_article_state(self, index: int) -> None:
        articles = self.article_list
        analysis = self.newsview.shown(index)
        if analysis is None or articles is None:
            return
        count = len(analysis.quotes)
        articles.set_state(index, f"{count} quote{'' if count == 1 else 's'}")
        reviewed = self.newsview.reviews.get(index)
        if reviewed is not None:
            articles.set_progress(index, reviewed.progress)

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self._progress = (message.done, message.total)
        if message.done >= message.total:
            self._busy = None
        self._update_status()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        app = self.newsview
        app.failures[message.index] = message.message
        self._busy = None
        if (articles := self.article_list) is not None:
            articles.set_state(message.index, f"error: {message.message}")
        title = app.articles[message.index].title or app.articles[message.index].source
        self.notify(f"Could not analyse {title}: {message.message}", severity="error", markup=False, timeout=10)
        self._update_status()

    def on_model_missing(self, message: ModelMissing) -> None:
        app = self.newsview
        app.model_notice = message.message
        self._busy = None
        if (articles := self.article_list) is not None:
            for index in range(len(app.articles)):
                if index not in app.analyses:
                    articles.set_state(index, "not analysed (no model)")
        self._update_status()

    def on_analysis_warning(self, message: AnalysisWarning) -> None:
        self.notify(message.message, severity="warning", markup=False)

    # Reviews ----------------------------------------------------------------------------

    @work(thread=True, group="reviews", exit_on_error=False)
    def refresh_reviews(self, index: int, quiet: bool = False) -> None:
        """Read article ``index``'s reviews again: other reviewers' verdicts show up."""
        analysis = self.newsview.analyses.get(index)
        if analysis is None:
            return
        reviewed = self._reviews_of(analysis)
        if reviewed is not None:
            self.post_message(ReviewsLoaded(index, reviewed, "" if quiet else "Reviews reloaded"))

    def action_refresh_reviews(self) -> None:
        reviewing = self.newsview.reviewing
        if reviewing.store is None:
            self.notify(reviewing.notice or "Reviews are still loading", markup=False)
        elif self.current not in self.newsview.analyses:
            self.notify("Still analysing this article", markup=False)
        else:
            self.refresh_reviews(self.current)

    def on_reviews_loaded(self, message: ReviewsLoaded) -> None:
        app = self.newsview
        index = message.index
        if message.wrote:
            app.reviewing.saving -= 1
            self._update_status()
        if index not in app.analyses:
            return
        old = app.reviews.get(index)
        app.reviews[index] = message.reviewed
        self._show_article_state(index)
        if index == self.current and (old is None or old != message.reviewed):
            self._refill_after_review()
        if message.saved:
            self.notify(message.saved, markup=False, timeout=3)
        app.corpus_changed()

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
        quotes.show(analysis, subject, keep, self.newsview.reviews.get(self.current), keep_place=True)
        self.view.set_selection(analysis, self.selection)
        self._update_status()

    def on_review_failed(self, message: ReviewFailed) -> None:
        if message.wrote:
            self.newsview.reviewing.saving -= 1
            self._update_status()
        self.notify(message.message, severity="error", markup=False, timeout=10)

    def _can_write(self) -> bool:
        reviewing = self.newsview.reviewing
        reason = reviewing.cannot_write()
        if reason:
            read_only = reviewing.store is not None
            self.notify(reason, severity="warning", markup=False, timeout=8 if read_only else None)
        return not reason

    def _save(self, index: int, quote: Quote | None, change: Change | AddQuote) -> None:
        app = self.newsview
        app.reviewing.queue(app.articles[index], app.analyses[index], quote, change)
        self._update_status()
        self.write_review(index)

    @work(thread=True, group="review-writes", exit_on_error=False)
    def write_review(self, index: int) -> None:
        """Save the oldest queued change (writers take turns: changes commit in order)."""
        try:
            reviewed, saved = self.newsview.reviewing.write_next()
        except ReviewError as exc:
            self.post_message(ReviewFailed(str(exc), wrote=True))
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
            after = bisect_right(starts, current[0]) if step > 0 else bisect_left(starts, current[0]) - 1
            index = after % len(spans)
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
            verb = "naming" if self._walk.entity else "quoting"
            self.notify(
                f"The {which} article {verb} {self._walk.name}: back to the other end of this one", markup=False
            )
        self._move_to(spans, step)

    async def action_search_next(self) -> None:
        await self._walk_search(1)

    async def action_search_previous(self) -> None:
        await self._walk_search(-1)

    async def _walk_search(self, step: int) -> None:
        if not self.selection.search:
            await self.action_search()
            return
        text = self.newsview.articles[self.current].text
        self._move_to(render.search_matches(text, self.selection.search), step)

    async def action_search(self) -> None:
        # The field is built the first time it is asked for: the first frame does without it.
        if not (found := self.query("#search")):
            search = Input(placeholder="search the text (enter: find, esc: cancel)", id="search")
            await self.mount(search, before=self.query_one("#status"))
        else:
            search = found.first(Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.view.focus()
        query = event.value.strip()
        analysis = self.analysis
        self.selection = replace(self.selection, search=query, current=None)
        matches = render.search_matches(self.newsview.articles[self.current].text, query)
        if analysis is not None:
            self.view.set_selection(analysis, self.selection)
        if query and not matches:
            self.notify(f"No match for {query}", markup=False)
        elif matches and analysis is not None:
            self._move_to(matches, 1)
        self._update_status()

    def action_clear(self) -> None:
        search = self.query("#search")
        if search and search.first().display:
            search.first().display = False
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
        self.app.copy_to_clipboard(render.quote_clipboard_text(quote))
        self.notify(f"Copied a quote by {render.speaker_name(quote)}", markup=False)

    def action_open_url(self) -> None:
        from tui.core.ingest.urls import web_url

        article = self.newsview.articles[self.current]
        url = web_url(article.url)  # a corpus record's url field is as untrusted as a page's
        if url is None:
            self.notify("This article has no web address (only pages fetched or saved from the web do)", markup=False)
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    def action_toggle_labels(self) -> None:
        self.labels_on = not self.labels_on
        self.view.set_labels(self.labels_on)

    def action_focus_pane(self, name: str) -> None:
        if name == "articles" and self.article_list is None:
            self.notify("Only one article is open", markup=False)
            return
        self._activate_side(name)
        self.query_one(f"#{name}").focus()

    def _activate_side(self, name: str) -> None:
        if name in SIDE_PANES:
            for pane in self.query(", ".join(f"#{pane}" for pane in SIDE_PANES)):
                pane.set_class(pane.id == name, "-active")

    def on_descendant_focus(self, event) -> None:
        widget: Widget = event.widget
        if widget.id in SIDE_PANES:
            self._activate_side(widget.id)

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        self._near = event.index  # the background analysis goes on near where the user looks

    # From the corpus view ---------------------------------------------------------------

    async def open_walk(self, walk: CorpusWalk, source: str) -> None:
        """Show the article read from ``source`` with the walk's speaker (entity) lit up."""
        if not await self._open_source(source):
            return
        self._light(walk, source, first=True)
        # After the pop has given focus back to where it was before the corpus view.
        self.call_after_refresh(self.action_focus_pane, "quotes")

    async def _open_source(self, source: str) -> bool:
        """Show the article read from ``source``, with the article list's cursor on it."""
        index = next((i for i, a in enumerate(self.newsview.articles) if a.source == source), None)
        if index is None:
            self.notify(f"{source} is not open", markup=False)
            return False
        self._point_list_at(index)
        if index != self.current:
            self.current = index
            await self._show_current()
        return self.analysis is not None

    def _point_list_at(self, index: int) -> None:
        """The article list's cursor on the article shown (one article has no list)."""
        if (articles := self.article_list) is not None:
            articles.highlighted = index

    def _light(self, walk: CorpusWalk, source: str, first: bool) -> None:
        """Light up the walk's speaker or entity in the article open now (from ``source``)."""
        if walk.entity:
            self._light_entity(walk, first)
        else:
            self._light_corpus_speaker(walk, source, first)

    def _light_entity(self, walk: CorpusWalk, first: bool) -> None:
        from tui.core.corpus.summary import speaker_key

        analysis = self.analysis
        key = speaker_key(walk.name)
        names = lambda e: {speaker_key(n) for n in (e.name, *e.aliases)}  # noqa: E731
        entity = next((e for e in render.shown_entities(analysis) if key in names(e)), None) if analysis else None
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
            name = subject.name if subject else "?"
            self.notify(
                f"{len(ids)} statements of {walk.name} in the corpus view; {len(lit & ids)} under the name {name} here",
                markup=False,
            )

    async def _walk_corpus(self, step: int) -> bool:
        """``]`` past the last statement (``[`` before the first): the next article quoting them."""
        walk = self._walk
        source = self.newsview.articles[self.current].source
        following = walk.next_source(source, step) if walk else None
        if walk is None or following is None:
            return False
        if await self._open_source(following):
            self._light(walk, following, first=step > 0)
        return True
