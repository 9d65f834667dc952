"""``newsview [PATH...]``: load the articles, then hand the terminal to the app.

Everything that can fail on the way in (unreadable paths, nothing to show, no terminal)
fails here as a one-line CliError, before the screen is taken over.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from tui.errors import CliError


def _reattach_terminal() -> None:
    """After reading piped articles from stdin, read keys from the terminal instead.

    Textual reads keys from fd 0, so the controlling terminal takes the pipe's place.
    """
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError as exc:
        raise CliError(
            f"read the articles from stdin but there is no terminal for the keys: {exc.strerror}", 2
        ) from exc
    os.dup2(tty, 0)
    os.close(tty)


def check_terminal(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Refuse, in one line, a terminal that says it cannot move the cursor.

    ``TERM=dumb`` (Emacs shell buffers, some CI logs, ``ssh`` without a pty type) gets no
    cursor addressing: a full-screen app would print its escape sequences as garbage.
    """
    if environ.get("TERM", "").strip().lower() == "dumb":
        raise CliError(
            "this terminal (TERM=dumb) cannot show the full-screen app; run it in a terminal"
            " emulator (or set TERM, e.g. TERM=xterm-256color), or use 'newsview extract' / 'newsview export'",
            2,
        )


def run_app(args: argparse.Namespace) -> int:
    # Python's cycle collector would walk every object the imports and the first frame create,
    # over and over: 20-30 ms of the first paint. Startup makes next to no garbage cycles, so
    # collection waits until the first frame is on screen (NewsviewApp.on_ready).
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: argparse.Namespace) -> int:
    from tui.core.ingest.sources import InputError, bundled_articles_dir, load_paths

    check_terminal()

    paths = list(args.paths) or [str(bundled_articles_dir())]
    reads_stdin = "-" in paths
    try:
        articles, problems = load_paths(paths, stdin=sys.stdin.buffer if reads_stdin else None, lazy=True)
    except InputError as exc:
        raise CliError(str(exc), 2) from exc
    if not articles:
        detail = "; ".join(f"{p.source}: {p.message}" for p in problems)
        raise CliError("no article to show in " + ", ".join(paths) + (f" ({detail})" if detail else ""), 2)
    if reads_stdin:
        _reattach_terminal()

    from tui.app.app import NewsviewApp
    from tui.app.settings import unknown_theme, warn

    app = NewsviewApp(
        articles,
        [(p.source, p.message) for p in problems],
        model=args.model,
        data_dir=getattr(args, "data_dir", None),
        reviewer=getattr(args, "reviewer", None),
        config_path=args.config_path,
    )
    if args.theme:
        if problem := unknown_theme(app, args.theme):
            if "theme" in args.set_by_flags:
                raise CliError(f"--theme: {problem}", 2)
            warn(f"config file {args.config_path}: {problem}")  # a bad setting is no reason to stop
        else:
            app.theme = args.theme
    app.run(mouse=args.mouse is not False)
    return app.return_code or 0
