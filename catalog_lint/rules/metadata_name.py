"""``metadata.name`` is present and is a valid entity name.

Backstage accepts 1 to 63 characters: letters, digits, ``-``, ``_`` and ``.``, starting
and ending with a letter or digit. Spaces, slashes, ``:`` and non-ASCII letters are
rejected. Names are compared case-insensitively, so ``Cart`` and ``cart`` are the same
entity.

A name that YAML reads as a number or a boolean (``name: 1.10``, ``name: true``) is not
a string: quote it.

PASS::

    metadata:
      name: cart-service_v2.1

FAIL (a space)::

    metadata:
      name: cart service

FAIL (64 characters)::

    metadata:
      name: a-very-long-name-that-goes-on-and-on-and-on-past-the-limit-of-63

Fix (safe): a value YAML read as a number or a boolean (``name: 1234``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_object_name, is_object_name
from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._backstage import (
    expected_string,
    is_opaque_placeholder,
    is_text_placeholder,
    metadata_of,
    quote,
)
from catalog_lint.rules._fixes import retyped
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="metadata-name",
    severity=Severity.ERROR,
    summary="metadata.name is present: 1-63 letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)

_PATH = ("metadata", "name")


def check(ctx: DocumentContext) -> Iterator[Problem]:
    metadata = metadata_of(ctx.data)
    if metadata is None:
        return
    if "name" not in metadata:
        yield Problem(RULE.id, "metadata.name is missing; every entity needs a name", _PATH)
        return
    name = metadata["name"]
    if type(name) is str:
        if not is_object_name(name):
            yield Problem(RULE.id, f"metadata.name {quote(name)} is not a valid entity name: "
                          f"{explain_object_name(name)}", _PATH)
    elif not is_text_placeholder(name) and not is_opaque_placeholder(name):
        yield Problem(RULE.id, expected_string(ctx, "metadata.name", _PATH, name), _PATH,
                      fix=retyped(ctx, _PATH, name))
