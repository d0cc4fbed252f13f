"""The configuration's ``ownership.github.repository`` names another repository than the
one the job runs for (``GITHUB_REPOSITORY``), so it is ignored: branch protection is read
for the repository the job runs for.

A pull request can change the configuration. Were it obeyed, a pull request could point
the branch-protection facts at any well-protected repository the token can read and have
its own unprotected branch scored as protected. Outside GitHub Actions (no
``GITHUB_REPOSITORY``), the configuration names the repository. Reported at the
``repository`` line.

FAIL (``GITHUB_REPOSITORY`` is ``acme/shop``)::

    ownership:
      github:
        repository: acme/bank

PASS (``GITHUB_REPOSITORY`` is ``acme/shop``)::

    ownership:
      github:
        repository: acme/shop
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="github-repository",
    severity=Severity.WARNING,
    summary="The config names another repository than the job runs for; it is ignored.",
    scope="repository",
    family="ownership",
)
