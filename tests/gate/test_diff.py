"""``catalog-lint diff`` against real repositories: base and head commits built with
git, the head read from the working tree or from a commit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from catalog_lint.findings import Finding, Severity
from catalog_lint.gate import compare
from catalog_lint.report import Report
from tests.cli_helpers import Outcome, run_cli
from tests.gitrepo import GitRepo

TEAM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-cart
spec:
  type: team
  children: []
"""


def component(name: str, *, extra: str = "", legacy: str = '"no"') -> str:
    """A Component; ``legacy: no`` unquoted is a yaml11-value warning, ``extra`` lines go
    into metadata (a second ``name:`` there is a duplicate-key error)."""
    return (
        "apiVersion: backstage.io/v1alpha1\n"
        "kind: Component\n"
        "metadata:\n"
        f"  name: {name}\n"
        f"{extra}"
        "  labels:\n"
        f"    legacy: {legacy}\n"
        "spec:\n"
        "  type: service\n"
        "  lifecycle: production\n"
        "  owner: team-cart\n"
    )


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_SHA", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)


def diff(repo: GitRepo, *args: str, cwd: Path | None = None) -> Outcome:
    return run_cli(["diff", *args], cwd or repo.path)


def gate(outcome: Outcome) -> dict:
    return outcome.json()["diff"]


def rules(changes: list[dict]) -> list[str]:
    return sorted(c["rule"] for c in changes)


def unchanged(outcome: Outcome, rule: str) -> int:
    """Findings of ``rule`` on the head that were already on the base (repository-wide
    rules, such as CODEOWNERS coverage, add their own on both sides)."""
    on_head = sum(1 for f in outcome.json()["findings"] if f["rule"] == rule)
    return on_head - rules(gate(outcome)["regressions"]).count(rule)


