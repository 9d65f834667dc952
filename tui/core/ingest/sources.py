"""Loading articles: text, Markdown and HTML files, JSON/JSONL/CSV corpora, directories, stdin.

Two kinds of failure: ``InputError`` when an input as a whole is unusable (the CLI exits 2),
and ``LoadProblem`` for one file or record skipped while the rest loads. Everything read is
untrusted: text goes through ``clean_text``, titles and fields shown in a line through
``clean_line``, and a file name is shown (``Article.source``, problems, errors) as its
``path_label`` while the name itself is kept only to open the file. Only regular files are
read (``tui.core.files``): a FIFO, socket or device is skipped with one line, never waited on.

An ``http://`` or ``https://`` argument is fetched (``fetch``: bounded in time, size and
redirects); a page, from the web, a file or stdin, is recognised by its content as well as
by its name, and its canonical URL, date and byline are read from its metadata.

``Article.text`` is everything the article says, headline included: a text file's title
line stays in its text, and a record's or HTML page's title is put in front of its text
(unless the text already starts with it), because quotes and names in headlines count.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import re
import stat
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import tui
from tui.core.files import NotRegularFile, open_regular
from tui.core.ingest.text import NotText, clean_line, clean_text, decode_bytes, detect_encoding
from tui.core.models import Article
from tui.core.untrusted import JSONTooDeep, parse_json, path_label

__all__ = ["InputError", "LazyArticles", "LoadProblem", "bundled_articles_dir", "load_path", "load_paths"]

# A whole file is held in memory (and a JSON file parsed at once) only up to this size;
# JSONL and CSV corpora above it are read record by record.
MAX_FILE_BYTES = 50 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024

_TEXT, _HTML, _JSON, _JSONL, _CSV = ".txt", ".html", ".json", ".jsonl", ".csv"
_KINDS = {
    ".txt": _TEXT,
    ".md": _TEXT,
    ".html": _HTML,
    ".htm": _HTML,
    ".json": _JSON,
    ".jsonl": _JSONL,
    ".ndjson": _JSONL,
    ".csv": _CSV,
}
# newsview's own gold annotations sit beside the articles they annotate (eval/dev): not articles.
_SIDECAR_SUFFIX = ".gold.json"
# A project's own files, found beside articles in a folder that is a repository or a download.
_PROJECT_FILE = re.compile(
    r"(?:licen[cs]e|copying|readme|changelog|changes|history|contributing|authors|notice|"
    r"code_of_conduct|security)(?:[._-].*)?$",
    re.I,
)
_NAMES_SHOWN = 5

# A title is one short line; lines without a letter ("...", "***") are decoration, not titles.
_MAX_TITLE = 200
_LETTER = re.compile(r"[^\W\d_]")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# A document that starts like a web page: a doctype, <html>, <head> or <body> (after comments
# or an XML declaration). Prose that merely mentions a tag further in stays text.
_HTML_START = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


@dataclass(frozen=True)
class LoadProblem:
    """One file or record skipped; the rest of the input still loads."""

    source: str  # path, or "path#7" for the 7th record of a corpus file
    message: str  # one line: "not valid JSON at line 3: ...", "no text field", ...


class InputError(Exception):
    """An input that is unusable as a whole: missing, unreadable, binary, no articles in it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class _Skip(Exception):
    """A record or file to report as a LoadProblem."""


Loaded = tuple[list[Article], list[LoadProblem]]


def bundled_articles_dir() -> Path:
    """The articles newsview opens with no PATH.

    In a wheel they are package data (``tui/_articles``); in a source checkout or an editable
    install, the ``articles/`` folder beside the ``tui`` package.
    """
    package = Path(tui.__file__).resolve().parent
    packaged = package / "_articles"
    return packaged if packaged.is_dir() else package.parent / "articles"


def load_paths(paths: Sequence[str], stdin: BinaryIO | None = None, lazy: bool = False) -> Loaded:
    """Every article of every path in order; ``-`` is stdin. Raises InputError (see load_path).

    ``lazy`` (the app): the articles come as a ``LazyArticles`` whose text files found in
    directories are read, and whose corpus records are cleaned, only when first asked for
    (see ``LazyArticles``).
    """
    articles: list = []
    problems: list[LoadProblem] = []
    for path in paths:
        if path == "-":
            found, skipped = _load_stdin(stdin or sys.stdin.buffer)
        elif "://" in path:  # an address, not a file name (urllib only when one is given)
            found, skipped = _load_url(path)
        else:
            found, skipped = load_path(path, lazy)
        articles += found
        problems += skipped
    return (LazyArticles(articles) if lazy else articles), problems


