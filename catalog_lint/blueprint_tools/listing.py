"""``catalog-lint blueprints list``: every blueprint in force, with its source and the
blueprint it replaced or refined, and the scorecards the sets bring."""

from __future__ import annotations

from typing import Any

from catalog_lint.blueprints import BACKSTAGE, Blueprint, BlueprintRegistry
from catalog_lint.scorecards.model import Scorecard


def _chain(blueprint: Blueprint) -> list[str]:
    """What it overrides, nearest first: ``["built-in"]``, ``["folder x", "built-in"]``."""
    found = []
    current = blueprint.overrides
    while current is not None:
        found.append(current.origin)
        current = current.overrides
    return found


def _entry(blueprint: Blueprint) -> dict[str, Any]:
    item: dict[str, Any] = {
        "identifier": blueprint.identifier,
        "dialect": blueprint.dialect,
        "title": blueprint.title,
        "source": blueprint.origin,
        "file": blueprint.source,
        "overrides": _chain(blueprint),
        "extends": blueprint.raw.get("extends"),
    }
    if blueprint.dialect == BACKSTAGE:
        item["kind"] = blueprint.kind
        item["apiVersions"] = list(blueprint.api_versions)
    return item


def inventory(registry: BlueprintRegistry, scorecards: list[Scorecard]) -> dict[str, Any]:
    """The JSON form of ``blueprints list`` (``--format json``)."""
    from catalog_lint.blueprint_sets.manifest import read_manifest

    sources = []
    for source in registry.sources:
        manifest = None if source.builtin else read_manifest(source.folder)
        sources.append({
            "source": source.origin,
            "kind": source.kind,
            "folder": str(source.folder),
            "name": manifest.name if manifest else source.name,
            "version": manifest.version if manifest else source.version,
            "commit": source.commit or None,
        })
    backstage = sorted(registry.backstage_kinds(), key=lambda b: (b.kind or "", b.identifier))
    port = sorted(registry.port_blueprints(), key=lambda b: b.identifier)
    return {
        "sources": sources,
        "blueprints": [_entry(b) for b in [*backstage, *port]],
        "scorecards": [{"identifier": card.identifier, "title": card.title,
                        "file": card.source} for card in scorecards],
    }


def render_text(data: dict[str, Any]) -> str:
    lines = ["Sources, in order (a later blueprint with the same identifier replaces or "
             "refines an earlier one):"]
    for source in data["sources"]:
        named = f"{source['name']} {source['version']}".strip()
        lines.append(f"  {source['source']}" + (f"  [{named}]" if named and named not in
                                                 source["source"] else ""))
    backstage = [b for b in data["blueprints"] if b["dialect"] == BACKSTAGE]
    port = [b for b in data["blueprints"] if b["dialect"] != BACKSTAGE]
    lines.append("")
    lines.append("Backstage kinds:")
    lines.extend(_table([[b["kind"] or b["identifier"], ", ".join(b["apiVersions"]),
                          b["source"], _overrides(b)] for b in backstage],
                        ["KIND", "API VERSIONS", "SOURCE", "OVERRIDES"]))
    lines.append("")
    lines.append("Port blueprints:")
    lines.extend(_table([[b["identifier"], b["source"], _overrides(b)] for b in port],
                        ["IDENTIFIER", "SOURCE", "OVERRIDES"]))
    lines.append("")
    lines.append("Scorecards:")
    lines.extend(_table([[c["identifier"], c["file"]] for c in data["scorecards"]],
                        ["IDENTIFIER", "FILE"]))
    return "\n".join(lines) + "\n"


def _overrides(item: dict[str, Any]) -> str:
    if not item["overrides"]:
        return ""
    verb = "extends" if item.get("extends") else "replaces"
    return f"{verb} {item['overrides'][0]}"


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    if not rows:
        return ["  (none)"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return ["  " + "  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            for row in [header, *rows]]
