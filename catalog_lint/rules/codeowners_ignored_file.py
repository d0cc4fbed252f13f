"""More than one CODEOWNERS file exists; the forge reads the first it finds (GitHub:
``.github/CODEOWNERS``, ``CODEOWNERS``, ``docs/CODEOWNERS``; GitLab: ``CODEOWNERS``,
``docs/CODEOWNERS``, ``.gitlab/CODEOWNERS``) and ignores the others, so edits to them
have no effect. Reported at the ignored file.

FAIL::

    .github/CODEOWNERS     (read by GitHub)
    CODEOWNERS             (ignored)

PASS::

    .github/CODEOWNERS
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-ignored-file",
    severity=Severity.WARNING,
    summary="A second CODEOWNERS file that the forge ignores.",
    scope="repository",
    family="ownership",
)
