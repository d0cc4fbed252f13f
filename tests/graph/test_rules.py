"""Each kind of graph mistake, planted in a copy of the bundled example catalog, gives
exactly its finding, at the file and line of the offending reference."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli_helpers import write
from tests.graph.conftest import (
    EXAMPLE,
    GRAPH_RULES,
    edit,
    graph_findings,
    line_of,
    messages,
    validate,
)

CART = "cart-service/catalog-info.yaml"
PRODUCTS = "products-service/catalog-info.yaml"
ORG = "platform/org.yaml"
PORT_PRODUCTS = "products-service/port.yml"


def test_the_example_catalog_resolves_cleanly(shop: Path) -> None:
    assert graph_findings(shop) == []
    _, findings = validate(shop)
    files = {f["file"] for f in findings}
    # The only findings are the per-file mistakes planted on purpose, each marked.
    for name in files:
        assert "planted mistake" in (shop / name).read_text(encoding="utf-8")


def test_the_example_graph_summary(shop: Path) -> None:
    from tests.cli_helpers import run_cli

    report = run_cli(["validate", "--format", "json"], shop).json()
    graph = report["graph"]
    assert graph["entities"] == 35
    assert graph["unresolved"] == 0
    assert graph["references"] == graph["resolved"] > 40
    assert graph["locations"] == 1 and graph["files_read"] == 2


def test_unresolved_reference_is_a_warning_in_a_partial_catalog(shop: Path) -> None:
    edit(shop / CART, "owner: team-cart\n  system: cart\n  providesApis",
         "owner: team-billing\n  system: cart\n  providesApis")
    line = line_of(shop / CART, "owner: team-billing")
    assert graph_findings(shop) == [("unresolved-reference", "warning", CART, line)]
    assert messages(shop) == [
        "spec.owner: group:team-billing is not in the catalog (if it is defined in another "
        "repository, load that catalog with --catalog)"
    ]


def test_unresolved_reference_is_an_error_when_the_catalog_is_complete(shop: Path) -> None:
    edit(shop / CART, "system: cart\n  providesApis", "system: billing\n  providesApis")
    line = line_of(shop / CART, "system: billing")
    assert graph_findings(shop, "--complete") == [("unresolved-reference", "error", CART, line)]
    write(shop, {".catalog-lint.yaml": "catalog: complete\n"})
    exit_code, _ = validate(shop)
    assert graph_findings(shop) == [("unresolved-reference", "error", CART, line)]
    assert exit_code == 1
    # The command line wins over the config.
    assert graph_findings(shop, "--partial") == [("unresolved-reference", "warning", CART, line)]


def test_unresolved_reference_suggests_an_entity_of_another_kind(shop: Path) -> None:
    edit(shop / "platform/systems.yaml", "owner: shop", "owner: alice")
    line = line_of(shop / "platform/systems.yaml", "owner: alice")
    assert graph_findings(shop) == [
        ("unresolved-reference", "warning", "platform/systems.yaml", line)]
    assert messages(shop) == [
        "spec.owner: group:alice is not in the catalog (did you mean user:alice?)"]


def test_wrong_target_kind(shop: Path) -> None:
    edit(shop / CART, "owner: team-cart\n  system: cart\n  providesApis",
         "owner: system:cart\n  system: cart\n  providesApis")
    line = line_of(shop / CART, "owner: system:cart")
    assert graph_findings(shop) == [("relation-target-kind", "error", CART, line)]
    assert messages(shop) == [
        "spec.owner must refer to a Group or a User, not a system (system:default/cart)"]


def test_wrong_kind_in_a_list(shop: Path) -> None:
    edit(shop / PRODUCTS, "consumesApis: [cart-api]",
         "consumesApis: [cart-api, component:cart-service]")
    line = line_of(shop / PRODUCTS, "consumesApis")
    assert graph_findings(shop) == [("relation-target-kind", "error", PRODUCTS, line)]
    _, findings = validate(shop)
    (finding,) = [f for f in findings if f["rule"] == "relation-target-kind"]
    assert finding["path"] == "spec.consumesApis[1]"
    assert finding["column"] == len("  consumesApis: [cart-api, ") + 1


def test_port_relation_to_an_entity_of_another_blueprint(shop: Path) -> None:
    edit(shop / PORT_PRODUCTS, "system: products", "system: cart-db")
    line = line_of(shop / PORT_PRODUCTS, "system: cart-db")
    assert graph_findings(shop) == [("relation-target-kind", "error", PORT_PRODUCTS, line)]
    assert messages(shop) == [
        "relation 'system' points at blueprint 'system', but 'cart-db' is a resource "
        "(in cart-service/port.yml)"]


def test_required_relation_missing(shop: Path, tmp_path: Path) -> None:
    # A platform team's own blueprint: every component must name its system.
    blueprints = tmp_path / "blueprints"
    blueprints.mkdir()
    raw = json.loads((EXAMPLE.parents[1] / "blueprints/port/component.json").read_text())
    raw["relations"]["system"]["required"] = True
    (blueprints / "component.json").write_text(json.dumps(raw))
    libraries = "libraries/.port/libraries.json"
    found = graph_findings(shop, "--blueprints", str(blueprints))
    assert found == [
        ("missing-required-relation", "error", libraries, line_of(shop / libraries, '"relations"')),
        ("missing-required-relation", "error", libraries,
         line_of(shop / libraries, '"relations"', 2)),
    ]
    assert set(messages(shop, "--blueprints", str(blueprints))) == {
        "relation 'system' is required by blueprint 'component' (an identifier of a system)"}


def test_several_targets_for_a_relation_that_takes_one(shop: Path) -> None:
    edit(shop / PORT_PRODUCTS, "system: products", "system: [products, cart]")
    line = line_of(shop / PORT_PRODUCTS, "system: [products, cart]")
    assert graph_findings(shop) == [("too-many-targets", "error", PORT_PRODUCTS, line)]


def test_unknown_port_relation(shop: Path) -> None:
    edit(shop / PORT_PRODUCTS, "system: products", "sytem: products")
    line = line_of(shop / PORT_PRODUCTS, "sytem: products")
    assert graph_findings(shop) == [("unknown-relation", "error", PORT_PRODUCTS, line)]
    assert "its relations: consumesApis, dependsOn, owner" in messages(shop)[0]


def test_reference_without_a_kind_where_the_field_has_no_default(shop: Path) -> None:
    edit(shop / CART, "- resource:cart-db", "- cart-db")
    line = line_of(shop / CART, "- cart-db")
    # entity-ref-syntax reports it; the graph adds no second finding for the same mistake.
    assert graph_findings(shop) == []
    _, findings = validate(shop)
    assert [(f["rule"], f["line"]) for f in findings if f["file"] == CART] == [
        ("entity-ref-syntax", line)]


def test_same_entity_defined_twice_across_files(shop: Path) -> None:
    text = (shop / PRODUCTS).read_text()
    (shop / PRODUCTS).write_text(
        text + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        "  name: Cart-Service\nspec:\n  type: service\n  lifecycle: production\n"
        "  owner: team-products\n")
    first = line_of(shop / CART, "name: cart-service")
    second = line_of(shop / PRODUCTS, "name: Cart-Service")
    assert graph_findings(shop) == [
        ("duplicate-entity", "error", CART, first),
        ("duplicate-entity", "error", PRODUCTS, second),
    ]
    assert sorted(messages(shop)) == [
        f"component:cart-service is defined 2 times; also in {CART}",
        f"component:cart-service is defined 2 times; also in {PRODUCTS}",
    ]


def test_same_port_entity_defined_twice_in_one_file(shop: Path) -> None:
    path = shop / "libraries/.port/libraries.json"
    data = json.loads(path.read_text())
    data.append(dict(data[0]))
    path.write_text(json.dumps(data, indent=2))
    found = graph_findings(shop)
    lines = [line_of(path, '"identifier": "core-kafka-library"', n) for n in (1, 2)]
    assert found == [("duplicate-entity", "error", "libraries/.port/libraries.json", n)
                     for n in lines]
    assert messages(shop) == ["port:component/core-kafka-library is defined 2 times; "
                              "also in this file"] * 2


def test_cycle_of_groups(shop: Path) -> None:
    edit(shop / ORG, "type: organization\n", "type: organization\n  parent: team-platform\n")
    line = line_of(shop / ORG, "parent: team-platform")
    assert graph_findings(shop) == [("relation-cycle", "error", ORG, line)]
    assert messages(shop) == [
        "spec.parent makes a cycle: group:shop → group:team-platform → group:shop"]


def test_cycle_of_port_components(shop: Path) -> None:
    path = shop / "libraries/.port/libraries.json"
    data = json.loads(path.read_text())
    data[0]["relations"]["dependsOn"] = ["core-payment-library"]
    data[1]["relations"]["dependsOn"] = ["core-kafka-library"]
    path.write_text(json.dumps(data, indent=2))
    line = line_of(path, '"dependsOn"')
    assert graph_findings(shop) == [("relation-cycle", "error", "libraries/.port/libraries.json",
                                     line + 1)]
    assert messages(shop) == [
        "relation 'dependsOn' makes a cycle: port:component/core-kafka-library → "
        "port:component/core-payment-library → port:component/core-kafka-library"]


def test_self_reference_is_a_cycle(shop: Path) -> None:
    edit(shop / "platform/systems.yaml", "  owner: shop\n", "  owner: shop\n  subdomainOf: order\n")
    line = line_of(shop / "platform/systems.yaml", "subdomainOf: order")
    assert graph_findings(shop) == [("relation-cycle", "error", "platform/systems.yaml", line)]


def test_member_not_listed_by_its_group(shop: Path) -> None:
    edit(shop / ORG, "members: [alice, dave]", "members: [alice]")
    line = line_of(shop / ORG, "memberOf: [team-cart]", 2)  # dave's
    assert graph_findings(shop) == [("inverse-relation-mismatch", "warning", ORG, line)]
    (message,) = messages(shop)
    assert message == ("spec.memberOf names group:team-cart, but its spec.members (in "
                       "platform/org.yaml) does not name user:dave (it says: user:alice)")


def test_child_whose_parent_is_another_group(shop: Path) -> None:
    block = "name: team-products\n  title: Products team\nspec:\n  type: team\n  parent: shop"
    edit(shop / ORG, block, block.replace("parent: shop", "parent: team-platform"))
    line = line_of(shop / ORG, "children: [team-cart, team-products, team-platform]")
    assert graph_findings(shop) == [("inverse-relation-mismatch", "warning", ORG, line)]
    _, findings = validate(shop)
    (finding,) = [f for f in findings if f["rule"] == "inverse-relation-mismatch"]
    assert finding["path"] == "spec.children[1]"


def test_location_target_missing(shop: Path) -> None:
    location = shop / "platform/catalog-info.yaml"
    edit(location, "- ./systems.yaml", "- ./systems.yaml\n    - ./teams.yaml")
    line = line_of(location, "./teams.yaml")
    assert graph_findings(shop) == [
        ("location-target", "error", "platform/catalog-info.yaml", line)]
    assert messages(shop) == ["target './teams.yaml' does not exist (platform/teams.yaml)"]


def test_location_target_outside_the_repository_is_not_read(shop: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside.yaml"
    secret.write_text("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\n")
    location = shop / "platform/catalog-info.yaml"
    edit(location, "- ./systems.yaml", "- ./systems.yaml\n    - ../../outside.yaml\n"
         f"    - {secret}\n    - file:{secret}\n    - https://example.com/catalog-info.yaml")
    report_lines = [line_of(location, "../../outside.yaml"), line_of(location, f"- {secret}"),
                    line_of(location, f"- file:{secret}")]
    assert graph_findings(shop) == [
        ("location-target", "error", "platform/catalog-info.yaml", n) for n in report_lines]
    _, findings = validate(shop)
    assert not any("outside" in f["file"] for f in findings)  # never read


def test_a_broken_file_does_not_stop_the_graph_of_the_rest(shop: Path) -> None:
    (shop / PRODUCTS).write_text("apiVersion: backstage.io/v1alpha1\nkind: [\n")
    edit(shop / CART, "system: cart\n  providesApis", "system: billing\n  providesApis")
    _, findings = validate(shop)
    rules = sorted((f["rule"], f["file"]) for f in findings
                   if f["file"] in (PRODUCTS, CART))
    assert rules == [("unresolved-reference", CART), ("yaml-syntax", PRODUCTS)]


def test_graph_findings_do_not_hide_per_file_findings(shop: Path) -> None:
    edit(shop / CART, "system: cart\n  providesApis", "system: billing\n  providesApis")
    edit(shop / CART, "description: Adds, removes", "description: Adds, removes\n  description: x")
    _, findings = validate(shop)
    assert {f["rule"] for f in findings if f["file"] == CART} >= {
        "unresolved-reference", "duplicate-key"}


def test_graph_rules_can_be_configured_like_any_other(shop: Path) -> None:
    edit(shop / CART, "system: cart\n  providesApis", "system: billing\n  providesApis")
    write(shop, {".catalog-lint.yaml": "rules:\n  unresolved-reference: off\n"})
    assert graph_findings(shop) == []
    write(shop, {".catalog-lint.yaml":
                 "per-file-ignores:\n  cart-service/*: [unresolved-reference]\n"})
    assert graph_findings(shop) == []
    write(shop, {".catalog-lint.yaml": "rules:\n  unresolved-reference: info\n"})
    assert [f[1] for f in graph_findings(shop, "--complete")] == ["info"]


def test_inline_suppression_of_a_graph_finding(shop: Path) -> None:
    edit(shop / CART, "system: cart\n  providesApis",
         "system: billing  # catalog-lint: disable=unresolved-reference\n  providesApis")
    assert graph_findings(shop) == []


def test_every_graph_rule_is_documented() -> None:
    from catalog_lint.rules import all_rules

    for loaded in all_rules():
        if loaded.rule.id in GRAPH_RULES:
            assert loaded.rule.scope == "catalog"
            assert re.search(r"^PASS\b.*::$", loaded.doc, re.M), loaded.rule.id
            assert re.search(r"^FAIL\b.*::$", loaded.doc, re.M), loaded.rule.id


def test_example_catalog_is_not_modified_by_the_tests() -> None:
    # The fixture copies the example; the original keeps exactly its two planted mistakes.
    marked = [p for p in EXAMPLE.rglob("*") if p.is_file()
              and "planted mistake" in p.read_text(encoding="utf-8")]
    assert len(marked) == 2


def test_graph_fingerprints_survive_lines_moving(shop: Path) -> None:
    # Messages name other files but never lines, so the regression gate sees the same
    # findings after unrelated edits.
    edit(shop / ORG, "members: [alice, dave]", "members: [alice]")
    text = (shop / PRODUCTS).read_text()
    (shop / PRODUCTS).write_text(text + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
                                 "metadata:\n  name: cart-service\nspec:\n  type: service\n"
                                 "  lifecycle: production\n  owner: team-products\n")

    def prints() -> set[tuple[str, str]]:
        _, findings = validate(shop)
        return {(f["rule"], f["fingerprint"]) for f in findings if f["rule"] in GRAPH_RULES}

    before = prints()
    assert {rule for rule, _ in before} == {"duplicate-entity", "inverse-relation-mismatch"}
    for name in (ORG, CART, PRODUCTS):
        path = shop / name
        path.write_text("# moved down\n# by two lines\n" + path.read_text())
    assert prints() == before
