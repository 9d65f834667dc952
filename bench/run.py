"""newsview's benchmark: every figure printed next to its floor, measured in the same run.

    python bench/run.py [--quick] [--only NAME ...] [--json bench/results/latest.json]

Floors are what newsview cannot beat: bare spaCy for analysis, a bare Textual app for
painting. Each comparison runs both sides interleaved, several times, and reports medians,
so a busy machine slows both sides alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews"
sys.path.insert(0, str(REPO))

from bench.first_paint import BARE_APP, bytecode_cached, time_first_paint  # noqa: E402
from bench.synthetic import quoted_paragraphs  # noqa: E402

SEED = REPO / "articles" / "seed.txt"
SEED_PHRASE = "Moaz al-Khatib was invited"  # on the seed article's first screen
ANALYSED_PHRASE = "quotes · en_core_web_sm"  # the status line once the quote list is filled


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None  # the same work done by the bare tool, measured in this run
    target: str  # what the figure must meet, in words
    met: bool

    def line(self) -> str:
        floor = f"{self.floor:10.3f} {self.unit}" if self.floor is not None else " " * 12
        ratio = f"x{self.value / self.floor:5.2f}" if self.floor else "      "
        verdict = "met" if self.met else "NOT MET"
        value = f"{self.name:34s} {self.value:10.3f} {self.unit:3s}"
        return f"{value} floor {floor}  {ratio}  target {self.target:22s} {verdict}"


def _median_runs(sides: dict[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Run each side ``repeats`` times, interleaved, and return the median of each."""
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, run in sides.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def _timed_command(argv: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _child_peak_rss_mb(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Peak resident memory of one command, via a fresh wrapper process so children don't mix."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *argv], check=True, capture_output=True, text=True, env=env)
    return int(out.stdout.strip()) / 1024


def _corpus_files() -> list[str]:
    return [str(p) for p in sorted(CORPUS.glob("*.csv"))]


def _no_cache_env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "NEWSVIEW_CACHE_DIR": str(tmp / "cache"), "NEWSVIEW_DATA_DIR": str(tmp / "data")}


BARE_SPACY = """
import csv, sys
import spacy
csv.field_size_limit(sys.maxsize)
texts = [row["text"] for path in sys.argv[2:] for row in csv.DictReader(open(path, encoding="utf-8"))]
nlp = spacy.load(sys.argv[1])
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def bench_analysis(repeats: int, tmp: Path) -> list[Figure]:
    """``extract`` over the Wikinews corpus against bare ``nlp.pipe`` over the same texts."""
    from tui.core.extraction.pipeline import resolve_model

    files = _corpus_files()
    model = resolve_model()
    env = _no_cache_env(tmp)
    newsview = [sys.executable, "-m", "tui", "extract", "--json", "--no-cache", *files]
    sides = {
        "bare": lambda: _timed_command([sys.executable, "-c", BARE_SPACY, model, *files]),
        "one": lambda: _timed_command(newsview, env),
        "two": lambda: _timed_command([*newsview, "--jobs", "2"], env),
    }
    t = _median_runs(sides, repeats)
    return [
        Figure(
            "analysis: extract 295 articles",
            t["one"],
            "s",
            t["bare"],
            "<= 1.15x bare spaCy",
            t["one"] <= 1.15 * t["bare"],
        ),
        Figure(
            "batch scaling: --jobs 2 speed-up",
            t["one"] / t["two"],
            "x",
            None,
            ">= 1.6x faster than one",
            t["one"] / t["two"] >= 1.6,
        ),
    ]


def bench_cluster(repeats: int, tmp: Path) -> list[Figure]:
    """``extract --dask`` on a fresh two-worker cluster beside ``--jobs 2``, interleaved, medians."""
    from bench.cluster import time_cluster_pair
    from tui.core.ingest.sources import load_paths

    files = _corpus_files()
    count = len(load_paths(files)[0])
    # The workers unpickle newsview's code: this checkout's, like the client's.
    env = {**_no_cache_env(tmp), "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    argv = [sys.executable, "-m", "tui", "extract", "--json", "--no-cache", *files]
    jobs: list[float] = []
    first: list[float] = []
    second: list[float] = []
    for _ in range(repeats):
        jobs.append(_timed_command([*argv, "--jobs", "2"], env))
        cold, warm = time_cluster_pair(argv, tmp, env, _timed_command)
        first.append(cold)
        second.append(warm)
    t_jobs, t_first, t_second = (statistics.median(v) for v in (jobs, first, second))
    return [
        Figure(
            f"cluster: {count} articles, 2 workers",
            t_first,
            "s",
            t_jobs,
            "<= 1.25x --jobs 2 time",
            t_first <= 1.25 * t_jobs,
        ),
        Figure("cluster: same, model already loaded", t_second, "s", t_jobs, "(reported)", True),
        Figure("cluster: per worker, load included", count / t_first / 2, "a/s", None, "(reported)", True),
        Figure("cluster: per worker, load excluded", count / t_second / 2, "a/s", None, "(reported)", True),
    ]


def bench_large_article(tmp: Path) -> list[Figure]:
    """The 1.3-million-character article of 13,000 quoted paragraphs: quotes found, peak memory."""
    path = tmp / "large.txt"
    path.write_text("A very long article\n\n" + quoted_paragraphs(13_000), encoding="utf-8")
    env = _no_cache_env(tmp)
    argv = [sys.executable, "-m", "tui", "extract", "--json", "--no-cache", str(path)]
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    found = len(json.loads(out.stdout)["quotes"])
    rss = _child_peak_rss_mb(argv, env)
    return [
        Figure("large article: quotes found", found, "q", None, ">= 12000 of 13000", found >= 12_000),
        Figure("large article: extract time", elapsed, "s", None, "(reported)", True),
        Figure("large article: peak RSS", rss, "MB", None, "(reported)", True),
    ]


def _paint_env(tmp: Path, cache: str) -> dict[str, str]:
    return {
        **bytecode_cached(os.environ, tmp),
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
        "NEWSVIEW_CACHE_DIR": str(tmp / cache),
        "NEWSVIEW_DATA_DIR": str(tmp / "data"),
    }


def bench_paint(repeats: int, tmp: Path) -> list[Figure]:
    """First paint (fresh cache) and cached reopen against a bare Textual app's first paint."""
    bare_script = tmp / "bare.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    bare = [sys.executable, str(bare_script), str(SEED)]
    newsview = [sys.executable, "-m", "tui", str(SEED)]
    warm = _paint_env(tmp, "warm-cache")
    subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", str(SEED)], env=warm, check=True, stdout=subprocess.DEVNULL
    )

    def fresh() -> float:
        env = _paint_env(tmp, f"cache-{time.monotonic_ns()}")  # never analysed: nothing to help
        return time_first_paint(newsview, SEED_PHRASE, env)

    time_first_paint(newsview, SEED_PHRASE, warm)  # file system and bytecode caches warm for both
    t = _median_runs(
        {
            "bare": lambda: time_first_paint(bare, SEED_PHRASE, warm),
            "first": fresh,
            "cached": lambda: time_first_paint(newsview, ANALYSED_PHRASE, warm),
        },
        repeats,
    )
    return [
        Figure(
            "first paint: seed article",
            t["first"] * 1000,
            "ms",
            t["bare"] * 1000,
            "<= 1.2x bare Textual",
            t["first"] <= 1.2 * t["bare"],
        ),
        Figure(
            "cached reopen: quotes listed",
            t["cached"] * 1000,
            "ms",
            t["bare"] * 1000,
            "<= 1.3x bare first paint",
            t["cached"] <= 1.3 * t["bare"],
        ),
    ]


