"""Web addresses from untrusted places (a page's metadata, a corpus record's url field).

Only an absolute ``http``/``https`` URL is kept: the app opens it in a browser (``o``), where
a ``javascript:``, ``file:`` or ``data:`` address would do something other than show a page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from tui.core.untrusted import clean_line

__all__ = ["is_web_url", "web_url"]

WEB_SCHEMES = ("http", "https")


def is_web_url(argument: str) -> bool:
    """Whether a command-line argument names a web page rather than a file."""
    try:
        return "://" in argument and urlsplit(argument).scheme.lower() in WEB_SCHEMES
    except ValueError:  # "http://[::1" and the like: a malformed address, so not one
        return False


def web_url(value: Any, base: str | None = None) -> str | None:
    """``value`` as an absolute http(s) URL (relative ones resolved against ``base``), else None."""
    if not isinstance(value, str):
        return None
    value = clean_line(value)
    if not value or len(value) > 2048 or " " in value:
        return None
    try:
        if base:
            value = urljoin(base, value)
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None
