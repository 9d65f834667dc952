"""``newsview completion bash|zsh|fish``: a shell completion script, made from the parsers.

Generated from the argparse parsers themselves (every subcommand, its options, their
choices, and whether an argument is a file, a directory or nothing to complete), so a new
option is completed without anyone editing a script. Hand-written rather than shtab: shtab
has no fish, and it reads argparse subparsers, which newsview does not use (a first word
that is no subcommand is a path to open).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SHELLS = ("bash", "zsh", "fish")


@dataclass(frozen=True)
class _Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]
    wants: str  # "file", "dir" or "" (a free value, or none)


def _options(parser: argparse.ArgumentParser) -> list[_Option]:
    found = []
    for action in parser._actions:  # argparse has no public list of a parser's options
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        takes_value = action.nargs != 0
        metavar = str(action.metavar or "")
        wants = "dir" if metavar == "DIR" else "file" if metavar in ("FILE", "PATH") else ""
        found.append(
            _Option(
                tuple(action.option_strings), _one_line(action.help), takes_value, tuple(action.choices or ()), wants
            )
        )
    return found


def _positional(parser: argparse.ArgumentParser) -> str:
    """What a subcommand's plain arguments are: "file", "dir", a choice list "a b", or ""."""
    for action in parser._actions:
        if not action.option_strings:
            if action.choices:
                return " ".join(action.choices)
            return "dir" if action.metavar == "GOLD_DIR" else "file" if action.metavar == "PATH" else ""
    return ""


def _one_line(text: str | None) -> str:
    return " ".join((text or "").replace("'", "").split())[:70]


Parsers = Mapping[str, Callable[[], argparse.ArgumentParser]]


def completion_script(shell: str, app: argparse.ArgumentParser, commands: Parsers) -> str:
    """The completion script for ``shell`` (one of SHELLS)."""
    parsers = {"": app, **{name: make() for name, make in commands.items()}}
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](parsers)


def _bash(parsers: dict[str, argparse.ArgumentParser]) -> str:
    commands = [n for n in parsers if n]
    cases = []
    for name, parser in parsers.items():
        options = _options(parser)
        values = "".join(
            f"                {'|'.join(o.flags)}) {_bash_values(o.choices, o.wants)}; return;;\n"
            for o in options
            if o.takes_value
        )
        positional = _positional(parser)
        plain = _bash_values(() if positional in ("file", "dir") else tuple(positional.split()), positional)
        if not name:  # the first word may also be a subcommand
            plain += f"; ((COMP_CWORD == 1)) && COMPREPLY+=($(compgen -W '{' '.join(commands)}' -- \"$cur\"))"
        cases.append(
            f"        {name or '*'})\n"
            f'            case "$prev" in\n{values}            esac\n'
            f'            if [[ "$cur" == -* ]]; then\n'
            f"                COMPREPLY=($(compgen -W '{' '.join(f for o in options for f in o.flags)}' -- \"$cur\"))\n"
            f"            else\n                {plain}\n            fi;;\n"
        )
    return (
        '# newsview completion for bash: eval "$(newsview completion bash)" in ~/.bashrc\n'
        "_newsview() {\n"
        "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command=${COMP_WORDS[1]}\n"
        "    COMPREPLY=()\n"
        "    ((COMP_CWORD == 1)) && command=\n"
        '    case "$command" in\n' + "".join(cases[1:] + cases[:1]) + "    esac\n"
        "}\n"
        "complete -o filenames -o bashdefault -F _newsview newsview\n"
    )


def _bash_values(choices: tuple[str, ...], wants: str) -> str:
    if choices:
        return f"COMPREPLY=($(compgen -W '{' '.join(choices)}' -- \"$cur\"))"
    if wants == "dir":
        return 'COMPREPLY=($(compgen -d -- "$cur"))'
    if wants == "file":
        return 'COMPREPLY=($(compgen -f -- "$cur"))'
    return "COMPREPLY=()"


def _zsh(parsers: dict[str, argparse.ArgumentParser]) -> str:
    def specs(parser: argparse.ArgumentParser) -> list[str]:
        lines = []
        for o in _options(parser):
            value = ""
            if o.takes_value:
                action = (
                    f"({' '.join(o.choices)})"
                    if o.choices
                    else "_files -/"
                    if o.wants == "dir"
                    else "_files"
                    if o.wants == "file"
                    else " "
                )
                value = f":value:{action}"
            for flag in o.flags:
                lines.append(f"'{flag}[{o.help}]{value}'")
        positional = _positional(parser)
        action = "_files -/" if positional == "dir" else "_files" if positional == "file" else f"({positional})"
        if positional:
            lines.append(f"'*:argument:{action}'")
        return lines

    commands = [n for n in parsers if n]
    blocks = "".join(
        f"        {name})\n            _arguments -s \\\n                "
        + " \\\n                ".join(specs(parsers[name]))
        + ";;\n"
        for name in commands
    )
    descriptions = " ".join(f"'{n}:{_one_line(parsers[n].description)}'" for n in commands)
    return (
        "#compdef newsview\n"
        "# newsview completion for zsh: newsview completion zsh > ~/.zfunc/_newsview (with ~/.zfunc in fpath)\n"
        "_newsview() {\n"
        "    local -a subcommands\n"
        f"    subcommands=({descriptions})\n"
        "    if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n"
        "        _describe 'command' subcommands\n"
        "        _files\n"
        "        return\n"
        "    fi\n"
        "    case $words[2] in\n"
        + blocks
        + "        *)\n            _arguments -s \\\n                "
        + " \\\n                ".join(specs(parsers[""]))
        + ";;\n"
        "    esac\n"
        "}\n"
        'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _newsview "$@"; else compdef _newsview newsview; fi\n'
    )


def _fish(parsers: dict[str, argparse.ArgumentParser]) -> str:
    commands = [n for n in parsers if n]
    lines = [
        "# newsview completion for fish: newsview completion fish > ~/.config/fish/completions/newsview.fish",
        "complete -c newsview -f",
    ]
    none_yet = f"not __fish_seen_subcommand_from {' '.join(commands)}"
    for name in commands:
        lines.append(f"complete -c newsview -n '{none_yet}' -a {name} -d '{_one_line(parsers[name].description)}'")
    for name, parser in parsers.items():
        condition = f"__fish_seen_subcommand_from {name}" if name else none_yet
        for o in _options(parser):
            flags = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in o.flags)
            value = ""
            if o.takes_value:
                value = f" -x -a '{' '.join(o.choices)}'" if o.choices else " -r -F" if o.wants else " -x"
            lines.append(f"complete -c newsview -n '{condition}' {flags}{value} -d '{o.help}'")
        positional = _positional(parser)
        if positional in ("file", "dir"):
            lines.append(f"complete -c newsview -n '{condition}' -F")
        elif positional:
            lines.append(f"complete -c newsview -n '{condition}' -a '{positional}'")
    return "\n".join(lines) + "\n"
