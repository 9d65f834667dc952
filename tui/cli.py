"""The ``newsview`` command: the app by default, and headless subcommands.

Heavy imports (spaCy, Textual) happen inside the command that needs them, so ``--help``
and ``--version`` answer at once. Every expected failure is one line on stderr:
exit 2 for usage and unreadable input, 1 for a failure while running.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence

from tui import __version__
from tui.core.untrusted import clean_line
from tui.errors import CliError


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line and exit 2 like every other input error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{self.prog}: {message} (see {self.prog} --help)", 2)


class _Version(argparse.Action):
    """``--version``: newsview's, spaCy's and the model's, read from package metadata (spaCy
    itself is not imported, so this answers at once)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(version_text())
        parser.exit()


def version_text(model: str | None = None) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from tui.core.extraction.pipeline import ModelNotFound, model_label, resolve_model

    try:
        spacy = f"spaCy {version('spacy')}"
    except PackageNotFoundError:
        spacy = "spaCy not installed"
    try:
        pipeline = f"model {model_label(resolve_model(model))}"
    except ModelNotFound:
        pipeline = "no model installed"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"newsview {__version__} ({spacy}, {pipeline}, Python {python})"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="NAME", help="any installed spaCy pipeline (default: en_core_web_sm)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on failure")


def app_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview",
        description=(
            "Read news articles with their named entities marked and every quote attributed to "
            "its speaker. With no PATH, opens the bundled articles."
        ),
        epilog=(
            "subcommands:\n"
            "  newsview extract --json PATH...   analyse articles, print JSON (no screen)\n"
            "  newsview eval GOLD_DIR            score quote attribution against gold annotations\n"
            "  newsview eval --reviews PATH...   score it against the articles reviewers reviewed\n"
            "  newsview export PATH...           print quotes with speakers and review verdicts\n"
            "  newsview paths                    show where newsview keeps its settings, cache and data\n"
            "  newsview serve [PATH...]          the app in a web browser (newsview[serve])\n"
            "  newsview completion bash|zsh|fish print a shell completion script\n"
            "  newsview help [SUBCOMMAND]        this help, or a subcommand's\n"
            "\nrun 'newsview SUBCOMMAND --help' for its options; settings are read from the config\n"
            "file that 'newsview paths' names (theme, reviewer, model, data_dir, mouse), and flags win"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help="show the versions of newsview, spaCy and the model")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, web addresses or - for stdin")
    mouse = parser.add_mutually_exclusive_group()
    mouse.add_argument(
        "--no-mouse",
        dest="mouse",
        action="store_false",
        default=None,
        help="leave the mouse to the terminal (selection)",
    )
    mouse.add_argument(
        "--mouse",
        dest="mouse",
        action="store_true",
        help="use the mouse in the app (when the config file says mouse = false)",
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="the colour theme (default: the one last picked in the palette)"
    )
    parser.add_argument("--reviewer", metavar="NAME", help="name recorded with review verdicts (default: $USER)")
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept")
    _common(parser)
    return parser


