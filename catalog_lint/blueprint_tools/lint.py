"""``catalog-lint blueprints lint [DIR]``: check blueprint files themselves.

Every problem is a finding at a file and line, under one of these codes:

- ``blueprint-syntax`` (error): the file is not valid JSON or YAML;
- ``blueprint-shape`` (error; warning for an unknown key): the blueprint does not match
  ``schemas/blueprint.schema.json``;
- ``blueprint-json-schema`` (error; warning for an unknown format): ``schema`` or
  ``metadataSchema`` is not valid JSON Schema draft-07, a ``pattern`` does not compile, or
  a ``$ref`` points outside the blueprint (a URL, a file);
- ``blueprint-required`` (warning): ``required`` names a property the schema does not define;
- ``blueprint-duplicate`` (error): two blueprints of the folder have the same identifier;
- ``blueprint-extends`` (error): ``extends`` names no blueprint in force;
- ``blueprint-relation-target`` (error): a relation targets a blueprint or kind that is not
  in force, or its ``defaultKind`` or ``inverse`` does not fit;
- ``blueprint-manifest`` (warning when missing, error when invalid): ``blueprint-set.yaml``;
- ``scorecard-invalid`` (error): a scorecard of ``scorecards/`` cannot be loaded;
- ``scorecard-applies-to`` (error): a scorecard applies to a kind or blueprint that is not
  in force;
- ``scorecard-property`` (error): a scorecard rule reads a property the blueprints it
  applies to do not have, so it can never pass there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from catalog_lint.blueprints import (
    BACKSTAGE,
    OUTSIDE_REFERENCE,
    PORT,
    Blueprint,
    BlueprintRegistry,
    BlueprintSource,
    add_raw,
    blueprint_files,
    folder_source,
    load_sources,
    outside_references,
)
from catalog_lint.errors import FatalError
from catalog_lint.findings import Finding, JsonPath, Severity, fingerprint, format_path, sort_key
from catalog_lint.formats import FORMATS
from catalog_lint.scorecards import paths as score_paths
from catalog_lint.scorecards.model import Condition, Scorecard

#: Formats JSON Schema draft-07 defines that catalog-lint does not check (no finding).
_STANDARD_FORMATS = frozenset({"idn-email", "idn-hostname", "iri", "iri-reference",
                               "uri-reference", "uri-template", "json-pointer",
                               "relative-json-pointer", "markdown", "color", "user", "team",
                               "timer", "yaml", "proto", "entity"})
_ERROR_WHERE = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>.*)$")
#: Backstage metadata fields every kind has (the metadata rules check them).
_METADATA_FIELDS = frozenset({"name", "namespace", "title", "description", "labels",
                              "annotations", "tags", "links", "uid", "etag"})


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    blueprints: int = 0
    scorecards: int = 0

    def add(self, code: str, severity: Severity, file: str, line: int | tuple[int, int],
            message: str, path: JsonPath = (), column: int = 1) -> None:
        if isinstance(line, tuple):
            line, column = line
        rendered = format_path(path)
        self.findings.append(Finding(code, severity, message, file, line or 1, column or 1,
                                     rendered, None,
                                     fingerprint(code, file, None, rendered, message)))

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.rank >= threshold.rank for f in self.findings)


@dataclass
class _Parsed:
    """One blueprint of a file: its data, where it sits in the file, and a locator."""

    raw: Any
    file: str
    base: JsonPath
    tree: Any

    def at(self, path: JsonPath) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its nearest parent)."""
        from catalog_lint.yaml_reader import locate

        return locate(self.tree, (*self.base, *path)) or (1, 1)

    def line(self, path: JsonPath) -> int:
        return self.at(path)[0]


def _meta_validator() -> Any:
    import jsonschema

    text = (resources.files("catalog_lint") / "schemas" / "blueprint.schema.json").read_text(
        encoding="utf-8")
    schema = json.loads(text)
    return jsonschema.Draft7Validator({**schema["definitions"]["blueprint"],
                                      "definitions": schema["definitions"]})


