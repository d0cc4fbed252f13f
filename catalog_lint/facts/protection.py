"""Branch protection of the default branch, from the best source available.

In this order, and the facts say which one answered:

``api``
    GitHub's REST API, when ``GITHUB_TOKEN`` is set and the repository is known:
    ``GET /repos/{owner}/{repo}/rules/branches/{branch}`` (the rulesets in force,
    readable with the default Actions token) and ``GET /repos/{owner}/{repo}/branches/
    {branch}/protection`` (classic protection; it needs admin read, so a 403 there only
    makes the classic-only facts unknown). ``GITHUB_API_URL`` selects GitHub Enterprise;
    :mod:`catalog_lint.github.access` decides where the token may go.
``settings``
    ``.github/settings.yml`` in the Probot Settings format (``branches:`` with
    ``protection:``, and ``rulesets:``).
``ruleset-file``
    A ruleset exported from GitHub as JSON (``.github/rulesets/*.json``, or the files
    listed in ``ownership.protection-files``).
``history``
    No configuration to read: the history of the default branch can prove that pull
    requests are *not* required (a direct push), never that they are.
``unknown``
    Nothing to go on.

A fact no source can tell is :class:`~catalog_lint.facts.model.Unknown`, never a pass.
"""

from __future__ import annotations

import fnmatch
import json
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog_lint.facts.history import Delivery
from catalog_lint.facts.model import Unknown

if TYPE_CHECKING:
    from catalog_lint.github.client import GitHubClient

FACTS = ("pull_requests_required", "required_reviews", "code_owner_reviews",
         "dismiss_stale_reviews", "required_status_checks", "enforce_admins",
         "force_pushes_blocked", "deletions_blocked")


@dataclass
class Protection:
    source: str = "unknown"
    detail: str = ""  # where exactly: the URL, the file
    values: dict[str, Any] = field(default_factory=dict)  # fact name -> value or Unknown
    notes: list[str] = field(default_factory=list)  # why a source was not used

    def fill_unknown(self, reason: str) -> None:
        for name in FACTS:
            self.values.setdefault(name, Unknown(reason))


# -- the API -----------------------------------------------------------------------------


def from_api(client: GitHubClient, repository: str, branch: str) -> Protection | str:
    """Protection from the API, or why the API could not tell (a message)."""
    from catalog_lint.github.client import GitHubError

    quoted = urllib.parse.quote(branch, safe="/")
    try:
        rules = list(client.paginate(f"/repos/{repository}/rules/branches/{quoted}"))
    except GitHubError as error:
        return str(error)
    classic_error = "unexpected answer"
    try:
        # 403: the token has no admin read; 404: "Branch not protected"
        classic_answer = client.request(
            "GET", f"/repos/{repository}/branches/{quoted}/protection", accept=(403, 404))
    except GitHubError as error:
        if error.status is None:  # no answer at all: the API could not tell
            return str(error)
        classic_answer, classic_error = None, error.message
    status = classic_answer.status if classic_answer is not None else None
    result = Protection(source="api", detail=client.api_url)
    classic: dict[str, Any] | None = None
    classic_known = True
    if status == 200 and classic_answer is not None and isinstance(classic_answer.data, dict):
        classic = classic_answer.data
    elif status == 404:
        classic = None  # no classic protection at all
    else:
        classic_known = False
        result.notes.append(
            "403 Forbidden: reading classic branch protection needs admin read access (the "
            "default Actions GITHUB_TOKEN has not), so only rulesets were read"
            if status == 403 else f"classic branch protection: {classic_error}")
    combine(result, [r for r in rules if isinstance(r, dict)],
            classic_protection(classic) if classic is not None else {}, classic_known,
            "classic branch protection could not be read (" +
            (result.notes[0] if result.notes else "") + ")")
    return result


