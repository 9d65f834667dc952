"""Properties of the whole analysis over hostile text: never an exception, offsets exact.

Runs the real model on generated text: arbitrary Unicode, unbalanced and nested quote
marks, huge paragraphs. Every offset must fall inside the text, every quote's text must
be ``text[start:end]``, and the same input must give the same output.
"""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import quoted_paragraphs
from tui.core.ingest.text import clean_text
from tui.core.models import Analysis

MARKS = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e"]
WORDS = [
    "said",
    "told",
    "he",
    "she",
    "Ann Lee",
    "Reuters",
    "according to",
    "the minister",
    "that",
    ",",
    ".",
    "\n\n",
    ":",
]

newsy_text = st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(
    lambda parts: " ".join(parts)
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_consistent(analysis: Analysis) -> None:
    text = analysis.article.text
    n = len(text)
    ids = set()
    for entity in analysis.entities:
        assert entity.id not in ids
        ids.add(entity.id)
        assert entity.mentions == tuple(sorted(entity.mentions))
        for start, end in entity.mentions:
            assert 0 <= start < end <= n
    for quote in analysis.quotes:
        assert quote.kind in ("direct", "indirect", "mixed")
        assert 0 <= quote.start <= quote.end <= n
        assert text[quote.start : quote.end] == quote.text
        if quote.cue_span:
            assert 0 <= quote.cue_span[0] < quote.cue_span[1] <= n
        if quote.speaker and quote.speaker.mention:
            s, e = quote.speaker.mention
            assert 0 <= s < e <= n and text[s:e] == quote.speaker.text
        if quote.speaker and quote.speaker.entity:
            assert quote.speaker.entity in ids
    starts = [q.start for q in analysis.quotes]
    assert starts == sorted(starts), "quotes come in text order"


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(analyse_text, raw):
    assert_consistent(analyse_text(clean_text(raw)))


@SETTINGS
@given(newsy_text)
def test_unbalanced_and_nested_marks_keep_offsets_exact(analyse_text, raw):
    text = clean_text(raw)
    first = analyse_text(text)
    assert_consistent(first)
    assert analyse_text(text) == first, "deterministic for the same input"


def test_huge_paragraph_without_breaks(analyse_text):
    text = ("\u201cWe will build it,\u201d Ann Lee said " * 1000).strip()
    analysis = analyse_text(text)
    assert_consistent(analysis)
    assert len(analysis.quotes) >= 990


def test_an_article_over_spacys_length_limit_is_analysed_whole(tmp_path):
    """Over 1,000,000 characters: parsed in chunks, offsets into the whole text, quotes found."""
    body = quoted_paragraphs(10_500)
    assert len(body) > 1_000_000
    path = tmp_path / "long.txt"
    path.write_text("A long article\n\n" + body, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert len(data["text"]) > 1_000_000
    quotes = data["quotes"]
    assert len(quotes) >= 10_000
    assert all(data["text"][q["start"] : q["end"]] == q["text"] for q in quotes)
    assert quotes[-1]["start"] > 1_000_000, "quotes past the first chunk keep whole-text offsets"
