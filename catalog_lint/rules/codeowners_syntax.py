"""A line of the CODEOWNERS file that the forge cannot read, so it silently does nothing.

GitHub skips such a line entirely. GitHub does not support ``!`` negation, ``[ ]``
character ranges, or escaping a leading ``#``; GitLab syntax (sections, ``@@role``) in
a GitHub repository is reported here too. In GitLab, a section heading that cannot be
parsed, an approval count that is not a whole number of at least 1, and an entry
without owners in a section without default owners are errors.

FAIL (GitHub)::

    !docs/generated/          @acme/docs
    src/[ab]*.py              @acme/core
    [Backend]
    app/                      @acme/backend

PASS (GitHub)::

    docs/                     @acme/docs
    src/a*.py                 @acme/core
    src/b*.py                 @acme/core

PASS (GitLab)::

    [Backend][2] @acme/backend
    app/
    ^[Docs]
    *.md @acme/docs
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-syntax",
    severity=Severity.ERROR,
    summary="A CODEOWNERS line the forge cannot read.",
    scope="repository",
    family="ownership",
)
