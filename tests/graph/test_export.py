"""``catalog-lint export`` and ``--catalog``: references resolved across repositories,
from files and from URLs (a real HTTP server on 127.0.0.1), with a timeout and a size cap."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo
from tests.graph.conftest import graph_findings, messages
from tests.http_server import StaticServer

HEADER = "apiVersion: backstage.io/v1alpha1\n"
PLATFORM = {
    "catalog-info.yaml": f"{HEADER}kind: Group\nmetadata:\n  name: team-a\n"
                         "spec:\n  type: team\n  children: []\n  members: [alice]\n"
                         f"---\n{HEADER}kind: User\nmetadata:\n  name: alice\n"
                         "spec:\n  memberOf: [team-a]\n"
                         f"---\n{HEADER}kind: System\nmetadata:\n  name: shop\n  title: Shop\n"
                         "spec:\n  owner: team-a\n",
    "port.yml": "identifier: shop\nblueprint: system\n",
}
SERVICE = {
    "catalog-info.yaml": f"{HEADER}kind: Component\nmetadata:\n  name: cart\nspec:\n"
                         "  type: service\n  lifecycle: production\n  owner: team-a\n"
                         "  system: shop\n",
    "port.yml": "identifier: cart\nblueprint: component\n"
                "properties: {type: service, lifecycle: Production}\nrelations: {system: shop}\n",
}


def export(root: Path, *args: str) -> dict[str, Any]:
    outcome = run_cli(["export", *args], root)
    assert outcome.exit_code == 0, outcome.stderr
    return json.loads(outcome.stdout) if "-o" not in args else {}


@pytest.fixture
def platform_export(tmp_path: Path) -> Path:
    repo = GitRepo.init(tmp_path / "platform")
    repo.commit("catalog", PLATFORM)
    target = tmp_path / "platform.json"
    outcome = run_cli(["export", "-o", str(target)], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == f"wrote 4 entities to {target}\n"
    return target


def test_export_form(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "platform")
    sha = repo.commit("catalog", PLATFORM) or repo.git("rev-parse", "HEAD")
    data = export(repo.path)
    assert data["format"] == "catalog-lint-catalog" and data["version"] == 2
    assert data["source"] == "platform"
    assert data["revision"] == repo.git("rev-parse", "HEAD") and sha
    assert [e["ref"] for e in data["entities"]] == [
        "group:default/team-a", "port:system/shop", "system:default/shop", "user:default/alice"]
    system = data["entities"][2]
    assert system == {
        "ref": "system:default/shop", "dialect": "backstage", "kind": "System",
        "namespace": "default", "name": "shop", "apiVersion": "backstage.io/v1alpha1",
        "title": "Shop", "file": "catalog-info.yaml", "line": 17,
        "relations": {"owner": ["group:default/team-a"]},
        "data": {"apiVersion": "backstage.io/v1alpha1", "kind": "System",
                 "metadata": {"name": "shop", "title": "Shop"}, "spec": {"owner": "team-a"}},
        "lines": {"apiVersion": 17, "kind": 18, "metadata": 19, "metadata.name": 20,
                  "metadata.title": 21, "spec": 22, "spec.owner": 23},
    }
    port = data["entities"][1]
    assert port["dialect"] == "port" and port["kind"] == "system" and port["namespace"] == ""


def test_export_is_valid_against_its_published_schema(tmp_path: Path) -> None:
    import jsonschema

    write(tmp_path, PLATFORM)
    data = export(tmp_path, "--source", "acme/platform")
    assert data["source"] == "acme/platform" and data["revision"] is None
    schema_path = (Path(__file__).resolve().parents[2]
                   / "catalog_lint/schemas/catalog-export.schema.json")
    jsonschema.Draft7Validator(json.loads(schema_path.read_text())).validate(data)


def test_references_resolve_against_another_repositorys_export(
    tmp_path: Path, platform_export: Path
) -> None:
    service = tmp_path / "service"
    write(service, SERVICE)
    assert [f[0] for f in graph_findings(service)] == ["unresolved-reference"] * 3
    assert graph_findings(service, "--catalog", str(platform_export)) == []
    relative = Path("..") / platform_export.name
    assert graph_findings(service, "--complete", "--catalog", str(relative)) == []


def test_catalogs_from_the_config(tmp_path: Path, platform_export: Path) -> None:
    service = tmp_path / "service"
    config = "catalog: complete\ncatalogs: [../platform.json]\n"
    write(service, {**SERVICE, ".catalog-lint.yaml": config})
    assert graph_findings(service) == []


def test_round_trip_keeps_relations_for_cross_repository_checks(
    tmp_path: Path, platform_export: Path
) -> None:
    # A user in this repository says it is in team-a; team-a's members (in the export)
    # do not list it: the export carried team-a's relations, so this is seen.
    service = tmp_path / "service"
    write(service, {"catalog-info.yaml": f"{HEADER}kind: User\nmetadata:\n  name: bob\n"
                                         "spec:\n  memberOf: [team-a]\n"})
    (message,) = messages(service, "--catalog", str(platform_export))
    assert message.startswith("spec.memberOf names group:team-a, but its spec.members "
                              "(in catalog-info.yaml in catalog platform)")


def test_local_entities_shadow_exported_ones(tmp_path: Path, platform_export: Path) -> None:
    # The central catalog includes this very repository: no duplicate-entity for that.
    platform = tmp_path / "platform"
    assert graph_findings(platform, "--catalog", str(platform_export)) == []


def test_an_unresolved_reference_with_an_export_loaded(
    tmp_path: Path, platform_export: Path
) -> None:
    service = tmp_path / "service"
    write(service, {"catalog-info.yaml": SERVICE["catalog-info.yaml"].replace("team-a", "team-b")})
    found = graph_findings(service, "--complete", "--catalog", str(platform_export))
    assert [f[:2] for f in found] == [("unresolved-reference", "error")]


@pytest.mark.parametrize(("content", "error"), [
    ("{", "invalid JSON in catalog"),
    ('{"entities": []}', 'not a catalog export (expected "format": "catalog-lint-catalog"'),
    ('{"format": "catalog-lint-catalog", "version": 99, "entities": []}',
     "catalog export version 99 is newer than this catalog-lint understands (2)"),
    ('{"format": "catalog-lint-catalog", "version": 1, "entities": [{"dialect": "x"}]}',
     "invalid catalog export at .entities[0]"),
])
def test_a_bad_export_stops_the_run_with_a_clear_error(
    tmp_path: Path, content: str, error: str
) -> None:
    write(tmp_path, {"bad.json": content, **SERVICE})
    outcome = run_cli(["validate", "--catalog", "bad.json"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("catalog-lint: error: bad.json")
    assert error in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_a_missing_export_file(tmp_path: Path) -> None:
    outcome = run_cli(["validate", "--catalog", "nope.json"], tmp_path)
    assert outcome.exit_code == 2
    assert "nope.json: cannot read catalog" in outcome.stderr


def test_an_export_over_the_size_cap(tmp_path: Path, platform_export: Path) -> None:
    outcome = run_cli(["validate", "--catalog", str(platform_export), "--catalog-max-bytes", "100"],
                      tmp_path)
    assert outcome.exit_code == 2
    assert "more than the limit of 100 (--catalog-max-bytes)" in outcome.stderr


# -- URLs --------------------------------------------------------------------------------


@pytest.fixture
def http_server(static_server: StaticServer) -> StaticServer:
    return static_server


def test_loading_a_url_needs_an_explicit_flag(
    tmp_path: Path, platform_export: Path, http_server: StaticServer
) -> None:
    url = http_server.serve("/catalog.json", platform_export.read_bytes())
    service = tmp_path / "service"
    write(service, SERVICE)
    outcome = run_cli(["validate", "--catalog", url], service)
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"catalog-lint: error: {url}: loading a catalog from a URL needs --allow-url\n")
    assert http_server.requests == []
    assert graph_findings(service, "--allow-url", "--catalog", url, "--complete") == []
    assert http_server.requests == ["/catalog.json"]


def test_a_url_in_the_config_also_needs_the_flag(
    tmp_path: Path, platform_export: Path, http_server: StaticServer
) -> None:
    url = http_server.serve("/catalog.json", platform_export.read_bytes())
    service = tmp_path / "service"
    write(service, {**SERVICE, ".catalog-lint.yaml": f"catalogs: ['{url}']\n"})
    assert run_cli(["validate"], service).exit_code == 2
    assert graph_findings(service, "--allow-url") == []


def test_a_url_that_answers_too_slowly(
    tmp_path: Path, platform_export: Path, http_server: StaticServer
) -> None:
    # Trickles 64 bytes every 0.3 s: each read is quick, the whole download is not.
    url = http_server.serve("/slow.json", platform_export.read_bytes(), trickle=0.3)
    started = time.monotonic()
    outcome = run_cli(["validate", "--allow-url", "--catalog", url, "--catalog-timeout", "1"],
                      tmp_path)
    elapsed = time.monotonic() - started
    assert outcome.exit_code == 2
    assert "within 1 seconds (--catalog-timeout)" in outcome.stderr
    assert elapsed < 4


def test_a_url_over_the_size_cap(tmp_path: Path, http_server: StaticServer) -> None:
    big = b'{"format": "catalog-lint-catalog", "version": 1, "entities": []' + b" " * 5000 + b"}"
    announced = http_server.serve("/big.json", big)
    unannounced = http_server.serve("/chunked.json", big, announce=False)
    for url in (announced, unannounced):
        outcome = run_cli(["validate", "--allow-url", "--catalog", url, "--catalog-max-bytes",
                           "1000"], tmp_path)
        assert outcome.exit_code == 2, url
        assert "more than the limit of 1,000" in outcome.stderr


def test_a_url_that_fails(tmp_path: Path, http_server: StaticServer) -> None:
    outcome = run_cli(["validate", "--allow-url", "--catalog", http_server.url + "/missing.json"],
                      tmp_path)
    assert outcome.exit_code == 2
    assert "cannot load catalog: HTTP 404" in outcome.stderr


def test_other_url_schemes_are_refused(tmp_path: Path) -> None:
    outcome = run_cli(["validate", "--allow-url", "--catalog", "ftp://example.com/c.json"],
                      tmp_path)
    assert outcome.exit_code == 2
    assert "only http:// and https:// URLs or files can be loaded" in outcome.stderr


def test_entity_data_and_lines_are_the_same_read_in_parallel(tmp_path: Path) -> None:
    """Lines are taken while the node trees are at hand, in the worker processes too."""
    files = {f"svc{i}/catalog-info.yaml": f"{HEADER}kind: Component\nmetadata:\n  name: s{i}\n"
             f"  tags: [a, b]\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n"
             for i in range(6)}
    files["port.yml"] = ("- identifier: a\n  blueprint: system\n- identifier: b\n"
                         "  blueprint: system\n  properties: {description: x}\n")
    write(tmp_path, files)
    serial = run_cli(["export"], tmp_path, env={"CATALOG_LINT_JOBS": "1"}).json()
    forked = run_cli(["export"], tmp_path, env={"CATALOG_LINT_JOBS": "2"}).json()
    assert serial["entities"] == forked["entities"]
    port_b = next(e for e in serial["entities"] if e["ref"] == "port:system/b")
    assert port_b["lines"] == {"identifier": 3, "blueprint": 4, "properties": 5,
                               "properties.description": 5}
    assert serial["entities"][0]["lines"]["metadata.tags[1]"] == 5
