"""The review store refuses what is not its own and says what went wrong, in one line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_store import talks_analysis
from tui.app.review_controller import open_review_store
from tui.core.review import store as store_module
from tui.core.review.store import ReviewStore, SetVerdict, StoreError


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reviews.sqlite3"


@pytest.mark.parametrize("read_only", [False, True])
def test_an_unrelated_sqlite_database_is_refused_and_left_untouched(db: Path, read_only: bool) -> None:
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a newsview review store") as raised:
        ReviewStore.open(db, read_only=read_only)
    assert "\n" not in str(raised.value)
    assert db.read_bytes() == before
    tables = [r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")]
    assert tables == ["notes"]


def test_an_empty_version_table_is_damage_for_the_store_the_export_and_the_app(db: Path, tmp_path: Path) -> None:
    ReviewStore.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM schema_version")
    conn.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="damaged"):
            ReviewStore.open(db, read_only=read_only)
    store, notice = open_review_store(db.parent, "alice")
    assert store is None and notice.startswith("Reviews unavailable: ") and "damaged" in notice
    (tmp_path / "a.txt").write_text("Headline\n\nAnn said so.")
    env = {**os.environ, "NEWSVIEW_DATA_DIR": str(db.parent), "NEWSVIEW_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--format", "csv", str(tmp_path / "a.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and "damaged" in result.stderr


@pytest.mark.parametrize("make, kind", [(os.mkdir, "a directory"), (os.mkfifo, "a FIFO")])
def test_something_other_than_a_file_at_the_database_path_is_named(db: Path, make, kind: str) -> None:
    db.parent.mkdir()
    make(db)
    for read_only in (False, True):
        with pytest.raises(StoreError, match=f"is {kind}") as raised:
            ReviewStore.open(db, read_only=read_only)
        assert "disk I/O" not in str(raised.value)


def test_a_write_that_fails_says_cannot_write(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = talks_analysis()

    def full_disk(conn, work):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise error

    with ReviewStore.open(db) as store:
        monkeypatch.setattr(store_module, "transaction", full_disk)
        with pytest.raises(StoreError, match=r"^cannot write to the review store .*the change was not saved$"):
            store.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))


def test_a_read_only_snapshot_that_cannot_see_the_wal_warns(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only directory holding a -wal file but no -shm: SQLite can open only an immutable
    snapshot, which ignores the WAL, so the store says verdicts may be missing."""
    analysis = talks_analysis()
    copy = tmp_path / "copy" / db.name
    copy.parent.mkdir()
    with ReviewStore.open(db) as writer:  # open: the WAL is not yet checkpointed into the file
        writer.record(analysis.article, analysis.quotes[0], SetVerdict("correct"))
        for suffix in ("", "-wal"):
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    real_connect = store_module.connect

    def no_shm(path, mode):  # what SQLite answers when it cannot create the -shm file
        if mode == "mode=ro":
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
            raise error
        return real_connect(path, mode)

    monkeypatch.setattr(store_module, "connect", no_shm)
    with ReviewStore.open(copy, read_only=True) as store:
        assert store.message and "reviews.sqlite3-wal cannot be read here" in store.message
        assert store.reviews_for(analysis).progress[0] == 0, "the snapshot does miss the verdict"
