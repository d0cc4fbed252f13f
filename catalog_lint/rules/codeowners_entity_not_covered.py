"""The file that describes an entity has no owner in CODEOWNERS, so a change to who owns
a service (or to its lifecycle, its dependencies...) needs no review from its owners.

FAIL (CODEOWNERS owns only ``src/``)::

    /services/cart/src/    @acme/cart

PASS::

    /services/cart/        @acme/cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-entity-not-covered",
    severity=Severity.WARNING,
    summary="An entity file that no CODEOWNERS line owns.",
    scope="repository",
    family="ownership",
)
