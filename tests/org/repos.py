"""Real repositories and real ``catalog-lint check`` reports for the org tests: three
small repositories whose entities refer to each other, one reference with a typo, one
owner nobody defines, one entity defined twice, and a repository checked on two days."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo

#: 2024-06-03T12:00:00Z and one week earlier: when the reports say they were made.
NOW = 1717416000
WEEK = 7 * 86400

PLATFORM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-a, title: Team A}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-b, title: Team B}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: ada}
spec: {memberOf: [team-b]}
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: {name: shop, title: Shop}
spec: {owner: team-a}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: cart, title: Cart}
spec: {owner: team-a, domain: shop}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shared-lib, description: Shared code}
spec: {type: library, lifecycle: production, owner: team-a}
"""

CART = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: cart-service, title: Cart Service, description: Carts}
spec:
  type: service
  lifecycle: production
  owner: team-a
  system: cart
  providesApis: [cart-api]
  dependsOn: [component:shared-libb]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: cart-api, description: The cart API}
spec: {type: openapi, lifecycle: production, owner: user:ada, system: cart, definition: "openapi: 3.0.0"}
"""

SEARCH = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: search-service, description: Search}
spec:
  type: service
  lifecycle: production
  owner: team-nobody
  system: cart
  consumesApis: [cart-api]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shared-lib, description: A copy}
spec: {type: library, lifecycle: production, owner: team-a}
"""


@dataclass
class Reports:
    folder: Path
    repos: dict[str, GitRepo]

    def load(self, name: str) -> dict[str, Any]:
        return json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))


def check(repo: GitRepo, output: Path, when: int = NOW) -> None:
    outcome = run_cli(["check", "--format", "json", "-o", str(output)], repo.path,
                      env={"SOURCE_DATE_EPOCH": str(when)})
    assert outcome.exit_code in (0, 1), outcome.stderr


def make_reports(base: Path) -> Reports:
    folder = base / "reports"
    folder.mkdir()
    repos = {}
    for name, text in (("platform", PLATFORM), ("cart", CART), ("search", SEARCH)):
        repo = GitRepo.init(base / name)
        repo.git("remote", "add", "origin", f"git@github.com:acme/{name}.git")
        repo.commit("catalog", {"catalog-info.yaml": text}, date="2024-05-20T10:00:00+00:00")
        repos[name] = repo
    check(repos["platform"], folder / "platform.json")
    check(repos["search"], folder / "search.json")
    # the cart repository on two days: without, then with a README and CODEOWNERS
    check(repos["cart"], folder / "cart-earlier.json", NOW - WEEK)
    repos["cart"].commit("readme", {"README.md": "# Cart\n", ".github/CODEOWNERS": "* @acme/team-a\n"},
                         date="2024-06-01T10:00:00+00:00")
    check(repos["cart"], folder / "cart.json")
    return Reports(folder, repos)