def extract_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview extract",
        description="Analyse articles without a screen. One input gives one JSON object; several give JSON Lines.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, corpus files or - for stdin")
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format; kept for clarity)")
    parser.add_argument(
        "--jobs", type=int, metavar="N", help="parse with N processes (with --dask local: N worker processes)"
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help=(
            "parse on the Dask cluster whose scheduler is at ADDRESS (tcp://host:port), "
            "or 'local' for one started on this machine (needs newsview[dask])"
        ),
    )
    parser.add_argument(
        "--dask-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for the scheduler and for its first worker (default: 10)",
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the analysis cache")
    parser.add_argument("--apply-reviews", action="store_true", help="apply reviewers' verdicts and corrections")
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept")
    _common(parser)
    return parser


def eval_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview eval",
        description=(
            "Score quote extraction and speaker attribution against gold annotations: every NAME.txt "
            "in GOLD_DIR with a NAME.gold.json beside it, or (--reviews) the articles reviewers reviewed."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="GOLD_DIR",
        help="a gold directory; with --reviews, the reviewed articles (default: the bundled ones)",
    )
    parser.add_argument(
        "--reviews",
        action="store_true",
        help=(
            "score against the reviewed articles among the paths given (default: the bundled articles): reviewers' "
            "verdicts, corrections and added quotes as the gold"
        ),
    )
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept (with --reviews)")
    parser.add_argument("--lenient", action="store_true", help="match as the Gender Gap Tracker does")
    parser.add_argument("--show-errors", action="store_true", help="list missed, spurious and misattributed quotes")
    parser.add_argument("--json", dest="json_out", metavar="FILE", help="also write the figures as JSON")
    _common(parser)
    return parser


def _run_extract(args: argparse.Namespace) -> int:
    from tui.commands.extract import run_extract

    return run_extract(args)


def _run_eval(args: argparse.Namespace) -> int:
    from tui.commands.evaluate import run_eval

    return run_eval(args)


def _run_app(args: argparse.Namespace) -> int:
    from tui.app.launch import run_app

    return run_app(args)


def _run_export(args: argparse.Namespace) -> int:
    from tui.commands.export import run_export

    return run_export(args)


def _run_paths(args: argparse.Namespace) -> int:
    from tui.core.paths import describe

    print(describe(args.data_dir))
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from tui.commands.serve import run_serve

    return run_serve(args)


def _run_completion(args: argparse.Namespace) -> int:
    from tui.commands.completion import completion_script

    sys.stdout.write(completion_script(args.shell, app_parser(), {n: make for n, (make, _) in COMMANDS.items()}))
    return 0


def _run_help(args: argparse.Namespace) -> int:
    if args.command is None:
        app_parser().print_help()
    elif args.command in COMMANDS:
        COMMANDS[args.command][0]().print_help()
    else:
        raise CliError(
            _unknown_command(args.command) or f"no command {args.command!r} (commands: {', '.join(COMMANDS)})", 2
        )
    return 0


EXPORT_FORMATS = ("json", "jsonl", "csv", "md", "displacy", "gold")
EXPORT_FORMAT_HELP = (
    "json (default): one JSON array, an object per article with its quotes; jsonl: the same, one article "
    "per line; csv: one row per quote, for spreadsheets; md: a readable review report per article; "
    "displacy: spaCy's manual-render format (entities, and the quotes as spans); gold: the reviewed "
    "articles as a gold set (NAME.txt and NAME.gold.json in --output DIR) for newsview eval"
)


def export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview export",
        description="Print the quotes of articles with their speakers and review verdicts, corrections applied.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="articles (default: the bundled articles)")
    parser.add_argument("--format", choices=EXPORT_FORMATS, default="json", help=EXPORT_FORMAT_HELP)
    parser.add_argument("--output", metavar="DIR", help="the directory --format gold writes (new or empty)")
    parser.add_argument(
        "--reviewed-only",
        action="store_true",
        help=(
            "only quotes a reviewer touched (a verdict, a correction, a comment, an added quote), "
            "and only articles with one"
        ),
    )
    parser.add_argument(
        "--speakers",
        action="store_true",
        help="the corpus-level speaker table (CSV) instead, rows joined as in the corpus view,"
        " reviewers' merges included",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept")
    _common(parser)
    return parser


def paths_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview paths", description="Show where newsview keeps its settings, cache and review data."
    )
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept")
    return parser


def completion_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview completion",
        description="Print a shell completion script.",
        epilog=(
            'bash:  eval "$(newsview completion bash)"   (in ~/.bashrc)\n'
            "zsh:   newsview completion zsh > ~/.zfunc/_newsview   (with ~/.zfunc in fpath)\n"
            "fish:  newsview completion fish > ~/.config/fish/completions/newsview.fish"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=("bash", "zsh", "fish"))
    return parser


def serve_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsview serve",
        description=(
            "Serve the app to web browsers (needs newsview[serve]): each browser tab gets its own "
            "newsview, with the articles and options given here. Whoever can reach the address can "
            "use it and record reviews."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or web addresses")
    parser.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)"
    )
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    parser.add_argument("--reviewer", metavar="NAME", help="name recorded with review verdicts (default: $USER)")
    parser.add_argument("--data-dir", metavar="DIR", help="where review verdicts are kept")
    parser.add_argument("--theme", metavar="NAME", help="the colour theme")
    _common(parser)
    return parser


def help_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsview help", description="Show the help of newsview or of one subcommand.")
    parser.add_argument("command", nargs="?", metavar="SUBCOMMAND")
    return parser


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]] = {
    "extract": (extract_parser, _run_extract),
    "eval": (eval_parser, _run_eval),
    "export": (export_parser, _run_export),
    "paths": (paths_parser, _run_paths),
    "serve": (serve_parser, _run_serve),
    "completion": (completion_parser, _run_completion),
    "help": (help_parser, _run_help),
}


def _unknown_command(word: str) -> str | None:
    """The complaint for a first argument that looks like a misspelt subcommand and names no
    file ("extrct"), or None for anything that may be a path, an address or an option."""
    if not re.fullmatch(r"[a-z][a-z-]*", word) or os.path.lexists(word):
        return None
    near = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    return f"unknown command {word!r}; did you mean {near[0]!r}?" if near else None


def _apply_settings(args: argparse.Namespace) -> None:
    """Fill what the command line left unset from the config file; its problems are warnings."""
    from tui.core.config import load_config

    config = load_config()
    for warning in config.warnings:
        print(f"newsview: warning: {clean_line(warning)}", file=sys.stderr)
    keys = [key for key in ("model", "data_dir", "reviewer", "theme", "mouse") if hasattr(args, key)]
    args.set_by_flags = {key for key in keys if getattr(args, key) is not None}
    for key in keys:
        if getattr(args, key) is None:
            setattr(args, key, getattr(config, key))
    args.config_path = config.path


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        if argv and argv[0] in COMMANDS:
            make_parser, run = COMMANDS[argv[0]]
            args = make_parser().parse_args(argv[1:])
        elif argv and (complaint := _unknown_command(argv[0])):
            raise CliError(complaint, 2)
        else:
            args, run = app_parser().parse_args(argv), _run_app
        _apply_settings(args)
        return run(args)
    except CliError as exc:
        # Messages quote paths and file contents: cleaned like every untrusted string.
        message = clean_line(str(exc))
        print(message if message.startswith("newsview") else f"newsview: {message}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("newsview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head): nothing to report.
        sys.stderr.close()
        return 0
    except Exception as exc:  # last resort: one line, not a traceback, unless asked for
        if debug:
            raise
        print(
            f"newsview: unexpected error: {type(exc).__name__}: {clean_line(str(exc))} (run with --debug for details)",
            file=sys.stderr,
        )
        return 1
