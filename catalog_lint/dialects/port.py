"""Port entities (``identifier``, ``blueprint``, ``properties``, ``relations``, ``team``).

A Port entity file is a JSON or YAML object, or a list of them (each item becomes a
document of its own before it gets here)::

    identifier: cart-service
    title: Cart service
    blueprint: component
    team: [cart-team]
    properties: {type: service, lifecycle: Production}
    relations: {system: shop, providesApis: [cart-api]}

The entity's reference is ``port:<blueprint>/<identifier>``. Its relations are read by
the catalog graph (``catalog_lint.graph.extract``); values of the wrong shape are
reported by the ``port-entity`` rule.
"""

from __future__ import annotations

from catalog_lint.blueprints import BlueprintRegistry
from catalog_lint.model import Document, Entity


def build_entity(doc: Document, blueprints: BlueprintRegistry) -> Entity | None:
    """The entity a Port document describes, when it has an identifier to be known by.
    Everything else about it is checked by the rules, not here."""
    data = doc.data
    if not isinstance(data, dict):
        return None
    identifier = data.get("identifier")
    if not isinstance(identifier, str) or not identifier:
        return None
    blueprint_id = data.get("blueprint")
    blueprint = blueprints.port(blueprint_id) if isinstance(blueprint_id, str) else None
    kind = blueprint_id if isinstance(blueprint_id, str) else ""
    return Entity("port", kind, "", identifier, data, doc, blueprint)

