"""An owner named in CODEOWNERS that no Group or User entity of the catalog (nor the
``ownership.owners`` mapping) stands for. Reported only when the catalog being checked
defines groups or users, or the mapping is set; otherwise it cannot know anyone.

FAIL (the catalog has Groups ``cart`` and ``docs`` only)::

    /services/cart/    @acme/cart
    /legacy/           @acme/old-team

PASS::

    /services/cart/    @acme/cart
    /legacy/           @acme/docs
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-unknown-owner",
    severity=Severity.WARNING,
    summary="A CODEOWNERS owner the catalog does not know.",
    scope="repository",
    family="ownership",
)
