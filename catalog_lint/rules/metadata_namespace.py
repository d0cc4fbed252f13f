"""``metadata.namespace``, when given, is a valid namespace.

Namespaces are DNS labels: 1 to 63 lowercase letters, digits and ``-``, starting and
ending with a letter or digit. Unlike names, they allow no capitals, ``_`` or ``.``.
Leave the field out to use ``default``.

PASS::

    metadata:
      name: cart-service
      namespace: payments

FAIL (capitals and a dot)::

    metadata:
      name: cart-service
      namespace: Payments.EU

Fix (safe): a value YAML read as a number or a boolean (``namespace: 2024``) is quoted, so that it
is the text that was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import explain_dns_label, is_namespace
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
    id="metadata-namespace",
    severity=Severity.ERROR,
    summary="metadata.namespace is 1-63 lowercase letters, digits and '-'.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)

_PATH = ("metadata", "namespace")


def check(ctx: DocumentContext) -> Iterator[Problem]:
    metadata = metadata_of(ctx.data)
    if metadata is None or "namespace" not in metadata:
        return
    namespace = metadata["namespace"]
    if type(namespace) is str:
        if not is_namespace(namespace):
            yield Problem(RULE.id, f"metadata.namespace {quote(namespace)} is not a valid "
                          f"namespace: {explain_dns_label(namespace)}", _PATH)
    elif not is_text_placeholder(namespace) and not is_opaque_placeholder(namespace):
        yield Problem(RULE.id, expected_string(ctx, "metadata.namespace", _PATH, namespace),
                      _PATH, fix=retyped(ctx, _PATH, namespace))
