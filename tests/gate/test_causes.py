"""One change, one regression: ``catalog-lint diff`` reports causes, each with its
consequences under it, in every format. Real repositories, real runs."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.cli_helpers import Outcome, run_cli
from tests.gate.repos import CART, CART_LINE, SHOP, ownership, shop
from tests.gitrepo import GitRepo

README_RULE = "Operational maturity: rule 'Has a README' (Managed) fails now for"
DROPPED = "Operational maturity: level dropped from Managed to Initial for"


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_SHA", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)


def diff(repo: GitRepo, base: str, *args: str) -> Outcome:
    return run_cli(["diff", "--base", base, *args], repo.path)


def gate(repo: GitRepo, base: str) -> dict:
    outcome = diff(repo, base, "--format", "json")
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()["diff"]


def consequences(cause: dict) -> list[tuple[str, str]]:
    return [(c["kind"], c["message"]) for c in cause["consequences"]]


def test_removing_the_readme_is_one_regression(git_repo: GitRepo) -> None:
    """Failed before: eight regressions (the fact for the repository, the Component, the
    Group and the System; the rule twice; two level drops). The README is deleted from the
    working tree and not from the index, as an editor deletes it: it is gone all the same
    (before, the index still listed it and the gate saw no change at all)."""
    base = shop(git_repo)
    git_repo.write({"README.md": None})

    result = gate(git_repo, base)

    assert result["counts"]["regressions"] == 1
    assert result["counts"]["consequences"] == 4
    (cause,) = result["regressions"]
    assert (cause["kind"], cause["rule"], cause["message"]) == (
        "fact", "gate-fact-regressed", "README.md was removed")
    assert (cause["file"], cause["line"]) == ("catalog-info.yaml", CART_LINE)
    assert [(v["subject"], v["name"], v["before"], v["after"]) for v in cause["values"]] == [
        ("(repository)", "entity.files.readme", "README.md", None),
        (CART, "entity.files.readme", "README.md", None)]
    assert consequences(cause) == [
        ("scorecard-rule", f"{README_RULE} the repository"),
        ("scorecard-rule", f"{README_RULE} {CART}"),
        ("level", f"{DROPPED} the repository"),
        ("level", f"{DROPPED} {CART}")]
    assert [(c["before"], c["after"]) for c in cause["consequences"][2:]] == [
        ("Managed", "Initial"), ("Managed", "Initial")]
    assert cause["consequences"][0]["fix"].startswith("Add a README.md beside the entity file")
    # No scorecard scores the Group or the System: nothing is said about them.
    text = json.dumps(result["regressions"])
    assert "group:" not in text and "system:" not in text
    status = {e["ref"]: e["status"] for e in result["entities"]}
    assert status == {"(repository)": "changed", CART: "changed",
                      "group:default/team-cart": "unchanged", "system:default/shop": "unchanged"}


def test_every_format_shows_the_same_grouping(git_repo: GitRepo) -> None:
    base = shop(git_repo)
    git_repo.write({"README.md": None})

    text = diff(git_repo, base).stdout.splitlines()
    assert text[1] == f"worse catalog-info.yaml:{CART_LINE}: gate-fact-regressed README.md was removed"
    assert [line.split(" gate-")[1] for line in text[2:6]] == [
        f"scorecard-rule {README_RULE} the repository",
        f"scorecard-rule {README_RULE} {CART}",
        f"level-dropped {DROPPED} the repository",
        f"level-dropped {DROPPED} {CART}"]
    assert all(line.startswith("      → ") for line in text[2:6])
    assert text[6].startswith("        fix: Add a README.md")
    assert text[-1].startswith("1 regression (4 consequences), 0 improvements")

    markdown = diff(git_repo, base, "--format", "markdown").stdout
    assert markdown.startswith("### ❌ catalog-lint: 1 regression\n")
    assert markdown.count("\n- ❌ ") == 1  # one cause ...
    assert markdown.count("\n  - ❌ ") == 4  # ... and its four consequences under it
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows == [
        "| Entity | Change | What changed |", "| --- | --- | --- |",
        "| ❌ the repository | changed | Operational maturity: Managed → Initial, "
        "rules passing 2 → 1 of 12 |",
        "| ❌ component:default/cart | changed | Operational maturity: Managed → Initial, "
        "rules passing 5 → 4 of 19 |"]
    assert "—" not in "".join(rows) and "26.3" not in markdown  # no dashes, no bare score

    annotations = [line for line in diff(git_repo, base, "--format", "github").stdout
                   .splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith(f"::error file=catalog-info.yaml,line={CART_LINE},")
    assert annotations[0].count("%0A→ ") == 4

    sarif = diff(git_repo, base, "--format", "sarif").json()["runs"][0]
    (result,) = sarif["results"]
    assert result["ruleId"] == "gate-fact-regressed"
    assert result["message"]["text"].startswith("README.md was removed. Consequences: ")
    assert [r["message"]["text"] for r in result["relatedLocations"]] == [
        f"{README_RULE} the repository.", f"{README_RULE} {CART}.",
        f"{DROPPED} the repository.", f"{DROPPED} {CART}."]


def test_a_finding_introduced_in_a_file_is_its_own_cause(git_repo: GitRepo) -> None:
    base = shop(git_repo)
    git_repo.write({"README.md": None,
                    "catalog-info.yaml": SHOP.replace("  lifecycle: production\n",
                                                      "  lifecycle: production\n  legacy: no\n")})

    result = gate(git_repo, base)

    assert result["counts"]["regressions"] == 2
    finding, readme = result["regressions"]
    assert (finding["kind"], finding["rule"], finding["consequences"]) == (
        "finding", "yaml11-value", [])
    assert finding["entity"] == CART
    assert readme["message"] == "README.md was removed"
    assert len(readme["consequences"]) == 4


def test_two_independent_causes(git_repo: GitRepo) -> None:
    base = shop(git_repo)
    git_repo.write({"README.md": None,
                    "catalog-info.yaml": SHOP.replace("  description: The cart service.\n", "")})

    result = gate(git_repo, base)

    assert result["counts"]["regressions"] == 2
    causes = {c["message"]: c for c in result["regressions"]}
    assert set(causes) == {"README.md was removed",
                           f"metadata.description was removed from {CART}"}
    description = causes[f"metadata.description was removed from {CART}"]
    assert (description["kind"], description["rule"], description["entity"]) == (
        "property", "gate-property-changed", CART)
    assert ("scorecard-rule",
            f"Operational maturity: rule 'Has a description' (Managed) fails now for {CART}"
            ) in consequences(description)
    # The component's level dropped once, under one of the two causes.
    everything = [c for cause in causes.values() for c in consequences(cause)]
    assert everything.count(("level", f"{DROPPED} {CART}")) == 1
    assert everything.count(("level", f"{DROPPED} the repository")) == 1
    assert result["counts"]["consequences"] == 5


def test_a_cause_with_no_consequences(git_repo: GitRepo) -> None:
    """CODEOWNERS coverage falls from 75% to 50%: the rule reading it (at least 50%)
    still passes, and the fall is still a regression."""
    base = ownership(git_repo, codeowners="*.yaml @acme/team-cart\nREADME.md @acme/team-cart\n")
    git_repo.write({"CODEOWNERS": "*.yaml @acme/team-cart\n"})

    outcome = diff(git_repo, base, "--format", "json")

    assert outcome.exit_code == 1
    result = outcome.json()["diff"]
    assert result["counts"]["regressions"] == 1
    (cause,) = result["regressions"]
    assert cause["message"] == "The share of files CODEOWNERS gives an owner fell from 75% to 50%"
    assert (cause["subject"], cause["before"], cause["after"]) == (
        "repo.codeowners.coverage", 0.75, 0.5)
    assert cause["consequences"] == []
    assert cause["file"] == "CODEOWNERS"  # the file the change is about
    # And the other way round it is an improvement, not a regression.
    head = git_repo.commit("fewer owners")
    git_repo.write({"CODEOWNERS": "*.yaml @acme/team-cart\nREADME.md @acme/team-cart\n"})
    back = gate(git_repo, head)
    assert back["counts"]["regressions"] == 0
    assert [c["message"] for c in back["improvements"]] == [
        "The share of files CODEOWNERS gives an owner rose from 50% to 75%"]


def test_a_falling_fact_that_turns_a_rule(git_repo: GitRepo) -> None:
    """Coverage 75% → 25% fails the rule (at least 50%) and drops the level."""
    base = ownership(git_repo, "owned",
                     codeowners="*.yaml @acme/team-cart\nREADME.md @acme/team-cart\n")
    git_repo.write({"CODEOWNERS": "/catalog-info.yaml @acme/team-cart\n"})

    (cause,) = gate(git_repo, base)["regressions"]

    assert cause["regression"] is True
    assert (cause["before"], cause["after"]) == (0.75, 0.25)
    assert consequences(cause) == [
        ("scorecard-rule", "Ownership: rule 'Half of the files have an owner' (Owned) fails "
                           "now for the repository"),
        ("level", "Ownership: level dropped from Owned to Listed for the repository")]


def test_a_level_that_drops_for_an_unknown_fact_says_why(git_repo: GitRepo) -> None:
    base = ownership(git_repo, "codeowners-file")
    git_repo.write({"CODEOWNERS": None})

    result = gate(git_repo, base)

    levels = [c for c in result["regressions"] if c["kind"] == "level"]
    assert [(c["message"], c["file"], c["entity"]) for c in levels] == [(
        "Ownership: level dropped from Owned to None for the repository: rule 'Has a "
        "CODEOWNERS file' (Listed) could not be evaluated on the head (no CODEOWNERS file "
        "(looked in .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS))", None, None)]
    # the rule itself turning unknown is not a regression of its own
    assert not [c for c in result["regressions"] if c["kind"] == "scorecard-rule"]


def test_json_report_round_trips_the_grouping(git_repo: GitRepo) -> None:
    """``comment --report`` reads the JSON back: causes keep their consequences. The
    report follows its published schema (the diff section is version 2)."""
    from catalog_lint.gate import result_of
    from catalog_lint.report import Report

    base = shop(git_repo)
    git_repo.write({"README.md": None})
    data = diff(git_repo, base, "--format", "json").json()
    schema = json.loads((resources.files("catalog_lint") / "schemas" / "report.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    assert data["diff"]["version"] == 2

    result = result_of(Report.from_dict(data))

    assert result is not None
    assert result.to_dict() == data["diff"]
    (cause,) = result.regressions
    assert [c.kind for c in cause.consequences] == ["scorecard-rule"] * 2 + ["level"] * 2


DELIVERY = """\
scorecards:
  select: [delivery]
  custom:
    - identifier: delivery
      title: Delivery
      appliesTo: {kinds: [Component]}
      levels: [None, Built]
      rules:
        - identifier: built
          title: Owned and built in CI
          level: Built
          description: Give it an owner and a CI workflow.
          query:
            combinator: and
            conditions:
              - {property: spec.owner, operator: isNotEmpty}
              - {fact: repo.ci.workflows, operator: isNotEmpty}
