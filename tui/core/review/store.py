"""The review store: reviewers' verdicts and corrections, kept in SQLite in the data dir.

Verdicts are the work product, so the store is built never to lose one:

* Every change is one row appended to ``events`` (triggers forbid UPDATE and DELETE) in its
  own short ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``: once ``record``
  returns, the change survives a killed process or a power cut.
* The current state of a quote's review is derived by folding its events in order, so there
  is no second table that could disagree with the history, and two reviewers changing
  different fields of one quote at once both keep their change.
* WAL mode lets readers (``reviews_for``, ``newsview export``) run while someone writes;
  writers wait for each other through the busy timeout plus a retry loop instead of failing
  with "database is locked" when several newsview processes share one server.
* Reviews are keyed by the article's content hash and the quote's span and text, not by the
  extractor's quote ids, so they survive re-analysis. A review whose quote the current
  analysis no longer has is shown as *orphaned*, never dropped; reviews of an earlier
  version of the article (same URL, or same source and title) are re-anchored by their exact
  quote text when it occurs once in the new text.
* An unwritable data dir opens the store read-only with a ``message`` for the user; a damaged
  file raises ``StoreError`` with one line and is never modified or deleted.

One ``ReviewStore`` may be shared by threads (a lock serialises its connection), so the app
can record from a worker thread and call ``reviews_for`` again to see other reviewers' work.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tui.core.models import QUOTE_KINDS, Analysis, Article, Quote, QuoteKind, Span, Speaker
from tui.core.review import database
from tui.core.review.database import (
    BUSY,
    STORE_SCHEMA_VERSION,
    UNWRITABLE,
    StoreError,
    StoreReadOnly,
    T,
    check_path,
    connect,
    error_code,
    hidden_wal_warning,
    migrate,
    newer_error,
    retry_busy,
    schema_version,
    store_error,
    transaction,
    unwritable_message,
)
from tui.core.untrusted import clean_line, safe_text

VERDICTS: tuple[str, ...] = ("correct", "wrong")
Verdict = Literal["correct", "wrong"]


def article_hash(text: str) -> str:
    """The key of an article's reviews: sha256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_reviewer() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def _reviewer_name(name: str | None) -> str:
    """The name recorded with each change: ``--reviewer`` and ``$USER`` are untrusted too (every
    other reviewer's screen shows the name)."""
    return clean_line(name or default_reviewer()) or "unknown"


# --- changes: what a reviewer can do to one quote ---------------------------------------


@dataclass(frozen=True)
class SetVerdict:
    verdict: Verdict | None  # None clears the verdict


@dataclass(frozen=True)
class SetSpeaker:
    name: str
    entity: str | None = None  # Entity.id in the analysis the reviewer saw


@dataclass(frozen=True)
class SetKind:
    kind: QuoteKind


@dataclass(frozen=True)
class SetComment:
    text: str  # "" clears the comment


@dataclass(frozen=True)
class SetExtent:
    """Where the quote really starts and ends: ``article.text[start:end]``."""

    start: int
    end: int


Change = SetVerdict | SetSpeaker | SetKind | SetComment | SetExtent


@dataclass(frozen=True)
class AddQuote:
    """A quote the extractor missed, added by a reviewer: ``article.text[start:end]`` said by ``speaker``."""

    start: int
    end: int
    kind: QuoteKind
    speaker: str
    entity: str | None = None  # Entity.id in the analysis the reviewer saw


def _encode(change: Change, text: str) -> tuple[str, dict[str, Any]]:
    """The event row's action and payload; validates what a caller could get wrong.

    An extent keeps its text beside its offsets, so it can be found again in a later
    version of the article (where the offsets have moved).
    """
    match change:
        case SetExtent(start, end):
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise ValueError(f"span ({start}, {end}) is not inside the article")
            return "extent", {"start": start, "end": end, "text": text[start:end]}
        case SetVerdict(verdict):
            if verdict is not None and verdict not in VERDICTS:
                raise ValueError(f"unknown verdict {verdict!r}")
            return "verdict", {"verdict": verdict}
        case SetSpeaker(name, entity):
            return "speaker", {"name": _speaker_name(name), "entity": entity}
        case SetKind(kind):
            _check_kind(kind)
            return "kind", {"kind": kind}
        case SetComment(text):
            return "comment", {"comment": clean_line(text)}
    raise TypeError(f"not a review change: {change!r}")


