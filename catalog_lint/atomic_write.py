"""Replacing a file in one step: the new bytes go to a temporary file beside it, which
then takes its place (``os.replace``), so an interrupted run never leaves half a file and
a reader never sees one. A symbolic link at the path is replaced, never followed."""

from __future__ import annotations

import contextlib
import os
import tempfile


def atomic_write(path: str, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` with permissions ``mode``. Raises ``OSError``; the
    temporary file is removed when anything fails."""
    fd, temporary = tempfile.mkstemp(prefix=".catalog-lint-", dir=os.path.dirname(path) or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
