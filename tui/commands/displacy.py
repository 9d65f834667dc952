"""``export --format displacy``: articles in spaCy's manual-render format.

One dict per article that ``spacy.displacy.render(docs, style="ent", manual=True)`` draws
from ``text`` and ``ents``, and ``style="span"`` from ``tokens`` and ``spans`` (the quotes,
labelled by kind). displaCy escapes the text and tokens it draws but inserts labels and the
title into its HTML as they are, so labels come from a fixed vocabulary and the title is
HTML-escaped here: an article's title cannot add markup or script to the rendered page.
The speaker, verdict and quote id ride along in each span under keys displaCy ignores.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from typing import Any

from tui.core.review.store import ReviewedArticle, ReviewedQuote
from tui.core.untrusted import clean_line

_TOKEN = re.compile(r"\S+")
_LABEL = re.compile(r"[A-Z][A-Z_]{0,30}")  # spaCy's labels: PERSON, ORG, WORK_OF_ART ...


def quote_label(kind: str) -> str:
    return f"{kind.upper()}_QUOTE"


def _tokens(text: str, cuts: set[int]) -> tuple[list[str], list[int]]:
    """Whitespace-separated tokens, also cut at every quote boundary (a span starts and ends
    on a token boundary), and the offset each starts at."""
    tokens: list[str] = []
    starts: list[int] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        points = [start, *sorted(c for c in cuts if start < c < end), end]
        for a, b in zip(points, points[1:]):
            tokens.append(text[a:b])
            starts.append(a)
    return tokens, starts


def article_displacy(reviewed: ReviewedArticle, quotes: list[ReviewedQuote]) -> dict[str, Any]:
    """One article for displaCy: its entities, and ``quotes`` (those with a place in this text) as spans."""
    analysis = reviewed.analysis
    text = analysis.article.text
    placed = [r for r in quotes if r.located and 0 <= r.quote.start < r.quote.end <= len(text)]
    ents = sorted(
        (
            {"start": s, "end": e, "label": entity.label if _LABEL.fullmatch(entity.label) else "ENTITY"}
            for entity in analysis.entities
            for s, e in entity.mentions
            if 0 <= s < e <= len(text)
        ),
        key=lambda ent: (ent["start"], ent["end"]),
    )
    tokens, starts = _tokens(text, {offset for r in placed for offset in (r.quote.start, r.quote.end)})
    spans = []
    for r in placed:
        q = r.quote
        spans.append(
            {
                "start": q.start,
                "end": q.end,
                "start_token": bisect_left(starts, q.start),
                "end_token": bisect_left(starts, q.end),
                "label": quote_label(q.kind),
                "kb_id": "",
                "kb_url": "#",
                "id": q.id,
                "speaker": q.speaker.name if q.speaker else None,
                "verdict": r.review.verdict if r.review else None,
            }
        )
    title = clean_line(analysis.article.title or analysis.article.source)
    return {
        "text": text,
        "title": html.escape(title),
        "ents": ents,
        "tokens": tokens,
        "spans": spans,
        "settings": {"lang": "en", "direction": "ltr"},
    }
