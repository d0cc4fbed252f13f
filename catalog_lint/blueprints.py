"""Blueprints: data that says what an entity of a kind may hold and whom it may point at.

A blueprint is a JSON file in the Port style::

    {"identifier": "component", "title": "Component",
     "schema": {"properties": {...}, "required": [...]},
     "relations": {"system": {"target": "system", "required": false, "many": false}}}

Backstage kinds are blueprints too (``"dialect": "backstage"``, ``"kind"``,
``"apiVersions"``; the schema describes ``spec``), so one engine validates both dialects.
Validators are compiled once per blueprint per run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.config import DEFAULT_MAX_FILE_SIZE
from catalog_lint.errors import FatalError
from catalog_lint.findings import JsonPath
from catalog_lint.jsvalues import load_json
from catalog_lint.regular_files import read_named_file

BACKSTAGE = "backstage"
PORT = "port"


def builtin_blueprints_dir() -> Path:
    """``blueprints/`` ships inside the wheel as ``catalog_lint/blueprints``; in a source
    checkout (or an editable install) it is the folder at the top of the repository."""
    packaged = Path(__file__).resolve().parent / "blueprints"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "blueprints"


@dataclass(frozen=True)
class Relation:
    """A typed edge a blueprint declares.

    ``target``: the kinds (Backstage) or blueprint identifiers (Port) allowed at the other
    end; empty means any. ``field``: where a Backstage entity holds it (``spec.owner``).
    ``default_kind``: the kind a reference without ``kind:`` gets (Backstage rules).
    """

    name: str
    target: tuple[str, ...]
    required: bool = False
    many: bool = False
    field: tuple[str, ...] = ()
    default_kind: str | None = None
    acyclic: bool = False
    title: str = ""
    inverse: str | None = None


@dataclass
class Blueprint:
    identifier: str
    title: str
    dialect: str
    schema: dict[str, Any]
    relations: dict[str, Relation]
    source: str
    kind: str | None = None
    api_versions: tuple[str, ...] = ()
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    _validator: SchemaValidator | None = field(default=None, repr=False)

    @property
    def validator(self) -> SchemaValidator:
        if self._validator is None:
            self._validator = SchemaValidator(self.schema, self.source)
        return self._validator


@dataclass(frozen=True)
class SchemaError:
    path: JsonPath
    message: str
    keyword: str


class SchemaValidator:
    """fastjsonschema answers "valid?" in microseconds; only an invalid instance pays for
    jsonschema, which lists every error with its path. Both get the same format checks."""

    def __init__(self, schema: dict[str, Any], source: str) -> None:
        self.schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
        self.source = source
        self._fast: Any = None
        self._detailed: Any = None

    def _compile_fast(self) -> Any:
        import fastjsonschema

        from catalog_lint.formats import FORMATS

        try:
            return fastjsonschema.compile(self.schema, formats=dict(FORMATS))
        except fastjsonschema.JsonSchemaDefinitionException as exc:
            raise FatalError(f"{self.source}: invalid blueprint schema: {exc}") from None

    def _compile_detailed(self) -> Any:
        import jsonschema

        from catalog_lint.formats import FORMATS

        checker = jsonschema.FormatChecker(formats=())
        for name, function in FORMATS.items():
            checker.checks(name)(function)
        cls = jsonschema.validators.validator_for(self.schema, default=jsonschema.Draft7Validator)
        return cls(self.schema, format_checker=checker)

    def errors(self, instance: Any) -> list[SchemaError]:
        if self._fast is None:
            self._fast = self._compile_fast()
        import fastjsonschema

        try:
            self._fast(instance)
            return []
        except fastjsonschema.JsonSchemaValueException as exc:
            fast_message = exc.message
        if self._detailed is None:
            self._detailed = self._compile_detailed()
        found = [
            SchemaError(tuple(error.absolute_path), _describe(error), str(error.validator))
            for error in self._detailed.iter_errors(instance)
        ]
        if not found:  # the engines disagree: never let an invalid instance pass
            found = [SchemaError((), fast_message, "schema")]
        return sorted(found, key=lambda e: [str(p) for p in e.path])


def _describe(error: Any) -> str:
    validator = error.validator
    if validator == "required":
        return str(error.message).replace(" is a required property", " is required")
    if validator == "additionalProperties":
        return str(error.message).replace("Additional properties", "unknown properties")
    if validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_article(n) for n in names)
        return f"must be {wanted}, got {json_type_name(error.instance)} {_short(error.instance)}"
    return str(error.message)


def _article(type_name: str) -> str:
    return f"an {type_name}" if type_name[0] in "aeiou" else f"a {type_name}"


def json_type_name(value: Any) -> str:
    """The JSON Schema name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


