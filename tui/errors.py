"""Errors every layer may raise; this module imports nothing of newsview's."""

from __future__ import annotations


class CliError(Exception):
    """An expected failure: printed as one line, never as a traceback."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status
