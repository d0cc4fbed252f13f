"""SARIF that GitHub code scanning accepts, from real runs of ``validate``, ``check`` and
``diff`` in real repositories: every result at a file of the repository (relative to its
root), fingerprints, provenance without credentials, and no error or warning from
Microsoft's validator with GitHub's ingestion rules."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from catalog_lint.findings import Finding, Severity, fingerprint
from catalog_lint.report import FileRecord, Report
from catalog_lint.reporters.sarif import build
from catalog_lint.reporters.sarif_repository import public_url, repository_uri
from tests.cli_helpers import run_cli
from tests.gate.repos import SHOP, ownership, shop
from tests.gitrepo import GitRepo
from tests.http_server import StaticServer
from tests.reporters.multitool import multitool_validate
from tests.reporters.samples import gate_report, hostile_report, plain_report

TOKEN = "ghs_s3cr3tT0k3nThatMustNeverShow"
REMOTE = f"https://x-access-token:{TOKEN}@github.com/acme/shop.git"
YAML11 = SHOP.replace("  lifecycle: production\n", "  lifecycle: production\n  legacy: no\n")


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_SHA", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)


def sarif(args: list[str], cwd: Path) -> dict:
    outcome = run_cli([*args, "--format", "sarif"], cwd)
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert TOKEN not in outcome.stdout
    return outcome.json()


def assert_anchored(document: dict, repo: Path) -> list[str]:
    """Every result, and every related location, names a file of ``repo`` relative to its
    root; returns the results' URIs."""
    (run,) = document["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    uris = []
    for result in run["results"]:
        assert result["partialFingerprints"]["catalogLint/v1"]
        places = [result["locations"][0], *result.get("relatedLocations", [])]
        for place in places:
            artifact = place["physicalLocation"]["artifactLocation"]
            assert artifact["uriBaseId"] == "%SRCROOT%"
            assert (repo / unquote(artifact["uri"])).is_file(), artifact
            assert place["physicalLocation"]["region"]["startLine"] >= 1
        uris.append(unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]))
    return uris


def test_validate_from_a_sub_folder_names_files_from_the_root(git_repo: GitRepo,
                                                              tmp_path: Path) -> None:
    """Failed before: the URI was relative to the current folder and %SRCROOT% was that
    folder, so code scanning looked for catalog-info.yaml at the repository root."""
    git_repo.commit("base", {"services/cart/catalog-info.yaml": YAML11, "README.md": "# x\n"})
    git_repo.git("remote", "add", "origin", REMOTE)
    outside = tmp_path / "elsewhere" / "catalog-info.yaml"
    outside.parent.mkdir()
    outside.write_text(YAML11, encoding="utf-8")

    document = sarif(["validate", ".", str(outside)], git_repo.path / "services")

    uris = assert_anchored(document, git_repo.path)
    results = document["runs"][0]["results"]
    inside = [r for r in results if "properties" not in r or "location" not in r["properties"]]
    assert {uris[results.index(r)] for r in inside} == {"services/cart/catalog-info.yaml"}
    # The file outside the repository: shown at the root entity file, saying where it is.
    away = [r for r in results if "location" in r.get("properties", {})]
    assert {r["ruleId"] for r in away} == {"yaml11-value", "duplicate-entity"}
    assert all(r["message"]["text"].startswith(f"In {outside} (line ") for r in away)
    assert [r["properties"]["location"] for r in away] == [str(outside)] * len(away)
    assert {uris[results.index(r)] for r in away} == {"services/cart/catalog-info.yaml"}
    (provenance,) = document["runs"][0]["versionControlProvenance"]
    assert provenance == {"repositoryUri": "https://github.com/acme/shop",
                          "revisionId": git_repo.head(), "branch": "main",
                          "mappedTo": {"uriBaseId": "%SRCROOT%"}}


def test_a_fetched_catalog_is_shown_at_the_repository(git_repo: GitRepo,
                                                      static_server: StaticServer) -> None:
    url = static_server.serve("/teams.yaml", YAML11)
    git_repo.commit("base", {"catalog-info.yaml": (
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: remote\n"
        f"spec:\n  targets:\n    - {url}\n")})

    document = sarif(["validate", "--allow-url", "--follow-urls"], git_repo.path)

    uris = assert_anchored(document, git_repo.path)
    fetched = [r for r in document["runs"][0]["results"] if r["ruleId"] == "yaml11-value"]
    assert fetched and all(r["message"]["text"].startswith(f"In {url} (line ") for r in fetched)
    assert set(uris) == {"catalog-info.yaml"}


def test_check_anchors_repository_level_findings(git_repo: GitRepo) -> None:
    """A detached HEAD (as in CI) is a repository-level finding (file '.'): failed before,
    it had no location."""
    shop(git_repo)
    git_repo.git("checkout", "-q", "--detach")

    document = sarif(["check"], git_repo.path)

    results = document["runs"][0]["results"]
    states = [r for r in results if r["ruleId"] == "git-state"]
    assert states, [r["ruleId"] for r in results]
    assert set(assert_anchored(document, git_repo.path)) >= {"catalog-info.yaml"}
    assert "versionControlProvenance" not in document["runs"][0]  # no remote: nothing said


