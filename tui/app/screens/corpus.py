"""The corpus view: who is quoted where across every analysed article.

Tables of speakers (with the articles each one is quoted in) and of named entities, share
of voice charts for the whole corpus and for one article, a text filter and a kind filter.
The screen owns no analysis: the app hands it analyses (again, as more arrive) and gets
back ``CorpusScreen.OpenArticle`` when the user wants to read a speaker in context.

Rows join the names of one person (automatically, or by a reviewer's links): ``m`` merges
the row under the cursor into another, ``u`` splits a name off it again. The screen asks
the app to record each decision (``LinkSpeaker``) and shows it once the app hands back the
links it stored (``set_links``).

Every cell and chart label built from an article is a ``Text``: a str cell would be parsed
as markup, and an entity named ``[@click=app.quit]`` would become a live link.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from tui.app import keys
from tui.app.corpus_walk import CorpusWalk
from tui.app.render import ENTITY_TYPES
from tui.app.screens.review import Choice, PickerScreen
from tui.app.widgets.charts import ShareOfVoice
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.key_scroll import KeyScroll
from tui.core.corpus.query import SPEAKER_SORTS, EntityRow, articles_of, entity_rows, narrow
from tui.core.corpus.summary import CorpusSummary, SpeakerRow, summarise
from tui.core.models import QUOTE_KINDS, Analysis
from tui.core.untrusted import clean_line

KIND_FILTERS: tuple[str | None, ...] = (None, *QUOTE_KINDS)  # None: every kind
# The entity table lists what the article view lists: names, not dates or amounts.
NAME_LABELS = frozenset(label for t in ENTITY_TYPES for label in t.labels)
# Cells; longer names and titles are cut with an ellipsis so the counts stay on screen in
# the 69 columns the tables get at 120 wide.
NAME_WIDTH = 26
ENTITY_NAME_WIDTH = 50  # the entity table has the whole width: no charts beside it
TITLE_WIDTH = 52
# Filling a DataTable costs about 0.2 ms a row; past this many rows the tail (speakers
# quoted once) is reached through the filter instead of a multi-second refill.
ROW_LIMIT = 500
# Keys of the speakers tab only: the entity table has no quote kinds, one order, no merges
# and no charts.
SPEAKER_ACTIONS = ("cycle_kind", "cycle_sort", "toggle_charts")
# How long typing in the filter pauses before the tables follow.
FILTER_PAUSE_S = 0.2
# (sort of the column, header); Share has none of its own: it orders like Quotes.
SPEAKER_COLUMNS = (
    ("name", "Speaker"),
    ("quotes", "Quotes"),
    ("articles", "Articles"),
    ("", "Share"),
    ("named", "Source"),
)


def _cell(text: str, width: int | None = None, style: str = "") -> Text:
    """Article-derived text as a one-line cell, never parsed as markup."""
    cell = Text(clean_line(text), style=style, no_wrap=True)
    if width is not None:
        cell.truncate(width, overflow="ellipsis")
    return cell


def _counted(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _share(share: float) -> str:
    """A share of voice: one decimal under 10 %, so 11 quotes of 2,000 is not "0%"."""
    return f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def _num(value: int | str) -> Text:
    return Text(str(value), justify="right")


class CorpusTable(DataTable):
    """A row-cursor table that also moves with the list keys of the rest of the app."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def refill(self, columns: Sequence[Text], rows: Sequence[tuple[str, Sequence[Text]]], keep: str | None) -> None:
        """Replace all rows, leaving the cursor on the row keyed ``keep`` if it is still there."""
        # Columns are rebuilt only when a header changes (the sort mark): in Textual 8.2 a
        # rebuild on every refill left some cells cut to their header's width.
        if [c.label for c in self.ordered_columns] != list(columns):
            self.clear(columns=True)
            for label in columns:
                self.add_column(label)
        else:
            self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        keys = [key for key, _ in rows]
        if keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False)


