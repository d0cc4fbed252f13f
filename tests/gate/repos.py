"""Real repositories for the gate's scenarios: a base commit, and a head in the working
tree that changes one or more things."""

from __future__ import annotations

from tests.gitrepo import GitRepo

SHOP = """\
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: shop
  description: The shop.
spec:
  owner: team-cart
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-cart
  description: The cart team.
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  description: The cart service.
spec:
  type: service
  lifecycle: production
  owner: team-cart
  system: shop
"""

CART = "component:default/cart"
#: The line of the Component in :data:`SHOP`.
CART_LINE = 18


def shop(repo: GitRepo, **extra: str) -> str:
    """A repository holding a Component, its Group and its System, with a README and a
    CODEOWNERS that covers everything; committed. Returns the commit."""
    files: dict[str, str | bytes | None] = {
        "catalog-info.yaml": SHOP, "README.md": "# cart\n", "CODEOWNERS": "* @acme/team-cart\n",
        **extra,
    }
    return repo.commit("base", files)


_RULES = {
    "codeowners-file": """\
        - identifier: codeowners-file
          title: Has a CODEOWNERS file
          level: Listed
          description: Add a CODEOWNERS file.
          query:
            combinator: and
            conditions:
              - fact: repo.codeowners.path
                operator: isNotEmpty
""",
    "owned": """\
        - identifier: owned
          title: Half of the files have an owner
          level: Owned
          description: Give at least half of the files an owner in CODEOWNERS.
          query:
            combinator: and
            conditions:
              - fact: repo.codeowners.coverage
                operator: ">="
                value: 0.5
""",
}


def ownership_config(*rules: str) -> str:
    """A scorecard of the repository alone, ``ownership``, with the chosen rules:
    ``codeowners-file`` (level Listed) reads a fact that is unknown when there is no
    CODEOWNERS file; ``owned`` (level Owned) passes while at least half of the files have
    an owner. The codeowners-coverage finding stays quiet down to 10%."""
    return ("ownership:\n  min-coverage: 0.1\n"
            "scorecards:\n  select: [ownership]\n  custom:\n"
            "    - identifier: ownership\n      title: Ownership\n"
            "      appliesTo:\n        entities: false\n        repository: true\n"
            "      levels: [None, Listed, Owned]\n      rules:\n"
            + "".join(_RULES[rule] for rule in rules or _RULES))


def ownership(repo: GitRepo, *rules: str, codeowners: str = "* @acme/team-cart\n") -> str:
    """Four tracked files (the entity file, the config, CODEOWNERS, a README) scored by
    :func:`ownership_config` only; committed. Returns the commit."""
    return repo.commit("base", {
        "catalog-info.yaml": SHOP, "README.md": "# cart\n", "CODEOWNERS": codeowners,
        ".catalog-lint.yaml": ownership_config(*rules),
    })
