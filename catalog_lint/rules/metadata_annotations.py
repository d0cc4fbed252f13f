"""``metadata.annotations`` keys have the required format and values are strings.

An annotation key is ``[<prefix>/]<name>``: an optional DNS name (lowercase, dots) and
a slash, then 1 to 63 letters, digits, ``-``, ``_`` or ``.``, starting and ending with a
letter or digit. Values may be any string, but must be strings: YAML reads ``true``,
``42`` or ``1.10`` unquoted as a boolean or a number, and Backstage rejects the entity.

PASS::

    metadata:
      annotations:
        github.com/project-slug: acme/cart-service
        example.com/replicas: "3"

FAIL (the value is the number 3; the key has two slashes)::

    metadata:
      annotations:
        example.com/replicas: 3
        github.com/acme/cart: yes

Fix (safe): a value YAML read as a number or a boolean (``example.com/enabled: true``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_key, is_annotation_key
from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._backstage import (
    at_key,
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    metadata_field,
    quote,
    with_hint,
)
from catalog_lint.rules._fixes import retyped
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="metadata-annotations",
    severity=Severity.ERROR,
    summary="metadata.annotations keys are [prefix/]name and values are strings.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    annotations, problem = metadata_field(ctx.data, "annotations", dict, RULE.id)
    if problem is not None:
        yield problem
    if not annotations:
        return
    path = ("metadata", "annotations")
    for key, value in annotations.items():
        if not is_annotation_key(key):
            yield at_key(ctx, RULE.id, f"annotation key {quote(key)} is not valid: "
                         f"{explain_key(key)}", (*path, key))
        if type(value) is str or is_text_placeholder(value) or is_opaque_placeholder(value):
            continue
        value_path = (*path, key)
        yield Problem(RULE.id, with_hint(f"annotation {quote(key)} must have a string value, "
                                         f"got {describe(value)}", ctx, value_path, value),
                      value_path, fix=retyped(ctx, value_path, value))
