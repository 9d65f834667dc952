"""Cleaning untrusted text and decoding the bytes of legacy files."""

from __future__ import annotations

import pytest

from tui.core.ingest.text import NotText, clean_line, clean_text, decode_bytes, detect_encoding

ESCAPES = "Title\n\nHe said \x1b]2;TITLE\x07 and \x1b[5mblinked\x1b[0m [bold red]X[/] [@click=app.quit]Y[/]."


def test_escape_sequences_lose_their_control_bytes_and_markup_stays_literal() -> None:
    cleaned = clean_text(ESCAPES)
    assert "\x1b" not in cleaned and "\x07" not in cleaned
    assert cleaned == "Title\n\nHe said ]2;TITLE and [5mblinked[0m [bold red]X[/] [@click=app.quit]Y[/]."


def test_c1_controls_and_one_byte_csi_are_removed() -> None:
    assert clean_text("a\x9b31mb\x9d0;x\x9cc\x7fd\x00e") == "a31mb0;xcde"


def test_newlines_are_normalised() -> None:
    assert clean_text("One.\r\n\r\nTwo.\rThree.\u2028Four.\u2029\u2029Five.") == "One.\n\nTwo.\nThree.\nFour.\n\nFive."


def test_form_feed_and_nel_separate_rather_than_glue_words() -> None:
    assert clean_text("One.\x0cTwo.\x85Three.") == "One.\n\nTwo.\n\nThree."


def test_bom_dropped_wherever_it_is() -> None:
    assert clean_text("\ufeffHeadline\n\nBody \ufefftext.") == "Headline\n\nBody text."


def test_bidi_overrides_and_invisible_characters_removed() -> None:
    # RLO would display "evil.exe" backwards; ZWSP hides "Putin" from search and matching.
    spoof = "Pu\u200btin said\u00ad \u202eexe.live\u202c and \u2066isolated\u2069 \U000e0041\U000e0042tags."
    assert clean_text(spoof) == "Putin said exe.live and isolated tags."


def test_marks_needed_by_real_scripts_are_kept() -> None:
    # RLM in Hebrew, ZWNJ in Persian ("می‌خواهم"), ZWJ in an emoji family.
    text = (
        "\u05e9\u05dc\u05d5\u05dd\u200f. \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645."
        " \U0001f468\u200d\U0001f469\u200d\U0001f467."
    )
    assert clean_text(text) == text


def test_decomposed_accents_are_composed() -> None:
    assert clean_text("Jose\u0301 Mari\u0301a said so.") == "Jos\u00e9 Mar\u00eda said so."


def test_lone_surrogates_become_replacement_characters() -> None:
    cleaned = clean_text("bad \ud800 pair")
    assert cleaned == "bad \ufffd pair"
    cleaned.encode("utf-8")  # printable, writable to a terminal or a file


def test_trailing_space_trimmed_and_blank_runs_collapsed() -> None:
    raw = "  Headline  \n \t \n\n\n\nFriday, January 4, 2019 \n\n\n\nBody.\t \n\n\n"
    assert clean_text(raw) == "Headline\n\nFriday, January 4, 2019\n\nBody."


def test_tabs_and_indentation_inside_lines_are_kept() -> None:
    assert (
        clean_text("Table:\n\nname\tvalue\n\n  indented paragraph.") == "Table:\n\nname\tvalue\n\n  indented paragraph."
    )


def test_one_paragraph_per_line_is_paragraphed() -> None:
    raw = "Headline without a full stop\nThe first paragraph is a sentence.\nThe second one, too.\nThe third."
    assert clean_text(raw) == (
        "Headline without a full stop\n\nThe first paragraph is a sentence.\n\nThe second one, too.\n\nThe third."
    )


HARD_WRAPPED = """\
Syrian opposition leader Moaz al-Khatib was invited to visit Moscow after
his first meeting with Russia's Foreign Minister Sergei Lavrov in Munich,
Reuters reported Saturday. Khatib said he would consider the invitation
and the talks.
Lavrov said that he wants to keep in regular contact with Syria's
opposition. The two men met on the sidelines of the Munich Security
Conference on Saturday.
- a list item stays a line
- and so does this one"""


