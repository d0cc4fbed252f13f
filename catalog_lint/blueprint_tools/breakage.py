"""Which exported entities a change of blueprints would break.

Each entity of a catalog export (version 2 carries its data) is checked against its
blueprint as it was and as it would be; what the new blueprint reports and the old one
did not is a break: the finding that entity's repository would get, at its file and line.
The checks are those of a run on one entity: its schema (``spec`` or ``properties``,
and ``metadata`` when the kind has organisation rules), the relations the blueprint
requires, ``many``, and the kinds a Backstage reference may point at.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from catalog_lint.blueprints import BACKSTAGE, Blueprint, BlueprintRegistry
from catalog_lint.findings import JsonPath, format_path

Problem = tuple[str, str]  # (JSON path as written, message)


@dataclass(frozen=True)
class Break:
    repository: str
    file: str
    line: int
    entity: str
    blueprint: str
    path: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"repository": self.repository, "file": self.file, "line": self.line,
                "entity": self.entity, "blueprint": self.blueprint, "path": self.path,
                "message": self.message}


def blueprint_of(item: dict[str, Any], registry: BlueprintRegistry) -> Blueprint | None:
    data = _mapping(item.get("data"))
    if item.get("dialect") == BACKSTAGE:
        api_version = data.get("apiVersion", item.get("apiVersion", ""))
        return registry.backstage(str(item.get("kind", "")), str(api_version))
    return registry.port(str(item.get("kind", "")))


def problems(item: dict[str, Any], blueprint: Blueprint) -> list[Problem]:
    """What catalog-lint would report on an exported entity, against one blueprint."""
    data = item.get("data")
    if not isinstance(data, dict):
        return []
    found: list[Problem] = []
    if blueprint.dialect == BACKSTAGE:
        spec = data.get("spec")
        if isinstance(spec, dict):
            found += _schema(blueprint.validator.errors(spec), ("spec",))
        elif "spec" not in data:
            found.append(("spec", "spec is missing"))
        metadata = data.get("metadata")
        validator = blueprint.metadata_validator
        if validator is not None and isinstance(metadata, dict):
            found += _schema(validator.errors(metadata), ("metadata",))
    else:
        properties = data.get("properties", {})
        if isinstance(properties, dict):
            found += _schema(blueprint.validator.errors(properties), ("properties",))
    found += _relations(item, data, blueprint)
    return found


def _schema(errors: Iterable[Any], prefix: JsonPath) -> list[Problem]:
    found = []
    for error in errors:
        path: JsonPath = (*prefix, *error.path)
        message = error.message
        if error.keyword == "required" and message.endswith(" is required"):
            try:
                name = ast.literal_eval(message[: -len(" is required")])
            except (ValueError, SyntaxError):
                name = None
            if isinstance(name, str):
                path = (*path, name)
                found.append((format_path(path), f"{format_path(path)} is missing"))
                continue
        if error.keyword == "enum" and " is not one of " in message:
            value, _, choices = message.partition(" is not one of ")
            try:
                allowed = ", ".join(str(c) for c in ast.literal_eval(choices))
                shown = json.dumps(ast.literal_eval(value), ensure_ascii=False)
            except (ValueError, SyntaxError, TypeError):
                pass
            else:
                found.append((format_path(path), f"{format_path(path)} is {shown}; expected "
                                                 f"one of: {allowed}"))
                continue
        found.append((format_path(path), f"{format_path(path)}: {message}"))
    return found


def _relations(item: dict[str, Any], data: dict[str, Any], blueprint: Blueprint
               ) -> list[Problem]:
    found: list[Problem] = []
    refs = _mapping(item.get("relations"))
    for name, relation in blueprint.relations.items():
        if blueprint.dialect == BACKSTAGE:
            if not relation.field:
                continue
            value = _get(data, relation.field)
            where = ".".join(relation.field)
        else:
            relations = data.get("relations")
            value = relations.get(name) if isinstance(relations, dict) else None
            where = f"relations.{name}"
        if value is None or value in ("", []):
            if relation.required:
                found.append((where, f"{where} is required"))
            continue
        if isinstance(value, list) and len(value) > 1 and not relation.many:
            found.append((where, f"{where} takes one reference, got {len(value)}"))
        allowed = {t.lower() for t in relation.target}
        if blueprint.dialect == BACKSTAGE and allowed:
            for ref in refs.get(name, []):
                kind = str(ref).split(":", 1)[0]
                if kind.lower() not in allowed:
                    found.append((where, f"{where} must refer to {' or '.join(relation.target)},"
                                         f" not a {kind} ({ref})"))
    if blueprint.dialect != BACKSTAGE:
        relations = data.get("relations")
        for name in relations if isinstance(relations, dict) else {}:
            if name not in blueprint.relations:
                found.append((f"relations.{name}", f"blueprint {blueprint.identifier!r} has no "
                                                   f"relation {name!r}"))
    return found


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def line_of(item: dict[str, Any], path: str) -> int:
    """The line of ``path`` (or of its nearest parent) from the export's ``lines``."""
    lines = _mapping(item.get("lines"))
    current = path
    while current:
        if isinstance(lines.get(current), int):
            return int(lines[current])
        cut = max(current.rfind("."), current.rfind("["))
        current = current[:cut] if cut > 0 else ""
    return int(item.get("line") or 1)


def breaks(exports: list[dict[str, Any]], old: BlueprintRegistry, new: BlueprintRegistry,
           changed: set[tuple[str, str]]) -> tuple[list[Break], int, int]:
    """The breaks among the exported entities whose blueprint changed; also how many
    entities were checked and how many could not be (an export without data)."""
    found: list[Break] = []
    checked = without_data = 0
    for export in exports:
        repository = str(export.get("source") or "catalog")
        for item in export.get("entities", []):
            before = blueprint_of(item, old)
            after = blueprint_of(item, new)
            if before is None or (str(item.get("dialect")), before.identifier) not in changed:
                continue  # not a blueprint of the set, or unknown already
            if not isinstance(item.get("data"), dict):
                without_data += 1
                continue
            checked += 1
            ref = str(item.get("ref") or item.get("name"))
            file = str(item.get("file", ""))
            if after is None:
                kind = item.get("kind")
                found.append(Break(repository, file, int(item.get("line") or 1), ref,
                                   before.label, "", f"{kind} is no longer defined by any "
                                   "blueprint (unknown-kind / unknown-blueprint)"))
                continue
            earlier = set(problems(item, before))
            for path, message in problems(item, after):
                if (path, message) not in earlier:
                    found.append(Break(repository, file, line_of(item, path), ref,
                                       after.label, path, message))
    return found, checked, without_data
