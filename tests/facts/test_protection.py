"""Branch protection from the GitHub API (a real HTTP server checking every request
against GitHub's REST description), settings files, exported rulesets and history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalog_lint.facts.model import Unknown
from tests.cli_helpers import run_cli
from tests.facts.helpers import facts_for
from tests.github_server import GitHubAPI
from tests.gitrepo import GitRepo

PROTECTION = "GET /repos/{owner}/{repo}/branches/{branch}/protection"
RULES: list[dict[str, Any]] = [
    {"type": "pull_request", "parameters": {
        "required_approving_review_count": 2, "require_code_owner_review": True,
        "dismiss_stale_reviews_on_push": False, "require_last_push_approval": False,
        "required_review_thread_resolution": False}},
    {"type": "required_status_checks", "parameters": {
        "required_status_checks": [{"context": "ci/test"}],
        "strict_required_status_checks_policy": True}},
    {"type": "non_fast_forward"},
]
API = "https://api.github.com/repos/acme/shop/branches/main/protection"
CLASSIC = {
    "required_pull_request_reviews": {"url": f"{API}/required_pull_request_reviews",
                                      "dismiss_stale_reviews": True,
                                      "require_code_owner_reviews": False,
                                      "required_approving_review_count": 1},
    "required_status_checks": {"url": f"{API}/required_status_checks", "strict": True,
                               "contexts": ["lint"], "checks": [{"context": "lint",
                                                                 "app_id": None}]},
    "enforce_admins": {"url": f"{API}/enforce_admins", "enabled": True},
    "allow_force_pushes": {"enabled": False},
    "allow_deletions": {"enabled": False},
}


def protection(result: Any) -> dict[str, Any]:
    return {name: result.facts.get(f"repo.branch_protection.{name}") for name in (
        "source", "pull_requests_required", "required_reviews", "code_owner_reviews",
        "dismiss_stale_reviews", "required_status_checks", "enforce_admins",
        "force_pushes_blocked", "deletions_blocked")}


def env_for(api: GitHubAPI) -> dict[str, str]:
    return {"GITHUB_TOKEN": api.token, "GITHUB_API_URL": api.url,
            "GITHUB_REPOSITORY": "acme/shop"}


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit("Start (#1)", {"README.md": "x\n"}, date="2024-03-01T00:00:00Z")
    return git_repo


def test_rulesets_and_classic_protection_combine(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "main", RULES)
    github_api.set_protection("acme/shop", "main", CLASSIC)
    result = facts_for(repo.path, env=env_for(github_api))
    assert protection(result) == {
        "source": "api", "pull_requests_required": True, "required_reviews": 2,
        "code_owner_reviews": True, "dismiss_stale_reviews": True,
        "required_status_checks": ["ci/test", "lint"], "enforce_admins": True,
        "force_pushes_blocked": True, "deletions_blocked": True,
    }
    assert [(r.method, r.path, r.query) for r in github_api.requests] == [
        ("GET", "/repos/acme/shop/rules/branches/main", {"per_page": ["100"]}),
        ("GET", "/repos/acme/shop/branches/main/protection", {}),
    ]
    assert github_api.requests[0].headers["authorization"] == f"Bearer {github_api.token}"
    assert github_api.requests[0].headers["x-github-api-version"] == "2022-11-28"


def test_classic_403_is_explained_not_fatal(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "main", RULES[:1])
    github_api.fail(PROTECTION, 403)
    result = facts_for(repo.path, env=env_for(github_api))
    facts = protection(result)
    assert facts["source"] == "api"
    assert (facts["pull_requests_required"], facts["required_reviews"],
            facts["code_owner_reviews"]) == (True, 2, True)
    for name in ("dismiss_stale_reviews", "enforce_admins", "force_pushes_blocked",
                 "deletions_blocked", "required_status_checks"):
        assert isinstance(facts[name], Unknown), name
        assert "admin read" in facts[name].reason
    notes = result.facts.get("repo.branch_protection.notes")
    assert any("403 Forbidden" in n and "admin read" in n for n in notes)


def test_unprotected_branch_is_false_not_unknown(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    result = facts_for(repo.path, env=env_for(github_api))
    assert protection(result) == {
        "source": "api", "pull_requests_required": False, "required_reviews": 0,
        "code_owner_reviews": False, "dismiss_stale_reviews": False,
        "required_status_checks": [], "enforce_admins": False,
        "force_pushes_blocked": False, "deletions_blocked": False,
    }


def test_bad_token_falls_back_and_says_why(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    env = {**env_for(github_api), "GITHUB_TOKEN": "ghp_wrongwrongwrong"}
    result = facts_for(repo.path, env=env)
    assert result.facts.get("repo.branch_protection.source") == "history"
    (first, *_) = result.facts.get("repo.branch_protection.notes")
    assert "401 Bad credentials: the token is invalid or expired" in first
    assert "ghp_wrongwrongwrong" not in json.dumps(result.facts.to_json())


def test_missing_repository_404(repo: GitRepo, github_api: GitHubAPI) -> None:
    result = facts_for(repo.path, env=env_for(github_api))
    (first, *_) = result.facts.get("repo.branch_protection.notes")
    assert "404 Not Found" in first and "cannot see it" in first


def test_server_errors_are_retried(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "main", RULES)
    github_api.fail("GET /repos/{owner}/{repo}/rules/branches/{branch}", 502)
    result = facts_for(repo.path, env=env_for(github_api))
    assert result.facts.get("repo.branch_protection.source") == "api"
    assert [r.status for r in github_api.requests] == [502, 200, 404]


def test_secondary_rate_limit_is_retried_then_reported(repo: GitRepo, github_api: GitHubAPI
                                                       ) -> None:
    github_api.add_repository("acme/shop")
    github_api.fail("GET /repos/{owner}/{repo}/rules/branches/{branch}", 403, 403, 403, 403,
                    retry_after=0)
    result = facts_for(repo.path, env=env_for(github_api))
    assert result.facts.get("repo.branch_protection.source") == "history"
    (first, *_) = result.facts.get("repo.branch_protection.notes")
    assert "rate limited" in first


def test_enterprise_server_through_github_api_url(repo: GitRepo) -> None:
    with GitHubAPI(prefix="/api/v3") as api:
        api.add_repository("acme/shop")
        api.set_branch_rules("acme/shop", "main", [{"type": "deletion"}])
        result = facts_for(repo.path, env=env_for(api))
    api.assert_clean()
    assert result.facts.get("repo.branch_protection.deletions_blocked") is True
    assert result.facts.get("repo.branch_protection.detail").endswith("/api/v3")


def test_repository_from_the_origin_remote(repo: GitRepo, github_api: GitHubAPI) -> None:
    repo.git("remote", "add", "origin", "https://x-access-token@github.com/acme/shop.git")
    github_api.add_repository("acme/shop")
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url}
    result = facts_for(repo.path, env=env)
    assert result.facts.get("repo.branch_protection.source") == "api"
    assert result.facts.get("repo.remote") == {"host": "github.com", "repository": "acme/shop"}


def test_token_never_printed(repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.fail(PROTECTION, 403)
    env = env_for(github_api)
    for output_format in ("text", "json"):
        outcome = run_cli(["facts", "--format", output_format], repo.path, env=env)
        assert outcome.exit_code == 0, outcome.stderr
        assert github_api.token not in outcome.stdout + outcome.stderr
    outcome = run_cli(["validate", "--format", "json"], repo.path, env=env)
    assert github_api.token not in outcome.stdout + outcome.stderr
    assert outcome.json()["facts"]["repository"]["repo"]["branch_protection"]["source"] == "api"


SETTINGS = """\
repository:
  name: shop
