"""A Location's target is missing, or lies outside the repository.

catalog-lint follows a Location's ``spec.target`` and ``spec.targets`` the way
Backstage does: relative to the file holding the Location, reading each file found
(once) as entity files. A glob (``./services/*/catalog-info.yaml``) must match at least
one file. A target that does not exist is reported (unless ``spec.presence:
optional``); one that climbs out of the repository (``../../x.yaml``), an absolute path
and a symbolic link leading out are reported and not read.

URL targets are not followed unless asked with ``--follow-urls`` (or the config's
``locations: {follow-urls: true}``) and allowed with ``--allow-url``; asked without
``--allow-url``, each URL target is reported as not fetched. When following, a target
that cannot be fetched (no answer within ``--catalog-timeout``, over
``--catalog-max-bytes``, an HTTP error, an HTML page instead of YAML, a scheme other than
http and https, beyond the 100 files fetched in one run) is reported at the target's
line; relative targets in a fetched file resolve against its URL.

PASS::

    kind: Location
    metadata:
      name: shop
    spec:
      targets:
        - ./org.yaml
        - ./services/*/catalog-info.yaml

FAIL::

    kind: Location
    metadata:
      name: shop
    spec:
      targets:
        - ./org.yml      # the file is org.yaml
        - ../../etc/passwd
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="location-target",
    severity=Severity.ERROR,
    summary="A Location target is missing or points outside the repository.",
    scope="catalog",
    family="graph",
)
