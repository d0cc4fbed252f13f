"""Port's level semantics, three-valued logic, and the built-in scorecards' levels."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from catalog_lint.facts.model import FactSet, Unknown
from catalog_lint.scorecards.evaluate import Evaluator, Subject, card_definition, combine
from catalog_lint.scorecards.loading import builtin_scorecards, parse_scorecard
from catalog_lint.scorecards.model import Scorecard
from catalog_lint.scorecards.results import joined_rules


def card(data: dict[str, Any]) -> Scorecard:
    return parse_scorecard(data, "test.yaml", lambda _path: None)


def facts(values: dict[str, Any]) -> FactSet:
    result = FactSet()
    for name, value in values.items():
        result.set(name, value)
    return result


def prop(path: str, operator: str, value: Any = None) -> dict[str, Any]:
    condition = {"property": path, "operator": operator}
    if value is not None:
        condition["value"] = value
    return condition


def fact(name: str, operator: str, value: Any = None) -> dict[str, Any]:
    condition = {"fact": name, "operator": operator}
    if value is not None:
        condition["value"] = value
    return condition


def rule(identifier: str, level: str, *conditions: dict[str, Any],
         combinator: str = "and") -> dict[str, Any]:
    return {"identifier": identifier, "title": identifier.title(), "level": level,
            "description": f"fix {identifier}",
            "query": {"combinator": combinator, "conditions": list(conditions)}}


LADDER = card({
    "identifier": "ladder",
    "levels": ["Basic", "Bronze", "Silver", "Gold"],
    "rules": [
        rule("owner", "Bronze", prop("spec.owner", "isNotEmpty")),
        rule("lifecycle", "Bronze", prop("spec.lifecycle", "in", ["production", "experimental"])),
        rule("docs", "Silver", prop("metadata.annotations[\"backstage.io/techdocs-ref\"]",
                                    "isNotEmpty")),
        rule("tagged", "Gold", prop("metadata.tags", "contains", "tier-1")),
    ],
})


def score(scorecard: Scorecard, data: dict[str, Any], repo: FactSet | None = None,
          entity: FactSet | None = None, dialect: str = "backstage",
          kind: str = "Component") -> dict[str, Any]:
    """The result, its rules joined with their definitions (version 1's form), after
    checking that the evaluator's shared and compiled way gives what the plain one does."""
    subject = Subject(data, dialect, repo or FactSet(), entity, kind)
    result = Evaluator([scorecard], repo or FactSet()).score(scorecard, subject)
    plain = Evaluator([scorecard], repo or FactSet(), share=False).score(scorecard, subject)
    assert result == plain
    rules = {rule["identifier"]: rule for rule in card_definition(scorecard)["rules"]}
    return {**result, "rules": joined_rules(result, rules)}


def entity(**spec: Any) -> dict[str, Any]:
    return {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "cart", "tags": spec.pop("tags", []),
                         "annotations": spec.pop("annotations", {})},
            "spec": spec}


def test_the_first_level_needs_no_rules() -> None:
    result = score(LADDER, entity())
    assert result["level"] == "Basic"
    assert result["rank"] == 0
    assert result["next"] == "Bronze"
    assert result["levels"][0] == {"title": "Basic", "passed": 0, "total": 0, "reached": True}


def test_a_level_needs_every_rule_of_it_and_below() -> None:
    # Bronze passes, Silver fails, Gold's rule passes: the level is Bronze, not Gold
    result = score(LADDER, entity(owner="team-a", lifecycle="production", tags=["tier-1"]))
    assert result["level"] == "Bronze"
    assert result["next"] == "Silver"
    assert [(lv["title"], lv["passed"], lv["total"], lv["reached"]) for lv in result["levels"]] == [
        ("Basic", 0, 0, True), ("Bronze", 2, 2, True), ("Silver", 0, 1, False),
        ("Gold", 1, 1, False)]
    assert result["counts"] == {"pass": 3, "fail": 1, "unknown": 0}


def test_the_top_level() -> None:
    result = score(LADDER, entity(owner="team-a", lifecycle="experimental", tags=["tier-1"],
                                  annotations={"backstage.io/techdocs-ref": "dir:."}))
    assert result["level"] == "Gold"
    assert result["next"] is None


