"""The two-worker Dask cluster against ``--jobs 2`` on the same articles.

A cluster of one scheduler and two single-threaded workers is started from the ``dask``
command on 127.0.0.1 before each timed pair, as a user's cluster would be up before a run;
the workers have not loaded the model, so the first run on it pays for that as ``--jobs 2``
does, and a second run on the same workers shows the cost without it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

STARTUP_TIMEOUT = 120.0


def _start(argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(condition, what: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start in {STARTUP_TIMEOUT:g} s; see {log}")
        time.sleep(0.2)


@contextmanager
def dask_cluster(tmp: Path, workers: int, env: dict[str, str]) -> Iterator[str]:
    """Start ``dask scheduler`` and ``workers`` x ``dask worker --nthreads 1``; yield the address."""
    from distributed import Client

    tmp.mkdir(parents=True, exist_ok=True)
    scheduler_file = tmp / f"scheduler-{time.monotonic_ns()}.json"
    log = tmp / "cluster.log"
    dask = [sys.executable, "-m", "dask"]
    with ExitStack() as stack:
        scheduler = _start(
            [
                *dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            log,
            env,
        )
        stack.callback(_stop, scheduler)
        _wait_for(scheduler_file.exists, "the Dask scheduler", log)
        address = json.loads(scheduler_file.read_text())["address"]
        for n in range(workers):
            worker = _start(
                [
                    *dask,
                    "worker",
                    address,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--name",
                    f"w{n}",
                ],
                log,
                {**env, "NEWSVIEW_CACHE_DIR": str(tmp / f"worker-{n}-cache")},
            )
            stack.callback(_stop, worker)
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=STARTUP_TIMEOUT)
        yield address


def time_cluster_pair(
    argv: list[str], tmp: Path, env: dict[str, str], timed: Callable[..., float]
) -> tuple[float, float]:
    """``argv --dask ADDRESS`` twice on one fresh two-worker cluster, each run timed by ``timed``:
    (first run, model loaded by it; second run, model already loaded) in seconds."""
    with dask_cluster(tmp / "cluster", 2, env) as address:
        return timed([*argv, "--dask", address], env), timed([*argv, "--dask", address], env)
