"""The configuration's ``ownership.github.api-url`` names a GitHub API on another origin
(scheme, host and port) than the one the environment names, so it is ignored and the
GitHub token is not sent there.

A pull request can change every file of the repository, this configuration included,
while the job that checks it holds a token: were the configuration obeyed, a pull
request could send the token anywhere. The token therefore goes only to the API that
``--github-api-url`` or ``GITHUB_API_URL`` names (default ``https://api.github.com``);
the configuration may only repeat that origin (with another path, say). When the
environment names the API, branch protection is read from it; when nothing but the
default names it, the API is not asked. Reported at the ``api-url`` line, when a token
is set (otherwise nothing would be sent anyway). To use a GitHub Enterprise Server, set
``GITHUB_API_URL`` (GitHub Actions does) or pass ``--github-api-url``.

FAIL (``GITHUB_API_URL`` is ``https://api.github.com``)::

    ownership:
      github:
        api-url: http://203.0.113.7/x

PASS (``GITHUB_API_URL`` is ``https://ghe.example.com/api/v3``)::

    ownership:
      github:
        api-url: https://ghe.example.com/api/v3
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="github-api-url",
    severity=Severity.WARNING,
    summary="The config names a GitHub API the token may not be sent to; it is ignored.",
    scope="repository",
    family="ownership",
)