branches:
  - name: main
    protection:
      required_pull_request_reviews:
        required_approving_review_count: 1
        dismiss_stale_reviews: true
        require_code_owner_reviews: true
      required_status_checks:
        strict: true
        contexts: [build, test]
      enforce_admins: false
      restrictions: null
"""


def test_probot_settings_file(repo: GitRepo) -> None:
    repo.commit("settings", {".github/settings.yml": SETTINGS})
    assert protection(facts_for(repo.path)) == {
        "source": "settings", "pull_requests_required": True, "required_reviews": 1,
        "code_owner_reviews": True, "dismiss_stale_reviews": True,
        "required_status_checks": ["build", "test"], "enforce_admins": False,
        "force_pushes_blocked": True, "deletions_blocked": True,
    }


def test_settings_without_the_branch_fall_through(repo: GitRepo) -> None:
    repo.commit("settings", {".github/settings.yml": "branches:\n  - name: release\n"})
    result = facts_for(repo.path)
    assert result.facts.get("repo.branch_protection.source") == "history"
    assert ".github/settings.yml: says nothing about the branch 'main'" in result.facts.get(
        "repo.branch_protection.notes")


EXPORTED = {
    "id": 42, "name": "main protection", "target": "branch", "source_type": "Repository",
    "source": "acme/shop", "enforcement": "active",
    "conditions": {"ref_name": {"exclude": [], "include": ["~DEFAULT_BRANCH"]}},
    "rules": [{"type": "deletion"}, {"type": "non_fast_forward"}, *RULES[:2]],
    "bypass_actors": [],
}


def test_exported_ruleset_file(repo: GitRepo) -> None:
    disabled = {**EXPORTED, "id": 43, "enforcement": "disabled", "rules": []}
    repo.commit("rulesets", {".github/rulesets/main.json": json.dumps(EXPORTED),
                             ".github/rulesets/off.json": json.dumps(disabled)})
    assert protection(facts_for(repo.path)) == {
        "source": "ruleset-file", "pull_requests_required": True, "required_reviews": 2,
        "code_owner_reviews": True, "dismiss_stale_reviews": False,
        "required_status_checks": ["ci/test"], "enforce_admins": True,
        "force_pushes_blocked": True, "deletions_blocked": True,
    }


def test_history_can_only_refute(repo: GitRepo) -> None:
    facts = protection(facts_for(repo.path))
    assert facts["source"] == "history"
    assert isinstance(facts["pull_requests_required"], Unknown)  # all came through a PR
    repo.commit("pushed straight to main", {"x": "y"}, date="2024-03-02T00:00:00Z")
    facts = protection(facts_for(repo.path))
    assert facts["pull_requests_required"] is False
    assert all(isinstance(facts[n], Unknown) for n in ("required_reviews", "enforce_admins",
                                                        "force_pushes_blocked"))