def load_path(path: str | Path, lazy: bool = False) -> Loaded:
    """The articles of one file or directory (recursively).

    Raises InputError for a missing or unreadable path, a binary file, or a directory in
    which no article could be read. ``lazy``: see ``load_paths``; its list may then hold
    ``_Pending`` files for ``LazyArticles`` to read.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(path_label(path), _os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        return _load_dir(str(path), lazy)
    return _load_file(str(path), info.st_size, lazy)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def _load_dir(directory: str, lazy: bool = False) -> Loaded:
    label = path_label(directory)
    not_articles: list[str] = []
    files = list(_walk(directory, not_articles))
    if not files:
        raise InputError(label, f"no articles here (looked for {', '.join(sorted(_KINDS))} files)")
    articles: list = []
    problems: list[LoadProblem] = []
    for file, kind, entry in files:
        # Once one article is read (the app shows it first), a file holding one article is
        # listed by name and read later; corpus files (JSON, JSONL, CSV) hold an unknown
        # number of articles, so they are read now to keep every article's place in the list
        # (their records are cleaned later).
        if lazy and articles and kind in (_TEXT, _HTML):
            articles.append(_Pending(file))  # not even its size yet: a stat call each is 6 ms a thousand
            continue
        try:
            found, skipped = _load_file(file, _size(entry), lazy)
        except InputError as exc:  # one bad file does not spoil the directory
            found, skipped = [], [LoadProblem(exc.source, exc.reason)]
        articles += found
        problems += skipped
    if not articles:
        first = problems[0]
        raise InputError(label, f"no readable article ({first.source}: {first.message})")
    if not_articles:  # said once for the directory, not once a file
        shown = ", ".join(not_articles[:_NAMES_SHOWN]) + (
            f" and {len(not_articles) - _NAMES_SHOWN} more" if len(not_articles) > _NAMES_SHOWN else ""
        )
        files_are = (
            "1 file that is not an article"
            if len(not_articles) == 1
            else f"{len(not_articles)} files that are not articles"
        )
        problems.append(LoadProblem(label, f"{files_are}: {shown}"))
    return articles, problems


def _walk(directory: str, not_articles: list[str]) -> Iterator[tuple[str, str, os.DirEntry]]:
    """Article files under a directory, sorted, symlinked folders not followed (a link to a
    parent would never end). Hidden folders are not entered; a hidden file or a project file
    (LICENSE.md, README.txt) that has an article's extension is left out and its name added
    to ``not_articles``. Files of other kinds (images, scripts) are passed over in silence."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(path_label(directory), _os_reason(exc)) from None
    for entry in entries:
        hidden = entry.name.startswith(".")
        if entry.is_dir(follow_symlinks=False):
            if not hidden:
                yield from _walk(entry.path, not_articles)
            continue
        kind = _kind(entry.name)
        if not kind or entry.name.lower().endswith(_SIDECAR_SUFFIX):
            continue
        if hidden or _PROJECT_FILE.match(entry.name):
            not_articles.append(path_label(entry.name))
        else:
            yield entry.path, kind, entry


def _size(entry: os.DirEntry | str) -> int:
    """The size stat gives (a hint for reading), 0 for a dangling link: _load_file says what is wrong."""
    try:
        return entry.stat().st_size if isinstance(entry, os.DirEntry) else os.stat(entry).st_size
    except OSError:
        return 0


@dataclass(frozen=True)
class _Pending:
    """A file listed by its name, read when ``LazyArticles`` is first asked for it."""

    path: str  # kept only to open the file; shown as its path_label


@dataclass(frozen=True)
class _PendingRecord:
    """A corpus record listed by its title, its text cleaned when ``LazyArticles`` is first
    asked for it (the fields as ``_record_fields`` found them)."""

    source: str
    label: str  # the corpus file's, for a record without a title
    title: str | None
    text: str
    url: Any
    date: Any

    def article(self) -> Article:
        return _article(self.source, self.title, self.text, self.label, self.url, self.date)


