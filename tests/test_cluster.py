"""``extract --dask``: a real LocalCluster of two worker processes, the real model, no mocks.

The clusters here are the slow part (each worker process imports spaCy and loads the
model), so each test starts at most one, and the articles are the short bundled ones.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.cli import main
from tui.core.analysis.analyzer import Analyzer
from tui.core.analysis.cluster import (
    MAX_BATCH_CHARS,
    MIN_BATCH_CHARS,
    analyse_on_cluster,
    batch_chars,
    batches,
    connect_cluster,
)
from tui.core.extraction.pipeline import analyse_many
from tui.core.ingest.sources import load_paths
from tui.core.models import Article

BUNDLED = Path(__file__).resolve().parent.parent / "articles" / "wikinews.jsonl"


def _extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_local_cluster_prints_what_a_local_run_prints(tmp_path, capsys):
    corpus = tmp_path / "eight.jsonl"
    corpus.write_text("".join(BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
    assert main(["extract", "--json", "--no-cache", str(corpus)]) == 0
    local = capsys.readouterr().out

    clustered = _extract("--dask", "local", "--jobs", "2", str(corpus))

    assert clustered.returncode == 0, clustered.stderr
    assert clustered.stderr == ""  # no scheduler or worker logging on the user's terminal
    assert len(local.splitlines()) == 8
    assert clustered.stdout == local


class _Killer(threading.Thread):
    """SIGKILLs the process of the first worker seen running one of our batches."""

    def __init__(self, client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.killed: list[str] = []  # the batches the victim was running
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for worker, keys in self.client.processing().items():
                ours = [str(k) for k in keys if str(k).startswith("newsview-batch")]
                if ours:
                    pid = self.client.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    self.killed = ours
                    return
            time.sleep(0.02)


def test_a_worker_killed_mid_run_costs_only_a_retry(nlp):
    articles = load_paths([str(BUNDLED)])[0][:10]
    expected = Analyzer.create(use_cache=False)
    local = [a.to_json() for a in analyse_many(articles, expected.model)]

    with connect_cluster("local", timeout=60, workers=2) as client:
        killer = _Killer(client)
        killer.start()
        # Small batches, so the run is still going when the victim dies.
        results = analyse_on_cluster(client, articles, None, False, expected, chars_per_batch=4000)
        try:
            clustered = [a.to_json() for a in results]
        finally:
            killer.stop.set()
            killer.join()

    assert killer.killed, "no worker was killed while running a batch"
    assert clustered == local


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_exit_2_after_the_wait(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Title\n\n"We will win," Jane Doe said.', encoding="utf-8")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    start = time.monotonic()
    result = _extract("--dask", address, "--dask-timeout", "1", str(article))
    assert time.monotonic() - start < 30
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"newsview: cannot reach a Dask scheduler at {address} within 1 s\n"


@pytest.mark.parametrize("address", ["not-an-address", "http://127.0.0.1:8786"])
def test_a_malformed_scheduler_address_is_one_line_and_exit_2(tmp_path, capsys, address):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nText.", encoding="utf-8")
    assert main(["extract", "--json", "--dask", address, str(article)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newsview: not a Dask scheduler address: {address}") and err.count("\n") == 1


def test_without_the_extra_dask_names_the_install_command(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nText.", encoding="utf-8")
    # A fresh interpreter in which importing distributed fails, as where it is not installed.
    script = (
        "import sys; sys.modules['distributed'] = None; from tui.cli import main; "
        f"sys.exit(main(['extract', '--json', '--dask', 'local', {str(article)!r}]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        "newsview: --dask needs Dask, which is not installed; install it with: pip install 'newsview[dask]'\n"
    )


def test_jobs_with_a_scheduler_address_is_a_usage_error(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nText.", encoding="utf-8")
    assert main(["extract", "--json", "--dask", "tcp://127.0.0.1:1", "--jobs", "2", str(article)]) == 2
    assert "--jobs" in capsys.readouterr().err


@given(
    st.lists(st.integers(min_value=0, max_value=300), max_size=40),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=6),
)
def test_batches_keep_the_order_and_the_limits(lengths, max_chars, max_articles):
    articles = [Article(source=f"s{i}", title="", text="x" * n) for i, n in enumerate(lengths)]
    cut = batches(articles, max_chars, max_articles)
    assert [a for batch in cut for a in batch] == articles
    for batch in cut:
        assert batch and len(batch) <= max_articles
        assert len(batch) == 1 or sum(len(a.text) for a in batch) <= max_chars


def test_a_large_run_is_cut_into_larger_batches_within_the_limits():
    def run(count: int) -> list[Article]:
        return [Article(source=str(i), title="", text="x" * 4000) for i in range(count)]

    sizes = [batch_chars(run(count), threads=8) for count in (10, 1_000, 4_000, 30_000)]
    assert sizes == sorted(sizes) and sizes[0] == MIN_BATCH_CHARS and sizes[-1] == MAX_BATCH_CHARS
    assert MIN_BATCH_CHARS < sizes[1] < sizes[2] < MAX_BATCH_CHARS
    assert batch_chars(run(1_000), threads=2) > batch_chars(run(1_000), threads=8)
