"""The help screen: every key from the keys table, and the entity colour legend."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app import keys, render
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.key_scroll import KeyScroll


class KeysTable(Grid):
    """Keys and what they do; a long description wraps under itself, not under the keys."""

    DEFAULT_CSS = """
    KeysTable { grid-size: 2; grid-columns: auto 1fr; grid-gutter: 0 2; height: auto; }
    KeysTable .key { text-style: bold; color: $text-accent; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        for key, text in self._rows:
            yield Static(Content(key), classes="key")
            yield Static(Content(text))


class HelpScreen(ModalScreen[None]):
    """Every key; opened from the corpus view, that view's keys come first."""

    BINDINGS = keys.bindings("help")

    def __init__(self, corpus: bool = False) -> None:
        super().__init__()
        self._corpus = corpus

    def compose(self) -> ComposeResult:
        with KeyScroll(id="help"):
            if self._corpus:
                yield Static(Content("Corpus view keys").stylize("bold"), classes="heading")
                yield KeysTable(list(keys.corpus_help_rows()))
            yield Static(Content("Article view keys" if self._corpus else "Keys").stylize("bold"), classes="heading")
            yield KeysTable(list(keys.help_rows()))
            yield Static(Content("Entity colours (press l for labels)").stylize("bold"), classes="heading")
            yield Static(render.legend())
        yield KeyBar()

    def on_mount(self) -> None:
        help_pane = self.query_one("#help")
        help_pane.border_title = "newsview help"
        help_pane.focus()

    def action_close(self) -> None:
        self.dismiss()
