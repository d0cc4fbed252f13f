"""A reference points at an entity of a kind the relation does not allow.

Each relation says which kinds it may point at: ``spec.owner`` a Group or a User,
``spec.system`` a System, ``spec.domain`` a Domain, ``spec.providesApis`` and
``spec.consumesApis`` an API, ``spec.memberOf`` a Group, and so on (see
``docs/graph.md``). A Port relation points at entities of its ``target`` blueprint: an
identifier that exists only under another blueprint is reported here.

PASS::

    kind: Component
    metadata:
      name: cart-service
    spec:
      owner: group:team-cart
      system: cart

FAIL (a System cannot own anything)::

    kind: Component
    metadata:
      name: cart-service
    spec:
      owner: system:cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="relation-target-kind",
    severity=Severity.ERROR,
    summary="A reference points at a kind of entity the relation does not allow.",
    scope="catalog",
    family="graph",
)
