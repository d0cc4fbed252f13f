"""A file that discovery found, or that was named, could not be read.

The file exists but reading it failed: permissions, a broken symbolic link, a file that
vanished during the run. Nothing else can be said about it, so this finding stands in
for all of its checks.

A path given on the command line that does not exist is not a finding: the run stops
with exit code 2.

FAIL (``catalog-info.yaml`` is a symbolic link to a file that was deleted)::

    catalog-info.yaml:1:1: error file-unreadable cannot read file: No such file or directory
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="file-unreadable",
    severity=Severity.ERROR,
    summary="The file could not be read.",
    scope="file",
)
