"""The fake GitHub API checks requests against GitHub's REST description and keeps state."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.github_server import GitHubAPI

Response = tuple[int, dict[str, str], Any]


def call(api: GitHubAPI, method: str, path: str, body: Any = None, *,
         token: str | None = "default", headers: dict[str, str] | None = None) -> Response:
    request = urllib.request.Request(api.url + path, method=method)
    request.add_header("User-Agent", "catalog-lint-tests")
    request.add_header("Accept", "application/vnd.github+json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {api.token if token == 'default' else token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, data, timeout=5) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else None


def test_repository_answer_follows_the_schema(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop", default_branch="trunk")
    status, _, body = call(github_api, "GET", "/repos/ACME/shop")
    assert status == 200
    assert body["default_branch"] == "trunk"
    assert body["full_name"] == "acme/shop"
    # a schema-complete answer: the required fields GitHub always sends are there
    assert {"clone_url", "pushed_at", "owner", "license"} <= set(body)
    assert call(github_api, "GET", "/repos/acme/missing")[0] == 404


def test_branch_rules_and_classic_protection(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.set_branch_rules("acme/shop", "release/1.x", [{"type": "deletion"}])
    status, _, rules = call(github_api, "GET", "/repos/acme/shop/rules/branches/release/1.x")
    assert status == 200
    assert rules == [{"ruleset_source_type": "Repository", "ruleset_source": "acme/shop",
                      "ruleset_id": 100, "type": "deletion"}]
    assert call(github_api, "GET", "/repos/acme/shop/rules/branches/main")[2] == []
    status, _, body = call(github_api, "GET", "/repos/acme/shop/branches/main/protection")
    assert (status, body["message"]) == (404, "Branch not protected")
    github_api.set_protection("acme/shop", "main", {"allow_force_pushes": {"enabled": False}})
    status, _, body = call(github_api, "GET", "/repos/acme/shop/branches/main/protection")
    assert status == 200
    assert body["allow_force_pushes"] == {"enabled": False}
    assert body["url"].endswith("/repos/acme/shop/branches/main/protection")


def test_comments_paginate_with_link_headers(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    for number in range(65):
        github_api.add_comment("acme/shop", 7, f"comment {number}")
    github_api.add_comment("acme/shop", 8, "elsewhere")
    status, headers, page1 = call(github_api, "GET", "/repos/acme/shop/issues/7/comments")
    assert status == 200
    assert len(page1) == 30
    assert 'page=2>; rel="next"' in headers["Link"]
    assert 'page=3>; rel="last"' in headers["Link"]
    _, headers, page3 = call(github_api, "GET",
                             "/repos/acme/shop/issues/7/comments?per_page=30&page=3")
    assert [c["body"] for c in page3] == [f"comment {n}" for n in range(60, 65)]
    assert 'rel="next"' not in headers["Link"] and 'rel="prev"' in headers["Link"]
    _, headers, everything = call(github_api, "GET",
                                  "/repos/acme/shop/issues/7/comments?per_page=100")
    assert len(everything) == 65 and "Link" not in headers


def test_comment_create_update_delete(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    status, headers, created = call(github_api, "POST", "/repos/acme/shop/issues/3/comments",
                                    {"body": "first"})
    assert status == 201
    assert headers["Location"] == created["url"]
    assert created["user"]["login"] == "github-actions[bot]"
    status, _, updated = call(github_api, "PATCH",
                              f"/repos/acme/shop/issues/comments/{created['id']}",
                              {"body": "second"})
    assert (status, updated["body"]) == (200, "second")
    assert [c["body"] for c in github_api.comments("acme/shop", 3)] == ["second"]
    assert call(github_api, "DELETE", f"/repos/acme/shop/issues/comments/{created['id']}")[0] == 204
    assert github_api.comments("acme/shop", 3) == []
    assert call(github_api, "GET", f"/repos/acme/shop/issues/comments/{created['id']}")[0] == 404


def test_faults_are_served_in_order(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    github_api.fail("GET /repos/{owner}/{repo}", 502, 403, retry_after=7)
    assert call(github_api, "GET", "/repos/acme/shop")[0] == 502
    status, headers, body = call(github_api, "GET", "/repos/acme/shop")
    assert (status, headers["retry-after"]) == (403, "7")
    assert "secondary rate limit" in body["message"]
    assert call(github_api, "GET", "/repos/acme/shop")[0] == 200
    with pytest.raises(ValueError, match="no operation"):
        github_api.fail("GET /nowhere", 500)


def test_wrong_token_is_401_not_a_violation(github_api: GitHubAPI) -> None:
    github_api.add_repository("acme/shop")
    status, _, body = call(github_api, "GET", "/repos/acme/shop", token="nope")
    assert (status, body["message"]) == (401, "Bad credentials")


def test_enterprise_prefix() -> None:
    with GitHubAPI(prefix="/api/v3") as api:
        api.add_repository("acme/shop")
        assert api.url.endswith("/api/v3")
        assert call(api, "GET", "/repos/acme/shop")[0] == 200
    api.assert_clean()


@pytest.mark.parametrize(
    ("method", "path", "body", "token", "expected"),
    [
        ("GET", "/repos/acme/shop/issues/7/comments?per_page=abc", None, "default",
         "is not an integer"),
        ("GET", "/repos/acme/shop/issues/7/comments?sort=asc", None, "default",
         "query parameter 'sort' is not declared"),
        ("GET", "/repos/acme/shop", None, None, "no Authorization header"),
        ("POST", "/repos/acme/shop/issues/7/comments", {"text": "x"}, "default",
         "'body' is a required property"),
        ("PATCH", "/repos/acme/shop/issues/comments/1", {"body": 3}, "default",
         "3 is not of type 'string'"),
        ("GET", "/repos/acme/shop/issues/seven/comments", None, "default", "not an integer"),
        ("PUT", "/repos/acme/shop/branches/main/protection", {}, "default", "no such operation"),
    ],
)
def test_violations_are_recorded(method: str, path: str, body: Any, token: str | None,
                                 expected: str) -> None:
    with GitHubAPI() as api:
        api.add_repository("acme/shop")
        call(api, method, path, body, token=token)
    assert any(expected in v for v in api.violations), api.violations
    with pytest.raises(AssertionError, match="broke GitHub's REST description"):
        api.assert_clean()


def test_fake_state_that_breaks_the_schema_is_caught() -> None:
    with GitHubAPI() as api:
        api.add_repository("acme/shop")
        api.set_protection("acme/shop", "main", {"enforce_admins": True})  # must be an object
        call(api, "GET", "/repos/acme/shop/branches/main/protection")
    assert any("enforce_admins" in v for v in api.violations), api.violations
