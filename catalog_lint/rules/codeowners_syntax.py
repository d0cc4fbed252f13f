"""A line of the CODEOWNERS file that the forge cannot read, so it silently does nothing.

GitHub skips such a line entirely. GitHub does not support ``!`` negation, ``[ ]``
(not even for literal brackets such as a ``[param]`` folder: write ``?`` for each
bracket), or escaping a leading ``#``; GitLab syntax (sections, ``@@role``) in a GitHub
repository is reported here too. In GitLab, a section heading that cannot be parsed, an
approval count that is not a whole number of at least 1, an entry without owners in a
section without default owners, owners written after an exclusion (``!pattern``,
which only takes paths out of its section), and an inline ``# comment`` (GitLab has
none: the owners named in it count) are reported. A pattern longer than 4,096
characters is not read, whatever the forge.

FAIL (GitHub)::

    !docs/generated/          @acme/docs
    src/[ab]*.py              @acme/core
    [Backend]
    app/                      @acme/backend

PASS (GitHub)::

    docs/                     @acme/docs
    src/a*.py                 @acme/core
    src/b*.py                 @acme/core
    /apps/?param?/            @acme/web

FAIL (GitLab)::

    * @acme/everyone
    !*.lock @acme/deps

PASS (GitLab)::

    [Backend][2] @acme/backend
    app/
    !app/generated/
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
