"""The organisation rules of docs/platform-teams.md, as they are written there: each
blueprint file is loaded as a set and gives the finding the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write

PAGE = Path(__file__).resolve().parents[2] / "docs" / "platform-teams.md"
EXAMPLE = re.compile(r"<!-- org-rule: (?P<name>[a-z-]+) -->\n```json\n(?P<blueprint>.*?)```\n\n"
                     r"```text\n(?P<finding>.*?)\n```", re.S)
SHOWN_ORIGIN = "package acme-blueprints 1.4.0"

GOOD = {
    "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                         "  name: cart\n  description: The shopping cart of the web shop.\n"
                         "  annotations:\n    acme.com/cost-center: cc-1234\nspec:\n"
                         "  owner: team-cart\n  type: service\n  lifecycle: production\n"
                         "  system: shop\n"
                         "---\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n"
                         "  name: shop\nspec:\n  owner: team-cart\n  domain: commerce\n",
    # what the references name, read to resolve them (a run over one file judges them)
    "org/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
                             "  name: team-cart\nspec:\n  type: team\n  children: []\n---\n"
                             "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata:\n"
                             "  name: commerce\nspec:\n  owner: team-cart\n---\n"
                             "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n"
                             "  name: ada\nspec:\n  memberOf: [team-cart]\n",
}
#: What breaks each rule, applied to GOOD.
BREAK = {
    "description": ("  description: The shopping cart of the web shop.\n", ""),
    "annotation": ("cc-1234", "marketing"),
    "owner": ("  owner: team-cart\n  type", "  owner: user:ada\n  type"),
    "domain": ("  domain: commerce\n", ""),
}


def examples() -> dict[str, tuple[str, str]]:
    found = {m["name"]: (m["blueprint"], m["finding"]) for m in EXAMPLE.finditer(
        PAGE.read_text(encoding="utf-8"))}
    assert sorted(found) == sorted(BREAK)
    return found


@pytest.mark.parametrize("name", sorted(BREAK))
def test_each_rule_of_the_page_does_what_the_page_says(tmp_path: Path, name: str) -> None:
    blueprint, finding = examples()[name]
    old, new = BREAK[name]
    write(tmp_path, {**GOOD, "set/rule.json": blueprint,
                     ".catalog-lint.yaml": "blueprints: [set]\n"})
    clean = run_cli(["validate", "catalog-info.yaml"], tmp_path)
    assert clean.exit_code == 0, clean.stdout + clean.stderr
    write(tmp_path, {"catalog-info.yaml": GOOD["catalog-info.yaml"].replace(old, new, 1)})
    broken = run_cli(["validate", "catalog-info.yaml"], tmp_path)
    assert broken.exit_code == 1
    assert broken.stdout.splitlines()[:-1] == [finding.replace(SHOWN_ORIGIN, "folder set")]
