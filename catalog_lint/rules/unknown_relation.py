"""A Port entity uses a relation its blueprint does not declare.

Port refuses an entity whose ``relations`` holds a name the blueprint has no relation
for; a typo (``sytem``) would otherwise silently drop the edge. The message lists the
relations the blueprint has.

PASS::

    identifier: cart-service
    blueprint: component
    relations:
      system: cart

FAIL::

    identifier: cart-service
    blueprint: component
    relations:
      sytem: cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="unknown-relation",
    severity=Severity.ERROR,
    summary="A Port entity uses a relation its blueprint does not declare.",
    scope="catalog",
    family="graph",
)