def test_one_failing_rule_holds_the_level_down() -> None:
    result = score(LADDER, entity(owner="team-a", lifecycle="retired", tags=["tier-1"],
                                  annotations={"backstage.io/techdocs-ref": "dir:."}))
    assert result["level"] == "Basic"


def test_rule_results_show_the_value_seen_and_the_fix_when_failing() -> None:
    result = score(LADDER, entity(owner="team-a", lifecycle="retired"))
    by_id = {r["identifier"]: r for r in result["rules"]}
    assert by_id["owner"]["status"] == "pass"
    assert "fix" not in by_id["owner"]
    assert by_id["owner"]["conditions"] == [
        {"property": "spec.owner", "operator": "isNotEmpty", "actual": "team-a",
         "status": "pass"}]
    assert by_id["lifecycle"]["status"] == "fail"
    assert by_id["lifecycle"]["fix"] == "fix lifecycle"
    assert by_id["lifecycle"]["conditions"][0]["actual"] == "retired"
    assert by_id["lifecycle"]["conditions"][0]["value"] == ["production", "experimental"]
    assert by_id["docs"]["conditions"][0]["actual"] is None  # missing


FACTUAL = card({
    "identifier": "factual",
    "levels": ["None", "Some"],
    "rules": [rule("protected", "Some",
                   fact("repo.branch_protection.pull_requests_required", "=", True))],
})


def test_an_unknown_fact_is_neither_pass_nor_fail_and_does_not_reach_the_level() -> None:
    unknown = facts({"repo.branch_protection": Unknown("no token and no settings file")})
    result = score(FACTUAL, entity(), repo=unknown)
    assert result["level"] == "None"
    only = result["rules"][0]
    assert only["status"] == "unknown"
    assert only["fix"]
    assert only["conditions"][0] == {
        "fact": "repo.branch_protection.pull_requests_required", "operator": "=",
        "value": True, "actual": None, "status": "unknown",
        "reason": "no token and no settings file"}
    assert result["counts"] == {"pass": 0, "fail": 0, "unknown": 1}
    # a fact no stage computed is unknown too
    assert score(FACTUAL, entity())["rules"][0]["status"] == "unknown"
    # known: pass
    known = facts({"repo.branch_protection.pull_requests_required": True})
    assert score(FACTUAL, entity(), repo=known)["level"] == "Some"


@pytest.mark.parametrize(("combinator", "statuses", "expected"), [
    ("and", ["pass", "pass"], "pass"),
    ("and", ["pass", "unknown"], "unknown"),
    ("and", ["fail", "unknown"], "fail"),
    ("or", ["fail", "fail"], "fail"),
    ("or", ["fail", "unknown"], "unknown"),
    ("or", ["pass", "unknown"], "pass"),
])
def test_three_valued_logic(combinator: str, statuses: list[str], expected: str) -> None:
    assert combine(combinator, statuses) == expected  # type: ignore[arg-type]


def test_nested_queries() -> None:
    scorecard = card({
        "identifier": "nested",
        "levels": ["A", "B"],
        "rules": [rule("either", "B", prop("spec.owner", "isNotEmpty"),
                       {"combinator": "and", "conditions": [
                           fact("repo.codeowners.exists", "=", True),
                           fact("entity.codeowners.covered", "=", True)]},
                       combinator="or")],
    })
    entity_facts = facts({"entity.codeowners.covered": True})
    repo = facts({"repo.codeowners.exists": True})
    result = score(scorecard, entity(), repo=repo, entity=entity_facts)
    assert result["level"] == "B"
    nested = result["rules"][0]["conditions"][1]
    assert nested["combinator"] == "and"
    assert nested["status"] == "pass"
    assert [c["status"] for c in nested["conditions"]] == ["pass", "pass"]
    # the nested part unknown, the property fails: unknown
    result = score(scorecard, entity(), repo=FactSet(), entity=entity_facts)
    assert result["rules"][0]["status"] == "unknown"