def classic_protection(body: Mapping[str, Any]) -> dict[str, Any]:
    """Facts from a classic protection object (the API's answer, or the Probot settings
    form, which mirrors the API's update request)."""
    values: dict[str, Any] = {}
    reviews = body.get("required_pull_request_reviews")
    values["pull_requests_required"] = isinstance(reviews, dict)
    if isinstance(reviews, dict):
        values["required_reviews"] = int(reviews.get("required_approving_review_count") or 0)
        values["code_owner_reviews"] = bool(reviews.get("require_code_owner_reviews"))
        values["dismiss_stale_reviews"] = bool(reviews.get("dismiss_stale_reviews"))
    else:
        values.update(required_reviews=0, code_owner_reviews=False, dismiss_stale_reviews=False)
    checks = body.get("required_status_checks")
    names: list[str] = []
    if isinstance(checks, dict):
        names.extend(str(c) for c in checks.get("contexts") or [])
        names.extend(str(c.get("context")) for c in checks.get("checks") or []
                     if isinstance(c, dict) and c.get("context"))
    values["required_status_checks"] = list(dict.fromkeys(names))
    values["enforce_admins"] = _enabled(body.get("enforce_admins"))
    values["force_pushes_blocked"] = not _enabled(body.get("allow_force_pushes"))
    values["deletions_blocked"] = not _enabled(body.get("allow_deletions"))
    return values


def _enabled(value: Any) -> bool:
    """The API writes ``{"enabled": true}``; the settings file writes ``true``."""
    if isinstance(value, dict):
        return bool(value.get("enabled"))
    return bool(value)


def ruleset_facts(rules: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Facts the given ruleset rules establish (only what they say; absent is not false)."""
    values: dict[str, Any] = {}
    checks: list[str] = []
    for rule in rules:
        kind = rule.get("type")
        parameters = rule.get("parameters") or {}
        if kind == "pull_request":
            values["pull_requests_required"] = True
            count = int(parameters.get("required_approving_review_count") or 0)
            values["required_reviews"] = max(values.get("required_reviews", 0), count)
            if parameters.get("require_code_owner_review"):
                values["code_owner_reviews"] = True
            if parameters.get("dismiss_stale_reviews_on_push"):
                values["dismiss_stale_reviews"] = True
        elif kind == "required_status_checks":
            checks.extend(str(c.get("context")) for c in
                          parameters.get("required_status_checks") or []
                          if isinstance(c, dict) and c.get("context"))
        elif kind == "non_fast_forward":
            values["force_pushes_blocked"] = True
        elif kind == "deletion":
            values["deletions_blocked"] = True
    if checks:
        values["required_status_checks"] = list(dict.fromkeys(checks))
    return values


def combine(result: Protection, rules: list[dict[str, Any]], classic: dict[str, Any],
            classic_known: bool, classic_reason: str) -> None:
    """Rulesets and classic protection both apply: the stricter one wins. When classic
    protection could not be read, what the rulesets do not say stays unknown."""
    from_rules = ruleset_facts(rules)
    for name in FACTS:
        ruled = from_rules.get(name)
        old = classic.get(name)
        if name == "enforce_admins":
            # rulesets carry their bypass list elsewhere; only classic protection says
            result.values[name] = bool(old) if classic_known else Unknown(classic_reason)
            continue
        if not classic_known and old is None:
            result.values[name] = ruled if ruled not in (None, False, 0, []) \
                else Unknown(classic_reason)
            continue
        result.values[name] = _stricter(name, ruled, old)


def _stricter(name: str, first: Any, second: Any) -> Any:
    if name == "required_reviews":
        return max(int(first or 0), int(second or 0))
    if name == "required_status_checks":
        return list(dict.fromkeys([*(first or []), *(second or [])]))
    return bool(first) or bool(second)


# -- settings as code --------------------------------------------------------------------


def from_settings(text: str, path: str, branch: str) -> Protection | str:
    """Protection of ``branch`` from a Probot Settings ``settings.yml``."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        return f"{path}{where}: invalid YAML, not read"
    if not isinstance(data, dict):
        return f"{path}: not a mapping of settings, not read"
    classic = None
    for item in data.get("branches") or []:
        if isinstance(item, dict) and item.get("name") == branch:
            classic = item.get("protection")
            found = True
            break
    else:
        found = False
    rulesets = [r for r in data.get("rulesets") or [] if isinstance(r, dict)
                and applies_to(r, branch)]
    if not found and not rulesets:
        return f"{path}: says nothing about the branch {branch!r}"
    result = Protection(source="settings", detail=path)
    rules = [rule for ruleset in rulesets for rule in ruleset.get("rules") or []
             if isinstance(rule, dict)]
    combine(result, rules, classic_protection(classic) if isinstance(classic, dict) else {},
            True, "")
    if found and isinstance(classic, dict):
        result.values["enforce_admins"] = _enabled(classic.get("enforce_admins"))
    elif rulesets:
        result.values["enforce_admins"] = not any(r.get("bypass_actors") for r in rulesets)
    return result


def applies_to(ruleset: Mapping[str, Any], branch: str) -> bool:
    """Whether an (exported) branch ruleset is active and targets ``branch`` (the
    default branch)."""
    if ruleset.get("target", "branch") != "branch":
        return False
    if ruleset.get("enforcement", "active") != "active":
        return False
    condition = (ruleset.get("conditions") or {}).get("ref_name") or {}
    include = condition.get("include") or []
    exclude = condition.get("exclude") or []

    def hit(patterns: list[str]) -> bool:
        for pattern in patterns:
            if pattern in ("~DEFAULT_BRANCH", "~ALL"):
                return True
            name = pattern[len("refs/heads/"):] if pattern.startswith("refs/heads/") else pattern
            if fnmatch.fnmatchcase(branch, name):
                return True
        return False

    return hit(include) and not hit(exclude)


def from_ruleset_files(files: Mapping[str, str], branch: str) -> Protection | str:
    """Protection from exported ruleset JSON files (path -> text)."""
    rulesets: list[dict[str, Any]] = []
    used: list[str] = []
    problems: list[str] = []
    for path, text in files.items():
        try:
            data = json.loads(text)
        except ValueError as error:
            problems.append(f"{path}: invalid JSON ({error}), not read")
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict) and "rules" in item and applies_to(item, branch):
                rulesets.append(item)
                used.append(path)
    if not rulesets:
        return "; ".join(problems) or f"no exported ruleset applies to {branch!r}"
    result = Protection(source="ruleset-file", detail=", ".join(dict.fromkeys(used)))
    result.notes.extend(problems)
    rules = [r for ruleset in rulesets for r in ruleset.get("rules") or [] if isinstance(r, dict)]
    combine(result, rules, {}, True, "")
    # An exported ruleset says everything about itself: what it lacks is not enforced.
    result.values["enforce_admins"] = not any(r.get("bypass_actors") for r in rulesets)
    return result