def _many_files(tmp: Path, count: int) -> Path:
    """A directory of ``count`` text files cut from the Wikinews corpus (titles numbered apart)."""
    from tui.core.ingest.sources import load_paths

    articles, _ = load_paths(_corpus_files())
    folder = tmp / f"files-{count}"
    folder.mkdir(exist_ok=True)
    for n in range(count):
        article = articles[n % len(articles)]
        (folder / f"{n:05d}.txt").write_text(f"{article.title} ({n})\n\n{article.text}", encoding="utf-8")
    return folder


def bench_corpus_list(repeats: int, tmp: Path) -> list[Figure]:
    """Launch until the article list is on screen: the 295-article Wikinews corpus, 3,000 files.

    The floor is a bare Textual app's first paint of one article (below it no Textual app goes).
    """
    from tui.core.ingest.sources import load_paths

    bare_script = tmp / "bare.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    files = _corpus_files()
    articles, _ = load_paths(files)
    phrase = " ".join(articles[1].title.split()[:4])  # the list's second row: the first is the text's too
    folder = _many_files(tmp, 3000)
    env = _paint_env(tmp, "corpus-cache")
    corpus = [sys.executable, "-m", "tui", *files]
    directory = [sys.executable, "-m", "tui", str(folder)]
    # Files are numbered in corpus order, so the second row is the same title in both lists.
    time_first_paint(directory, phrase, env)  # file system and bytecode caches warm for all
    t = _median_runs(
        {
            "bare": lambda: time_first_paint([sys.executable, str(bare_script), str(SEED)], SEED_PHRASE, env),
            "list": lambda: time_first_paint(corpus, phrase, env),
            "files": lambda: time_first_paint(directory, phrase, env),
        },
        repeats,
    )
    bare = t["bare"] * 1000
    files_met = t["files"] <= 1.6 * t["bare"]
    return [
        Figure("corpus: 295-article list shown", t["list"] * 1000, "ms", bare, "< 1000 ms", t["list"] < 1.0),
        Figure("corpus: 3,000-file directory listed", t["files"] * 1000, "ms", bare, "<= 1.6x bare", files_met),
    ]


