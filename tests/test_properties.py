"""Properties of text cleaning on arbitrary input."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.ingest.text import clean_line, clean_text, decode_bytes

# Any code point, surrogates included (they reach us from JSON "\ud800" escapes).
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()))
# Article-shaped text: words, punctuation, spaces and every kind of line break, so that the
# paragraphing and unwrapping rules run on many layouts.
PROSE = st.lists(
    st.sampled_from(list('aZ .,:-#>"”\t\n\r\u2028') + ["word", "Word", "- ", "\n\n", "é", "e\u0301", "x" * 45])
).map("".join)


def _controls(s: str) -> set[str]:
    return {c for c in s if unicodedata.category(c) == "Cc" and c not in "\n\t"}


@settings(max_examples=500)
@given(ANY_TEXT)
def test_clean_text_leaves_no_controls(s: str) -> None:
    cleaned = clean_text(s)
    assert not _controls(cleaned)
    assert "\r" not in cleaned and "\n\n\n" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogates


@settings(max_examples=500)
@given(st.one_of(ANY_TEXT, PROSE))
def test_clean_text_is_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@settings(max_examples=300)
@given(PROSE)
def test_paragraphing_only_changes_whitespace(s: str) -> None:
    cleaned = clean_text(s)
    assert "".join(cleaned.split()) == "".join(unicodedata.normalize("NFC", s).split())
    assert all(line == line.rstrip() for line in cleaned.split("\n"))


@given(ANY_TEXT)
def test_clean_line_is_one_clean_line(s: str) -> None:
    line = clean_line(s)
    assert "\n" not in line and "\t" not in line and not _controls(line)
    assert line == line.strip() and clean_line(line) == line


@given(st.binary())
def test_decode_bytes_returns_text_or_refuses_clearly(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ValueError as exc:  # NotText
        assert str(exc)
    else:
        assert isinstance(text, str)
