"""The file sits where an entity file is expected but is something else.

Instead of a wall of schema errors, one finding per file says what it looks like: a
GitLab CI file named ``catalog-info.yml``, an Argo CD or Kubernetes manifest named
``port.yaml``, a mapping with neither ``apiVersion``/``kind`` (Backstage) nor
``identifier`` (Port), a list or a plain value. A file of ten Kubernetes manifests gets
one finding, not ten. The formats recognised are listed in the Port dialect's page.

Port's own configuration files (blueprint definitions, integration mapping configs) are
legitimately kept under ``.port/``: they are reported at ``info`` severity, as files
that were read and deliberately not validated.

FAIL (a GitLab CI file named ``catalog-info.yml``)::

    stages: [build, test]
    build:
      script: make

gives::

    catalog-info.yml:1:1: error not-an-entity looks like a GitLab CI configuration, not a
      catalog entity (rename the file, or list it under exclude: in .catalog-lint.yaml)

(one line; wrapped here)
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="not-an-entity",
    severity=Severity.ERROR,
    summary="The document is not a catalog entity; says what it looks like instead.",
    scope="document",
)
