"""Every file location newsview uses, in one place.

Cache: ``$NEWSVIEW_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsview``, else the platform's user
cache directory. Data (review verdicts): ``--data-dir``, else ``$NEWSVIEW_DATA_DIR``, else
``$XDG_DATA_HOME/newsview``, else the platform's user data directory. Settings:
``$NEWSVIEW_CONFIG``, else ``$XDG_CONFIG_HOME/newsview/config.toml``, else ``config.toml`` in
the platform's user config directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.untrusted import path_label

APP_NAME = "newsview"


def _xdg(env_var: str, platform_default: str) -> Path:
    base = os.environ.get(env_var)
    if base:
        return Path(base) / APP_NAME
    import platformdirs

    return Path(getattr(platformdirs, platform_default)(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    override = os.environ.get("NEWSVIEW_CACHE_DIR")
    return Path(override) if override else _xdg("XDG_CACHE_HOME", "user_cache_dir")


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    override = os.environ.get("NEWSVIEW_DATA_DIR")
    return Path(override) if override else _xdg("XDG_DATA_HOME", "user_data_dir")


def config_file() -> Path:
    override = os.environ.get("NEWSVIEW_CONFIG")
    return Path(override) if override else _xdg("XDG_CONFIG_HOME", "user_config_dir") / "config.toml"


def review_db(explicit_data_dir: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(explicit_data_dir) / "reviews.sqlite3"


def describe(explicit_data_dir: str | os.PathLike[str] | None = None) -> str:
    """What ``newsview paths`` prints: the environment or the config file chose them, so
    they are shown through path_label."""
    return "\n".join(
        [
            f"config (settings): {path_label(config_file())}",
            f"cache (analyses):  {path_label(cache_dir())}",
            f"data (reviews):    {path_label(review_db(explicit_data_dir))}",
        ]
    )
