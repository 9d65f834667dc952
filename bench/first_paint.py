"""First paint of ``newsview FILE`` next to a bare Textual app showing the same file.

    python bench/first_paint.py [FILE] [--repeats N] [--phrase TEXT]

Each app runs in a pseudo-terminal of a fixed size; the time is from launch until a phrase
of the article appears in the output with escape sequences stripped. The two sides run
interleaved so a busy machine slows both alike; medians are printed with their ratio.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 120, 40

BARE_APP = """
import sys
from pathlib import Path
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class Bare(App):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(Path(sys.argv[1]).read_text(encoding="utf-8")))


Bare().run()
"""

# CSI and OSC sequences, and the other two-byte escapes Textual writes.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def _visible(data: bytes) -> str:
    """The printed characters, in output order, with whitespace collapsed."""
    return " ".join(_ESCAPES.sub(b"", data).decode("utf-8", "replace").split())


def bytecode_cached(environ: Mapping[str, str], tmp: Path) -> dict[str, str]:
    """``environ`` with Python's bytecode cache on (in ``tmp``), as an installed newsview has it.

    With PYTHONDONTWRITEBYTECODE set, every launch compiles newsview's source again, which no
    installed copy does (pip writes the bytecode); the bare app is one small script either way.
    """
    env = {k: v for k, v in environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def time_first_paint(
    argv: list[str],
    phrase: str,
    env: dict[str, str],
    timeout: float = 30.0,
) -> float:
    """Seconds from spawning ``argv`` in a pty until ``phrase`` is on its screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    seen = b""
    wanted = " ".join(phrase.split())
    try:
        while True:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{argv[0]}: {phrase!r} not painted in {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                raise RuntimeError(f"{' '.join(argv)} exited before painting: {_visible(seen)[-300:]}") from None
            seen += chunk
            # The phrase must sit on one screen row: another pane's cells follow a row's end.
            if wanted in _visible(seen):
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
        os.close(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(REPO / "articles" / "seed.txt"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--phrase", default="Moaz al-Khatib was invited", help="words from the article's first screen")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsview-paint-") as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        env = dict(
            bytecode_cached(os.environ, Path(tmp)),
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(LINES),
            TEXTUAL_ANIMATIONS="none",
        )
        # A fresh cache: the analysis must not be what is measured, and must not help.
        env["NEWSVIEW_CACHE_DIR"] = str(Path(tmp) / "cache")
        env["NEWSVIEW_DATA_DIR"] = str(Path(tmp) / "data")  # never the user's review store
        sides = {
            "bare textual": [sys.executable, str(bare_script), args.file],
            "newsview": [sys.executable, "-m", "tui", args.file],
        }
        samples: dict[str, list[float]] = {name: [] for name in sides}
        time_first_paint(sides["newsview"], args.phrase, env)  # warm the file system and bytecode caches
        for _ in range(args.repeats):
            for name, argv in sides.items():
                samples[name].append(time_first_paint(argv, args.phrase, env))

    bare, newsview = (statistics.median(samples[name]) for name in sides)
    for name in sides:
        runs = " ".join(f"{s * 1000:.0f}" for s in samples[name])
        print(f"{name:13s} median {statistics.median(samples[name]) * 1000:6.0f} ms   runs: {runs}")
    print(f"ratio newsview / bare textual: {newsview / bare:.2f}  (target <= 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
