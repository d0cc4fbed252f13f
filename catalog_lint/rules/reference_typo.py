"""A reference that is not in the catalog is a near miss of an entity that is.

When a reference names no entity, but an entity of the same kind and namespace has a
name a slip of the keyboard away, the reference is almost certainly a typo: an error,
whether the catalog is complete or not, naming the entity meant and where it is
defined::

    services/cart/catalog-info.yaml:9:11: error reference-typo spec.system: system
      "chekout" is not in the catalog; did you mean "checkout" (catalog-info.yaml:11)?

"A slip away" is one edit (a letter added, left out, changed, or two neighbours
swapped) for names of 4 to 7 characters, two for longer ones, none for shorter ones,
compared without regard to case; names that differ in their numbers (``db-0001``,
``db-0002``) or only in a part of one or two characters between dashes (``team-a``,
``team-b``) are never near misses, since catalogs are full of such siblings (see
``catalog_lint/near_miss.py``, and docs/graph.md).

A reference with no near miss is left to ``unresolved-reference`` (a warning in a
partial catalog). This is a rule of its own, rather than ``unresolved-reference`` at
another severity, because a typo is wrong in any catalog: a team whose owners live in
another repository keeps ``unresolved-reference`` a warning and still gets its typos
caught; the rule can be made a warning or turned off alone. It refines
``unresolved-reference``, though: turning that rule off (the catalog is not judged at
all), ignoring it for a file (``per-file-ignores``) or suppressing it on a line
(``# catalog-lint: disable=unresolved-reference``) covers this one too. Turned off
alone, a near miss is reported as an ordinary ``unresolved-reference``. The finding's
fingerprint leaves the candidate's line out, so it survives lines moving elsewhere.

Fix (safe): when exactly one entity is near, ``catalog-lint fix`` writes its name in the
reference, keeping the form the reference is written in (``chekout``,
``system:chekout`` and ``system:default/chekout`` keep their kind and namespace).

In a run over named files (the pre-commit hook), every other entity file of the
repository is read to know the entities, so a typo is caught at commit time.

PASS::

    kind: System
    metadata:
      name: checkout
    ---
    kind: Component
    metadata:
      name: cart-service
    spec:
      system: checkout

FAIL (``chekout`` for ``checkout``)::

    kind: System
    metadata:
      name: checkout
    ---
    kind: Component
    metadata:
      name: cart-service
    spec:
      system: chekout
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="reference-typo",
    severity=Severity.ERROR,
    summary="A reference not in the catalog is a near miss of an entity that is (did you mean ...?).",
    scope="catalog",
    family="graph",
    fixable="safe",
)