def lint_folder(folder: Path, context: list[BlueprintSource], shown: str | None = None
                ) -> LintResult:
    """Lint the blueprint set in ``folder``; ``context`` are the sources in force before
    it (the built-in ones are always first), which relation targets may name."""
    result = LintResult()
    base = shown or str(folder)
    _check_manifest(folder, base, result)
    try:
        registry = load_sources(context)
    except FatalError as exc:
        raise FatalError(f"the blueprints in force before {base} cannot be loaded: "
                         f"{exc.message}") from None
    parsed: list[_Parsed] = []
    for path in blueprint_files(folder):
        name = f"{base}/{path.relative_to(folder).as_posix()}"
        result.files.append(name)
        parsed.extend(_parse_file(path, name, result))
    validator = _meta_validator()
    usable = [item for item in parsed if _check_shape(item, validator, result)]
    ours = _load_into(registry, usable, folder, base, result)
    result.blueprints = len(ours)
    for blueprint, item in ours:
        _check_relations(blueprint, item, registry, result)
    scorecards = folder / "scorecards"
    if scorecards.is_dir():
        _check_scorecards(scorecards, f"{base}/scorecards", registry, ours, result)
    result.findings.sort(key=sort_key)
    return result


def _check_manifest(folder: Path, base: str, result: LintResult) -> None:
    from catalog_lint.blueprint_sets.manifest import manifest_path, read_manifest

    path = manifest_path(folder)
    if path is None:
        result.add("blueprint-manifest", Severity.WARNING, f"{base}/blueprint-set.yaml", 1,
                   "no manifest: add blueprint-set.yaml with the set's name and version, so "
                   "that consumers see which version they use")
        return
    try:
        read_manifest(folder)
    except FatalError as exc:
        _add_message(result, "blueprint-manifest", exc.message, f"{base}/{path.name}")


def _add_message(result: LintResult, code: str, message: str, default_file: str) -> None:
    """A ``file:line: message`` error of a loader as a finding."""
    match = _ERROR_WHERE.match(message)
    if match:
        result.add(code, Severity.ERROR, match.group("file"), int(match.group("line")),
                   match.group("message"), column=int(match.group("column") or 1))
    else:
        text = message.split(": ", 1)[1] if message.startswith(default_file) else message
        result.add(code, Severity.ERROR, default_file, 1, text)


def _parse_file(path: Path, name: str, result: LintResult) -> list[_Parsed]:
    from catalog_lint.blueprints import parse_blueprint_text
    from catalog_lint.yaml_reader import compose_positions

    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = parse_blueprint_text(text, name, path.suffix == ".json")
    except UnicodeDecodeError as exc:
        result.add("blueprint-syntax", Severity.ERROR, name, 1,
                   f"not UTF-8 text (byte {exc.start})")
        return []
    except FatalError as exc:
        _add_message(result, "blueprint-syntax", exc.message, name)
        return []
    trees = compose_positions(text)
    tree = trees[0] if trees else None
    if isinstance(data, list):
        return [_Parsed(item, name, (index,), tree) for index, item in enumerate(data)]
    return [_Parsed(data, name, (), tree)]


def _check_shape(item: _Parsed, validator: Any, result: LintResult) -> bool:
    """The blueprint's own fields; then its JSON Schemas. False when it cannot be loaded."""
    usable = True
    for error in sorted(validator.iter_errors(item.raw), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - known):
                result.add("blueprint-shape", Severity.WARNING, item.file,
                           item.at((*path, key)), f"unknown key {key!r}"
                           f"{' at ' + format_path(path) if path else ''} (ignored)",
                           (*path, key))
            continue
        usable = False
        where = format_path(path) or "the blueprint"
        result.add("blueprint-shape", Severity.ERROR, item.file, item.at(path),
                   f"{where}: {error.message}", path)
    if isinstance(item.raw, dict):
        for key in ("schema", "metadataSchema"):
            value = item.raw.get(key)
            if isinstance(value, dict):
                usable &= _check_json_schema(item, key, value, result)
    return usable


