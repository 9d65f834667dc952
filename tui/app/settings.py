"""The app's side of the config file: the theme to start with, and the theme the user picks
in the palette saved for next time."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App
from textual.theme import Theme

from tui.core.untrusted import clean_line, path_label


def unknown_theme(app: App, name: str) -> str | None:
    """Why ``name`` cannot be used (one line naming the themes there are), or None."""
    if name in app.available_themes:
        return None
    return f"unknown theme {clean_line(name)!r} (themes: {', '.join(sorted(app.available_themes))})"


def remember_theme(app: App, config_path: Path) -> None:
    """From now on, save every theme change (the palette's "Change theme") in the config file.

    A file that cannot be written is one notice; the theme still changes for this session.
    """
    from tui.core.config import save_setting

    current = [app.theme]  # the theme started with (from --theme or the file) is not a choice

    def saved(theme: Theme) -> None:
        if theme.name == current[0]:
            return
        current[0] = theme.name
        try:
            save_setting("theme", theme.name, config_path)
        except OSError as exc:
            reason = clean_line(exc.strerror or str(exc))
            app.notify(f"Theme not saved in {path_label(config_path)}: {reason}", severity="warning", markup=False)

    app.theme_changed_signal.subscribe(app, saved)


def warn(message: str) -> None:
    print(f"newsview: warning: {clean_line(message)}", file=sys.stderr)
