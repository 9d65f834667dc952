"""The review database file: its schema and migrations, connections, retries and errors.

``tui.core.review.store`` builds the reviewers' work on top; this module knows SQLite. A file at
the database path is used only when it is newsview's own: an unrelated SQLite database, a
version table with no version, a directory or a FIFO are refused with one line and left untouched.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote as url_quote

from tui.core.files import NotRegularFile, require_regular
from tui.core.untrusted import clean_line

STORE_SCHEMA_VERSION = 3

# Each attempt waits this long in SQLite's busy handler; the retry loop around it gives up
# only after GIVE_UP seconds, far beyond any real transaction here (milliseconds).
BUSY_TIMEOUT_S = 10.0
GIVE_UP_S = 120.0

T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be used; the message is one line fit to show the user.

    Messages quote paths from the environment and SQLite's own words: cleaned like any string
    from outside, so a data dir with escapes in its name cannot drive the terminal.
    """

    def __init__(self, message: str) -> None:
        super().__init__(clean_line(message))


class StoreReadOnly(StoreError):
    """A change was recorded on a store opened read-only."""


_SCHEMA_V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- commit order: the fold order
    article_hash TEXT NOT NULL,
    q_start INTEGER NOT NULL,
    q_end INTEGER NOT NULL,
    q_text TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('verdict', 'speaker', 'kind', 'comment', 'add')),
    payload TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    seen_kind TEXT NOT NULL,
    seen_speaker TEXT
);
CREATE INDEX events_by_article ON events (article_hash, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
-- Which article each reviewed text was, to find the reviews of an earlier version.
CREATE TABLE articles (
    hash TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (hash, source, title)
);
CREATE INDEX articles_by_source ON articles (source, title);
CREATE INDEX articles_by_url ON articles (url);
INSERT INTO schema_version VALUES (1);
"""

# A reviewer's decisions on who is who across articles (the corpus view's merge and split):
# one row per decision, the latest for a name wins. ``joins`` is the speaker key the name's
# quotes are counted under; the name's own key means "kept apart" (a split).
_SPEAKER_LINKS_V2 = """
CREATE TABLE speaker_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    speaker_key TEXT NOT NULL,
    joins TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TRIGGER speaker_links_no_update BEFORE UPDATE ON speaker_links
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
CREATE TRIGGER speaker_links_no_delete BEFORE DELETE ON speaker_links
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
"""

# A reviewer's corrected extent of a quote is a new action. SQLite cannot change a CHECK
# constraint in place, so the history is copied, row for row with its ids, into a table that
# allows it; the copy and the swap are one transaction with the version bump (``migrate``),
# so a store is either wholly at version 2 or wholly at version 3 with every verdict kept.
_EXTENT_V3 = """
CREATE TABLE events_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_hash TEXT NOT NULL,
    q_start INTEGER NOT NULL,
    q_end INTEGER NOT NULL,
    q_text TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('verdict', 'speaker', 'kind', 'comment', 'add', 'extent')),
    payload TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    seen_kind TEXT NOT NULL,
    seen_speaker TEXT
);
INSERT INTO events_v3 SELECT id, article_hash, q_start, q_end, q_text, action, payload, reviewer, at, seen_kind,
    seen_speaker FROM events ORDER BY id;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_by_article ON events (article_hash, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
"""

# MIGRATIONS[n] takes a store at version n to n + 1.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SPEAKER_LINKS_V2, _EXTENT_V3)
assert len(MIGRATIONS) == STORE_SCHEMA_VERSION

BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
UNWRITABLE = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}


def error_code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF  # primary code, extended bits dropped


def connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"file:{url_quote(str(path.resolve()))}?{mode}"
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    # Any client sharing the file can store text that is not UTF-8; decoding it strictly would
    # make every read of the store fail ("Could not decode to UTF-8 column").
    conn.text_factory = _decode_text
    return conn


def _decode_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def retry_busy(action: Callable[[], T]) -> T:
    deadline = time.monotonic() + GIVE_UP_S
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if error_code(exc) not in BUSY or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    # IMMEDIATE takes the write lock up front, so a busy wait happens here, before any
    # work, and never as a deadlock when a read transaction tries to upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full)
            conn.execute("ROLLBACK")
        raise
    return result


def check_path(path: Path) -> None:
    """StoreError when something other than a file is where the database belongs (SQLite
    would say "disk I/O error" for a directory, and could wait forever on a FIFO)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # missing, or its directory cannot be made: opening says which
        return
    try:
        require_regular(mode)
    except NotRegularFile as exc:
        raise StoreError(f"the review store {path} is {exc.strerror}; it was left untouched: move it aside") from None


def schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """The store's schema version; 0 for an empty file. StoreError for a database that is not
    newsview's (it is never given our tables) or whose version table lost its row."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                f"{path} is an SQLite database but not a newsview review store (it has tables of its own);"
                " it was left untouched: choose another --data-dir or move it aside"
            )
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    if row is None or not isinstance(row[0], int) or row[0] < 1:
        raise StoreError(
            f"the review store {path} is damaged (its schema version is missing); it was left untouched:"
            " restore it from a backup or move it aside to start a new one"
        )
    return row[0]


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")  # two first runs at once: the second waits, then sees v1
    try:
        version = schema_version(conn, path)
        if version > STORE_SCHEMA_VERSION:
            raise newer_error(path, version)
        for script in MIGRATIONS[version:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute("UPDATE schema_version SET version = ?", (STORE_SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full)
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


def unwritable_message(path: Path, exc: Exception) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return f"cannot write reviews in {path.parent} ({reason}): verdicts are shown read-only and cannot be saved"


def store_error(path: Path, exc: sqlite3.Error, writing: bool = False) -> StoreError:
    if error_code(exc) in _DAMAGED:
        return StoreError(
            f"the review store {path} is damaged or not a newsview database ({exc}); it was left untouched:"
            " restore it from a backup or move it aside to start a new one"
        )
    if writing:
        return StoreError(f"cannot write to the review store {path}: {exc}; the change was not saved")
    return StoreError(f"cannot read the review store {path}: {exc}")


def hidden_wal_warning(path: Path) -> str | None:
    """Why a read-only snapshot may miss reviews: SQLite cannot read the ``-wal`` file without
    its ``-shm`` file, which a read-only directory cannot have created."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size == 0:
            return None
    except OSError:
        return None
    return (
        f"the latest reviews in {wal.name} cannot be read here (its -shm file is missing and {path.parent}"
        " is read-only): verdicts saved since the last checkpoint are not shown"
    )


def newer_error(path: Path, version: int) -> StoreError:
    return StoreError(f"the review store {path} was written by a newer newsview (schema {version}); upgrade newsview")
