"""Every fact name a scorecard may read, with its type and a one-line meaning.

This table is the contract between the stages that compute facts and the scorecards that
read them: a scorecard condition naming a fact that is not listed here is an error when
the scorecard is loaded, and ``docs/scorecards.md`` lists the facts from here.

Names are dotted paths into a :class:`~catalog_lint.facts.model.FactSet`. ``repo.*`` and
``dora.*`` describe the repository (``run.facts``); ``entity.*`` describe one entity
(``run.entity_facts[ref]``). Any value may also be ``Unknown(reason)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

FactType = Literal["boolean", "number", "string", "list", "tier", "object"]

#: The DORA performance tiers, best first.
TIERS = ("Elite", "High", "Medium", "Low")


@dataclass(frozen=True)
class FactName:
    name: str
    type: FactType
    meaning: str
    #: Which stage computes it (for the docs): ``git`` (ownership, history, protection),
    #: ``files`` (the snapshot's files), ``dora`` (one pass over the history).
    origin: str

    @property
    def scope(self) -> str:
        return "entity" if self.name.startswith("entity.") else "repository"


def _names(origin: str, rows: list[tuple[str, FactType, str]]) -> list[FactName]:
    return [FactName(name, type_, meaning, origin) for name, type_, meaning in rows]


_GIT = _names("git", [
    ("repo.git", "boolean", "the snapshot is inside a git repository"),
    ("repo.shallow", "boolean", "the repository is a shallow clone (history is cut)"),
    ("repo.default_branch", "string", "the default branch (main, master, ...)"),
    ("repo.codeowners.exists", "boolean", "a CODEOWNERS file exists where the forge reads it"),
    ("repo.codeowners.path", "string", "where the CODEOWNERS file is"),
    ("repo.codeowners.forge", "string", "which forge's CODEOWNERS rules apply (github, gitlab)"),
    ("repo.codeowners.coverage", "number", "share of files with an owner in CODEOWNERS (0..1)"),
    ("repo.branch_protection.source", "string",
     "where protection was read from: api, settings, ruleset-file, history or unknown"),
    ("repo.branch_protection.pull_requests_required", "boolean",
     "changes to the default branch must go through a pull request"),
    ("repo.branch_protection.required_reviews", "number",
     "approving reviews required before merging"),
    ("repo.branch_protection.code_owner_reviews", "boolean",
     "a code owner must approve changes to the files they own"),
    ("repo.branch_protection.dismiss_stale_reviews", "boolean",
     "new commits dismiss earlier approvals"),
    ("repo.branch_protection.required_status_checks", "list",
     "status checks that must pass before merging"),
    ("repo.branch_protection.enforce_admins", "boolean", "the rules apply to administrators too"),
    ("repo.branch_protection.force_pushes_blocked", "boolean",
     "force pushes to the default branch are refused"),
    ("repo.branch_protection.deletions_blocked", "boolean",
     "the default branch cannot be deleted"),
    ("repo.default_branch_source", "string", "how the default branch was found"),
    ("repo.head", "string", "the commit analysed"),
    ("repo.codeowners.ignored", "list",
     "CODEOWNERS files present but not read (a higher-priority one wins)"),
    ("repo.codeowners.errors", "number", "problems found in the CODEOWNERS file"),
    ("repo.codeowners.owners", "list", "every owner the CODEOWNERS file names"),
    ("repo.codeowners.unknown_owners", "list",
     "CODEOWNERS owners no Group or User entity stands for"),
    ("repo.branch_protection.branch", "string", "the branch whose protection was read"),
    ("repo.history.days", "number", "days of history the history facts look at"),
    ("repo.history.verified_share", "number",
     "share of default-branch commits whose signature the forge verified (0..1)"),
    ("repo.history.pr_share", "number",
     "share of default-branch changes that came through a merge or pull request (0..1)"),
    ("repo.history.signed_share", "number", "share of commits that are signed (0..1)"),
    ("repo.history.commits", "number", "commits in the analysed history"),
    ("entity.owner", "list", "the owners the entity declares"),
    ("entity.codeowners.owners", "list", "owners CODEOWNERS gives the entity's files"),
    ("entity.codeowners.folder", "string", "the folder whose CODEOWNERS owners count"),
    ("entity.codeowners.folder_owners", "list", "owners CODEOWNERS gives that folder"),
    ("entity.ownership.matched", "list", "declared owners that CODEOWNERS agrees with"),
    ("entity.codeowners.covered", "boolean", "CODEOWNERS gives the entity's file an owner"),
    ("entity.ownership.agrees", "boolean",
     "the entity's declared owner is among its CODEOWNERS owners"),
    ("entity.history.contributors", "list",
     "authors who changed the entity's folder ({name, email, changes}), after .mailmap"),
    ("entity.history.contributor_count", "number", "distinct authors who changed the entity's folder"),
    ("entity.history.changes", "number", "commits that changed the entity's folder"),
    ("entity.history.owner_share", "number",
     "share of those changes made by members of the owning team (0..1)"),
    ("entity.history.bus_factor", "number",
     "fewest authors who together made half of the changes"),
    ("entity.history.days_since_last_change", "number",
     "days since the entity's folder last changed"),
])

_FILES = _names("files", [
    ("repo.files.readme", "string", "the README at the root (path), or null"),
    ("repo.files.license", "string", "the licence file at the root (path), or null"),
    ("repo.files.security_policy", "string",
     "SECURITY.md at the root, in .github/ or docs/ (path), or null"),
    ("repo.files.contributing", "string", "CONTRIBUTING guide (path), or null"),
    ("repo.files.changelog", "string", "CHANGELOG at the root (path), or null"),
    ("repo.files.count", "number", "files in the snapshot"),
    ("repo.docs.exists", "boolean", "documentation: a docs/ folder, mkdocs.yml or TechDocs"),
    ("repo.docs.paths", "list", "what made repo.docs.exists true"),
    ("repo.tests.exists", "boolean", "test files or test folders are present"),
    ("repo.tests.count", "number", "test files found"),
    ("repo.ci.workflows", "list", "CI configuration files (all systems)"),
    ("repo.ci.systems", "list",
     "CI systems configured: github-actions, gitlab-ci, circleci, jenkins, azure-pipelines, ..."),
    ("repo.ci.deploys", "boolean", "a CI workflow deploys or releases"),
    ("repo.ci.deploy_workflows", "list", "the CI files that deploy or release"),
    ("repo.dependency_updates.tool", "string", "dependabot, renovate, or none"),
    ("repo.dependency_updates.tools", "list", "every dependency update tool configured"),
    ("repo.dependency_updates.paths", "list", "their configuration files"),
    ("repo.slos.files", "list", "SLO definitions (OpenSLO or Sloth files)"),
    ("entity.files.readme", "string",
     "the README nearest the entity file (its folder or a parent), or null"),
    ("entity.docs.exists", "boolean",
     "documentation next to the entity: docs/ or mkdocs.yml in its folder or a parent, "
     "or a TechDocs reference that resolves"),
    ("entity.tests.exists", "boolean", "test files inside the entity's folder"),
])

_DORA = _names("dora", [
    ("dora.window.days", "number", "length of the window in days"),
    ("dora.window.start", "string", "start of the window (ISO 8601)"),
    ("dora.window.end", "string", "end of the window (ISO 8601)"),
    ("dora.deployments.source", "string", "how deployments are detected: tags, merges or marker"),
    ("dora.deployments.total", "number", "deployments in the analysed history"),
    ("dora.deployments.in_window", "number", "deployments in the window"),
    ("dora.deployments.latest", "string", "the latest deployment in the window"),
    ("dora.deployments.list", "list",
     "the window's deployments: name, commit, date, changes, failed"),
    ("dora.deployment_frequency.count", "number", "deployments in the window"),
    ("dora.deployment_frequency.per_week", "number", "deployments per week in the window"),
    ("dora.deployment_frequency.sample", "number", "deployments the figure rests on"),
    ("dora.deployment_frequency.tier", "tier", "Elite, High, Medium or Low"),
    ("dora.lead_time.median_hours", "number",
     "median hours from a commit's author date to its first deployment"),
    ("dora.lead_time.p90_hours", "number", "90th percentile of the same"),
    ("dora.lead_time.sample", "number", "commits the figure rests on"),
    ("dora.lead_time.tier", "tier", "Elite, High, Medium or Low"),
    ("dora.change_failure_rate.value", "number",
     "share of deployments followed by a revert or hotfix before the next one (0..1)"),
    ("dora.change_failure_rate.failures", "number", "failed deployments in the window"),
    ("dora.change_failure_rate.sample", "number", "deployments the figure rests on"),
    ("dora.change_failure_rate.tier", "tier", "Elite, High, Medium or Low"),
    ("dora.time_to_restore.median_hours", "number",
     "median hours from a failed deployment to the deployment that fixed it"),
    ("dora.time_to_restore.sample", "number", "restored failures the figure rests on"),
    ("dora.time_to_restore.unrestored", "number", "failed deployments not yet followed by a fix"),
    ("dora.time_to_restore.tier", "tier", "Elite, High, Medium or Low"),
    ("dora.tier", "tier",
     "the lowest tier of the four (time to restore left out when nothing failed)"),
])

FACT_NAMES: tuple[FactName, ...] = (*_GIT, *_FILES, *_DORA)


@cache
def by_name() -> dict[str, FactName]:
    return {fact.name: fact for fact in FACT_NAMES}


def lookup(name: str) -> FactName | None:
    return by_name().get(name)


def suggest(name: str) -> str | None:
    """The closest known name, for "did you mean" hints."""
    import difflib

    found = difflib.get_close_matches(name, list(by_name()), n=1, cutoff=0.6)
    return found[0] if found else None


def markdown_table() -> str:
    """The facts as a Markdown table, for the docs."""
    lines = ["| Fact | Type | Meaning |", "| --- | --- | --- |"]
    for fact in FACT_NAMES:
        lines.append(f"| `{fact.name}` | {fact.type} | {fact.meaning} |")
    return "\n".join(lines) + "\n"
