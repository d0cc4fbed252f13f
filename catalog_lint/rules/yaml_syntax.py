"""The YAML is malformed.

The message says what is most likely wrong and how to fix it, at the place to fix it:
a tab where YAML wants spaces (at the tab), a ``: `` inside an unquoted value (with the
value quoted as it should be) or a key indented under a value, an unclosed quote or
bracket (where it opened, and where the file ended), a line whose indentation lines it
up with nothing above it (naming the lines it falls between), an alias with no anchor, a
bad escape in double quotes, a malformed directive. libyaml's own words follow in
parentheses (``(libyaml: did not find expected key)``), for searching. Each document of a
multi-document file is read on its own, as the catalog does, so one broken document
does not hide problems in the others; a document that cannot be read exactly as a YAML
1.2 parser reads it gets this finding at its line rather than being read differently.

Only plain YAML values are accepted: a tag that would build an object (``!!python/...``,
``!!binary``, custom tags) is an error, as it is for Backstage. A YAML 1.2 core tag on a
value it does not describe (``!!int abc``, ``!!bool yes``, ``!!str`` on a mapping) is an error
too, at the tag. Directives must stand before a document's ``---`` (after the previous
document's ``...``); content after ``...`` on its line and a mapping on the ``---`` line are
errors. A reserved directive (``%FOO``) is ignored and ``%YAML 1.3`` read as 1.2, each with
a warning, as YAML 1.2 says. The few mistakes the underlying parser (libyaml) would let
through are errors too: a comment touching a value (``"value"#note``), a continuation
line of a quoted value or flow collection not indented more than its key, a lone ``-``
in brackets (see backstage-compatibility.md, "How YAML is read").

FAIL::

    metadata:
      name: cart
     description: misindented

gives, at 3:2 (one line; wrapped here)::

    'description' is indented 1 space, between 'metadata' (line 1, 0 spaces) and 'name'
    (line 2, 2 spaces), so it belongs to neither: line it up with one of them
    (libyaml: did not find expected key)

FAIL::

    metadata:
      description: Cart: handles the basket

gives, at 2:20 (one line; wrapped here)::

    the value of 'description' contains ': ', which YAML reads as the start of a mapping:
    quote the value, description: "Cart: handles the basket"
    (libyaml: mapping values are not allowed in this context)

FAIL::

    spec:
      replicas: !!int three

gives::

    catalog-info.yaml:2:13: error yaml-syntax !!int tag on a value that is not an integer: 'three'
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="yaml-syntax",
    severity=Severity.ERROR,
    summary="The YAML is malformed, uses a tag that builds an object, or a tag on a value "
            "of another type.",
    scope="file",
)
