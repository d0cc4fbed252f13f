"""The example organisation's committed reports (examples/reports, made by
make_reports.py from real check runs) are valid reports, and say what examples/README.md
says they do."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema

from tests.cli_helpers import run_cli

REPORTS = Path(__file__).resolve().parents[2] / "examples" / "reports"


def test_the_example_reports_are_valid_reports() -> None:
    schema = json.loads((resources.files("catalog_lint") / "schemas" / "report.schema.json").read_text())
    files = sorted(REPORTS.glob("*.json"))
    assert [f.name for f in files] == ["payments-earlier.json", "payments.json", "search-earlier.json",
                                       "search.json", "shop-earlier.json", "shop.json"]
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        assert data["repository"]["files_url"].startswith("https://github.com/example-shop/")
        text = file.read_text(encoding="utf-8")
        assert "/tmp/" not in text and "/root/" not in text  # nothing of the machine that made them


def test_the_example_organisation(tmp_path: Path) -> None:
    outcome = run_cli(["org", str(REPORTS), "--format", "json"], tmp_path)
    assert outcome.exit_code == 1  # the Kafka library is defined in two repositories
    data = outcome.json()
    summary = data["summary"]
    assert (summary["repositories"], summary["entities"], summary["dangling"], summary["duplicates"]) == (3, 42, 3, 1)
    typo = next(d for d in data["dangling"] if d["target"] == "component:default/core-paymnt-library")
    assert typo["suggestions"] == ["component:default/core-payment-library"]
    assert {(m["entity"], m["to"]) for m in data["trends"]["moves"]} == {
        ("component:default/payments-service", "Managed"), ("api:default/payments-api", "Managed")}
