"""``catalog-lint blueprints docs -o DIR``: a Markdown reference page per blueprint in
force, for the people who write entity files, and an index.

A page says where the blueprint comes from, lists its properties (type, required,
allowed values or pattern, description, examples; nested properties and list items by
path), its organisation rules for ``metadata``, its relations (field, target kinds,
required, many), the scorecard rules that read its properties, and a minimal valid
example to start from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint.blueprint_tools.lint import has_property
from catalog_lint.blueprints import BACKSTAGE, Blueprint, BlueprintRegistry
from catalog_lint.errors import FatalError
from catalog_lint.scorecards.model import Scorecard

INDEX = "index.md"
_DEPTH = 4  # nested properties listed this deep


@dataclass(frozen=True)
class Row:
    path: str
    schema: dict[str, Any]
    required: bool


def page_name(blueprint: Blueprint) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", blueprint.identifier.lower()).strip("-") or "blueprint"
    return f"{blueprint.dialect}-{slug}.md"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{_cell(text)}`" if text != "" else '`""`'


def _rows(schema: dict[str, Any], prefix: str, depth: int = 0) -> Iterator[Row]:
    properties = schema.get("properties")
    if not isinstance(properties, dict) or depth >= _DEPTH:
        return
    required = set(schema.get("required") or [])
    for name, child in properties.items():
        if not isinstance(child, dict):
            continue
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
            path = f"{prefix}.{name}" if prefix else name
        else:
            path = f'{prefix}["{name}"]'
        yield Row(path, child, name in required)
        yield from _rows(child, path, depth + 1)
        items = child.get("items")
        if isinstance(items, dict) and isinstance(items.get("properties"), dict):
            yield from _rows(items, f"{path}[]", depth + 1)


def _type(schema: dict[str, Any]) -> str:
    value = schema.get("type")
    if isinstance(value, list):
        text = " or ".join(value)
    elif isinstance(value, str):
        text = value
    elif "enum" in schema:
        text = "one of the values"
    else:
        variants = schema.get("oneOf") or schema.get("anyOf")
        text = " or ".join(_type(v) for v in variants if isinstance(v, dict)) if variants else "any"
    items = schema.get("items")
    if text == "array" and isinstance(items, dict):
        text = f"list of {_type(items)}"
    return text


def _allowed(schema: dict[str, Any]) -> str:
    parts = []
    if isinstance(schema.get("enum"), list):
        parts.append(", ".join(_code(v) for v in schema["enum"]))
    if "const" in schema:
        parts.append(f"exactly {_code(schema['const'])}")
    if isinstance(schema.get("pattern"), str):
        parts.append(f"matches {_code(schema['pattern'])}")
    if isinstance(schema.get("format"), str):
        parts.append(f"format {schema['format']}")
    for key, words in (("minLength", "at least {} characters"), ("maxLength", "at most {} characters"),
                       ("minimum", "at least {}"), ("maximum", "at most {}"),
                       ("minItems", "at least {} items"), ("maxItems", "at most {} items")):
        if key in schema:
            if key == "minLength" and schema[key] == 1:
                parts.append("not empty")
            else:
                parts.append(words.format(schema[key]))
    if schema.get("uniqueItems") is True:
        parts.append("distinct items")
    return "; ".join(parts)


def _property_table(schema: dict[str, Any], prefix: str) -> list[str]:
    rows = list(_rows(schema, prefix))
    if not rows:
        return ["Any fields (the blueprint does not list them)." if schema.get(
            "additionalProperties") is not False else "No fields."]
    lines = ["| Property | Type | Required | Allowed | Description | Examples |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        examples = row.schema.get("examples")
        shown = ", ".join(_code(e) for e in examples) if isinstance(examples, list) else ""
        description = row.schema.get("description") or row.schema.get("title") or ""
        lines.append(f"| `{row.path}` | {_cell(_type(row.schema))} | "
                     f"{'**yes**' if row.required else 'no'} | {_cell(_allowed(row.schema))} | "
                     f"{_cell(description)} | {shown} |")
    closed = schema.get("additionalProperties") is False
    lines += ["", "Other properties are " + ("not allowed." if closed else "allowed.")]
    return lines


def _relations(blueprint: Blueprint) -> list[str]:
    if not blueprint.relations:
        return ["None."]
    backstage = blueprint.dialect == BACKSTAGE
    lines = ["| Relation | " + ("Field | " if backstage else "") + "Target | Required | Many | "
             "Description |", "| --- | " + ("--- | " if backstage else "") + "--- | --- | --- | --- |"]
    for name, relation in blueprint.relations.items():
        raw = blueprint.raw.get("relations", {}).get(name, {})
        description = raw.get("description", "") if isinstance(raw, dict) else ""
        if relation.default_kind:
            description = f"{description} Default kind: {relation.default_kind}.".strip()
        field = f"`{'.'.join(relation.field)}` | " if backstage else ""
        targets = ", ".join(relation.target) or "any"
        lines.append(f"| `{name}` ({_cell(relation.title)}) | {field}{_cell(targets)} | "
                     f"{'**yes**' if relation.required else 'no'} | "
                     f"{'yes' if relation.many else 'no'} | {_cell(description)} |")
    return lines


def reading_rules(blueprint: Blueprint, scorecards: list[Scorecard]) -> list[tuple[Scorecard, Any, Any]]:
    """``(scorecard, rule, condition)`` for every scorecard rule that reads a property of
    entities of this blueprint."""
    found = []
    kind = (blueprint.kind or blueprint.identifier).lower()
    for card in scorecards:
        applies = card.applies_to
        if not applies.entities:
            continue
        if blueprint.dialect == BACKSTAGE:
            if applies.kinds and "*" not in applies.kinds and kind not in applies.kinds:
                continue
            if not applies.kinds and applies.blueprints:
                continue
        else:
            if applies.blueprints and "*" not in applies.blueprints and \
                    blueprint.identifier not in applies.blueprints:
                continue
            if not applies.blueprints and applies.kinds:
                continue
        for rule in card.rules:
            for condition in rule.query.leaves():
                if condition.kind == "property" and condition.applies(blueprint.dialect) \
                        and has_property(blueprint, condition):
                    found.append((card, rule, condition))
    return found


def _example(blueprint: Blueprint) -> str:
    """A minimal document with every required field, as a starting point."""
    def value(schema: dict[str, Any], name: str) -> Any:
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        kind = schema.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "array":
            return []
        if kind == "object":
            return {key: value(sub, key) for key, sub in (schema.get("properties") or {}).items()
                    if key in (schema.get("required") or []) and isinstance(sub, dict)}
        if kind in ("number", "integer"):
            return 1
        if kind == "boolean":
            return True
        return f"<{name}>"

    fields = value(blueprint.schema, "spec")
    if blueprint.dialect == BACKSTAGE:
        for relation in blueprint.relations.values():
            if relation.required and len(relation.field) == 2 and relation.field[1] not in fields:
                target = relation.target[0].lower() if relation.target else "entity"
                fields[relation.field[1]] = f"my-{target}"
        document: dict[str, Any] = {
            "apiVersion": blueprint.api_versions[0] if blueprint.api_versions else "<apiVersion>",
            "kind": blueprint.kind or blueprint.identifier,
            "metadata": {"name": f"my-{(blueprint.kind or blueprint.identifier).lower()}"},
        }
        if blueprint.metadata_schema:
            document["metadata"].update(value(blueprint.metadata_schema, "metadata"))
        document["spec"] = fields
    else:
        document = {"identifier": f"my-{blueprint.identifier}", "blueprint": blueprint.identifier}
        if fields:
            document["properties"] = fields
        required = {name: f"my-{r.target[0] if r.target else 'entity'}"
                    for name, r in blueprint.relations.items() if r.required}
        if required:
            document["relations"] = required
    import yaml

    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).rstrip()


def page(blueprint: Blueprint, scorecards: list[Scorecard]) -> str:
    backstage = blueprint.dialect == BACKSTAGE
    what = "Backstage kind" if backstage else "Port blueprint"
    lines = [f"# {blueprint.title} ({what} `{blueprint.label}`)", ""]
    if blueprint.description:
        lines += [blueprint.description, ""]
    lines.append(f"- Source: {blueprint.origin} (`{blueprint.source}`)")
    if blueprint.overrides is not None:
        verb = "Extends" if blueprint.raw.get("extends") else "Replaces"
        lines.append(f"- {verb} the blueprint of {blueprint.overrides.origin}")
    if backstage:
        versions = ", ".join(f"`{v}`" for v in blueprint.api_versions) or "any"
        lines.append(f"- apiVersion: {versions}")
    else:
        lines.append(f"- An entity names it with `blueprint: {blueprint.identifier}`")
    lines += ["", "## " + ("spec" if backstage else "properties"), ""]
    lines += _property_table(blueprint.schema, "spec" if backstage else "")
    if blueprint.metadata_schema is not None:
        lines += ["", "## metadata: organisation rules", "",
                  "Besides what Backstage checks for every entity (name, namespace, labels, "
                  "annotations, tags, links):", ""]
        lines += _property_table(blueprint.metadata_schema, "metadata")
    lines += ["", "## Relations", "", *_relations(blueprint)]
    rules = reading_rules(blueprint, scorecards)
    lines += ["", "## Scorecard rules that read it", ""]
    if rules:
        lines += ["| Scorecard | Rule | Level | Reads |", "| --- | --- | --- | --- |"]
        grouped: dict[tuple[str, str], list[str]] = {}
        titles: dict[tuple[str, str], str] = {}
        for card, rule, condition in rules:
            key = (card.identifier, rule.identifier)
            titles[key] = (f"| {_cell(card.title)} (`{card.identifier}`) | `{rule.identifier}`: "
                           f"{_cell(rule.title)} | {_cell(rule.level)} |")
            if condition.subject not in grouped.setdefault(key, []):
                grouped[key].append(condition.subject)
        for key, subjects in grouped.items():
            lines.append(f"{titles[key]} {', '.join(f'`{_cell(s)}`' for s in subjects)} |")
    else:
        lines.append("None of the scorecards in force reads its properties.")
    lines += ["", "## A minimal example", "", "```yaml", _example(blueprint), "```", ""]
    return "\n".join(lines)


def index(registry: BlueprintRegistry, scorecards: list[Scorecard], names: dict[int, str]) -> str:
    lines = ["# Blueprint reference", "",
             "Every kind and blueprint in force, from: "
             + ", ".join(s.origin for s in registry.sources) + ".", ""]
    for title, group in (("Backstage kinds", registry.backstage_kinds()),
                         ("Port blueprints", registry.port_blueprints())):
        lines += [f"## {title}", "", "| Name | apiVersion | Description | Source |" if
                  title.startswith("Backstage") else "| Name | Description | Source |",
                  "| --- | --- | --- | --- |" if title.startswith("Backstage") else "| --- | --- | --- |"]
        for blueprint in sorted(group, key=lambda b: (b.label.lower(), b.identifier)):
            link = f"[{blueprint.label}]({names[id(blueprint)]})"
            versions = ", ".join(blueprint.api_versions)
            middle = f" {_cell(versions)} |" if title.startswith("Backstage") else ""
            lines.append(f"| {link} |{middle} {_cell(blueprint.description)} | "
                         f"{_cell(blueprint.origin)} |")
        lines.append("")
    lines += ["## Scorecards", "", "| Scorecard | Levels | Rules | File |", "| --- | --- | --- | --- |"]
    for card in scorecards:
        lines.append(f"| {_cell(card.title)} (`{card.identifier}`) | "
                     f"{_cell(' → '.join(card.level_titles))} | {len(card.rules)} | "
                     f"`{_cell(card.source)}` |")
    return "\n".join(lines) + "\n"


def write_docs(registry: BlueprintRegistry, scorecards: list[Scorecard], folder: Path) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FatalError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    names: dict[int, str] = {}
    used: set[str] = set()
    for blueprint in registry:
        name = page_name(blueprint)
        stem, number = name[:-3], 2
        while name in used or name == INDEX:
            name, number = f"{stem}-{number}.md", number + 1
        used.add(name)
        names[id(blueprint)] = name
    outputs = {INDEX: index(registry, scorecards, names)}
    for blueprint in registry:
        outputs[names[id(blueprint)]] = page(blueprint, scorecards)
    written = []
    for name, text in outputs.items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FatalError(f"{path}: cannot write: {exc.strerror or exc}") from None
        written.append(path)
    return written