def test_applies_to_kinds_blueprints_and_filters() -> None:
    scorecard = card({
        "identifier": "services", "levels": ["A", "B"],
        "appliesTo": {"kinds": ["Component"], "blueprints": ["service"]},
        "filter": {"combinator": "and", "conditions": [prop("spec.type", "=", "service")]},
        "rules": [rule("owner", "B", prop("spec.owner", "isNotEmpty"))],
    })
    evaluator = Evaluator([scorecard], FactSet())

    def applies(data: dict[str, Any], dialect: str, kind: str) -> bool:
        return evaluator.applies(scorecard, Subject(data, dialect, FactSet(), None, kind))

    assert applies(entity(type="service"), "backstage", "Component")
    assert not applies(entity(type="library"), "backstage", "Component")  # the filter
    assert not applies(entity(type="service"), "backstage", "API")
    assert applies({"identifier": "x", "properties": {"spec": {"type": "service"}}}, "port",
                   "service")
    assert not applies({"identifier": "x"}, "port", "team")
    assert not evaluator.applies(scorecard, evaluator.repository)  # repository not asked for


def test_port_properties_and_meta_properties() -> None:
    scorecard = card({
        "identifier": "port", "blueprint": "service", "levels": ["Basic", "Bronze"],
        "rules": [rule("basics", "Bronze", prop("readme", "isNotEmpty"),
                       prop("$team", "isNotEmpty"), prop("$title", "beginsWith", "Cart"))],
    })
    port_entity = {"identifier": "cart", "title": "Cart service", "blueprint": "service",
                   "team": ["payments"], "properties": {"readme": "# Cart"}}
    assert score(scorecard, port_entity, dialect="port", kind="service")["level"] == "Bronze"
    port_entity["properties"] = {}
    assert score(scorecard, port_entity, dialect="port", kind="service")["level"] == "Basic"


def test_the_repository_is_scored_on_rules_without_entity_data() -> None:
    scorecard_data = {
        "identifier": "mixed", "levels": ["A", "B"],
        "rules": [rule("owner", "B", prop("spec.owner", "isNotEmpty")),
                  rule("readme", "B", fact("entity.files.readme", "exists")),
                  rule("ci", "B", fact("repo.ci.workflows", "isNotEmpty"))],
    }
    scorecard = card(scorecard_data)
    repo = facts({"repo.ci.workflows": [".gitlab-ci.yml"]})
    root = facts({"entity.files.readme": "README.md"})
    evaluator = Evaluator([scorecard], repo, root)
    assert not evaluator.applies(scorecard, evaluator.repository)  # not asked for
    result = evaluator.score(scorecard, evaluator.repository)
    assert [r["identifier"] for r in result["rules"]] == ["readme", "ci"]
    assert result["level"] == "B"
    asked = card({**scorecard_data, "appliesTo": {"repository": True}})
    assert Evaluator([asked], repo, root).applies(asked, evaluator.repository)
    # a scorecard of entity properties only never scores the repository
    only_properties = card({"identifier": "p", "levels": ["A", "B"],
                            "appliesTo": {"repository": True},
                            "rules": [rule("owner", "B", prop("spec.owner", "isNotEmpty"))]})
    assert not Evaluator([only_properties], repo, root).applies(only_properties,
                                                                evaluator.repository)


# -- the built-in operational maturity model -----------------------------------------------

OPERATIONAL = {c.identifier: c for c in builtin_scorecards()}["operational-maturity"]

ENTITY_FACTS = {
    "entity.files.readme": "README.md",
    "entity.codeowners.covered": True,
    "entity.docs.exists": True,
    "entity.tests.exists": True,
}
REPO_FACTS = {
    "repo.ci.workflows": [".github/workflows/ci.yml"],
    "repo.branch_protection.pull_requests_required": True,
    "dora.tier": "High",
    "repo.slos.files": [],
    "repo.ci.deploys": True,
    "repo.branch_protection.required_reviews": 2,
    "repo.branch_protection.code_owner_reviews": True,
    "repo.branch_protection.required_status_checks": ["ci"],
    "repo.dependency_updates.tool": "renovate",
}
OPTIMIZED_ENTITY = {
    "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
    "metadata": {
        "name": "cart", "description": "The cart.",
        "annotations": {"pagerduty.com/service-id": "P123", "grafana/dashboard-selector": "cart"},
        "links": [{"url": "https://wiki/cart", "title": "Runbook"},
                  {"url": "https://slo/cart", "type": "slo"}],
    },
    "spec": {"type": "service", "owner": "team-a", "lifecycle": "production"},
}


