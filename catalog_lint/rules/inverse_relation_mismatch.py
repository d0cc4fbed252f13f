"""Both sides of a relation are written, and they disagree.

Some Backstage relations can be declared from either end: a group's ``spec.children``
and the child's ``spec.parent``, a user's ``spec.memberOf`` and the group's
``spec.members``. When both ends are written, they must name each other: a group that
lists a child whose ``parent`` is another group, or a user who says it is a member of a
group whose ``members`` list leaves it out, is reported at the reference that is not
returned. An end left empty (``children: []``) is not a disagreement.

PASS::

    kind: Group
    metadata: {name: team-cart}
    spec: {type: team, children: [], members: [alice]}
    ---
    kind: User
    metadata: {name: alice}
    spec: {memberOf: [team-cart]}

FAIL (``team-cart`` does not list ``bob``)::

    kind: Group
    metadata: {name: team-cart}
    spec: {type: team, children: [], members: [alice]}
    ---
    kind: User
    metadata: {name: bob}
    spec: {memberOf: [team-cart]}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="inverse-relation-mismatch",
    severity=Severity.WARNING,
    summary="A relation declared on both sides (children/parent, memberOf/members) disagrees.",
    scope="catalog",
    family="graph",
)
