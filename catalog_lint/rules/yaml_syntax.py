"""The YAML is malformed.

Reported at the line and column where the parser gave up. Each document of a
multi-document file is read on its own, as the catalog does, so one broken document
does not hide problems in the others.

Only plain YAML values are accepted: a tag that would build an object (``!!python/...``,
``!!binary``, custom tags) is an error, as it is for Backstage.

FAIL::

    metadata:
      name: cart
     description: misindented

gives::

    catalog-info.yaml:3:2: error yaml-syntax did not find expected key; while parsing a block mapping
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="yaml-syntax",
    severity=Severity.ERROR,
    summary="The YAML is malformed or uses a tag that builds an object.",
    scope="file",
)
