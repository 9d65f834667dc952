"""A scrolling pane that moves with the article text's keys (g/G, j/k, space/b, arrows)."""

from __future__ import annotations

from textual.containers import VerticalScroll

from tui.app import keys


class KeyScroll(VerticalScroll):
    """VerticalScroll alone answers only arrows, home/end and pgup/pgdn: g/G, j/k and
    space/b did nothing, and a small terminal could not reach the end of the help or the
    charts.
    """

    BINDINGS = keys.bindings("text")
