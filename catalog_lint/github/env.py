"""What a GitHub Actions job tells a step through its environment.

Only the variables catalog-lint uses: ``GITHUB_REPOSITORY`` (``owner/name``),
``GITHUB_EVENT_PATH`` (the event payload, where the pull request number is),
``GITHUB_SERVER_URL`` (differs on GitHub Enterprise Server; ``GITHUB_API_URL`` is read
by :mod:`catalog_lint.github.access`, which decides where the token may go),
``GITHUB_SHA`` and ``GITHUB_STEP_SUMMARY`` (the file a step appends its summary to).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint.errors import FatalError

DEFAULT_SERVER_URL = "https://github.com"
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class ActionsEnv:
    repository: str | None
    event_path: Path | None
    server_url: str
    sha: str | None
    step_summary: Path | None

    @classmethod
    def read(cls, environ: Mapping[str, str] | None = None) -> ActionsEnv:
        env = os.environ if environ is None else environ

        def value(name: str) -> str | None:
            text = env.get(name, "").strip()
            return text or None

        event = value("GITHUB_EVENT_PATH")
        summary = value("GITHUB_STEP_SUMMARY")
        return cls(
            repository=value("GITHUB_REPOSITORY"),
            event_path=Path(event) if event else None,
            server_url=(value("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/"),
            sha=value("GITHUB_SHA"),
            step_summary=Path(summary) if summary else None,
        )

    def event(self) -> dict[str, Any]:
        """The event payload, or ``{}`` outside Actions."""
        if self.event_path is None:
            return {}
        try:
            data = json.loads(self.event_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise FatalError(f"{self.event_path}: cannot read the event payload "
                             f"(GITHUB_EVENT_PATH): {exc.strerror or exc}") from None
        except ValueError as exc:
            raise FatalError(f"{self.event_path}: the event payload (GITHUB_EVENT_PATH) is "
                             f"not JSON: {exc}") from None
        return data if isinstance(data, dict) else {}

    def pull_request_number(self) -> int | None:
        """The pull request of a ``pull_request``/``pull_request_target`` event, or of an
        ``issue_comment`` on a pull request."""
        event = self.event()
        pull = event.get("pull_request")
        if isinstance(pull, dict) and isinstance(pull.get("number"), int):
            return int(pull["number"])
        issue = event.get("issue")
        if isinstance(issue, dict) and "pull_request" in issue and isinstance(
            issue.get("number"), int
        ):
            return int(issue["number"])
        return None

    def pull_request_shas(self) -> tuple[str | None, str | None]:
        """The base and head commits of the event's pull request."""
        pull = self.event().get("pull_request")
        if not isinstance(pull, dict):
            return None, None
        base = (pull.get("base") or {}).get("sha")
        head = (pull.get("head") or {}).get("sha")
        return (base if isinstance(base, str) else None, head if isinstance(head, str) else None)

    def blob_url(self, revision: str | None, repository: str | None = None) -> str | None:
        """Where files of a commit are shown: ``{server}/{owner}/{repo}/blob/{sha}/``."""
        repository = repository or self.repository
        if not repository or not revision:
            return None
        return f"{self.server_url}/{repository}/blob/{revision}/"


def check_repository(name: str) -> str:
    """``owner/name``, or a clear error."""
    if not _REPOSITORY.match(name):
        raise FatalError(f"repository {name!r} is not of the form OWNER/NAME")
    return name
