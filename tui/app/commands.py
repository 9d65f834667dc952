"""Command palette providers: go to a speaker, an entity, an article, or a speaker anywhere
in the corpus.

Names and titles come from articles, so hits are built as Content here instead of with
``Matcher.highlight``, which parses its argument as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui.app import render
from tui.app.corpus_walk import CorpusWalk
from tui.app.render import Subject
from tui.core.corpus.summary import fold

if TYPE_CHECKING:
    from tui.app.app import NewsviewApp

# Speakers rank above other entities and articles with the same name in them, so typing a
# speaker's name and pressing enter chooses that speaker; one quoted in other articles only
# comes after the names of this article.
SPEAKER_WEIGHT, ENTITY_WEIGHT, CORPUS_WEIGHT, ARTICLE_WEIGHT = 1.0, 0.6, 0.5, 0.4


def _highlighted(matcher: Matcher, kind: str, name: str) -> Content:
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return Content.assemble((f"{kind}: ", "dim"), content)


class _Candidates(Provider):
    """A provider over (kind, name, other names, weight, help, callback) candidates."""

    def candidates(self) -> Iterator[tuple[str, str, tuple[str, ...], float, str, Callable[[], None]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for kind, name, _, _, help_text, callback in self.candidates():
            yield DiscoveryHit(
                Content.assemble((f"{kind}: ", "dim"), name), callback, text=f"{kind}: {name}", help=help_text
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, name, aliases, weight, help_text, callback in self.candidates():
            names = (name, *aliases)
            # Accents folded too, so "erdogan" finds "Erdoğan".
            score = max(matcher.match(n) for n in (*names, *map(fold, names)))
            if score > 0:
                yield Hit(
                    score * weight, _highlighted(matcher, kind, name), callback, text=f"{kind}: {name}", help=help_text
                )


class SubjectCommands(_Candidates):
    """Speakers first, then entities that do not speak."""

    @property
    def _app(self) -> NewsviewApp:
        return self.app  # type: ignore[return-value]

    def candidates(self):
        analysis = self._app.main_screen.analysis
        if analysis is None:
            return
        speakers: dict[Subject, int] = {}
        for quote in analysis.quotes:
            subject = render.quote_subject(quote)
            if subject is not None:
                speakers[subject] = speakers.get(subject, 0) + 1
        for subject, count in speakers.items():
            entity = analysis.entity(subject.entity) if subject.entity else None
            aliases = entity.aliases if entity else ()
            plural = "statement" if count == 1 else "statements"
            yield (
                "Speaker",
                subject.name,
                aliases,
                SPEAKER_WEIGHT,
                f"light up {count} {plural}",
                partial(self._app.main_screen.choose_subject, subject),
            )
        for entity in render.shown_entities(analysis):
            if Subject(entity.name, entity.id) in speakers:
                continue
            etype = render.entity_type(entity.label)
            help_text = f"{etype.tag if etype else 'entity'}, {len(entity.mentions)} mentions"
            yield (
                "Entity",
                entity.name,
                entity.aliases,
                ENTITY_WEIGHT,
                help_text,
                partial(self._app.main_screen.choose_subject, Subject(entity.name, entity.id)),
            )


class ArticleCommands(_Candidates):
    def candidates(self):
        app: NewsviewApp = self.app  # type: ignore[assignment]
        if len(app.articles) < 2:
            return
        for index, article in enumerate(app.articles):
            yield (
                "Article",
                article.title or article.source,
                (),
                ARTICLE_WEIGHT,
                "open this article",
                partial(app.main_screen.open_article, index),
            )


class CorpusSpeakerCommands(_Candidates):
    """Speakers of the other articles analysed so far, as the corpus view joins them.

    Choosing one opens their first article with their statements lit up, as enter in the
    corpus view does, so ``]`` walks on through their other articles.
    """

    _rows: tuple = ()  # filled when the palette opens

    async def startup(self) -> None:
        # Summarised once per palette opening: every keystroke searches these rows again.
        from tui.app.screens.corpus import CorpusScreen
        from tui.core.corpus.summary import summarise

        app: NewsviewApp = self.app  # type: ignore[assignment]
        analyses = app.corpus_analyses() if len(app.articles) > 1 else []
        here = app.main_screen.analysis
        local = {s.name for q in here.quotes if (s := render.quote_subject(q)) is not None} if here else set()
        order = [a.article.source for a in analyses]
        rows = []
        for row in summarise(analyses, app.speaker_links()).speakers:
            if row.name in local or not row.named:
                continue
            walk = CorpusWalk.of_speaker(row, order)
            count = len(walk.articles)
            quotes = f"{len(row.quotes)} quote{'s' if len(row.quotes) != 1 else ''}"
            help_text = f"{quotes} in {count} article{'s' if count != 1 else ''}: opens the first, ] walks on"
            open_first = partial(app.post_message, CorpusScreen.OpenArticle(walk))
            rows.append(("Corpus speaker", row.name, tuple(row.aliases), CORPUS_WEIGHT, help_text, open_first))
        self._rows = tuple(rows)

    def candidates(self):
        return iter(self._rows)

    # Found by typing only: a corpus has hundreds of speakers to list before anything is typed.
    discover = Provider.discover
