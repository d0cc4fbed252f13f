"""A reference names an entity that is not in the catalog.

Every relation of every entity loaded (whatever file or dialect it came from) is
resolved against every other entity loaded, and against the catalogs given with
``--catalog``. References follow Backstage's rules: ``[kind:][namespace/]name``, the
relation's default kind (``spec.owner`` means a Group, ``spec.system`` a System, ...),
the referring entity's namespace, compared case-insensitively. Port relations name
identifiers of entities of the relation's target blueprint.

A ``warning`` by default, since owners and systems often live in another repository;
an ``error`` when the catalog is declared complete (``catalog: complete`` in the config,
or ``--complete``). When an entity with the same name but another kind exists, the
message says so. Two kinds of unresolved reference are errors of their own, in any
catalog: a near miss of an entity the catalog has (``reference-typo``), and a name no
entity can have (``unresolvable-reference``).

A run over named files (the pre-commit hook) reports on those files, but resolves their
references against every entity file of the repository (see docs/graph.md); with
``--no-context`` it reads the named files alone and does not judge this rule.

PASS::

    kind: Group
    metadata:
      name: team-cart
    ---
    kind: Component
    metadata:
      name: cart-service
    spec:
      owner: team-cart

FAIL (``team-kart`` is defined nowhere)::

    kind: Component
    metadata:
      name: cart-service
    spec:
      owner: team-kart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="unresolved-reference",
    severity=Severity.WARNING,
    summary="A reference names an entity that is not in the catalog (an error with --complete).",
    scope="catalog",
    family="graph",
)