def _speaker_name(name: str) -> str:
    cleaned = clean_line(name)
    if not cleaned:
        raise ValueError("a speaker needs a name")
    return cleaned


def _check_kind(kind: str) -> None:
    if kind not in QUOTE_KINDS:
        raise ValueError(f"unknown quote kind {kind!r}")


# --- what the store returns ---------------------------------------------------------------


@dataclass(frozen=True)
class QuoteKey:
    """A quote's identity across analyses: its span in the article's text and the text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, quote: Quote) -> QuoteKey:
        return cls(quote.start, quote.end, quote.text)


@dataclass(frozen=True)
class Event:
    """One recorded change, as kept in the history."""

    id: int
    article_hash: str
    key: QuoteKey
    action: str  # verdict | speaker | kind | comment | add
    payload: dict[str, Any]
    reviewer: str
    at: str  # UTC, ISO 8601
    seen_kind: str  # the quote as the reviewer saw it, so an orphan can still be shown
    seen_speaker: str | None

    def describe(self) -> str:
        """One line for a history view: ``2026-11-28T15:50:00Z alice: verdict correct``."""
        p = self.payload
        what = {
            "verdict": lambda: f"verdict {p['verdict'] or 'cleared'}",
            "speaker": lambda: f"speaker -> {p['name']}",
            "kind": lambda: f"kind -> {p['kind']}",
            "comment": lambda: f"comment: {p['comment']}" if p["comment"] else "comment cleared",
            "add": lambda: f"added ({p['kind']}, {p['name']})",
            "extent": lambda: f"extent -> {p['start']}-{p['end']}",
        }[self.action]()
        return f"{self.at} {self.reviewer}: {what}"


@dataclass(frozen=True)
class Review:
    """The current state of one quote's review: its events folded in order."""

    events: tuple[Event, ...]  # oldest first; never empty
    verdict: Verdict | None = None
    speaker: tuple[str, str | None] | None = None  # corrected (name, entity id), if any
    kind: QuoteKind | None = None  # corrected kind, if any
    extent: tuple[int, int, str] | None = None  # corrected (start, end, text), if any
    comment: str = ""
    added: bool = False  # a quote the extractor missed, added by a reviewer

    @property
    def touched(self) -> bool:
        """A reviewer did something that still stands: a verdict, a correction, a comment or an
        added quote (a verdict set and cleared again leaves the quote as the extractor gave it)."""
        return bool(self.verdict or self.speaker or self.kind or self.extent or self.comment or self.added)

    @property
    def reviewer(self) -> str:
        """Who made the latest change."""
        return self.events[-1].reviewer

    @property
    def at(self) -> str:
        """When the latest change was made (UTC, ISO 8601)."""
        return self.events[-1].at


@dataclass(frozen=True)
class ReviewedQuote:
    quote: Quote  # corrections applied
    review: Review | None
    extracted: Quote | None  # the extractor's quote; None for an added or orphaned one
    orphaned: bool = False  # reviewed, but the current analysis has no such quote
    located: bool = True  # quote.start/end are offsets in this text (False: an orphan not found)
    anchor: Quote | None = None  # the quote as the store keys its review, when not ``quote``'s span

    @property
    def touched(self) -> bool:
        """Reviewed in any way: what ``--reviewed-only`` keeps."""
        return self.review is not None and self.review.touched

    @property
    def stored_as(self) -> Quote:
        """What to pass to ``ReviewStore.record`` for a further change: the quote at the span its
        review is kept under (a corrected extent moves ``quote``, never the key)."""
        return self.anchor or self.quote


