"""The four DORA metrics, computed from one pass over the git history.

Deployments are found one of three ways (``dora.deployments`` in the config):

``tags`` (default)
    tags whose name matches a pattern (semantic versions, with or without ``v``); a
    deployment's time is the tagger date of an annotated tag, the commit date of a
    lightweight one. Only tags in the history of the analysed revision count: a tag on a
    side branch that was never merged is not a deployment of this branch.
``merges``
    merge commits on the first-parent line of the analysed revision (each merge to the
    default branch is a deployment), at their commit date.
``marker``
    commits on the first-parent line that change a file matching the ``marker``
    patterns (``deploy/production.yaml``, ``.release``), at their commit date.

Each commit belongs to the first deployment (by time) whose history contains it. From
that, within the window (default: the 90 days before now):

- **deployment frequency**: deployments in the window, and per week;
- **lead time for changes**: for each non-merge commit of a deployment in the window,
  deployment time minus author date (never below zero); median and 90th percentile
  (nearest rank);
- **change failure rate**: share of the window's deployments whose following changes
  (the commits the next deployment brings, or those not deployed yet) hold a revert or
  hotfix commit, recognised by the subject (``failure-patterns``);
- **time to restore**: for each failed deployment, the time to the next deployment
  (which carries the fix); median. A failure with no later deployment is unrestored.

Each figure carries its sample size, and each tier is ``Unknown`` below
``min-deployments`` deployments in the window. Tiers follow the 2023 Accelerate State of
DevOps report (see :data:`TIER_THRESHOLDS` and ``docs/scorecards.md``).
"""

from __future__ import annotations

import math
import re
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from catalog_lint.config import REGEX_INPUT_LIMIT, compile_user_regex
from catalog_lint.errors import FatalError
from catalog_lint.facts.model import Unknown

SOURCE = "history"

#: Release versions: ``1.2.3`` or ``v1.2.3`` (no pre-release or build suffix).
DEFAULT_TAG_PATTERN = r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
#: Subjects of commits that repair a deployment.
DEFAULT_FAILURE_PATTERNS = (r'^Revert "', r"(?i)\bhot-?fix(es)?\b", r"^fix(\([^)]*\))?!:")
DEFAULT_WINDOW_DAYS = 90
DEFAULT_MIN_DEPLOYMENTS = 3
SOURCES = ("tags", "merges", "marker")

HOUR = 3600.0
DAY = 24 * HOUR

#: Upper bounds of Elite, High and Medium per metric (anything beyond is Low), from the
#: cluster table of the 2023 Accelerate State of DevOps report. Deployment frequency is
#: the mean interval between deployments in days; change failure rate a fraction; the
#: others hours. The report gives Medium and Low the same deployment-frequency and
#: lead-time ranges; Low here is everything slower than Medium.
TIER_THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "deployment_frequency": (1.0, 7.0, 30.0),  # days between deployments, at most
    "lead_time": (24.0, 168.0, 720.0),  # median hours, less than
    "change_failure_rate": (0.05, 0.10, 0.15),  # fraction, at most
    "time_to_restore": (1.0, 24.0, 168.0),  # median hours, less than
}
TIERS = ("Elite", "High", "Medium", "Low")


@dataclass(frozen=True)
class DoraSettings:
    window_days: int = DEFAULT_WINDOW_DAYS
    end: datetime | None = None  # None: now
    source: str = "tags"
    tag_pattern: str = DEFAULT_TAG_PATTERN
    markers: tuple[str, ...] = ()
    failure_patterns: tuple[str, ...] = DEFAULT_FAILURE_PATTERNS
    min_deployments: int = DEFAULT_MIN_DEPLOYMENTS

    @classmethod
    def from_config(cls, raw: Any, where: str = "config") -> DoraSettings:
        """Settings from the ``dora`` section of the config (already schema-checked)."""
        if not isinstance(raw, dict):
            return cls()
        deployments = raw.get("deployments", {}) or {}
        source = deployments.get("from", "tags")
        markers = tuple(deployments.get("marker", ()))
        if source == "marker" and not markers:
            raise FatalError(f"{where}: dora.deployments.from is 'marker' but "
                             "dora.deployments.marker lists no path pattern")
        try:
            end = parse_end(raw["end"]) if raw.get("end") not in (None, "now") else None
        except ValueError as exc:
            raise FatalError(f"{where}: {exc}") from None
        settings = cls(
            window_days=int(raw.get("window-days", DEFAULT_WINDOW_DAYS)),
            end=end,
            source=source,
            tag_pattern=deployments.get("tag-pattern", DEFAULT_TAG_PATTERN),
            markers=markers,
            failure_patterns=tuple(raw.get("failure-patterns", DEFAULT_FAILURE_PATTERNS)),
            min_deployments=int(raw.get("min-deployments", DEFAULT_MIN_DEPLOYMENTS)),
        )
        for pattern in (settings.tag_pattern, *settings.failure_patterns):
            try:
                compile_user_regex(pattern)
            except ValueError as exc:
                raise FatalError(f"{where}: dora: {pattern!r}: {exc}") from None
        return settings


