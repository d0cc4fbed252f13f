"""Following Location targets that are URLs: only with ``--follow-urls`` (or the config's
``locations.follow-urls``) and ``--allow-url``, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog_lint.graph import locations
from tests.cli_helpers import run_cli, write
from tests.graph.conftest import line_of, validate
from tests.http_server import StaticServer

FOLLOW = ("--allow-url", "--follow-urls")


@pytest.fixture
def server(static_server: StaticServer) -> StaticServer:
    return static_server


def location(*targets: str, name: str = "remote") -> str:
    items = "".join(f"    - {t}\n" for t in targets)
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: {name}\n"
            f"spec:\n  targets:\n{items}")


def group(name: str) -> str:
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\n"
            "spec:\n  type: team\n  children: []\n")


COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec:
  type: service
  lifecycle: production
  owner: group:team-remote
"""


def repository(root: Path, *targets: str, config: str | None = None) -> Path:
    files: dict[str, str | bytes] = {"catalog-info.yaml": COMPONENT,
                                     "locations.catalog-info.yaml": location(*targets)}
    if config is not None:
        files[".catalog-lint.yaml"] = config
    write(root, files)
    return root / "locations.catalog-info.yaml"


def findings_of(root: Path, rule: str, *args: str) -> list[tuple[str, int, str]]:
    _, found = validate(root, "--complete", *args)
    return sorted((f["file"], f["line"], f["message"]) for f in found if f["rule"] == rule)


def test_a_url_target_is_fetched_and_resolves_references(tmp_path: Path, server: StaticServer) -> None:
    url = server.serve("/teams.yaml", group("team-remote"))
    repository(tmp_path, url)
    assert findings_of(tmp_path, "unresolved-reference", *FOLLOW) == []
    assert server.requests == ["/teams.yaml"]
    outcome = run_cli(["validate", "--format", "json", "--complete", *FOLLOW], tmp_path)
    report = outcome.json()
    assert report["graph"]["url_targets_fetched"] == 1
    assert url in [f["path"] for f in report["files"]]
    assert any(e["file"] == url and e["name"] == "team-remote" for e in report["entities"])


def test_nothing_is_fetched_without_both_flags(tmp_path: Path, server: StaticServer) -> None:
    url = server.serve("/teams.yaml", group("team-remote"))
    where = repository(tmp_path, url)
    target_line = line_of(where, url)
    # not asked: counted, not fetched, and the owner stays unknown
    assert len(findings_of(tmp_path, "unresolved-reference")) == 1
    assert findings_of(tmp_path, "location-target", "--allow-url") == []
    # asked without --allow-url: refused, and said so at the target
    refused = findings_of(tmp_path, "location-target", "--follow-urls")
    assert refused == [("locations.catalog-info.yaml", target_line,
                        f"target {url!r} not fetched: following URL targets (--follow-urls or "
                        "locations.follow-urls) also needs --allow-url on the command line")]
    assert server.requests == []


def test_the_config_asks_but_only_the_command_line_allows(tmp_path: Path, server: StaticServer) -> None:
    url = server.serve("/teams.yaml", group("team-remote"))
    repository(tmp_path, url, config="locations:\n  follow-urls: true\n")
    refused = findings_of(tmp_path, "location-target")
    assert len(refused) == 1 and "also needs --allow-url" in refused[0][2]
    assert server.requests == []
    assert findings_of(tmp_path, "unresolved-reference", "--allow-url") == []
    assert server.requests == ["/teams.yaml"]


def test_a_misspelt_config_key_is_refused(tmp_path: Path) -> None:
    repository(tmp_path, "./x.yaml", config="locations:\n  follow-url: true\n")
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert "follow-url" in outcome.stderr


def test_relative_targets_resolve_against_the_fetched_url(tmp_path: Path, server: StaticServer) -> None:
    top = server.serve("/catalog/all.yaml", location("./teams/a.yaml", "../b.yaml"))
    server.serve("/catalog/teams/a.yaml", group("team-remote"))
    # a broken entity in a fetched file: its finding names the URL and the line
    server.serve("/b.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
                 "  name: bad name\nspec:\n  type: team\n  children: []\n")
    repository(tmp_path, top)
    _, found = validate(tmp_path, "--complete", *FOLLOW)
    assert sorted(server.requests) == ["/b.yaml", "/catalog/all.yaml", "/catalog/teams/a.yaml"]
    assert not [f for f in found if f["rule"] in ("unresolved-reference", "location-target")]
    remote = [(f["file"], f["line"]) for f in found if f["file"].startswith(server.url)]
    assert (server.url + "/b.yaml", 4) in remote


def test_a_loop_of_locations_fetches_each_url_once(tmp_path: Path, server: StaticServer) -> None:
    a = server.url + "/a.yaml"
    server.serve("/a.yaml", location("./b.yaml", "./c.yaml", name="a"))
    server.serve("/b.yaml", location(a, "./a.yaml#again", name="b"))
    server.serve("/c.yaml", group("team-remote"))
    repository(tmp_path, a, a)
    assert findings_of(tmp_path, "location-target", *FOLLOW) == []
    assert sorted(server.requests) == ["/a.yaml", "/b.yaml", "/c.yaml"]


