"""A run over named files (the pre-commit hook) reads the folder's other entity files as
context: they resolve the named files' references, and nothing is reported about them.
What the context holds is cached between runs, by path and content."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.graph.context_cache import cache_dir
from tests.cli_helpers import run_cli, write
from tests.graph.conftest import graph_findings

HEADER = "apiVersion: backstage.io/v1alpha1\n"


def group(name: str, spec: str = "") -> str:
    return (f"{HEADER}kind: Group\nmetadata:\n  name: {name}\n"
            f"spec:\n  type: team\n  children: []\n{spec}")


def component(name: str, spec: str) -> str:
    return (f"{HEADER}kind: Component\nmetadata:\n  name: {name}\n"
            f"spec:\n  type: service\n  lifecycle: production\n{spec}")


def system(name: str, owner: str = "team-a") -> str:
    return f"{HEADER}kind: System\nmetadata:\n  name: {name}\nspec:\n  owner: {owner}\n"


def findings(root: Path, *args: str) -> list[dict[str, Any]]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()["findings"]  # type: ignore[no-any-return]


def rules_at(root: Path, *args: str) -> list[tuple[str, str, int]]:
    return sorted((f["rule"], f["file"], f["line"]) for f in findings(root, *args))


def test_context_files_are_not_reported_on_even_when_broken(tmp_path: Path) -> None:
    write(tmp_path, {
        "org/catalog-info.yaml": group("team-a") + "---\n" + system("shop", "team-zzz")
        + "---\n" + component("broken", "  owner: 42\n"),  # a schema error
        "bad/catalog-info.yaml": "kind: [\n",  # a YAML error
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"),
    })
    assert rules_at(tmp_path, "svc/catalog-info.yaml") == []
    # the whole folder reports them all
    assert {rule for rule, _, _ in rules_at(tmp_path)} >= {
        "blueprint-schema", "yaml-syntax", "unresolved-reference"}


def test_a_duplicate_of_a_context_entity_is_reported_on_the_named_file_only(
        tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": group("team-a"),
        "b/catalog-info.yaml": group("team-a"),
    })
    found = findings(tmp_path, "b/catalog-info.yaml")
    assert [(f["rule"], f["file"], f["message"]) for f in found] == [
        ("duplicate-entity", "b/catalog-info.yaml",
         "group:team-a is defined 2 times; also in a/catalog-info.yaml")]


def test_a_cycle_through_context_entities_is_reported_at_the_named_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": component("a", "  owner: team-a\n  subcomponentOf: b\n"),
        "b/catalog-info.yaml": component("b", "  owner: team-a\n  subcomponentOf: c\n"),
        "c/catalog-info.yaml": component("c", "  owner: team-a\n  subcomponentOf: a\n"),
        "org/catalog-info.yaml": group("team-a"),
    })
    assert rules_at(tmp_path, "b/catalog-info.yaml") == [
        ("relation-cycle", "b/catalog-info.yaml", 9)]
    # a cycle among context files only is theirs
    write(tmp_path, {"b/catalog-info.yaml": component("b", "  owner: team-a\n")})
    write(tmp_path, {"d/catalog-info.yaml": component("d", "  owner: team-a\n"
                                                      "  subcomponentOf: d\n")})
    assert rules_at(tmp_path, "b/catalog-info.yaml") == []


def test_an_inverse_relation_in_a_context_file_is_checked(tmp_path: Path) -> None:
    write(tmp_path, {
        "org/catalog-info.yaml": group("team-a"),
        "db/catalog-info.yaml": f"{HEADER}kind: Resource\nmetadata:\n  name: cart-db\n"
                                "spec:\n  type: database\n  owner: team-a\n"
                                "  dependencyOf: [component:other]\n",
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n"
                                           "  dependsOn: [resource:cart-db]\n"),
    })
    assert rules_at(tmp_path, "svc/catalog-info.yaml") == [
        ("inverse-relation-mismatch", "svc/catalog-info.yaml", 9)]


def test_locations_of_context_files_are_followed(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": f"{HEADER}kind: Location\nmetadata:\n  name: org\n"
                             "spec:\n  targets: [./org/teams.yaml]\n",
        "org/teams.yaml": group("team-a") + "---\n" + system("shop"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"),
    })
    assert rules_at(tmp_path, "svc/catalog-info.yaml") == []
    outcome = run_cli(["validate", "--format", "json", "svc/catalog-info.yaml"], tmp_path)
    assert outcome.json()["graph"]["context_entities"] == 3


def test_a_location_back_to_the_named_file_does_not_read_it_twice(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": f"{HEADER}kind: Location\nmetadata:\n  name: all\n"
                             "spec:\n  targets: [./svc/catalog-info.yaml, ./org.yaml]\n",
        "org.yaml": group("team-a"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n"),
    })
    assert rules_at(tmp_path, "svc/catalog-info.yaml") == []  # no duplicate-entity


def test_port_and_backstage_context(tmp_path: Path) -> None:
    write(tmp_path, {
        ".port/teams.yml": "- identifier: shop\n  blueprint: system\n"
                           "- identifier: cart-api\n  blueprint: api\n",
        "port.yml": "identifier: cart\nblueprint: component\n"
                    "properties: {type: service, lifecycle: Production}\n"
                    "relations: {system: shop, providesApis: [cart-ap]}\n",
    })
    found = findings(tmp_path, "port.yml")
    assert [(f["rule"], f["line"]) for f in found] == [("reference-typo", 4)]
    # the candidate's line is its own item's, not its list's
    assert found[0]["message"] == (
        "relation 'providesApis': api \"cart-ap\" is not in the catalog; did you mean "
        "\"cart-api\" (.port/teams.yml:3)?")
    again = findings(tmp_path, "port.yml")  # from the cache now: the same
    assert again == found


def test_context_reading_is_serial_whatever_the_jobs(tmp_path: Path) -> None:
    files = {f"svc{i}/catalog-info.yaml": component(f"svc{i}", "  owner: team-a\n")
             for i in range(12)}
    write(tmp_path, {**files, "org/catalog-info.yaml": group("team-a")})
    assert rules_at(tmp_path, "--jobs", "2", "svc3/catalog-info.yaml") == []


def test_the_cache_holds_what_the_graph_reads_and_is_trusted_by_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    write(repo, {
        "org/catalog-info.yaml": group("team-a").replace(
            "  name: team-a\n", "  name: team-a\n  description: " + "x" * 2000 + "\n"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n"),
    })
    assert rules_at(repo, "svc/catalog-info.yaml") == []
    (cache,) = (tmp_path / "cache").iterdir()
    entries = json.loads(cache.read_text())["entries"]
    assert list(entries) == ["org/catalog-info.yaml"]
    (_, stubs) = entries["org/catalog-info.yaml"]
    assert stubs[0][4]["metadata"] == {"name": "team-a"}  # no description: not needed
    # An entry is trusted while the file's bytes are the same: planted, it is read back...
    stubs[0][4]["metadata"]["name"] = "team-b"
    cache.write_text(json.dumps({**json.loads(cache.read_text()), "entries": entries}))
    assert [r for r, _, _ in rules_at(repo, "svc/catalog-info.yaml")] == [
        "unresolved-reference"]
    # ...and any change to the file's bytes reads the file again.
    with open(repo / "org/catalog-info.yaml", "a", encoding="utf-8") as handle:
        handle.write("# a comment\n")
    assert rules_at(repo, "svc/catalog-info.yaml") == []


def run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, aged: bool = False
             ) -> tuple[Path, Path]:
    """A repository whose service names a group of another file, validated once over the
    service (the group file ``aged`` an hour, so that its identity is kept): the
    repository and the cache file."""
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    write(repo, {"org/catalog-info.yaml": group("team-a"),
                 "svc/catalog-info.yaml": component("cart", "  owner: team-a\n")})
    if aged:
        an_hour_ago = time.time() - 3600
        os.utime(repo / "org/catalog-info.yaml", (an_hour_ago, an_hour_ago))
    assert rules_at(repo, "svc/catalog-info.yaml") == []
    (cache,) = (tmp_path / "cache").iterdir()
    return repo, cache


@pytest.mark.parametrize("garbage", [b"", b"{", b"[]", b'{"format": 1, "version": "0"}',
                                     b'{"format": 1, "entries": {"x": 1}}'])
def test_a_broken_cache_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 garbage: bytes) -> None:
    repo, cache = run_once(tmp_path, monkeypatch)
    cache.write_bytes(garbage)
    assert rules_at(repo, "svc/catalog-info.yaml") == []
    assert "org/catalog-info.yaml" in json.loads(cache.read_text())["entries"]


@pytest.mark.parametrize("aged", [False, True])  # found by its hash, by its identity
def test_a_malformed_entry_reads_the_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                aged: bool) -> None:
    repo, cache = run_once(tmp_path, monkeypatch, aged)
    payload = json.loads(cache.read_text())
    assert len(payload["entries"]["org/catalog-info.yaml"]) == (3 if aged else 2)
    payload["entries"]["org/catalog-info.yaml"][1] = [["not", "a", "stub"]]
    cache.write_text(json.dumps(payload))
    assert rules_at(repo, "svc/catalog-info.yaml") == []
    assert rules_at(repo, "svc/catalog-info.yaml") == []  # and the entry is right again


def test_an_empty_cache_dir_setting_turns_the_cache_off(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR", "")
    assert cache_dir() is None
    monkeypatch.delenv("CATALOG_LINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "catalog-lint"
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR", "")
    write(tmp_path / "repo", {"org/catalog-info.yaml": group("team-a"),
                              "svc/catalog-info.yaml": component("cart", "  owner: team-b\n")})
    assert [r for r, _, _ in rules_at(tmp_path / "repo", "svc/catalog-info.yaml")] == [
        "unresolved-reference"]
    assert not (tmp_path / "xdg").exists()


def test_a_cache_that_cannot_be_written_is_only_slower(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder\n")
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR", str(in_the_way / "cache"))
    write(tmp_path / "repo", {"org/catalog-info.yaml": group("team-a"),
                              "svc/catalog-info.yaml": component("cart", "  owner: team-a\n")})
    assert rules_at(tmp_path / "repo", "svc/catalog-info.yaml") == []
    assert rules_at(tmp_path / "repo", "svc/catalog-info.yaml") == []


def test_graph_of_named_files_draws_their_neighbours(tmp_path: Path) -> None:
    write(tmp_path, {"org/catalog-info.yaml": group("team-a"),
                     "svc/catalog-info.yaml": component("cart", "  owner: team-a\n")})
    outcome = run_cli(["graph", "--format", "mermaid", "svc/catalog-info.yaml"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert "team-a" in outcome.stdout
    exported = run_cli(["export", "svc/catalog-info.yaml"], tmp_path).json()
    assert [e["ref"] for e in exported["entities"]] == ["component:default/cart"]


def test_the_unresolved_warning_without_near_miss(tmp_path: Path) -> None:
    write(tmp_path, {"org/catalog-info.yaml": group("team-a"),
                     "svc/catalog-info.yaml": component("cart", "  owner: payments\n")})
    assert graph_findings(tmp_path, "svc/catalog-info.yaml") == [
        ("unresolved-reference", "warning", "svc/catalog-info.yaml", 8)]


def test_an_unchanged_file_is_known_by_its_identity_without_reading_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repo", {"new/catalog-info.yaml": group("team-b")})
    repo, cache = run_once(tmp_path, monkeypatch, aged=True)
    payload = json.loads(cache.read_text())
    entries = payload["entries"]
    assert len(entries["org/catalog-info.yaml"]) == 3  # with its identity
    assert len(entries["new/catalog-info.yaml"]) == 2  # changed just now: no identity yet
    # while the identity holds, the entry is used as it is (the file is not read)
    entries["org/catalog-info.yaml"][1][0][4]["metadata"]["name"] = "team-z"
    cache.write_text(json.dumps(payload))
    assert [r for r, _, _ in rules_at(repo, "svc/catalog-info.yaml")] == [
        "unresolved-reference"]
    # any write changes it: the file is read again
    (repo / "org/catalog-info.yaml").write_text(group("team-a") + "# more\n", encoding="utf-8")
    assert rules_at(repo, "svc/catalog-info.yaml") == []


def test_snapshot_identities(tmp_path: Path) -> None:
    from catalog_lint.snapshot import CommitSnapshot, WorktreeSnapshot
    from tests.gitrepo import GitRepo

    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("one", {"a.yaml": group("team-a"), "b.yaml": group("team-b")})
    an_hour_ago = time.time() - 3600
    os.utime(repo.path / "a.yaml", (an_hour_ago, an_hour_ago))
    os.symlink("a.yaml", repo.path / "link.yaml")
    worktree = WorktreeSnapshot(repo.path)
    before = worktree.identity("a.yaml")
    assert before is not None
    assert worktree.identity("b.yaml") is None  # changed in the last seconds
    assert worktree.identity("link.yaml") is None and worktree.identity("gone.yaml") is None
    (repo.path / "a.yaml").write_text(group("team-a") + "# more\n", encoding="utf-8")
    os.utime(repo.path / "a.yaml", (an_hour_ago, an_hour_ago))
    assert worktree.identity("a.yaml") not in (None, before)  # size and change time moved
    with CommitSnapshot(repo.path, "HEAD") as commit:
        blob = repo.git("rev-parse", "HEAD:a.yaml")
        assert commit.identity("a.yaml") == f"{commit.read_limit}:{blob}"
        assert commit.identity("missing.yaml") is None


def test_context_references_are_read_only_when_a_check_reaches_them(tmp_path: Path) -> None:
    from catalog_lint.config import Config
    from catalog_lint.graph.stage import graph_of
    from catalog_lint.pipeline import RunOptions
    from catalog_lint.snapshot import WorktreeSnapshot

    write(tmp_path, {
        "org/catalog-info.yaml": group("team-a"),
        "db/catalog-info.yaml": f"{HEADER}kind: Resource\nmetadata:\n  name: cart-db\n"
                                "spec:\n  type: database\n  owner: team-a\n",
        "other/catalog-info.yaml": component("other", "  owner: team-a\n"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n"
                                           "  dependsOn: [resource:cart-db]\n"),
    })
    with WorktreeSnapshot(tmp_path, cwd=tmp_path) as snapshot:
        options = RunOptions(paths=["svc/catalog-info.yaml"])
        _, graph = graph_of(snapshot, Config(root=tmp_path), options)
    pending = {node.name: node.pending for node in graph.nodes if node.context}
    # cart-db is reached (its dependencyOf is the inverse to check); team-a is only the
    # target of an owner (no inverse, no cycle to follow) and nothing reaches "other":
    # their references are never read
    assert pending == {"team-a": True, "cart-db": False, "other": True}
    assert graph.find(("backstage", "resource", "default", "cart-db")).edges[0].node is \
        graph.find(("backstage", "group", "default", "team-a"))


def test_named_files_outside_the_folder_do_not_widen_the_context(tmp_path: Path) -> None:
    # outside git, from "here", a file of "elsewhere" makes the run's folder tmp_path:
    # that common parent is not searched for context (it could be a home folder)
    write(tmp_path, {"here/org/catalog-info.yaml": group("team-a"),
                     "elsewhere/catalog-info.yaml": component("cart", "  owner: team-a\n")})
    outcome = run_cli(["validate", "--format", "json", "../elsewhere/catalog-info.yaml"],
                      tmp_path / "here")
    assert outcome.json()["graph"]["unresolved_reported"] is False
    assert outcome.json()["findings"] == []
    # in a git work tree the repository bounds it
    from tests.gitrepo import GitRepo

    GitRepo.init(tmp_path)
    outcome = run_cli(["validate", "--format", "json", "../elsewhere/catalog-info.yaml"],
                      tmp_path / "here")
    assert outcome.json()["graph"]["unresolved_reported"] is True
    assert outcome.json()["findings"] == []  # team-a, of here/org, resolves it


def test_the_gate_over_named_files_reads_the_context_of_both_sides(tmp_path: Path) -> None:
    from tests.gitrepo import GitRepo

    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("the shop", {
        "catalog-info.yaml": group("team-a") + "---\n" + system("checkout"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: checkout\n"),
    })
    repo.write({"svc/catalog-info.yaml": component("cart", "  owner: team-a\n"
                                                   "  system: chekout\n")})
    outcome = run_cli(["diff", "--base", "HEAD", "--format", "json", "svc/catalog-info.yaml"],
                      repo.path)
    assert outcome.exit_code == 1, outcome.stderr
    gate = outcome.json()["diff"]
    # the base (a commit) resolved everything against its own files: one new finding
    assert [(r["rule"], r["line"]) for r in gate["regressions"]] == [("reference-typo", 9)]
