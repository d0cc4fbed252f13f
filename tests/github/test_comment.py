"""The pull-request comment, against a real HTTP server on 127.0.0.1 that checks every
request against GitHub's REST description and keeps the comments it is sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog_lint.findings import Finding, Severity, fingerprint
from catalog_lint.gate import compare
from catalog_lint.github.client import GitHubClient, GitHubError
from catalog_lint.github.comment import marker, upsert_comment
from catalog_lint.report import Report
from tests.cli_helpers import Outcome, run_cli
from tests.github_server import GitHubAPI

REPO = "acme/shop"
PR = 42
COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments"


def finding(rule: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    entity = "component:default/cart"
    return Finding(rule, severity, message, "catalog-info.yaml", 5, 3, "", entity,
                   fingerprint(rule, "catalog-info.yaml", entity, "", message))


def gate_report(path: Path, *, new: list[Finding]) -> Path:
    """A real gate report, as ``diff --format json`` writes it."""
    old = finding("yaml11-value", "an old warning", Severity.WARNING)
    base = Report(root="", files=[], findings=[old], revision="a" * 40)
    head = Report(root="", files=[], findings=[old, *new], revision="b" * 40)
    head.sections["diff"] = compare(base, head).to_dict()
    path.write_text(json.dumps(head.to_dict()), encoding="utf-8")
    return path


@pytest.fixture
def actions(github_api: GitHubAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[GitHubAPI]:
    """The environment of a pull_request workflow run, pointed at the fake API."""
    github_api.add_repository(REPO)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": PR,
                                 "pull_request": {"number": PR}}))
    monkeypatch.setenv("GITHUB_TOKEN", github_api.token)
    monkeypatch.setenv("GITHUB_API_URL", github_api.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    yield github_api


def comment(tmp_path: Path, report: Path, *args: str) -> Outcome:
    return run_cli(["comment", "--report", str(report), *args], tmp_path)


def ours(api: GitHubAPI) -> list[dict]:
    return [c for c in api.comments(REPO, PR) if c["body"].startswith(marker())]


def test_creates_then_updates_the_same_comment(actions: GitHubAPI, tmp_path: Path) -> None:
    first = gate_report(tmp_path / "one.json", new=[finding("duplicate-key", "first problem")])
    second = gate_report(tmp_path / "two.json", new=[finding("duplicate-key", "second one")])

    created = comment(tmp_path, first)
    updated = comment(tmp_path, second)
    again = comment(tmp_path, second)

    assert created.exit_code == 0, created.stderr
    assert "created the comment on pull request #42" in created.stdout
    assert "updated the comment on pull request #42" in updated.stdout
    assert "already says this; left as it is" in again.stdout
    (posted,) = actions.comments(REPO, PR)
    assert posted["body"].startswith(marker() + "\n### ❌ catalog-lint: 1 regression")
    assert "second one" in posted["body"] and "first problem" not in posted["body"]
    methods = [r.method for r in actions.requests]
    assert methods == ["GET", "POST", "GET", "PATCH", "GET"]


def test_finds_its_comment_beyond_the_first_page(actions: GitHubAPI, tmp_path: Path) -> None:
    for number in range(130):
        actions.add_comment(REPO, PR, f"review remark {number}", user="someone", user_type="User")
    # A reviewer quoting the comment is not the comment.
    actions.add_comment(REPO, PR, "> " + marker() + "\n> quoted", user="someone",
                        user_type="User")
    mine = actions.add_comment(REPO, PR, marker() + "\nold body")
    for number in range(5):
        actions.add_comment(REPO, PR, f"later remark {number}", user="someone", user_type="User")
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "bad")])

    outcome = comment(tmp_path, report)

    assert outcome.exit_code == 0, outcome.stderr
    assert "updated" in outcome.stdout
    assert len(actions.comments(REPO, PR)) == 137
    (updated,) = ours(actions)
    assert updated["id"] == mine["id"] and "bad" in updated["body"]
    pages = [r.query.get("page", ["1"])[0] for r in actions.requests if r.method == "GET"]
    assert pages == ["1", "2"]
    assert all(r.query.get("per_page") == ["100"] for r in actions.requests if r.method == "GET")


def test_silent_when_nothing_regressed_unless_asked(actions: GitHubAPI, tmp_path: Path) -> None:
    clean = gate_report(tmp_path / "clean.json", new=[])

    skipped = comment(tmp_path, clean)
    assert skipped.exit_code == 0
    assert "no comment on pull request #42" in skipped.stdout
    assert actions.comments(REPO, PR) == []

    forced = comment(tmp_path, clean, "--comment-always")
    assert "created" in forced.stdout
    assert ours(actions)[0]["body"].startswith(marker() + "\n### ✅ catalog-lint: no regressions")


def test_existing_comment_is_updated_when_fixed(actions: GitHubAPI, tmp_path: Path) -> None:
    comment(tmp_path, gate_report(tmp_path / "bad.json", new=[finding("duplicate-key", "x")]))
    outcome = comment(tmp_path, gate_report(tmp_path / "ok.json", new=[]))
    assert "updated" in outcome.stdout
    assert "✅ catalog-lint: no regressions" in ours(actions)[0]["body"]


def test_comment_keys_keep_separate_comments(actions: GitHubAPI, tmp_path: Path) -> None:
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])
    comment(tmp_path, report, "--comment-key", "services")
    comment(tmp_path, report, "--comment-key", "platform")
    comment(tmp_path, report, "--comment-key", "services")
    assert len(actions.comments(REPO, PR)) == 2


def test_retries_bad_gateway_and_secondary_rate_limit(actions: GitHubAPI, tmp_path: Path
                                                     ) -> None:
    actions.fail(COMMENTS, 403, retry_after=0)  # GitHub's secondary rate limit
    actions.fail("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", 429,
                 retry_after=0)
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])

    outcome = comment(tmp_path, report)

    assert outcome.exit_code == 0, outcome.stderr
    assert len(actions.comments(REPO, PR)) == 1
    assert [r.status for r in actions.requests] == [403, 200, 429, 201]


POST_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"


def test_a_comment_created_despite_a_502_is_not_posted_twice(actions: GitHubAPI,
                                                              tmp_path: Path) -> None:
    # GitHub (or a proxy in front of it) can fail after the comment exists: re-sending the
    # POST would leave two comments. The gate looks first.
    actions.fail(POST_COMMENT, 502, applied=True)
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])
    outcome = comment(tmp_path, report)
    assert outcome.exit_code == 0, outcome.stderr
    assert "created the comment on pull request #42" in outcome.stdout
    assert len(actions.comments(REPO, PR)) == 1
    assert [(r.method, r.status) for r in actions.requests] == [
        ("GET", 200), ("POST", 502), ("GET", 200)]


def test_a_comment_refused_with_a_502_is_posted_once_more(actions: GitHubAPI,
                                                           tmp_path: Path) -> None:
    actions.fail(POST_COMMENT, 502)
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])
    outcome = comment(tmp_path, report)
    assert outcome.exit_code == 0, outcome.stderr
    assert len(actions.comments(REPO, PR)) == 1
    assert [(r.method, r.status) for r in actions.requests] == [
        ("GET", 200), ("POST", 502), ("GET", 200), ("POST", 201)]
    actions.requests.clear()
    actions.fail(POST_COMMENT, 502, 503)
    outcome = comment(tmp_path, report, "--comment-key", "other")
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1 and "503" in outcome.stderr
    assert "not sent again (it may or may not have been done)" in outcome.stderr
    assert len(actions.comments(REPO, PR)) == 1


def test_client_backs_off_on_5xx(actions: GitHubAPI) -> None:
    actions.fail(COMMENTS, 502, 503, 500)
    waits: list[float] = []
    client = GitHubClient(actions.token, actions.url, backoff=0.5, sleep=waits.append)

    assert list(client.paginate(f"/repos/{REPO}/issues/{PR}/comments")) == []
    assert len(waits) == 3
    assert 0.5 <= waits[0] < waits[1] < waits[2]  # exponential

    actions.fail(COMMENTS, *([502] * 4))
    with pytest.raises(GitHubError, match="still failing after 4 attempts: 502"):
        list(GitHubClient(actions.token, actions.url, sleep=waits.append).paginate(
            f"/repos/{REPO}/issues/{PR}/comments"))


@pytest.mark.parametrize(("status", "expected"), [
    (401, "401 Bad credentials: the token is invalid or expired"),
    (403, "'permissions: pull-requests: write'"),
    (404, "no such repository (or pull request)"),
])
def test_clear_errors_and_no_token_in_output(actions: GitHubAPI, tmp_path: Path,
                                             status: int, expected: str) -> None:
    actions.fail(COMMENTS, status)
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])

    outcome = comment(tmp_path, report)

    assert outcome.exit_code == 2
    assert expected in outcome.stderr
    assert outcome.stderr.count("\n") == 1  # one line
    assert actions.token not in outcome.stdout + outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_wrong_token_is_not_shown(actions: GitHubAPI, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "ghp_thisIsNotTheRightTokenButStillSecret00"
    monkeypatch.setenv("GITHUB_TOKEN", secret)
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])

    outcome = comment(tmp_path, report)

    assert outcome.exit_code == 2
    assert "401 Bad credentials" in outcome.stderr
    assert secret not in outcome.stdout + outcome.stderr
    client = GitHubClient(secret, actions.url)
    assert secret not in repr(client)
    with pytest.raises(GitHubError) as error:
        client.request("GET", f"/repos/{REPO}/issues/{PR}/comments")
    assert secret not in str(error.value)


def test_missing_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    no_repo = comment(tmp_path, report, "--pr", "3")
    assert no_repo.exit_code == 2 and "pass --repo OWNER/NAME" in no_repo.stderr
    no_pr = comment(tmp_path, report, "--repo", REPO)
    assert no_pr.exit_code == 2 and "pass --pr NUMBER" in no_pr.stderr
    monkeypatch.delenv("GITHUB_TOKEN")
    no_token = comment(tmp_path, report, "--repo", REPO, "--pr", "3")
    assert no_token.exit_code == 2 and "set GITHUB_TOKEN" in no_token.stderr
    (tmp_path / "junk.json").write_text("[1, 2]")
    junk = comment(tmp_path, tmp_path / "junk.json", "--repo", REPO, "--pr", "3")
    assert junk.exit_code == 2 and "not a catalog-lint JSON report" in junk.stderr


def test_github_enterprise_api_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with GitHubAPI(prefix="/api/v3") as api:
        api.add_repository(REPO)
        monkeypatch.setenv("GITHUB_TOKEN", api.token)
        monkeypatch.setenv("GITHUB_API_URL", api.url)
        report = gate_report(tmp_path / "r.json", new=[finding("duplicate-key", "x")])

        outcome = comment(tmp_path, report, "--repo", REPO, "--pr", "9")

        assert outcome.exit_code == 0, outcome.stderr
        assert len(api.comments(REPO, 9)) == 1
        assert all(r.route for r in api.requests)
    api.assert_clean()


def test_upsert_refuses_links_to_other_hosts(actions: GitHubAPI) -> None:
    client = GitHubClient(actions.token, actions.url)
    with pytest.raises(GitHubError, match=r"on another origin, https://example\.invalid; not "
                                          "followed"):
        client.request("GET", "https://example.invalid/steal")
    assert upsert_comment(client, REPO, PR, "body", create=False).action == "skipped"