def test_the_number_of_fetched_files_is_capped(
    tmp_path: Path, server: StaticServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locations, "MAX_FETCHED", 3)
    for i in range(5):  # a chain: /0.yaml -> /1.yaml -> ... -> /4.yaml
        server.serve(f"/{i}.yaml", location(f"./{i + 1}.yaml", name=f"l{i}"))
    repository(tmp_path, server.url + "/0.yaml")
    capped = findings_of(tmp_path, "location-target", *FOLLOW)
    assert server.requests == ["/0.yaml", "/1.yaml", "/2.yaml"]
    assert capped == [(server.url + "/2.yaml", 7, "target './3.yaml' not fetched: this run "
                       "already fetched 3 files from URLs, the most it fetches")]


def test_failures_are_findings_at_the_target(tmp_path: Path, server: StaticServer) -> None:
    slow = server.serve("/slow.yaml", group("team-remote"), wait=1.5)
    big = server.serve("/big.yaml", "# padding\n" * 50 + group("team-remote"))
    gone = server.url + "/gone.yaml"
    broken = server.serve("/broken.yaml", "oops", status=500, content_type="text/plain")
    html = server.serve("/login", "<html><body>sign in</body></html>", content_type="text/html")
    where = repository(tmp_path, slow, big, gone, broken, html)
    started = time.monotonic()
    found = findings_of(tmp_path, "location-target", *FOLLOW, "--catalog-timeout", "0.3",
                        "--catalog-max-bytes", "300")
    assert time.monotonic() - started < 1.4  # the slow answer was not waited for
    assert [(file, line) for file, line, _ in found] == [
        ("locations.catalog-info.yaml", line_of(where, u)) for u in (slow, big, gone, broken, html)]
    messages = [message for _, _, message in found]
    assert messages[0] == (f"target {slow!r} not read: {slow}: cannot load file: no complete "
                           "answer within 0.3 seconds (--catalog-timeout)")
    assert "file is 610 bytes, more than the limit of 300 (--catalog-max-bytes)" in messages[1]
    assert messages[2].endswith(f"{gone}: cannot load file: HTTP 404 Not Found")
    assert "HTTP 500" in messages[3]
    assert messages[4] == f"target {html!r} not read: {html} answered with an HTML page, not YAML"


def test_all_url_targets_of_a_run_share_one_time_limit(
    tmp_path: Path, server: StaticServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three servers that each answer within --catalog-timeout but slowly: before, the run
    # waited for each in turn (a hundred such targets held a job for a hundred timeouts).
    slow = [server.serve(f"/slow-{i}.yaml", group(f"team-{i}"), wait=4) for i in range(3)]
    where = repository(tmp_path, *slow)
    monkeypatch.setenv("CATALOG_LINT_URL_DEADLINE", "0.5")
    started = time.monotonic()
    found = findings_of(tmp_path, "location-target", *FOLLOW, "--catalog-timeout", "10")
    assert time.monotonic() - started < 3.5  # one slow answer cut short, none waited for
    assert [(file, line) for file, line, _ in found] == [
        ("locations.catalog-info.yaml", line_of(where, url)) for url in slow]
    assert found[0][2] == (
        f"target {slow[0]!r} not read: {slow[0]}: cannot load file: no complete answer within "
        "0.5 seconds (what was left of the 0.5 seconds all URL targets may take, "
        "CATALOG_LINT_URL_DEADLINE)")
    for (_, _, message), url in zip(found[1:], slow[1:], strict=True):
        assert message == (f"target {url!r} not fetched: this run's URL targets already took "
                           "0.5 seconds, the most they may take together "
                           "(CATALOG_LINT_URL_DEADLINE)")
    assert server.requests == ["/slow-0.yaml"]


def test_a_bad_url_time_limit_is_one_line(tmp_path: Path, server: StaticServer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repository(tmp_path, server.serve("/teams.yaml", group("team-remote")))
    monkeypatch.setenv("CATALOG_LINT_URL_DEADLINE", "soon")
    outcome = run_cli(["validate", *FOLLOW], tmp_path)
    assert (outcome.exit_code, outcome.stderr) == (
        2, "catalog-lint: error: CATALOG_LINT_URL_DEADLINE='soon': not a positive number of "
           "seconds\n")


def test_only_http_and_https_are_followed(tmp_path: Path) -> None:
    repository(tmp_path, "ftp://example.com/teams.yaml")
    found = findings_of(tmp_path, "location-target", *FOLLOW)
    assert [m for _, _, m in found] == [
        "target 'ftp://example.com/teams.yaml' is not an http:// or https:// URL; not fetched"]


def test_export_includes_the_entities_of_fetched_files(tmp_path: Path, server: StaticServer) -> None:
    url = server.serve("/teams.yaml", group("team-remote"))
    repository(tmp_path, url)
    plain = run_cli(["export"], tmp_path)
    assert "team-remote" not in [e["name"] for e in plain.json()["entities"]]
    assert server.requests == []
    outcome = run_cli(["export", *FOLLOW], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    entity = next(e for e in outcome.json()["entities"] if e["name"] == "team-remote")
    assert entity["file"] == url