def test_diff_causes_are_anchored(git_repo: GitRepo) -> None:
    base = shop(git_repo)
    git_repo.write({"README.md": None, "catalog-info.yaml": YAML11})

    document = sarif(["diff", "--base", base], git_repo.path)

    uris = assert_anchored(document, git_repo.path)
    results = document["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"]) for r in results] == [
        ("yaml11-value", "new"), ("gate-fact-regressed", "new")]
    assert uris == ["catalog-info.yaml", "catalog-info.yaml"]
    assert len(results[1]["relatedLocations"]) == 4


def test_sarif_of_every_command_passes_githubs_rules(git_repo: GitRepo, tmp_path: Path,
                                                     multitool: Path) -> None:
    """validate, check, and diff with a level drop, a fact regression, a repository-level
    scorecard rule and a level that dropped for an unknown fact (shown at the repository's
    root entity file), and the reporter's samples (hostile text included): zero errors and
    zero warnings. First, that the validator does catch what GitHub rejects: a result
    without a location (GH1015, as ``diff`` wrote before) and a rule index out of range."""
    broken = build(plain_report())
    broken["runs"][0]["results"][0]["ruleIndex"] = 99
    del broken["runs"][0]["results"][1]["locations"]
    logs: dict[str, dict] = {"broken": broken, "plain": build(plain_report()),
                             "hostile": build(hostile_report()), "gate": build(gate_report())}

    base = shop(git_repo, **{"services/api/catalog-info.yaml": YAML11})
    git_repo.git("remote", "add", "origin", REMOTE)
    logs["validate"] = sarif(["validate"], git_repo.path / "services")
    git_repo.git("checkout", "-q", "--detach")
    logs["check"] = sarif(["check"], git_repo.path)
    git_repo.write({"README.md": None, "catalog-info.yaml": YAML11})
    logs["diff"] = sarif(["diff", "--base", base], git_repo.path)

    other = GitRepo.init(tmp_path / "ownership")
    unknown_base = ownership(other, "codeowners-file")
    other.write({"CODEOWNERS": None})
    logs["diff-unknown"] = sarif(["diff", "--base", unknown_base], other.path)
    assert_anchored(logs["diff-unknown"], other.path)
    assert [r["ruleId"] for r in logs["diff-unknown"]["runs"][0]["results"]] == [
        "codeowners-coverage", "gate-level-dropped"]

    found = multitool_validate(multitool, logs, tmp_path)

    assert {("error", "SARIF1009"), ("error", "GH1015")} <= set(found.pop("broken"))
    assert found == {name: [] for name in logs if name != "broken"}


# -- pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(("remote", "uri"), [
    (REMOTE, "https://github.com/acme/shop"),
    ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
    ("ssh://git@github.example.com:2222/acme/shop.git", "https://github.example.com/acme/shop"),
    ("https://oauth2:glpat-xyz@gitlab.com/group/sub/shop.git",
     "https://gitlab.com/group/sub/shop"),
    ("/srv/git/shop.git", None),
    ("file:///srv/git/shop.git", None),
    ("", None),
])
def test_remotes_become_repository_uris_without_credentials(remote: str, uri: str | None
                                                             ) -> None:
    assert repository_uri(remote) == uri


def test_urls_lose_credentials_and_query() -> None:
    assert public_url("https://bot:t0k3n@example.com:8443/cat.yaml?token=abc#x") == (
        "https://example.com:8443/cat.yaml")


def test_a_report_read_back_without_files_still_has_locations(tmp_path: Path) -> None:
    """A report with repository-level findings and nothing else to anchor them at (no
    entity, no file read in the folder): the first file at the root of the folder stands
    in."""
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".hidden").write_text("h", encoding="utf-8")
    finding = Finding("git-state", Severity.INFO, "detached HEAD", ".", 1, 1, "", None,
                      fingerprint("git-state", ".", None, "", "detached HEAD"))
    url = "https://u:p@example.com/x.yaml?sig=1"
    fetched = Finding("yaml11-value", Severity.WARNING, "unquoted no", url, 3, 1, "", None,
                      fingerprint("yaml11-value", url, None, "", "unquoted no"))
    report = Report(root=str(tmp_path), files=[FileRecord(url, 1, 0)],
                    findings=[finding, fetched])

    results = build(report)["runs"][0]["results"]

    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "a.txt", "a.txt"]
    assert results[1]["message"]["text"] == ("In https://example.com/x.yaml (line 3): "
                                             "unquoted no.")
    assert "u:p@" not in json.dumps(results) and "sig=" not in json.dumps(results)
