"""A relation the blueprint requires is not given.

For Port entities: a relation marked ``required: true`` in the blueprint is missing
from ``relations`` (or is ``null`` or empty). For Backstage entities, fields that the
kind's schema already requires (``spec.owner`` of a Component, ...) are reported by the
schema rule; this rule covers required relations the schema does not.

PASS (the ``component`` blueprint requires ``system``)::

    identifier: cart-service
    blueprint: component
    relations:
      system: cart

FAIL::

    identifier: cart-service
    blueprint: component
    relations: {}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="missing-required-relation",
    severity=Severity.ERROR,
    summary="A relation the blueprint marks required is missing.",
    scope="catalog",
    family="graph",
)
