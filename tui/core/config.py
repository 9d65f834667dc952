"""The user's settings: ``config.toml`` in newsview's config directory.

``$NEWSVIEW_CONFIG`` names the file outright; else it is ``$XDG_CONFIG_HOME/newsview/config.toml``,
else the platform's user config directory. Every key is optional::

    theme = "nord"              # the app's theme (the palette's choice is saved here)
    reviewer = "Jane Doe"       # the name recorded with review verdicts
    model = "en_core_web_md"    # the spaCy pipeline
    data_dir = "~/reviews"      # where review verdicts are kept
    mouse = false               # leave the mouse to the terminal (selection)

Command-line flags override the file. A file that cannot be read or parsed, or a key of the
wrong type, is one warning line and is otherwise ignored: newsview starts with its defaults.
Saving the theme rewrites only the ``theme`` line (comments and other keys stay) and
replaces the file atomically, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.paths import config_file
from tui.core.untrusted import clean_line

__all__ = ["Config", "load_config", "save_setting"]

_STRINGS = ("theme", "reviewer", "model", "data_dir")
_BOOLS = ("mouse",)
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    reviewer: str | None = None
    model: str | None = None
    data_dir: str | None = None
    mouse: bool | None = None
    path: Path | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)


def load_config(path: Path | None = None) -> Config:
    """The settings in the config file; an empty Config (with a warning) when it is unusable."""
    path = path or config_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        return Config(path=path, warnings=(f"config file {path} not read: {(exc.strerror or str(exc)).lower()}",))
    if len(data) > _MAX_BYTES:
        return Config(path=path, warnings=(f"config file {path} not read: over 1 MB",))
    import tomllib  # only when there is a file: its parser costs the first paint 7 ms

    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, warnings=(f"config file {path} ignored: {clean_line(str(exc))}",))
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in table.items():
        if key in _STRINGS and isinstance(value, str) and clean_line(value):
            values[key] = clean_line(value)
        elif key in _BOOLS and isinstance(value, bool):
            values[key] = value
        elif key in _STRINGS or key in _BOOLS:
            problems.append(f"{key} must be {'true or false' if key in _BOOLS else 'a string'}")
        else:
            problems.append(f"unknown key {clean_line(key)!r}")
    if "data_dir" in values:
        values["data_dir"] = os.path.expanduser(values["data_dir"])
    warnings = (f"config file {path}: {'; '.join(problems)} (ignored)",) if problems else ()
    return Config(path=path, warnings=warnings, **values)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set one string key, keeping the rest of the file as it was; returns the file's path.

    Raises OSError when the file cannot be written (the caller says so in one line).
    """
    path = path or config_file()
    line = f"{key} = {_toml_string(value)}"
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    except UnicodeDecodeError:
        raise OSError(f"{path} is not UTF-8 text; not overwritten") from None
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=.*$", re.M)
    # Only a top-level key: the part of the file before any [table] header.
    header = re.search(r"^[ \t]*\[", old, re.M)
    top, rest = (old[: header.start()], old[header.start() :]) if header else (old, "")
    if pattern.search(top):
        top = pattern.sub(lambda _: line, top, count=1)
    else:
        top = (top if not top or top.endswith("\n") else top + "\n") + line + "\n"
    _write_atomically(path, top + rest)
    return path


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
