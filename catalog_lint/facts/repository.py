"""Compute every ownership, history and protection fact for a snapshot, once.

:func:`compute` is what the pipeline stage and ``catalog-lint facts`` call. It returns
the repository's :class:`~catalog_lint.facts.model.FactSet`, one per entity, and the
problems found on the way (CODEOWNERS lines, ownership disagreements, git states) as
:class:`Note` values that the stage turns into findings.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_lint.facts import codeowners as co
from catalog_lint.facts import protection as prot
from catalog_lint.facts.gitinfo import SHALLOW, GitState, forge_of, inspect
from catalog_lint.facts.history import (
    Delivery,
    History,
    HistoryError,
    Scope,
    delivery,
    path_activity,
    read_history,
)
from catalog_lint.facts.model import FactSet, Unknown
from catalog_lint.facts.ownership import Directory, is_known, matches, owners_of
from catalog_lint.findings import JsonPath, Severity
from catalog_lint.model import Entity
from catalog_lint.regular_files import RefusedFile
from catalog_lint.snapshot import CommitSnapshot, Snapshot

if TYPE_CHECKING:
    from catalog_lint.github.access import ApiAccess

DEFAULT_HISTORY_DAYS = 90
DEFAULT_MIN_COVERAGE = 0.9
#: Kinds whose entity describes the folder its file sits in.
FOLDER_KINDS = frozenset({"component", "service", "microservice"})
SETTINGS_FILE = ".github/settings.yml"
RULESET_FOLDER = ".github/rulesets/"


@dataclass
class Note:
    """A problem to report: at a repository file's line, at an entity, or (no file) about
    the repository itself."""

    rule: str
    message: str
    file: str | None = None  # repository path
    line: int | None = None
    column: int | None = None
    entity: Entity | None = None
    path: JsonPath = ()
    severity: Severity | None = None


@dataclass
class RepositoryFacts:
    facts: FactSet
    entities: dict[str, FactSet]
    notes: list[Note] = field(default_factory=list)
    state: GitState | None = None
    prefix: str = ""  # the snapshot root inside the repository ("" at the top)
    timings: dict[str, float] = field(default_factory=dict)


def compute(snapshot: Snapshot, config: Mapping[str, Any], entities: Sequence[Entity], *,
            env: Mapping[str, str] | None = None, now: float | None = None,
            api: ApiAccess | None = None, config_file: str | None = None) -> RepositoryFacts:
    """All facts for ``snapshot``. ``config`` is the ``ownership`` section (a mapping),
    read from ``config_file``; ``env`` the environment (``GITHUB_TOKEN``,
    ``GITHUB_API_URL``, ``GITHUB_REPOSITORY``); ``api`` the GitHub API the command may use
    (default: the one ``env`` names)."""
    env = os.environ if env is None else env
    facts = FactSet()
    result = RepositoryFacts(facts, {e.ref: FactSet() for e in entities})
    top = snapshot.git_dir
    state = inspect(top if top is not None else snapshot.root,
                    configured_default=config.get("default-branch"))
    result.state = state
    facts.set("repo.git", state.is_repo, "git")
    if state.bare and not isinstance(snapshot, CommitSnapshot):
        message = (f"{state.toplevel} is a bare repository: there is no working tree to "
                   "read facts from; read a commit with --rev (for example --rev HEAD)")
        result.notes.append(Note("git-state", message, severity=Severity.WARNING))
        _all_unknown(result, entities, message)
        return result
    if not state.is_repo or state.toplevel is None:
        result.notes.extend(Note("git-state", n.message, severity=Severity(n.severity))
                            for n in state.notes)
        _all_unknown(result, entities, state.notes[0].message if state.notes else "no git")
        return result
    toplevel = state.toplevel
    result.prefix = _prefix(snapshot, toplevel)
    revision = snapshot.revision or state.head
    for note in state.notes:
        result.notes.append(Note("git-state", note.message,
                                 severity=Severity(note.severity)))
    facts.set("repo.shallow", state.shallow, "git")
    missing = state.note("no-default-branch")
    facts.set("repo.default_branch", state.default_branch or Unknown(
        missing.message if missing else "no default branch"), "git")
    facts.set("repo.default_branch_source", state.default_branch_source or Unknown("not found"))
    facts.set("repo.head", revision or Unknown("no commits"), "git")
    facts.set("repo.remote", _remote_facts(state), "git")

    reader = _Reader(snapshot, toplevel, revision, result.notes)
    started = time.perf_counter()
    tracked = reader.tracked()
    forge = _forge(config, state, tracked)
    analysis, owners_file, not_computed = _codeowners(
        result, reader, tracked, forge,
        float(config.get("min-coverage", DEFAULT_MIN_COVERAGE)))
    result.timings["codeowners"] = time.perf_counter() - started
    directory = Directory.build(entities, config.get("owners"))
    _ownership(result, entities, owners_file, analysis, directory, not_computed)
    started = time.perf_counter()
    history, figures, since = _history(result, state, revision, snapshot, config, now,
                                       toplevel)
    _entity_history(result, entities, history, directory, since, revision, config, now,
                    snapshot)
    result.timings["history"] = time.perf_counter() - started
    started = time.perf_counter()
    _protection(result, reader, state, config, env, figures,
                _GitHubSettings(api, config_file))
    result.timings["protection"] = time.perf_counter() - started
    return result


def _remote_facts(state: GitState) -> dict[str, Any] | Unknown:
    """``host`` and ``repository`` of the origin remote; each unknown, with the reason,
    when its URL does not say (a local path, a one-segment path)."""
    if not state.remote_url:
        return Unknown("no origin remote")
    shown = re.sub(r"(?<=://)[^/@]*@", "", state.remote_url)  # never print credentials
    host: Any = state.host or Unknown(
        f"the origin remote ({shown}) names no host: a local path or a URL catalog-lint "
        "does not recognise")
    repository: Any = state.owner_repo or Unknown(
        f"the origin remote ({shown}) names no owner/repository path")
    return {"host": host, "repository": repository}


class _Reader:
    """Files of the snapshot's tree, as the repository sees them: read through the
    snapshot (regular files inside the repository, capped), a refusal noted once."""

    def __init__(self, snapshot: Snapshot, toplevel: Path, revision: str | None,
                 notes: list[Note]) -> None:
        self.snapshot = snapshot
        self.toplevel = toplevel
        self.worktree = not isinstance(snapshot, CommitSnapshot)
        self.revision = revision
        self.notes = notes
        self._refused: set[str] = set()

    def tracked(self) -> list[str]:
        if self.worktree:
            args = ["ls-files", "-z", "--cached"]
        elif self.revision:
            args = ["ls-tree", "-r", "-z", "--name-only", self.revision]
        else:
            return []
        output = subprocess.run(["git", "-C", str(self.toplevel), "-c", "core.quotepath=off",
                                 *args], capture_output=True, check=False).stdout
        return [p for p in output.decode("utf-8", "surrogateescape").split("\0") if p]

    def exists(self, path: str, tracked: set[str]) -> bool:
        if self.worktree:
            target = self.toplevel / path
            return os.path.lexists(target) and not target.is_dir()
        return path in tracked

    def read(self, path: str) -> str | None:
        """The file's text; ``None`` when it is not there, or is refused (a finding
        says why: a link leading out, a FIFO, too large)."""
        try:
            data = self.snapshot.read_repository_file(path)
        except RefusedFile as refused:
            if path not in self._refused:
                self._refused.add(path)
                self.notes.append(Note(refused.rule, refused.message, file=path, line=1))
            return None
        except OSError:
            return None
        return data.decode("utf-8", "replace")


def _prefix(snapshot: Snapshot, toplevel: Path) -> str:
    if isinstance(snapshot, CommitSnapshot):
        return snapshot.subdir
    try:
        relative = snapshot.root.resolve().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def repo_path(result: RepositoryFacts, entity: Entity) -> str:
    return f"{result.prefix}/{entity.path}" if result.prefix else entity.path


def _forge(config: Mapping[str, Any], state: GitState, tracked: Sequence[str]) -> str:
    configured = config.get("forge")
    if configured in ("github", "gitlab"):
        return str(configured)
    from_host = forge_of(state.host)
    if from_host:
        return from_host
    if ".gitlab-ci.yml" in tracked or any(p.startswith(".gitlab/") for p in tracked):
        return "gitlab"
    return "github"


def _codeowners(result: RepositoryFacts, reader: _Reader, tracked: list[str], forge: str,
                minimum: float) -> tuple[co.Analysis | None, co.CodeOwners | None, str]:
    """The file's analysis and parse, or ``None`` for both and why."""
    facts = result.facts
    present = [p for locations in co.LOCATIONS.values() for p in locations
               if reader.exists(p, set(tracked))]
    path, ignored = co.discover(present, forge)
    facts.set("repo.codeowners.forge", forge, "codeowners")
    facts.set("repo.codeowners.exists", path is not None, "codeowners")
    facts.set("repo.codeowners.path", path or Unknown(
        f"no CODEOWNERS file (looked in {', '.join(co.LOCATIONS[forge])})"), "codeowners")
    facts.set("repo.codeowners.ignored", ignored, "codeowners")
    if path is None:
        facts.set("repo.codeowners.coverage", 0.0, "codeowners")
        result.notes.append(Note(
            "codeowners-coverage",
            f"no CODEOWNERS file: nobody is asked to review changes (looked in "
            f"{', '.join(co.LOCATIONS[forge])}, {forge}'s order)",
            severity=Severity.WARNING))
        return None, None, "no CODEOWNERS file"
    for other in ignored:
        result.notes.append(Note(
            "codeowners-ignored-file",
            f"{forge} reads {path} and ignores this file ({', '.join(co.LOCATIONS[forge])} "
            "are tried in that order and the first one found is used)", file=other, line=1))
    text = reader.read(path) or ""
    parsed = co.parse(text, path, forge)
    try:
        analysis = co.analyse(parsed, tracked)
    except co.TooManyTests as exc:
        reason = (f"matching {path}'s {len(parsed.entries):,} lines against the "
                  f"{len(tracked):,} tracked files takes more than {exc.limit:,} pattern "
                  "tests: who owns what is not computed")
        result.notes.append(Note("input-limits", reason, file=path, line=1))
        for name in ("repo.codeowners.coverage", "repo.codeowners.files"):
            facts.set(name, Unknown(reason), "codeowners")
        return None, None, reason
    for issue in [*parsed.issues, *analysis.issues]:
        result.notes.append(Note(issue.rule, issue.message, file=path, line=issue.line,
                                 column=issue.column))
    facts.set("repo.codeowners.coverage", round(analysis.coverage, 4), "codeowners")
    if analysis.total and analysis.owned < analysis.total:
        unowned = analysis.total - analysis.owned
        example = next(p for p, o in analysis.owners_by_file.items() if not o)
        low = analysis.coverage < minimum
        result.notes.append(Note(
            "codeowners-coverage",
            f"{analysis.coverage:.1%} of tracked files have an owner ({analysis.owned} of "
            f"{analysis.total}; {unowned} without, e.g. {example!r})"
            + (f", below ownership.min-coverage {minimum:.0%}" if low else ""),
            file=path, line=1, severity=Severity.WARNING if low else Severity.INFO))
    facts.set("repo.codeowners.files", {"tracked": analysis.total, "owned": analysis.owned},
              "codeowners")
    facts.set("repo.codeowners.owners", sorted(parsed.all_owners()), "codeowners")
    facts.set("repo.codeowners.errors", len(parsed.issues), "codeowners")
    if forge == "gitlab":
        facts.set("repo.codeowners.sections", [
            {"name": s.name, "optional": s.optional, "approvals": s.approvals,
             "default_owners": list(s.default_owners), "line": s.line}
            for key, s in parsed.sections.items() if key], "codeowners")
    return analysis, parsed, ""


