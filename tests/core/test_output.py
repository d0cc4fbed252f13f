"""Text and JSON output, -o, colours, exit codes, and the fingerprint's stability."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema

from tests.cli_helpers import run_cli, write

BROKEN = "metadata:\n  name: a\n  name: b\n"


def test_text_format_and_summary(tmp_path: Path) -> None:
    write(tmp_path, {"svc/catalog-info.yaml": BROKEN})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert any(line.startswith("svc/catalog-info.yaml:3:3: error duplicate-key ") for line in lines)
    assert lines[-1].startswith("1 file, 0 entities: ")
    assert "\x1b[" not in outcome.stdout  # not a terminal: no colour


def test_colour_when_forced_and_no_color_wins_over_auto(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN})
    assert "\x1b[31m" in run_cli(["validate", "--color", "always"], tmp_path).stdout
    assert "\x1b[" not in run_cli(["validate"], tmp_path, env={"NO_COLOR": "1"}).stdout


def test_json_report_follows_its_published_schema(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN, "empty/catalog-info.yaml": ""})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    report = outcome.json()
    schema = json.loads(
        (resources.files("catalog_lint") / "schemas" / "report.schema.json").read_text()
    )
    jsonschema.Draft7Validator(schema).validate(report)
    assert report["version"] == 1 and report["tool"]["name"] == "catalog-lint"
    assert [f["path"] for f in report["files"]] == ["catalog-info.yaml", "empty/catalog-info.yaml"]
    assert report["summary"]["error"] >= 1 and report["summary"]["warning"] == 1


def test_output_file(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN})
    outcome = run_cli(["validate", "--format", "json", "-o", "out/report.json"], tmp_path)
    assert outcome.exit_code == 2 and "cannot write report" in outcome.stderr
    (tmp_path / "out").mkdir()
    outcome = run_cli(["validate", "--format", "json", "-o", "out/report.json"], tmp_path)
    assert outcome.exit_code == 1 and outcome.stdout == ""
    assert json.loads((tmp_path / "out/report.json").read_text())["findings"]


def test_fingerprints_survive_unrelated_line_moves(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN})
    before = run_cli(["validate", "--format", "json"], tmp_path).json()["findings"]
    write(tmp_path, {"catalog-info.yaml": "# a new comment\n\n" + BROKEN})
    after = run_cli(["validate", "--format", "json"], tmp_path).json()["findings"]
    assert [f["line"] for f in after] == [f["line"] + 2 for f in before]
    assert [f["fingerprint"] for f in after] == [f["fingerprint"] for f in before]


def test_module_entry_point_and_version(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "catalog_lint", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("catalog-lint, version ")


def test_rules_command_lists_and_explains(tmp_path: Path) -> None:
    outcome = run_cli(["rules"], tmp_path)
    assert outcome.exit_code == 0 and "duplicate-key" in outcome.stdout
    explained = run_cli(["rules", "duplicate-key"], tmp_path)
    assert "FAIL" in explained.stdout and "PASS" in explained.stdout
    assert run_cli(["rules", "nope"], tmp_path).exit_code == 2


def test_every_rule_is_documented_with_examples(tmp_path: Path) -> None:
    from catalog_lint.rules import all_rules

    for loaded in all_rules():
        assert loaded.doc, loaded.rule.id
        assert "FAIL" in loaded.doc, f"{loaded.rule.id} has no failing example"


def test_rules_reference_page_is_generated_from_the_rule_modules(tmp_path: Path) -> None:
    """docs/rules.md must be what `catalog-lint rules --format markdown` prints: rerun
    it after changing a rule's docstring."""
    page = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    outcome = run_cli(["rules", "--format", "markdown"], tmp_path)
    assert outcome.stdout == page.read_text(encoding="utf-8")


def test_document_rule_list_matches_the_rule_modules() -> None:
    """A run imports only the document rules up front: the list must name exactly the
    rule modules that have a per-document check."""
    from catalog_lint.rules import DOCUMENT_RULE_MODULES, RULE_MODULES, all_rules

    with_checks = [name for name, loaded in zip(RULE_MODULES, all_rules(), strict=True)
                   if loaded.check is not None and loaded.rule.scope == "document"]
    assert list(DOCUMENT_RULE_MODULES) == with_checks
    for name, loaded in zip(RULE_MODULES, all_rules(), strict=True):
        assert loaded.rule.id.replace("-", "_") == name  # module_of() relies on it
