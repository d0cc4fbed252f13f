"""Errors that stop a run. The CLI turns each into one line and exit code 2."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_FATAL = 2


class FatalError(Exception):
    """The run could not do its job: bad usage, unreadable config or path, git trouble.

    The message is shown to the user as it is, on one line, so it must name the file
    (and line, where there is one) and say what to do.
    """

    exit_code = EXIT_FATAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
