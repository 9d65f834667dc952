"""Review dialogs: pick a speaker (or type a new one), pick a quote kind, write a comment.

Each dialog is a ModalScreen that dismisses with the reviewer's choice, or None when
cancelled with esc; the app records the choice. Names and quote text come from articles,
so every label is built as Content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app import keys, render
from tui.core.corpus.summary import fold
from tui.core.models import QUOTE_KINDS, Analysis

NEW = "new"  # option id of "a new speaker named as typed"

KIND_HELP = {
    "direct": "the speaker's own words, in quote marks",
    "indirect": "reported speech, no quote marks",
    "mixed": "reported speech with quoted words in it",
}


@dataclass(frozen=True)
class Choice:
    value: str  # what the dialog returns
    label: str  # what the list shows and the filter matches
    detail: str = ""
    entity: str | None = None


def speaker_choices(analysis: Analysis) -> list[Choice]:
    """People first, then other entities, then unnamed speakers already in the article."""
    choices: list[Choice] = []
    entities = render.shown_entities(analysis)
    people = [e for e in entities if e.label == "PERSON"]
    others = [e for e in entities if e.label != "PERSON"]
    for entity in [*people, *others]:
        said = len(analysis.quotes_by(entity.id))
        etype = render.entity_type(entity.label)
        detail = f"{etype.tag if etype else entity.label}, {len(entity.mentions)}×" + (f", {said} said" if said else "")
        if entity.aliases:
            detail += ", aka " + ", ".join(entity.aliases)
        choices.append(Choice(entity.name, entity.name, detail, entity.id))
    unnamed = sorted({q.speaker.name for q in analysis.quotes if q.speaker and q.speaker.entity is None})
    choices.extend(Choice(name, name, "unnamed source") for name in unnamed)
    return choices


def kind_choices() -> list[Choice]:
    return [Choice(kind, kind, KIND_HELP[kind]) for kind in QUOTE_KINDS]


class PickerScreen(ModalScreen[Choice | None]):
    """A list to choose from, optionally filtered by typing; ``allow_new`` takes the typed text.

    ``about`` is what the choice is about: a str is a quote from the article, shown in quote
    marks; Content is shown as given.
    """

    BINDINGS = keys.bindings("dialog")

    def __init__(
        self,
        title: str,
        about: str | Content,
        choices: Sequence[Choice],
        current: str | None = None,
        allow_new: bool = False,
        filter_placeholder: str = "type to filter",
    ) -> None:
        super().__init__()
        self._title = title
        self._about = about
        self._choices = list(choices)
        self._current = current
        self._allow_new = allow_new
        self._placeholder = filter_placeholder
        self._shown: list[Choice] = []

    @property
    def filters(self) -> bool:
        return self._allow_new or len(self._choices) > 8

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            about = self._about
            if isinstance(about, str):
                about = Content.assemble(("“", "dim"), (render.one_line(about, 200), "italic"), ("”", "dim"))
            yield Static(about, classes="about")
            if self.filters:
                yield Input(placeholder=self._placeholder, id="filter")
            yield OptionList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = self._title
        self._fill("")
        if self.filters:
            field = self.query_one("#filter", Input)
            field.cursor_blink = False
            field.focus()
        else:
            self.query_one(OptionList).focus()

    def _fill(self, typed: str) -> None:
        wanted = fold(typed.strip())  # "erdogan" finds "Erdoğan"
        self._shown = [c for c in self._choices if not wanted or wanted in fold(f"{c.label} {c.detail}")]
        options = [
            Option(Content.assemble((c.label, "bold"), (f"  {c.detail}" if c.detail else "", "dim")), id=f"c{i}")
            for i, c in enumerate(self._shown)
        ]
        exact = any(fold(c.label) == wanted for c in self._shown)
        if self._allow_new and typed.strip() and not exact:
            options.append(Option(Content.assemble(("+ new speaker: ", "dim"), (typed.strip(), "bold")), id=NEW))
        elif not options:
            options.append(Option(Content("nothing matches").stylize("dim"), disabled=True))
        choices = self.query_one(OptionList)
        choices.set_options(options)
        values = [c.value for c in self._shown]
        if not typed and self._current in values:
            choices.highlighted = values.index(self._current)
        elif options and not options[0].disabled:
            choices.highlighted = 0

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted_option)

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option)

    def _choose(self, option: Option | None) -> None:
        if option is None or option.disabled:
            return
        if option.id == NEW:
            name = self.query_one("#filter", Input).value.strip()
            self.dismiss(Choice(name, name))
        elif option.id:
            self.dismiss(self._shown[int(option.id[1:])])

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommentScreen(ModalScreen[str | None]):
    """One line of comment; enter saves (empty clears it), esc cancels."""

    BINDINGS = keys.bindings("dialog")

    def __init__(self, about: str, comment: str = "") -> None:
        super().__init__()
        self._about = about
        self._comment = comment

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.assemble(("“", "dim"), (render.one_line(self._about, 200), "italic"), ("”", "dim")),
                classes="about",
            )
            yield Input(self._comment, placeholder="comment (enter: save, empty: remove, esc: cancel)", id="comment")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = "Comment"
        field = self.query_one(Input)
        field.cursor_blink = False
        field.focus()

    @on(Input.Submitted, "#comment")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        pass

    def action_cursor_up(self) -> None:
        pass
