"""The dashboard in a real browser: headless Chromium renders the page made from real
reports; the tests read the rendered DOM, use the filters, sorting and keyboard as a
person would, and keep screenshots (in the folder printed at the end of the run)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli
from tests.org import browser
from tests.org.repos import Reports

pytestmark = pytest.mark.skipif(browser.missing() is not None, reason=browser.missing() or "")
if browser.missing() is None:
    from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
#: Where `CATALOG_LINT_SCREENSHOT=1 pytest tests/org/test_dashboard_browser.py` writes the README's picture.
README_SCREENSHOT = ROOT / "docs" / "images" / "dashboard.png"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with browser.chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of the pages the tests saw."""
    return tmp_path_factory.mktemp("dashboard-screenshots")


def dashboard(folder: Path, output: Path, *args: str) -> Path:
    outcome = run_cli(["org", str(folder), "--format", "html", "-o", str(output),
                       "--fail-on", "never", *args], folder)
    assert outcome.exit_code == 0, outcome.stderr
    return output


class Page:
    """An opened dashboard, with what the browser said while loading it."""

    def __init__(self, context: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type in ("error", "warning") else None)
        self.page.on("request", lambda request: self.errors.append(f"fetched {request.url}")
                     if not request.url.startswith(("file:", "data:")) else None)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready]")

    def refs(self) -> list[str]:
        result: list[str] = self.page.eval_on_selector_all(
            "#entity-rows tr", "rows => rows.map(r => r.dataset.ref)")
        return result

    def count(self) -> str:
        text: str = self.page.inner_text("#count")
        return text


@pytest.fixture
def opened(context: Any, reports: Reports, tmp_path: Path) -> Iterator[Page]:
    page = Page(context, dashboard(reports.folder, tmp_path / "dashboard.html"))
    yield page
    assert page.errors == []  # no script error, no policy violation, nothing fetched
    page.page.close()


def test_every_entity_is_in_the_table(opened: Page, reports: Reports, artifacts: Path) -> None:
    expected = run_cli(["org", str(reports.folder), "--format", "json", "--fail-on", "never"],
                       reports.folder).json()["entities"]
    opened.page.select_option("#p-size", "25")
    seen = []
    while True:
        seen += opened.refs()
        if opened.page.is_disabled("#p-next"):
            break
        opened.page.click("#p-next")
    assert sorted(seen) == sorted(e["ref"] for e in expected)
    assert opened.count() == "9 of 9 entities; showing 1–9"
    opened.page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    print(f"screenshots in {artifacts}")


def test_filters(opened: Page) -> None:
    page = opened.page
    page.select_option("#f-repo", label="acme/cart (2)")
    assert sorted(opened.refs()) == ["api:default/cart-api", "component:default/cart-service"]
    page.select_option("#f-level", label="Managed")
    assert len(opened.refs()) == 2
    page.click("#f-reset")
    expect(page.locator("#entity-rows tr")).to_have_count(9)
    page.fill("#q", "search-serv")
    expect(page.locator("#entity-rows tr")).to_have_count(1)
    assert opened.refs() == ["component:default/search-service"]
    assert opened.count().startswith("1 of 9 entities")
    page.fill("#q", "")
    page.select_option("#f-team", label="Team B (group:default/team-b) (2)")
    assert sorted(opened.refs()) == ["api:default/cart-api", "group:default/team-b"]


def test_sorting_by_clicking_and_by_keyboard(opened: Page) -> None:
    page = opened.page
    page.click("th button[data-sort=entity]")
    refs = opened.refs()
    assert refs == sorted(refs)
    assert page.get_attribute("th:has(button[data-sort=entity])", "aria-sort") == "ascending"
    page.focus("th button[data-sort=entity]")
    page.keyboard.press("Enter")
    assert opened.refs() == sorted(refs, reverse=True)
    assert page.get_attribute("th:has(button[data-sort=entity])", "aria-sort") == "descending"
    page.click("th button[data-sort=level]")
    ranks = page.eval_on_selector_all("#entity-rows td[data-rank]", "cells => cells.map(c => +c.dataset.rank)")
    scored = [r for r in ranks if r >= 0]
    assert scored == sorted(scored) and ranks[: len(scored)] == scored  # unscored last


