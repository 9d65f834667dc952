"""Web pages in: HTML recognised by content, ``http(s)://`` arguments fetched from a loopback
server, and the page's canonical URL, date and byline read from its metadata."""

from __future__ import annotations

import html
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, run_async, until, until_analysed
from tui.core.ingest.fetch import FetchError, fetch
from tui.core.ingest.html_meta import page_meta
from tui.core.ingest.sources import InputError, load_path, load_paths
from tui.core.models import Article

REPO = Path(__file__).resolve().parent.parent
CANONICAL = "https://news.example.org/2019/09/hong-kong-bill"


def _wikinews(index: int) -> dict:
    with open(REPO / "articles" / "wikinews.jsonl", encoding="utf-8") as f:
        return json.loads(f.readlines()[index])


def news_page(title: str, paragraphs: list[str], date: str = "2019-09-06T10:00:00Z") -> str:
    """A page shaped like a news site's: metadata, menus, a cookie banner, related links,
    scripts and a footer around the article."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": date,
            "author": [{"@type": "Person", "name": "Jane Reporter"}],
        }
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Example News</title>
<link rel="canonical" href="/2019/09/hong-kong-bill">
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{date}">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer = [{{"said": "tracking code, not an article"}}];</script>
<style>p {{ color: "red" }}</style>
</head><body>
<header><a href="/">Example News</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<h1>{html.escape(title)}</h1></header>
<div class="cookie-banner"><form><button>Accept all cookies</button></form></div>
<main><article>
<p class="byline">By <a rel="author" href="/staff/jane">Jane Reporter</a>,
<time datetime="{date}">6 September 2019</time></p>
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/x">"Not a quote," said nobody in a sidebar</a></li></ul></aside>
</main>
<footer><p>&copy; Example News. "All rights reserved," the lawyers said.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article_page() -> tuple[str, str, str]:
    """(page, plain text, date) of a bundled Wikinews article with quotes."""
    record = _wikinews(9)
    paragraphs = [p.strip() for p in record["text"].split("\n\n") if p.strip()]
    plain = record["title"] + "\n\n" + "\n\n".join(paragraphs)
    return news_page(record["title"], paragraphs), plain, "2019-09-06T10:00:00Z"


class _Site(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, headers, body = self.pages.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def site(article_page) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (a free port) for this module's tests; its base address."""
    page, _, _ = article_page
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Site.pages = {
        "/page.html": (200, html_type, page.encode()),
        "/plain": (200, {"Content-Type": "text/plain"}, b'Headline\n\n"We agree," she said.'),
        "/moved": (302, {"Location": "/page.html"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/big": (200, html_type, b"<p>" + b"x" * 2_000_000 + b"</p>"),
        "/gone": (410, {}, b"gone"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def _quotes(data: dict) -> list[tuple[str, str | None]]:
    return [(q["text"], (q["speaker"] or {}).get("name")) for q in data["quotes"]]


def test_page_on_stdin_and_by_url_give_the_plain_texts_article(tmp_path: Path, article_page, site) -> None:
    page, plain, date = article_page
    (tmp_path / "plain.txt").write_text(plain, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", str(tmp_path / "plain.txt"), "-", f"{site}/page.html"],
        input=page.encode(),
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    from_text, from_stdin, from_url = (json.loads(line) for line in result.stdout.decode().splitlines())
    for data in (from_stdin, from_url):
        assert data["text"] == plain  # no markup, script, menu, banner, sidebar or footer
        assert _quotes(data) == _quotes(from_text) and data["quotes"]
        assert data["date"] == date
        assert data["author"] == "Jane Reporter"
    # The canonical link is relative: resolved against the address the page came from, when
    # there is one; on stdin the page names no absolute URL of its own.
    assert from_url["url"] == f"{site}/2019/09/hong-kong-bill"
    assert from_url["source"] == f"{site}/page.html"
    assert from_stdin["url"] is None and from_text["url"] is None


def test_html_recognised_by_content_whatever_the_name(tmp_path: Path, article_page) -> None:
    page, plain, _ = article_page
    for name in ("saved-page.txt", "no-extension"):
        (tmp_path / name).write_text(page, encoding="utf-8")
        [article], problems = load_path(tmp_path / name)
        assert (article.text, problems) == (plain, [])
    # Prose that mentions a tag is still text.
    (tmp_path / "about.txt").write_text("How to write <p> in HTML\n\nUse <p> for paragraphs.", encoding="utf-8")
    [article], _ = load_path(tmp_path / "about.txt")
    assert article.text == "How to write <p> in HTML\n\nUse <p> for paragraphs."


def test_metadata_sources_in_order_of_trust() -> None:
    page = """<html><head>
    <meta property="og:url" content="https://example.org/og">
    <meta name="author" content="https://example.org/profile/x">
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "url": "https://example.org/"},
      {"@type": "NewsArticle", "url": "https://example.org/ld", "datePublished": "2020-02-14",
       "author": [{"name": "A. One"}, {"name": "B. Two\\u001b]0;owned\\u0007"}]}]}</script>
    </head><body><time datetime="2020-02-15">later</time></body></html>"""
    meta = page_meta(page, "https://example.org/fetched")
    assert meta.url == "https://example.org/og"  # og:url before JSON-LD without a canonical link
    assert meta.date == "2020-02-14"  # the article's date, not the first <time>
    assert meta.author == "A. One, B. Two]0;owned"  # a profile URL is no name; controls stripped
    assert page_meta("<html><body><p>x</p></body></html>", "https://e.org/a").url == "https://e.org/a"


def test_a_canonical_url_that_is_not_web_is_dropped() -> None:
    page = '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="data:text/html,x">'
    assert page_meta(page).url is None
    assert page_meta(page, "https://e.org/page").url == "https://e.org/page"


def test_fetch_follows_a_redirect_and_reads_plain_text(site) -> None:
    assert fetch(f"{site}/moved").url == f"{site}/page.html"
    [article], _ = load_paths([f"{site}/plain"])
    assert article.text == 'Headline\n\n"We agree," she said.' and article.url == f"{site}/plain"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop", "more than 5 redirects"),
        ("/to-file", "redirected to a file: address, not http(s)"),
        ("/gone", "the server answered 410 Gone"),
        ("/missing", "the server answered 404 Not Found"),
    ],
)
def test_fetch_failures_are_one_line(site, path: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        load_paths([f"{site}{path}"])
    assert str(caught.value) == f"{site}{path}: {reason}"


def test_fetch_is_bounded_in_size_and_time(site) -> None:
    with pytest.raises(FetchError, match=r"the page is over 1 MB"):
        fetch(f"{site}/big", max_bytes=1024 * 1024)
    silent = http.server.HTTPServer(("127.0.0.1", 0), _Site)  # listens, never answers
    try:
        with pytest.raises(FetchError, match="in time"):
            fetch(f"http://127.0.0.1:{silent.server_address[1]}/", timeout=0.5)
    finally:
        silent.server_close()


def test_only_web_addresses_are_fetched() -> None:
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch("file:///etc/passwd")


def test_the_command_line_reports_a_failed_fetch_in_one_line(site) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--json", f"{site}/gone"], capture_output=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.decode() == f"newsview: {site}/gone: the server answered 410 Gone\n"


@run_async
async def test_o_opens_the_articles_web_address_or_says_there_is_none(seed: Article) -> None:
    from tui.app.app import NewsviewApp

    pages = [replace(seed, url="https://news.example.org/a"), replace(seed, source="other", url="javascript:alert(1)")]
    app = NewsviewApp(pages, analyzer_factory=FakeAnalyzer)
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # no browser in a test
    async with app.run_test(size=(120, 40)) as pilot:
        await until_analysed(app, pilot)
        await pilot.press("o")
        assert opened == ["https://news.example.org/a"]
        await pilot.press("1", "j", "enter")  # the second article: a url field that is no web address
        await until(pilot, lambda: app.main_screen.current == 1)
        await pilot.press("o")
        assert opened == ["https://news.example.org/a"]
        assert "no web address" in str(list(app._notifications)[-1].message)