def test_new_finding_is_a_regression(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    git_repo.write({"catalog-info.yaml": component("cart", legacy="no")})

    outcome = diff(git_repo, "--base", base, "--format", "json")

    assert outcome.exit_code == 1, outcome.stderr
    result = gate(outcome)
    assert rules(result["regressions"]) == ["yaml11-value"]
    regression = result["regressions"][0]
    assert regression["file"] == "catalog-info.yaml"
    assert regression["line"] == 6
    assert regression["entity"] == "component:default/cart"
    assert result["base"]["revision"] == base
    assert result["head"]["revision"] is None  # the working tree
    assert result["failed"] is True


def test_finding_already_on_base_does_not_fail(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart", legacy="no")})
    # Unrelated edits move the finding down two lines: same fingerprint, no regression.
    git_repo.write({"catalog-info.yaml": "# the cart service\n# owned by team-cart\n"
                    + component("cart", legacy="no")})

    outcome = diff(git_repo, "--base", base, "--format", "json")

    assert outcome.exit_code == 0, outcome.stdout
    result = gate(outcome)
    assert result["regressions"] == []
    assert unchanged(outcome, "yaml11-value") == 1
    assert [f["line"] for f in outcome.json()["findings"] if f["rule"] == "yaml11-value"] == [8]


def test_fixed_finding_is_listed(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {
        "team.catalog-info.yaml": TEAM,
        "catalog-info.yaml": component("cart", legacy="no", extra="  name: cart\n"),
    })
    head = git_repo.commit("fix", {"catalog-info.yaml": component("cart")})

    outcome = diff(git_repo, "--base", base, "--head", head, "--format", "json")

    assert outcome.exit_code == 0
    result = gate(outcome)
    assert rules(result["improvements"]) == ["duplicate-key", "yaml11-value"]
    assert all(not c["regression"] for c in result["improvements"])
    text = diff(git_repo, "--base", base, "--head", head)
    assert "fixed catalog-info.yaml:5:3: error duplicate-key" in text.stdout
    assert "0 regressions, 2 improvements" in text.stdout


def test_head_commit_is_read_from_git_objects(git_repo: GitRepo) -> None:
    """--head names a commit: the working tree (here clean, and different) is not read."""
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    bad = git_repo.commit("bad", {"catalog-info.yaml": component("cart", legacy="no")})
    git_repo.commit("good again", {"catalog-info.yaml": component("cart")})

    outcome = diff(git_repo, "--base", base, "--head", bad, "--format", "json")

    assert outcome.exit_code == 1
    assert rules(gate(outcome)["regressions"]) == ["yaml11-value"]
    assert gate(outcome)["head"]["revision"] == bad
    assert diff(git_repo, "--base", base).exit_code == 0  # the working tree is fine


def test_duplicates_compare_as_multisets(git_repo: GitRepo) -> None:
    one = component("cart", extra="  name: cart\n")
    two = component("cart", extra="  name: cart\n  name: cart\n")
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": one})
    git_repo.write({"catalog-info.yaml": two})

    outcome = diff(git_repo, "--base", base, "--format", "json")

    assert outcome.exit_code == 1
    result = gate(outcome)
    assert rules(result["regressions"]) == ["duplicate-key"]
    assert unchanged(outcome, "duplicate-key") == 1


def test_new_entity_file_and_new_folder(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    git_repo.write({"payments/catalog-info.yaml": component("payments", legacy="off")})

    whole = diff(git_repo, "--base", base, "--format", "json")
    scoped = diff(git_repo, "--base", base, "payments", "--format", "json")

    assert whole.exit_code == 1, whole.stderr
    assert rules(gate(whole)["regressions"]) == ["yaml11-value"]
    # The folder is new: the base has nothing there, and everything in it is new (its
    # owner is outside the folder, so the scoped run cannot resolve it either).
    assert scoped.exit_code == 1, scoped.stderr
    assert "yaml11-value" in rules(gate(scoped)["regressions"])
    assert unchanged(scoped, "yaml11-value") == 0
    entities = {e["ref"]: e["status"] for e in gate(whole)["entities"]}
    assert entities["component:default/payments"] == "added"
    assert entities["component:default/cart"] == "unchanged"


def test_run_from_a_sub_folder_checks_that_folder(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "a/catalog-info.yaml": component("a"),
                                    "b/catalog-info.yaml": component("b")})
    git_repo.write({"b/catalog-info.yaml": component("b", legacy="yes")})

    in_a = diff(git_repo, "--base", base, "--format", "json", cwd=git_repo.path / "a")
    in_b = diff(git_repo, "--base", base, "--format", "json", cwd=git_repo.path / "b")

    assert in_a.exit_code == 0
    assert in_b.exit_code == 1
    # Paths stay relative to the repository root, as annotations and SARIF need them.
    assert gate(in_b)["regressions"][0]["file"] == "b/catalog-info.yaml"


def test_fail_on_any_and_never(git_repo: GitRepo) -> None:
    old_error = component("cart", extra="  name: cart\n")
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": old_error})

    assert diff(git_repo, "--base", base).exit_code == 0
    assert diff(git_repo, "--base", base, "--fail-on", "any").exit_code == 1
    git_repo.write({"catalog-info.yaml": component("cart", legacy="no",
                                                   extra="  name: cart\n")})
    assert diff(git_repo, "--base", base).exit_code == 1
    assert diff(git_repo, "--base", base, "--fail-on", "never").exit_code == 0


def test_fail_on_from_config(git_repo: GitRepo) -> None:
    old_error = component("cart", extra="  name: cart\n")
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM, "catalog-info.yaml": old_error,
                                    ".catalog-lint.yaml": "gate:\n  fail-on: any\n"})
    assert diff(git_repo, "--base", base).exit_code == 1
    assert diff(git_repo, "--base", base, "--fail-on", "regression").exit_code == 0


