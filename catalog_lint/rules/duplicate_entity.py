"""The same entity is defined twice.

Two Backstage entities with the same kind, namespace and name (compared
case-insensitively, as Backstage does), or two Port entities with the same blueprint
and identifier, in one file or across files. Backstage keeps one of them and reports a
conflict; which one wins depends on processing order. Both places are reported, each
naming the other.

PASS::

    kind: Component
    metadata:
      name: cart-service
    ---
    kind: Component
    metadata:
      name: cart-worker

FAIL::

    kind: Component
    metadata:
      name: cart-service
    ---
    kind: Component
    metadata:
      name: Cart-Service
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="duplicate-entity",
    severity=Severity.ERROR,
    summary="The same entity (kind, namespace, name) is defined more than once.",
    scope="catalog",
    family="graph",
)
