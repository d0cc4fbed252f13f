"""A pattern that matches no file tracked in the repository: a folder that was renamed
or removed, or a typo. Nobody is asked to review anything because of it.

FAIL (there is no ``service/`` folder, only ``services/``)::

    /service/cart/     @acme/cart

PASS::

    /services/cart/    @acme/cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-unmatched-pattern",
    severity=Severity.WARNING,
    summary="A CODEOWNERS pattern that matches no tracked file.",
    scope="repository",
    family="ownership",
)