def test_unknown_base_exits_2(git_repo: GitRepo) -> None:
    git_repo.commit("base", {"catalog-info.yaml": component("cart")})

    outcome = diff(git_repo, "--base", "no-such-branch")

    assert outcome.exit_code == 2
    assert "no-such-branch: no such commit, branch or tag" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_shallow_clone_without_base_says_how_to_fix(git_repo: GitRepo, tmp_path: Path) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    git_repo.commit("head", {"catalog-info.yaml": component("cart", legacy="no")})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo.path}",
                    str(clone)], check=True, capture_output=True)

    outcome = run_cli(["diff", "--base", base], clone)

    assert outcome.exit_code == 2
    message = outcome.stderr.strip()
    assert message.count("\n") == 0, message  # one line
    assert f"base {base}: not in this clone, which is shallow" in message
    assert "fetch-depth: 0" in message
    fix = f"git fetch --depth=1 origin {base}"
    assert fix in message
    subprocess.run(fix.split(), cwd=clone, check=True, capture_output=True)  # the fix works
    assert run_cli(["diff", "--base", base], clone).exit_code == 1  # the gate ran: a new finding


def test_not_a_repository(tmp_path: Path) -> None:
    outcome = run_cli(["diff", "--base", "main"], tmp_path)
    assert outcome.exit_code == 2
    assert "not inside a git repository" in outcome.stderr


def test_base_defaults_to_the_pull_request_base(git_repo: GitRepo, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    git_repo.write({"catalog-info.yaml": component("cart", legacy="no")})
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7, "base": {"sha": base},
                                                  "head": {"sha": "0" * 40}}}))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))

    outcome = diff(git_repo, "--format", "json")

    assert outcome.exit_code == 1
    assert gate(outcome)["base"]["revision"] == base
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    assert diff(git_repo).exit_code == 2  # no --base and no event: a usage error


def test_write_extra_formats_and_step_summary(git_repo: GitRepo, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    base = git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                                    "catalog-info.yaml": component("cart")})
    head = git_repo.commit("head", {"catalog-info.yaml": component("cart", legacy="no")})
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/shop")
    sarif, report = tmp_path / "out.sarif", tmp_path / "report.json"

    outcome = diff(git_repo, "--base", base, "--format", "github",
                   "--write", f"sarif:{sarif}", "--write", f"json:{report}")

    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("::warning file=catalog-info.yaml,line=6,")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert json.loads(report.read_text())["diff"]["counts"]["regressions"] == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n### ❌ catalog-lint: 1 regression")
    # New findings link to the file and line in the head commit.
    assert f"](https://github.com/acme/shop/blob/{head}/catalog-info.yaml#L6)" in text
    bad = diff(git_repo, "--base", base, "--write", "nonsense")
    assert bad.exit_code == 2 and "FORMAT:FILE" in bad.stderr


# -- the pure comparison ------------------------------------------------------------------


def finding(rule: str, message: str, line: int, severity: Severity = Severity.ERROR,
            entity: str | None = "component:default/cart") -> Finding:
    from catalog_lint.findings import fingerprint

    return Finding(rule, severity, message, "catalog-info.yaml", line, 1, "", entity,
                   fingerprint(rule, "catalog-info.yaml", entity, "", message))


def test_compare_is_a_pure_function_of_two_reports() -> None:
    base = Report(root="", files=[], findings=[finding("a", "old", 3), finding("b", "gone", 4)],
                  entities=[{"ref": "component:default/cart", "file": "catalog-info.yaml",
                             "line": 1}])
    head = Report(root="", files=[], findings=[finding("a", "old", 9), finding("c", "new", 2)],
                  entities=[{"ref": "component:default/cart", "file": "catalog-info.yaml",
                             "line": 1}])

    result = compare(base, head)
    again = compare(Report.from_dict(base.to_dict()), Report.from_dict(head.to_dict()))

    assert [f.rule for f in result.new_findings] == ["c"]
    assert [f.rule for f in result.fixed_findings] == ["b"]
    assert result.unchanged == 1
    assert result.to_dict() == again.to_dict()
    (cart,) = result.entities
    assert (cart.status, cart.new, cart.fixed) == ("changed", 1, 1)
    assert result.fails() and result.fails("any") and not result.fails("never")
    assert not compare(base, base).fails()
    assert compare(base, base).fails("any")  # base has error-level findings


# -- scorecards and facts -----------------------------------------------------------------

OWNED = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  description: The cart service.
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""


