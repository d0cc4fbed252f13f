"""The share of tracked files that CODEOWNERS gives an owner. Below
``ownership.min-coverage`` (default 90%) this is a warning; below 100% it is an
``info`` finding that names the share and an example file without an owner. A
repository without any CODEOWNERS file gets a warning too (it names the locations the
forge looks in: GitHub ``.github/``, the root, ``docs/``; GitLab the root, ``docs/``,
``.gitlab/``).

FAIL (only ``services/`` is owned)::

    /services/         @acme/platform

PASS::

    *                  @acme/platform
    /services/cart/    @acme/cart

Configure the threshold::

    ownership:
      min-coverage: 0.75
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-coverage",
    severity=Severity.WARNING,
    summary="Files without an owner in CODEOWNERS (or no CODEOWNERS at all).",
    scope="repository",
    family="ownership",
)