def maturity(data: dict[str, Any], repo: dict[str, Any], entity_facts: dict[str, Any]) -> str:
    return str(score(OPERATIONAL, data, facts(repo), facts(entity_facts))["level"])


def without(mapping: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(mapping)
    target = changed
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return changed


def test_built_in_levels_reachable() -> None:
    assert maturity(OPTIMIZED_ENTITY, REPO_FACTS, ENTITY_FACTS) == "Optimized"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d, r, e: (without(d, "spec", "owner"), r, e), "Initial"),
    (lambda d, r, e: (without(d, "metadata", "description"), r, e), "Initial"),
    (lambda d, r, e: (d, r, {**e, "entity.codeowners.covered": False}), "Initial"),
    (lambda d, r, e: (d, r, {**e, "entity.codeowners.covered": Unknown("x")}), "Initial"),
    (lambda d, r, e: (d, r, {**e, "entity.files.readme": None}), "Initial"),
    (lambda d, r, e: (without(d, "metadata", "links"), r, e), "Managed"),
    (lambda d, r, e: (d, {**r, "repo.branch_protection.pull_requests_required": False}, e),
     "Managed"),
    (lambda d, r, e: (d, r, {**e, "entity.tests.exists": False}), "Managed"),
    (lambda d, r, e: (d, {**r, "repo.ci.workflows": []}, e), "Managed"),
    (lambda d, r, e: (d, r, {**e, "entity.docs.exists": False}), "Managed"),
    (lambda d, r, e: (without(d, "metadata", "annotations", "pagerduty.com/service-id"), r, e),
     "Defined"),
    (lambda d, r, e: (without(d, "metadata", "annotations", "grafana/dashboard-selector"), r, e),
     "Defined"),
    (lambda d, r, e: (d, {**r, "dora.tier": "Low"}, e), "Defined"),
    (lambda d, r, e: (d, {**r, "dora.tier": Unknown("too few deployments")}, e), "Defined"),
    (lambda d, r, e: (d, {**r, "dora.tier": "Medium"}, e), "Quantitatively managed"),
    (lambda d, r, e: (d, {**r, "repo.dependency_updates.tool": "none"}, e),
     "Quantitatively managed"),
    (lambda d, r, e: (d, {**r, "repo.branch_protection.code_owner_reviews": False}, e),
     "Quantitatively managed"),
    (lambda d, r, e: (d, {**r, "repo.branch_protection.required_status_checks": []}, e),
     "Quantitatively managed"),
    (lambda d, r, e: (d, {**r, "repo.ci.deploys": False}, e), "Quantitatively managed"),
])
def test_built_in_levels_unreachable(change: Any, expected: str) -> None:
    data, repo, entity_facts = change(OPTIMIZED_ENTITY, REPO_FACTS, ENTITY_FACTS)
    assert maturity(data, repo, entity_facts) == expected


def test_slos_from_files_instead_of_a_link() -> None:
    data = copy.deepcopy(OPTIMIZED_ENTITY)
    data["metadata"]["links"] = [{"url": "https://wiki/cart", "title": "Runbook"}]
    assert maturity(data, REPO_FACTS, ENTITY_FACTS) == "Defined"
    repo = {**REPO_FACTS, "repo.slos.files": ["slo/cart.yaml"]}
    assert maturity(data, repo, ENTITY_FACTS) == "Optimized"


DORA = {c.identifier: c for c in builtin_scorecards()}["dora"]


