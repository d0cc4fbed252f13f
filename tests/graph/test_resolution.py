"""Resolution of references across files, namespaces and dialects, following
Backstage's reference rules exactly; and Location targets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalog_lint.config import Config
from catalog_lint.graph.build import build
from catalog_lint.graph.model import backstage_key, port_key
from catalog_lint.graph.stage import graph_of
from catalog_lint.pipeline import RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from tests.cli_helpers import run_cli, write
from tests.graph.conftest import GRAPH_RULES, graph_findings, line_of, messages

HEADER = "apiVersion: backstage.io/v1alpha1\n"


def group(name: str, namespace: str | None = None, extra: str = "") -> str:
    ns = f"\n  namespace: {namespace}" if namespace else ""
    return (f"{HEADER}kind: Group\nmetadata:\n  name: {name}{ns}\n"
            f"spec:\n  type: team\n  children: []\n{extra}")


def component(name: str, spec: str, namespace: str | None = None) -> str:
    ns = f"\n  namespace: {namespace}" if namespace else ""
    return (f"{HEADER}kind: Component\nmetadata:\n  name: {name}{ns}\n"
            f"spec:\n  type: service\n  lifecycle: production\n{spec}")


def test_references_resolve_across_files_with_default_kinds(tmp_path: Path) -> None:
    write(tmp_path, {
        "teams/catalog-info.yaml": group("team-a"),
        "systems/catalog-info.yaml": f"{HEADER}kind: System\nmetadata:\n  name: shop\n"
                                     "spec:\n  owner: team-a\n",
        "apis/catalog-info.yaml": f"{HEADER}kind: API\nmetadata:\n  name: cart-api\nspec:\n"
                                  "  type: openapi\n  lifecycle: production\n  owner: team-a\n"
                                  "  definition: 'openapi: 3.0.0'\n",
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"
                                           "  providesApis: [cart-api]\n"
                                           "  dependsOn: [component:default/cart]\n"),
    })
    assert graph_findings(tmp_path) == []


def test_matching_is_case_insensitive(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": group("Team-A", namespace="Payments"),
        "b/catalog-info.yaml": component("cart", "  owner: GROUP:payments/TEAM-a\n"),
    })
    assert graph_findings(tmp_path) == []


def test_the_referring_entitys_namespace_is_the_default(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": group("team-a", namespace="payments"),
        "b/catalog-info.yaml": component("cart", "  owner: team-a\n", namespace="payments"),
        "c/catalog-info.yaml": component("other", "  owner: team-a\n"),
    })
    # "team-a" from the default namespace means group:default/team-a, which does not exist.
    line = line_of(tmp_path / "c/catalog-info.yaml", "owner: team-a")
    assert graph_findings(tmp_path) == [
        ("unresolved-reference", "warning", "c/catalog-info.yaml", line)]
    assert messages(tmp_path)[0].startswith("spec.owner: group:team-a is not in the catalog")


def test_explicit_namespace_reaches_another_namespace(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": group("team-a", namespace="payments"),
        "b/catalog-info.yaml": component("cart", "  owner: payments/team-a\n"),
    })
    assert graph_findings(tmp_path) == []


def test_an_owner_may_be_a_user(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": f"{HEADER}kind: User\nmetadata:\n  name: alice\n"
                               "spec:\n  memberOf: []\n",
        "b/catalog-info.yaml": component("cart", "  owner: user:alice\n"),
    })
    assert graph_findings(tmp_path) == []


def test_a_slash_before_the_colon_means_no_kind(tmp_path: Path) -> None:
    # Backstage's parser: "ns/name:x" has no kind; the whole "name:x" is the name.
    write(tmp_path, {
        "a/catalog-info.yaml": group("team-a", namespace="ns"),
        "b/catalog-info.yaml": component("cart", "  owner: ns/team-a:x\n"),
    })
    # No entity can be called "team-a:x": it can never resolve, in any catalog.
    assert messages(tmp_path) == [
        'spec.owner: "ns/team-a:x" can never be resolved: no entity can have that name: it '
        "contains ':'; only letters, digits, '-', '_' and '.' are allowed"]


def test_an_unparsable_reference_is_reported_once(tmp_path: Path) -> None:
    write(tmp_path, {"b/catalog-info.yaml": component("cart", "  owner: 'group:'\n")})
    assert graph_findings(tmp_path) == []  # not also "unresolved"
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert [f["rule"] for f in outcome.json()["findings"]] == ["entity-ref-syntax"]


def test_dialects_do_not_resolve_into_each_other(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": f"{HEADER}kind: System\nmetadata:\n  name: shop\n"
                               "spec:\n  owner: team-a\n",
        "a/port.yml": "identifier: team-a\nblueprint: group\nproperties: {type: team}\n",
    })
    assert [f[0] for f in graph_findings(tmp_path)] == ["unresolved-reference"]


def test_port_identifiers_are_exact(tmp_path: Path) -> None:
    write(tmp_path, {
        "port.yml": "- identifier: Shop\n  blueprint: system\n"
                    "- identifier: cart\n  blueprint: component\n"
                    "  properties: {type: service, lifecycle: Production}\n"
                    "  relations: {system: shop}\n",
    })
    # not resolved: a near miss (of case only), so very likely a typo
    assert [f[0] for f in graph_findings(tmp_path)] == ["reference-typo"]


def test_port_relations_resolve_by_target_blueprint(tmp_path: Path) -> None:
    write(tmp_path, {
        ".port/org.json": '[{"identifier": "team-a", "blueprint": "group",'
                          ' "properties": {"type": "team"}}]',
        "svc/port.yml": "identifier: cart\nblueprint: component\n"
                        "properties: {type: service, lifecycle: Production}\n"
                        "relations:\n  owner: team-a\n  system: null\n  providesApis: []\n",
    })
    assert graph_findings(tmp_path) == []


def test_a_search_query_relation_is_not_resolved(tmp_path: Path) -> None:
    write(tmp_path, {
        "port.yml": "identifier: cart\nblueprint: component\n"
                    "properties: {type: service, lifecycle: Production}\n"
                    "relations:\n  dependsOn:\n    combinator: and\n    rules: []\n",
    })
    assert graph_findings(tmp_path) == []


def test_entities_without_a_blueprint_still_resolve_as_targets(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": "apiVersion: example.com/v1\nkind: Group\nmetadata:\n"
                               "  name: team-a\n",
        "b/catalog-info.yaml": component("cart", "  owner: team-a\n"),
    })
    assert graph_findings(tmp_path) == []


def _graph(root: Path):  # type: ignore[no-untyped-def]
    with WorktreeSnapshot(root, root) as snapshot:
        return graph_of(snapshot, Config(root=root), RunOptions())


def test_the_graph_api_resolves_every_edge(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/catalog-info.yaml": group("team-a"),
        "b/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"),
    })
    _, graph = _graph(tmp_path)
    cart = graph.find(backstage_key("Component", "default", "cart"))
    assert cart is not None
    owner, system = cart.edges
    assert owner.node is graph.find(backstage_key("group", "default", "team-a"))
    assert owner.path == ("spec", "owner")
    assert system.node is None and system.target == backstage_key("system", "default", "shop")
    assert graph.summary()["unresolved"] == 1


def test_build_is_given_entities_not_files(tmp_path: Path) -> None:
    write(tmp_path, {".port/x.json": '[{"identifier": "a", "blueprint": "group",'
                                     ' "properties": {"type": "t"}, "relations": {"parent": "b"}},'
                                     ' {"identifier": "b", "blueprint": "group",'
                                     ' "properties": {"type": "t"}}]'})
    run, _ = _graph(tmp_path)
    graph, problems = build(run.entities)
    assert problems == []
    a = graph.find(port_key("group", "a"))
    assert a is not None and a.edges[0].node is graph.find(port_key("group", "b"))
    assert a.line == 1 and graph.find(port_key("group", "b")).line == 1  # type: ignore[union-attr]


# -- Location targets --------------------------------------------------------------------


def location(*targets: str, extra: str = "") -> str:
    items = "".join(f"    - {t}\n" for t in targets)
    return f"{HEADER}kind: Location\nmetadata:\n  name: loc\nspec:\n{extra}  targets:\n{items}"


def files_read(root: Path, *args: str) -> list[str]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    return sorted(f["path"] for f in outcome.json()["files"])


def test_location_targets_are_read_as_entity_files(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": location("./org/teams.yaml", "services/*/entity.yaml"),
        "org/teams.yaml": group("team-a"),
        "services/cart/entity.yaml": component("cart", "  owner: team-a\n"),
        "services/other/notes.yaml": "not: read\n",
    })
    assert files_read(tmp_path) == [
        "catalog-info.yaml", "org/teams.yaml", "services/cart/entity.yaml"]
    assert graph_findings(tmp_path) == []


def test_a_double_star_glob_crosses_folders(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog/all.yaml": location("./**/*.entity.yaml"),
        "catalog/a/b/x.entity.yaml": group("team-a"),
        "catalog/y.entity.yaml": group("team-b"),
    })
    assert files_read(tmp_path, "catalog/all.yaml") == [
        "catalog/a/b/x.entity.yaml", "catalog/all.yaml", "catalog/y.entity.yaml"]


def test_locations_that_point_at_each_other_are_read_once(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": location("./more.yaml", "./catalog-info.yaml"),
        "more.yaml": location("./catalog-info.yaml", "./more.yaml").replace("name: loc",
                                                                             "name: more"),
    })
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.exit_code == 0, outcome.stdout
    assert [f["path"] for f in outcome.json()["files"]] == ["catalog-info.yaml", "more.yaml"]


def test_a_location_followed_from_a_named_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog/locations.yaml": location("../teams/a.yaml"),
        "teams/a.yaml": group("team-a"),
    })
    assert files_read(tmp_path, "catalog/locations.yaml") == [
        "catalog/locations.yaml", "teams/a.yaml"]


def test_an_optional_target_may_be_missing(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": location("./later.yaml", extra="  presence: optional\n")})
    assert graph_findings(tmp_path) == []


def test_a_glob_that_matches_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": location("./services/*/catalog.yaml")})
    assert messages(tmp_path) == ["target './services/*/catalog.yaml' matches no file"]


def test_a_glob_with_a_bad_range_is_a_finding_at_the_target(tmp_path: Path) -> None:
    # an internal error (re.error: bad character range) before
    write(tmp_path, {"catalog-info.yaml": location("./a.yaml", "'./[z-a].yaml'"),
                     "a.yaml": group("a")})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.exit_code == 1, outcome.stdout
    found = [(f["rule"], f["line"], f["message"]) for f in outcome.json()["findings"]]
    assert found == [("location-target", line_of(tmp_path / "catalog-info.yaml", "[z-a]"),
                      "target './[z-a].yaml' is not a usable glob: the character range "
                      "'z-a' is reversed (write 'a-z')")]


def test_a_backtracking_glob_target_finishes(tmp_path: Path) -> None:
    # hung before: the target was translated into a backtracking regular expression
    import time

    write(tmp_path, {
        "catalog-info.yaml": location("'" + "*a" * 12 + "b.yaml'",
                                      "'" + "**/" * 12 + "x.yaml'"),
        "a" * 40 + ".yaml": group("a"),
        "/".join("a" * 30) + "/x.yaml": group("x"),
    })
    started = time.perf_counter()
    assert files_read(tmp_path, "catalog-info.yaml") == [
        "/".join("a" * 30) + "/x.yaml", "catalog-info.yaml"]
    assert time.perf_counter() - started < 5


def test_a_folder_is_not_a_target(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": location("./teams"), "teams/a.yaml": group("a")})
    assert messages(tmp_path) == [
        "target './teams' is a folder; a Location target names a file"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symbolic_link_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"secret.yaml": group("secret")})
    repo = tmp_path / "repo"
    write(repo, {"catalog-info.yaml": location("./link.yaml")})
    (repo / "link.yaml").symlink_to(outside / "secret.yaml")
    assert messages(repo) == [
        "target './link.yaml' is a symbolic link leading outside the repository; not read"]
    assert files_read(repo) == ["catalog-info.yaml"]


def test_url_targets_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": location(
        "https://github.com/acme/shop/blob/main/catalog-info.yaml")})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.json()["findings"] == []
    assert outcome.json()["graph"]["url_targets_not_followed"] == 1


def test_a_run_over_named_files_resolves_against_the_whole_folder(tmp_path: Path) -> None:
    # The pre-commit hook passes only the changed files: the owner lives in another file,
    # which is read to resolve the reference (and not reported on).
    write(tmp_path, {
        "org/catalog-info.yaml": group("team-a", extra="  parent: nowhere\n"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"),
    })
    assert graph_findings(tmp_path, "svc/catalog-info.yaml") == [
        ("unresolved-reference", "warning", "svc/catalog-info.yaml", 9)]
    outcome = run_cli(["validate", "--format", "json", "svc/catalog-info.yaml"], tmp_path)
    assert outcome.json()["graph"]["unresolved_reported"] is True
    assert outcome.json()["graph"]["context_entities"] == 1
    assert [f["file"] for f in outcome.json()["findings"]] == ["svc/catalog-info.yaml"]
    assert [r["path"] for r in outcome.json()["files"]] == ["svc/catalog-info.yaml"]


def test_without_context_a_run_over_named_files_does_not_judge_references(
        tmp_path: Path) -> None:
    write(tmp_path, {
        "org/catalog-info.yaml": group("team-a"),
        "svc/catalog-info.yaml": component("cart", "  owner: team-a\n  system: shop\n"),
    })
    assert graph_findings(tmp_path, "--no-context", "svc/catalog-info.yaml") == []
    assert graph_findings(tmp_path, "--no-context", "svc") != []  # a folder: judged as usual
    # An explicit --complete says the named files are all there is.
    assert [f[0] for f in graph_findings(
        tmp_path, "--no-context", "svc/catalog-info.yaml", "--complete")] == [
        "unresolved-reference", "unresolved-reference"]
    outcome = run_cli(["validate", "--no-context", "--format", "json",
                       "svc/catalog-info.yaml"], tmp_path)
    assert outcome.json()["graph"]["unresolved_reported"] is False


def test_odd_shapes_never_crash_the_graph(tmp_path: Path) -> None:
    odd = [
        "kind: Component\nmetadata: {name: a}\nspec: not-a-mapping\n",
        "kind: Component\nmetadata: {name: b}\nspec: {owner: {kind: Group, name: x}}\n",
        f"{HEADER}kind: Component\nmetadata: {{name: c}}\nspec: {{owner: [x, y], system: 3}}\n",
        f"{HEADER}kind: User\nmetadata: {{name: u}}\nspec: {{memberOf: team-a}}\n",
        f"{HEADER}kind: Group\nmetadata: {{name: g}}\nspec: {{children: [[x]], members: null}}\n",
        f"{HEADER}kind: Location\nmetadata: {{name: l}}\nspec: {{targets: ./x.yaml, target: 5}}\n",
        f"{HEADER}kind: Location\nmetadata: {{name: m}}\nspec: [1]\n",
        f"{HEADER}kind: Domain\nmetadata: {{name: d, namespace: ''}}\nspec: {{owner: ''}}\n",
    ]
    write(tmp_path, {
        "catalog-info.yaml": "---\n".join(odd),
        "port.yml": "- identifier: p1\n  blueprint: component\n  relations: [1, 2]\n"
                    "- identifier: p2\n  blueprint: component\n"
                    "  relations: {system: [[a]], owner: {combinator: and}, dependsOn: [1, null]}\n"
                    "- identifier: p3\n  blueprint: nope\n  relations: {x: y}\n",
        "ok/catalog-info.yaml": group("team-a", extra="  members: [u]\n"),
    })
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.exit_code == 1, outcome.stderr
    report = outcome.json()
    assert report["graph"]["entities"] == 12
    # Wrong shapes are the schema's and port-entity's to report, once: no graph finding
    # repeats them (owner: [x, y] is not also two unresolved references).
    graph_rules = {f["rule"] for f in report["findings"]} & GRAPH_RULES
    assert graph_rules == set(), report["findings"]
    assert {f["rule"] for f in report["findings"]} >= {"blueprint-schema", "port-entity"}


def test_the_graph_after_reading_on_several_processes(tmp_path: Path) -> None:
    files = {f"svc{i}/catalog-info.yaml": component(f"svc{i}", "  owner: team-a\n")
             for i in range(20)}
    files["org/catalog-info.yaml"] = group("team-a")
    files["svc7/catalog-info.yaml"] = component("svc7", "  owner: team-a\n  system: gone\n")
    files["svc8/port.yml"] = ("- identifier: shop\n  blueprint: system\n"
                              "- identifier: x\n  blueprint: system\n  relations: {domain: d}\n")
    write(tmp_path, files)
    expected = [
        ("unresolved-reference", "warning", "svc7/catalog-info.yaml",
         line_of(tmp_path / "svc7/catalog-info.yaml", "system: gone")),
        ("unresolved-reference", "warning", "svc8/port.yml",
         line_of(tmp_path / "svc8/port.yml", "domain: d")),
    ]
    assert graph_findings(tmp_path, "--jobs", "2") == expected
    assert graph_findings(tmp_path, "--jobs", "1") == expected
