"""Analysis on a Dask distributed cluster: the client ships cleaned text, workers parse.

The client (this process) has already read and cleaned the articles; it sends them in
batches to the scheduler and gets finished ``Analysis`` objects back, so workers never see
the client's files and the client never sees a worker's cache. Each worker process loads
the spaCy pipeline once, when the plugin below is set up on it (and again only if the
worker process is replaced), and runs the same ``Analyzer`` a local run does, so the
output is the same object for object.

A worker that dies mid-batch (killed, out of memory) costs that batch only: the
scheduler still holds the batch's articles and runs it again on another worker. Results
are fetched as soon as each batch finishes and handed out in input order.

This is the only module that imports ``distributed``; it is installed with the ``dask``
extra, and importing this module without it raises ImportError.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from asyncio import CancelledError
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, as_completed
from distributed.client import FutureCancelledError
from distributed.comm import connect
from distributed.security import Security

from tui.core.analysis.analyzer import Analyzer
from tui.core.extraction.pipeline import load_model
from tui.core.models import Analysis, Article

# A batch is cut at a number of characters or of articles, whichever comes first. The
# characters depend on the run: about RUN_BATCHES_PER_THREAD batches for each thread on the
# cluster, so the last batches finish close together, but never under MIN_BATCH_CHARS
# (about half a second of parsing: each task costs milliseconds of scheduling and of the
# client's own loop) nor over MAX_BATCH_CHARS (about five seconds: what a lost worker's
# batch costs again). A large run thus sends fewer, larger tasks.
MIN_BATCH_CHARS = 10_000
MAX_BATCH_CHARS = 100_000
RUN_BATCHES_PER_THREAD = 32
BATCH_ARTICLES = 64

# Batches handed out but not yet written, per thread on the cluster: enough that no worker
# waits for work while the client waits on a slow batch ahead of it, few enough that the
# scheduler never holds a whole archive's text.
BATCHES_PER_THREAD = 4


class SchedulerUnreachable(Exception):
    """No Dask scheduler answered at the address within the wait (a usage problem)."""


class ClusterFailed(Exception):
    """The cluster could not finish the analysis (workers lost, a worker misconfigured)."""


def batch_chars(articles: list[Article], threads: int) -> int:
    """The characters per batch for this run on ``threads`` cluster threads."""
    share = sum(len(a.text) for a in articles) // (RUN_BATCHES_PER_THREAD * max(1, threads))
    return min(MAX_BATCH_CHARS, max(MIN_BATCH_CHARS, share))


def batches(articles: list[Article], max_chars: int, max_articles: int = BATCH_ARTICLES) -> list[list[Article]]:
    """Consecutive runs of articles, each within the limits (an over-long article alone)."""
    out: list[list[Article]] = []
    current: list[Article] = []
    size = 0
    for article in articles:
        if current and (size + len(article.text) > max_chars or len(current) >= max_articles):
            out.append(current)
            current, size = [], 0
        current.append(article)
        size += len(article.text)
    if current:
        out.append(current)
    return out


# --- the worker side -------------------------------------------------------------------

# One parse at a time per worker process: a spaCy pipeline is not safe to share between
# threads, and a worker started with several threads would otherwise run one per thread.
_parse_lock = threading.Lock()


@lru_cache(maxsize=4)
def _worker_analyzer(model: str | None, use_cache: bool) -> Analyzer:
    """This worker process's analyzer: its own installed model and its own cache directory."""
    return Analyzer.create(model, use_cache=use_cache)


def _load(model: str | None, use_cache: bool) -> None:
    with _parse_lock:
        load_model(_worker_analyzer(model, use_cache).model)


def analyse_batch(model: str | None, use_cache: bool, articles: list[Article]) -> list[Analysis]:
    """The task a worker runs: analyses of one batch, in order."""
    with _parse_lock:
        return list(_worker_analyzer(model, use_cache).analyse_many(articles))


class LoadModel(WorkerPlugin):
    """Loads the pipeline when a worker process joins, so no batch pays for it."""

    idempotent = True  # registered again by a later run: the loaded model is kept

    def __init__(self, model: str | None, use_cache: bool) -> None:
        self.model = model
        self.use_cache = use_cache

    async def setup(self, worker) -> None:
        # Off the worker's event loop, which must keep answering the scheduler meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, _load, self.model, self.use_cache)


# --- the client side -------------------------------------------------------------------


