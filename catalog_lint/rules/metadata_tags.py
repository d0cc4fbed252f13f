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
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_tag, is_tag
from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._backstage import (
    describe,
    is_opaque_placeholder,
    is_text_placeholder,
    metadata_field,
    quote,
    with_hint,
)
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="metadata-tags",
    severity=Severity.ERROR,
    summary="metadata.tags are lowercase words of [a-z0-9:+#] joined by single dashes.",
    scope="document",
    dialects=("backstage",),
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
        else:
            message = with_hint(f"tag must be a string, got {describe(tag)}", ctx, path, tag)
        yield Problem(RULE.id, message, path)
