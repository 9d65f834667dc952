"""A scrolling pane that moves with the article text's keys (g/G, j/k, space/b, ctrl+d/u, arrows)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget

from tui.app import keys


class KeyScroll(VerticalScroll):
    """VerticalScroll alone answers only arrows, home/end and pgup/pgdn: g/G, j/k and
    space/b did nothing, and a small terminal could not reach the end of the help or the
    charts.
    """

    BINDINGS = keys.bindings("text")

    def action_half_page(self, direction: int) -> None:
        scroll_half_page(self, direction)


def scroll_half_page(pane: Widget, direction: int) -> None:
    """ctrl+d / ctrl+u (less, vim): half the visible height down (1) or up (-1), at once."""
    pane.scroll_relative(y=direction * max(1, pane.scrollable_content_region.height // 2), animate=False)
