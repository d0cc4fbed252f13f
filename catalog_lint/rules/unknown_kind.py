"""The ``kind`` and ``apiVersion`` name a kind that the catalog knows.

Backstage's catalog knows ``Component``, ``API``, ``Resource``, ``System``, ``Domain``,
``Group``, ``User`` and ``Location`` at ``backstage.io/v1alpha1`` or
``backstage.io/v1beta1``, and ``Template`` at ``scaffolder.backstage.io/v1beta3`` (or
the older ``backstage.io/v1beta2``). Any other pair is rejected ("no processor
recognized the entity"). The match is exact: ``component`` is not ``Component``.

A custom kind that your Backstage installation adds with its own processor is accepted
once you describe it with a blueprint: put a JSON file with ``"dialect": "backstage"``,
``"kind"`` and ``"apiVersions"`` in a folder and pass it with ``--blueprints`` (or list
it under ``blueprints:`` in the configuration).

PASS::

    apiVersion: backstage.io/v1alpha1
    kind: Resource
    metadata:
      name: cart-db
    spec:
      type: database
      owner: team-cart

FAIL (no such kind; a known kind at an unknown apiVersion)::

    apiVersion: backstage.io/v1alpha1
    kind: Database
    ---
    apiVersion: backstage.io/v2
    kind: Component

Fix (safe): a kind or an apiVersion that differs from a known one only in case is written
as the known one (``component`` -> ``Component``, ``backstage.io/V1alpha1`` ->
``backstage.io/v1alpha1``).
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.backstage_formats import is_api_version, is_kind
from catalog_lint.findings import Fix, Problem, Severity
from catalog_lint.rules._backstage import blueprint_for, quote
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="unknown-kind",
    severity=Severity.ERROR,
    summary="kind and apiVersion name a built-in kind or one described by a blueprint.",
    scope="document",
    dialects=("backstage",),
    fixable="safe",
)


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if type(data) is not dict:
        return
    kind = data.get("kind")
    api_version = data.get("apiVersion")
    # a missing or malformed kind or apiVersion is the envelope rule's to report
    if type(kind) is not str or type(api_version) is not str:
        return
    if blueprint_for(ctx, kind, api_version) is not None:
        return
    if not is_kind(kind) or not is_api_version(api_version):
        return
    same_kind = [b for b in ctx.blueprints.backstage_kinds() if b.kind == kind]
    if same_kind:
        versions = sorted({v for b in same_kind for v in b.api_versions})
        cased = [v for v in versions if v.lower() == api_version.lower()]
        fix = Fix("replace", ("apiVersion",), cased[0], f"write the apiVersion as {cased[0]}"
                  ) if len(cased) == 1 else None
        yield Problem(RULE.id, f"{kind} entities use apiVersion {_or(versions)}, not "
                      f"{quote(api_version)}", ("apiVersion",), fix=fix)
        return
    known = sorted({b.kind or b.identifier for b in ctx.blueprints.backstage_kinds()},
                   key=str.lower)
    near = [k for k in known if k.lower() == kind.lower()]
    if near:
        fix = Fix("replace", ("kind",), near[0], f"write the kind as {near[0]}"
                  ) if len(near) == 1 else None
        yield Problem(RULE.id, f"unknown kind {quote(kind)}: kinds are case-sensitive; did "
                      f"you mean {near[0]}?", ("kind",), fix=fix)
        return
    yield Problem(RULE.id, f"unknown kind {quote(kind)} (apiVersion {api_version}): Backstage "
                  f"knows {', '.join(known)}; describe a custom kind with a blueprint "
                  "(--blueprints)", ("kind",))


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
