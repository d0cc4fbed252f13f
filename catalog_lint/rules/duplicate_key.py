"""A mapping has the same key twice.

Most YAML and JSON parsers silently keep the last value, so the first one is lost
without a word; Backstage's parser rejects the document. Reported at the second
occurrence.

PASS::

    metadata:
      name: cart-service
      description: Keeps carts

FAIL::

    metadata:
      name: cart-service
      name: cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="duplicate-key",
    severity=Severity.ERROR,
    summary="A mapping has the same key twice.",
    scope="file",
)
