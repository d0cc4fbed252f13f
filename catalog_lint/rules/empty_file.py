"""The file is empty, or holds only comments and blank lines.

Not an error: the catalog ignores it. But an entity file with nothing in it is usually
a mistake (a file emptied by a bad merge, a placeholder never filled in), so it is
reported rather than skipped in silence.

FAIL::

    # TODO: describe this service
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="empty-file",
    severity=Severity.WARNING,
    summary="The file holds no document.",
    scope="file",
)
