"""References are written in the form the configuration asks for.

A reference can be written in several forms that resolve to the same entity: in an
entity of the ``default`` namespace, ``spec.owner: team-cart``,
``group:team-cart`` and ``group:default/team-cart`` all name the same Group. A catalog
that mixes them is harder to search and to review. With ``references: {form: short}``
in the configuration, every part that the field's default kind or the entity's own
namespace makes unnecessary is reported; with ``form: long``, every part left out is.
Without the setting this rule says nothing.

PASS (``form: short``)::

    metadata:
      name: cart-service
    spec:
      owner: team-cart
      dependsOn: [resource:cart-db]

FAIL (``form: short``: the kind and the namespace are the defaults)::

    metadata:
      name: cart-service
    spec:
      owner: group:default/team-cart
      dependsOn: [resource:default/cart-db]

Fix (safe): the reference is rewritten in the asked form; it names the same entity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog_lint.findings import Fix, JsonPath, Problem, Severity, format_path
from catalog_lint.refs import DEFAULT_NAMESPACE, RefError, split_ref
from catalog_lint.rules._backstage import metadata_of, quote
from catalog_lint.rules.base import DocumentContext, Rule
from catalog_lint.rules.entity_ref_syntax import ref_ok, relation_fields, spec_and_blueprint

RULE = Rule(
    id="entity-ref-form",
    severity=Severity.WARNING,
    summary="References are written in the form the configuration asks for "
            "(references.form: short or long); silent without that setting.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    settings = ctx.settings.get("references")
    form = settings.get("form") if isinstance(settings, dict) else None
    found = spec_and_blueprint(ctx) if form in ("short", "long") else None
    if found is None or not isinstance(form, str):
        return
    spec, blueprint = found
    namespace = _namespace(ctx.data)
    for field, default_kind, _, _ in relation_fields(blueprint):
        value = spec.get(field)
        items = list(enumerate(value)) if type(value) is list else [(None, value)]
        for index, ref in items:
            if type(ref) is not str or not ref_ok(ref, default_kind):
                continue  # entity-ref-syntax and blueprint-schema speak of those
            path: JsonPath = ("spec", field) if index is None else ("spec", field, index)
            wanted = _in_form(ref, form, default_kind, namespace)
            if wanted is not None and wanted != ref:
                yield Problem(RULE.id, f"{format_path(path)} {quote(ref)} is written "
                              f"{quote(wanted)} in the {form} form (references.form)", path,
                              fix=Fix("replace", path, wanted,
                                      f"write {quote(ref)} as {quote(wanted)}"))


def _namespace(data: Any) -> str:
    metadata = metadata_of(data)
    namespace = metadata.get("namespace") if metadata else None
    return namespace if type(namespace) is str and namespace else DEFAULT_NAMESPACE


def _in_form(ref: str, form: str, default_kind: str | None, namespace: str) -> str | None:
    """``ref`` written short (parts equal to the defaults left out) or long (every part)."""
    try:
        kind, ref_namespace, name = split_ref(ref)
    except RefError:
        return None
    if form == "long":
        kind = kind or (default_kind.lower() if default_kind else None)
        if kind is None:
            return None
        return f"{kind}:{ref_namespace or namespace}/{name}"
    keep_kind = kind is not None and (default_kind is None or kind.lower() != default_kind.lower())
    keep_namespace = ref_namespace is not None and ref_namespace.lower() != namespace.lower()
    return (f"{kind}:" if keep_kind else "") + (f"{ref_namespace}/" if keep_namespace else "") + name
