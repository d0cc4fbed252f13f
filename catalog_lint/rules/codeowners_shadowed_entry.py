"""A line that can never take effect: every tracked file it matches is also matched by
a later line, and the last matching line wins. The usual cause is a catch-all placed
at the end instead of the start.

FAIL::

    /services/cart/    @acme/cart
    *                  @acme/platform

PASS::

    *                  @acme/platform
    /services/cart/    @acme/cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-shadowed-entry",
    severity=Severity.WARNING,
    summary="A CODEOWNERS line that a later line always overrides.",
    scope="repository",
    family="ownership",
)
