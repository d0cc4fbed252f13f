"""``catalog-lint org`` reads the CI reports of older catalog-lint versions: their scores
section is version 1 (every result repeating its rules' definitions), today's is version 2
(each rule described once). ``tests/data/scores`` holds real version 1 reports: that of
the example payments repository (git facts, DORA, the built-in scorecards) and that of
``tests/data/scores/catalog`` (a custom scorecard with every kind of condition)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.cli_helpers import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "scores"
#: What the organisation's document takes from the scores sections.
FROM_SCORES = ("scorecards", "maturity", "failing_rules")


def org(folder: Path) -> dict[str, Any]:
    outcome = run_cli(["org", str(folder), "--format", "json", "--fail-on", "never"],
                      folder.parent)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.json()  # type: ignore[no-any-return]


def test_a_version_1_report_is_read_with_its_rules(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(DATA / "payments-report-v1.json", folder / "payments.json")
    data = org(folder)
    (card,) = [c for c in data["scorecards"] if c["identifier"] == "operational-maturity"]
    assert card["rules"]["pull-requests"]["title"] == "Pull requests required"
    assert card["rules"]["pull-requests"]["level"] == "Defined"
    assert card["rules"]["runbook"]["fix"].startswith("Add a link to the runbook")
    scores = {e["ref"]: e["scores"] for e in data["entities"]}
    assert scores["component:default/payments-service"]["operational-maturity"] == {
        "level": "Managed", "rank": 1, "next": "Defined",
        "blocking": ["runbook", "pull-requests"], "failing": 7, "unknown": 2}
    (repository,) = data["repositories"]
    assert repository["levels"]["dora"] == {"level": "Medium", "rank": 2, "next": "High",
                                           "blocking": ["deployment-frequency-high"]}


def test_version_1_and_version_2_reports_of_one_catalog_read_the_same(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog", catalog)
    outcome = run_cli(["check", "--format", "json", "-o", str(tmp_path / "v2.json")], catalog)
    assert outcome.exit_code == 1, outcome.stderr
    documents = {}
    for version, report in (("1", DATA / "catalog-report-v1.json"), ("2", tmp_path / "v2.json")):
        folder = tmp_path / f"version-{version}" / "reports"  # the same names: the same repository
        folder.mkdir(parents=True)
        shutil.copy(report, folder / "catalog.json")
        documents[version] = org(folder)
    old, new = documents["1"], documents["2"]
    assert json.loads((tmp_path / "v2.json").read_text(encoding="utf-8"))["scores"]["version"] == 2
    for key in FROM_SCORES:
        assert new[key] == old[key], key
    assert [(e["ref"], e["scores"]) for e in new["entities"]] == [
        (e["ref"], e["scores"]) for e in old["entities"]]
    assert ([(r["levels"], r["scored"]) for r in new["repositories"]]
            == [(r["levels"], r["scored"]) for r in old["repositories"]])
    scores = {e["ref"]: e["scores"]["fixture-maturity"] for e in new["entities"] if e["scores"]}
    assert scores["component:default/odd"]["blocking"] == ["owner", "lifecycle"]
    assert new["scorecards"][0]["rules"]["owner"]["title"] == "Has an owner"


def test_a_malformed_version_2_section_is_read_with_care_or_skipped(tmp_path: Path) -> None:
    """Reports come from many repositories' CI: a rule result that is not what version 2
    says is left out, and a definition of the wrong shape makes the report skipped, with
    a warning naming it (never a traceback)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog", catalog)
    report = tmp_path / "v2.json"
    assert run_cli(["check", "--format", "json", "-o", str(report)], catalog).exit_code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    folder = tmp_path / "reports"
    folder.mkdir()
    odd = data["scores"]["entities"][0]
    odd["scorecards"]["fixture-maturity"]["rules"] = [
        1, None, {"identifier": 7, "status": "fail"}, {"identifier": "owner", "status": "fail"},
        {"identifier": "not-defined", "status": "unknown", "conditions": "x"}]
    (folder / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    wrong = json.loads(report.read_text(encoding="utf-8"))
    wrong["scores"]["scorecards"][0]["rules"][0]["level"] = 5
    (folder / "wrong.json").write_text(json.dumps(wrong), encoding="utf-8")
    outcome = run_cli(["org", str(folder), "--format", "json", "--fail-on", "never"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr.startswith("catalog-lint: warning: ")
    assert "wrong.json: skipped: not a valid report at scores" in outcome.stderr
    document = outcome.json()
    scores = {e["ref"]: e["scores"] for e in document["entities"]}
    assert scores[odd["ref"]]["fixture-maturity"]["failing"] == 1  # owner
    assert scores[odd["ref"]]["fixture-maturity"]["unknown"] == 1  # not-defined
    rules = document["scorecards"][0]["rules"]
    assert rules["owner"]["title"] == "Has an owner"
    assert rules["not-defined"] == {"title": "not-defined", "level": "", "fix": ""}