def _probe(address: str, timeout: float) -> None:
    """Raise SchedulerUnreachable unless a Dask scheduler answers at ``address`` in time.

    A distributed ``Client`` that fails to connect prints a traceback from its finaliser
    and waits again on exit, so the address is tried first with a bare connection.
    """

    async def identity() -> dict:
        args = Security().get_connection_args("client")
        comm = await connect(address, timeout=timeout, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await asyncio.wait_for(comm.read(), timeout)
        finally:
            comm.abort()

    try:
        reply = asyncio.run(identity())
    except (TimeoutError, OSError):
        raise SchedulerUnreachable(f"cannot reach a Dask scheduler at {address} within {timeout:g} s") from None
    except ValueError as exc:
        raise SchedulerUnreachable(f"not a Dask scheduler address: {address} ({exc})") from None
    except Exception:  # something else listens there and answered garbage
        raise SchedulerUnreachable(f"{address} did not answer as a Dask scheduler") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise SchedulerUnreachable(f"{address} did not answer as a Dask scheduler")


@contextmanager
def connect_cluster(address: str, timeout: float, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new ``LocalCluster`` for "local".

    Waits at most ``timeout`` seconds for the scheduler and then for one worker.
    ``workers`` is the number of worker processes of a local cluster (default: one per core).
    """
    with _quiet_distributed():
        yield from _connect(address, timeout, workers)


@contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Keep Dask's own logging (a lost scheduler is a logged traceback) off the user's
    terminal while we run: every failure reaches the user as ClusterFailed, in one line."""
    # Dask sets its loggers' levels one by one, so only the process-wide switch holds them
    # all; newsview itself does not log.
    previous = logging.root.manager.disable
    logging.disable(logging.ERROR)
    try:
        yield
    finally:
        logging.disable(previous)


def _connect(address: str, timeout: float, workers: int | None) -> Iterator[Client]:
    if address == "local":
        # Everything on the loopback interface; the scheduler's HTTP server (it always has
        # one) on a free port, so a second cluster or a dashboard on 8787 does not warn.
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        )
        with cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    _probe(address, timeout)
    with Client(address, timeout=timeout, set_as_default=False, name="newsview") as client:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise SchedulerUnreachable(
                f"the Dask scheduler at {address} has no worker (waited {timeout:g} s)"
            ) from None
        yield client


def analyse_on_cluster(
    client: Client,
    articles: list[Article],
    model: str | None,
    use_cache: bool,
    expected: Analyzer,
    chars_per_batch: int | None = None,
) -> Iterator[Analysis]:
    """Analyses of ``articles`` in input order, each batch fetched as soon as it finishes.

    ``model`` is the name as the user gave it (None for the default), resolved by each
    worker against its own installation; ``expected`` is the client's analyzer, whose model
    label and extractor version every result must carry: a worker with another model or
    another version of the rules would give different output, so that stops the run.
    """
    if not articles:
        return
    try:
        client.register_plugin(LoadModel(model, use_cache), name=f"newsview-{expected.version}-{model}-{use_cache}")
    except Exception as exc:  # the worker's own error, e.g. its model is not installed
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterFailed(f"a worker could not load the analysis: {reason}") from None
    todo = batches(articles, chars_per_batch or batch_chars(articles, _threads(client)))
    run = uuid.uuid4().hex[:8]
    pending = as_completed(loop=client.loop, with_results=True, raise_errors=False)
    done: dict[int, list[Analysis]] = {}
    submitted = written = 0

    def refill() -> None:
        nonlocal submitted
        window = BATCHES_PER_THREAD * _threads(client)  # asked each time: workers come and go
        while submitted < len(todo) and submitted - written < window:
            key = f"newsview-batch-{run}-{submitted}"
            pending.add(client.submit(analyse_batch, model, use_cache, todo[submitted], key=key))
            submitted += 1

    refill()
    for future, result in pending:
        index = int(future.key.rsplit("-", 1)[1])
        if future.status != "finished":
            raise _failure(future.status, result, todo[index])
        done[index] = result
        while written in done:
            for analysis in done.pop(written):
                _check(analysis, expected)
                yield analysis
            written += 1
        refill()


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def _failure(status: str, result: object, batch: list[Article]) -> ClusterFailed:
    """The one-line reason a batch did not finish (``result`` as ``as_completed`` gives it)."""
    exc = result[1] if status == "error" and isinstance(result, tuple) else result
    first = batch[0].source
    if isinstance(exc, KilledWorker):
        return ClusterFailed(f"the batch from {first} was lost with every worker that tried it ({len(batch)} articles)")
    if status == "cancelled" or isinstance(exc, (FutureCancelledError, CancelledError)):
        return ClusterFailed("lost the connection to the Dask scheduler")
    return ClusterFailed(f"a worker failed on the batch from {first}: {type(exc).__name__}: {exc}".splitlines()[0])


def _check(analysis: Analysis, expected: Analyzer) -> None:
    if analysis.model != expected.label or analysis.extractor_version != expected.version:
        raise ClusterFailed(
            f"a worker analyses with {analysis.model} and extractor {analysis.extractor_version}, this machine with "
            f"{expected.label} and extractor {expected.version}: install the same newsview and model on every worker"
        )
