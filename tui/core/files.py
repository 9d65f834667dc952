"""Opening the files newsview reads (articles, gold files, cache entries) without ever blocking.

Only regular files are read. ``open()`` on a FIFO waits forever for a writer, and reading a
device or a socket may never end, so a name in a corpus directory, a cache directory or a
gold directory could hang every walk. The type is checked before opening (opening some
devices has effects of its own), then the file is opened non-blocking and checked again on
the descriptor, so a file swapped for a FIFO in between cannot block either.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

__all__ = ["NotRegularFile", "open_regular", "read_regular", "require_regular"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotRegularFile(OSError):
    """The path names something other than a regular file; ``strerror`` says what."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.strerror = what


def require_regular(mode: int) -> None:
    """NotRegularFile unless ``mode`` (``st_mode``) is a regular file's."""
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise NotRegularFile(f"{kind}, not a regular file")


def open_regular(path: str | bytes | os.PathLike[str]) -> BinaryIO:
    """``open(path, "rb")`` for a regular file (symbolic links followed); NotRegularFile otherwise."""
    require_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        require_regular(os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | bytes | os.PathLike[str]) -> bytes:
    """The whole of a small regular file (a cache entry, a gold file)."""
    with open_regular(path) as f:
        return f.read()
