"""Writing fixed files back, and showing what would change.

A file is written only where it was read: inside the repository, and still holding the
bytes the fixes were made from (a file edited meanwhile is left alone, not overwritten).
A symbolic link inside the repository is followed to the file it names, which is
rewritten (the link stays a link). The new text goes to a temporary file beside it,
with the old file's permissions, and replaces it in one step: an interrupted run never
leaves half a file.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from catalog_lint.atomic_write import atomic_write
from catalog_lint.fixing.engine import ChangedFile
from catalog_lint.regular_files import is_inside
from catalog_lint.terminal import escape


class NotWritten(Exception):
    """A changed file that was not written, and why."""


def write(root: Path, change: ChangedFile, boundary: Path | None = None) -> None:
    """Replace the file at ``root/change.path`` with ``change.after``. ``boundary`` is
    where a symbolic link may lead (the repository; default ``root``)."""
    target = os.path.join(str(root), *change.path.split("/"))
    real = os.path.realpath(target)
    inside = [str(Path(p).resolve()) for p in (root, boundary) if p is not None]
    if not any(is_inside(real, folder) for folder in inside):
        raise NotWritten("it leads outside the repository")
    try:
        with open(real, "rb") as handle:
            current = handle.read(len(change.before) + 1)
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError as exc:
        raise NotWritten(f"cannot read it again: {exc.strerror or exc}") from None
    if current != change.before:
        raise NotWritten("it changed while it was being fixed")
    try:
        atomic_write(real, change.after, mode)
    except OSError as exc:
        raise NotWritten(f"cannot write it: {exc.strerror or exc}") from None


def unified_diff(change: ChangedFile) -> Iterator[str]:
    """The change as a unified diff that ``git apply`` and ``patch`` take, line endings
    as they are in the file. Control characters in the file's name are escaped, so that
    the name cannot add lines of its own to the patch."""
    before = _lines(change.before.decode("utf-8", "surrogateescape"))
    after = _lines(change.after.decode("utf-8", "surrogateescape"))
    name = escape(change.display)  # a line break in a file name would forge diff lines
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        if line.endswith("\n"):
            yield line
        else:  # the file's last line has no line break
            yield line + "\n\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """Lines as git counts them: ended by a line feed only (a carriage return stays in
    its line, a form feed or U+2028 does not end one)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)