def _ownership(result: RepositoryFacts, entities: Sequence[Entity],
               owners_file: co.CodeOwners | None, analysis: co.Analysis | None,
               directory: Directory, not_computed: str) -> None:
    used: set[str] = set()
    folder_owners: dict[str, list[str]] | None = None
    for entity in entities:
        facts = result.entities[entity.ref]
        path = repo_path(result, entity)
        owners = owners_of(entity)
        facts.set("entity.owner", [o.label for o in owners] or Unknown("no owner given"),
                  "catalog")
        fetched = "://" in entity.path  # a followed Location's URL, not a file here
        if owners_file is None or analysis is None or fetched:
            reason = "fetched from a URL" if fetched else not_computed
            for name in ("entity.codeowners.owners", "entity.codeowners.covered",
                         "entity.ownership.agrees"):
                facts.set(name, Unknown(reason), "codeowners")
            continue
        file_owners = list(analysis.owners_by_file.get(path) or owners_file.owners_of(path))
        candidates = list(file_owners)
        if entity.kind.lower() in FOLDER_KINDS:
            if folder_owners is None:
                folder_owners = _owners_by_folder(analysis)
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            candidates.extend(o for o in folder_owners.get(folder, ()) if o not in candidates)
            facts.set("entity.codeowners.folder", folder or ".", "codeowners")
        facts.set("entity.codeowners.owners", file_owners, "codeowners")
        facts.set("entity.codeowners.folder_owners", candidates, "codeowners")
        facts.set("entity.codeowners.covered", bool(file_owners), "codeowners")
        if not file_owners:
            result.notes.append(Note(
                "codeowners-entity-not-covered",
                f"no CODEOWNERS entry owns this file ({owners_file.path}); add a line for it "
                "so the owners review changes to the entity", entity=entity))
        if not owners:
            facts.set("entity.ownership.agrees", Unknown("the entity names no owner"),
                      "codeowners")
            continue
        agreed: list[str] = []
        for owner in owners:
            handles = directory.handles(owner)
            hits = matches(handles, candidates)
            agreed.extend(hits)
            used.update(h.lower() for h in hits)
            if hits or not candidates:
                continue
            shown = ", ".join(h.replace("@*/", "@<org>/") for h in handles)
            result.notes.append(Note(
                "codeowners-owner-mismatch",
                f"owner {owner.raw!r} is not among the CODEOWNERS owners of this "
                f"{'folder' if entity.kind.lower() in FOLDER_KINDS else 'file'} "
                f"({', '.join(candidates)}); looked for {shown} (map catalog owners to "
                "CODEOWNERS names with ownership.owners, or a Group's github.com/team-slug "
                "annotation)", entity=entity, path=owner.path))
        facts.set("entity.ownership.agrees", bool(agreed) if candidates else Unknown(
            "CODEOWNERS gives this file no owner"), "codeowners")
        facts.set("entity.ownership.matched", agreed, "codeowners")
    if owners_file is None:
        return
    if not directory.knows_anyone:
        result.facts.set("repo.codeowners.unknown_owners", Unknown(
            "the catalog here defines no Group or User and ownership.owners is not set"),
            "codeowners")
        return
    known = directory.known_handles()
    unknown = []
    for handle, line in owners_file.all_owners().items():
        if is_known(handle, known) or handle.lower() in used:
            continue
        unknown.append(handle)
        result.notes.append(Note(
            "codeowners-unknown-owner",
            f"CODEOWNERS owner {handle!r} is unknown to the catalog: no Group or User "
            "entity and no ownership.owners mapping stands for it",
            file=owners_file.path, line=line))
    result.facts.set("repo.codeowners.unknown_owners", unknown, "codeowners")


