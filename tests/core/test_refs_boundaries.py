"""Entity references, parsed as Backstage's ``parseEntityRef`` parses them.

``tests/data/backstage_checks/verdicts.json`` records what ``@backstage/catalog-model``
returns (or throws) for strings with every arrangement of ``:`` and ``/`` and empty
parts, and for references written as mappings, each with and without a default kind
and namespace. ``catalog_lint.refs`` must give the same kind, namespace and name, and
fail where Backstage fails. Then the two places a reference is read from a real
catalog: the graph (a mapping in a field of a custom kind) and ownership (an explicit
namespace must never be replaced by the referring entity's or ``default``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.refs import DEFAULT_NAMESPACE, EntityRef, RefError, parse_ref, split_ref
from tests.cli_helpers import run_cli, write
from tests.facts.helpers import component, facts_for, group
from tests.gitrepo import GitRepo

VERDICTS = Path(__file__).resolve().parent.parent / "data" / "backstage_checks" / "verdicts.json"
RECORDED: list[dict[str, Any]] = json.loads(VERDICTS.read_text(encoding="utf-8"))["refs"]


def _case_id(case: dict[str, Any]) -> str:
    return f"{json.dumps(case['ref'])} kind={case['defaultKind']} ns={case['defaultNamespace']}"


@pytest.mark.parametrize("case", RECORDED, ids=_case_id)
def test_parse_ref_agrees_with_backstage(case: dict[str, Any]) -> None:
    expected = case["result"]
    if "error" in expected:
        with pytest.raises(RefError):
            parse_ref(case["ref"], case["defaultKind"], case["defaultNamespace"])
    else:
        ref = parse_ref(case["ref"], case["defaultKind"], case["defaultNamespace"])
        assert (ref.kind, ref.namespace, ref.name) == (
            expected["kind"], expected["namespace"], expected["name"])


def test_the_recorded_cases_cover_each_outcome() -> None:
    """Strings and mappings; an explicit namespace kept against a default one; errors."""
    outcomes = {(isinstance(c["ref"], str), "error" in c["result"]) for c in RECORDED}
    assert outcomes == {(True, True), (True, False), (False, True), (False, False)}
    explicit = [c for c in RECORDED if c["ref"] == "group:payments/team-a"
                and c["defaultNamespace"] == "payments"]
    assert explicit and explicit[0]["result"]["namespace"] == "payments"
    kept = [c for c in RECORDED if c["ref"] == "payments/team-a" and c["defaultKind"] == "group"
            and c["defaultNamespace"] is None]
    assert kept[0]["result"] == {"kind": "group", "namespace": "payments", "name": "team-a"}


@pytest.mark.parametrize(("text", "parts"), [
    ("a", (None, None, "a")),
    ("group:team-a", ("group", None, "team-a")),
    ("group:payments/team-a", ("group", "payments", "team-a")),
    ("payments/team-a", (None, "payments", "team-a")),
    ("a/b:c", (None, "a", "b:c")),  # a '/' before the first ':' means there is no kind
    ("c:a:b", ("c", None, "a:b")),
    ("c:ns/a/b", ("c", "ns", "a/b")),
    ("a//b", (None, "a", "/b")),
    ("Group:Payments/Team-A", ("Group", "Payments", "Team-A")),
])
def test_split_ref_keeps_each_explicit_part(text: str, parts: tuple[str | None, ...]) -> None:
    assert split_ref(text) == parts


@pytest.mark.parametrize("text", ["", ":", "/", ":a", "c:", "/a", "ns/", "c:/a", "c:ns/",
                                  ":ns/a"])
def test_split_ref_refuses_an_empty_part(text: str) -> None:
    with pytest.raises(RefError) as error:
        split_ref(text)
    assert str(error.value) == (
        f'entity reference "{text}" is not of the form [<kind>:][<namespace>/]<name>')


@pytest.mark.parametrize(("ref", "default_kind", "message"), [
    ("", "group", "entity reference must not be empty"),
    (None, "group", "entity reference must not be empty"),
    ({}, "group", "entity reference must not be empty"),
    (5, "group", "entity reference must be a string, got int"),
    (["group:a"], "group", "entity reference must be a string, got list"),
    ("team-a", None, "entity reference 'team-a' has no kind and this field has no default "
                     'kind (write it as "component:name", "resource:name", ...)'),
    ({"name": "a"}, "", "entity reference {'name': 'a'} has no kind and this field has no "
                        'default kind (write it as "component:name", "resource:name", ...)'),
    ({"kind": "group", "namespace": "", "name": "a"}, None,
     "entity reference {'kind': 'group', 'namespace': '', 'name': 'a'} has an empty namespace"),
    ({"kind": "group", "name": ""}, None,
     "entity reference {'kind': 'group', 'name': ''} has an empty name"),
    ({"kind": "group"}, None, "entity reference {'kind': 'group'} has an empty name"),
    ({"kind": "group", "name": 5}, None,
     "entity reference {'kind': 'group', 'name': 5} has an empty name"),
    (":a", "group", 'entity reference ":a" is not of the form [<kind>:][<namespace>/]<name>'),
])
def test_parse_ref_says_what_is_wrong(ref: object, default_kind: str | None,
                                      message: str) -> None:
    with pytest.raises(RefError) as error:
        parse_ref(ref, default_kind)
    assert str(error.value) == message


def test_defaults_fill_only_what_is_missing() -> None:
    assert parse_ref("team-a", "group") == EntityRef("group", DEFAULT_NAMESPACE, "team-a")
    assert parse_ref("team-a", "group", "") == EntityRef("group", "default", "team-a")
    assert parse_ref("team-a", "group", "payments") == EntityRef("group", "payments", "team-a")
    assert parse_ref("group:payments/team-a", "user", "billing") == EntityRef(
        "group", "payments", "team-a")
    assert parse_ref("user:jane", "group", "billing") == EntityRef("user", "billing", "jane")
    assert parse_ref({"namespace": "payments", "name": "team-a"}, "group", "billing") == EntityRef(
        "group", "payments", "team-a")
    assert parse_ref({"kind": "User", "name": "jane"}, "group", "billing") == EntityRef(
        "User", "billing", "jane")


def test_entity_refs_compare_and_print_case_insensitively() -> None:
    ref = EntityRef("Group", "Payments", "Team-A")
    assert ref.key == ("group", "payments", "team-a")
    assert str(ref) == "group:payments/team-a"
    assert ref.key == EntityRef("group", "payments", "team-a").key
    assert ref != EntityRef("group", "payments", "team-a")  # the written form is kept
    assert (ref.kind, ref.namespace, ref.name) == ("Group", "Payments", "Team-A")


# -- references in a real catalog -------------------------------------------------------

HEADER = "apiVersion: backstage.io/v1alpha1\n"

#: A custom kind whose schema leaves ``spec.owner`` untyped: a mapping is a reference.
DATABASE_BLUEPRINT = {
    "identifier": "Database", "dialect": "backstage", "kind": "Database",
    "apiVersions": ["example.com/v1"], "title": "Database",
    "schema": {"type": "object", "properties": {}},
    "relations": {"owner": {"field": "spec.owner", "target": ["Group", "User"],
                            "defaultKind": "Group", "required": True}},
}


def _team(name: str, namespace: str) -> str:
    return (f"{HEADER}kind: Group\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
            "spec:\n  type: team\n  children: []\n")


def _database(owner: str) -> str:
    return f"apiVersion: example.com/v1\nkind: Database\nmetadata:\n  name: orders\nspec:\n{owner}"


def _unresolved(root: Path) -> list[str]:
    outcome = run_cli(["validate", "--format", "json", "--blueprints", "blueprints"], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [f["message"] for f in outcome.json()["findings"] if f["rule"] == "unresolved-reference"]


@pytest.mark.parametrize(("owner", "resolves"), [
    ("  owner:\n    kind: group\n    namespace: payments\n    name: team-a\n", True),
    ("  owner:\n    namespace: payments\n    name: team-a\n", True),  # the default kind
    ("  owner:\n    kind: Group\n    namespace: PAYMENTS\n    name: Team-A\n", True),
    ("  owner:\n    kind: group\n    name: team-a\n", False),  # default namespace: no such team
    ("  owner:\n    kind: group\n    namespace: billing\n    name: team-a\n", False),
    ("  owner: group:payments/team-a\n", True),
    ("  owner: payments/team-a\n", True),
    ("  owner: team-a\n", False),
])
def test_a_reference_written_as_a_mapping_resolves_like_a_string(tmp_path: Path, owner: str,
                                                                  resolves: bool) -> None:
    write(tmp_path, {
        "blueprints/database.json": json.dumps(DATABASE_BLUEPRINT),
        "teams/catalog-info.yaml": _team("team-a", "payments"),
        "db/catalog-info.yaml": _database(owner),
    })
    unresolved = _unresolved(tmp_path)
    assert (unresolved == []) is resolves, unresolved
    if not resolves:
        assert len(unresolved) == 1 and "team-a" in unresolved[0]


def test_an_explicit_owner_namespace_is_kept_for_ownership(git_repo: GitRepo) -> None:
    """``group:payments/cart`` is the payments team, not a team of the same name in the
    component's own namespace: CODEOWNERS agrees with the payments team's slug only."""
    payments = group("cart", slug="acme/pay-cart").replace(
        "metadata:\n", "metadata:\n  namespace: payments\n")
    git_repo.commit("init", {
        ".github/CODEOWNERS": "/services/cart/ @acme/pay-cart\n",
        "services/cart/catalog-info.yaml": component("cart", "group:payments/cart"),
        "teams/payments.catalog.yaml": payments,
        "teams/default.catalog.yaml": group("cart", slug="acme/default-cart"),
    })
    cart = facts_for(git_repo.path).entities["component:default/cart"]
    assert cart.get("entity.ownership.agrees") is True
    assert cart.get("entity.ownership.matched") == ["@acme/pay-cart"]
