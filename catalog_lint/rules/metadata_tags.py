"""``metadata.tags`` is a list of valid tags.

A tag is 1 to 63 characters: lowercase letters, digits, ``:``, ``+`` and ``#``, in words
joined by single dashes. So ``java``, ``c++``, ``c#``, ``team:cart`` and
``spring-boot`` are tags; ``Java``, ``spring_boot``, ``node.js``, ``two words`` and
``a--b`` are not.

PASS::

    metadata:
      tags: [java, spring-boot, c++, team:cart]

FAIL::

    metadata:
      tags: [Java, node.js]

Fix (safe): a tag is lowercased and its ``_``, ``.``, ``/`` and spaces become single
dashes when that gives a valid tag (``Java`` -> ``java``, ``spring_boot`` ->
``spring-boot``, ``node.js`` -> ``node-js``); a tag that YAML read as a number is
quoted (``1.10`` -> ``"1.10"``). A tag with other characters (``café``, ``@scope``) is
left for a person to rewrite.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_tag, is_tag
from catalog_lint.findings import Fix, Problem, Severity
from catalog_lint.rules._backstage import (
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    metadata_field,
    quote,
    with_hint,
)
from catalog_lint.rules._fixes import normal_tag, retyped
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="metadata-tags",
    severity=Severity.ERROR,
    summary="metadata.tags are lowercase words of [a-z0-9:+#] joined by single dashes.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    tags, problem = metadata_field(ctx.data, "tags", list, RULE.id)
    if problem is not None:
        yield problem
    if not tags:
        return
    for index, tag in enumerate(tags):
        if is_tag(tag) or is_text_placeholder(tag) or is_opaque_placeholder(tag):
            continue
        path = ("metadata", "tags", index)
        if type(tag) is str:
            message = f"tag {quote(tag)} is not valid: {explain_tag(tag)}"
            normal = normal_tag(tag)
            fix = None if normal is None else Fix("replace", path, normal,
                                                  f"write the tag {quote(tag)} as {normal}")
        else:
            message = with_hint(f"tag must be a string, got {describe(tag)}", ctx, path, tag)
            fix = retyped(ctx, path, tag)
        yield Problem(RULE.id, message, path, fix=fix)
