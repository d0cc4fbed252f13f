"""``catalog-lint score`` and ``catalog-lint check`` end to end, on real repositories whose
files, settings and histories make each maturity level reachable or not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalog_lint import pipeline
from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo


def test_scores_are_computed_after_the_facts_they_read() -> None:
    assert pipeline.STAGES.index("catalog_lint.facts:run_stage") < pipeline.STAGES.index(
        "catalog_lint.scorecards:run_stage")


ENTITY = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  description: Holds what a shopper is about to buy.
  annotations:
    backstage.io/techdocs-ref: dir:.
    pagerduty.com/service-id: PCART01
    grafana/dashboard-selector: "tags @> 'cart'"
  links:
    - url: https://wiki.example.com/cart/runbook
      title: Runbook
      type: runbook
    - url: https://slo.example.com/cart
      title: Objectives
      type: slo
spec:
  type: service
  owner: group:default/payments
  lifecycle: production
"""

GROUP = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team
  children: []
"""

SETTINGS = """\
branches:
  - name: main
    protection:
      required_pull_request_reviews:
        required_approving_review_count: 1
        require_code_owner_reviews: true
      required_status_checks:
        strict: true
        contexts: [ci]
      enforce_admins: true
"""

OPTIMIZED_FILES: dict[str, str] = {
    "catalog-info.yaml": ENTITY,
    "org.catalog-info.yaml": GROUP,
    "README.md": "# cart\n",
    ".github/CODEOWNERS": "* @acme/payments\n",
    ".github/settings.yml": SETTINGS,
    ".github/dependabot.yml": "version: 2\nupdates: []\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n",
    ".github/workflows/deploy.yml": (
        "on:\n  push:\n    tags: ['v*']\njobs:\n  deploy:\n    environment: production\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n"
    ),
    "mkdocs.yml": "site_name: cart\n",
    "docs/index.md": "# Cart\n",
    "tests/test_cart.py": "def test_cart():\n    assert True\n",
    # DORA over the 28 days before 2024-06-30 (end of day)
    ".catalog-lint.yaml": "dora:\n  window-days: 28\n  end: '2024-06-30'\n",
}


def weekly_releases(repo: GitRepo) -> None:
    """Five releases, 5 days apart (High frequency), each a day after its change (lead
    time 24 h: High), none reverted (Elite)."""
    for number, day in enumerate((5, 10, 15, 20, 25)):
        repo.commit(f"feat: change {number}", date=f"2024-06-{day:02d}T09:00:00Z")
        repo.tag(f"v1.{number}.0", message=f"release {number}",
                 date=f"2024-06-{day + 1:02d}T09:00:00Z")


def build(tmp_path: Path, change: Callable[[dict[str, str | None]], None] | None = None,
          history: bool = True) -> GitRepo:
    repo = GitRepo.init(tmp_path / "repo")
    files: dict[str, str | None] = dict(OPTIMIZED_FILES)
    if change is not None:
        change(files)
    repo.commit("init", files, date="2024-06-01T09:00:00Z")  # type: ignore[arg-type]
    if history:
        weekly_releases(repo)
    return repo


def score_json(repo: GitRepo, *args: str) -> dict[str, Any]:
    outcome = run_cli(["score", "--format", "json", *args], repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.json()  # type: ignore[no-any-return]


def levels(scores: dict[str, Any]) -> dict[str, str]:
    found = {f"repository/{card}": result["level"]
             for card, result in scores["repository"]["scorecards"].items()}
    for entity in scores["entities"]:
        for card, result in entity["scorecards"].items():
            found[f"{entity['ref']}/{card}"] = result["level"]
    return found


def test_every_level_reached(tmp_path: Path) -> None:
    scores = score_json(build(tmp_path))
    assert levels(scores) == {
        "repository/operational-maturity": "Optimized",
        "repository/dora": "High",
        "component:default/cart/operational-maturity": "Optimized",
    }
    assert scores["summary"]["operational-maturity"] == {
        "Initial": 0, "Managed": 0, "Defined": 0, "Quantitatively managed": 0, "Optimized": 1}
    [entity] = scores["entities"]
    assert entity["file"] == "catalog-info.yaml"
    assert entity["line"] == 1
    result = entity["scorecards"]["operational-maturity"]
    assert result["counts"] == {"pass": 19, "fail": 0, "unknown": 0}
    assert result["next"] is None


def drop(*names: str) -> Callable[[dict[str, str | None]], None]:
    def change(files: dict[str, str | None]) -> None:
        for name in names:
            files[name] = None
    return change


def edit(name: str, old: str, new: str) -> Callable[[dict[str, str | None]], None]:
    def change(files: dict[str, str | None]) -> None:
        text = files[name]
        assert text is not None and old in text
        files[name] = text.replace(old, new)
    return change


@pytest.mark.parametrize(("change", "entity_level", "repository_level"), [
    (drop(".github/dependabot.yml"), "Quantitatively managed", "Quantitatively managed"),
    (edit(".github/settings.yml", "require_code_owner_reviews: true",
          "require_code_owner_reviews: false"), "Quantitatively managed", "Quantitatively managed"),
    (edit("catalog-info.yaml", "    pagerduty.com/service-id: PCART01\n", ""), "Defined",
     "Optimized"),  # on-call is an entity annotation: the repository does not need it
    (drop("tests/test_cart.py"), "Managed", "Managed"),
    (edit(".github/settings.yml", "required_pull_request_reviews", "required_nothing"),
     "Managed", "Managed"),
    (edit("catalog-info.yaml", "  lifecycle: production\n", ""), "Initial", "Optimized"),
    (drop(".github/CODEOWNERS"), "Initial", "Initial"),
])
def test_levels_unreachable(tmp_path: Path, change: Any, entity_level: str,
                            repository_level: str) -> None:
    found = levels(score_json(build(tmp_path, change)))
    assert found["component:default/cart/operational-maturity"] == entity_level
    assert found["repository/operational-maturity"] == repository_level


def test_without_deployments_dora_is_unmeasured_and_caps_the_level(tmp_path: Path) -> None:
    scores = score_json(build(tmp_path, history=False))
    found = levels(scores)
    assert found["repository/dora"] == "Unmeasured"
    assert found["component:default/cart/operational-maturity"] == "Defined"
    rule = next(r for r in scores["entities"][0]["scorecards"]["operational-maturity"]["rules"]
                if r["identifier"] == "dora-medium")
    assert rule["status"] == "unknown"
    assert "fewer than 3" in rule["conditions"][0]["reason"]


def test_dora_figures_in_the_check_report(tmp_path: Path) -> None:
    repo = build(tmp_path)
    outcome = run_cli(["check", "--format", "json"], repo.path)
    report = outcome.json()
    dora = report["facts"]["repository"]["dora"]
    assert dora["window"] == {"days": 28, "start": "2024-06-03T00:00:00+00:00",
                              "end": "2024-07-01T00:00:00+00:00"}
    assert dora["deployment_frequency"]["count"] == 5
    assert dora["deployment_frequency"]["per_week"] == 1.25  # 5 / (28 / 7)
    assert dora["deployment_frequency"]["tier"] == "High"  # one every 5.6 days
    # lead times: "init" (06-01 09:00) and change 0 by v1.0.0 (06-06 09:00): 120 h and
    # 24 h; then 24 h for each of the other four changes
    assert dora["lead_time"]["sample"] == 6
    assert dora["lead_time"]["median_hours"] == 24.0
    assert dora["lead_time"]["p90_hours"] == 120.0
    assert dora["change_failure_rate"]["value"] == 0.0
    assert dora["time_to_restore"]["sample"] == 0
    assert dora["tier"] == "High"
    assert report["scores"]["version"] == 2
    assert "scores" in report and "operational-maturity" in report["scores"]["summary"]


def test_score_a_past_commit_with_rev(tmp_path: Path) -> None:
    repo = build(tmp_path)
    before_ci = repo.head()
    repo.commit("no more CI", {".github/workflows/ci.yml": None,
                               ".github/workflows/deploy.yml": None})
    assert levels(score_json(repo))["component:default/cart/operational-maturity"] == "Managed"
    scores = score_json(repo, "--rev", before_ci)
    assert scores["revision"] == repo.git("rev-parse", before_ci)
    assert levels(scores)["component:default/cart/operational-maturity"] == "Optimized"
    outcome = run_cli(["score", "--rev", "no-such-ref"], repo.path)
    assert outcome.exit_code == 2
    assert "no-such-ref: no such commit" in outcome.stderr


def test_text_output_shows_bars_and_fixes(tmp_path: Path) -> None:
    repo = build(tmp_path, drop(".github/dependabot.yml"))
    outcome = run_cli(["score", "--scorecard", "operational-maturity"], repo.path)
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0] == "Operational maturity (operational-maturity)"
    assert lines[1].split() == ["SUBJECT", "LEVEL", "Managed", "Defined", "Quantitatively",
                                "managed", "Optimized"]
    row = next(line for line in lines if line.strip().startswith("component:default/cart"))
    assert "[#####] 5/5" in row and "[####-] 4/5" in row
    assert "  repository: Quantitatively managed -> Optimized" in lines
    fail = next(line for line in lines if "dependency-updates" in line)
    assert fail.split()[0] == "FAIL"
    assert 'saw repo.dependency_updates.tool: "none"' in fail
    assert "fix: Automate dependency updates" in outcome.stdout
    # the entity points at the repository instead of repeating the shared rule
    assert "    and the repository's: dependency-updates (see repository)" in lines
    assert "DORA metrics" not in outcome.stdout


def test_markdown_output_has_a_badge_and_a_table(tmp_path: Path) -> None:
    repo = build(tmp_path, drop("tests/test_cart.py"))
    outcome = run_cli(["score", "--format", "markdown"], repo.path)
    assert outcome.exit_code == 0
    text = outcome.stdout
    assert "### Operational maturity" in text
    assert ("![operational maturity: Managed](https://img.shields.io/badge/"
            "operational%20maturity-Managed-orange)") in text
    assert "| Subject | Level | Managed | Defined | Quantitatively managed | Optimized |" in text
    assert "| component:default/cart | **Managed** | ✅ 5/5 | ❌ 4/5 |" in text
    assert "- ❌ **Has tests** (`tests`)" in text
    assert "![dora metrics: High](https://img.shields.io/badge/dora%20metrics-High-green)" in text


def test_check_exit_codes_and_one_summary(tmp_path: Path) -> None:
    repo = build(tmp_path)
    outcome = run_cli(["check"], repo.path)
    last = outcome.stdout.splitlines()[-1]
    assert "operational-maturity: repository Optimized; entities 1 Optimized" in last
    assert "dora: repository High" in last
    assert last.startswith("2 files, 2 entities: 0 errors, 0 warnings, 0 info | "), last
    assert outcome.exit_code == 0
    # a planted mistake: an error finding, exit 1, and the scores still shown
    repo.write({"broken/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
                                            "metadata:\n  name: Broken Name!\nspec: {}\n"})
    outcome = run_cli(["check"], repo.path)
    assert outcome.exit_code == 1
    assert "broken/catalog-info.yaml:" in outcome.stdout
    assert "Operational maturity (operational-maturity)" in outcome.stdout
    assert run_cli(["check", "--fail-on", "never"], repo.path).exit_code == 0


def test_scores_only_when_asked(tmp_path: Path) -> None:
    repo = build(tmp_path, history=False)
    report = run_cli(["validate", "--format", "json"], repo.path).json()
    assert "scores" not in report


def test_bad_scorecards_stop_the_run_with_file_and_line(tmp_path: Path) -> None:
    def bad_config(files: dict[str, str | None]) -> None:
        files[".catalog-lint.yaml"] = (
            "scorecards:\n  custom:\n    - identifier: mine\n      levels: [A, B]\n"
            "      rules:\n        - identifier: r\n          level: C\n"
            "          description: d\n"
            "          query: {combinator: and, conditions: [{fact: repo.ci.deploys, "
            "operator: '=', value: true}]}\n"
        )
    repo = build(tmp_path, bad_config, history=False)
    for command in ("score", "check"):
        outcome = run_cli([command], repo.path)
        assert outcome.exit_code == 2
        assert outcome.stderr.strip() == (
            "catalog-lint: error: .catalog-lint.yaml:7: rule 'r': level 'C' does not exist "
            "(levels: A, B)")
    repo.write({".catalog-lint.yaml": (repo.path / ".catalog-lint.yaml").read_text()
                .replace("level: C", "level: B")})
    outcome = run_cli(["score", "--scorecard", "nope"], repo.path)
    assert outcome.exit_code == 2
    assert "unknown scorecard 'nope' (known: dora, mine, operational-maturity)" in outcome.stderr


def test_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(ENTITY, encoding="utf-8")
    outcome = run_cli(["score", "--format", "json"], tmp_path)
    assert outcome.exit_code == 0
    scores = outcome.json()
    assert levels(scores)["repository/dora"] == "Unmeasured"
    outcome = run_cli(["score"], tmp_path)
    assert "DORA: unknown (not a git repository" in outcome.stdout


def test_markdown_keeps_text_from_catalog_files_inert() -> None:
    from catalog_lint.scorecards import render

    result = {
        "level": "A", "rank": 0, "next": "B",
        "levels": [{"title": "A", "passed": 0, "total": 0, "reached": True},
                   {"title": "B", "passed": 0, "total": 1, "reached": False}],
        "counts": {"pass": 0, "fail": 1, "unknown": 0},
        "rules": [{"identifier": "r", "title": "R", "level": "B", "status": "fail",
                   "combinator": "and", "fix": "do | it",
                   "conditions": [{"property": "spec.owner", "operator": "isNotEmpty",
                                   "actual": "<b>@org/x</b>", "status": "fail"}]}],
    }
    scores = {"scorecards": [{"identifier": "c", "title": "C", "levels": ["A", "B"]}],
              "repository": {"scorecards": {}},
              "entities": [{"ref": "component:default/x|`@team", "file": "a.yaml", "line": 1,
                            "scorecards": {"c": result}}]}
    text = render.markdown(scores)
    assert "<b>" not in text
    assert "@org" not in text and "@team" not in text  # no mention notifies anyone
    assert "x\\|\\`@&#8203;team" in text
    assert "do \\| it" in text
