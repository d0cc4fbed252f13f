"""The same pattern appears twice (in GitLab: twice in the same section). The last
matching line wins, so the earlier line never takes effect: usually a merge leftover,
and the owners on the earlier line are not the ones GitHub asks for review. GitLab
compares patterns after its normalisation, so ``*.rb`` and ``!*.rb`` (or ``*`` and
``/**/*``) are the same pattern: the later line replaces the earlier one, an exclusion
included.

FAIL::

    /services/cart/    @acme/cart
    /docs/             @acme/docs
    /services/cart/    @acme/checkout

PASS::

    /docs/             @acme/docs
    /services/cart/    @acme/cart @acme/checkout
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-duplicate-pattern",
    severity=Severity.WARNING,
    summary="The same pattern appears on two CODEOWNERS lines.",
    scope="repository",
    family="ownership",
)
