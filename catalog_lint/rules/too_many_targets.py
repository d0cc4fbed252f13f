"""A relation that takes one target (``many: false``) is given several.

Port rejects a list of identifiers for a relation that is not ``many``. Each target is
still resolved, so a missing one is reported too.

PASS::

    identifier: cart-service
    blueprint: component
    relations:
      system: cart

FAIL (``system`` is not many)::

    identifier: cart-service
    blueprint: component
    relations:
      system: [cart, products]
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="too-many-targets",
    severity=Severity.ERROR,
    summary="A relation that takes one target (many: false) is given several.",
    scope="catalog",
    family="graph",
)
