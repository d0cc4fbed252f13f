"""An owner that is neither ``@user``, ``@org/team`` nor an email address (GitLab also
accepts nested groups ``@group/sub/team`` and roles ``@@maintainer``).

GitHub ignores the whole line when one owner is malformed, so the paths it names lose
those owners; GitLab ignores only that owner.

FAIL::

    /services/cart/    acme/cart-team
    /docs/             @acme/docs/writers
    *.tf               platform

PASS::

    /services/cart/    @acme/cart-team
    /docs/             @acme/docs  docs@example.com
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="codeowners-malformed-owner",
    severity=Severity.ERROR,
    summary="An owner that is not @user, @org/team or an email.",
    scope="repository",
    family="ownership",
)