#: The range ``dora.end`` may take: the window (at most 3650 days) starts after the Unix
#: epoch, and the day after the end still exists in the calendar.
EARLIEST_END = date(1980, 1, 1)
LATEST_END = date(9999, 12, 30)


def parse_end(value: Any) -> datetime:
    """``2024-06-30`` (the end of that day, UTC) or an ISO 8601 date and time, between
    :data:`EARLIEST_END` and :data:`LATEST_END`; ``ValueError`` (with the reason) else."""
    text = str(value).strip()
    date_only = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
    try:
        if date_only:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time(),
                                      timezone.utc)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"dora.end: {text!r} is not a date (2024-06-30) or an ISO 8601 date "
                         "and time") from None
    if not EARLIEST_END <= parsed.date() <= LATEST_END:
        raise ValueError(f"dora.end: {text!r} is outside the dates a window can end on "
                         f"({EARLIEST_END} to {LATEST_END})")
    if date_only:
        parsed += timedelta(days=1)  # the end of that day
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@dataclass
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_time: int
    commit_time: int
    subject: str
    files: tuple[str, ...] = ()


@dataclass
class Deployment:
    name: str
    commit: str
    time: int  # seconds since the epoch
    display_time: str  # as git wrote it, with its offset
    changes: list[str] = field(default_factory=list)  # commits it brought
    failed: bool = False
    restored_after: float | None = None  # seconds to the next deployment, when failed

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "commit": self.commit,
            "date": self.display_time,
            "changes": len(self.changes),
            "failed": self.failed,
        }


class GitError(Exception):
    pass


def _git(repo: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "-c", "log.showSignature=false", "-c", "core.quotepath=off",
             *args],
            capture_output=True, check=False,
            env=_git_env(),
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed")
    return result.stdout.decode("utf-8", "replace")


def _git_env() -> dict[str, str]:
    from catalog_lint.gitaccess import git_env

    return {**git_env(), "LC_ALL": "C"}


def read_history(repo: Path, rev: str, with_files: bool) -> dict[str, Commit]:
    """Every commit in the history of ``rev``: the one ``git log`` pass."""
    args = ["log", "--no-color", "--format=%x1e%H%x1f%P%x1f%at%x1f%ct%x1f%s", rev]
    if with_files:
        args[1:1] = ["--name-only", "--diff-merges=first-parent"]
    out = _git(repo, *args)
    commits: dict[str, Commit] = {}
    for record in out.split("\x1e"):
        if not record.strip():
            continue
        header, _, rest = record.partition("\n")
        sha, parents, author_time, commit_time, subject = header.split("\x1f", 4)
        files = tuple(line for line in rest.splitlines() if line) if with_files else ()
        commits[sha] = Commit(sha, tuple(parents.split()), int(author_time), int(commit_time),
                              subject, files)
    return commits


def read_tags(repo: Path) -> list[tuple[str, str, int, str]]:
    """``(name, commit, time, display time)`` of every tag that points at a commit."""
    fmt = ("%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00"
           "%(*objectname)%00%(creatordate:unix)%00%(creatordate:iso-strict)")
    tags = []
    for line in _git(repo, "for-each-ref", f"--format={fmt}", "refs/tags").splitlines():
        parts = line.split("\0")
        if len(parts) != 7:
            continue
        name, kind, target, peeled_kind, peeled, unix, iso = parts
        if kind == "commit":
            commit = target
        elif kind == "tag" and peeled_kind == "commit":
            commit = peeled
        else:
            continue  # a tag of a tree or blob, or of another tag
        if not unix.strip().lstrip("-").isdigit():
            continue
        tags.append((name, commit, int(unix), iso))
    return tags


def _first_parent_line(commits: dict[str, Commit], head: str) -> list[Commit]:
    line = []
    sha: str | None = head
    while sha is not None and sha in commits:
        commit = commits[sha]
        line.append(commit)
        sha = commit.parents[0] if commit.parents else None
    return line


