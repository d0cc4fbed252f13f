"""Hand-made ``scores`` sections (the shape of docs/scorecards.md) and reports, for the
pure comparison's tests: each leaf, rule and level is chosen, so that every branch of the
gate can be reached on purpose."""

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
           title: str = TITLE) -> dict[str, Any]:
    """A scores section: ``repository`` and each entity's result on ``card``."""
    return {
        "version": 1,
        "scorecards": [{"identifier": card, "title": title, "levels": LEVELS}],
        "repository": {"scorecards": {card: repository} if repository is not None else {}},
        "entities": [{"ref": ref, "kind": "Component", "file": f"{ref.split('/')[-1]}.yaml",
                      "line": 3, "scorecards": {card: value}}
                     for ref, value in (entities or {}).items()],
        "summary": {},
    }


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