@dataclass(frozen=True)
class ReviewedArticle:
    analysis: Analysis
    article_hash: str
    quotes: tuple[ReviewedQuote, ...]  # extracted and added quotes, in text order
    orphans: tuple[ReviewedQuote, ...]  # reviews the current analysis has no quote for

    @property
    def progress(self) -> tuple[int, int]:
        """(quotes with a verdict, quotes), for "7/12 reviewed"."""
        return sum(1 for q in self.quotes if q.review and q.review.verdict), len(self.quotes)


class ReviewStore:
    def __init__(self, path: Path, conn: sqlite3.Connection | None, reviewer: str, message: str | None, writable: bool):
        self.path = path
        self.reviewer = reviewer
        self.message = message  # why the store is read-only, for the app to show; None if fine
        self.writable = writable
        self._conn = conn  # None: no store file and none can be made; reads are empty
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str], reviewer: str | None = None, read_only: bool = False) -> ReviewStore:
        """Open (creating directories and schema) the store at ``path``.

        ``read_only`` never creates or writes anything (for export). An unwritable location
        also gives a read-only store, with ``message`` saying why. Raises StoreError when the
        file exists but cannot be read as a review store.
        """
        path = Path(path)
        reviewer = _reviewer_name(reviewer)
        check_path(path)
        if read_only:
            return cls._open_read_only(path, reviewer, None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = connect(path, "mode=rwc")
        except (OSError, sqlite3.OperationalError) as exc:
            return cls._open_read_only(path, reviewer, unwritable_message(path, exc))
        try:
            retry_busy(lambda: schema_version(conn, path))  # refuses a database not ours before changing it
            retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone())
            conn.execute("PRAGMA synchronous=FULL")  # a returned record() survives power loss
            retry_busy(lambda: migrate(conn, path))
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if error_code(exc) in UNWRITABLE:
                return cls._open_read_only(path, reviewer, unwritable_message(path, exc))
            raise store_error(path, exc) from exc
        return cls(path, conn, reviewer, None, writable=True)

    @classmethod
    def _open_read_only(cls, path: Path, reviewer: str, message: str | None) -> ReviewStore:
        if not path.exists():
            return cls(path, None, reviewer, message, writable=False)
        # A WAL database needs its -shm file; in a directory we cannot write, "immutable"
        # is the only way to read it (a snapshot: changes by others show after reopening).
        for mode in ("mode=ro", "mode=ro&immutable=1"):
            conn = None
            try:
                conn = connect(path, mode)
                version = schema_version(conn, path)
            except (sqlite3.Error, StoreError) as exc:
                if conn is not None:
                    conn.close()
                if isinstance(exc, StoreError):
                    raise
                if error_code(exc) in UNWRITABLE and "immutable" not in mode:
                    continue
                raise store_error(path, exc) from exc
            if "immutable" in mode and (hidden := hidden_wal_warning(path)):
                message = f"{message}; {hidden}" if message else hidden
            if version > STORE_SCHEMA_VERSION:
                conn.close()
                raise newer_error(path, version)
            if not version:  # an empty file has no schema yet: nothing reviewed, nothing to read
                conn.close()
                return cls(path, None, reviewer, message, writable=False)
            return cls(path, conn, reviewer, message, writable=False)
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------

    def record(self, article: Article, quote: Quote, change: Change) -> Event:
        """Record one change to ``quote`` (as displayed, corrections applied) of ``article``.

        Blocks while another process writes (milliseconds; call it off the UI thread). Raises
        StoreReadOnly on a read-only store, StoreError if the change could not be saved, and
        ValueError for a quote that is not at its span in ``article.text`` (an orphan whose
        text is gone from the article is a report only).
        """
        action, payload = _encode(change, article.text)
        return self._append(article, quote, action, payload)

    def add_quote(self, article: Article, added: AddQuote) -> Event:
        """Record a quote the extractor missed (raises like ``record``)."""
        start, end, kind, speaker, entity = added.start, added.end, added.kind, added.speaker, added.entity
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"span ({start}, {end}) is not inside the article")
        _check_kind(kind)
        name = _speaker_name(speaker)
        quote = Quote("", kind, start, end, article.text[start:end], speaker=Speaker(name, entity))
        return self._append(article, quote, "add", {"kind": kind, "name": name, "entity": entity})

    def link_speaker(self, key: str, joins: str) -> None:
        """Count the speaker ``key`` under ``joins`` across the corpus; ``joins == key`` keeps it apart.

        Keys are ``tui.core.corpus.speaker_key`` of a name. Raises like ``record``.
        """
        key, joins = clean_line(key), clean_line(joins)
        if not key or not joins:
            raise ValueError("a speaker link needs two names")
        if not self.writable or self._conn is None:
            raise StoreReadOnly(self.message or f"the review store {self.path} is open read-only")
        row = (key, joins, self.reviewer, _now())
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO speaker_links (speaker_key, joins, reviewer, at) VALUES (?, ?, ?, ?)", row
            )
        )

    def _append(self, article: Article, quote: Quote, action: str, payload: dict[str, Any]) -> Event:
        if article.text[quote.start : quote.end] != quote.text:
            raise ValueError(f"quote {quote.id or quote.text[:30]!r} is not at its span in this article")
        if not self.writable or self._conn is None:
            raise StoreReadOnly(self.message or f"the review store {self.path} is open read-only")
        h = article_hash(article.text)
        at = _now()
        seen_speaker = quote.speaker.name if quote.speaker else None
        row = (
            h,
            quote.start,
            quote.end,
            quote.text,
            action,
            json.dumps(payload),
            self.reviewer,
            at,
            quote.kind,
            seen_speaker,
        )

        def write(conn: sqlite3.Connection) -> int:
            conn.execute(
                "INSERT OR IGNORE INTO articles (hash, source, title, url) VALUES (?, ?, ?, ?)",
                (h, article.source, article.title, article.url or None),
            )
            cursor = conn.execute(
                "INSERT INTO events (article_hash, q_start, q_end, q_text, action, payload, reviewer, at,"
                " seen_kind, seen_speaker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

        event_id = self._write(write)
        key = QuoteKey(quote.start, quote.end, quote.text)
        return Event(event_id, h, key, action, payload, self.reviewer, at, quote.kind, seen_speaker)

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock, self._errors(writing=True):
            assert self._conn is not None
            return retry_busy(lambda: transaction(self._conn, work))  # type: ignore[arg-type]

    # --- reading --------------------------------------------------------------------------

    def reviews_for(self, analysis: Analysis) -> ReviewedArticle:
        """Every quote of ``analysis`` with its review, plus added quotes and orphans."""
        text = analysis.article.text
        h = article_hash(text)
        events = self._events(h, analysis.article)
        # Group events by where their quote is in *this* text; unfound ones by quote text.
        groups: dict[tuple[str, Any], list[Event]] = {}
        found: dict[str, Span | None] = {}
        for event in events:
            if event.article_hash == h:
                span: Span | None = (event.key.start, event.key.end)
            else:
                if event.key.text not in found:
                    found[event.key.text] = _unique_span(text, event.key.text)
                span = found[event.key.text]
            group = ("at", span) if span else ("lost", event.key.text)
            groups.setdefault(group, []).append(event)
        reviews = {group: _fold(evs) for group, evs in groups.items()}

        quotes: list[ReviewedQuote] = []
        for q in analysis.quotes:
            review = reviews.pop(("at", (q.start, q.end)), None)
            shown = _apply(q, review, analysis)
            quotes.append(ReviewedQuote(shown, review, q, anchor=_anchor(q, shown)))
        added: list[ReviewedQuote] = []
        orphans: list[ReviewedQuote] = []
        for (where, value), review in reviews.items():
            first = review.events[0]
            located = where == "at"
            start, end = value if located else (first.key.start, first.key.end)
            seen_speaker = Speaker(first.seen_speaker) if first.seen_speaker else None
            shell = Quote("", first.seen_kind, start, end, first.key.text, speaker=seen_speaker)  # type: ignore[arg-type]
            orphaned = not (review.added and located)
            shown = _apply(shell, review, analysis)
            reviewed = ReviewedQuote(shown, review, None, orphaned, located, _anchor(shell, shown) if located else None)
            (orphans if orphaned else added).append(reviewed)
        added.sort(key=lambda r: (r.quote.start, r.quote.end))
        quotes.extend(replace(r, quote=replace(r.quote, id=f"a{i}")) for i, r in enumerate(added, 1))
        quotes.sort(key=lambda r: (r.quote.start, r.quote.end))
        orphans.sort(key=lambda r: (not r.located, r.quote.start, r.quote.text))
        orphans = [replace(r, quote=replace(r.quote, id=f"o{i}")) for i, r in enumerate(orphans, 1)]
        return ReviewedArticle(analysis, h, tuple(quotes), tuple(orphans))

    def speaker_links(self) -> dict[str, str]:
        """Every speaker key a reviewer linked, to the key it joins now (itself: kept apart)."""
        with self._lock, self._errors():
            if self._conn is None or schema_version(self._conn, self.path) < 2:  # a read-only older store
                return {}
            rows = self._conn.execute("SELECT speaker_key, joins FROM speaker_links ORDER BY id").fetchall()
        # In commit order, so the latest decision on a name wins. Other reviewers wrote the
        # names: they are cleaned like any untrusted string, and a row that is not two names
        # (written by something other than newsview) is ignored.
        links = {}
        for key, joins in rows:
            if (
                isinstance(key, str)
                and isinstance(joins, str)
                and (key := clean_line(key))
                and (joins := clean_line(joins))
            ):
                links[key] = joins
        return links

    def _events(self, h: str, article: Article) -> list[Event]:
        """Events of this text and of earlier versions of the same article, in commit order."""
        with self._lock, self._errors():
            if self._conn is None:
                return []
            earlier = self._conn.execute(
                "SELECT DISTINCT hash FROM articles WHERE hash != ? AND"
                " ((url IS NOT NULL AND url = ?) OR (source = ? AND source != '-' AND title = ?))",
                (h, article.url or None, article.source, article.title),
            ).fetchall()
            hashes = [h, *(row[0] for row in earlier)]
            rows = self._conn.execute(
                "SELECT id, article_hash, q_start, q_end, q_text, action, payload, reviewer, at, seen_kind,"
                f" seen_speaker FROM events WHERE article_hash IN ({','.join('?' * len(hashes))}) ORDER BY id",
                hashes,
            ).fetchall()
        return [event for row in rows if (event := _event(row)) is not None]

    @contextmanager
    def _errors(self, writing: bool = False) -> Iterator[None]:
        """sqlite3 errors as one-line StoreErrors."""
        try:
            yield
        except sqlite3.Error as exc:
            if error_code(exc) in BUSY:
                raise StoreError(
                    f"the review store {self.path} stayed busy for {database.GIVE_UP_S:.0f}s (another newsview is"
                    " holding it); the change was not saved, try again"
                ) from exc
            raise store_error(self.path, exc, writing) from exc


# What each action's payload holds: key -> (allowed types, cleaned as a name/comment line).
_PAYLOADS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "verdict": {"verdict": ((str, type(None)), False)},
    "speaker": {"name": ((str,), True), "entity": ((str, type(None)), True)},
    "kind": {"kind": ((str,), False)},
    "comment": {"comment": ((str,), True)},
    "add": {"kind": ((str,), False), "name": ((str,), True), "entity": ((str, type(None)), True)},
    "extent": {"start": ((int,), False), "end": ((int,), False), "text": ((str,), False)},
}