def _iso(timestamp: int, offset_seconds: int = 0) -> str:
    zone = timezone(timedelta(seconds=offset_seconds))
    return datetime.fromtimestamp(timestamp, zone).isoformat()


def find_deployments(repo: Path, commits: dict[str, Commit], head: str,
                     settings: DoraSettings) -> list[Deployment]:
    """Deployments in the history of ``head``, oldest first."""
    found: dict[str, Deployment] = {}
    if settings.source == "tags":
        pattern = compile_user_regex(settings.tag_pattern)
        for name, commit, time, iso in read_tags(repo):
            if commit not in commits or not pattern.search(name[:REGEX_INPUT_LIMIT]):
                continue
            previous = found.get(commit)
            # two tags on one commit are one deployment, at the earlier time
            if previous is None or (time, name) < (previous.time, previous.name):
                found[commit] = Deployment(name, commit, time, iso)
    else:
        from catalog_lint.globs import GitIgnore

        spec = GitIgnore(settings.markers) if settings.markers else None
        for line_commit in _first_parent_line(commits, head):
            if settings.source == "merges":
                wanted = len(line_commit.parents) > 1
            else:
                wanted = spec is not None and any(spec.match_file(f) for f in line_commit.files)
            if wanted:
                found[line_commit.sha] = Deployment(
                    line_commit.sha[:12], line_commit.sha, line_commit.commit_time,
                    _iso(line_commit.commit_time))
    return sorted(found.values(), key=lambda d: (d.time, d.name))


def assign_changes(commits: dict[str, Commit], deployments: Sequence[Deployment]) -> set[str]:
    """Give each commit to the first deployment (by time) that contains it; return the
    commits no deployment contains. Linear in the history: a deployment's walk stops at
    commits an earlier deployment took, whose ancestors that deployment holds too."""
    claimed: set[str] = set()
    for deployment in deployments:
        stack = [deployment.commit]
        while stack:
            sha = stack.pop()
            if sha in claimed or sha not in commits:
                continue
            claimed.add(sha)
            deployment.changes.append(sha)
            stack.extend(commits[sha].parents)
    return set(commits) - claimed


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def p90(values: Sequence[float]) -> float:
    """Nearest-rank 90th percentile: the value at rank ceil(0.9 × n) of the sorted sample."""
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)])


def tier(metric: str, value: float) -> str:
    elite, high, medium = TIER_THRESHOLDS[metric]
    if metric in ("deployment_frequency", "change_failure_rate"):
        bounds = (value <= elite, value <= high, value <= medium)
    else:
        bounds = (value < elite, value < high, value < medium)
    for name, within in zip(TIERS, bounds, strict=False):
        if within:
            return name
    return "Low"


def _hours(seconds: float) -> float:
    return round(seconds / HOUR, 2)


def compute(repo: Path | None, rev: str | None, settings: DoraSettings,
            now: datetime | None = None) -> dict[str, Any]:
    """Every ``dora.*`` fact as dotted names → values (or one ``Unknown`` for ``dora``
    when the history cannot be read)."""
    if repo is None:
        return {"dora": Unknown("not a git repository: DORA metrics come from git history")}
    try:
        if _git(repo, "rev-parse", "--is-shallow-repository").strip() == "true":
            from catalog_lint.facts.gitinfo import SHALLOW

            return {"dora": Unknown(SHALLOW)}
        try:
            head = _git(repo, "rev-parse", "--verify", "--quiet",
                        f"{rev or 'HEAD'}^{{commit}}").strip()
        except GitError:
            return {"dora": Unknown(f"no commit {rev}" if rev else
                                    "the repository has no commits yet: DORA metrics come "
                                    "from git history")}
        commits = read_history(repo, head, with_files=settings.source == "marker")
        deployments = find_deployments(repo, commits, head, settings)
    except GitError as exc:
        return {"dora": Unknown(f"cannot read the git history: {exc}")}
    end = settings.end or now or datetime.now(timezone.utc)
    return figures(commits, deployments, settings, end)


