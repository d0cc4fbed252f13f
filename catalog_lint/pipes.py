"""Pipes between processes."""

from __future__ import annotations


def widen_pipe(fd: int) -> None:
    """Let the writer run up to 1 MiB ahead of the reader (Linux; elsewhere a no-op):
    a reader busy with other work then never keeps the writer waiting."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
