"""The key bar: Textual's Footer, compact, showing only the keys that fit whole.

A Footer wider than the terminal cuts its last key in half (at 80 columns the main view's
bar ended "C Cor"), and the keys past it vanish without a sign. The keys come in the order
of the bindings, the focused pane's first, so the ones that matter where the user is stay;
every key is on the help screen (?) anyway.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # noqa: PLC2701 (the Footer's own item widget)


def _width(item: FooterKey) -> int:
    # Compact layout: key, a space, the description, then a one-cell gap (the command
    # palette's item has a one-cell border on its left instead).
    return cell_len(item.key_display) + 1 + cell_len(item.description) + 1


class KeyBar(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        palette = [i for i in items if i.has_class("-command-palette")]
        room = (self.size.width or self.app.size.width) - sum(_width(i) for i in palette)
        for item in items:
            if item in palette:
                continue
            if not isinstance(item, FooterKey) or (room := room - _width(item)) < -1:  # the last gap may go
                break
            yield item
        yield from palette

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