def figures(commits: dict[str, Commit], deployments: list[Deployment], settings: DoraSettings,
            end: datetime) -> dict[str, Any]:
    end_ts = int(end.timestamp())
    start_ts = end_ts - settings.window_days * int(DAY)
    # The history as it was at the end of the window (excluded): later deployments do not
    # exist yet.
    deployments = [d for d in deployments if d.time < end_ts]
    undeployed = assign_changes(commits, deployments)
    patterns = [compile_user_regex(p) for p in settings.failure_patterns]

    def repairs(shas: Sequence[str] | set[str]) -> bool:
        return any(
            commits[sha].commit_time < end_ts
            and any(p.search(commits[sha].subject[:REGEX_INPUT_LIMIT]) for p in patterns)
            for sha in shas
        )

    for index, deployment in enumerate(deployments):
        following: Sequence[str] | set[str] = (
            deployments[index + 1].changes if index + 1 < len(deployments) else undeployed
        )
        deployment.failed = repairs(following)
        if deployment.failed and index + 1 < len(deployments):
            deployment.restored_after = float(deployments[index + 1].time - deployment.time)

    window = [d for d in deployments if d.time >= start_ts]
    count = len(window)
    enough = count >= settings.min_deployments
    too_few = Unknown(f"{count} deployment{'s' if count != 1 else ''} in the window, fewer "
                      f"than {settings.min_deployments} (min-deployments)")
    facts: dict[str, Any] = {
        "dora.window.days": settings.window_days,
        "dora.window.start": _iso(start_ts),
        "dora.window.end": _iso(end_ts),
        "dora.deployments.source": settings.source,
        "dora.deployments.total": len(deployments),
        "dora.deployments.in_window": count,
        "dora.deployments.latest": window[-1].name if window else None,
        "dora.deployments.list": [d.to_json() for d in window],
    }

    per_week = count / (settings.window_days / 7)
    facts["dora.deployment_frequency.count"] = count
    facts["dora.deployment_frequency.per_week"] = round(per_week, 3)
    facts["dora.deployment_frequency.sample"] = count
    facts["dora.deployment_frequency.tier"] = (
        tier("deployment_frequency", settings.window_days / count if count else math.inf)
        if enough else too_few
    )

    lead_times = [
        float(max(0, d.time - commits[sha].author_time))
        for d in window for sha in d.changes if len(commits[sha].parents) <= 1
    ]
    facts["dora.lead_time.sample"] = len(lead_times)
    if lead_times:
        facts["dora.lead_time.median_hours"] = _hours(median(lead_times))
        facts["dora.lead_time.p90_hours"] = _hours(p90(lead_times))
        facts["dora.lead_time.tier"] = (
            tier("lead_time", median(lead_times) / HOUR) if enough else too_few
        )
    else:
        none = Unknown("no deployed commit in the window")
        facts["dora.lead_time.median_hours"] = none
        facts["dora.lead_time.p90_hours"] = none
        facts["dora.lead_time.tier"] = too_few if not enough else none

    failures = [d for d in window if d.failed]
    facts["dora.change_failure_rate.failures"] = len(failures)
    facts["dora.change_failure_rate.sample"] = count
    if count:
        rate = len(failures) / count
        facts["dora.change_failure_rate.value"] = round(rate, 4)
        facts["dora.change_failure_rate.tier"] = (
            tier("change_failure_rate", rate) if enough else too_few
        )
    else:
        facts["dora.change_failure_rate.value"] = Unknown("no deployment in the window")
        facts["dora.change_failure_rate.tier"] = too_few

    restores = [d.restored_after for d in failures if d.restored_after is not None]
    facts["dora.time_to_restore.sample"] = len(restores)
    facts["dora.time_to_restore.unrestored"] = len(failures) - len(restores)
    if restores:
        facts["dora.time_to_restore.median_hours"] = _hours(median(restores))
        facts["dora.time_to_restore.tier"] = (
            tier("time_to_restore", median(restores) / HOUR) if enough else too_few
        )
    else:
        reason = ("no failed deployment in the window: nothing to restore" if not failures
                  else "no failed deployment in the window was followed by a fix yet")
        facts["dora.time_to_restore.median_hours"] = Unknown(reason)
        facts["dora.time_to_restore.tier"] = too_few if not enough else Unknown(reason)

    facts["dora.tier"] = overall_tier(facts)
    return facts


def overall_tier(facts: dict[str, Any]) -> Any:
    """The lowest of the four tiers; time to restore is left out when it has no sample
    (nothing failed, or nothing was fixed yet)."""
    names = ["deployment_frequency", "lead_time", "change_failure_rate"]
    if facts.get("dora.time_to_restore.sample"):
        names.append("time_to_restore")
    tiers = [facts[f"dora.{name}.tier"] for name in names]
    for value in tiers:
        if isinstance(value, Unknown):
            return Unknown(f"not every DORA metric has a tier: {value.reason}")
    return max(tiers, key=TIERS.index)
