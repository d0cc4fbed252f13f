"""``metadata.links`` is a list of links, each with a URL Backstage can parse.

Each link is a mapping with a ``url`` that a browser's URL parser accepts on its own:
it needs a scheme (``https:``, ``mailto:``) and, for web schemes, a host name. A
relative path, a bare ``//host`` or a ``${VARIABLE}`` that was never substituted is
rejected, as is a host name with a space in it or a port above 65535. ``title``,
``icon`` and ``type`` are optional, but when present they must be non-empty strings
(``title`` and ``icon`` not just blanks).

PASS::

    metadata:
      links:
        - url: https://grafana.example.com/d/cart
          title: Dashboard
          icon: dashboard
        - url: mailto:team-cart@example.com

FAIL (no scheme; an unexpanded variable)::

    metadata:
      links:
        - url: grafana.example.com/d/cart
        - url: ${GRAFANA_URL}/d/cart

Fix (safe): a value YAML read as a number or a boolean (``title: 2024``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_url, is_non_empty_string, is_url
from catalog_lint.findings import Problem, Severity
from catalog_lint.rules._backstage import (
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
    id="metadata-links",
    severity=Severity.ERROR,
    summary="metadata.links are mappings whose url is a URL Backstage accepts.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    links, problem = metadata_field(ctx.data, "links", list, RULE.id)
    if problem is not None:
        yield problem
    if not links:
        return
    for index, link in enumerate(links):
        path = ("metadata", "links", index)
        if is_opaque_placeholder(link):
            continue
        if type(link) is not dict or is_text_placeholder(link):
            yield Problem(RULE.id, f"each link must be a mapping with a url, got "
                          f"{describe(link)}", path)
            continue
        yield from _url(ctx, link, index)
        for field in ("title", "icon", "type"):
            if field in link:
                problem = _optional_text(ctx, link[field], field, index)
                if problem is not None:
                    yield problem


def _url(ctx: DocumentContext, link: dict[str, object], index: int) -> Iterator[Problem]:
    path = ("metadata", "links", index, "url")
    where = f"metadata.links[{index}].url"
    if "url" not in link:
        yield Problem(RULE.id, f"{where} is missing; every link needs a url", path)
        return
    url = link["url"]
    if type(url) is str:
        if url == "":
            yield Problem(RULE.id, f"{where} is empty", path)
        elif not is_url(url):
            yield Problem(RULE.id, f"{where} {quote(url)} is not a URL Backstage accepts: "
                          f"{explain_url(url)}", path)
    elif not is_text_placeholder(url) and not is_opaque_placeholder(url):
        yield Problem(RULE.id, with_hint(f"{where} must be a string, got {describe(url)}",
                                         ctx, path, url), path, fix=retyped(ctx, path, url))


def _optional_text(ctx: DocumentContext, value: object, field: str,
                   index: int) -> Problem | None:
    """What is wrong with a link's ``title``, ``icon`` or ``type``, if anything (a plain
    function, not a generator: nearly every link has words there)."""
    if type(value) is str and value != "" and (field == "type" or is_non_empty_string(value)):
        return None
    path = ("metadata", "links", index, field)
    where = f"metadata.links[{index}].{field}"
    if is_text_placeholder(value) or is_opaque_placeholder(value):
        return None
    if type(value) is not str:
        return Problem(RULE.id, with_hint(f"{where} must be a string, got {describe(value)}",
                                          ctx, path, value), path, fix=retyped(ctx, path, value))
    if value == "":
        return Problem(RULE.id, f"{where} is empty; give it a value or leave it out", path)
    return Problem(RULE.id, f"{where} is only blanks; give it a value or leave it out", path)