def _owners_by_folder(analysis: co.Analysis) -> dict[str, list[str]]:
    """Every owner of a tracked file, under each folder holding it ("" is the top)."""
    folders: dict[str, dict[str, None]] = {}
    for name, owners in analysis.owners_by_file.items():
        if not owners:
            continue
        folder = name
        while True:
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
            bucket = folders.setdefault(folder, {})
            for owner in owners:
                bucket.setdefault(owner, None)
            if not folder:
                break
    return {folder: list(owners) for folder, owners in folders.items()}


def _history(result: RepositoryFacts, state: GitState, revision: str | None,
             snapshot: Snapshot, config: Mapping[str, Any], now: float | None,
             toplevel: Path) -> tuple[History | None, Delivery | None, int | None]:
    facts = result.facts
    days = int(config.get("history-days", DEFAULT_HISTORY_DAYS))
    facts.set("repo.history.days", days, "history")
    reason = None
    if not revision:
        reason = "the repository has no commits"
    elif state.shallow:
        reason = SHALLOW
    elif config.get("history") is False:
        reason = "history facts are turned off (ownership.history: false)"
    if reason or revision is None:
        for name in ("repo.history.pr_share", "repo.history.signed_share",
                     "repo.history.commits"):
            facts.set(name, Unknown(reason or "no commits"), "history")
        return None, None, None
    reference = _reference_time(snapshot, revision, toplevel, now)
    since = int(reference - days * 86400)
    tips = {"head": revision}
    default_sha = _resolve(toplevel, state.default_ref) if state.default_ref else None
    if default_sha:
        tips["default"] = default_sha
    mailmap = f"{revision}:.mailmap" if isinstance(snapshot, CommitSnapshot) else None
    try:
        history = read_history(toplevel, tips, since=since, mailmap_blob=mailmap)
    except HistoryError as error:
        message = f"git log failed: {error}"
        for name in ("repo.history.pr_share", "repo.history.signed_share",
                     "repo.history.commits"):
            facts.set(name, Unknown(message), "history")
        result.notes.append(Note("git-state", message, severity=Severity.WARNING))
        return None, None, since
    result.timings["git-log"] = history.seconds
    if not default_sha:
        why = "the default branch is not known here (see the git-state finding)"
        for name in ("repo.history.pr_share", "repo.history.signed_share",
                     "repo.history.commits"):
            facts.set(name, Unknown(why), "history")
        return history, None, since
    chain = history.first_parent(default_sha)
    figures = delivery(chain)
    facts.set("repo.history.commits", figures.commits, "history")
    if figures.commits:
        facts.set("repo.history.pr_share", round(figures.pr_share, 4), "history")
        facts.set("repo.history.signed_share", round(figures.signed_share, 4), "history")
        facts.set("repo.history.verified_share",
                  round(figures.verified / figures.commits, 4), "history")
    else:
        none = Unknown(f"no commit on the default branch in the last {days} days")
        facts.set("repo.history.pr_share", none, "history")
        facts.set("repo.history.signed_share", none, "history")
    facts.set("repo.history.delivery", {
        "pull_request": figures.pull_request, "web_flow": figures.web_flow,
        "direct": figures.direct, "signed": figures.signed, "verified": figures.verified,
    }, "history")
    return history, figures, since


