"""What a news page says about itself: canonical URL, publication date, byline.

News sites publish these for search engines and social previews, in several places at
once; the first that is present wins, in this order:

* URL: ``<link rel="canonical">``, ``og:url``, JSON-LD ``url``/``mainEntityOfPage``, else the
  address the page was fetched from;
* date: ``article:published_time`` and its kin, JSON-LD ``datePublished``, the first
  ``<time datetime>``, ``<meta name="date">``;
* author: ``<meta name="author">``, ``article:author`` (when a name, not a profile URL),
  JSON-LD ``author`` (a name or a list of people), ``rel="author"`` link text.

Every value comes from the page, so it is untrusted: one cleaned line of bounded length,
and a URL only when it is absolute http(s) (a ``javascript:`` canonical URL is dropped,
since ``o`` in the app would open it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from tui.core.ingest.urls import web_url
from tui.core.untrusted import clean_line

__all__ = ["PageMeta", "page_meta"]

_MAX_FIELD = 300
_MAX_JSON_LD = 1_000_000  # a script block bigger than this is no metadata worth parsing

_URL_PROPERTIES = ("og:url", "twitter:url")
_DATE_PROPERTIES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "dc.date",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
_AUTHOR_PROPERTIES = ("author", "article:author", "og:article:author", "dc.creator", "parsely-author", "byl")


@dataclass(frozen=True)
class PageMeta:
    url: str | None = None
    date: str | None = None
    author: str | None = None


def _field(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = clean_line(value)
    return value[:_MAX_FIELD] or None


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}  # first value of each name/property, lower-cased key
        self.canonical: str | None = None
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.author_links: list[str] = []
        self._script: list[str] | None = None
        self._author_link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href")
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self._script = []
        elif tag == "a" and "author" in a.get("rel", "").lower().split():
            self._author_link = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None
        elif tag == "a" and self._author_link is not None:
            self.author_links.append("".join(self._author_link))
            self._author_link = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._author_link is not None:
            self._author_link.append(data)


def _json_ld_objects(blocks: list[str]) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page, ``@graph`` members included; unreadable blocks ignored."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        if len(block) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        pending = data if isinstance(data, list) else [data]
        for item in pending[:100]:
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    found += [g for g in graph[:100] if isinstance(g, dict)]
    # The article's own object first: a page also describes its site and breadcrumbs.
    return sorted(found, key=lambda o: "Article" not in str(o.get("@type", "")))


def _person_names(value: Any) -> str | None:
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people[:20]:
        name = person.get("name") if isinstance(person, dict) else person
        name = _field(name)
        if name and not web_url(name) and name not in names:
            names.append(name)
    return _field(", ".join(names))


def _linked_url(value: Any, base: str | None) -> str | None:
    return web_url(value.get("@id") or value.get("url") if isinstance(value, dict) else value, base)


def page_meta(page: str, fetched_from: str | None = None) -> PageMeta:
    """The canonical URL, publication date and byline a page declares (see the module's doc)."""
    parser = _MetaParser()
    parser.feed(page)
    parser.close()
    meta, objects = parser.meta, _json_ld_objects(parser.json_ld)

    urls = [parser.canonical, *(meta.get(p) for p in _URL_PROPERTIES)]
    for obj in objects:
        urls += [obj.get("url"), _linked_url(obj.get("mainEntityOfPage"), fetched_from)]
    url = next((u for u in (web_url(u, fetched_from) for u in urls) if u), None) or web_url(fetched_from)

    dates = [meta.get(p) for p in _DATE_PROPERTIES[:2]]
    dates += [obj.get("datePublished") for obj in objects]
    dates += [*parser.times[:1], *(meta.get(p) for p in _DATE_PROPERTIES[2:])]
    date = next((d for d in map(_field, dates) if d), None)

    authors: list[Any] = [meta.get(p) for p in _AUTHOR_PROPERTIES]
    authors += [obj.get("author") or obj.get("creator") for obj in objects]
    authors += parser.author_links[:1]
    author = next((a for a in map(_person_names, authors) if a), None)
    return PageMeta(url, date, author)
