"""Which repository a report describes, at which commit, and when it was made: the
``repository`` section of the JSON report.

``catalog-lint org`` reads many repositories' reports: it needs each one's name (to tell
two repositories apart and to line up reports of one repository from several dates), the
commit and its date, when the check ran (the trend's time axis), and where a file of the
report can be seen in a browser (links to a file at its line). Everything here comes
from the git state the facts stage has already read, plus one ``git show`` for the
commit's date; nothing is fetched.

The shape (``$defs/repository`` in ``schemas/report.schema.json``)::

    {"name": "acme/cart", "url": "https://github.com/acme/cart",
     "commit": "9a8b7c6…", "committed_at": "2024-06-03T09:12:44+02:00", "branch": "main",
     "path": "services/cart", "files_url": "https://github.com/acme/cart/blob/9a8b7c6…/services/cart/",
     "checked_at": "2024-06-03T10:00:00+00:00"}
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from catalog_lint.facts.gitinfo import GitState
    from catalog_lint.snapshot import Snapshot


def repository_section(state: GitState, snapshot: Snapshot,
                       environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``repository`` section for a run over ``snapshot`` in the repository ``state``
    describes."""
    env = os.environ if environ is None else environ
    commit = snapshot.revision or state.head
    url = web_url(state, env)
    path = report_folder(state, snapshot)
    committed_at = commit_date(state.toplevel, commit)
    return {
        "name": repository_name(state, env),
        "url": url,
        "commit": commit,
        "committed_at": committed_at,
        "branch": state.branch if snapshot.revision is None else None,
        "path": path,
        "files_url": files_url(url, state.host, commit, path, env),
        "checked_at": checked_at(env, committed_at if snapshot.revision is not None else None),
    }


def repository_name(state: GitState, env: Mapping[str, str]) -> str:
    """``owner/name`` from the ``origin`` remote, else ``GITHUB_REPOSITORY``, else the
    work tree's folder name."""
    if state.owner_repo:
        return state.owner_repo
    in_actions = env.get("GITHUB_REPOSITORY", "").strip()
    if in_actions:
        return in_actions
    return state.toplevel.name if state.toplevel is not None else ""


def web_url(state: GitState, env: Mapping[str, str]) -> str | None:
    """The repository's https address, without credentials; in GitHub Actions without a
    remote, ``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``."""
    from catalog_lint.reporters.sarif_repository import repository_uri

    found = repository_uri(state.remote_url)
    if found is not None:
        return found
    name = env.get("GITHUB_REPOSITORY", "").strip()
    server = (env.get("GITHUB_SERVER_URL", "") or "https://github.com").rstrip("/")
    if name and server.startswith("https://"):
        return f"{server}/{name}"
    return None


def report_folder(state: GitState, snapshot: Snapshot) -> str:
    """The folder the report's file paths are relative to, relative to the repository
    root (``""`` at the root): the folder the command ran in, for a working tree; the
    root, for a commit (whose paths are the repository's)."""
    if snapshot.revision is not None or state.toplevel is None:
        return ""
    cwd = getattr(snapshot, "cwd", snapshot.root)
    try:
        relative = Path(os.path.realpath(cwd)).relative_to(os.path.realpath(state.toplevel))
    except ValueError:
        return ""
    text = relative.as_posix()
    return "" if text == "." else text


def files_url(url: str | None, host: str | None, commit: str | None, path: str,
              env: Mapping[str, str]) -> str | None:
    """Where a file of the report is shown, as a prefix the file's path and ``#L<line>``
    are added to; ``None`` unless the forge is known (GitHub, GitLab) and so is the
    commit."""
    if url is None or commit is None:
        return None
    forge = _forge(url, host, env)
    if forge is None:
        return None
    folder = f"{quote(path)}/" if path else ""
    middle = "/-/blob/" if forge == "gitlab" else "/blob/"
    return f"{url}{middle}{commit}/{folder}"


def _forge(url: str, host: str | None, env: Mapping[str, str]) -> str | None:
    from catalog_lint.facts.gitinfo import forge_of

    server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
    if server and url.startswith(server + "/"):
        return "github"  # GitHub Enterprise Server, whatever its host is called
    return forge_of(host or url.split("/")[2].lower())


def commit_date(toplevel: Path | None, commit: str | None) -> str | None:
    """The committer date of ``commit``, ISO 8601 with its offset."""
    if toplevel is None or commit is None:
        return None
    try:
        result = subprocess.run(["git", "-C", str(toplevel), "show", "-s", "--format=%cI",
                                 commit, "--"], capture_output=True, text=True, check=False,
                                timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    return text if result.returncode == 0 and text else None


def checked_at(env: Mapping[str, str], commit_time: str | None = None) -> str:
    """When the report describes the repository, in UTC, to the second: now for a working
    tree; the commit's own time for a commit (``--rev``, a gate side read from git), whose
    facts and DORA figures are those of that moment too, so that its report does not change
    as days pass. ``SOURCE_DATE_EPOCH`` (seconds) fixes it, for reproducible reports."""
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.now(timezone.utc)
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), timezone.utc)
    elif commit_time is not None:
        with contextlib.suppress(ValueError):  # git wrote it: an ISO date, or nothing
            moment = datetime.fromisoformat(commit_time).astimezone(timezone.utc)
    return moment.replace(microsecond=0).isoformat()
