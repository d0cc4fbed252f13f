"""Backstage descriptors (``apiVersion``/``kind``/``metadata``/``spec``) as entities."""

from __future__ import annotations

from catalog_lint.blueprints import BlueprintRegistry
from catalog_lint.model import Document, Entity
from catalog_lint.refs import DEFAULT_NAMESPACE


def build_entity(doc: Document, blueprints: BlueprintRegistry) -> Entity | None:
    """The entity a Backstage document describes, when it has at least a kind and a name.
    Everything else about it is checked by the rules, not here."""
    data = doc.data
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    metadata = data.get("metadata")
    if not isinstance(kind, str) or not kind or not isinstance(metadata, dict):
        return None
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        return None
    namespace = metadata.get("namespace")
    if not isinstance(namespace, str) or not namespace:
        namespace = DEFAULT_NAMESPACE
    api_version = data.get("apiVersion")
    blueprint = blueprints.backstage(kind, api_version) if isinstance(api_version, str) else None
    return Entity("backstage", kind, namespace, name, data, doc, blueprint)
