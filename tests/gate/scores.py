"""Hand-made ``scores`` sections (the shape of docs/scorecards.md) and reports, for the
pure comparison's tests: each leaf, rule and level is chosen, so that every branch of the
gate can be reached on purpose. Rules are written whole (version 1's form) and the section
is made version 2 (each rule described once, under its scorecard) unless asked for 1."""

from __future__ import annotations

from typing import Any

from catalog_lint.findings import Finding, Severity, fingerprint
from catalog_lint.report import Report

CARD = "ownership"
TITLE = "Ownership"
LEVELS = ["None", "Listed", "Owned"]


def leaf(name: str, actual: Any, status: str = "pass", *, kind: str = "fact",
         reason: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {kind: name, "operator": "=", "actual": actual, "status": status}
    if reason is not None:
        found["reason"] = reason
    return found


def rule(identifier: str, status: str, *leaves: dict[str, Any], level: str = "Listed",
         title: str | None = None, fix: str | None = None, nested: bool = False
         ) -> dict[str, Any]:
    conditions: list[dict[str, Any]] = list(leaves)
    if nested:  # the same leaves one query deeper
        conditions = [{"combinator": "or", "status": status, "conditions": conditions}]
    found: dict[str, Any] = {"identifier": identifier, "title": title or identifier.title(),
                             "level": level, "status": status, "combinator": "and",
                             "conditions": conditions}
    if fix is not None:
        found["fix"] = fix
    return found


def result(rank: int, *rules: dict[str, Any]) -> dict[str, Any]:
    counts = {"pass": 0, "fail": 0, "unknown": 0}
    for item in rules:
        counts[item["status"]] += 1
    return {"level": LEVELS[rank], "rank": rank, "next": None, "levels": [],
            "counts": counts, "rules": list(rules)}


def scores(repository: dict[str, Any] | None = None, *,
           entities: dict[str, dict[str, Any]] | None = None, card: str = CARD,
           title: str = TITLE, version: int = 2) -> dict[str, Any]:
    """A scores section: ``repository`` and each entity's result on ``card``."""
    section = {
        "version": 1,
        "scorecards": [{"identifier": card, "title": title, "levels": LEVELS}],
        "repository": {"scorecards": {card: repository} if repository is not None else {}},
        "entities": [{"ref": ref, "kind": "Component", "file": f"{ref.split('/')[-1]}.yaml",
                      "line": 3, "scorecards": {card: value}}
                     for ref, value in (entities or {}).items()],
        "summary": {},
    }
    return section if version == 1 else version_2(section)


def version_2(section: dict[str, Any]) -> dict[str, Any]:
    """A version 1 section as version 2: every rule's definition once, under its
    scorecard (the same rule must be written the same way in every result), and the
    results without it."""
    defined: dict[str, dict[str, dict[str, Any]]] = {}

    def split(card: str, result: dict[str, Any]) -> dict[str, Any]:
        rules = []
        for rule in result["rules"]:
            definition = {"identifier": rule["identifier"], "title": rule["title"],
                          "level": rule["level"], "combinator": rule["combinator"],
                          "conditions": [_definition(c) for c in rule["conditions"]],
                          "fix": rule.get("fix", "")}
            known = defined.setdefault(card, {}).setdefault(rule["identifier"], definition)
            assert {**known, "fix": ""} == {**definition, "fix": ""}, "one rule, two definitions"
            if "fix" in rule:
                known["fix"] = rule["fix"]
            rules.append({"identifier": rule["identifier"], "status": rule["status"],
                          "conditions": [_result(c) for c in rule["conditions"]]})
        return {**result, "rules": rules}

    repository = {card: split(card, result)
                  for card, result in section["repository"]["scorecards"].items()}
    entities = [{**entity, "scorecards": {card: split(card, result)
                                          for card, result in entity["scorecards"].items()}}
                for entity in section["entities"]]
    cards = [{**card, "rules": list(defined.get(card["identifier"], {}).values())}
             for card in section["scorecards"]]
    return {**section, "version": 2, "scorecards": cards,
            "repository": {"scorecards": repository}, "entities": entities}


def _definition(condition: dict[str, Any]) -> dict[str, Any]:
    if "conditions" in condition:
        return {"combinator": condition["combinator"],
                "conditions": [_definition(c) for c in condition["conditions"]]}
    return {key: value for key, value in condition.items()
            if key not in ("actual", "status", "reason")}


def _result(condition: dict[str, Any]) -> dict[str, Any]:
    if "conditions" in condition:
        return {"status": condition["status"],
                "conditions": [_result(c) for c in condition["conditions"]]}
    return {key: value for key, value in condition.items()
            if key in ("actual", "status", "reason")}


def report(section: dict[str, Any] | None = None, *, findings: list[Finding] | None = None,
           refs: tuple[str, ...] = (), facts: dict[str, Any] | None = None,
           revision: str | None = None) -> Report:
    sections: dict[str, Any] = {}
    if section is not None:
        sections["scores"] = section
    if facts is not None:
        sections["facts"] = facts
    return Report(root="", files=[], findings=list(findings or []), revision=revision,
                  entities=[{"ref": ref, "file": f"{ref.split('/')[-1]}.yaml", "line": 3}
                            for ref in refs], sections=sections)


def finding(rule_id: str, message: str, *, line: int = 1, entity: str | None = None,
            file: str = "catalog-info.yaml", path: str = "",
            severity: Severity = Severity.ERROR, stored: bool = True) -> Finding:
    """A finding; ``stored=False`` leaves its fingerprint empty, as in an older report."""
    return Finding(rule_id, severity, message, file, line, 1, path, entity,
                   fingerprint(rule_id, file, entity, path, message) if stored else "")
