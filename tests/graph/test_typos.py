"""References that are slips: a near miss of a known entity (``reference-typo``), a name
no entity can have, such as a list item YAML folded into the one above
(``unresolvable-reference``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli, write

HEADER = "apiVersion: backstage.io/v1alpha1\n"
SHOP = (f"{HEADER}kind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n"
        f"---\n{HEADER}kind: System\nmetadata:\n  name: checkout\nspec:\n  owner: team-a\n")


def component(spec: str, name: str = "cart") -> str:
    return (f"{HEADER}kind: Component\nmetadata:\n  name: {name}\n"
            f"spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n{spec}")


def run(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.exit_code, outcome.json()["findings"]


def found(root: Path, *args: str) -> list[tuple[str, str, str, int, int]]:
    return [(f["rule"], f["severity"], f["file"], f["line"], f["column"])
            for f in run(root, *args)[1]]


def messages(root: Path, *args: str) -> list[str]:
    return [f["message"] for f in run(root, *args)[1]]


# -- reference-typo ---------------------------------------------------------------------

def test_a_near_miss_is_an_error_naming_the_entity_meant(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP,
                     "svc/catalog-info.yaml": component("  system: chekout\n")})
    exit_code, findings = run(tmp_path, "svc/catalog-info.yaml")
    assert exit_code == 1  # in a partial catalog too
    assert [(f["rule"], f["severity"], f["file"], f["line"], f["column"]) for f in findings] == [
        ("reference-typo", "error", "svc/catalog-info.yaml", 9, 11)]
    assert findings[0]["message"] == ('spec.system: system "chekout" is not in the catalog; '
                                      'did you mean "checkout" (catalog-info.yaml:9)?')
    assert found(tmp_path) == found(tmp_path, "svc/catalog-info.yaml")  # the same for CI


def test_several_near_misses_are_listed_closest_first(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": SHOP + f"---\n{HEADER}kind: System\nmetadata:\n  name: chekouts\n"
                             "spec:\n  owner: team-a\n",
        "svc/catalog-info.yaml": component("  system: chekout\n")})
    assert messages(tmp_path) == [
        'spec.system: system "chekout" is not in the catalog; did you mean "checkout" '
        '(catalog-info.yaml:9) or "chekouts" (catalog-info.yaml:16)?']


def test_the_name_as_written_and_the_other_namespace(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": f"{HEADER}kind: Group\nmetadata:\n  name: Team-Cart\n"
                             "  namespace: payments\nspec:\n  type: team\n  children: []\n",
        "svc/catalog-info.yaml": component("  system: x\n").replace(
            "owner: team-a", "owner: group:payments/Team-Kart")})
    assert [m for m in messages(tmp_path) if "Kart" in m] == [
        'spec.owner: group "payments/Team-Kart" is not in the catalog; did you mean '
        '"Team-Cart" (catalog-info.yaml:1)?']


@pytest.mark.parametrize(("written", "defined"), [
    ("team-b", "team-a"),  # siblings on one pattern
    ("db-0002", "db-0001"),  # numbers name different things
    ("db", "dc"),  # too short to tell
    ("shipping", "checkout"),  # far apart
])
def test_names_that_are_not_near_misses_stay_unresolved(tmp_path: Path, written: str,
                                                        defined: str) -> None:
    write(tmp_path, {
        "catalog-info.yaml": f"{HEADER}kind: Group\nmetadata:\n  name: {defined}\n"
                             "spec:\n  type: team\n  children: []\n",
        "svc/catalog-info.yaml": component("").replace("owner: team-a", f"owner: {written}")})
    assert [(f[0], f[1]) for f in found(tmp_path)] == [("unresolved-reference", "warning")]
    assert [(f[0], f[1]) for f in found(tmp_path, "--complete")] == [
        ("unresolved-reference", "error")]


def test_only_the_same_kind_and_namespace_are_candidates(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": f"{HEADER}kind: System\nmetadata:\n  name: checkout\n"
                             "  namespace: other\nspec:\n  owner: group:default/team-a\n---\n"
                             f"{HEADER}kind: Domain\nmetadata:\n  name: checkout\n"
                             "spec:\n  owner: team-a\n---\n" + SHOP.split("---\n")[0],
        "svc/catalog-info.yaml": component("  system: chekout\n")})
    assert [f[0] for f in found(tmp_path)] == ["unresolved-reference"]


def test_severity_settings_ignores_and_suppressions(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP,
                     "svc/catalog-info.yaml": component("  system: chekout\n")})
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  reference-typo: warning\n"})
    assert [(f[0], f[1]) for f in found(tmp_path)] == [("reference-typo", "warning")]
    # off: the reference is an ordinary unresolved one
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  reference-typo: off\n"})
    assert [(f[0], f[1]) for f in found(tmp_path)] == [("unresolved-reference", "warning")]
    # turning unresolved-reference off turns its refinement off too
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  unresolved-reference: off\n"})
    assert found(tmp_path) == []
    write(tmp_path, {".catalog-lint.yaml": "per-file-ignores:\n  svc/*: [unresolved-reference]\n"})
    assert found(tmp_path) == []
    write(tmp_path, {".catalog-lint.yaml": "per-file-ignores:\n  svc/*: [reference-typo]\n"})
    assert found(tmp_path) == []
    (tmp_path / ".catalog-lint.yaml").unlink()
    write(tmp_path, {"svc/catalog-info.yaml": component(
        "  system: chekout  # catalog-lint: disable=unresolved-reference\n")})
    assert found(tmp_path) == []


def test_the_fingerprint_survives_the_candidate_moving(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP,
                     "svc/catalog-info.yaml": component("  system: chekout\n")})
    _, before = run(tmp_path)
    write(tmp_path, {"catalog-info.yaml": "# the shop\n\n" + SHOP})
    _, after = run(tmp_path)
    assert before[0]["message"] != after[0]["message"]  # the line moved
    assert before[0]["fingerprint"] == after[0]["fingerprint"]


def test_a_candidate_from_an_exported_catalog(tmp_path: Path) -> None:
    org = tmp_path / "org"
    write(org, {"catalog-info.yaml": SHOP})
    assert run_cli(["export", "-o", str(tmp_path / "org.json")], org).exit_code == 0
    repo = tmp_path / "repo"
    write(repo, {"catalog-info.yaml": component("  system: chekout\n")})
    assert messages(repo, "--catalog", str(tmp_path / "org.json")) == [
        'spec.system: system "chekout" is not in the catalog; did you mean "checkout" '
        '(catalog-info.yaml:9 in catalog org)?']


def test_a_port_near_miss(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "- identifier: checkout\n  blueprint: system\n"
                                 "- identifier: cart\n  blueprint: component\n"
                                 "  properties: {type: service, lifecycle: Production}\n"
                                 "  relations:\n    system: Checkout\n"})
    assert messages(tmp_path) == [
        "relation 'system': system \"Checkout\" is not in the catalog; did you mean "
        "\"checkout\" (port.yml:1)?"]


def test_without_context_near_misses_are_not_judged(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP,
                     "svc/catalog-info.yaml": component("  system: chekout\n")})
    assert found(tmp_path, "--no-context", "svc/catalog-info.yaml") == []


# -- unresolvable-reference -------------------------------------------------------------

FOLDED = component("  dependsOn:\n    - resource:cart-db\n      - resource:cart-cache\n")


def test_a_folded_list_item_is_an_error_that_shows_the_fix(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP, "svc/catalog-info.yaml": FOLDED})
    exit_code, findings = run(tmp_path, "svc/catalog-info.yaml")
    assert exit_code == 1
    assert [(f["rule"], f["severity"], f["line"], f["column"]) for f in findings] == [
        ("unresolvable-reference", "error", 10, 7)]
    assert findings[0]["message"] == (
        'spec.dependsOn: "resource:cart-db - resource:cart-cache" is two list items folded '
        'into one: "- resource:cart-cache" (line 11) is indented deeper than the item above '
        "it, so YAML reads it as more of that item; align the dashes")


def test_a_list_item_folded_into_a_value(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SHOP, "svc/catalog-info.yaml": component(
        "  system: checkout\n    - payments\n")})
    assert messages(tmp_path) == [
        'spec.system: "checkout - payments" has a list item folded into it: "- payments" '
        "(line 10) is indented under this value, so YAML reads it as more of the value; "
        "move it out, or fix its indentation"]


@pytest.mark.parametrize(("spec", "why"), [
    ("  system: check out\n", "no entity can have that name: it contains a space"),
    ("  system: checkout\n    payments\n", "no entity can have that name: it contains a space"),
    ("  system: " + "x" * 64 + "\n",
     "no entity can have that name: it is 64 characters long, more than 63"),
    ("  system: 'system:Pay_ments/checkout'\n",
     "no namespace can be called 'pay_ments': it contains '_'; only lowercase letters, "
     "digits and '-' are allowed"),
])
def test_names_no_entity_can_have(tmp_path: Path, spec: str, why: str) -> None:
    write(tmp_path, {"svc/catalog-info.yaml": component(spec)})
    (message,) = [m for m in messages(tmp_path, "--no-context", "svc/catalog-info.yaml")]
    assert message.endswith(f"can never be resolved: {why}")


def test_a_json_file_has_no_folding_to_explain(tmp_path: Path) -> None:
    write(tmp_path, {".port/cart.json": '{"identifier": "cart", "blueprint": "component",'
                                        ' "properties": {"type": "service", "lifecycle":'
                                        ' "Production"}, "relations": {"system": "shop cart"}}'})
    assert messages(tmp_path) == [
        "relation 'system': \"shop cart\" can never be resolved: a Port identifier has only "
        "letters, digits and @ _ . + : / = - (this one has a space)"]


def test_a_reference_that_resolves_is_not_judged_by_its_name(tmp_path: Path) -> None:
    # the entity's own name is wrong (metadata-name says so), but the reference finds it
    write(tmp_path, {"catalog-info.yaml": SHOP.replace("name: checkout", "name: check out"),
                     "svc/catalog-info.yaml": component("  system: check out\n")})
    assert {f[0] for f in found(tmp_path)} == {"metadata-name"}


def test_a_misspelt_port_relation_name(tmp_path: Path) -> None:
    write(tmp_path, {"port.yml": "- identifier: shop\n  blueprint: system\n"
                                 "- identifier: cart\n  blueprint: component\n"
                                 "  properties: {type: service, lifecycle: Production}\n"
                                 "  relations: {sytem: shop}\n"})
    assert messages(tmp_path) == [
        "blueprint 'component' has no relation 'sytem' (its relations: consumesApis, "
        "dependsOn, owner, providesApis, resources, subcomponentOf, system); did you mean "
        '"system"?']