class BlueprintRegistry:
    def __init__(self) -> None:
        self._port: dict[str, Blueprint] = {}
        self._backstage: dict[str, list[Blueprint]] = {}

    def add(self, blueprint: Blueprint) -> None:
        if blueprint.dialect == BACKSTAGE:
            kind = (blueprint.kind or blueprint.identifier).lower()
            existing = [
                b for b in self._backstage.get(kind, []) if b.identifier != blueprint.identifier
            ]
            self._backstage[kind] = [*existing, blueprint]
        else:
            self._port[blueprint.identifier] = blueprint

    def port(self, identifier: str) -> Blueprint | None:
        return self._port.get(identifier)

    def backstage(self, kind: str, api_version: str) -> Blueprint | None:
        """The blueprint for a Backstage kind at an apiVersion. Kind matching is exact, as
        Backstage's kind validators are; ``None`` when nothing recognises the pair."""
        for blueprint in self._backstage.get(kind.lower(), []):
            if blueprint.kind == kind and (
                not blueprint.api_versions or api_version in blueprint.api_versions
            ):
                return blueprint
        return None

    def backstage_kinds(self) -> list[Blueprint]:
        return [b for group in self._backstage.values() for b in group]

    def port_blueprints(self) -> list[Blueprint]:
        return list(self._port.values())

    def __iter__(self) -> Iterator[Blueprint]:
        yield from self.backstage_kinds()
        yield from self.port_blueprints()


def _relation(name: str, raw: dict[str, Any], source: str) -> Relation:
    target = raw.get("target", ())
    targets = (target,) if isinstance(target, str) else tuple(target or ())
    field_path = raw.get("field")
    return Relation(
        name=name,
        target=targets,
        required=bool(raw.get("required", False)),
        many=bool(raw.get("many", False)),
        field=tuple(field_path.split(".")) if isinstance(field_path, str) else (),
        default_kind=raw.get("defaultKind"),
        acyclic=bool(raw.get("acyclic", False)),
        title=str(raw.get("title", name)),
        inverse=raw.get("inverse"),
    )


def parse_blueprint(raw: Any, source: str) -> Blueprint:
    if not isinstance(raw, dict):
        raise FatalError(f"{source}: a blueprint must be a JSON object")
    identifier = raw.get("identifier")
    if not isinstance(identifier, str) or not identifier:
        raise FatalError(f"{source}: blueprint has no 'identifier'")
    dialect = raw.get("dialect", PORT)
    if dialect not in (PORT, BACKSTAGE):
        raise FatalError(f"{source}: unknown dialect {dialect!r} (expected port or backstage)")
    schema = raw.get("schema", {"type": "object"})
    if not isinstance(schema, dict):
        raise FatalError(f"{source}: 'schema' must be an object")
    schema = {"type": "object", **schema}
    relations_raw = raw.get("relations", {}) or {}
    if not isinstance(relations_raw, dict):
        raise FatalError(f"{source}: 'relations' must be an object")
    relations = {
        name: _relation(name, value if isinstance(value, dict) else {}, source)
        for name, value in relations_raw.items()
    }
    api_versions = raw.get("apiVersions", [])
    return Blueprint(
        identifier=identifier,
        title=str(raw.get("title", identifier)),
        dialect=dialect,
        schema=schema,
        relations=relations,
        source=source,
        kind=raw.get("kind", identifier if dialect == BACKSTAGE else None),
        api_versions=tuple(api_versions),
        description=str(raw.get("description", "")),
        raw=raw,
    )


def _blueprint_files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        raise FatalError(f"{folder}: blueprint folder does not exist")
    for path in sorted(folder.rglob("*.json")):
        if "scorecards" in path.relative_to(folder).parts:
            continue
        yield path


def load_blueprints(folders: Iterable[Path], include_builtin: bool = True) -> BlueprintRegistry:
    """Built-in blueprints first, then each folder in order: a later blueprint with the
    same identifier replaces an earlier one."""
    registry = BlueprintRegistry()
    all_folders = [builtin_blueprints_dir()] if include_builtin else []
    all_folders.extend(folders)
    for folder in all_folders:
        for path in _blueprint_files(folder):
            try:
                raw = load_json(read_named_file(path, DEFAULT_MAX_FILE_SIZE).decode("utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise FatalError(f"{path}: cannot read blueprint: {exc}") from None
            except json.JSONDecodeError as exc:
                raise FatalError(
                    f"{path}:{exc.lineno}:{exc.colno}: invalid JSON in blueprint: {exc.msg}"
                ) from None
            registry.add(parse_blueprint(raw, str(path)))
    return registry