"""

SEARCH = """\
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search
  description: The search service.
spec:
  type: service
  lifecycle: production
  owner: team-cart
  system: shop
"""


def test_a_rule_mixing_entity_and_repository_conditions_regresses_for_each_entity(
        git_repo: GitRepo) -> None:
    """The scores section describes the rule once and shares the result of its repository
    condition between the entities: removing the CI workflow is still one cause, the rule
    failing for each entity and each level dropping under it, with the rule's title, level
    and fix from its definition."""
    base = shop(git_repo, **{"catalog-info.yaml": SHOP + SEARCH, ".catalog-lint.yaml": DELIVERY,
                             ".github/workflows/ci.yml": "on: push\njobs: {}\n"})
    git_repo.write({".github/workflows/ci.yml": None})

    result = gate(git_repo, base)

    (cause,) = result["regressions"]
    assert (cause["kind"], cause["subject"], cause["before"], cause["after"]) == (
        "fact", "repo.ci.workflows", [".github/workflows/ci.yml"], [])
    rule = "Delivery: rule 'Owned and built in CI' (Built) fails now for"
    dropped = "Delivery: level dropped from Built to None for"
    search = "component:default/search"
    assert consequences(cause) == [
        ("scorecard-rule", f"{rule} {CART}"), ("scorecard-rule", f"{rule} {search}"),
        ("level", f"{dropped} {CART}"), ("level", f"{dropped} {search}")]
    assert {c["fix"] for c in cause["consequences"][:2]} == {
        "Give it an owner and a CI workflow."}
    # the entity half of the rule regresses on its own too
    git_repo.write({".github/workflows/ci.yml": "on: push\njobs: {}\n",
                    "catalog-info.yaml": SHOP + SEARCH.replace("  owner: team-cart\n", "")})
    messages = [c["message"] for cause in gate(git_repo, base)["regressions"]
                for c in cause["consequences"]]
    assert f"{rule} {search}" in messages and f"{rule} {CART}" not in messages
