"""Reports for reporter tests: plain ones, gate results, and hostile catalog content
(workflow-command injection, Markdown/HTML, mentions, table breakers)."""

from __future__ import annotations

from catalog_lint.findings import Finding, Severity, fingerprint
from catalog_lint.gate import compare
from catalog_lint.gate.model import Change
from catalog_lint.report import FileRecord, Report

#: What a catalog file could put into a finding's message, entity name or file name.
HOSTILE = (
    "owner '@acme/platform-team' and @octocat see #12 "
    "<img src=x onerror=alert(1)> <script>alert(2)</script> | a | b | "
    "**bold** `code` [link](https://evil.example) ![img](https://evil.example/i.png) "
    "&amp; $x^2$ ~~gone~~ \n::set-output name=pwned::1\r\n::add-mask::secret %0A::stop-commands::x"
)


def finding(rule: str, message: str, *, file: str = "catalog-info.yaml", line: int = 5,
            column: int = 3, severity: Severity = Severity.ERROR,
            entity: str | None = "component:default/cart", path: str = "") -> Finding:
    return Finding(rule, severity, message, file, line, column, path, entity,
                   fingerprint(rule, file, entity, path, message))


def plain_report() -> Report:
    findings = [
        finding("duplicate-key", "key 'name' appears more than once", line=4),
        finding("yaml11-value", "unquoted no", line=9, severity=Severity.WARNING,
                path="metadata.labels.legacy"),
        finding("empty-document", "document 2 is empty", file="other/catalog-info.yaml",
                line=12, severity=Severity.INFO, entity=None),
    ]
    return Report(root="/src/shop", files=[FileRecord("catalog-info.yaml", 1, 1),
                                           FileRecord("other/catalog-info.yaml", 2, 0),
                                           FileRecord("clean/catalog-info.yaml", 1, 1)],
                  findings=findings,
                  entities=[{"ref": "component:default/cart", "file": "catalog-info.yaml",
                             "line": 1}])


def hostile_report() -> Report:
    """A plain report whose findings carry hostile text everywhere a catalog can."""
    entity = "component:default/@acme-team|x<b>"
    findings = [
        finding("duplicate-key", HOSTILE, entity=entity),
        finding("yaml11-value", "plain %25 and 50% and a:b,c", file="we,ird:dir/cat #1.yaml",
                severity=Severity.WARNING, entity=entity),
        finding("duplicate-key", HOSTILE, entity=entity, line=30),  # same fingerprint
    ]
    return Report(root="/src/shop", files=[FileRecord("catalog-info.yaml", 1, 1)],
                  findings=findings,
                  entities=[{"ref": entity, "file": "catalog-info.yaml", "line": 1}])


def gate_report(*, hostile: bool = False, url: str | None = None) -> Report:
    """A head report carrying a gate result: one finding already on the base, one new,
    one fixed, and a removed README (a cause) under which a scorecard rule fails and a
    level drops (its consequences)."""
    cart = "component:default/cart"
    message = HOSTILE if hostile else "key 'name' appears more than once"
    old = finding("yaml11-value", "unquoted no", severity=Severity.WARNING, line=9)
    new = finding("duplicate-key", message, line=4)
    gone = finding("empty-document", "document 2 is empty", line=20, severity=Severity.INFO)
    entities = [{"ref": cart, "file": "catalog-info.yaml", "line": 1}]
    base = Report(root="/src/shop", files=[], findings=[old, gone], entities=entities,
                  revision="1" * 40)
    head = Report(root="/src/shop", files=[FileRecord("catalog-info.yaml", 1, 1)],
                  findings=[new, old], entities=entities, revision="2" * 40)
    result = compare(base, head)
    extra = f" {HOSTILE}" if hostile else ""
    rule = Change(
        kind="scorecard-rule", regression=True, severity=Severity.WARNING, entity=cart,
        file="catalog-info.yaml", line=1, subject="production/readme", scorecard="production",
        message=f"Production: rule 'Has a README' (Gold) fails now for {cart}{extra}",
        before="pass", after="fail", fix=f"Add a README.md beside the entity file{extra}",
    )
    level = Change(
        kind="level", regression=True, entity=cart, file="catalog-info.yaml", line=1,
        message=f"Production: level dropped from Gold to Silver for {cart}{extra}",
        subject="production", scorecard="production", before="Gold", after="Silver",
    )
    result.changes.append(Change(
        kind="fact", regression=True, file="catalog-info.yaml", line=1, entity=cart,
        message=f"README.md was removed{extra}", subject="entity.files.readme",
        before="README.md", after=None, consequences=(rule, level),
        values=({"subject": cart, "kind": "fact", "name": "entity.files.readme",
                 "before": "README.md", "after": None},),
    ))
    result.entities[0].scorecards["production"] = {
        "before": "Gold", "after": "Silver", "passed_before": 9, "passed_after": 7,
        "rules_before": 10, "rules_after": 10, "score_before": 90, "score_after": 70}
    result.entities[0].regressions += 1
    result.head.url = url
    head.sections["diff"] = result.to_dict()
    head.sections["scores"] = {"scorecards": [{"identifier": "production",
                                               "title": f"Production{extra}"}]}
    return head