def _check_json_schema(item: _Parsed, key: str, schema: dict[str, Any],
                       result: LintResult) -> bool:
    import jsonschema

    ok = True
    meta = jsonschema.Draft7Validator(jsonschema.Draft7Validator.META_SCHEMA)
    for error in meta.iter_errors(schema):
        ok = False
        path = (key, *error.absolute_path)
        result.add("blueprint-json-schema", Severity.ERROR, item.file, item.at(path),
                   f"{format_path(path)}: not valid JSON Schema (draft-07): {error.message}",
                   path)
    for where, reference in outside_references(schema, (key,)):
        ok = False
        result.add("blueprint-json-schema", Severity.ERROR, item.file, item.at((*where, "$ref")),
                   f"{format_path(where)}: {OUTSIDE_REFERENCE % reference}", (*where, "$ref"))
    for path, node in _subschemas(schema, (key,)):
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                ok = False
                result.add("blueprint-json-schema", Severity.ERROR, item.file,
                           item.at((*path, "pattern")),
                           f"{format_path((*path, 'pattern'))}: the pattern does not compile: "
                           f"{exc}", (*path, "pattern"))
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in FORMATS and fmt not in _STANDARD_FORMATS:
            result.add("blueprint-json-schema", Severity.WARNING, item.file,
                       item.at((*path, "format")),
                       f"{format_path((*path, 'format'))}: format {fmt!r} is not checked "
                       f"(checked: {', '.join(sorted(FORMATS))})", (*path, "format"))
        required = node.get("required")
        properties = node.get("properties")
        if isinstance(required, list) and isinstance(properties, dict) and not _open(node):
            for name in required:
                if isinstance(name, str) and name not in properties:
                    result.add("blueprint-required", Severity.WARNING, item.file,
                               item.at((*path, "required")),
                               f"{format_path((*path, 'required'))} names {name!r}, which "
                               "'properties' does not define", (*path, "required"))
    return ok


def _open(node: dict[str, Any]) -> bool:
    """A schema whose properties may come from a combinator or a reference."""
    return any(key in node for key in ("allOf", "anyOf", "oneOf", "$ref", "if"))


def _subschemas(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every schema object inside a JSON Schema, with its path."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("properties", "patternProperties", "definitions"):
        children = node.get(key)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from _subschemas(child, (*path, key, name))
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains",
                "propertyNames", "additionalItems"):
        child = node.get(key)
        if isinstance(child, dict):
            yield from _subschemas(child, (*path, key))
        elif key == "items" and isinstance(child, list):
            for index, each in enumerate(child):
                yield from _subschemas(each, (*path, key, index))
    for key in ("allOf", "anyOf", "oneOf"):
        children = node.get(key)
        if isinstance(children, list):
            for index, each in enumerate(children):
                yield from _subschemas(each, (*path, key, index))


def _load_into(registry: BlueprintRegistry, items: list[_Parsed], folder: Path, base: str,
               result: LintResult) -> list[tuple[Blueprint, _Parsed]]:
    """Add the folder's blueprints to the registry as a run would (plain ones first, then
    those that extend another), reporting duplicates and bad ``extends``."""
    origin = folder_source(folder, base).origin
    ours: list[tuple[Blueprint, _Parsed]] = []
    seen: dict[tuple[str, str], _Parsed] = {}
    ordered = sorted(items, key=lambda i: isinstance(i.raw, dict) and "extends" in i.raw)
    for item in ordered:
        raw = item.raw
        key = (raw.get("dialect", PORT), raw["identifier"])
        if key in seen and "extends" not in raw:
            first = seen[key]
            result.add("blueprint-duplicate", Severity.ERROR, item.file,
                       item.at(("identifier",)),
                       f"identifier {key[1]!r} is also defined in {first.file}:"
                       f"{first.line(('identifier',))}; the later one wins", ("identifier",))
        seen.setdefault(key, item)
        try:
            blueprint = add_raw(registry, raw, item.file, origin)
        except FatalError as exc:
            code = "blueprint-extends" if "extends" in raw else "blueprint-shape"
            path = ("extends",) if "extends" in raw else ()
            message = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
            result.add(code, Severity.ERROR, item.file, item.at(path), message, path)
            continue
        ours.append((blueprint, item))
    return ours


