"""A file or document exceeds a safety limit and is not read.

catalog-lint refuses, quickly and without using much memory, input that no catalog
needs and that an attacker or a mistake can produce:

- files larger than ``max-file-size`` (default 10 MiB, see the configuration);
- YAML aliases that expand to more than 100,000 values (the "billion laughs" attack);
- nesting deeper than 100 levels (libyaml itself stops at 1,000);
- a CODEOWNERS file whose lines would take more than 1,000,000 pattern tests, plus 50
  per tracked file, to match against the tracked files (lines that match nothing and
  that no index narrows, such as ``*1*``, ``*2*``, ...): the finding is at the file's
  first line, and who owns what is unknown, with the reason.

FAIL::

    a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    # ... six more levels: a billion strings from a few hundred bytes
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="input-limits",
    severity=Severity.ERROR,
    summary="A file or document is too large, too deep, or expands aliases too far.",
    scope="file",
)
