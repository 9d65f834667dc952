"""The one rule for strings newsview did not write itself: article text, file names, rows of
the review store, cache entries, configuration and the environment.

Every such string passes through this module where it enters the program, so whatever
widget or export later shows it receives a string that cannot drive a terminal:

* control characters a terminal acts on are removed (C0 but tab and newline, DEL, C1): ESC
  starts escape sequences (OSC 52 writes the clipboard, OSC 2 the window title) and 0x9b/0x9d
  are their one-byte C1 forms. Removing the control byte defuses the sequence; its printable
  remainder (``]2;PWN``) stays visible, which also shows the reader that something was there;
* invisible characters that change what is displayed or hide text from search are removed:
  bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) reorder what a terminal or
  an exported file shows ("Trojan Source"); zero-width space, word joiner, invisible operators,
  BOMs, soft hyphens and the Mongolian vowel separator split a name invisibly; interlinear
  annotation marks, deprecated format characters and the tag block (U+E0000-E007F, used to
  smuggle invisible instructions into text). The plain marks LRM/RLM/ALM stay (Arabic and Hebrew
  need them and they cannot reorder a run), and so do ZWJ and ZWNJ (emoji, Persian, Indic);
* lone surrogates (JSON ``"\\ud800"`` escapes, undecodable file names) cannot be encoded, so
  printing one would crash: text gets U+FFFD, a file name shows the byte it stood for (``\\xff``).

``safe_text`` keeps the line structure, ``clean_line`` makes one line for a label,
``path_label`` shows a file name, ``to_json`` writes JSON in which no control or bidi
character appears unescaped (a reader's terminal or editor would act on them), and
``parse_json`` reads JSON of any depth as either a value or a ValueError.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from typing import Any

__all__ = ["JSONTooDeep", "clean_line", "parse_json", "path_label", "safe_text", "to_json"]

_SURROGATES = re.compile("[\ud800-\udfff]")

# Line and paragraph separators that are not "\n". FF, VT and NEL are controls, but
# deleting them would glue the words either side together, so they become newlines.
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")

_INVISIBLE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Combining marks that NFC folds into a precomposed letter: decomposed text (macOS file
# names, some CMS exports) would otherwise not match the same name typed normally.
# NFC costs more than all the rest together, so it runs only when one of these is present.
_COMBINING_CHARS = "\u0300-\u036f\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f"
_COMBINING = re.compile(f"[{_COMBINING_CHARS}]")
# Anything any of the above would change: most strings have none, and one scan says so.
_SUSPECT = re.compile(f"[\r\x85\u2028\u2029\ud800-\udfff{_INVISIBLE_CHARS}{_COMBINING_CHARS}]")

_SPACE_RUNS = re.compile(r"\s+")


def safe_text(s: str) -> str:
    """``s`` with nothing a terminal would act on, ``\\n`` newlines; idempotent.

    Text that is already safe comes back unchanged (the same object), so offsets into
    cleaned text stay valid when it is checked again.
    """
    if not _SUSPECT.search(s):
        return s
    s = _SURROGATES.sub("\ufffd", s)
    s = _NEWLINES.sub("\n", s)
    s = _INVISIBLE.sub("", s)
    return unicodedata.normalize("NFC", s) if _COMBINING.search(s) else s


def clean_line(s: str) -> str:
    """One line for a label (title, file name, reviewer, entity name): safe, whitespace collapsed."""
    return _SPACE_RUNS.sub(" ", safe_text(s)).strip()


def _escaped_byte(match: re.Match[str]) -> str:
    code = ord(match.group())
    # surrogateescape maps an undecodable byte b to U+DC00 + b; other surrogates have no byte.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def path_label(path: str | bytes | os.PathLike[Any]) -> str:
    """A file name as shown and exported: one safe line of valid UTF-8.

    A byte the file system's encoding could not decode shows as ``\\xff`` rather than a
    replacement character, so two such names stay apart and the reader can find the file.
    """
    name = os.fsdecode(path)
    return clean_line(_SURROGATES.sub(_escaped_byte, name))


# What JSON writers leave raw with ensure_ascii=False and a terminal, editor or browser
# acts on: DEL and C1 controls, every bidi control (marks included: in a JSON document they
# reorder the punctuation around a string), line and paragraph separators (line breaks to
# JavaScript), invisible characters, and lone surrogates (not encodable as UTF-8).
_JSON_ESCAPE = re.compile(f"[\u061c\u200e\u200f\u2028\u2029\ud800-\udfff{_INVISIBLE_CHARS}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # the tag block: JSON spells a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def to_json(data: Any, **options: Any) -> str:
    """``json.dumps`` keeping readable text (``ensure_ascii=False``) but escaping every control,
    bidi or invisible character, so the document shows the same in any terminal or editor.

    Outside strings JSON has only ASCII punctuation, so every match is inside a string, where
    ``\\uXXXX`` means the same character.
    """
    return _JSON_ESCAPE.sub(_json_escape, json.dumps(data, ensure_ascii=False, **options))


class JSONTooDeep(ValueError):
    """JSON nested deeper than the parser can follow: well-formed perhaps, but unusable."""


def parse_json(text: str | bytes) -> Any:
    """``json.loads``, with nesting too deep for the parser (``[`` x 100,000) a ValueError
    (JSONTooDeep) like any other malformed input instead of a RecursionError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONTooDeep("nested too deeply") from None