def test_hard_wrapped_prose_without_blank_lines_is_unwrapped_into_paragraphs() -> None:
    assert clean_text(HARD_WRAPPED) == (
        "Syrian opposition leader Moaz al-Khatib was invited to visit Moscow after his first meeting "
        "with Russia's Foreign Minister Sergei Lavrov in Munich, Reuters reported Saturday. Khatib said "
        "he would consider the invitation and the talks."
        "\n\nLavrov said that he wants to keep in regular contact with Syria's opposition. The two men met "
        "on the sidelines of the Munich Security Conference on Saturday."
        "\n\n- a list item stays a line"
        "\n\n- and so does this one"
    )


def test_wrapped_lines_inside_a_paragraph_are_joined_deliberate_breaks_kept() -> None:
    raw = (
        "Headline\n\n"
        "Moaz al-Khatib was invited to visit Moscow after his\n"
        "first meeting with Lavrov, Reuters reported.\n\n"
        "By Jane Doe\nReuters\n\n"
        "Published: Updated:\nSaturday."
    )
    assert clean_text(raw) == (
        "Headline\n\n"
        "Moaz al-Khatib was invited to visit Moscow after his first meeting with Lavrov, Reuters reported.\n\n"
        "By Jane Doe\nReuters\n\n"
        "Published: Updated:\nSaturday."
    )


def test_markdown_lists_and_headings_keep_their_lines() -> None:
    raw = "# Heading\nintro line\n\n- one\n- two\n> quoted"
    assert clean_text(raw) == raw


def test_single_huge_line() -> None:
    line = ("word " * 400_000).strip() + "."  # 2 MB, no newline
    assert clean_text(line) == line


@pytest.mark.parametrize("raw", [ESCAPES, HARD_WRAPPED, "a\r\nb\n\n\nc", "x\u2028\u2028y", ".\n.\n.\n\nTitle"])
def test_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


def test_empty_and_whitespace_only() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\t\r\n\x1b\u200b ") == ""


def test_clean_line_is_one_safe_line() -> None:
    assert clean_line("  A\ttitle\r\nover \x1b]2;pwned\x07 lines\u2029 ") == "A title over ]2;pwned lines"
    assert clean_line("file\udcffname.txt") == "file\ufffdname.txt"  # os.fsdecode of a bad byte


# --- decoding -------------------------------------------------------------------------


def test_utf8_with_and_without_bom() -> None:
    text = "“Quoted,” said Zoë — 5 €."
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    text = "“Quoted,” said Zoë.\n"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    assert decode_bytes(bom + text.encode(codec)) == text


def test_cp1252_curly_quotes_are_not_mojibake() -> None:
    data = "“Hello,” she said – it’s 5 €.".encode("cp1252")
    assert decode_bytes(data) == "“Hello,” she said – it’s 5 €."


def test_latin1_file() -> None:
    # 0x81 is undefined in cp1252, so this can only be Latin-1.
    data = "Café Müller, señor\x81".encode("latin-1")
    assert decode_bytes(data) == "Café Müller, señor\x81"
    assert clean_text(decode_bytes(data)) == "Café Müller, señor"


def test_utf8_is_preferred_over_legacy_guesses() -> None:
    # Valid UTF-8 would also decode as cp1252, into mojibake ("CafÃ©").
    assert decode_bytes("Café".encode()) == "Café"


def test_binary_data_is_refused() -> None:
    with pytest.raises(NotText, match="NUL"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(NotText, match="control bytes"):
        decode_bytes(bytes(range(1, 32)) * 40)


def test_a_utf16_file_cut_mid_character_is_refused_not_garbled() -> None:
    with pytest.raises(NotText, match="utf-16"):
        decode_bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"c")


def test_detect_encoding_on_a_prefix_cut_inside_a_character() -> None:
    sample = "Zoë".encode()[:-1]  # the sample stops between the two bytes of ë
    assert detect_encoding(sample, final=False) == "utf-8"
    assert detect_encoding(sample) == "cp1252"  # as a whole file it is not UTF-8
