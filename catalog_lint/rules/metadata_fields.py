"""The other ``metadata`` fields have the types Backstage requires.

``title``, ``uid`` and ``etag`` must be non-empty strings and ``description`` a string
(``uid`` and ``etag`` are set by the catalog; there is no reason to write them). Other
fields under ``metadata`` are allowed and kept.

A field that Backstage reads from ``spec`` but that was written under ``metadata``
(``metadata.owner``, ``metadata.lifecycle``) is ignored by Backstage: that is reported
as a warning, since the entity then usually lacks the ``spec`` field it needed.

PASS::

    metadata:
      name: cart-service
      title: Cart service
      description: Keeps the shopping carts

FAIL (an empty title; a description YAML reads as a number)::

    metadata:
      name: cart-service
      title: ""
      description: 2024

FAIL (a warning: ``owner`` belongs under ``spec``)::

    metadata:
      name: cart-service
      owner: team-cart

Fix (safe): a value YAML read as a number or a boolean (``description: 2024``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._backstage import (
    at_key,
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    metadata_of,
    with_hint,
)
from catalog_lint.rules._fixes import retyped
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="metadata-fields",
    severity=Severity.ERROR,
    summary="metadata.title, description, uid and etag are strings (title, uid, etag "
            "non-empty); spec fields written under metadata are flagged.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)

_NON_EMPTY = ("uid", "etag", "title")
_SPEC_ONLY = frozenset({
    "owner", "lifecycle", "system", "domain", "subcomponentOf", "providesApis",
    "consumesApis", "dependsOn", "dependencyOf", "definition", "parent", "children",
    "members", "memberOf", "subdomainOf", "target", "targets",
})


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    metadata = metadata_of(data)
    if metadata is None:
        return
    for field in (*_NON_EMPTY, "description"):
        if field not in metadata:
            continue
        value = metadata[field]
        path = ("metadata", field)
        if is_text_placeholder(value) or is_opaque_placeholder(value):
            continue
        if type(value) is not str:
            yield Problem(RULE.id, with_hint(f"metadata.{field} must be a string, got "
                                             f"{describe(value)}", ctx, path, value), path,
                          fix=retyped(ctx, path, value))
        elif value == "" and field != "description":
            yield Problem(RULE.id, f"metadata.{field} is empty; give it a value or leave it "
                          "out", path)
    if _SPEC_ONLY.isdisjoint(metadata):
        return
    spec = data.get("spec") if type(data) is dict else None
    spec = spec if type(spec) is dict else {}
    for field in metadata:
        if field in _SPEC_ONLY and field not in spec:
            yield at_key(ctx, RULE.id, f"metadata.{field} is not read by Backstage; "
                         f"{field} belongs under spec", ("metadata", field),
                         severity=Severity.WARNING)
