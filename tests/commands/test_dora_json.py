"""Every DORA figure in the JSON of ``score``, ``facts`` and ``check``: one object, the same
in all three, with units, samples and the window, following ``$defs/dora`` of the shipped
report schema. Exact values on the release history of tests/facts/test_dora.py."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.cli_helpers import run_cli
from tests.facts.test_dora import release_history
from tests.gitrepo import GitRepo

#: The window ends where tests/facts/test_dora.py ends it: 90 days to 2024-07-01.
CONFIG = "dora:\n  end: '2024-07-01T00:00:00Z'\n"

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""


def figure(metric: str, value: float | None, unit: str, sample: int, sample_of: str,
           tier: str | None, reason: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"metric": metric, "value": value, "unit": unit, "sample": sample,
                             "sample_of": sample_of, "window_days": 90, "tier": tier}
    if reason is not None:
        found["reason"] = reason
    return found


#: The figures tests/facts/test_dora.py works out by hand for this history.
EXPECTED = {
    "version": 1,
    "window": {"days": 90, "start": "2024-04-02T00:00:00+00:00",
               "end": "2024-07-01T00:00:00+00:00"},
    "deployments": {"source": "tags", "total": 5, "in_window": 4, "latest": "v1.2.0"},
    "tier": "Low",
    "figures": {
        "deployments": figure("deployment_frequency", 4, "deployments", 4, "deployments",
                              "Medium"),
        "deployments_per_week": figure("deployment_frequency", 0.311, "deployments per week",
                                       4, "deployments", "Medium"),
        "lead_time_median": figure("lead_time", 18.0, "hours", 6, "commits", "Elite"),
        "lead_time_p90": figure("lead_time", 24.0, "hours", 6, "commits", "Elite"),
        "change_failure_rate": figure("change_failure_rate", 0.25, "ratio", 4, "deployments",
                                      "Low"),
        "failed_deployments": figure("change_failure_rate", 1, "deployments", 4, "deployments",
                                     "Low"),
        "time_to_restore_median": figure("time_to_restore", 36.0, "hours", 1,
                                         "restored failures", "Medium"),
        "unrestored_failures": figure("time_to_restore", 0, "deployments", 1,
                                      "failed deployments", "Medium"),
    },
}


def schema() -> dict[str, Any]:
    return json.loads((resources.files("catalog_lint") / "schemas" / "report.schema.json")
                      .read_text(encoding="utf-8"))


def valid_dora(document: dict[str, Any]) -> None:
    definitions = schema()
    jsonschema.Draft7Validator({**definitions, "$ref": "#/$defs/dora"}).validate(document)


@pytest.fixture
def released(git_repo: GitRepo) -> GitRepo:
    release_history(git_repo)
    git_repo.write({".catalog-lint.yaml": CONFIG, "catalog-info.yaml": COMPONENT})
    return git_repo


def test_score_json_carries_every_figure(released: GitRepo) -> None:
    """Failed before: no DORA figure at all in ``score --format json``."""
    outcome = run_cli(["score", "--format", "json"], released.path)

    assert outcome.exit_code == 0, outcome.stderr
    dora = outcome.json()["dora"]
    assert dora == EXPECTED
    valid_dora(dora)


def test_facts_json_carries_the_same_figures(released: GitRepo) -> None:
    """Failed before: ``facts`` did not compute DORA."""
    outcome = run_cli(["facts", "--format", "json"], released.path)

    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert data["dora"] == EXPECTED
    assert data["repository"]["dora"]["lead_time"]["p90_hours"] == 24.0  # the facts too
    text = run_cli(["facts"], released.path).stdout
    assert "dora.deployments.list: v1.0.0 (2024-04-11, 2 changes), v1.1.0 (2024-04-21, " \
           "1 change, failed)" in text


def test_check_report_carries_them_and_follows_the_schema(released: GitRepo) -> None:
    outcome = run_cli(["check", "--format", "json"], released.path)

    report = outcome.json()
    assert report["dora"] == EXPECTED
    jsonschema.Draft7Validator(schema()).validate(report)


def test_unknown_figures_are_null_with_their_reason(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(COMPONENT, encoding="utf-8")

    dora = run_cli(["score", "--format", "json"], tmp_path).json()["dora"]

    valid_dora(dora)
    reason = "not a git repository: DORA metrics come from git history"
    assert dora["tier"] is None and dora["reason"] == reason
    assert dora["window"] == {"days": None, "start": None, "end": None}
    assert {name: (f["value"], f["tier"], f["reason"]) for name, f in dora["figures"].items()} == {
        name: (None, None, reason) for name in EXPECTED["figures"]}


def test_too_few_deployments_keep_figures_and_say_why_there_is_no_tier(
        git_repo: GitRepo) -> None:
    git_repo.commit("feat: a", date="2024-06-01T00:00:00Z")
    git_repo.commit("feat: b", date="2024-06-01T06:00:00Z")
    git_repo.tag("v1.0.0")
    git_repo.write({".catalog-lint.yaml": CONFIG, "catalog-info.yaml": COMPONENT})

    dora = run_cli(["score", "--format", "json"], git_repo.path).json()["dora"]

    valid_dora(dora)
    too_few = "1 deployment in the window, fewer than 3 (min-deployments)"
    assert dora["figures"]["deployments"] == figure(
        "deployment_frequency", 1, "deployments", 1, "deployments", None, too_few)
    assert dora["figures"]["lead_time_median"]["value"] == 3.0  # 6 h and 0 h
    assert dora["figures"]["change_failure_rate"]["value"] == 0.0
    restore = dora["figures"]["time_to_restore_median"]
    assert (restore["value"], restore["reason"]) == (
        None, "no failed deployment in the window: nothing to restore")
    assert dora["tier"] is None and dora["reason"].startswith("not every DORA metric has a tier")
