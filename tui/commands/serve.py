"""``newsview serve``: the same app in a web browser, through textual-serve (``newsview[serve]``).

textual-serve runs ``newsview`` (with the paths and options given here) as a new process
for each browser tab that connects, and relays its screen and keys over a WebSocket. It
listens on 127.0.0.1 unless told otherwise: whoever reaches the port uses the app, and
records reviews under its reviewer name, so opening it to a network is a choice to make
with --host.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from tui.core.ingest.urls import is_web_url
from tui.errors import CliError

SERVE_INSTALL = "pip install 'newsview[serve]'"


def app_command(args: argparse.Namespace) -> list[str]:
    """The command each browser tab runs: this Python, the app, the same articles and options.
    Paths become absolute (the server may start it elsewhere); addresses stay as given."""
    command = [sys.executable, "-m", "tui"]
    # Only what the command line set: the app reads the config file itself (and warns, where
    # an option would stop it, about a bad setting).
    set_by_flags = getattr(args, "set_by_flags", {"model", "reviewer", "data_dir", "theme"})
    for option in ("model", "reviewer", "data_dir", "theme"):
        value = getattr(args, option, None)
        if value and option in set_by_flags:
            command += [f"--{option.replace('_', '-')}", str(value)]
    for path in args.paths:
        if path == "-":
            raise CliError(
                "serve cannot read standard input (each browser tab starts its own app); save it to a file", 2
            )
        if not is_web_url(path) and not os.path.exists(path):
            raise CliError(f"{path}: no such file or directory", 2)
        command.append(path if is_web_url(path) else os.path.abspath(path))
    return command


def run_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CliError("--port must be between 0 and 65535", 2)
    command = app_command(args)
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"):
            raise
        raise CliError(
            f"serve needs textual-serve, which is not installed; install it with: {SERVE_INSTALL}", 2
        ) from exc
    server = Server(shlex.join(command), host=args.host, port=args.port, title="newsview")
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the host is not this machine's
        raise CliError(f"cannot serve on {args.host}:{args.port}: {(exc.strerror or str(exc)).lower()}", 2) from exc
    return 0