def _reference_time(snapshot: Snapshot, revision: str, toplevel: Path,
                    now: float | None) -> float:
    """"Now" for a working tree; the commit's own time for ``--rev`` (so the facts of a
    commit do not change as days pass)."""
    if now is not None:
        return now
    if isinstance(snapshot, CommitSnapshot):
        output = subprocess.run(["git", "-C", str(toplevel), "show", "-s", "--format=%ct",
                                 revision], capture_output=True, text=True, check=False)
        if output.returncode == 0 and output.stdout.strip().isdigit():
            return float(output.stdout.strip())
    return time.time()


def _resolve(toplevel: Path, ref: str) -> str | None:
    output = subprocess.run(["git", "-C", str(toplevel), "rev-parse", "-q", "--verify",
                             f"{ref}^{{commit}}"], capture_output=True, text=True, check=False)
    return output.stdout.strip() or None


def _entity_history(result: RepositoryFacts, entities: Sequence[Entity],
                    history: History | None, directory: Directory, since: int | None,
                    revision: str | None, config: Mapping[str, Any], now: float | None,
                    snapshot: Snapshot) -> None:
    names = ("entity.history.contributors", "entity.history.contributor_count",
             "entity.history.changes",
             "entity.history.owner_share", "entity.history.bus_factor",
             "entity.history.days_since_last_change")
    if history is None or revision is None:
        reason = str(result.facts.get("repo.history.commits").reason) \
            if isinstance(result.facts.get("repo.history.commits"), Unknown) else "no history"
        for entity in entities:
            for name in names:
                result.entities[entity.ref].set(name, Unknown(reason), "history")
        return
    scopes = []
    for entity in entities:
        path = repo_path(result, entity)
        folders: frozenset[str] = frozenset()
        if entity.kind.lower() in FOLDER_KINDS:
            folders = frozenset({path.rsplit("/", 1)[0] if "/" in path else ""})
        scopes.append(Scope(entity.ref, frozenset({path}), folders))
    activity = path_activity(history.reachable(revision), scopes, since=since)
    reference = _reference_time(snapshot, revision, history_toplevel(result), now)
    days = int(config.get("history-days", DEFAULT_HISTORY_DAYS))
    for entity in entities:
        facts = result.entities[entity.ref]
        item = activity[entity.ref]
        facts.set("entity.history.changes", item.changes, "history")
        facts.set("entity.history.contributors", item.contributors(), "history")
        facts.set("entity.history.contributor_count", len(item.counts), "history")
        facts.set("entity.history.bus_factor", item.bus_factor(), "history")
        if item.last_change is not None:
            facts.set("entity.history.days_since_last_change",
                      max(0, int((reference - item.last_change) // 86400)), "history")
        else:
            facts.set("entity.history.days_since_last_change", Unknown(
                f"no change in the last {days} days (the history window; raise "
                "ownership.history-days to look further)"), "history")
        owners = owners_of(entity)
        members = directory.members(owners[0]) if owners else None
        if not item.changes:
            share: Any = Unknown(f"no change in the last {days} days")
        elif members is None:
            share = Unknown("the owning group lists no members with emails or GitHub logins"
                            if owners else "the entity names no owner")
        else:
            share = round(item.share_by(members), 4)
        facts.set("entity.history.owner_share", share, "history")


def history_toplevel(result: RepositoryFacts) -> Path:
    assert result.state is not None and result.state.toplevel is not None
    return result.state.toplevel


@dataclass(frozen=True)
class _GitHubSettings:
    """What the command line says about the GitHub API, and where the config came from."""

    access: ApiAccess | None
    config_file: str | None


def _protection(result: RepositoryFacts, reader: _Reader, state: GitState,
                config: Mapping[str, Any], env: Mapping[str, str],
                figures: Delivery | None, github_settings: _GitHubSettings) -> None:
    branch = state.default_branch
    github = config.get("github") or {}
    configured, running = github.get("repository"), env.get("GITHUB_REPOSITORY")
    if configured and running and configured.lower() != running.lower():
        # the job's own repository wins: a pull request may not point the facts elsewhere
        result.notes.append(_config_note(
            result, github_settings.config_file, "github-repository", ("repository",),
            f"ownership.github.repository names {configured}, but this job runs for "
            f"{running} (GITHUB_REPOSITORY): branch protection is read for {running}"))
        configured = None
    from_remote = not (configured or running)
    repository = running or configured or (
        state.owner_repo if forge_of(state.host) == "github" or env.get("GITHUB_API_URL")
        else None)
    token = env.get("GITHUB_TOKEN", "")
    history_reason = str(result.facts.get("repo.history.pr_share").reason) \
        if isinstance(result.facts.get("repo.history.pr_share"), Unknown) \
        else "no branch protection source"

    def api() -> prot.Protection | str:
        from catalog_lint.github.access import ApiAccess, GitHubError
        from catalog_lint.github.client import REQUEST_TIMEOUT, GitHubClient

        if not token:
            return "GitHub API not asked: GITHUB_TOKEN is not set"
        if not repository:
            return ("GitHub API not asked: the repository is not known (set GITHUB_REPOSITORY "
                    "or ownership.github.repository)")
        if not branch:
            return "GitHub API not asked: the default branch is not known"
        access = github_settings.access or ApiAccess.from_environment(env)
        try:
            choice = access.choose(github.get("api-url"),
                                   remote_host=state.host if from_remote else None)
            if choice.warning:
                result.notes.append(_config_note(result, github_settings.config_file,
                                                 "github-api-url", ("api-url",),
                                                 choice.warning))
            if choice.url is None:
                return choice.reason
            client = GitHubClient(token, choice.url, budget=access.budget,
                                  timeout=float(github.get("timeout", REQUEST_TIMEOUT)),
                                  what="reading branch protection",
                                  permission="'contents: read' (rulesets) and admin read "
                                             "(classic protection)")
        except GitHubError as error:
            return f"GitHub API not asked: {error.message}"
        answer = prot.from_api(client, repository, branch)
        return client.scrub(answer) if isinstance(answer, str) else answer

    def settings() -> prot.Protection | str:
        text = reader.read(SETTINGS_FILE)
        if text is None:
            return f"no {SETTINGS_FILE}"
        if not branch:
            return f"{SETTINGS_FILE} not read: the default branch is not known"
        return prot.from_settings(text, SETTINGS_FILE, branch)

    def rulesets() -> prot.Protection | str:
        listed = list(config.get("protection-files") or [])
        tracked = reader.tracked() if not listed else []
        paths = listed or [p for p in tracked if p.startswith(RULESET_FOLDER)
                           and p.endswith(".json")]
        texts = {p: t for p in paths if (t := reader.read(p)) is not None}
        if not texts:
            return "no exported ruleset file"
        if not branch:
            return "ruleset files not read: the default branch is not known"
        return prot.from_ruleset_files(texts, branch)

    chosen = prot.best(api=api, settings=settings, ruleset_files=rulesets,
                       history=lambda: prot.from_history(figures, history_reason))
    facts = result.facts
    facts.set("repo.branch_protection.source", chosen.source, chosen.source)
    facts.set("repo.branch_protection.detail", chosen.detail or chosen.source, chosen.source)
    facts.set("repo.branch_protection.notes", chosen.notes, chosen.source)
    facts.set("repo.branch_protection.branch", branch or Unknown("default branch unknown"))
    for name in prot.FACTS:
        facts.set(f"repo.branch_protection.{name}", chosen.values[name], chosen.source)


def _all_unknown(result: RepositoryFacts, entities: Sequence[Entity], reason: str) -> None:
    facts = result.facts
    for name in ("repo.shallow", "repo.default_branch", "repo.codeowners.exists",
                 "repo.codeowners.path", "repo.codeowners.forge", "repo.codeowners.coverage",
                 "repo.history.pr_share", "repo.history.signed_share", "repo.history.commits"):
        facts.set(name, Unknown(reason), "git")
    facts.set("repo.branch_protection.source", "unknown", "unknown")
    for name in prot.FACTS:
        facts.set(f"repo.branch_protection.{name}", Unknown(reason), "unknown")
    for entity in entities:
        for name in ("entity.codeowners.owners", "entity.codeowners.covered",
                     "entity.ownership.agrees", "entity.history.contributors",
                     "entity.history.changes", "entity.history.owner_share",
                     "entity.history.bus_factor", "entity.history.days_since_last_change"):
            result.entities[entity.ref].set(name, Unknown(reason), "git")


def _config_note(result: RepositoryFacts, config_file: str | None, rule: str,
                 key: tuple[str, ...], message: str) -> Note:
    """A finding of ``rule`` at the line of ``ownership.github.<key>`` in the config (the
    config is the working tree's, so its path is shown as the repository names it)."""
    if config_file is None or result.state is None or result.state.toplevel is None:
        return Note(rule, message)
    path = Path(config_file)
    try:
        shown = path.resolve().relative_to(result.state.toplevel.resolve()).as_posix()
    except ValueError:
        return Note(rule, f"{config_file}: {message}")
    from catalog_lint.config import config_line

    line = config_line(config_file, ("ownership", "github", *key))
    return Note(rule, message, file=shown, line=line)
