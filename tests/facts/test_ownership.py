"""Ownership agreement between catalog entities and CODEOWNERS."""

from __future__ import annotations

import json

from tests.cli_helpers import run_cli
from tests.facts.helpers import component, facts_for, group, notes, user
from tests.gitrepo import GitRepo

CART = "services/cart/catalog-info.yaml"


def setup(repo: GitRepo, codeowners: str, owner: str = "group:default/cart",
          org: str | None = None) -> None:
    files: dict[str, str | bytes | None] = {
        ".github/CODEOWNERS": codeowners,
        CART: component("cart", owner),
        "services/cart/src/main.py": "print()\n",
    }
    if org is not None:
        files["org.catalog.yaml"] = org
    repo.commit("init", files)


def test_agreement_through_the_team_slug_annotation(git_repo: GitRepo) -> None:
    setup(git_repo, "/services/cart/ @acme/checkout\n", org=group("cart", slug="acme/checkout"))
    result = facts_for(git_repo.path)
    cart = result.entities["component:default/cart"]
    assert cart.get("entity.codeowners.owners") == ["@acme/checkout"]
    assert cart.get("entity.codeowners.covered") is True
    assert cart.get("entity.ownership.agrees") is True
    assert notes(result, "codeowners-owner-mismatch") == []
    assert result.facts.get("repo.codeowners.unknown_owners") == []


def test_agreement_through_the_group_name(git_repo: GitRepo) -> None:
    setup(git_repo, "* @acme/platform\n/services/cart/ @acme/cart\n", owner="cart")
    cart = facts_for(git_repo.path).entities["component:default/cart"]
    assert cart.get("entity.ownership.agrees") is True
    assert cart.get("entity.ownership.matched") == ["@acme/cart"]


def test_agreement_through_the_config_mapping(git_repo: GitRepo) -> None:
    setup(git_repo, "/services/cart/ @acme/pay-team payments@example.com\n", owner="payments")
    mapping = {"owners": {"group:default/payments": ["payments@example.com"]}}
    cart = facts_for(git_repo.path, mapping).entities["component:default/cart"]
    assert cart.get("entity.ownership.agrees") is True
    assert cart.get("entity.ownership.matched") == ["payments@example.com"]


def test_the_folder_of_a_component_counts(git_repo: GitRepo) -> None:
    setup(git_repo, f"/{CART} @acme/platform\n/services/cart/src/ @acme/cart\n")
    cart = facts_for(git_repo.path).entities["component:default/cart"]
    assert cart.get("entity.codeowners.owners") == ["@acme/platform"]
    assert cart.get("entity.codeowners.folder_owners") == ["@acme/platform", "@acme/cart"]
    assert cart.get("entity.ownership.agrees") is True


def test_mismatch_is_reported_at_spec_owner(git_repo: GitRepo) -> None:
    setup(git_repo, "/services/ @acme/platform\n")
    result = facts_for(git_repo.path)
    assert result.entities["component:default/cart"].get("entity.ownership.agrees") is False
    ((rule, file, _, message),) = notes(result, "codeowners-owner-mismatch")
    assert (rule, file) == ("codeowners-owner-mismatch", CART)
    assert message.startswith("owner 'group:default/cart' is not among the CODEOWNERS owners "
                              "of this folder (@acme/platform); looked for @<org>/cart")
    outcome = run_cli(["validate", "--format", "json"], git_repo.path)
    (finding,) = [f for f in outcome.json()["findings"]
                  if f["rule"] == "codeowners-owner-mismatch"]
    assert (finding["file"], finding["line"], finding["column"], finding["path"]) == (
        CART, 8, 10, "spec.owner")
    assert finding["entity"] == "component:default/cart"


def test_entity_file_not_covered(git_repo: GitRepo) -> None:
    setup(git_repo, "/services/cart/src/ @acme/cart\n")
    result = facts_for(git_repo.path)
    cart = result.entities["component:default/cart"]
    assert cart.get("entity.codeowners.covered") is False
    assert cart.get("entity.codeowners.owners") == []
    assert [f for _, f, _, _ in notes(result, "codeowners-entity-not-covered")] == [CART]
    # the folder's owners still agree with the catalog
    assert cart.get("entity.ownership.agrees") is True


def test_codeowners_owner_unknown_to_the_catalog(git_repo: GitRepo) -> None:
    org = "---\n".join([group("cart"), user("alice", email="alice@example.com")])
    setup(git_repo, "* @acme/cart\n/docs/ alice@example.com\n/legacy/ @acme/ghost @bob\n",
          org=org)
    git_repo.commit("more", {"docs/a.md": "a", "legacy/b.py": "b"})
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.unknown_owners") == ["@acme/ghost", "@bob"]
    assert [(f, line) for _, f, line, _ in notes(result, "codeowners-unknown-owner")] == [
        (".github/CODEOWNERS", 3), (".github/CODEOWNERS", 3)]


def test_user_owner_through_login_annotation(git_repo: GitRepo) -> None:
    setup(git_repo, "/services/cart/ @alice-gh\n", owner="user:alice",
          org=user("alice", login="alice-gh"))
    cart = facts_for(git_repo.path).entities["component:default/cart"]
    assert cart.get("entity.ownership.agrees") is True


def test_port_entity_team(git_repo: GitRepo) -> None:
    entity = {"identifier": "cart-svc", "title": "Cart", "blueprint": "service",
              "team": ["cart"], "properties": {}, "relations": {}}
    git_repo.commit("init", {".github/CODEOWNERS": "/port/ @acme/cart\n",
                             "port/cart.json": json.dumps(entity)})
    result = facts_for(git_repo.path, include=["port/*.json"])
    cart = result.entities["port:service/cart-svc"]
    assert cart.get("entity.owner") == ["cart"]
    assert cart.get("entity.ownership.agrees") is True


def test_no_owner_is_unknown_not_a_pass(git_repo: GitRepo) -> None:
    git_repo.commit("init", {".github/CODEOWNERS": "* @acme/x\n",
                             "catalog-info.yaml": component("a", "x").replace(
                                 "  owner: x\n", "")})
    a = facts_for(git_repo.path).entities["component:default/a"]
    assert a.get("entity.ownership.agrees").reason == "the entity names no owner"
