"""How a change of a fact reads to a person: "README.md was removed", not "the README at
the root (path), or null (repo.files.readme: README.md → none)".

:data:`PHRASES` gives every fact of :data:`~catalog_lint.facts.names.FACT_NAMES` a short
label (a noun phrase) and, for the yes/no facts, the sentence for each way it can turn;
:func:`describe_change` builds the sentence. The regression gate uses them for its
messages (docs/gate.md); a test keeps the table complete.

``{who}`` in a sentence stands for the subjects the change concerns ("the repository",
"component:default/cart", or several joined with "and").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Phrase:
    """A fact's wording: ``label`` names it in a sentence ("CODEOWNERS coverage");
    ``became_true``/``became_false`` are whole sentences for a yes/no fact that turned."""

    label: str
    became_true: str = ""
    became_false: str = ""
    #: a share between 0 and 1, shown as a percentage
    percent: bool = False
    #: a path to a file, or null when there is none: a change reads "X was removed"
    path: bool = False


def _flag(label: str, became_true: str, became_false: str) -> Phrase:
    return Phrase(label, became_true, became_false)


PHRASES: dict[str, Phrase] = {
    # -- git ------------------------------------------------------------------------------
    "repo.git": _flag("the git repository", "The folder is a git repository now",
                      "The folder is no longer a git repository"),
    "repo.shallow": _flag("the shallow clone", "The clone is shallow now (history is cut)",
                          "The clone has its whole history now"),
    "repo.default_branch": Phrase("the default branch"),
    "repo.default_branch_source": Phrase("how the default branch was found"),
    "repo.head": Phrase("the commit analysed"),
    "repo.codeowners.exists": _flag("the CODEOWNERS file", "A CODEOWNERS file was added",
                                    "The CODEOWNERS file was removed"),
    "repo.codeowners.path": Phrase("the CODEOWNERS file", path=True),
    "repo.codeowners.forge": Phrase("the CODEOWNERS rules followed"),
    "repo.codeowners.coverage": Phrase("the share of files CODEOWNERS gives an owner",
                                       percent=True),
    "repo.codeowners.ignored": Phrase("CODEOWNERS files that are not read"),
    "repo.codeowners.errors": Phrase("problems in the CODEOWNERS file"),
    "repo.codeowners.owners": Phrase("owners named in CODEOWNERS"),
    "repo.codeowners.unknown_owners": Phrase("CODEOWNERS owners without a Group or User entity"),
    "repo.branch_protection.source": Phrase("where branch protection was read from"),
    "repo.branch_protection.branch": Phrase("the protected branch"),
    "repo.branch_protection.pull_requests_required": _flag(
        "pull requests required",
        "Changes to the default branch need a pull request now",
        "Changes to the default branch no longer need a pull request"),
    "repo.branch_protection.required_reviews": Phrase(
        "the number of approving reviews required before merging"),
    "repo.branch_protection.code_owner_reviews": _flag(
        "code owner reviews required",
        "A code owner's approval is required on the default branch now",
        "A code owner's approval is no longer required on the default branch"),
    "repo.branch_protection.dismiss_stale_reviews": _flag(
        "stale reviews dismissed",
        "New commits dismiss earlier approvals now",
        "New commits no longer dismiss earlier approvals"),
    "repo.branch_protection.required_status_checks": Phrase(
        "the status checks required before merging"),
    "repo.branch_protection.enforce_admins": _flag(
        "branch protection for administrators",
        "Branch protection applies to administrators now",
        "Branch protection no longer applies to administrators"),
    "repo.branch_protection.force_pushes_blocked": _flag(
        "force pushes blocked",
        "Force pushes to the default branch are refused now",
        "Force pushes to the default branch are allowed now"),
    "repo.branch_protection.deletions_blocked": _flag(
        "deletion of the default branch blocked",
        "The default branch can no longer be deleted",
        "The default branch can be deleted now"),
    "repo.history.days": Phrase("the days of history looked at"),
    "repo.history.verified_share": Phrase("the share of commits with a verified signature",
                                          percent=True),
    "repo.history.pr_share": Phrase("the share of changes made through pull requests",
                                    percent=True),
    "repo.history.signed_share": Phrase("the share of signed commits", percent=True),
    "repo.history.commits": Phrase("the commits in the history looked at"),
    "entity.owner": Phrase("the declared owners of {who}"),
    "entity.codeowners.owners": Phrase("the CODEOWNERS owners of {who}"),
    "entity.codeowners.folder": Phrase("the folder whose CODEOWNERS owners count for {who}"),
    "entity.codeowners.folder_owners": Phrase("the CODEOWNERS owners of the folder of {who}"),
    "entity.ownership.matched": Phrase("the declared owners of {who} that CODEOWNERS agrees with"),
    "entity.codeowners.covered": _flag(
        "CODEOWNERS coverage of {who}",
        "CODEOWNERS gives an owner to {who} now",
        "CODEOWNERS no longer gives an owner to {who}"),
    "entity.ownership.agrees": _flag(
        "owner agreement of {who}",
        "CODEOWNERS names the declared owner of {who} now",
        "CODEOWNERS no longer names the declared owner of {who}"),
    "entity.history.contributors": Phrase("the authors who changed {who}"),
    "entity.history.contributor_count": Phrase("the number of authors who changed {who}"),
    "entity.history.changes": Phrase("the commits that changed {who}"),
    "entity.history.owner_share": Phrase("the share of changes to {who} made by its owners",
                                         percent=True),
    "entity.history.bus_factor": Phrase("the bus factor of {who}"),
    "entity.history.days_since_last_change": Phrase("the days since {who} last changed"),
    # -- files ----------------------------------------------------------------------------
    "repo.files.readme": Phrase("the README", path=True),
    "repo.files.license": Phrase("the licence file", path=True),
    "repo.files.security_policy": Phrase("the security policy", path=True),
    "repo.files.contributing": Phrase("the contributing guide", path=True),
    "repo.files.changelog": Phrase("the changelog", path=True),
    "repo.files.count": Phrase("the number of files"),
    "repo.docs.exists": _flag("documentation", "Documentation was added for {who}",
                              "Documentation is gone for {who}"),
    "repo.docs.paths": Phrase("the documentation"),
    "repo.tests.exists": _flag("tests", "Tests were added for {who}",
                               "No tests are left for {who}"),
    "repo.tests.count": Phrase("the number of test files"),
    "repo.ci.workflows": Phrase("the CI workflows"),
    "repo.ci.systems": Phrase("the CI systems"),
    "repo.ci.deploys": _flag("deployment from CI", "A CI workflow deploys now",
                             "No CI workflow deploys any more"),
    "repo.ci.deploy_workflows": Phrase("the CI workflows that deploy"),
    "repo.dependency_updates.tool": Phrase("the dependency update tool"),
    "repo.dependency_updates.tools": Phrase("the dependency update tools"),
    "repo.dependency_updates.paths": Phrase("the dependency update configuration"),
    "repo.slos.files": Phrase("the SLO files"),
    "entity.files.readme": Phrase("the README nearest {who}", path=True),
    "entity.docs.exists": _flag("documentation of {who}", "Documentation was added for {who}",
                                "Documentation is gone for {who}"),
    "entity.tests.exists": _flag("tests of {who}", "Tests were added for {who}",
                                 "No tests are left for {who}"),
    # -- DORA -----------------------------------------------------------------------------
    "dora.window.days": Phrase("the DORA window in days"),
    "dora.window.start": Phrase("the start of the DORA window"),
    "dora.window.end": Phrase("the end of the DORA window"),
    "dora.deployments.source": Phrase("how deployments are detected"),
    "dora.deployments.total": Phrase("the deployments in the history"),
    "dora.deployments.in_window": Phrase("the deployments in the DORA window"),
    "dora.deployments.latest": Phrase("the latest deployment"),
    "dora.deployments.list": Phrase("the deployments in the DORA window"),
    "dora.deployment_frequency.count": Phrase("the deployments in the DORA window"),
    "dora.deployment_frequency.per_week": Phrase("the deployments per week"),
    "dora.deployment_frequency.sample": Phrase("the deployments the frequency rests on"),
    "dora.deployment_frequency.tier": Phrase("the deployment frequency tier"),
    "dora.lead_time.median_hours": Phrase("the median lead time in hours"),
    "dora.lead_time.p90_hours": Phrase("the 90th percentile lead time in hours"),
    "dora.lead_time.sample": Phrase("the commits the lead time rests on"),
    "dora.lead_time.tier": Phrase("the lead time tier"),
    "dora.change_failure_rate.value": Phrase("the change failure rate", percent=True),
    "dora.change_failure_rate.failures": Phrase("the failed deployments"),
    "dora.change_failure_rate.sample": Phrase("the deployments the failure rate rests on"),
    "dora.change_failure_rate.tier": Phrase("the change failure rate tier"),
    "dora.time_to_restore.median_hours": Phrase("the median time to restore in hours"),
    "dora.time_to_restore.sample": Phrase("the restored failures"),
    "dora.time_to_restore.unrestored": Phrase("the failed deployments not yet fixed"),
    "dora.time_to_restore.tier": Phrase("the time to restore tier"),
    "dora.tier": Phrase("the DORA tier"),
}


def show(value: Any, *, percent: bool = False) -> str:
    """A fact's value as a person reads it: ``yes``/``no``, ``none``, ``40%``, ``0.25``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, (int, float)):
        if percent:
            return f"{value * 100:.0f}%"
        if isinstance(value, float):
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return str(value)
    if isinstance(value, str):
        return value
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _items(value: Any) -> list[str]:
    return [show(item) for item in value] if isinstance(value, list) else []


def describe_change(name: str, before: Any, after: Any, who: str = "the repository") -> str:
    """One sentence for a fact that went from ``before`` to ``after`` (both known)."""
    phrase = PHRASES.get(name) or Phrase(name)
    label = phrase.label.replace("{who}", who)
    if isinstance(before, bool) and isinstance(after, bool) and phrase.became_true:
        return (phrase.became_true if after else phrase.became_false).replace("{who}", who)
    if phrase.path:
        if isinstance(before, str) and before and not after:
            return f"{before} was removed"
        if isinstance(after, str) and after and not before:
            return f"{after} was added"
    if isinstance(before, list) and isinstance(after, list):
        removed = [item for item in _items(before) if item not in _items(after)]
        added = [item for item in _items(after) if item not in _items(before)]
        parts = []
        if removed:
            parts.append(f"{', '.join(removed)} removed")
        if added:
            parts.append(f"{', '.join(added)} added")
        if parts:
            return _capital(f"{label}: {'; '.join(parts)}")
    how = "changed"
    if _is_number(before) and _is_number(after) and before != after:
        how = "rose" if after > before else "fell"
    return _capital(f"{label} {how} from {show(before, percent=phrase.percent)} "
                    f"to {show(after, percent=phrase.percent)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
