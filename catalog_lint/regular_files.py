"""Reading files from disk that a pull request may have planted.

Everything in a repository is under the control of whoever wrote the change, so a file
is read only when it is a *regular file inside the repository*, and never more than the
size limit:

- a symbolic link is resolved, and read only when its target stays inside the
  repository (``catalog-info.yaml -> /etc/passwd`` or ``-> ../../x`` is refused, so is
  ``-> /dev/stdin``);
- devices (``/dev/zero``), named pipes (FIFOs) and sockets are refused from their
  ``stat``, without being opened: a FIFO cannot make the run wait for a writer;
- the size is checked on the open file (``fstat``) and at most ``limit + 1`` bytes are
  read, so a file that grows while it is read, or lies about its size, cannot exhaust
  memory.

Refusals are :class:`RefusedFile` (an ``OSError``, so code that treats an unreadable
file as a finding keeps doing so), carrying the rule that reports them.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable

#: How a file is opened: never blocking (a FIFO swapped in after the check does not
#: wait for a writer), never becoming the controlling terminal, never following a
#: symbolic link in the last step (links are resolved and checked beforehand).
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_BINARY", 0))
#: Reads after the first (a file that grew since its size was taken). Under malloc's
#: mmap threshold: ``os.read`` allocates the whole size it is asked for, and a 1 MiB
#: buffer cost more than reading a small file (12 µs against 0.6).
_CHUNK = 1 << 16


class RefusedFile(OSError):
    """A file that is not read, and why. ``rule`` is the finding that reports it."""

    rule = "unsafe-file"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class OutsideRepository(RefusedFile):
    """A symbolic link (or a path through one) that leads outside the repository."""


class FileTooLarge(RefusedFile):
    """More bytes than the limit (``max-file-size``)."""

    rule = "input-limits"

    def __init__(self, limit: int, size: int | None = None) -> None:
        self.limit = limit
        self.size = size
        if size is None:
            super().__init__(f"file holds more than the limit of {limit:,} bytes "
                             "(max-file-size); not read")
        else:
            super().__init__(f"file is {size:,} bytes, more than the limit of {limit:,} "
                             "(max-file-size); not read")


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular(mode: int) -> RefusedFile:
    return RefusedFile(f"not a regular file but {kind_of(mode)}; not read")


def is_inside(path: str, folder: str) -> bool:
    """Whether the absolute, normalised ``path`` is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_file(path: str, limit: int, *, root: str,
              boundary: Callable[[], str] | None = None,
              plain_folder: Callable[[str], bool] | None = None) -> bytes:
    """The bytes of the regular file at the absolute ``path``, at most ``limit`` of them.

    ``root`` is the folder the path was named from (already resolved); a symbolic link
    may lead anywhere inside ``boundary()`` (the repository; default: ``root``), which is
    only asked for when a link is met. ``plain_folder(folder)`` may say that a folder
    holds no symbolic link on the way down from ``root`` (a cached answer saves resolving
    every path).

    Raises :class:`RefusedFile` (or another ``OSError`` when the file cannot be read).
    """
    folder = os.path.dirname(path)
    direct = (plain_folder(folder) if plain_folder is not None else False) \
        and os.sep + ".." + os.sep not in path + os.sep
    info = os.lstat(path) if direct else None
    if info is None or stat.S_ISLNK(info.st_mode):
        path = _resolve_inside(path, root, boundary)
        info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(info.st_mode)  # never opened: a FIFO would wait, a device never ends
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link since the check
            raise RefusedFile("the file changed into a symbolic link while being read; "
                              "not read") from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
                info.st_dev, info.st_ino):
            raise RefusedFile("the file was replaced while being read; not read")
        if opened.st_size > limit:
            raise FileTooLarge(limit, opened.st_size)
        return _read_at_most(fd, limit, opened.st_size)
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, expected: int = -1) -> bytes:
    """At most ``limit`` bytes of a regular file. ``expected`` (the size ``fstat`` gave)
    is asked for with one byte more: a file that size is read in one call (a short read
    of exactly that size is its end), one that grew is read on."""
    chunks: list[bytes] = []
    wanted = limit + 1  # one byte more tells a file that grew past the limit
    size = expected + 1 if expected >= 0 else _CHUNK
    while wanted > 0:
        asked = min(wanted, size)
        chunk = os.read(fd, asked)
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
        if len(chunk) == expected < asked and len(chunks) == 1:
            break  # the whole file, as large as it was said to be
        size = _CHUNK
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data


def _resolve_inside(path: str, root: str, boundary: Callable[[], str] | None) -> str:
    """The real path behind ``path``, when it stays inside the repository."""
    real = os.path.realpath(path)
    if is_inside(real, root) or (boundary is not None and is_inside(real, boundary())):
        return real
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = real
        raise OutsideRepository(f"symbolic link to {target}, outside the repository; not read")
    if real == os.path.normpath(path):
        raise OutsideRepository("outside the repository; not read")
    raise OutsideRepository(f"reached through a symbolic link that leads outside the repository "
                            f"(to {real}); not read")


def read_named_file(path: os.PathLike[str] | str, limit: int) -> bytes:
    """A file that a configuration names (the config itself, a blueprint, a scorecard, a
    catalog export), read by the same rules: a regular file, at most ``limit`` bytes;
    inside a git repository a symbolic link may only lead to a file of that repository
    (outside any repository, anywhere: nobody else controls it)."""
    absolute = os.path.abspath(path)
    folder = os.path.realpath(os.path.dirname(absolute))

    def repository() -> str:
        from pathlib import Path

        from catalog_lint.gitaccess import locate

        found = locate(Path(folder))
        return os.path.realpath(found.root) if found is not None else os.sep

    return read_file(os.path.join(folder, os.path.basename(absolute)), limit, root=folder,
                     boundary=repository)
