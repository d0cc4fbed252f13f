"""Where a report's files sit in the repository, for SARIF.

GitHub code scanning shows a result only at a file of the repository, named relative to
its root, and rejects the whole upload when one result has no location. This module maps
the report's paths (relative to the folder the run was started in) to paths relative to
the repository root, chooses the file that a repository-level result is shown at (the
*anchor*), and reads what git knows of the repository for ``versionControlProvenance``.

It asks git (``git rev-parse``, ``git config``) only when SARIF is written.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from catalog_lint.report import Report

#: What a finding's file is when it concerns the repository as a whole.
_REPOSITORY_FILES = ("", ".")


@dataclass
class Repository:
    """The repository a report describes: its root (``None`` outside git: the run's own
    root stands in), and the folder the report's paths are relative to."""

    root: Path
    display_root: Path
    in_git: bool
    #: the repository's files as the report knows them (entity files, files read)
    known: list[str] = field(default_factory=list)
    anchor: str | None = None

    @classmethod
    def of(cls, report: Report) -> Repository:
        display = Path(report.display_root or report.root or ".").resolve()
        toplevel = _git_text(display, "rev-parse", "--show-toplevel")
        root = Path(toplevel).resolve() if toplevel else Path(report.root or display).resolve()
        repository = cls(root=root, display_root=display, in_git=bool(toplevel))
        repository.known = _known_files(report, repository)
        repository.anchor = repository._choose_anchor(report)
        return repository

    def absolute(self, path: str) -> str:
        """A report path as an absolute path of this machine."""
        return os.path.normpath(os.path.join(self.display_root, path))

    def relative(self, path: str) -> str | None:
        """``path`` of the report relative to the repository root (POSIX), or ``None``
        when it is not a file of the repository: a URL, a path outside it, or the
        repository itself (``.``)."""
        if path in _REPOSITORY_FILES or _is_url(path):
            return None
        try:
            relative = Path(self.absolute(path)).relative_to(self.root)
        except ValueError:
            return None
        text = relative.as_posix()
        return None if text in _REPOSITORY_FILES else text

    def _choose_anchor(self, report: Report) -> str | None:
        """The file a result about the repository as a whole is shown at: the root entity
        file (the entity file nearest the root, ``catalog-info.yaml`` first), else the
        configuration file, else CODEOWNERS, else any file the report read, else the
        first file at the repository root."""
        entity_files = [self.relative(str(e.get("file") or "")) for e in report.entities]
        candidates = sorted({f for f in entity_files if f}, key=_nearest_root)
        if candidates:
            return candidates[0]
        config = self._config_file(report)
        if config:
            return config
        codeowners = _codeowners_path(report)
        if codeowners:
            return codeowners
        if self.known:
            return sorted(self.known, key=_nearest_root)[0]
        return self._first_root_file()

    def _config_file(self, report: Report) -> str | None:
        if report.revision is not None:  # a commit: the working tree may differ
            return None
        from catalog_lint.config import find_config

        for folder in (self.display_root, self.root):
            found = find_config(folder)
            if found is not None:
                return self.relative(str(found))
        return None

    def _first_root_file(self) -> str | None:
        try:
            names = sorted(entry.name for entry in os.scandir(self.root)
                           if entry.is_file() and not entry.name.startswith("."))
        except OSError:
            return None
        return names[0] if names else None

    def provenance(self, revision: str | None) -> dict[str, Any] | None:
        """``versionControlProvenance`` entry: the remote as an https URI (credentials
        dropped), the commit and the branch; ``None`` when git knows no remote."""
        if not self.in_git:
            return None
        remote = repository_uri(_git_text(self.root, "config", "--get", "remote.origin.url"))
        if remote is None:
            return None
        details: dict[str, Any] = {"repositoryUri": remote}
        commit = revision or _git_text(self.root, "rev-parse", "--verify", "--quiet", "HEAD")
        if commit:
            details["revisionId"] = commit
        if revision is None:  # a working tree: the branch checked out, unless detached
            branch = _git_text(self.root, "symbolic-ref", "--quiet", "--short", "HEAD")
            if branch:
                details["branch"] = branch
        details["mappedTo"] = {"uriBaseId": "%SRCROOT%"}
        return details


def repository_uri(remote: str | None) -> str | None:
    """A git remote as the repository's https URI, without credentials: ``git@github.com:
    acme/shop.git`` and ``https://x-access-token:…@github.com/acme/shop`` both give
    ``https://github.com/acme/shop``. ``None`` for a local path or what cannot be read."""
    from catalog_lint.facts.gitinfo import parse_remote

    if not remote:
        return None
    host, name = parse_remote(remote)
    if not host or not name or not re.fullmatch(r"[\w.-]+", host):
        return None
    return f"https://{host}/{name}"


def public_url(url: str) -> str:
    """A URL as outputs may show it: without user name, password or query string (which
    may hold a token)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _is_url(path: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", path, re.IGNORECASE))


def _nearest_root(path: str) -> tuple[int, bool, str]:
    """Sort key: fewest folders first, ``catalog-info.yaml`` before other names."""
    pure = PurePosixPath(path)
    return len(pure.parts), pure.name != "catalog-info.yaml", path


def _known_files(report: Report, repository: Repository) -> list[str]:
    paths = [record.path for record in report.files]
    paths += [str(entity.get("file") or "") for entity in report.entities]
    found = {repository.relative(path) for path in paths}
    return sorted(path for path in found if path)


def _codeowners_path(report: Report) -> str | None:
    facts = report.sections.get("facts")
    node: Any = facts.get("repository") if isinstance(facts, dict) else None
    for part in ("codeowners", "path"):
        node = node.get(part) if isinstance(node, dict) else None
    return posixpath.normpath(node) if isinstance(node, str) and node else None


def _git_text(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    return text if result.returncode == 0 and text else None