LIBRARY = """
import asyncio, resource, sys
from tui.core.analysis.analyzer import Analyzer
from tui.core.ingest.sources import load_paths
from tui.app.app import NewsviewApp

articles, _ = load_paths(sys.argv[1:])

async def main():
    app = NewsviewApp(articles)
    async with app.run_test(size=(120, 40)) as pilot:
        while len(app.analyses) < len(articles):
            await pilot.pause(0.2)
    print(len(app.analyses), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""


def bench_library_memory(tmp: Path) -> list[Figure]:
    """Peak RSS of the app with the whole Wikinews corpus open and analysed (from the cache)."""
    files = _corpus_files()
    env = _no_cache_env(tmp)
    subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", "--jobs", "2", *files],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out = subprocess.run([sys.executable, "-c", LIBRARY, *files], env=env, check=True, capture_output=True, text=True)
    count, rss_kb = (int(v) for v in out.stdout.split()[-2:])
    rss = rss_kb / 1024
    return [Figure(f"memory: library of {count} articles", rss, "MB", None, "<= 400 MB", rss <= 400)]


def bench_restyle(tmp: Path) -> list[Figure]:
    """Choosing a speaker in the 104,000-character article until the text pane re-rendered."""
    from bench.restyle import measure_restyle

    result = measure_restyle()
    return [
        Figure(
            "restyle: speaker in 104k article",
            result["median_ms"],
            "ms",
            None,
            "<= 16 ms median",
            result["median_ms"] <= 16,
        )
    ]


# What the first frame of ``newsview FILE`` imports, in the order the command does: the
# config file's reader, the loaders, the app, and the analysis cache (read before the paint).
FIRST_FRAME_IMPORTS = (
    "import tui.cli, tui.core.config, tui.app.launch, tui.core.ingest.sources, tui.app.app, tui.core.analysis.analyzer"
)


def import_times(tmp: Path, repeats: int) -> tuple[float, float, list[tuple[str, float]]]:
    """``python -X importtime`` of the first frame's imports (bytecode cached, medians of runs):
    everything imported, newsview's own modules, and newsview's modules by their own time (ms)."""
    env = bytecode_cached(os.environ, tmp)
    totals, ours, by_module = [], [], {}
    for _ in range(repeats + 1):  # the first run writes the bytecode cache
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", FIRST_FRAME_IMPORTS], env=env, capture_output=True, text=True
        )
        rows = []
        for line in out.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "self [us]" not in line:
                own, _, name = line[len("import time:") :].split("|")
                rows.append((name.strip(), int(own) / 1000))
        totals.append(sum(t for _, t in rows))
        ours.append(sum(t for name, t in rows if name == "tui" or name.startswith("tui.")))
        for name, t in rows:
            if name.startswith("tui."):
                by_module.setdefault(name, []).append(t)
    medians = sorted(((name, statistics.median(ts[1:] or ts)) for name, ts in by_module.items()), key=lambda r: -r[1])
    return statistics.median(totals[1:]), statistics.median(ours[1:]), medians


def bench_imports(repeats: int, tmp: Path) -> list[Figure]:
    """Import time before the first frame, with newsview's heaviest modules listed."""
    total, ours, modules = import_times(tmp, max(repeats, 5))
    for name, ms in modules[:8]:
        print(f"    {name:40s} {ms:6.1f} ms", flush=True)
    return [
        Figure("imports before the first frame", total, "ms", None, "(reported)", True),
        Figure("  of which newsview's own modules", ours, "ms", None, "(reported)", True),
    ]


BENCHES: dict[str, Callable[[argparse.Namespace, Path], list[Figure]]] = {
    "imports": lambda args, tmp: bench_imports(args.repeats, tmp),
    "paint": lambda args, tmp: bench_paint(args.repeats, tmp),
    "corpus": lambda args, tmp: bench_corpus_list(args.repeats, tmp),
    "analysis": lambda args, tmp: bench_analysis(args.repeats, tmp),
    "cluster": lambda args, tmp: bench_cluster(args.repeats, tmp),
    "large": lambda args, tmp: bench_large_article(tmp),
    "memory": lambda args, tmp: bench_library_memory(tmp),
    "restyle": lambda args, tmp: bench_restyle(tmp),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="run only these benchmarks")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each side of a comparison (median taken)")
    parser.add_argument(
        "--json", default=str(REPO / "bench" / "results" / "latest.json"), help="where to write the figures"
    )
    args = parser.parse_args()

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="newsview-bench-") as tmp:
        for name in args.only or list(BENCHES):
            for figure in BENCHES[name](args, Path(tmp)):
                print(figure.line(), flush=True)
                figures.append(figure)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine()}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine, "figures": [asdict(f) for f in figures]}, indent=2))
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
