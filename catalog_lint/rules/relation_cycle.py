"""Entities form a cycle through a relation that must not have one.

A group cannot be its own ancestor (``spec.parent``), a component cannot be a part of
itself (``spec.subcomponentOf``), nor a domain its own subdomain (``spec.subdomainOf``);
Port relations marked ``"acyclic": true`` in their blueprint are checked the same way.
One finding per cycle, at the reference leaving its first entity, showing the whole
cycle.

PASS::

    kind: Group
    metadata: {name: shop}
    spec: {type: organization, children: []}
    ---
    kind: Group
    metadata: {name: team-cart}
    spec: {type: team, parent: shop, children: []}

FAIL::

    kind: Group
    metadata: {name: shop}
    spec: {type: organization, parent: team-cart, children: []}
    ---
    kind: Group
    metadata: {name: team-cart}
    spec: {type: team, parent: shop, children: []}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="relation-cycle",
    severity=Severity.ERROR,
    summary="Entities form a cycle through an acyclic relation (parent, subcomponentOf, ...).",
    scope="catalog",
    family="graph",
)