def test_the_search_box_answers_to_slash(opened: Page) -> None:
    page = opened.page
    page.click("h1")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("cart-api")
    expect(page.locator("#entity-rows tr")).to_have_count(1)
    for _ in range(3):
        page.keyboard.press("Tab")  # onwards to the filters, by keyboard alone
    assert page.evaluate("document.activeElement.tagName") == "SELECT"


def test_links_to_the_file_at_its_line(opened: Page, reports: Reports) -> None:
    commit = reports.repos["cart"].git("rev-parse", "HEAD")
    href = opened.page.get_attribute("tr[data-ref='component:default/cart-service'] th a", "href")
    assert href == f"https://github.com/acme/cart/blob/{commit}/catalog-info.yaml#L1"


def test_the_next_level_rules_and_their_fixes(opened: Page) -> None:
    opened.page.select_option("#f-repo", label="acme/search (1)")
    row = opened.page.inner_text("tr[data-ref='component:default/search-service']")
    assert "Has a README" in row and "Add a README.md beside the entity file" in row


def test_the_graph_of_a_system_crosses_repositories(opened: Page) -> None:
    page = opened.page
    page.select_option("#system", label="Cart (system:default/cart) (4)")
    titles = page.eval_on_selector_all("#graph-body svg g.g-node title", "nodes => nodes.map(n => n.textContent)")
    assert "component:default/search-service in acme/search" in titles  # uses the cart API
    assert "component:default/cart-service in acme/cart" in titles
    assert "component:default/shared-libb: no repository defines it" in titles
    assert page.locator("#graph-body path.g-edge.cross").count() >= 1


def test_light_dark_and_print(opened: Page, artifacts: Path) -> None:
    page = opened.page
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (light, dark) == ("rgb(255, 255, 255)", "rgb(13, 17, 23)")
    page.screenshot(path=str(artifacts / "dashboard-dark.png"))
    page.emulate_media(media="print", color_scheme="light")
    assert page.evaluate("getComputedStyle(document.querySelector('#filters')).display") == "none"


def test_hostile_names_stay_text(context: Any, reports: Reports, tmp_path: Path) -> None:
    data = reports.load("cart")
    data["repository"]["name"] = "<img src=x onerror=window.pwned=1>"
    data["repository"]["files_url"] = "https://example.com/\"><script>window.pwned=2</script>/"
    data["entities"][0]["title"] = "</script><script>window.pwned=3</script>"
    data["entities"][0]["relations"]["owner"] = ["group:default/<svg onload=window.pwned=4>"]
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "evil.json").write_text(json.dumps(data), encoding="utf-8")
    page = Page(context, dashboard(folder, tmp_path / "evil.html", "--title", "<i>T</i>"))
    try:
        assert page.page.evaluate("window.pwned") is None
        assert page.page.locator("main img, main script, main i, #entity-rows svg").count() == 0
        assert page.page.inner_text("h1") == "<i>T</i>"
        row = page.page.inner_text("tr[data-ref='component:default/cart-service']")
        assert "</script><script>window.pwned=3</script>" in row
        href = page.page.get_attribute("tr[data-ref='component:default/cart-service'] th a", "href")
        assert href is not None and href.startswith("https://example.com/%22%3E%3Cscript%3E")
        assert page.errors == []
    finally:
        page.page.close()


def test_the_example_dashboard_for_the_readme(context: Any, tmp_path: Path, artifacts: Path) -> None:
    page = Page(context, dashboard(ROOT / "examples" / "reports", tmp_path / "example.html",
                                   "--title", "Example Shop: organisation catalog"))
    try:
        assert page.count() == "42 of 42 entities; showing 1–42"
        dora = page.page.inner_text("#dora-table tbody")
        assert "example-shop/payments\tMedium\t90" in dora  # the repository with release tags
        moves = page.page.inner_text("#trend-body")
        assert ("component:default/payments-service\texample-shop/payments\toperational-maturity\t"
                "Initial\tManaged") in moves
        page.page.set_viewport_size({"width": 1280, "height": 1000})
        shot = artifacts / "example-dashboard.png"
        page.page.screenshot(path=str(shot))
        if os.environ.get("CATALOG_LINT_SCREENSHOT"):
            README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.page.screenshot(path=str(README_SCREENSHOT))
        assert page.errors == []
    finally:
        page.page.close()