class CorpusScreen(Screen[None]):
    """Speakers, entities and share of voice across ``analyses``."""

    # Straight to the speakers: the default would focus the hidden filter field first, and
    # the footer then kept hiding the letter keys that field would have swallowed.
    AUTO_FOCUS = "#speakers"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    DEFAULT_CSS = """
    CorpusScreen #filter { display: none; }
    CorpusScreen #filter.-open { display: block; }
    CorpusScreen #status { height: 1; padding: 0 1; background: $boost; }
    /* The tabs take what the filter field leaves: their panes are auto-height by default,
       so an open filter pushed the articles table off the bottom of the screen. */
    CorpusScreen #tabs, CorpusScreen #tabs ContentSwitcher, CorpusScreen #tabs TabPane { height: 1fr; }
    CorpusScreen #speakers-body { height: 1fr; }
    CorpusScreen #tables { width: 1fr; }
    CorpusScreen #speakers { height: 1fr; }
    CorpusScreen #members { height: 2; padding: 0 1; border-top: solid $foreground 20%; }
    CorpusScreen #quoted-in { height: 9; }
    CorpusScreen #charts { width: 50; border-left: solid $foreground 20%; }
    CorpusScreen ShareOfVoice { margin-bottom: 1; }
    /* Tab reaches the charts (j/k scroll them when they overflow): show where focus went. */
    CorpusScreen #charts:focus { border-left: solid $accent; }
    CorpusScreen.-narrow #charts:focus { border-left: none; background-tint: $foreground 5%; }
    CorpusScreen.-narrow #speakers-body { layout: vertical; }
    CorpusScreen.-narrow #quoted-in { height: 5; }
    /* Under 100 columns the charts take the tables' place when asked for (v): squeezed
       under them they left room for four speakers at 80x24. Wide, v hides them. */
    CorpusScreen.-narrow #charts { display: none; width: 1fr; height: 1fr; border-left: none; }
    CorpusScreen.-narrow.-charts-toggled #charts { display: block; }
    CorpusScreen.-narrow.-charts-toggled #tables { display: none; }
    CorpusScreen.-wide.-charts-toggled #charts { display: none; }
    """
    BINDINGS = keys.bindings("corpus")

    class OpenArticle(Message):
        """Open ``source`` (the walk's first article by default) with the walk's speaker's
        statements, or entity's mentions, lit up; ``]`` carries on through the walk."""

        def __init__(self, walk: CorpusWalk, source: str | None = None) -> None:
            super().__init__()
            self.walk = walk
            self.source = source or walk.first

    class LinkSpeaker(Message):
        """Record that the speaker ``key`` is counted under ``joins`` (itself: kept apart)."""

        def __init__(self, key: str, joins: str, done: str) -> None:
            super().__init__()
            self.key = key
            self.joins = joins
            self.done = done  # what to tell the user once it is saved

    def __init__(
        self, analyses: Sequence[Analysis], links: Mapping[str, str] | None = None, total: int | None = None
    ) -> None:
        """``total``: how many articles are open, analysed or not (the status says how far it got)."""
        super().__init__()
        self._total = total
        self._links = dict(links or {})
        self._text = ""
        self._kind: str | None = None
        self._sort = "quotes"
        self._entities_stale = True
        self._entity_rows: dict[str, EntityRow] = {}  # as the entity table lists them, by key
        self._follow: str | None = None  # the row the cursor goes to once a merge is shown
        self._typing: Timer | None = None  # the filter waits for a pause in typing
        self._set_analyses(analyses)

    def _set_analyses(self, analyses: Sequence[Analysis]) -> None:
        self._analyses = list(analyses)
        self._by_source = {a.article.source: a for a in self._analyses}
        self._order = [a.article.source for a in self._analyses]
        self._summary = summarise(self._analyses, self._links)
        self._view = self._summary

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: words (names, quotes, entities), speaker:NAME, entity:NAME", id="filter")
        yield Static(id="status")
        with TabbedContent(id="tabs"):
            with TabPane("Speakers", id="speakers-tab"):
                with Horizontal(id="speakers-body"):
                    with Vertical(id="tables"):
                        yield CorpusTable(id="speakers")
                        yield Static(id="members")
                        yield CorpusTable(id="quoted-in")
                    with KeyScroll(id="charts"):
                        yield ShareOfVoice(id="corpus-chart")
                        yield ShareOfVoice(id="article-chart")
            with TabPane("Entities", id="entities-tab"):
                yield CorpusTable(id="entities")
        yield KeyBar()

    def on_mount(self) -> None:
        # No blinking cursor: a blink repaints twice a second, which is costly over SSH.
        self.query_one("#filter", Input).cursor_blink = False
        self._refresh()

    # -- data in ----------------------------------------------------------------------

    def update_analyses(self, analyses: Sequence[Analysis], links: Mapping[str, str] | None = None) -> None:
        """Show ``analyses`` (all of them so far), keeping filters, sort and cursors.

        ``links``: a reviewer's merges and splits as they are now, when they may have changed.
        """
        if links is not None:
            self._links = dict(links)
        self._set_analyses(analyses)
        if self.is_mounted:
            self._refresh()

    def set_links(self, links: Mapping[str, str]) -> None:
        """Show the rows as a reviewer's ``links`` join them now (after a merge or split)."""
        self.update_analyses(self._analyses, links)

    def _refresh(self, entities: bool = True) -> None:
        self._view = narrow(self._summary, self._analyses, self._text, self._kind)
        self._fill_speakers()
        if entities:  # entities have no quote kind: the kind filter leaves them be
            self._entities_stale = True
            self._fill_entities()
        self.query_one("#corpus-chart", ShareOfVoice).show(Text(f"Corpus · {len(self._analyses)} articles"), self._view)
        self._update_status()

    def _update_status(self) -> None:
        # What the user set comes first, so a narrow terminal cuts the counts, not the state.
        view = self._view
        entities = self._on_entities()
        status = Text(
            "" if entities else f"kind {self._kind or 'all'} · sort {self._sort}", no_wrap=True, overflow="ellipsis"
        )
        if self._text:
            status.append(" · filter " if status else "filter ")
            status.append(self._text, style="bold")
        if entities:
            listed = len(self._entity_rows)
            counts = f"{_counted(listed, 'entity', 'entities')} named in {self._articles_line()}"
        else:
            quotes = _counted(view.all_quotes, "quote")
            if view.narrowed:  # the filter's total apart from the corpus's: shares are of all quotes
                quotes = f"{view.total_quotes} of {quotes} match"
            counts = (
                f"{self._articles_line()} · {quotes} · "
                f"{_counted(len(view.speakers), 'speaker')} · {view.unattributed} unattributed"
            )
            listed = len(view.speakers)
        status.append(f"  │  {counts}" if status.plain else counts, style="dim")
        if listed > ROW_LIMIT:
            status.append(f" · top {ROW_LIMIT} listed", style="bold")
        if listed == 0:
            status.append(" · nothing matches the filter" if self._text else "", style="bold")
        self.query_one("#status", Static).update(status)

    def _on_entities(self) -> bool:
        return self.query_one("#tabs", TabbedContent).active == "entities-tab"

    def _articles_line(self) -> str:
        done = len(self._analyses)
        if self._total is not None and done < self._total:
            return f"{done} of {self._total} articles analysed"
        return f"{done} articles"

    def _fill_speakers(self) -> None:
        table = self.query_one("#speakers", CorpusTable)
        columns = [Text(label + (" ▼" if sort == self._sort else "")) for sort, label in SPEAKER_COLUMNS]
        rows = [
            (
                row.key,
                (
                    _cell(row.name, NAME_WIDTH, "" if row.named else "italic"),
                    _num(len(row.quotes)),
                    _num(len(row.articles)),
                    _num(_share(self._view.share(row))),
                    Text("named" if row.named else "unnamed", style="" if row.named else "dim"),
                ),
            )
            for row in sorted(self._view.speakers, key=SPEAKER_SORTS[self._sort])[:ROW_LIMIT]
        ]
        keep, self._follow = self._follow or table.current_key(), None
        table.refill(columns, rows, keep=keep)
        self._show_speaker(table.current_key())

    def _fill_entities(self) -> None:
        # Only while their tab shows: joining every entity of a large corpus is half the
        # cost of an update, and analyses keep arriving while the user reads the speakers.
        if not self._entities_stale or not self._on_entities():
            return
        self._entities_stale = False
        table = self.query_one("#entities", CorpusTable)
        columns = [Text("Entity"), Text("Label"), Text("Articles"), Text("Mentions")]
        found = entity_rows(self._analyses, NAME_LABELS, self._text, self._view, self._links)
        self._entity_rows = {e.key: e for e in found}
        rows = [
            (e.key, (_cell(e.name, ENTITY_NAME_WIDTH), _cell(e.label), _num(len(e.articles)), _num(e.mentions)))
            for e in found[:ROW_LIMIT]
        ]
        table.refill(columns, rows, keep=table.current_key())

    def _row(self, key: str | None, summary: CorpusSummary) -> SpeakerRow | None:
        return next((r for r in summary.speakers if r.key == key), None)

    def _show_speaker(self, key: str | None) -> None:
        """List the articles quoting the speaker under the cursor, and chart the first."""
        table = self.query_one("#quoted-in", CorpusTable)
        row = self._row(key, self._view)
        self._show_members(self._row(key, self._summary))
        rows = []
        for source, count in articles_of(row, self._order) if row else ():
            analysis = self._by_source[source]
            rows.append((source, (_cell(analysis.article.title or source, TITLE_WIDTH), _num(count))))
        table.refill([Text("Quoted in"), Text("Quotes")], rows, keep=table.current_key())
        self._show_article(table.current_key())

    def _show_members(self, row: SpeakerRow | None) -> None:
        """The names the row under the cursor joins, with their quote counts in the whole corpus."""
        line = Text(no_wrap=True, overflow="ellipsis")
        if row is not None:
            line.append(" ".join(row.name.split()), style="bold")
            others = [(name, count) for _, name, count in row.others]
            if others:
                line.append(" · also counted here: ", style="dim")
                line.append(", ".join(f"{' '.join(name.split())} ({count})" for name, count in others))
                line.append(" · u: split", style="dim")
            else:
                line.append(" · one name · m: merge into another row", style="dim")
        self.query_one("#members", Static).update(line)

    def _show_article(self, source: str | None) -> None:
        chart = self.query_one("#article-chart", ShareOfVoice)
        analysis = self._by_source.get(source) if source else None
        if analysis is None:
            chart.show(Text("No article chosen", style="dim"), None)
            return
        one = narrow(summarise([analysis], self._links), [analysis], self._text, self._kind)
        chart.show(_cell(f"Article · {analysis.article.title or source}"), one)

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_activated(self) -> None:
        self._fill_entities()
        self._update_status()
        self.refresh_bindings()  # kind, sort, merge and split are speaker keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SPEAKER_ACTIONS and self.is_mounted and self._on_entities():
            return False
        return True

    # The cursor, not the event's row: a refill posts a highlight of its first row before
    # the cursor goes back to the row it was on.
    @on(DataTable.RowHighlighted, "#speakers")
    def _speaker_highlighted(self) -> None:
        self._show_speaker(self.query_one("#speakers", CorpusTable).current_key())

    @on(DataTable.RowHighlighted, "#quoted-in")
    def _article_highlighted(self) -> None:
        self._show_article(self.query_one("#quoted-in", CorpusTable).current_key())

    # -- choices out ------------------------------------------------------------------

    @on(DataTable.RowSelected, "#speakers")
    def _speaker_selected(self, event: DataTable.RowSelected) -> None:
        row = self._row(event.row_key.value, self._view)
        if row:
            self._open(row, articles_of(row, self._order)[0][0])

    @on(DataTable.RowSelected, "#quoted-in")
    def _article_selected(self, event: DataTable.RowSelected) -> None:
        row = self._row(self.query_one("#speakers", CorpusTable).current_key(), self._view)
        if row and event.row_key.value:
            self._open(row, event.row_key.value)

    def _open(self, row: SpeakerRow, source: str) -> None:
        # The whole row, whatever the filters: the walk lights every statement of theirs.
        whole = self._row(row.key, self._summary) or row
        self.post_message(self.OpenArticle(CorpusWalk.of_speaker(whole, self._order), source))

    @on(DataTable.RowSelected, "#entities")
    def _entity_selected(self, event: DataTable.RowSelected) -> None:
        entity = self._entity_rows.get(event.row_key.value or "")
        if entity is not None:
            self.post_message(self.OpenArticle(CorpusWalk.of_entity(entity.name, entity.articles)))

    # -- actions ----------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("-open")
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # Refilling the tables of a large corpus takes a tenth of a second or more: while
        # the user types, the field keeps up and the tables follow once typing pauses.
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(FILTER_PAUSE_S, lambda: self._apply_filter(event.value))

    def _filter_now(self, text: str) -> None:
        if self._typing is not None:
            self._typing.stop()
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        self._typing = None
        if text != self._text:
            self._text = text
            self._refresh()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        field = self.query_one("#filter", Input)
        self._filter_now(field.value)
        if not field.value:
            field.remove_class("-open")
        self._focus_table()

    def action_back(self) -> None:
        """Esc: first close the filter (clearing it), then leave the screen."""
        field = self.query_one("#filter", Input)
        if field.has_class("-open") or self._text:
            field.value = ""
            self._filter_now("")
            field.remove_class("-open")
            self._focus_table()
        else:
            self.app.pop_screen()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_cycle_kind(self) -> None:
        self._kind = KIND_FILTERS[(KIND_FILTERS.index(self._kind) + 1) % len(KIND_FILTERS)]
        self._refresh(entities=False)

    def action_cycle_sort(self) -> None:
        names = list(SPEAKER_SORTS)
        self._sort = names[(names.index(self._sort) + 1) % len(names)]
        self._fill_speakers()
        self._update_status()

    def _current_row(self) -> SpeakerRow | None:
        """The row under the speakers cursor, as in the whole corpus (whatever the filters)."""
        if self.query_one("#tabs", TabbedContent).active != "speakers-tab":
            return None
        return self._row(self.query_one("#speakers", CorpusTable).current_key(), self._summary)

    def action_merge(self) -> None:
        if self._on_entities():
            self._merge_entity()
            return
        row = self._current_row()
        if row is None:
            return
        choices = [
            Choice(
                other.key,
                other.name,
                f"{_counted(len(other.quotes), 'quote')}, {_counted(len(other.articles), 'article')}"
                + ("" if other.named else ", unnamed"),
            )
            for other in self._summary.speakers
            if other.key != row.key
        ]
        if not choices:
            self.notify("There is no other speaker to merge with", markup=False)
            return
        about = Content.assemble(
            ("Count every quote of ", "dim"), (row.name, "bold"), (f" ({len(row.quotes)}) under:", "dim")
        )

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self._follow = choice.value
                self.post_message(self.LinkSpeaker(row.key, choice.value, f"{row.name} merged into {choice.label}"))

        self.app.push_screen(PickerScreen("Merge into", about, choices), chosen)

    def action_split(self) -> None:
        if self._on_entities():
            self._split_entity()
            return
        row = self._current_row()
        if row is None:
            return
        others = row.others
        if not others:
            self.notify(f"{row.name} is one name: there is nothing to split off", markup=False)
            return
        choices = [Choice(key, name, _counted(count, "quote")) for key, name, count in others]
        about = Content.assemble(("Names counted as ", "dim"), (row.name, "bold"), (": which is someone else?", "dim"))

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self.post_message(self.LinkSpeaker(choice.value, choice.value, f"{choice.label} split off {row.name}"))

        self.app.push_screen(PickerScreen("Split off", about, choices), chosen)

    # Entities are merged and split with the same links as speakers: one referent, one row in both tables.

    def _current_entity(self) -> EntityRow | None:
        return self._entity_rows.get(self.query_one("#entities", CorpusTable).current_key() or "")

    def _merge_entity(self) -> None:
        row = self._current_entity()
        if row is None:
            return
        everyone = entity_rows(self._analyses, NAME_LABELS, links=self._links)
        choices = [
            Choice(other.key, other.name, f"{other.label}, {_counted(len(other.articles), 'article')}")
            for other in everyone
            if other.key != row.key
        ]
        if not choices:
            self.notify("There is no other entity to merge with", markup=False)
            return
        about = Content.assemble(("Count ", "dim"), (row.name, "bold"), (" as the same as:", "dim"))

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self.post_message(self.LinkSpeaker(row.key, choice.value, f"{row.name} merged into {choice.label}"))

        self.app.push_screen(PickerScreen("Merge into", about, choices), chosen)

    def _split_entity(self) -> None:
        row = self._current_entity()
        if row is None:
            return
        if not row.joined:
            self.notify(f"No name was merged into {row.name}: there is nothing to split off", markup=False)
            return
        choices = [Choice(key, name) for key, name in row.joined]
        about = Content.assemble(
            ("Names counted as ", "dim"), (row.name, "bold"), (": which is something else?", "dim")
        )

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self.post_message(self.LinkSpeaker(choice.value, choice.value, f"{choice.label} split off {row.name}"))

        self.app.push_screen(PickerScreen("Split off", about, choices), chosen)

    def action_toggle_charts(self) -> None:
        self.toggle_class("-charts-toggled")
        if not self.query_one("#tables").display:
            self.query_one("#charts").focus()  # the tables are gone: the charts scroll with the keys
        elif not self.query_one("#charts").display or self.focused is self.query_one("#charts"):
            self._focus_table()

    def action_toggle_tab(self) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.active = "entities-tab" if tabs.active == "speakers-tab" else "speakers-tab"
        self._focus_table()

    def _focus_table(self) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        self.query_one("#entities" if tabs.active == "entities-tab" else "#speakers").focus()