def _event(row: tuple[Any, ...]) -> Event | None:
    """One ``events`` row as an Event, or None for a row newsview could not have written.

    Every reviewer sharing the database is an input: names, comments and quote text are
    cleaned here, where they enter the program, so no screen or export receives a control
    sequence; values of the wrong type or outside their set (a hand-edited row) are refused.
    """
    id_, h, start, end, text, action, raw_payload, reviewer, at, seen_kind, seen_speaker = row
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
        return None
    if not all(isinstance(v, str) for v in (h, text, action, raw_payload, reviewer, at, seen_kind)):
        return None
    if action not in _PAYLOADS or seen_kind not in QUOTE_KINDS or not isinstance(seen_speaker, (str, type(None))):
        return None
    try:
        payload = json.loads(raw_payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.keys() != _PAYLOADS[action].keys():
        return None
    for name, (types, line) in _PAYLOADS[action].items():
        value = payload[name]
        if not isinstance(value, types):
            return None
        if line and isinstance(value, str):
            payload[name] = clean_line(value)
    if payload.get("kind", "direct") not in QUOTE_KINDS or payload.get("verdict") not in (None, *VERDICTS):
        return None
    if action in ("speaker", "add") and not payload["name"]:
        return None
    if action == "extent":
        if not (0 <= payload["start"] < payload["end"]) or any(type(payload[k]) is not int for k in ("start", "end")):
            return None
        payload["text"] = safe_text(payload["text"])
    key = QuoteKey(start, end, safe_text(text))
    speaker = clean_line(seen_speaker) or None if seen_speaker is not None else None
    return Event(id_, h, key, action, payload, clean_line(reviewer) or "unknown", clean_line(at), seen_kind, speaker)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unique_span(text: str, needle: str) -> Span | None:
    start = text.find(needle)
    if start < 0 or text.find(needle, start + 1) >= 0:
        return None
    return start, start + len(needle)


def _fold(events: list[Event]) -> Review:
    state: dict[str, Any] = {}
    for event in events:
        p = event.payload
        if event.action == "verdict":
            state["verdict"] = p["verdict"]
        elif event.action == "speaker":
            state["speaker"] = (p["name"], p["entity"])
        elif event.action == "kind":
            state["kind"] = p["kind"]
        elif event.action == "comment":
            state["comment"] = p["comment"]
        elif event.action == "extent":
            state["extent"] = (p["start"], p["end"], p["text"])
        elif event.action == "add":
            state.update(added=True, kind=p["kind"], speaker=(p["name"], p["entity"]))
    return Review(tuple(events), **state)


def _apply(quote: Quote, review: Review | None, analysis: Analysis) -> Quote:
    if review is None:
        return quote
    if review.kind:
        quote = replace(quote, kind=review.kind)
    if review.speaker:
        quote = replace(quote, speaker=_resolve_speaker(*review.speaker, analysis))
    if review.extent:
        quote = _moved(quote, *review.extent, analysis.article.text)
    return quote


def _moved(quote: Quote, start: int, end: int, wanted: str, text: str) -> Quote:
    """The quote at a reviewer's extent: at its offsets, else (an earlier version of the
    article) where its text occurs once; unchanged when the text is gone."""
    if text[start:end] != wanted:
        span = _unique_span(text, wanted)
        if span is None:
            return quote
        start, end = span
    return replace(quote, start=start, end=end, text=wanted)


def _anchor(stored: Quote, shown: Quote) -> Quote | None:
    """The stored quote, with what the reviewer sees, when a corrected extent moved it."""
    if (stored.start, stored.end) == (shown.start, shown.end):
        return None
    return replace(shown, start=stored.start, end=stored.end, text=stored.text)


def _resolve_speaker(name: str, entity_id: str | None, analysis: Analysis) -> Speaker:
    """A corrected speaker, linked to this analysis's entity of that name.

    Entity ids are renumbered by every re-analysis, so a stored id counts only while it
    still names the same entity; otherwise the entity is found again by name or alias.
    """
    entity = analysis.entity(entity_id) if entity_id else None
    if entity is None or entity.name != name:
        entity = next((e for e in analysis.entities if e.name == name), None) or next(
            (e for e in analysis.entities if name in e.aliases), None
        )
    return Speaker(entity.name, entity.id) if entity else Speaker(name)
