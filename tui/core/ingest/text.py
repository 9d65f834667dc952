"""Cleaning untrusted text: what every article, title and name passes through on loading.

Article text reaches the terminal, spaCy and the JSON output, so it is made safe and
regular once, here: ``tui.core.untrusted.safe_text`` removes what a terminal would act on
or what spoofs the display, then newlines are normalised and paragraphs are separated by
one blank line. Offsets computed later index this cleaned text, so ``clean_text`` is
idempotent: cleaning twice never moves an offset.
"""

from __future__ import annotations

import codecs
import re

from tui.core.untrusted import clean_line, safe_text

__all__ = ["NotText", "clean_line", "clean_text", "decode_bytes", "detect_encoding"]


class NotText(ValueError):
    """Bytes that are not a text document (an image, an archive, a PDF...)."""


# spaCy's tokenizer peels punctuation off a token one character at a time, rescanning the rest
# each time, so a run of punctuation with no letter, digit or space in it costs far more than
# its length (measured: 2,000 '[' then 2,000 ']' take 10 s, 8,000 of each 47 s; runs with
# letters in them, URLs, base64 and CJK text are cheap). Such a run is cut to this many
# characters, and the text says so where it was cut, so an article costs about its length.
MAX_PUNCTUATION_RUN = 200
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}")

# A line that ends a sentence ends in terminal punctuation, then any closing quotes or brackets.
_SENTENCE_END = ".!?:;…"
_CLOSERS = "\"'”’»)]}*_"
# Lines that stand on their own even without a blank line: list items, block quotes, tables.
_OWN_LINE = re.compile(r"\s*(?:[-*+•–—]\s|\d{1,3}[.)]\s|[>|])")
# A line this long that stops mid-sentence is wrapped prose, not a byline or an address.
_PROSE_LINE = 40


def clean_text(s: str) -> str:
    """Article text: safe characters, ``\\n`` newlines, paragraphs separated by one blank line.

    Trailing spaces go, blank lines (whitespace only) separate blocks, and runs of them
    count as one. Within a block, wrapped lines are joined (``_unwrap_block``); text with
    several lines and no blank line at all is paragraphed (``_paragraph_lines``).
    """
    blocks: list[list[str]] = [[]]
    for line in _cut_punctuation_runs(safe_text(s)).strip().split("\n"):
        line = line.rstrip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if len(blocks) > 1:
        return "\n\n".join(_unwrap_block(block) for block in blocks)
    return _paragraph_lines(blocks[0]) if blocks else ""


def _punctuation(c: str) -> bool:
    return not (c.isalnum() or c.isspace() or c == "_")


def _may_have_long_run(s: str) -> bool:
    """Whether a punctuation run over the limit could be in ``s``, from a sample of its characters.

    A run longer than 2k covers two sample points k apart and everything between: checking
    those is a small fraction of scanning every character with the regex (20x the cost of
    the rest of the cleaning on a 5 MB article)."""
    step = MAX_PUNCTUATION_RUN // 2
    for p in range(0, len(s) - step, step):
        if _punctuation(s[p]) and _punctuation(s[p + step]) and all(map(_punctuation, s[p : p + step])):
            return True
    return False


def _cut_punctuation_runs(s: str) -> str:
    """Each run of punctuation over MAX_PUNCTUATION_RUN characters cut, with a note of how much went."""
    if not _may_have_long_run(s):
        return s

    def cut(match: re.Match[str]) -> str:
        run, kept = match.group(), MAX_PUNCTUATION_RUN
        return f"{run[:kept]} [newsview cut {len(run) - kept:,} more punctuation characters here]"

    return _PUNCTUATION_RUN.sub(cut, s)


def _mid_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END and not line.lstrip().startswith("#")


def _continues(line: str, nxt: str) -> bool:
    """Whether the break between two lines is a wrap inside a sentence."""
    if _OWN_LINE.match(nxt) or not _mid_sentence(line):
        return False
    return nxt.lstrip()[:1].islower() or len(line) >= _PROSE_LINE


def _unwrap_block(lines: list[str]) -> str:
    """Join the wrapped lines of one blank-line-separated paragraph; keep deliberate breaks.

    The decision looks only at the line built so far and the start of the next one, so a
    second pass sees the same lines and decides the same: cleaning stays idempotent.
    """
    out = [lines[0]]
    for line in lines[1:]:
        if _continues(out[-1], line):
            out[-1] += " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def _paragraph_lines(lines: list[str]) -> str:
    """Several lines and no blank line: one paragraph per line, or hard-wrapped prose.

    Most lines (more than half) stopping mid-sentence means the text was wrapped at a fixed width; then a
    break is a wrap when the next line's first word would not have fitted on the line (or
    the sentence visibly continues), and a paragraph break otherwise (a short last line, a
    headline). Otherwise every line is a paragraph, except a line that visibly continues
    in lowercase. The result has no single newlines left, so a second pass keeps it.
    """
    if len(lines) == 1:
        return lines[0]
    wrapped = sum(map(_mid_sentence, lines[:-1])) * 2 > len(lines) - 1
    width = max(map(len, lines))
    paragraphs = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        fits = len(prev) + 1 + len(line.split(maxsplit=1)[0]) <= width
        continues = (wrapped and not fits) or (_mid_sentence(prev) and line.lstrip()[:1].islower())
        if continues and not _OWN_LINE.match(line):
            paragraphs[-1] += " " + line.lstrip()
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


# How much of a file is sniffed for binary data. A NUL byte alone means binary (random
# bytes have one in any 8 kB); beyond that, a file mostly of control bytes is not text. The
# share is generous because a short hostile article can be dense with escape sequences.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.3
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_TEXT_BYTES = bytes(c for c in range(256) if c not in _CONTROL_BYTES)
# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one. These codecs drop the BOM.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_encoding(data: bytes, final: bool = True) -> str:
    """The encoding of a file from its bytes (``final=False``: only its first bytes).

    A BOM decides; otherwise UTF-8 when the bytes are valid UTF-8 (legacy text almost never
    is by accident), then cp1252 (Windows files with curly quotes), then Latin-1, which
    accepts any byte. Raises NotText for binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise NotText("binary data, not text (it contains NUL bytes)")
    if head and len(head.translate(None, _TEXT_BYTES)) > _MAX_CONTROL_SHARE * len(head):
        raise NotText("binary data, not text (mostly control bytes)")
    try:
        # Incremental, so that a sample cut inside a multi-byte character still counts as UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        return "latin-1"


def decode_bytes(b: bytes) -> str:
    """Text from a whole file's bytes (see ``detect_encoding``); raises NotText for binary data."""
    encoding = detect_encoding(b)
    try:
        return b.decode(encoding)
    except UnicodeDecodeError as exc:  # a BOM that lied, or UTF-16 cut short
        raise NotText(f"not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
