"""Fetching a web page named on the command line (``newsview https://...``).

Only when an argument is an ``http://`` or ``https://`` URL, never at import or for a local
file. Bounded in every way a server could abuse: a timeout on connecting and on each read,
at most ``MAX_BYTES`` of body, at most ``MAX_REDIRECTS`` redirects, and a redirect only to
http(s) (urllib would follow none elsewhere, but says so in words this module chooses).
Every failure is a ``FetchError`` whose message is one line.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import tui
from tui.core.ingest.urls import WEB_SCHEMES, is_web_url

__all__ = ["FetchError", "Fetched", "MAX_BYTES", "MAX_REDIRECTS", "TIMEOUT", "fetch"]

TIMEOUT = 20.0  # seconds, for connecting and for each read; three times this for the whole body
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The page could not be fetched; the message is one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the page was found, after redirects
    body: bytes
    content_type: str  # "text/html", lower case, without parameters
    charset: str | None


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[override]
        target = urlsplit(urljoin(req.full_url, headers.get("location") or headers.get("uri") or ""))
        if target.scheme.lower() not in WEB_SCHEMES:
            raise FetchError(f"redirected to a {target.scheme or 'relative'}: address, not http(s)")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    # Only the handlers a web page needs: no file:, ftp: or data: (build_opener adds those).
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """The body of the page at ``url``; FetchError with a one-line reason otherwise."""
    if not is_web_url(url):
        raise FetchError("only http:// and https:// addresses can be fetched")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"newsview/{tui.__version__}",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1",
        },
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = _read_body(response, max_bytes, time.monotonic() + 3 * timeout)
            headers: Message = response.headers
            final_url = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
        raise FetchError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot fetch: {_reason(exc.reason)}") from None
    except TimeoutError:  # the server stopped sending, or sent too slowly
        raise FetchError(f"no complete answer in time (timeout {timeout:g} seconds)") from None
    except (OSError, ValueError) as exc:  # a reset connection, a malformed address or header
        raise FetchError(f"cannot fetch: {_reason(exc)}") from None
    if len(body) > max_bytes:
        raise FetchError(f"the page is over {max_bytes // 2**20} MB")
    return Fetched(final_url, body, headers.get_content_type().lower(), headers.get_content_charset())


def _read_body(response, max_bytes: int, deadline: float) -> bytes:
    """Up to ``max_bytes + 1`` bytes, and a TimeoutError when a server trickles the page past
    the deadline (each read has its own timeout, but a byte a second would never end)."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = response.read(min(1 << 16, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError
    return b"".join(chunks)


def _reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "no answer in time"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__
