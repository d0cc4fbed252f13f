"""A document of a multi-document file is empty.

The catalog skips empty documents; this finding says so, so that nothing is skipped in
silence. A stray ``---`` at the end of a file is the usual cause.

FAIL::

    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: cart-team}
    spec: {type: team, children: []}
    ---
    ---
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="empty-document",
    severity=Severity.INFO,
    summary="A document in a multi-document file is empty.",
    scope="file",
)
