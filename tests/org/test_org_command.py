"""``catalog-lint org`` on reports of real ``check`` runs: the organisation catalog,
cross-repository resolution, maturity, trends, formats and exit codes."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from tests.cli_helpers import run_cli
from tests.org.repos import Reports


def org(reports: Reports, *args: str) -> tuple[int, str, str]:
    outcome = run_cli(["org", str(reports.folder), *args], reports.folder.parent)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def document(reports: Reports, *args: str) -> dict[str, Any]:
    code, out, err = org(reports, "--format", "json", "--fail-on", "never", *args)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_the_json_document_follows_its_schema(reports: Reports) -> None:
    schema = json.loads((resources.files("catalog_lint") / "schemas" / "org.schema.json").read_text())
    jsonschema.validate(document(reports), schema)


def test_every_entity_is_listed_with_its_repository_file_line_and_link(reports: Reports) -> None:
    data = document(reports)
    by_ref = {e["ref"]: e for e in data["entities"]}
    assert set(by_ref) == {"group:default/team-a", "group:default/team-b", "user:default/ada",
                           "domain:default/shop", "system:default/cart", "component:default/shared-lib",
                           "component:default/cart-service", "api:default/cart-api",
                           "component:default/search-service"}
    cart = by_ref["component:default/cart-service"]
    commit = reports.repos["cart"].git("rev-parse", "HEAD")
    assert (cart["repository"], cart["file"], cart["line"]) == ("acme/cart", "catalog-info.yaml", 1)
    assert cart["url"] == f"https://github.com/acme/cart/blob/{commit}/catalog-info.yaml#L1"
    # the latest report of a repository speaks for it; the earlier one feeds the trends
    cart_repo = next(r for r in data["repositories"] if r["name"] == "acme/cart")
    assert cart_repo["reports"] == 2 and cart_repo["report"].endswith("cart.json")


def test_references_resolve_across_repositories(reports: Reports) -> None:
    data = document(reports)
    summary = data["summary"]
    # cart-service → team-a, system cart (platform); cart-api → ada, cart (platform);
    # search-service → cart (platform), cart-api (cart); each repository alone cannot see them
    assert summary["cross_repository"] == 6
    assert {(c["from"], c["to"]): c["references"] for c in data["cross_references"]} == {
        ("acme/cart", "acme/platform"): 4, ("acme/search", "acme/platform"): 1,
        ("acme/search", "acme/cart"): 1}
    cart = reports.load("cart")
    unresolved = [f for f in cart["findings"] if f["rule"] == "unresolved-reference"]
    assert len(unresolved) == 5  # what the cart repository's own check could not resolve


def test_dangling_references_are_listed_per_repository_with_did_you_mean(reports: Reports) -> None:
    data = document(reports)
    dangling = {(d["repository"], d["target"]): d for d in data["dangling"]}
    assert set(dangling) == {("acme/cart", "component:default/shared-libb"),
                             ("acme/search", "group:default/team-nobody")}
    typo = dangling[("acme/cart", "component:default/shared-libb")]
    assert typo["suggestions"] == ["component:default/shared-lib"]
    assert typo["entity"] == "component:default/cart-service" and typo["relation"] == "dependsOn"
    assert typo["severity"] == "warning"
    assert next(r for r in data["repositories"] if r["name"] == "acme/search")["dangling"] == 1


def test_an_entity_defined_in_two_repositories_is_an_error(reports: Reports) -> None:
    data = document(reports)
    [duplicate] = data["duplicates"]
    assert duplicate["ref"] == "component:default/shared-lib"
    assert [d["repository"] for d in duplicate["definitions"]] == ["acme/platform", "acme/search"]
    assert data["summary"]["problems"] == {"error": 1, "warning": 2}


def test_owners_and_teams(reports: Reports) -> None:
    data = document(reports)
    owners = {o["ref"]: o for o in data["owners"]}
    assert owners["group:default/team-a"]["entities"] == [
        "component:default/cart-service", "component:default/shared-lib",
        "domain:default/shop", "system:default/cart"]
    assert owners["group:default/team-a"]["repository"] == "acme/platform"
    assert owners["group:default/team-nobody"]["repository"] is None
    by_ref = {e["ref"]: e for e in data["entities"]}
    # a user's entity belongs to the user's team; the system's domain reaches its members
    api = by_ref["api:default/cart-api"]
    assert (api["owner"], api["team"], api["domain"]) == ("user:default/ada", "group:default/team-b",
                                                         "domain:default/shop")


def test_maturity_per_team_and_failing_rules_ranked(reports: Reports) -> None:
    data = document(reports)
    card = data["maturity"]["operational-maturity"]
    assert card["entities"]["Managed"] == 2  # cart-service and cart-api, with README and CODEOWNERS
    assert card["by_team"]["group:default/team-b"]["Managed"] == 1
    assert card["by_system"]["system:default/cart"] == {
        "Initial": 1, "Managed": 2, "Defined": 0, "Quantitatively managed": 0, "Optimized": 0}
    rules = data["failing_rules"]
    held = [r["holds_back"] + r["repositories_held_back"] for r in rules]
    assert held == sorted(held, reverse=True)
    readme = next(r for r in rules if r["rule"] == "readme")
    assert readme["holds_back"] == 2 and readme["fix"].startswith("Add a README")
    cart_service = next(e for e in data["entities"] if e["ref"] == "component:default/cart-service")
    assert cart_service["scores"]["operational-maturity"]["next"] == "Defined"


def test_trends_show_levels_and_rules_moving(reports: Reports) -> None:
    trend = document(reports)["trends"]
    assert trend["days"] == ["2024-05-27", "2024-06-03"]
    assert trend["repositories"] == [1, 3]
    moves = {(m["entity"], m["from"], m["to"]) for m in trend["moves"]}
    assert moves == {("component:default/cart-service", "Initial", "Managed"),
                     ("api:default/cart-api", "Initial", "Managed")}
    codeowners = next(r for r in trend["rules"] if r["rule"] == "codeowners")
    assert codeowners["held_back"][0] == 3  # the cart repository alone, before CODEOWNERS


def test_no_trends_from_one_report_per_repository(reports: Reports, tmp_path: Path) -> None:
    for name in ("platform", "cart"):
        shutil.copy(reports.folder / f"{name}.json", tmp_path / f"{name}.json")
    outcome = run_cli(["org", str(tmp_path), "--format", "json"], tmp_path)
    assert outcome.json()["trends"] is None


def test_exit_codes_follow_fail_on_and_complete(reports: Reports) -> None:
    assert org(reports)[0] == 1  # the duplicate is an error
    assert org(reports, "--fail-on", "never")[0] == 0
    lone = reports.folder.parent / "lone"
    lone.mkdir(exist_ok=True)
    shutil.copy(reports.folder / "cart.json", lone / "cart.json")
    assert run_cli(["org", str(lone)], lone).exit_code == 0  # dangling: warnings
    assert run_cli(["org", str(lone), "--fail-on", "warning"], lone).exit_code == 1
    outcome = run_cli(["org", str(lone), "--complete", "--format", "json"], lone)
    assert outcome.exit_code == 1
    assert {d["severity"] for d in outcome.json()["dangling"]} == {"error"}


def test_text_output(reports: Reports) -> None:
    code, out, _ = org(reports)
    assert code == 1
    assert "did you mean component:default/shared-lib?" in out
    assert "error component:default/shared-lib: acme/platform (catalog-info.yaml:26), acme/search" in out
    assert "up: acme/cart component:default/cart-service operational-maturity Initial → Managed" in out
    assert out.rstrip().endswith("3 repositories, 9 entities, 6 cross-repository references, 2 dangling, "
                                 "1 defined twice: 1 error, 2 warnings")


def test_markdown_output(reports: Reports) -> None:
    code, out, _ = org(reports, "--format", "markdown", "--fail-on", "never")
    assert code == 0
    assert "| [acme/cart](https://github.com/acme/cart) |" in out
    assert "### Cross-repository problems" in out
    assert "- ⬆️ component:default/cart-service (acme/cart): Initial → Managed" in out


def test_a_catalog_export_counts_as_a_repository(reports: Reports, tmp_path: Path) -> None:
    outcome = run_cli(["export", "-o", str(tmp_path / "platform-export.json")], reports.repos["platform"].path)
    assert outcome.exit_code == 0, outcome.stderr
    shutil.copy(reports.folder / "cart.json", tmp_path / "cart.json")
    data = run_cli(["org", str(tmp_path), "--format", "json", "--fail-on", "never"], tmp_path).json()
    platform = next(r for r in data["repositories"] if r["kind"] == "export")
    assert platform["entities"] == 6
    # the export's entities resolve the cart's references
    assert {d["target"] for d in data["dangling"]} == {"component:default/shared-libb"}


def test_the_html_dashboard_is_one_self_contained_file(reports: Reports, tmp_path: Path) -> None:
    output = tmp_path / "dashboard.html"
    code, _, err = org(reports, "--format", "html", "-o", str(output), "--fail-on", "never")
    assert code == 0, err
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for fetched in ("src=", "<link", "@import", "url(", "http://", "https://fonts"):
        assert fetched not in page.split('<script type="application/json"')[0]


def test_score_writes_the_same_page_for_one_repository(reports: Reports, tmp_path: Path) -> None:
    output = tmp_path / "maturity.html"
    outcome = run_cli(["score", "--format", "html", "-o", str(output)], reports.repos["cart"].path)
    assert outcome.exit_code == 0, outcome.stderr
    page = output.read_text(encoding="utf-8")
    assert "<title>Maturity of acme/cart</title>" in page
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    assert [row[0] for row in data["entities"]] == ["component:default/cart-service", "api:default/cart-api"]


def test_reading_in_parallel_gives_the_same_document(reports: Reports) -> None:
    serial = document(reports, "--jobs", "1")
    parallel = document(reports, "--jobs", "2")  # forked reading processes, results pickled back
    assert serial == parallel
