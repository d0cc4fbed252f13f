"""``catalog-lint blueprints schema -o DIR``: JSON Schemas for editors and check-jsonschema.

- ``catalog-info.schema.json``: one schema for Backstage entity documents. The envelope
  and ``metadata`` carry the formats Backstage enforces, as patterns any JSON Schema
  engine understands (ECMAScript and Python regular expressions alike); each kind in
  force adds its ``spec`` (and its organisation rules for ``metadata``) through an
  ``if``/``then`` on ``kind`` and ``apiVersion``, which yaml-language-server follows for
  completion and hovers.
- ``<identifier>.schema.json`` per Port blueprint: one entity, or a list of them.

What the schemas reject is what catalog-lint reports as an error, and nothing more: a
document the catalog accepts gets no squiggle. Some checks need code and are left to
catalog-lint (the WHATWG URL parser behind ``metadata.links[].url`` is approximated by
"has a scheme"; the 253-character limit of DNS names; entity references; the catalog
graph). Placeholders (``$text``, ``$json``, ``$yaml``), which Backstage replaces before it
validates, are accepted wherever a value may be, except where its envelope check, made
before the replacing, refuses them: ``metadata``, ``metadata.name`` and
``metadata.namespace`` (``apiVersion`` and ``kind`` are plain strings already).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from catalog_lint import __version__
from catalog_lint.blueprints import Blueprint, BlueprintRegistry, Relation
from catalog_lint.errors import FatalError

DRAFT = "http://json-schema.org/draft-07/schema#"
CATALOG_SCHEMA_NAME = "catalog-info.schema.json"

# -- Backstage's field formats, as regular expressions --------------------------------
#
# Each is equivalent to its function in catalog_lint.backstage_formats (a test checks
# them against each other on generated strings), written in the common subset of
# ECMAScript and Python regular expressions: no lookbehind, no named groups.

DNS_LABEL = "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?"
DNS_SUBDOMAIN = f"{DNS_LABEL}(?:\\.{DNS_LABEL})*"  # the 253-character limit is not checked
OBJECT_NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
NAME_PATTERN = f"^{OBJECT_NAME}$"
NAMESPACE_PATTERN = f"^{DNS_LABEL}$"
KEY_PATTERN = f"^(?:{DNS_SUBDOMAIN}/)?{OBJECT_NAME}$"
LABEL_VALUE_PATTERN = f"^(?:{OBJECT_NAME})?$"
TAG_PATTERN = "^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$"
KIND_PATTERN = "^[A-Za-z][A-Za-z0-9]{0,62}$"
API_VERSION_PATTERN = f"^(?:{DNS_SUBDOMAIN}/)?[A-Za-z0-9]{{1,63}}$"
#: What ``new URL(value)`` surely rejects: no scheme (after leading C0 controls and
#: spaces); for http(s), ws(s) and ftp, an empty host or a space in it; for another scheme
#: with ``//``, a space in its host. The rest of the URL Standard (ports, IP addresses,
#: international names) is left to catalog-lint: the pattern never rejects a URL
#: Backstage accepts (a test runs it on the URL Standard's own test data).
_SPECIAL = "(?:[Hh][Tt][Tt][Pp][Ss]?|[Ww][Ss][Ss]?|[Ff][Tt][Pp]):"
_FILE = "[Ff][Ii][Ll][Ee]:"
_SCHEME = "[A-Za-z][-A-Za-z0-9+.\\t\\n\\r]*:"
_END = "[\\x00-\\x20]*$"
URL_PATTERN = (
    "^[\\x00-\\x20]*(?:"
    f"{_SPECIAL}[/\\\\]*(?:[^/\\\\?#]*@)?[^ /\\\\?#@:][^ /\\\\?#@]*(?:[/\\\\?#][\\s\\S]*)?{_END}"
    f"|(?!{_SPECIAL}|{_FILE}){_SCHEME}//(?:[^/?#]*@)?[^ /?#@]*(?:[/?#][\\s\\S]*)?{_END}"
    f"|(?!{_SPECIAL}){_SCHEME}(?!//)"
    f"|{_FILE})"
)
#: A string with something left after JavaScript's ``trim()`` (ECMAScript ``\\S``).
NOT_BLANK_PATTERN = "\\S"

#: The ``format`` checks of catalog-lint (catalog_lint.formats) as patterns, so that an
#: editor checks them the same way (a format an engine does not know is ignored).
FORMAT_PATTERNS = {
    "email": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
    "url": "^[A-Za-z][-A-Za-z0-9+.]*:\\S*$",
    "uri": "^[A-Za-z][-A-Za-z0-9+.]*:\\S*$",
    "date-time": "^\\d{4}-\\d\\d-\\d\\d[Tt ]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:[Zz]|[+-]\\d\\d:\\d\\d)$",
    "date": "^\\d{4}-\\d\\d-\\d\\d$",
    "time": "^\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:[Zz]|[+-]\\d\\d:\\d\\d)$",
    "ipv4": "^(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$",
    "hostname": "^[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
                "(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\\.?$",
    "uuid": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
}
#: Formats catalog-lint checks with code no pattern can follow: left out of the schema.
_DROPPED_FORMATS = frozenset({"ipv6", "regex"})

PLACEHOLDER = {
    "description": "A placeholder Backstage replaces with the content of a file before it "
                   "validates: $text (as a string), $json or $yaml (parsed).",
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "propertyNames": {"enum": ["$text", "$json", "$yaml"]},
    "additionalProperties": {"type": "string"},
}
#: Where no string may stand, ``$text`` cannot either.
DATA_PLACEHOLDER = {**PLACEHOLDER, "propertyNames": {"enum": ["$json", "$yaml"]},
                    "description": "A placeholder Backstage replaces with the parsed content "
                                   "of a file before it validates: $json or $yaml."}
_DATA_PLACEHOLDER_REF = {"$ref": "#/definitions/dataPlaceholder"}


def metadata_schema() -> dict[str, Any]:
    """``metadata`` as Backstage checks it for every kind."""
    nonblank = {"type": "string", "minLength": 1, "pattern": NOT_BLANK_PATTERN}
    return {
        "type": "object",
        "description": "Who the entity is and how people find it: name, namespace, title, "
                       "description, labels, annotations, tags and links.",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "pattern": NAME_PATTERN, "maxLength": 63,
                     "description": "The entity's name, unique for its kind in its namespace: "
                                    "1-63 letters, digits, '-', '_' or '.', starting and "
                                    "ending with a letter or digit.",
                     "examples": ["cart-service"]},
            "namespace": {"type": "string", "pattern": NAMESPACE_PATTERN, "maxLength": 63,
                          "description": "1-63 lowercase letters, digits and '-' (default: "
                                         "default).", "examples": ["default"]},
            "title": {"type": "string", "minLength": 1,
                      "description": "A human name, shown instead of the name."},
            "description": {"type": "string",
                            "description": "One or two sentences on what it is and who uses "
                                           "it."},
            "labels": {"type": "object",
                       "description": "Short identifying values: keys [prefix/]name, values "
                                      "name-like (at most 63 characters) or empty.",
                       "propertyNames": {"pattern": KEY_PATTERN},
                       "additionalProperties": {"type": "string", "maxLength": 63,
                                                "pattern": LABEL_VALUE_PATTERN}},
            "annotations": {"type": "object",
                            "description": "Free-form values read by plugins, keys "
                                           "[prefix/]name.",
                            "propertyNames": {"pattern": KEY_PATTERN},
                            "additionalProperties": {"type": "string"},
                            "examples": [{"backstage.io/techdocs-ref": "dir:.",
                                          "github.com/project-slug": "acme/cart"}]},
            "tags": {"type": "array",
                     "description": "Lowercase words of [a-z0-9:+#] joined by single dashes.",
                     "items": {"type": "string", "pattern": TAG_PATTERN, "maxLength": 63},
                     "examples": [["python", "payments"]]},
            "links": {"type": "array",
                      "description": "Links shown on the entity page.",
                      "items": {"type": "object", "required": ["url"],
                                "properties": {
                                    "url": {"type": "string", "pattern": URL_PATTERN,
                                            "description": "An absolute URL.",
                                            "examples": ["https://example.com/runbook"]},
                                    "title": nonblank, "icon": nonblank,
                                    "type": {"type": "string", "minLength": 1,
                                             "examples": ["runbook", "dashboard"]}}}},
            "uid": {"type": "string", "minLength": 1},
            "etag": {"type": "string", "minLength": 1},
        },
    }


def with_placeholders(schema: Any) -> Any:
    """A copy of a schema in which every property value and list item may also be a
    placeholder, as Backstage allows. Descriptions stay on the outside for hovers."""
    if not isinstance(schema, dict):
        return schema
    result = dict(schema)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        result["properties"] = {name: _or_placeholder(with_placeholders(child))
                                for name, child in properties.items()}
    for key in ("items", "additionalProperties"):
        child = schema.get(key)
        if isinstance(child, dict):
            result[key] = _or_placeholder(with_placeholders(child))
    for key in ("allOf", "anyOf", "oneOf"):
        children = schema.get(key)
        if isinstance(children, list):
            result[key] = [with_placeholders(child) for child in children]
    return result


#: Where Backstage's envelope check (made before placeholders are replaced) refuses a
#: placeholder: ``metadata`` itself and these fields of it (``apiVersion`` and ``kind``
#: are plain strings in these schemas already).
ENVELOPE_METADATA_FIELDS = ("name", "namespace")


def envelope_metadata(schema: Any) -> Any:
    """:func:`with_placeholders` for ``metadata``, except where the envelope check comes
    first: a placeholder at ``metadata.name`` or ``metadata.namespace`` never reaches the
    step that would replace it."""
    result = with_placeholders(schema)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if isinstance(properties, dict):
        result["properties"] = {
            name: (with_placeholders(properties[name]) if name in ENVELOPE_METADATA_FIELDS
                   else child)
            for name, child in result["properties"].items()}
    return result


def _or_placeholder(schema: dict[str, Any]) -> dict[str, Any]:
    """``if`` it is a placeholder, anything goes; ``else`` the schema. (Not ``anyOf``: its
    errors would talk about placeholders when a plain value is wrong.)"""
    if not schema:
        return schema  # anything goes already
    outer: dict[str, Any] = {key: schema[key] for key in
                             ("title", "description", "examples", "default") if key in schema}
    types = schema.get("type")
    text = types is None or types == "string" or (isinstance(types, list) and "string" in types)
    return {**outer, "if": {"$ref": "#/definitions/placeholder"}, "then":
            {} if text else _DATA_PLACEHOLDER_REF, "else": schema}


def editor_formats(schema: Any) -> Any:
    """A copy of a schema with catalog-lint's formats as patterns (see FORMAT_PATTERNS)."""
    if isinstance(schema, list):
        return [editor_formats(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: editor_formats(value) if key not in ("enum", "const", "examples", "default")
              else value for key, value in schema.items()}
    fmt = schema.get("format")
    if isinstance(fmt, str) and (fmt in FORMAT_PATTERNS or fmt in _DROPPED_FORMATS):
        del result["format"]
        pattern = FORMAT_PATTERNS.get(fmt)
        if pattern is not None:
            if "pattern" in result:
                result["allOf"] = [*result.get("allOf", []), {"pattern": pattern}]
            else:
                result["pattern"] = pattern
    return result


def _relation_help(relation: Relation) -> str:
    targets = " or ".join(relation.target) if relation.target else "any entity"
    text = f"{relation.title or relation.name}: a reference to {targets}"
    if relation.many:
        text = f"{relation.title or relation.name}: references to {targets}"
    text += " ([kind:][namespace/]name"
    if relation.default_kind:
        text += f"; the kind defaults to {relation.default_kind}"
    return text + ")."


def _spec_schema(blueprint: Blueprint) -> dict[str, Any]:
    """The kind's spec schema, with relation fields explained where it says nothing."""
    schema = copy.deepcopy(blueprint.schema)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for relation in blueprint.relations.values():
            if len(relation.field) == 2 and relation.field[0] == "spec":
                child = properties.get(relation.field[1])
                if isinstance(child, dict) and "description" not in child:
                    child["description"] = _relation_help(relation)
    if blueprint.description and "description" not in schema:
        schema["description"] = blueprint.description
    return with_placeholders(editor_formats(schema))


def catalog_schema(registry: BlueprintRegistry) -> dict[str, Any]:
    """``catalog-info.schema.json`` for every Backstage kind in force."""
    kinds: dict[str, list[Blueprint]] = {}
    for blueprint in registry.backstage_kinds():
        kinds.setdefault(blueprint.kind or blueprint.identifier, []).append(blueprint)
    names = sorted(kinds, key=str.lower)
    api_versions = sorted({v for group in kinds.values() for b in group for v in b.api_versions})
    rules: list[dict[str, Any]] = []
    for name in names:
        versions = sorted({v for b in kinds[name] for v in b.api_versions})
        if versions and all(b.api_versions for b in kinds[name]):
            rules.append({
                "if": {"required": ["kind"], "properties": {"kind": {"const": name}}},
                "then": {"properties": {"apiVersion": {
                    "enum": versions,
                    "description": f"{name} entities use apiVersion {', '.join(versions)}."}}},
            })
        for blueprint in kinds[name]:
            condition: dict[str, Any] = {"required": ["kind"],
                                         "properties": {"kind": {"const": name}}}
            if blueprint.api_versions:
                condition["required"] = ["kind", "apiVersion"]
                condition["properties"]["apiVersion"] = {"enum": list(blueprint.api_versions)}
            then: dict[str, Any] = {"required": ["spec"],
                                    "properties": {"spec": _or_placeholder(_spec_schema(blueprint))}}
            if blueprint.metadata_schema is not None:
                then["properties"]["metadata"] = envelope_metadata(
                    editor_formats(blueprint.metadata_schema))
            rules.append({"if": condition, "then": then})
    descriptions = [kinds[name][0].description or name for name in names]
    return {
        "$schema": DRAFT,
        "title": "Backstage catalog entity",
        "description": f"An entity of the software catalog (catalog-info.yaml). Generated by "
                       f"catalog-lint {__version__} from the blueprints in force: "
                       f"{_sources(registry)}.",
        "type": "object",
        "required": ["apiVersion", "kind", "metadata"],
        "additionalProperties": False,
        "properties": {
            "apiVersion": {"type": "string", "pattern": API_VERSION_PATTERN,
                           "description": "The version of the entity format: "
                                          "backstage.io/v1alpha1 for most kinds.",
                           "examples": api_versions},
            "kind": {"type": "string", "enum": names, "enumDescriptions": descriptions,
                     "description": "What the entity is: " + ", ".join(names) + "."},
            "metadata": {"$ref": "#/definitions/metadata"},  # never a placeholder (envelope)
            "spec": _or_placeholder({"type": "object", "description": "The kind's own fields."}),
        },
        "allOf": rules,
        "definitions": {"metadata": envelope_metadata(metadata_schema()),
                        "placeholder": PLACEHOLDER, "dataPlaceholder": DATA_PLACEHOLDER},
    }


def port_schema(blueprint: Blueprint, registry: BlueprintRegistry) -> dict[str, Any]:
    """``<identifier>.schema.json``: a Port entity of the blueprint, or a list of them."""
    from catalog_lint.rules.port_entity import IDENTIFIER, MAX_IDENTIFIER_LENGTH, MAX_TITLE_LENGTH

    relations: dict[str, Any] = {}
    required: list[str] = []
    for name, relation in blueprint.relations.items():
        target = relation.target[0] if relation.target else "entity"
        one = {"type": "string", "minLength": 1}
        if relation.many:
            value: dict[str, Any] = {"anyOf": [one, {"type": "array", "items": one},
                                               {"type": "null"}]}
        else:
            value = {"anyOf": [one, {"type": "array", "items": one, "maxItems": 1},
                               {"type": "null"}]}
        value["description"] = (f"{relation.title or name}: the identifier of a {target}"
                                + (" (or a list of them)" if relation.many else ""))
        if relation.required:
            required.append(name)
            value["not"] = {"enum": [None, "", []]}
        relations[name] = value
    known = ", ".join(sorted(blueprint.relations)) or "none"
    entity = {
        "type": "object",
        "required": ["identifier", "blueprint"],
        "properties": {
            "identifier": {"type": "string", "minLength": 1,
                           "maxLength": MAX_IDENTIFIER_LENGTH, "pattern": IDENTIFIER.pattern,
                           "not": {"enum": [".", ".."]},
                           "description": "The entity's unique ID within its blueprint: "
                                          "letters, digits and @ _ . + : / = -."},
            "title": {"type": "string", "maxLength": MAX_TITLE_LENGTH},
            "blueprint": {"const": blueprint.identifier,
                          "description": blueprint.description or blueprint.title},
            "icon": {"type": "string"},
            "team": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                     "description": "The owning team, or teams."},
            "properties": editor_formats({**blueprint.schema, "type": "object"}),
            "relations": {"type": "object", "properties": relations,
                          "additionalProperties": False, "required": required,
                          "description": f"Relations of a {blueprint.identifier}: {known}."},
        },
    }
    return {
        "$schema": DRAFT,
        "title": f"Port entity: {blueprint.title} ({blueprint.identifier})",
        "description": f"A Port entity of the {blueprint.identifier!r} blueprint, or a list "
                       f"of them. Generated by catalog-lint {__version__} from "
                       f"{blueprint.origin}.",
        "anyOf": [{"$ref": "#/definitions/entity"},
                  {"type": "array", "items": {"$ref": "#/definitions/entity"}}],
        "definitions": {"entity": entity},
    }


def _sources(registry: BlueprintRegistry) -> str:
    return ", ".join(source.origin for source in registry.sources) or "built-in"


def write_schemas(registry: BlueprintRegistry, folder: Path) -> list[Path]:
    """Write every schema into ``folder``; the paths written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FatalError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    written = []
    outputs = {CATALOG_SCHEMA_NAME: catalog_schema(registry)}
    for blueprint in sorted(registry.port_blueprints(), key=lambda b: b.identifier):
        name = f"{_file_name(blueprint.identifier)}.schema.json"
        if name == CATALOG_SCHEMA_NAME:
            raise FatalError(f"{blueprint.source}: the Port blueprint identifier "
                             f"{blueprint.identifier!r} would overwrite {CATALOG_SCHEMA_NAME}")
        outputs[name] = port_schema(blueprint, registry)
    for name, schema in outputs.items():
        path = folder / name
        try:
            path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        except OSError as exc:
            raise FatalError(f"{path}: cannot write: {exc.strerror or exc}") from None
        written.append(path)
    return written


def _file_name(identifier: str) -> str:
    """A Port identifier may hold '/' or ':': not in a file name."""
    return "".join(c if c.isalnum() or c in "-_.@+=" else "_" for c in identifier)
