"""The JSON is malformed.

Reported at the line and column where the parser gave up. ``NaN``, ``Infinity`` and
``-Infinity`` are not JSON (JavaScript's ``JSON.parse``, and so Backstage and Port, refuse
them), though some JSON readers take them. Numbers are read as JavaScript reads them:
an integer past 2^53 is rounded, and one too large for a double is ``Infinity``.

FAIL::

    {"identifier": "cart", "title": "Cart",}

FAIL::

    {"identifier": "cart", "properties": {"replicas": NaN}}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="json-syntax",
    severity=Severity.ERROR,
    summary="The JSON is malformed (NaN and Infinity included).",
    scope="file",
)
