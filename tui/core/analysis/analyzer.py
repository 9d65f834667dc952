"""Analyses served from the cache when possible, computed with spaCy when not.

The one entry point the CLI, the app and the benchmark share, so that all of them key the
cache the same way and only ever load spaCy for a text that has not been analysed before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from tui.core.analysis.cache import AnalysisCache
from tui.core.extraction import pipeline
from tui.core.models import Analysis, Article
from tui.core.paths import cache_dir


def resolve_model(name: str | None = None) -> str:
    """pipeline.resolve_model, whose complaint about a model asked for by name says how to
    install that model (the pipeline's own hint names the default one)."""
    try:
        return pipeline.resolve_model(name)
    except pipeline.ModelNotFound:
        if not name or name in pipeline.DEFAULT_MODELS:
            raise
        if "/" in name or name.startswith("."):
            raise pipeline.ModelNotFound(f"no spaCy pipeline at {name} (a directory with a meta.json)") from None
        raise pipeline.ModelNotFound(
            f"spaCy model {name} is not installed; install it with: python3 -m spacy download {name}"
        ) from None


@dataclass
class Analyzer:
    model: str  # an installed model, as resolved by pipeline.resolve_model
    cache: AnalysisCache | None = None
    label: str = field(init=False)
    version: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = pipeline.model_label(self.model)
        self.version = pipeline.extractor_version()

    @classmethod
    def create(cls, model: str | None = None, use_cache: bool = True) -> Analyzer:
        """Raises pipeline.ModelNotFound when no such model is installed (spaCy not imported)."""
        return cls(resolve_model(model), AnalysisCache(cache_dir()) if use_cache else None)

    def cached(self, article: Article) -> Analysis | None:
        return self.cache.get(article, self.label, self.version) if self.cache else None

    def analyse(self, article: Article) -> Analysis:
        return next(self.analyse_many([article]))

    def analyse_many(
        self,
        articles: Iterable[Article],
        jobs: int = 1,
        compute: Callable[[list[Article]], Iterator[Analysis]] | None = None,
    ) -> Iterator[Analysis]:
        """Analyses in input order; cached ones without parsing, the rest in one ``nlp.pipe``
        stream, or by ``compute`` (analyses of the articles it is given, in order) instead."""
        articles = list(articles)
        found = [self.cached(a) for a in articles]
        missing = [a for a, hit in zip(articles, found) if hit is None]
        if compute is None:
            compute = partial(pipeline.analyse_many, model=self.model, n_process=jobs)
        fresh = compute(missing) if missing else iter(())
        for hit in found:
            if hit is None:
                hit = next(fresh)
                if self.cache:
                    self.cache.put(hit)
            yield hit

    @property
    def warnings(self) -> list[str]:
        return self.cache.warnings if self.cache else []
