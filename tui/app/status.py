"""The status line under the main view, as a pure function of what the view shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from tui.app import render
from tui.app.render import Selection
from tui.core.models import Analysis

if TYPE_CHECKING:
    from tui.app.corpus_walk import CorpusWalk


@dataclass(frozen=True)
class Background:
    """What goes on behind the viewed article: analysis, saving, the review store."""

    model_notice: str = ""  # no spaCy model: why nothing gets analysed
    progress: tuple[int, int] | None = None  # (done, total) of a background corpus run
    saving: bool = False  # a review change is being written
    reviews: str = ""  # "read-only reviews", "no reviews", or "" for a writable store


def position(spans: list[tuple[int, int]], current: tuple[int, int] | None, noun: str, plural: str = "") -> str:
    """ "statement 2 of 5" while one is current, else "5 statements"."""
    if current in spans:
        return f"{noun} {spans.index(current) + 1} of {len(spans)}"
    return f"{len(spans)} {noun if len(spans) == 1 else plural or noun + 's'}"


def status_line(
    analysis: Analysis | None,
    selection: Selection,
    background: Background = Background(),
    *,
    failure: str | None = None,
    walk: CorpusWalk | None = None,
    review_progress: tuple[int, int] | None = None,
) -> Content:
    """The viewed article's state: what is chosen and where in it, else its counts."""
    parts: list = []
    subject = selection.subject
    if background.model_notice and analysis is None:
        parts.append((background.model_notice, "$text-warning"))
    elif failure is not None:
        parts.append((f"Analysis failed: {failure}", "$text-error"))
    elif analysis is None:
        parts.append(("Analysing this article…", "dim"))
    elif selection.picked is not None:
        start, end = selection.picked
        words = len(analysis.article.text[start:end].split())
        what = f"extent of {selection.extent_of}" if selection.extent_of else "selection"
        parts += [(f"{what}: {words} word{'' if words == 1 else 's'}", "bold"), f", moving its {selection.moving}"]
        save = "enter save" if selection.extent_of else "A add as a quote"
        parts.append(f" · w W word  ( ) sentence  O other end  {save}  esc cancel")
    elif subject is not None:
        said = render.statements(analysis, subject)
        noun = "statement" if said else "mention"
        spans = render.targets(analysis, subject)
        what = position(spans, selection.current, noun) + ("" if said else " (no statements)")
        parts += [(subject.name, "bold"), f": {what}"]
        if walk is not None:
            place = f"article {walk.position(analysis.article.source)} of {len(walk.articles)}"
            parts.append((f" · {place} {'naming' if walk.entity else 'quoting'} them", "$text-primary"))
        parts.append(" · ] next  [ previous  esc clear")
    elif selection.search:
        found = render.search_matches(analysis.article.text, selection.search)
        where = position(found, selection.current, "match", "matches")
        parts += [(selection.search, "bold"), f": {where} · n next  N previous  esc clear"]
    else:
        quotes = render.targets(analysis, None)
        if selection.current in quotes:  # walking every quote with ] and [
            parts.append((f"{position(quotes, selection.current, 'quote')} · ", "bold"))
        counts = f"{len(render.shown_entities(analysis))} entities · {len(analysis.quotes)} quotes · {analysis.model}"
        parts.append((counts, "dim"))
        if review_progress is not None and review_progress[1]:
            done, total = review_progress
            parts.append((f" · {done}/{total} reviewed", "dim"))
    if background.saving:
        parts.append(("   saving…", "dim"))
    if background.reviews:
        parts.append((f"   {background.reviews}", "$text-warning"))
    progress = background.progress
    if progress is not None and progress[0] < progress[1] and not background.model_notice:
        parts.append((f"   analysed {progress[0]}/{progress[1]}", "dim"))
    return Content.assemble(*parts)
