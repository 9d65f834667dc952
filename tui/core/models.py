"""The plain data the core computes and the app renders.

Every offset is a character offset into ``Article.text``, the cleaned text that was
analysed, as a half-open ``(start, end)`` pair. All classes are frozen so an analysis can
be shared between threads and cached without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

Span = tuple[int, int]
QuoteKind = Literal["direct", "indirect", "mixed"]
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Article:
    """One cleaned article, ready for analysis."""

    source: str  # where it came from: a path, "path#3" for a record in a corpus file, or "-"
    title: str
    text: str
    url: str | None = None
    date: str | None = None
    author: str | None = None  # the byline, from a web page's metadata


@dataclass(frozen=True)
class Entity:
    """One real-world referent: every mention of it, under one canonical name."""

    id: str  # "e1", "e2", ... in order of first mention
    label: str  # PERSON, ORG, GPE, ... (spaCy's labels)
    name: str  # canonical name: the fullest form, without titles or possessives
    aliases: tuple[str, ...]  # other surface forms, canonical name excluded
    mentions: tuple[Span, ...]  # sorted by start


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to, as resolved from the text."""

    name: str  # canonical name of the entity, or the phrase as written ("one European official")
    entity: str | None = None  # Entity.id when the speaker resolved to an entity
    mention: Span | None = None  # the span naming the speaker at this quote ("he", "Lavrov")
    text: str = ""  # text[mention] when there is a mention
    aliases: tuple[str, ...] = ()  # other names of the same speaker (members of a joint speaker)


@dataclass(frozen=True)
class Quote:
    """One statement: direct (in quote marks), indirect (reported) or mixed."""

    id: str  # "q1", "q2", ... in text order
    kind: QuoteKind
    start: int
    end: int  # text[start:end] is the content without the enclosing quote marks
    text: str
    cue: str | None = None  # the speech verb or phrase ("said", "according to")
    cue_span: Span | None = None
    speaker: Speaker | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything newsview knows about one article."""

    article: Article
    model: str  # "en_core_web_sm 3.8.0"
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    extractor_version: str = field(default="", compare=False)

    def entity(self, entity_id: str) -> Entity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def quotes_by(self, entity_id: str) -> tuple[Quote, ...]:
        """The statements attributed to one entity, in text order."""
        return tuple(q for q in self.quotes if q.speaker and q.speaker.entity == entity_id)

    def to_json(self) -> dict[str, Any]:
        """The ``extract --json`` object, schema version 1."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.article.source,
            "title": self.article.title,
            "url": self.article.url,
            "date": self.article.date,
            "author": self.article.author,
            "text": self.article.text,
            "model": self.model,
            "entities": [
                {
                    "id": e.id,
                    "label": e.label,
                    "name": e.name,
                    "aliases": list(e.aliases),
                    "mentions": [list(m) for m in e.mentions],
                }
                for e in self.entities
            ],
            "quotes": [_quote_json(q) for q in self.quotes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], extractor_version: str = "") -> Analysis:
        """Inverse of ``to_json``; raises KeyError/TypeError/ValueError on a malformed object."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {data.get('schema_version')!r}")
        article = Article(
            source=str(data["source"]),
            title=str(data["title"]),
            text=str(data["text"]),
            url=data.get("url"),
            date=data.get("date"),
            author=data.get("author"),
        )
        entities = tuple(
            Entity(
                id=str(e["id"]),
                label=str(e["label"]),
                name=str(e["name"]),
                aliases=tuple(str(a) for a in e["aliases"]),
                mentions=tuple((int(s), int(t)) for s, t in e["mentions"]),
            )
            for e in data["entities"]
        )
        quotes = tuple(_quote_from_json(q) for q in data["quotes"])
        return cls(article, str(data["model"]), entities, quotes, extractor_version)


def _span(value: Any) -> Span | None:
    return None if value is None else (int(value[0]), int(value[1]))


def _quote_json(q: Quote) -> dict[str, Any]:
    speaker = None
    if q.speaker is not None:
        s = q.speaker
        speaker = {
            "name": s.name,
            "entity": s.entity,
            "mention": list(s.mention) if s.mention else None,
            "text": s.text,
            "aliases": list(s.aliases),
        }
    return {
        "id": q.id,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "cue": q.cue,
        "cue_span": list(q.cue_span) if q.cue_span else None,
        "speaker": speaker,
    }


def _quote_from_json(q: dict[str, Any]) -> Quote:
    if q["kind"] not in QUOTE_KINDS:
        raise ValueError(f"unknown quote kind {q['kind']!r}")
    s = q.get("speaker")
    speaker = None
    if s is not None:
        speaker = Speaker(
            name=str(s["name"]),
            entity=s.get("entity"),
            mention=_span(s.get("mention")),
            text=str(s.get("text") or ""),
            aliases=tuple(str(a) for a in s.get("aliases") or ()),
        )
    return Quote(
        id=str(q["id"]),
        kind=q["kind"],
        start=int(q["start"]),
        end=int(q["end"]),
        text=str(q["text"]),
        cue=q.get("cue"),
        cue_span=_span(q.get("cue_span")),
        speaker=speaker,
    )
