"""``metadata.labels`` keys and values have the formats Backstage requires.

Labels are for selecting entities, so both halves are restricted:

- the key is ``[<prefix>/]<name>``: an optional DNS name (lowercase, dots) and a slash,
  then 1 to 63 letters, digits, ``-``, ``_`` or ``.``, starting and ending with a letter
  or digit;
- the value is empty or follows the same rule as the name part: a string, at most 63
  characters. Use an annotation for anything longer or freer.

PASS::

    metadata:
      labels:
        tier: gold
        example.com/cost-center: cc-1234

FAIL (a space in the value; two slashes in the key)::

    metadata:
      labels:
        tier: gold plated
        example.com/team/name: cart

Fix (safe): a value YAML read as a number or a boolean (``tier: 1``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import (
    explain_key,
    explain_object_name,
    is_label_key,
    is_label_value,
)
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
    id="metadata-labels",
    severity=Severity.ERROR,
    summary="metadata.labels keys are [prefix/]name and values are short name-like strings.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    labels, problem = metadata_field(ctx.data, "labels", dict, RULE.id)
    if problem is not None:
        yield problem
    if not labels:
        return
    path = ("metadata", "labels")
    for key, value in labels.items():
        if not is_label_key(key):
            yield at_key(ctx, RULE.id, f"label key {quote(key)} is not valid: "
                         f"{explain_key(key)}", (*path, key))
        if is_label_value(value) or is_opaque_placeholder(value):
            continue
        value_path = (*path, key)
        if type(value) is str:
            message = (f"label {quote(key)} has the value {quote(value)}, which is not a valid "
                       f"label value: {explain_object_name(value)} (use an annotation for "
                       "free text)")
        elif is_text_placeholder(value):
            continue  # the file's text is unknown here
        else:
            message = with_hint(f"label {quote(key)} must have a string value, got "
                                f"{describe(value)}", ctx, value_path, value)
        yield Problem(RULE.id, message, value_path,
                      fix=None if type(value) is str else retyped(ctx, value_path, value))
