"""A Port entity's ``blueprint`` names a blueprint catalog-lint knows.

Without its blueprint an entity's properties and relations cannot be checked. The
built-in Port blueprints are ``component``, ``resource``, ``api``, ``domain``,
``system``, ``group`` and ``user``; add your own (or replace these) with
``--blueprints DIR`` or the ``blueprints:`` setting, a folder of blueprint JSON files.

PASS::

    identifier: cart-service
    blueprint: component
    properties: {type: service, lifecycle: Production}

FAIL::

    identifier: cart-service
    blueprint: microservice

gives::

    port.yaml:2:12: error unknown-blueprint blueprint 'microservice' is not known (known:
      api, component, domain, group, resource, system, user); the built-in 'component'
      blueprint models what 'microservice' usually means; add its definition with
      --blueprints DIR or the blueprints: setting

(one line; wrapped here)
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.findings import Problem, Severity
from catalog_lint.rules.base import DocumentContext, Rule

RULE = Rule(
    id="unknown-blueprint",
    severity=Severity.ERROR,
    summary="A Port entity's blueprint is not one catalog-lint knows (built in or --blueprints).",
    scope="document",
    dialects=("port",),
    family="validation",
)

#: Names Port's templates and users give to what the built-in blueprints call otherwise.
_ALIASES = {
    "service": "component",
    "microservice": "component",
    "team": "group",
    "_team": "group",
    "_user": "user",
}


def check(ctx: DocumentContext) -> Iterator[Problem]:
    data = ctx.data
    if not isinstance(data, dict):
        return
    name = data.get("blueprint")
    if not isinstance(name, str) or not name or ctx.blueprints.port(name) is not None:
        return  # a missing or malformed blueprint is the port-entity rule's business
    known = sorted(b.identifier for b in ctx.blueprints.port_blueprints())
    message = f"blueprint {name!r} is not known (known: {', '.join(known) or 'none'})"
    alias = _ALIASES.get(name.lower())
    import difflib  # only for an unknown blueprint

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    if alias in known:
        message += f"; the built-in {alias!r} blueprint models what {name!r} usually means"
    elif close:
        message += f"; did you mean {close[0]!r}?"
    message += "; add its definition with --blueprints DIR or the blueprints: setting"
    yield Problem(RULE.id, message, path=("blueprint",))
