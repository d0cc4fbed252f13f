"""catalog-lint agrees with Backstage's own validator on every mutant document.

``tests/data/backstage_mutants`` holds several hundred small entities, most of them a
valid one with a single edge-case change, and ``verdicts.json`` what
``@backstage/catalog-model`` said of each (see ``generate.py`` there). A document
agrees when catalog-lint reports an ``error`` on it exactly when Backstage rejects it.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus_agreement import compare, findings_by_document, report
from catalog_lint.findings import Severity

MUTANTS = Path(__file__).resolve().parent.parent / "data" / "backstage_mutants"

def _verdicts() -> dict[str, dict[str, object]]:
    return json.loads((MUTANTS / "verdicts.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_mutant_document_agrees_with_backstage(capsys: object) -> None:
    verdicts = _verdicts()
    files = sorted({key.rsplit("#", 1)[0] for key in verdicts})
    result = compare(verdicts, findings_by_document(MUTANTS, files=files))
    report(result)  # shown by pytest when the test fails
    disagreements = [key for key, _, _ in result.disagreements]
    assert disagreements == [], f"disagreements with Backstage: {disagreements}"
    assert result.judged >= 400
    assert result.valid_agreed >= 100 and result.invalid_agreed >= 250


def test_mutants_cover_both_verdicts_for_every_built_in_kind() -> None:
    verdicts = _verdicts()
    for kind in ("Component", "API", "Resource", "System", "Domain", "Group", "User",
                 "Location", "Template"):
        seen = {v["valid"] for v in verdicts.values() if v.get("kind") == kind}
        assert seen == {True, False}, kind


def test_unresolved_placeholders_are_not_judged() -> None:
    """A ``$json``/``$yaml`` placeholder becomes another file's content: no error."""
    verdicts = _verdicts()
    keys = [k for k, v in verdicts.items() if v.get("unresolvedPlaceholders")]
    assert keys
    findings = findings_by_document(MUTANTS, files=["placeholders.yaml"])
    for key in keys:
        assert not [f for f in findings[key] if f.severity == Severity.ERROR], key