def test_level_scorecard_rule_and_fact_regressions(git_repo: GitRepo) -> None:
    base = git_repo.commit("base", {
        "team.catalog-info.yaml": TEAM, "catalog-info.yaml": OWNED,
        "CODEOWNERS": "* @acme/team-cart\n", "README.md": "# cart\n",
    })
    # The description goes, and CODEOWNERS stops covering the entity's file.
    git_repo.write({"catalog-info.yaml": OWNED.replace("  description: The cart service.\n", ""),
                    "CODEOWNERS": "/docs/ @acme/team-cart\n"})

    outcome = diff(git_repo, "--base", base, "--format", "json")

    assert outcome.exit_code == 1
    result = gate(outcome)
    causes = {c["message"]: c for c in result["regressions"] if c["kind"] != "finding"}
    # Two causes, each with what it changed under it.
    description = causes["metadata.description was removed from component:default/cart"]
    assert description["kind"] == "property"
    assert description["file"] == "catalog-info.yaml"
    assert [(c["kind"], c["subject"], c["before"], c["after"])
            for c in description["consequences"]] == [
        ("scorecard-rule", "operational-maturity/description", "pass", "fail"),
        ("level", "operational-maturity", "Managed", "Initial")]
    covered = causes["CODEOWNERS no longer gives an owner to component:default/cart"]
    assert (covered["kind"], covered["subject"], covered["before"], covered["after"]) == (
        "fact", "entity.codeowners.covered", True, False)
    assert covered["file"] == "CODEOWNERS"  # the file the change is about
    assert [c["subject"] for c in covered["consequences"]] == ["operational-maturity/codeowners"]
    (cart,) = [e for e in result["entities"] if e["ref"] == "component:default/cart"]
    card = cart["scorecards"]["operational-maturity"]
    assert card["passed_after"] == card["passed_before"] - 2
    assert card["score_after"] < card["score_before"]

    # And back: the same changes are improvements.
    head = git_repo.commit("worse")
    git_repo.write({"catalog-info.yaml": OWNED, "CODEOWNERS": "* @acme/team-cart\n"})
    back = gate(diff(git_repo, "--base", head, "--format", "json"))
    assert {c["kind"] for c in back["improvements"]} >= {"property", "fact"}
    assert {c["kind"] for i in back["improvements"] for c in i["consequences"]} == {
        "level", "scorecard-rule"}
    assert not [c for c in back["regressions"] if c["kind"] != "finding"]


def test_restated_finding_is_not_new() -> None:
    """Same rule, file, entity and path, another message (a percentage moved): one
    finding restated, not one fixed and one new."""
    before = finding("codeowners-coverage", "40% of files have an owner", 1, entity=None)
    after = finding("codeowners-coverage", "38% of files have an owner", 1, entity=None)
    result = compare(Report(root="", files=[], findings=[before]),
                     Report(root="", files=[], findings=[after]))
    assert result.regressions == [] and result.improvements == []
    assert result.unchanged == 1


def test_base_defaults_to_the_upstream_branch(git_repo: GitRepo) -> None:
    git_repo.commit("base", {"team.catalog-info.yaml": TEAM,
                             "catalog-info.yaml": component("cart")})
    git_repo.branch("feature")
    git_repo.checkout("feature")
    git_repo.git("branch", "--set-upstream-to", "main")
    git_repo.commit("worse", {"catalog-info.yaml": component("cart", legacy="no")})

    outcome = diff(git_repo, "--format", "json")

    assert outcome.exit_code == 1
    assert gate(outcome)["base"]["revision"] == git_repo.git("rev-parse", "main")


def test_fingerprints_are_sha256_whichever_module_computes_them() -> None:
    """A base report written by one Python (hashlib, OpenSSL) and a head report by
    another (its built-in SHA-256 module) must agree, or every finding is new."""
    import hashlib

    from catalog_lint.findings import fingerprint

    parts = ("blueprint-schema", "apps/café/catalog-info.yaml", "component:default/cart",
             "spec.owner", "must be a string")
    expected = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    assert fingerprint(*parts) == expected