class LazyArticles(Sequence[Article]):
    """The app's articles: a directory's text files are read, and a corpus's records cleaned,
    when first asked for.

    The list of a 3,000-file directory is on screen before its files are read: a row shows
    its file name (``peek`` is None) until a worker or the analysis has read the file. A file
    is read exactly as ``load_path`` reads it (regular files only, the size limit, cleaned
    text, its name shown as its ``path_label``); a record is cleaned as ``load_path`` cleans
    it. A file that turns out unreadable, or a record with no text once cleaned, stays in its
    place as an empty article titled with its name, its reason in ``problem``.
    Thread-safe: the analysis worker, a reading worker and the screen may ask at once.
    """

    def __init__(self, items: Iterable[Article | _Pending | _PendingRecord]) -> None:
        self._items: list[Article | _Pending | _PendingRecord] = list(items)
        self._problems: dict[int, str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]
        if isinstance(item, Article):
            return item
        with self._lock:
            item = self._items[index]
            if not isinstance(item, Article):
                item = self._items[index] = self._read(index, item)
            return item

    def peek(self, index: int) -> Article | None:
        """The article if its file has been read, without reading it."""
        item = self._items[index]
        return item if isinstance(item, Article) else None

    def source(self, index: int) -> str:
        """What the article list shows before the item is read: a file's name as shown
        anywhere, a record's title (one line, cleaned) or else its place in its file."""
        item = self._items[index]
        if isinstance(item, _Pending):
            return path_label(item.path)
        if isinstance(item, _PendingRecord):
            return clean_line(item.title or "") or item.source
        return item.source

    def problem(self, index: int) -> str | None:
        """Why the file at ``index`` gave no article, once it has been read."""
        return self._problems.get(index)

    def unread(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if not isinstance(item, Article)]

    def _read(self, index: int, pending: _Pending | _PendingRecord) -> Article:
        if isinstance(pending, _PendingRecord):
            try:
                return pending.article()
            except _Skip as exc:
                self._problems[index] = str(exc)
                return Article(source=pending.source, title=pending.source, text="")
        label = path_label(pending.path)
        try:
            found, skipped = _load_file(pending.path, _size(pending.path))
        except InputError as exc:
            found, skipped = [], [LoadProblem(exc.source, exc.reason)]
        if found:
            return found[0]
        self._problems[index] = skipped[0].message if skipped else "no article in it"
        return Article(source=label, title=_fallback_title(label), text="")


def _kind(name: str) -> str | None:
    return _KINDS.get(os.path.splitext(name)[1].lower())


def _load_file(path: str, size: int, lazy: bool = False) -> Loaded:
    kind = _kind(path)
    label = path_label(path)
    try:
        if kind in (_JSONL, _CSV) and size > MAX_FILE_BYTES:
            with _open_stream(path, label) as stream:
                return _parse_corpus(stream, kind, label, lazy)
        text = _read_text(path, label, size)
        return _parse(text, kind, label, lazy)
    except _Skip as exc:
        return [], [LoadProblem(label, str(exc))]


def _read_at_most(f: BinaryIO, limit: int, expected: int) -> bytes:
    """Up to ``limit + 1`` bytes. ``read(limit)`` would reserve the whole limit up front (50 MB
    for every small file), so read what stat promised, then in chunks (pipes, growing files)."""
    chunks: list[bytes] = []
    total, want = 0, min(expected, limit) + 1
    while total <= limit:
        chunks.append(f.read(want))
        total += len(chunks[-1])
        if len(chunks[-1]) < want:  # a buffered read comes back short only at the end
            break
        want = 1 << 20
    return b"".join(chunks)


def _open(path: str, label: str) -> BinaryIO:
    try:
        return open_regular(path)
    except NotRegularFile as exc:
        raise _Skip(str(exc)) from None
    except OSError as exc:
        raise InputError(label, _os_reason(exc)) from None