def _check_relations(blueprint: Blueprint, item: _Parsed, registry: BlueprintRegistry,
                     result: LintResult) -> None:
    kinds = {(b.kind or b.identifier).lower(): b for b in registry.backstage_kinds()}
    for name, relation in blueprint.relations.items():
        path: JsonPath = ("relations", name, "target")
        own = item.raw.get("relations", {}).get(name) if isinstance(item.raw, dict) else None
        if not isinstance(own, dict):
            continue  # inherited through extends and unchanged: checked where it is defined
        targets: list[Blueprint] = []
        for target in relation.target:
            found = (kinds.get(target.lower()) if blueprint.dialect == BACKSTAGE
                     else registry.port(target))
            if found is None:
                known = sorted(kinds) if blueprint.dialect == BACKSTAGE else sorted(
                    b.identifier for b in registry.port_blueprints())
                what = "kind" if blueprint.dialect == BACKSTAGE else "blueprint"
                result.add("blueprint-relation-target", Severity.ERROR, item.file,
                           item.at(path), f"relation {name!r} targets the {what} {target!r}, "
                           f"which is not in force (known: {', '.join(known)})", path)
            else:
                targets.append(found)
        if relation.default_kind and relation.target and relation.default_kind.lower() not in {
                t.lower() for t in relation.target}:
            where = ("relations", name, "defaultKind")
            result.add("blueprint-relation-target", Severity.ERROR, item.file, item.at(where),
                       f"relation {name!r}: defaultKind {relation.default_kind!r} is not one of "
                       f"its targets ({', '.join(relation.target)})", where)
        if relation.inverse:
            missing = [t.label for t in targets if relation.inverse not in t.relations]
            if missing:
                where = ("relations", name, "inverse")
                result.add("blueprint-relation-target", Severity.ERROR, item.file,
                           item.at(where), f"relation {name!r}: inverse {relation.inverse!r} "
                           f"is not a relation of {', '.join(missing)}", where)


def _check_scorecards(folder: Path, base: str, registry: BlueprintRegistry,
                      ours: list[tuple[Blueprint, _Parsed]], result: LintResult) -> None:
    from catalog_lint.scorecards.loading import ScorecardError, load_file

    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        name = f"{base}/{path.name}"
        result.files.append(name)
        try:
            cards = load_file(path, name)
        except ScorecardError as exc:
            _add_message(result, "scorecard-invalid", exc.message, name)
            continue
        result.scorecards += len(cards)
        for card in cards:
            _check_card(card, name, registry, result)


