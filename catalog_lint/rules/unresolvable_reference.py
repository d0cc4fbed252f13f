"""A reference names what no entity can be called, so it can never be resolved.

Backstage parses ``[kind:][namespace/]name`` without checking the parts, so a
reference whose name has a space, a character outside letters, digits, ``-``, ``_``
and ``.``, or more than 63 characters is accepted, and points at nothing, in every
catalog there will ever be. The same for a namespace that is not a DNS label, and for
a Port relation target that is not a Port identifier. That is an error whatever the
catalog, complete or partial.

The usual cause is a list item indented deeper than the item above it: YAML reads the
deeper line as more of the item above and joins the two with a space, so
``resource:cart-db`` and ``resource:cart-cache`` become the one reference
``resource:cart-db - resource:cart-cache``. The source says so, and the message shows
the line to move::

    catalog-info.yaml:10:7: error unresolvable-reference spec.dependsOn[0]:
      "resource:cart-db - resource:cart-cache" is two list items folded into one:
      "- resource:cart-cache" (line 11) is indented deeper than the item above it, so
      YAML reads it as more of that item; align the dashes

A reference that cannot even be parsed (an empty part, no kind where the field has no
default) is ``entity-ref-syntax``'s.

PASS::

    spec:
      dependsOn:
        - resource:cart-db
        - resource:cart-cache

FAIL (the second item is indented too far)::

    spec:
      dependsOn:
        - resource:cart-db
          - resource:cart-cache

FAIL (a space in the name)::

    spec:
      owner: team cart
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="unresolvable-reference",
    severity=Severity.ERROR,
    summary="A reference names what no entity can be called (a space, a folded list item), so it never resolves.",
    scope="catalog",
    family="graph",
)