@pytest.mark.parametrize(("tiers", "failures", "expected"), [
    (("Elite", "Elite", "Elite", "Elite"), 1, "Elite"),
    (("Elite", "Elite", "Elite", None), 0, "Elite"),  # nothing failed: nothing to restore
    (("Elite", "High", "Elite", "Elite"), 1, "High"),
    (("Medium", "Elite", "Elite", "Elite"), 1, "Medium"),
    (("Low", "Elite", "Elite", "Elite"), 1, "Low"),
    ((None, None, None, None), 0, "Unmeasured"),
    (("Elite", "Elite", "Elite", None), 2, "Low"),  # failures not yet restored: unknown
])
def test_dora_levels(tiers: tuple[str | None, ...], failures: int, expected: str) -> None:
    names = ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore")
    values: dict[str, Any] = {"dora.change_failure_rate.failures": failures}
    for name, tier in zip(names, tiers, strict=True):
        values[f"dora.{name}.tier"] = tier if tier else Unknown("too few deployments")
    evaluator = Evaluator([DORA], facts(values))
    assert evaluator.score(DORA, evaluator.repository)["level"] == expected


# -- Port entities of the built-in service-like blueprints ------------------------------

OPTIMIZED_PORT_ENTITY = {
    "identifier": "cart", "blueprint": "component", "team": ["team-cart"],
    "properties": {"type": "service", "lifecycle": "Production", "description": "The cart.",
                   "runbook": "https://wiki/cart/runbook", "dashboard": "https://grafana/cart",
                   "onCall": "cart-rotation"},
    "relations": {"owner": "team-cart"},
}


def port_maturity(data: dict[str, Any], repo: dict[str, Any] = REPO_FACTS) -> dict[str, Any]:
    return score(OPERATIONAL, data, facts({**repo, "repo.slos.files": ["slo/cart.yaml"]}),
                 facts(ENTITY_FACTS), dialect="port", kind="component")


def test_the_built_in_model_scores_port_component_and_api_entities() -> None:
    assert OPERATIONAL.applies_to.entity("port", "component")
    assert OPERATIONAL.applies_to.entity("port", "api")
    assert not OPERATIONAL.applies_to.entity("port", "group")
    result = port_maturity(OPTIMIZED_PORT_ENTITY)
    assert result["level"] == "Optimized"
    # only the Port conditions are shown for a Port entity
    owner = next(r for r in result["rules"] if r["identifier"] == "owner")
    assert [c["property"] for c in owner["conditions"]] == ["relations.owner", "$team"]


@pytest.mark.parametrize(("path", "expected"), [
    (("properties", "description"), "Initial"),
    (("properties", "lifecycle"), "Initial"),
    (("properties", "runbook"), "Managed"),
    (("properties", "dashboard"), "Defined"),
    (("properties", "onCall"), "Defined"),
])
def test_each_port_property_counts(path: tuple[str, str], expected: str) -> None:
    assert port_maturity(without(OPTIMIZED_PORT_ENTITY, *path))["level"] == expected


def test_a_port_owner_is_the_relation_or_the_team() -> None:
    no_relation = without(OPTIMIZED_PORT_ENTITY, "relations", "owner")
    assert port_maturity(no_relation)["level"] == "Optimized"  # the team is enough
    assert port_maturity(without(no_relation, "team"))["level"] == "Initial"


def test_backstage_entities_see_only_the_backstage_conditions() -> None:
    result = score(OPERATIONAL, OPTIMIZED_ENTITY, facts(REPO_FACTS), facts(ENTITY_FACTS))
    owner = next(r for r in result["rules"] if r["identifier"] == "owner")
    assert [c["property"] for c in owner["conditions"]] == ["spec.owner"]


def test_a_rule_only_for_the_other_dialect_does_not_score_an_entity() -> None:
    card = parse_scorecard({
        "identifier": "x", "levels": ["A", "B"],
        "rules": [{"identifier": "port-only", "level": "B", "description": "d",
                   "query": {"combinator": "and", "conditions": [
                       {"property": "tier", "operator": "isNotEmpty", "dialect": "port"}]}}]},
        "x.yaml", lambda _p: None)
    backstage = score(card, entity(type="service"))
    assert backstage["rules"] == [] and backstage["level"] == "B"
    port = score(card, {"identifier": "a", "properties": {}}, dialect="port", kind="service")
    assert [r["status"] for r in port["rules"]] == ["fail"] and port["level"] == "A"
