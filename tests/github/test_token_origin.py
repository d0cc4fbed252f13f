"""The token stays home: it is sent only to the GitHub API origin the environment (or
``--github-api-url``) names, never to a config's api-url on another origin, never along
a redirect or a pagination link to another origin, never over a downgrade; writes are not
turned into reads; answers are capped and the API time of a command is bounded.

Every case runs against real servers on 127.0.0.1: the fake GitHub API (which checks
requests against GitHub's REST description) and a plain server that records what it saw,
standing for an attacker's host on another port."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.github.client import MAX_ANSWER_BYTES
from tests.cli_helpers import Outcome, run_cli
from tests.github.test_comment import REPO, finding, gate_report
from tests.github_server import GitHubAPI
from tests.gitrepo import GitRepo
from tests.http_server import StaticServer

PR = 42
COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments"
POST_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"
RULES = "GET /repos/{owner}/{repo}/rules/branches/{branch}"


@pytest.fixture
def attacker(static_server: StaticServer) -> StaticServer:
    """Another origin (same host, another port) that must never see a request."""
    static_server.serve("/steal", "[]")
    return static_server


def assert_untouched(server: StaticServer) -> None:
    assert server.requests == []
    assert not any("authorization" in headers for headers in server.seen)


# -- the facts (validate, facts): the repository's config is untrusted -----------------


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit("Start (#1)", {"README.md": "x\n"}, date="2024-03-01T00:00:00Z")
    return git_repo


def with_config(repo: GitRepo, api_url: str) -> int:
    """Commit a config naming ``api_url``; the line of ``api-url``."""
    repo.commit("config", {".catalog-lint.yaml": (
        "ownership:\n  github:\n    repository: acme/shop\n"
        f"    api-url: {api_url}\n")})
    return 4


def validate(repo: GitRepo, env: dict[str, str], *args: str) -> tuple[Outcome, dict[str, Any]]:
    outcome = run_cli(["validate", "--format", "json", *args], repo.path, env=env)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome, outcome.json()


def protection_of(report: dict[str, Any]) -> dict[str, Any]:
    return dict(report["facts"]["repository"]["repo"]["branch_protection"])


def test_a_config_api_url_on_another_origin_gets_no_token(
        repo: GitRepo, github_api: GitHubAPI, attacker: StaticServer) -> None:
    github_api.add_repository("acme/shop")
    line = with_config(repo, attacker.url + "/steal")
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url}

    outcome, report = validate(repo, env)

    assert_untouched(attacker)
    # The environment named the API: branch protection is read from it instead.
    assert protection_of(report)["source"] == "api"
    assert [r.path for r in github_api.requests][:1] == ["/repos/acme/shop/rules/branches/main"]
    (warning,) = [f for f in report["findings"] if f["rule"] == "github-api-url"]
    assert (warning["file"], warning["line"], warning["severity"]) == (
        ".catalog-lint.yaml", line, "warning")
    assert f"'{attacker.url}/steal' is not on the GitHub API origin {github_api.url}" in \
        warning["message"]
    assert "the token is not sent there" in warning["message"]
    assert github_api.token not in outcome.stdout + outcome.stderr


def test_the_gate_sends_no_token_where_the_pull_request_says(
        repo: GitRepo, github_api: GitHubAPI, attacker: StaticServer) -> None:
    github_api.add_repository("acme/shop")
    base = repo.git("rev-parse", "HEAD")
    repo.write({".catalog-lint.yaml": "ownership:\n  github:\n"
                                      f"    api-url: {attacker.url}/steal\n"})  # the change
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url,
           "GITHUB_REPOSITORY": "acme/shop"}

    outcome = run_cli(["diff", "--base", base, "--format", "json"], repo.path, env=env)

    assert outcome.exit_code in (0, 1), outcome.stderr
    assert_untouched(attacker)
    # both sides read branch protection from the API the environment names
    assert [r.path for r in github_api.requests].count(
        "/repos/acme/shop/rules/branches/main") == 2
    assert github_api.token not in outcome.stdout + outcome.stderr


def test_without_an_api_named_a_foreign_config_url_means_no_api_call(
        repo: GitRepo, attacker: StaticServer) -> None:
    with_config(repo, attacker.url + "/steal")
    env = {"GITHUB_TOKEN": "ghs_secret000000000000000000000000000000"}

    _, report = validate(repo, env)

    assert_untouched(attacker)
    protection = protection_of(report)
    assert protection["source"] != "api"
    assert "ownership.github.api-url names another origin" in protection["notes"][0]
    assert [f["rule"] for f in report["findings"]].count("github-api-url") == 1


def test_the_flag_allows_a_config_api_url_on_its_origin(
        repo: GitRepo, github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "main", [{"type": "deletion"}])
    with_config(repo, github_api.url)
    env = {"GITHUB_TOKEN": github_api.token}  # no GITHUB_API_URL: the default would refuse

    _, report = validate(repo, env, "--github-api-url", github_api.url)

    assert protection_of(report)["deletions_blocked"] is True
    assert "github-api-url" not in [f["rule"] for f in report["findings"]]


def test_a_config_on_the_same_origin_over_plain_http_is_refused(
        repo: GitRepo, trust_test_ca: Path) -> None:
    with GitHubAPI(tls=True) as api:
        api.add_repository("acme/shop")
        downgraded = api.url.replace("https://", "http://")
        with_config(repo, downgraded)
        _, report = validate(repo, {"GITHUB_TOKEN": api.token, "GITHUB_API_URL": api.url})
        assert protection_of(report)["source"] == "api"  # asked over https, as named
        assert all(r.route for r in api.requests)
    api.assert_clean()
    assert "github-api-url" in [f["rule"] for f in report["findings"]]


def test_a_redirect_to_another_origin_is_not_followed(
        repo: GitRepo, github_api: GitHubAPI, attacker: StaticServer) -> None:
    github_api.add_repository("acme/shop")
    github_api.fail(RULES, 302, location=attacker.url + "/steal")
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url,
           "GITHUB_REPOSITORY": "acme/shop"}

    _, report = validate(repo, env)

    assert_untouched(attacker)
    protection = protection_of(report)
    assert protection["source"] != "api"
    assert (f"redirected to {attacker.url}, another origin than {github_api.url}; not "
            "followed (the token is sent to that origin only)") in protection["notes"][0]


def test_a_next_page_on_another_host_is_not_followed(
        repo: GitRepo, github_api: GitHubAPI, attacker: StaticServer) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "main", [{"type": "deletion"}] * 150)
    github_api.link_base = attacker.url  # page 2 is "elsewhere"
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url,
           "GITHUB_REPOSITORY": "acme/shop"}

    _, report = validate(repo, env)

    assert_untouched(attacker)
    note = protection_of(report)["notes"][0]
    assert f"the next page is on another origin, {attacker.url}; not followed" in note


def test_an_origin_remote_on_another_host_needs_the_api_named(repo: GitRepo) -> None:
    repo.git("remote", "add", "origin", "https://github.acme.example/acme/shop.git")
    env = {"GITHUB_TOKEN": "ghs_secret000000000000000000000000000000"}

    _, report = validate(repo, env)

    note = protection_of(report)["notes"][0]
    assert note.startswith("GitHub API not asked: the origin remote is on "
                           "github.acme.example, and no API was named for it")


def test_plain_http_is_refused_except_on_this_machine(repo: GitRepo, tmp_path: Path) -> None:
    env = {"GITHUB_TOKEN": "ghs_secret000000000000000000000000000000",
           "GITHUB_API_URL": "http://api.example.com", "GITHUB_REPOSITORY": "acme/shop"}
    _, report = validate(repo, env)
    assert "the token is sent over https only" in protection_of(report)["notes"][0]

    flag = run_cli(["validate", "--github-api-url", "http://api.example.com"], repo.path)
    assert flag.exit_code == 2
    assert "--github-api-url 'http://api.example.com': the token is sent over https only" \
        in flag.stderr


# -- the pull-request comment ----------------------------------------------------------


@pytest.fixture
def actions(github_api: GitHubAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> GitHubAPI:
    github_api.add_repository(REPO)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": PR, "pull_request": {"number": PR}}))
    monkeypatch.setenv("GITHUB_TOKEN", github_api.token)
    monkeypatch.setenv("GITHUB_API_URL", github_api.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    return github_api


def comment(tmp_path: Path) -> Outcome:
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])
    return run_cli(["comment", "--report", str(report)], tmp_path)


def assert_one_line_error(outcome: Outcome, *parts: str) -> None:
    assert outcome.exit_code == 2, outcome.stdout + outcome.stderr
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stderr.startswith("catalog-lint: error: ")
    for part in parts:
        assert part in outcome.stderr
    assert "created" not in outcome.stdout


def test_comment_redirected_to_another_port_sends_no_token(
        actions: GitHubAPI, tmp_path: Path, attacker: StaticServer) -> None:
    actions.fail(COMMENTS, 307, location=attacker.url + "/steal")

    outcome = comment(tmp_path)

    assert_one_line_error(outcome, f"redirected to {attacker.url}, another origin")
    assert_untouched(attacker)
    assert actions.comments(REPO, PR) == []


def test_a_redirect_from_https_to_http_is_not_followed(
        tmp_path: Path, attacker: StaticServer, trust_test_ca: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with GitHubAPI(tls=True) as api:
        api.add_repository(REPO)
        api.fail(COMMENTS, 301, location=attacker.url + "/steal")
        monkeypatch.setenv("GITHUB_TOKEN", api.token)
        monkeypatch.setenv("GITHUB_API_URL", api.url)

        outcome = run_cli(["comment", "--repo", REPO, "--pr", str(PR), "--report",
                           str(gate_report(tmp_path / "r.json", new=[]))], tmp_path)

        assert_one_line_error(outcome, f"redirected from {api.url} to {attacker.url}, from "
                                       "https to plain http; not followed")
    api.assert_clean()
    assert_untouched(attacker)


def test_a_301_to_the_comment_post_is_an_error_not_a_get(
        actions: GitHubAPI, tmp_path: Path) -> None:
    same_place = f"{actions.url}/repos/{REPO}/issues/{PR}/comments"
    actions.fail(POST_COMMENT, 301, location=same_place)

    outcome = comment(tmp_path)

    assert_one_line_error(outcome, "answered 301 Moved Permanently to a POST",
                          "would turn the write into a read; not followed, nothing was written")
    assert [(r.method, r.status) for r in actions.requests] == [("GET", 200), ("POST", 301)]
    assert actions.comments(REPO, PR) == []


def test_a_307_keeps_the_post_and_its_body(actions: GitHubAPI, tmp_path: Path) -> None:
    same_place = f"{actions.url}/repos/{REPO}/issues/{PR}/comments"
    actions.fail(POST_COMMENT, 307, location=same_place)

    outcome = comment(tmp_path)

    assert outcome.exit_code == 0, outcome.stderr
    assert "created the comment" in outcome.stdout
    assert [(r.method, r.status) for r in actions.requests] == [
        ("GET", 200), ("POST", 307), ("POST", 201)]
    assert len(actions.comments(REPO, PR)) == 1


def test_an_endless_answer_is_cut_at_the_cap(actions: GitHubAPI, tmp_path: Path) -> None:
    actions.fail(COMMENTS, 200, endless=True)

    outcome = comment(tmp_path)

    assert_one_line_error(outcome, f"the answer is over {MAX_ANSWER_BYTES:,} bytes, the most "
                                   "catalog-lint reads from the GitHub API; not read")
    assert "MemoryError" not in outcome.stderr


def test_a_stalled_api_ends_at_the_deadline(actions: GitHubAPI, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_LINT_API_DEADLINE", "1")
    actions.fail(COMMENTS, 502, stall=30)

    started = time.monotonic()
    outcome = comment(tmp_path)

    assert time.monotonic() - started < 5  # the old client waited 4 retries x 30 s
    assert_one_line_error(outcome, "the GitHub API did not answer within 1 s (GET "
                                   f"/repos/{REPO}/issues/{PR}/comments",
                          "(CATALOG_LINT_API_DEADLINE)")


def test_a_bad_deadline_setting_is_one_line(actions: GitHubAPI, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_LINT_API_DEADLINE", "soon")
    assert_one_line_error(comment(tmp_path), "CATALOG_LINT_API_DEADLINE='soon': not a "
                                             "positive number of seconds")
    assert actions.requests == []


def test_a_config_naming_another_repository_does_not_steer_the_facts(
        repo: GitRepo, github_api: GitHubAPI) -> None:
    """In GitHub Actions the job's own repository wins: a pull request cannot point the
    branch-protection facts at a better-protected repository the token can read."""
    github_api.add_repository("acme/shop")
    github_api.add_repository("acme/bank")
    repo.commit("config", {".catalog-lint.yaml": "ownership:\n  github:\n"
                                                 "    repository: acme/bank\n"})
    env = {"GITHUB_TOKEN": github_api.token, "GITHUB_API_URL": github_api.url,
           "GITHUB_REPOSITORY": "acme/shop"}

    _, report = validate(repo, env)

    paths = [r.path for r in github_api.requests]
    assert paths and all(path.startswith("/repos/acme/shop/") for path in paths), paths
    (warning,) = [f for f in report["findings"] if f["rule"] == "github-repository"]
    assert (warning["file"], warning["line"]) == (".catalog-lint.yaml", 3)
    assert "this job runs for acme/shop" in warning["message"]

    # Outside Actions, the configuration names the repository.
    del env["GITHUB_REPOSITORY"]
    github_api.requests.clear()
    _, report = validate(repo, env)
    assert [r.path for r in github_api.requests][:1] == ["/repos/acme/bank/rules/branches/main"]
    assert "github-repository" not in [f["rule"] for f in report["findings"]]
