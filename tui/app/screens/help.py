"""The help screen: every key from the keys table, and the entity colour legend."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.app import keys, render


def keys_table(rows: list[tuple[str, str]]) -> Content:
    width = max(len(k) for k, _ in rows) + 2
    return Content("\n").join(Content.assemble((k.ljust(width), "bold $text-accent"), text) for k, text in rows)


class HelpPane(VerticalScroll):
    """The scrolling help text: it moves with the same keys as the article text.

    VerticalScroll alone answers only arrows, home/end and pgup/pgdn, so g/G, j/k, space/b
    did nothing and a small terminal could not reach the end of the help. The text pane's
    one other key (add a quote) is an app action that has no meaning here.
    """

    BINDINGS = [b for b in keys.bindings("text") if not b.action.startswith("app.")]


class HelpScreen(ModalScreen[None]):
    """Every key; opened from the corpus view, that view's keys come first."""

    BINDINGS = keys.bindings("help")

    def __init__(self, corpus: bool = False) -> None:
        super().__init__()
        self._corpus = corpus

    def compose(self) -> ComposeResult:
        with HelpPane(id="help"):
            if self._corpus:
                yield Static(Content("Corpus view keys").stylize("bold"), classes="heading")
                yield Static(keys_table(list(keys.corpus_help_rows())))
            yield Static(Content("Article view keys" if self._corpus else "Keys").stylize("bold"), classes="heading")
            yield Static(keys_table(list(keys.help_rows())))
            yield Static(Content("Entity colours (press l for labels)").stylize("bold"), classes="heading")
            yield Static(render.legend())
        yield Footer()

    def on_mount(self) -> None:
        help_pane = self.query_one("#help")
        help_pane.border_title = "newsview help"
        help_pane.focus()

    def action_close(self) -> None:
        self.dismiss()
