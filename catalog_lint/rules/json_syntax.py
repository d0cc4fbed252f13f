"""The JSON is malformed.

Reported at the line and column where the parser gave up.

FAIL::

    {"identifier": "cart", "title": "Cart",}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="json-syntax",
    severity=Severity.ERROR,
    summary="The JSON is malformed.",
    scope="file",
)