# -- history -----------------------------------------------------------------------------


def from_history(figures: Delivery | None, reason: str) -> Protection:
    """What the default branch's history can say: a direct push proves that pull requests
    were not required (for whoever pushed); nothing proves that they are."""
    result = Protection(source="history" if figures and figures.commits else "unknown")
    if figures is None or not figures.commits:
        result.fill_unknown(reason)
        return result
    if figures.direct:
        examples = ", ".join(figures.direct_examples)
        result.detail = f"{figures.direct} direct push(es) to the default branch, e.g. {examples}"
        result.values["pull_requests_required"] = False
    else:
        result.values["pull_requests_required"] = Unknown(
            f"all {figures.commits} commits reached the default branch through pull requests "
            "or the forge, but history cannot prove that this is enforced")
    result.fill_unknown("no branch protection source (GitHub API, .github/settings.yml, "
                        "exported ruleset); history cannot tell")
    return result


def best(*, api: Callable[[], Protection | str] | None, settings: Callable[[], Protection | str]
         | None, ruleset_files: Callable[[], Protection | str] | None,
         history: Callable[[], Protection]) -> Protection:
    """Try the sources in order; the first that answers wins, and the reasons the others
    gave are kept as notes."""
    notes: list[str] = []
    for source in (api, settings, ruleset_files):
        if source is None:
            continue
        answer = source()
        if isinstance(answer, Protection):
            answer.notes = notes + answer.notes
            answer.fill_unknown("not said by " + answer.source)
            return answer
        notes.append(answer)
    result = history()
    result.notes = notes + result.notes
    return result
