"""The catalog says one team owns the entity; CODEOWNERS gives its file (and, for a
component, the folder it describes) to others. One of the two is out of date.

The catalog owner (``spec.owner``, or a Port entity's ``team``) is translated into
CODEOWNERS names through the ``ownership.owners`` mapping, the owner Group's
``github.com/team-slug`` annotation, a User's ``github.com/user-login`` annotation or
email, or its name (group ``cart`` = team ``@<any org>/cart``).

FAIL (``services/cart/catalog-info.yaml``; CODEOWNERS: ``/services/cart/ @acme/checkout``)::

    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: cart
    spec:
      type: service
      lifecycle: production
      owner: group:default/cart

PASS (CODEOWNERS: ``/services/cart/ @acme/cart``), or map the names::

    # .catalog-lint.yaml
    ownership:
      owners:
        group:default/cart: ["@acme/checkout"]
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-owner-mismatch",
    severity=Severity.WARNING,
    summary="The entity's owner is not among the CODEOWNERS owners of its file or folder.",
    scope="repository",
    family="ownership",
)
