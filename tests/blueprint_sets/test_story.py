"""The whole story: a platform repository publishes a blueprint set (as a package and in
git), two consumer repositories pin it, the editor schema validates their files, a
breaking change is caught with the consumers' file and line, the reference is written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.blueprint_sets.helpers import SERVICE, platform_repo
from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo

CART = {
    "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                         "  name: cart\n  description: The shopping cart of the shop.\n"
                         "spec:\n  type: service\n  lifecycle: production\n  owner: team-cart\n",
    "port.yaml": "identifier: cart\nblueprint: service\nproperties:\n  language: Rust\n"
                 "  tier: critical\nrelations:\n  owner: team-cart\n",
}
SEARCH = {
    ".port/search.json": json.dumps({"identifier": "search", "blueprint": "service",
                                     "properties": {"language": "Go"},
                                     "relations": {"owner": "team-search"}}, indent=2) + "\n",
}


def test_publish_pin_edit_break_and_document(tmp_path: Path, installed_set: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    platform = platform_repo(tmp_path / "platform")
    assert run_cli(["blueprints", "lint"], platform.path).exit_code == 0

    # consumer 1 pins the package (pip, or pre-commit's additional_dependencies)
    monkeypatch.syspath_prepend(str(installed_set))
    cart = tmp_path / "cart"
    write(cart, {**CART, ".catalog-lint.yaml": "blueprints:\n  - package: acme\n"})
    GitRepo.init(cart).commit("catalog")
    # consumer 2 pins the git tag, locked
    search = tmp_path / "search"
    write(search, {**SEARCH, ".catalog-lint.yaml":
                   f"blueprints:\n  - git: {platform.path.as_uri()}\n    ref: v1.4.0\n"
                   "    path: blueprints\n"})
    GitRepo.init(search).commit("catalog")
    assert run_cli(["blueprints", "lock"], search).exit_code == 0
    for consumer, files in ((cart, ["catalog-info.yaml", "port.yaml"]),
                            (search, [".port/search.json"])):
        outcome = run_cli(["validate", "--select", "blueprint-schema", *files], consumer)
        assert outcome.exit_code == 0, outcome.stdout

    # the editor schema, from what consumer 2 has in force, accepts both consumers' files
    assert run_cli(["blueprints", "schema", "-o", str(tmp_path / "schemas")], search).exit_code == 0
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile",
         str(tmp_path / "schemas" / "service.schema.json"), str(cart / "port.yaml"),
         str(search / ".port" / "search.json")], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout

    # each consumer publishes its catalog
    for consumer in (cart, search):
        exported = run_cli(["export", "-o", str(tmp_path / f"{consumer.name}.json")], consumer)
        assert exported.exit_code == 0, exported.stderr

    # the platform team drops Rust and requires a tier: the pull request is stopped
    platform.write({"blueprints/port/service.yaml": SERVICE.replace(
        "Go, Python, Rust", "Go, Python").replace("required: [language]",
                                                  "required: [language, tier]")})
    outcome = run_cli(["blueprints", "diff", "--base", "v1.4.0",
                       "--catalog", str(tmp_path / "cart.json"),
                       "--catalog", str(tmp_path / "search.json")], platform.path)
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.stdout.split("Entities that would break:\n")[1] == (
        "  cart: port.yaml:4: port:service/cart: properties.language is \"Rust\"; expected one "
        "of: Go, Python\n"
        "  search: .port/search.json:4: port:service/search: properties.tier is missing\n"
        "\n2 breaking changes break 2 entities\n")

    # and the catalog authors get their reference
    assert run_cli(["blueprints", "docs", "-o", str(tmp_path / "reference")],
                   search).exit_code == 0
    page = (tmp_path / "reference" / "port-service.md").read_text()
    assert "| `language` | string | **yes** | `Go`, `Python`, `Rust` | The main language. |" in page
    assert "| Service readiness (`service-readiness`) | `tier`: Has a tier | Ready | `tier` |" \
           in page
    index = (tmp_path / "reference" / "index.md").read_text()
    assert "[service](port-service.md)" in index and "git " + platform.path.as_uri() in index
