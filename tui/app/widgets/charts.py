"""Share-of-voice bar charts drawn with text, so they work in any terminal and over SSH.

``bar_chart`` is a pure function from rows to a Rich ``Text``; ``ShareOfVoice`` draws the
three charts of one corpus summary (by speaker, by kind, named against unnamed) at the
widget's current width. Labels come from articles, so they only ever become ``Text``
objects (never markup), and are flattened to one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.core.corpus.summary import CorpusSummary
from tui.core.models import QUOTE_KINDS

_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


def _bar(fraction: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")


def bar_chart(
    rows: Sequence[tuple[str, float]],
    width: int,
    *,
    total: float | None = None,
    bar_style: Style | str = "",
) -> Text:
    """One line per row: label, a bar scaled to the largest value, the value and its share.

    ``total`` is what the shares are of (default: the sum of ``rows``), so a top-N chart can
    show each speaker's share of all quotes rather than of the top N.
    """
    if not rows:
        return Text("nothing to show", style="dim")
    total = sum(v for _, v in rows) if total is None else total
    largest = max(v for _, v in rows) or 1
    figures = [f"{v:g} {v / total:4.0%}" if total else f"{v:g}" for _, v in rows]
    figure_w = max(len(f) for f in figures)
    labels = [" ".join(label.split()) for label, _ in rows]
    label_w = max(4, min(max(cell_len(label) for label in labels), width // 3))
    bar_w = max(1, width - label_w - figure_w - 2)
    chart = Text(no_wrap=True, overflow="crop")
    for label, (_, value), figure in zip(labels, rows, figures):
        if chart:
            chart.append("\n")
        cell = Text(label)
        cell.truncate(label_w, overflow="ellipsis", pad=True)
        chart.append_text(cell)
        chart.append(" ")
        chart.append(_bar(value / largest, bar_w).ljust(bar_w), style=bar_style)
        chart.append(" " + figure.rjust(figure_w))
    return chart


class ShareOfVoice(Widget):
    """Who gets quoted in one summary: top speakers, quote kinds, named against unnamed."""

    COMPONENT_CLASSES = {"share-of-voice--bar", "share-of-voice--heading"}
    DEFAULT_CSS = """
    ShareOfVoice { height: auto; padding: 0 1; }
    ShareOfVoice > .share-of-voice--bar { color: $accent; }
    ShareOfVoice > .share-of-voice--heading { text-style: bold; }
    """

    def __init__(self, top: int = 5, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.top = top
        self._title = Text()
        self._summary: CorpusSummary | None = None

    def show(self, title: Text, summary: CorpusSummary | None) -> None:
        """Chart ``summary`` under ``title``; ``None`` leaves only the title."""
        self._title = title
        self._summary = summary
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(20, self.content_size.width)
        heading = self.get_component_rich_style("share-of-voice--heading")
        bar = self.get_component_rich_style("share-of-voice--bar")
        out = self._title.copy()
        out.truncate(width, overflow="ellipsis")  # a long article title must not push the charts down
        out.stylize(heading)
        summary = self._summary
        if summary is None:
            return out
        speakers = [(r.name, len(r.quotes)) for r in summary.speakers[: self.top]]
        kinds = summary.by_kind()
        named, unnamed = summary.named_vs_unnamed()
        sources = [("named", named), ("unnamed", unnamed), ("no speaker", summary.unattributed)]
        total = summary.all_quotes
        if summary.narrowed:  # the filter's own total, apart: every share below is of all quotes
            out.append(f"\n{summary.total_quotes} of {total} quotes match the filter", style="dim")
        for caption, rows, of in (
            (f"top {self.top} speakers, share of all quotes", speakers, total),
            ("by kind, share of attributed quotes", [(k, kinds[k]) for k in QUOTE_KINDS], None),
            ("named vs unnamed sources", sources, total),
        ):
            out.append(f"\n{caption}\n", style="dim")
            out.append_text(bar_chart(rows, width, total=of, bar_style=bar))
        return out
