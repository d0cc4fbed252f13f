"""Placeholders (``$text``, ``$json``, ``$yaml``) replaced as Backstage's catalog replaces
them, in a working tree and in a commit, with findings placed in the target file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from catalog_lint.config import Config
from catalog_lint.pipeline import RunOptions, run
from catalog_lint.report import Report
from catalog_lint.snapshot import CommitSnapshot, WorktreeSnapshot
from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo
from tests.http_server import StaticServer

HEAD = "apiVersion: backstage.io/v1alpha1\n"
API = (HEAD + "kind: API\nmetadata:\n  name: cart-api\n{meta}spec:\n  type: openapi\n"
       "  lifecycle: production\n  owner: team-cart\n  definition:\n    $text: ./openapi.yaml\n")
LINKS_OK = "- url: https://example.com/docs\n  title: Docs\n"
LINKS_BAD = "- url: https://example.com/docs\n- url: not a url\n  title: Bad\n"


def entity(meta: str = "") -> str:
    return API.format(meta=meta)


#: Findings about the catalog and the repository as a whole, beside the point here.
OTHER = ("unresolved-reference", "codeowners-coverage", "git-state")


def findings(folder: Path, *args: str) -> list[dict[str, Any]]:
    outcome = run_cli(["validate", "--format", "json", *args], folder)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [f for f in outcome.json()["findings"] if f["rule"] not in OTHER]


def brief(found: list[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    return [(f["file"], f["line"], f["severity"], f["rule"]) for f in found]


def test_content_of_a_yaml_placeholder_is_judged_at_its_own_line(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"),
                     "links.yaml": LINKS_BAD, "openapi.yaml": "openapi: 3.0.0\n"})
    found = findings(tmp_path)
    assert brief(found) == [("links.yaml", 2, "error", "metadata-links")]
    assert found[0]["column"] == 8
    assert found[0]["path"] == "metadata.links[1].url"
    assert found[0]["entity"] == "api:default/cart-api"
    assert found[0]["message"].endswith(
        "(from $yaml: ./links.yaml at catalog-info.yaml:6)")
    write(tmp_path, {"links.yaml": LINKS_OK})
    assert findings(tmp_path) == []


def test_text_and_json_content_is_what_gets_checked(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": entity("  title:\n    $text: ./title.txt\n").replace(
            "$text: ./openapi.yaml", "$json: ./openapi.json"),
        "title.txt": "", "openapi.json": '{\n  "openapi": "3.0.0"\n}\n'})
    found = findings(tmp_path)
    assert brief(found) == [("catalog-info.yaml", 6, "error", "metadata-fields"),
                            ("catalog-info.yaml", 12, "error", "blueprint-schema")]
    assert found[0]["message"].endswith("(from $text: ./title.txt)")
    assert "spec.definition must be a string, got a mapping" in found[1]["message"]


def test_a_json_spec_places_its_findings_in_the_json_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": HEAD + "kind: Component\nmetadata:\n  name: cart\nspec:\n"
                             "  $json: ./spec.json\n",
        "spec.json": '{\n  "type": "service",\n  "lifecycle": 1.5,\n  "owner": "team"\n}\n'})
    found = findings(tmp_path)
    assert brief(found) == [("spec.json", 3, "error", "blueprint-schema")]
    assert found[0]["message"].startswith("spec.lifecycle must be a string, got the number 1.5")


def test_targets_that_cannot_be_read_are_errors_at_the_placeholder(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    write(repo.path, {
        "catalog-info.yaml": entity(
            "  description:\n    $text: ./missing.txt\n"
            "  title:\n    $text: ../secret.txt\n"
            "  links:\n    $yaml: ./docs\n"),
        "docs/readme.md": "x\n", "openapi.yaml": "openapi: 3.0.0\n"})
    os.symlink(tmp_path / "secret.txt", repo.path / "openapi.yaml.tmp")
    os.replace(repo.path / "openapi.yaml.tmp", repo.path / "openapi.yaml")
    found = findings(repo.path)
    assert brief(found) == [("catalog-info.yaml", line, "error", "placeholder-target")
                            for line in (6, 8, 10, 16)]
    messages = [f["message"] for f in found]
    assert messages[0] == "$text: ./missing.txt: missing.txt does not exist"
    assert messages[1] == "$text: ../secret.txt: the path leads outside the repository; not read"
    assert messages[2] == "$yaml: ./docs: docs is not a regular file but a folder; not read"
    assert "symbolic link" in messages[3] and "outside the repository" in messages[3]


def test_a_link_inside_the_repository_is_followed(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    write(repo.path, {"catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"),
                      "shared/links.yaml": LINKS_BAD, "openapi.yaml": "openapi: 3.0.0\n"})
    os.symlink("shared/links.yaml", repo.path / "links.yaml")
    assert brief(findings(repo.path)) == [("links.yaml", 2, "error", "metadata-links")]


def test_where_the_catalog_never_replaces_a_placeholder(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": HEAD + "kind: Component\nmetadata:\n  name:\n    $text: ./name.txt\n"
                             "spec: {type: service, lifecycle: production, owner: team}\n"
                             "---\n" + HEAD + "kind: Component\nmetadata:\n  name: b\n"
                             "  annotations:\n    $yaml: ./annotations.yaml\n"
                             "spec: {type: service, lifecycle: production, owner: team}\n",
        "name.txt": "cart", "annotations.yaml": "example.com/a: b\n"})
    found = findings(tmp_path)
    assert brief(found) == [("catalog-info.yaml", 5, "error", "placeholder-target"),
                            ("catalog-info.yaml", 13, "error", "placeholder-target")]
    assert "cannot stand at metadata.name" in found[0]["message"]
    assert "cannot stand at metadata.annotations" in found[1]["message"]


def test_a_placeholder_needs_a_string(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": entity("  description:\n    $text: 5\n"),
                     "openapi.yaml": "openapi: 3.0.0\n"})
    found = findings(tmp_path)
    assert brief(found) == [("catalog-info.yaml", 6, "error", "placeholder-target")]
    assert found[0]["message"] == ("the $text placeholder at metadata.description needs a "
                                   "path or a URL as a string, got the number 5")


def test_placeholders_do_not_nest_so_a_self_including_target_ends(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": HEAD + "kind: Component\nmetadata:\n  name: cart\nspec:\n"
                             "  $yaml: ./spec.yaml\n",
        "spec.yaml": "type: service\nlifecycle: production\nowner: team\nextra:\n"
                     "  $yaml: ./spec.yaml\n"})
    found = findings(tmp_path)
    assert brief(found) == [("spec.yaml", 5, "warning", "placeholder-target")]
    assert "is not replaced" in found[0]["message"]


def test_a_broken_target_is_reported_in_the_target(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"
                                    "  tags:\n    $yaml: ./tags.yaml\n"),
        "links.yaml": "- url: [https://example.com\n", "tags.yaml": "- a\n---\n- b\n",
        "openapi.yaml": "openapi: 3.0.0\n"})
    found = findings(tmp_path)
    # the unclosed bracket is reported where it opened (line 1), as every syntax error is
    assert brief(found) == [("catalog-info.yaml", 8, "error", "placeholder-target"),
                            ("links.yaml", 1, "error", "yaml-syntax")]
    assert found[0]["message"] == ("$yaml: ./tags.yaml: tags.yaml holds 2 documents; a $yaml "
                                   "placeholder takes exactly one")
    assert found[1]["message"].endswith("(from $yaml: ./links.yaml at catalog-info.yaml:6)")


def test_the_substituted_size_of_an_entity_is_limited(tmp_path: Path) -> None:
    tags = ("- " + "a" * 60 + "\n") * 4  # 252 bytes, brought in twice
    write(tmp_path, {
        "catalog-info.yaml": entity("  tags:\n    $yaml: ./tags.yaml\n"
                                    "  description:\n    $text: ./tags.yaml\n"),
        ".catalog-lint.yaml": "max-file-size: 600\n", "tags.yaml": tags,
        "openapi.yaml": "openapi: 3.0.0\n" + "#" * 100 + "\n"})
    found = findings(tmp_path)
    assert brief(found) == [("catalog-info.yaml", 14, "error", "placeholder-target")]
    assert found[0]["message"] == ("$text: ./openapi.yaml: not read: the placeholders of this "
                                   "entity bring in more than 600 bytes (max-file-size)")
    write(tmp_path, {"openapi.yaml": "x" * 700})
    found = findings(tmp_path)
    assert brief(found) == [("catalog-info.yaml", 14, "error", "placeholder-target")]
    assert "file is 700 bytes, more than the limit of 600" in found[0]["message"]


def test_a_path_from_the_top_of_the_repository(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    write(repo.path, {"services/cart/catalog-info.yaml":
                      entity("  links:\n    $yaml: /docs/links.yaml\n"),
                      "docs/links.yaml": LINKS_BAD,
                      "services/cart/openapi.yaml": "openapi: 3.0.0\n"})
    found = findings(repo.path / "services" / "cart")
    assert brief(found) == [("../../docs/links.yaml", 2, "error", "metadata-links")]
    found = findings(repo.path)
    assert brief(found) == [("docs/links.yaml", 2, "error", "metadata-links")]


def test_urls_are_fetched_only_when_allowed(tmp_path: Path, static_server: StaticServer) -> None:
    url = static_server.serve("/links.yaml", LINKS_BAD, content_type="application/yaml")
    write(tmp_path, {"catalog-info.yaml": entity(f"  links:\n    $yaml: {url}\n"),
                     "openapi.yaml": "openapi: 3.0.0\n"})
    assert findings(tmp_path) == []
    assert static_server.requests == []
    found = findings(tmp_path, "--allow-url")
    assert brief(found) == [(url, 2, "error", "metadata-links")]
    assert static_server.requests == ["/links.yaml"]
    missing = static_server.url + "/nothing.yaml"
    write(tmp_path, {"catalog-info.yaml": entity(f"  links:\n    $yaml: {missing}\n")})
    found = findings(tmp_path, "--allow-url")
    assert brief(found) == [("catalog-info.yaml", 6, "error", "placeholder-target")]
    assert "HTTP 404" in found[0]["message"]


def test_another_repository_on_a_known_host_is_refused_without_fetching(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.git("remote", "add", "origin", "git@github.com:acme/cart.git")
    other = "https://github.com/acme/other/blob/main/links.yaml"
    own = "https://github.com/acme/cart/blob/main/links.yaml"
    write(repo.path, {"catalog-info.yaml": entity(f"  links:\n    $yaml: {other}\n"
                                                  f"  tags:\n    $yaml: {own}\n"),
                      "openapi.yaml": "openapi: 3.0.0\n"})
    found = findings(repo.path)
    assert brief(found) == [("catalog-info.yaml", 6, "error", "placeholder-target")]
    assert "only from the entity's own repository (github.com/acme/cart)" in found[0]["message"]


def test_a_commit_is_read_from_its_own_objects(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("add", {"catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"),
                        "links.yaml": LINKS_OK, "openapi.yaml": "openapi: 3.0.0\n"})
    repo.write({"links.yaml": LINKS_BAD})  # not committed
    config = Config(root=repo.path)
    def placed(report: Report) -> list[tuple[str, int]]:
        return [(f.file, f.line) for f in report.findings if f.rule not in OTHER]

    with CommitSnapshot(repo.path, "HEAD") as snapshot:
        assert placed(run(snapshot, config, RunOptions())) == []
    with WorktreeSnapshot(repo.path, repo.path) as snapshot:
        assert placed(run(snapshot, config, RunOptions())) == [("links.yaml", 2)]


def test_diff_catches_a_change_to_the_target_alone(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("add", {"catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"),
                        "links.yaml": LINKS_OK, "openapi.yaml": "openapi: 3.0.0\n"})
    base = repo.git("rev-parse", "HEAD")
    repo.commit("break the links", {"links.yaml": LINKS_BAD})
    outcome = run_cli(["diff", "--base", base], repo.path)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert "links.yaml:2" in outcome.stdout
    assert "metadata.links[1].url" in outcome.stdout


def test_parallel_reading_places_findings_as_a_serial_run(tmp_path: Path) -> None:
    files = {"links.yaml": LINKS_BAD, "openapi.yaml": "openapi: 3.0.0\n"}
    for i in range(6):
        files[f"s{i}/catalog-info.yaml"] = entity(
            "  links:\n    $yaml: ../links.yaml\n").replace("cart-api", f"api-{i}").replace(
            "./openapi.yaml", "../openapi.yaml")
    write(tmp_path, files)
    serial = findings(tmp_path, "--jobs", "1")
    assert len(serial) == 6
    assert findings(tmp_path, "--jobs", "2") == serial


def test_a_key_written_with_an_escape_is_a_placeholder_too(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": entity('  links:\n    "\\x24yaml": ./links.yaml\n'),
                     "links.yaml": LINKS_BAD, "openapi.yaml": "openapi: 3.0.0\n"})
    assert brief(findings(tmp_path)) == [("links.yaml", 2, "error", "metadata-links")]


def test_suppressions_are_read_in_the_target(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": entity("  links:\n    $yaml: ./links.yaml\n"),
                     "links.yaml": LINKS_BAD.replace(
                         "not a url", "not a url  # catalog-lint: disable=metadata-links"),
                     "openapi.yaml": "openapi: 3.0.0\n"})
    assert findings(tmp_path) == []
