"""Port entities (``identifier``, ``blueprint``, ``properties``, ``relations``, ``team``)."""

from __future__ import annotations

from catalog_lint.blueprints import BlueprintRegistry
from catalog_lint.model import Document, Entity


def build_entity(doc: Document, blueprints: BlueprintRegistry) -> Entity | None:
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