def _read_text(path: str, label: str, size: int) -> str:
    with _open(path, label) as f:
        try:
            data = _read_at_most(f, MAX_FILE_BYTES, size)
        except OSError as exc:  # EIO, EISDIR on some systems
            raise InputError(label, _os_reason(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise _Skip(
            f"too large (over {MAX_FILE_BYTES // 2**20} MB; split it, or use JSONL or CSV, read record by record)"
        )
    if not data.strip():
        raise _Skip("empty file")
    try:
        return decode_bytes(data)
    except NotText as exc:
        raise InputError(label, str(exc)) from None


def _open_stream(path: str, label: str) -> TextIO:
    """A corpus file too big to hold, as text read as it goes; the encoding from its start."""
    raw = _open(path, label)
    try:
        encoding = detect_encoding(raw.read(_SNIFF_BYTES), final=False)
    except NotText as exc:
        raw.close()
        raise InputError(label, str(exc)) from None
    raw.seek(0)
    # Undecodable bytes far into a huge file become U+FFFD rather than losing the rest.
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


def _load_stdin(stdin: BinaryIO) -> Loaded:
    data = _read_at_most(stdin, MAX_FILE_BYTES, 0)
    if len(data) > MAX_FILE_BYTES:
        return [], [LoadProblem("-", f"too large (over {MAX_FILE_BYTES // 2**20} MB); save it to a .jsonl file")]
    if not data.strip():
        return [], [LoadProblem("-", "empty input")]
    try:
        text = decode_bytes(data)
    except NotText as exc:
        raise InputError("-", str(exc)) from None
    try:
        return _parse(text, None, "-")
    except _Skip as exc:
        return [], [LoadProblem("-", str(exc))]


def _load_url(url: str) -> Loaded:
    from tui.core.ingest.fetch import FetchError, fetch
    from tui.core.ingest.urls import web_url

    label = path_label(url)
    try:
        page = fetch(url)
    except FetchError as exc:
        raise InputError(label, str(exc)) from None
    if not page.body.strip():
        return [], [LoadProblem(label, "empty page")]
    try:
        text = (
            page.body.decode(page.charset, errors="replace") if _known_codec(page.charset) else decode_bytes(page.body)
        )
    except NotText as exc:
        raise InputError(label, f"{page.content_type}: {exc}") from None
    kind = _TEXT if page.content_type == "text/plain" else _HTML if "html" in page.content_type else None
    try:
        if kind == _HTML or (kind is None and _sniff(text) == _HTML):
            return [_html_article(text, label, page.url)], []
        found, problems = _parse(text, kind, label)
        return [replace(a, url=a.url or web_url(page.url)) for a in found], problems
    except _Skip as exc:
        return [], [LoadProblem(label, str(exc))]


def _known_codec(name: str | None) -> bool:
    if not name:
        return False
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _html_article(page: str, label: str, fetched_from: str | None = None) -> Article:
    # The HTML parsers only for HTML input.
    from tui.core.ingest.html_meta import page_meta
    from tui.core.ingest.html_text import html_text

    title, body = html_text(page)
    article = _article(label, title, body, label, empty="no article text found in the page")
    meta = page_meta(page, fetched_from)
    return replace(article, url=meta.url, date=meta.date, author=meta.author)


def _parse(text: str, kind: str | None, label: str, lazy: bool = False) -> Loaded:
    """The articles of a decoded file; ``kind`` None means sniff: JSON, JSON Lines, HTML, else text.
    A "text" file that is a whole HTML document (a page saved as .txt) is read as HTML.
    ``lazy``: a corpus's records are cleaned when first asked for (see ``_collect``)."""
    if kind is None:
        kind = _sniff(text)
    elif kind == _TEXT and _HTML_START.match(text.lstrip("\ufeff \t\r\n")):
        kind = _HTML
    if kind == _TEXT:
        return [_text_article(text, label)], []
    if kind == _HTML:
        return [_html_article(text, label)], []
    if kind == _JSON:
        return _collect(_json_records(text, label), label, lazy)
    return _parse_corpus(io.StringIO(text, newline=""), kind, label, lazy)


def _sniff(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return _HTML
    if head[:1] in ("{", "["):
        try:
            parse_json(text)
            return _JSON
        except JSONTooDeep:  # JSON, but too deep to use: reported as such, not read as text
            return _JSON
        except ValueError:
            pass
        try:
            if isinstance(parse_json(head.split("\n", 1)[0]), dict):
                return _JSONL
        except ValueError:
            pass
    return _TEXT


def _text_article(text: str, label: str) -> Article:
    cleaned = clean_text(text)
    if not cleaned:
        raise _Skip("no text (only whitespace or control characters)")
    title = _title_line(cleaned) or _fallback_title(label)
    return Article(source=label, title=title, text=cleaned)


def _title_line(text: str) -> str | None:
    """The headline: the first paragraph with a letter in it, when it is one short line
    followed by more text."""
    paragraphs = text.split("\n\n", 3)
    for paragraph in paragraphs[:-1]:
        if _LETTER.search(paragraph):
            if "\n" in paragraph or len(paragraph) > _MAX_TITLE:
                return None
            return clean_line(_MD_HEADING.sub("", paragraph)) or None
    return None


def _fallback_title(label: str) -> str:
    """For an article without a headline: its file name (of the corpus file, for a record)."""
    return "(stdin)" if label == "-" else clean_line(Path(label).stem) or label


def _article(
    source: str, title: str | None, body: str, label: str, url: Any = None, date: Any = None, empty: str = "empty text"
) -> Article:
    """An article from a title and a body found separately (a record, an HTML page)."""
    text = clean_text(body)
    if not text:
        raise _Skip(empty)
    title = clean_line(title or "")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return Article(
        source=source,
        title=title or _title_line(text) or _fallback_title(label),
        text=text,
        url=_field(url),
        date=_field(date),
    )


def _field(value: Any) -> str | None:
    """An optional one-line field (url, date): a number is accepted as its text."""
    if value is None:
        return None
    return clean_line(str(value)) or None


def _record_article(record: Any, source: str, label: str) -> Article:
    title, text, url, date = _record_fields(record)
    return _article(source, title, text, label, url, date)


def _record_fields(record: Any) -> tuple[str | None, str, Any, Any]:
    """A record's (title, text, url, date), checked for shape but not cleaned. Raises _Skip."""
    if not isinstance(record, dict):
        raise _Skip(f"not an object but {type(record).__name__}")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    text = fields.get("text")
    if text is None:
        raise _Skip("no text field")
    if not isinstance(text, str):
        raise _Skip(f"text is {type(text).__name__}, not a string")
    title = fields.get("title")
    return (title if isinstance(title, str) else None), text, fields.get("url"), fields.get("date")


def _collect(records: Iterable[tuple[int, Any]], label: str, lazy: bool = False) -> Loaded:
    """Articles from numbered records; a record may be a _Skip already (a malformed line).

    ``lazy``: a record of the right shape is listed as a ``_PendingRecord``, its text cleaned
    when ``LazyArticles`` is first asked for it (cleaning is most of the time a corpus takes
    to load, and the app's first frame shows a few of its articles).
    """
    articles: list[Article | _PendingRecord] = []
    problems: list[LoadProblem] = []
    for number, record in records:
        source = f"{label}#{number}"
        if isinstance(record, _Skip):
            problems.append(LoadProblem(source, str(record)))
            continue
        try:
            if lazy:
                articles.append(_PendingRecord(source, label, *_record_fields(record)))
            else:
                articles.append(_record_article(record, source, label))
        except _Skip as exc:
            problems.append(LoadProblem(source, str(exc)))
    if not articles and not problems:
        problems.append(LoadProblem(label, "no records"))
    return articles, problems


def _json_records(text: str, label: str) -> Iterator[tuple[int, Any]]:
    try:
        data = parse_json(text)
    except ValueError as exc:
        raise _Skip(_json_error(exc, 0)) from None
    if isinstance(data, dict):
        fields = {str(k).lower(): v for k, v in data.items()}
        if "text" not in fields and isinstance(fields.get("articles"), list):
            data = fields["articles"]
    records = data if isinstance(data, list) else [data]
    yield from enumerate(records, 1)


def _json_error(exc: ValueError, first_line: int) -> str:
    """Where the JSON went wrong; ``first_line`` is the file line the parsed text starts on, less one."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at line {first_line + exc.lineno} column {exc.colno}: {exc.msg}"
    return f"not valid JSON: {exc}"  # a number too long to convert, for instance


def _parse_corpus(stream: TextIO, kind: str, label: str, lazy: bool = False) -> Loaded:
    records = _jsonl_records(stream) if kind == _JSONL else _csv_records(stream, label)
    return _collect(records, label, lazy)


def _jsonl_records(stream: TextIO) -> Iterator[tuple[int, Any]]:
    number = 0
    for line_number, line in _bounded_lines(stream):
        if line is not None and not line.strip():
            continue
        number += 1
        if line is None:
            yield number, _Skip(f"line {line_number} is over {MAX_FILE_BYTES // 2**20} MB")
            continue
        try:
            yield number, parse_json(line.rstrip("\r\n"))
        except ValueError as exc:
            yield number, _Skip(_json_error(exc, line_number - 1))


def _bounded_lines(stream: TextIO) -> Iterator[tuple[int, str | None]]:
    """Numbered lines, with None for a line too long to hold (the rest of it is skipped)."""
    for number in itertools.count(1):
        line = stream.readline(MAX_FILE_BYTES)
        if not line:
            return
        if len(line) == MAX_FILE_BYTES and not line.endswith("\n"):
            while (rest := stream.readline(MAX_FILE_BYTES)) and not rest.endswith("\n"):
                pass
            yield number, None
        else:
            yield number, line


def _csv_records(stream: TextIO, label: str) -> Iterator[tuple[int, Any]]:
    import csv  # only a CSV corpus needs it: not imported before the first frame of the others

    # The default limit (128 kB a field) refuses long articles; the file limit bounds memory.
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _Skip(f"not valid CSV: {exc}") from None
    names = [name.strip().lstrip("\ufeff").lower() for name in header or ()]
    if "text" not in names:
        shown = ", ".join(clean_line(n) for n in names) or "none"
        raise _Skip(f"no text column (columns: {shown})")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, _Skip(f"not valid CSV at line {reader.line_num}: {exc}")
            continue
        if row:  # a blank line is no record
            number += 1
            yield number, dict(zip(names, row))