def _check_card(card: Scorecard, name: str, registry: BlueprintRegistry,
                result: LintResult) -> None:
    kinds = {(b.kind or b.identifier).lower() for b in registry.backstage_kinds()}
    unknown = [k for k in card.applies_to.kinds if k != "*" and k not in kinds]
    unknown += [b for b in card.applies_to.blueprints
                if b != "*" and registry.port(b) is None]
    if unknown:
        result.add("scorecard-applies-to", Severity.ERROR, name, card_line(card),
                   f"scorecard {card.identifier!r} applies to {', '.join(map(repr, unknown))}, "
                   "which no blueprint in force defines")
    for rule in card.rules:
        for condition in rule.query.leaves():
            if condition.kind != "property":
                continue
            for dialect in (BACKSTAGE, PORT):
                if condition.dialect and condition.dialect != dialect:
                    continue
                targets = _applies(card, registry, dialect)
                if targets is None:
                    continue
                blueprints, explicit = targets
                lacking = [b for b in blueprints if not has_property(b, condition)]
                if not blueprints or (explicit and not lacking) or (
                        not explicit and len(lacking) < len(blueprints)):
                    continue
                names = ", ".join(f"{b.label} ({b.origin})" for b in lacking[:3])
                more = f" and {len(lacking) - 3} more" if len(lacking) > 3 else ""
                which = "the blueprints it applies to" if not explicit else names + more
                result.add("scorecard-property", Severity.ERROR, name, condition.line,
                           f"scorecard {card.identifier!r} rule {rule.identifier!r} reads "
                           f"{condition.subject}, which {which} do"
                           f"{'es' if explicit and len(lacking) == 1 else ''} not define; it "
                           "can never pass there")


def card_line(card: Scorecard) -> int:
    """The line of a scorecard: that of its first rule, less the rules' header."""
    return max(1, min((rule.line for rule in card.rules), default=1))


def _applies(card: Scorecard, registry: BlueprintRegistry, dialect: str
             ) -> tuple[list[Blueprint], bool] | None:
    """The blueprints of a dialect a scorecard scores, and whether it names them."""
    applies = card.applies_to
    if not applies.entities:
        return None
    everything = not applies.kinds and not applies.blueprints
    if dialect == BACKSTAGE:
        pool = registry.backstage_kinds()
        if everything or "*" in applies.kinds:
            return pool, False
        return [b for b in pool if (b.kind or b.identifier).lower() in applies.kinds], True
    pool = registry.port_blueprints()
    if everything or "*" in applies.blueprints:
        return pool, False
    return [b for b in pool if b.identifier in applies.blueprints], True


def has_property(blueprint: Blueprint, condition: Condition) -> bool:
    """Whether the path a condition reads can exist on an entity of the blueprint."""
    if blueprint.dialect == PORT:
        parts = condition.port_path
        if not parts or parts[0] in ("identifier", "title", "blueprint", "team", "icon"):
            return True
        if parts[0] == "relations":
            return len(parts) < 2 or parts[1] in blueprint.relations
        if parts[0] == "properties":
            return _schema_has(blueprint.schema, parts[1:])
        return False
    parts = condition.path
    if not parts or parts[0] in ("apiVersion", "kind"):
        return True
    if parts[0] == "spec":
        return _schema_has(blueprint.schema, parts[1:])
    if parts[0] == "metadata":
        if len(parts) < 2 or parts[1] in _METADATA_FIELDS:
            return True
        return blueprint.metadata_schema is not None and _schema_has(blueprint.metadata_schema,
                                                                     parts[1:])
    return False


def _schema_has(schema: dict[str, Any], parts: tuple[Any, ...]) -> bool:
    if not parts:
        return True
    head, rest = parts[0], parts[1:]
    if isinstance(head, int) or head == score_paths.WILDCARD:
        items = schema.get("items")
        if isinstance(items, dict):
            return _schema_has(items, rest)
        additional = schema.get("additionalProperties")
        return _schema_has(additional, rest) if isinstance(additional, dict) else True
    branches = [b for k in ("allOf", "anyOf", "oneOf") for b in schema.get(k) or []
                if isinstance(b, dict)]
    properties = schema.get("properties")
    if isinstance(properties, dict) and isinstance(properties.get(head), dict):
        return _schema_has(properties[head], rest)
    if any(_schema_has(branch, parts) for branch in branches):
        return True
    additional = schema.get("additionalProperties")
    if additional is False:
        return False
    if isinstance(additional, dict):
        return _schema_has(additional, rest)
    if "$ref" in schema:
        return True  # cannot tell without resolving the reference
    # an open schema with declared properties: a name it does not declare is a typo
    return not isinstance(properties, dict) and not branches
