"""Blueprints: data that says what an entity of a kind may hold and whom it may point at.

A blueprint is a JSON file in the Port style::

    {"identifier": "component", "title": "Component",
     "schema": {"properties": {...}, "required": [...]},
     "relations": {"system": {"target": "system", "required": false, "many": false}}}

Backstage kinds are blueprints too (``"dialect": "backstage"``, ``"kind"``,
``"apiVersions"``; the schema describes ``spec``, and ``metadataSchema``, when given,
``metadata``), so one engine validates both dialects. Validators are compiled once per
blueprint per run.

Blueprints come from *sources*, loaded in order: the built-in folder, then each folder
of the configuration and the command line (a package or a git repository is resolved to
a folder by :mod:`catalog_lint.blueprint_sets`, imported only when the configuration
names one). A folder holds blueprint files (JSON or YAML, one blueprint or a list of
them, at any depth), a ``scorecards/`` folder and an optional manifest
(``blueprint-set.yaml``). A later blueprint with the same identifier replaces an earlier
one; one with ``"extends"`` refines the blueprint in force instead (:func:`merge_raw`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from catalog_lint.config import DEFAULT_MAX_FILE_SIZE
from catalog_lint.errors import FatalError
from catalog_lint.findings import JsonPath, format_path
from catalog_lint.jsvalues import load_json
from catalog_lint.regular_files import read_named_file

if TYPE_CHECKING:
    from catalog_lint.config import Config

BACKSTAGE = "backstage"
PORT = "port"


def builtin_blueprints_dir() -> Path:
    """``blueprints/`` ships inside the wheel as ``catalog_lint/blueprints``; in a source
    checkout (or an editable install) it is the folder at the top of the repository."""
    packaged = Path(__file__).resolve().parent / "blueprints"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "blueprints"


class Relation(NamedTuple):
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
    #: Backstage: a JSON Schema for ``metadata`` (organisation rules), or ``None``.
    metadata_schema: dict[str, Any] | None = None
    #: Where it comes from, as ``blueprints list`` names it: ``built-in``,
    #: ``folder platform/blueprints``, ``package acme-blueprints 1.4.0``, ``git URL@ref (commit)``.
    origin: str = "built-in"
    #: The blueprint in force before this one replaced or refined it.
    overrides: Blueprint | None = field(default=None, repr=False)
    _validator: SchemaValidator | None = field(default=None, repr=False)
    _metadata_validator: SchemaValidator | None = field(default=None, repr=False)

    @property
    def validator(self) -> SchemaValidator:
        if self._validator is None:
            self._validator = SchemaValidator(self.schema, self.source)
        return self._validator

    @property
    def metadata_validator(self) -> SchemaValidator | None:
        if self.metadata_schema is None:
            return None
        if self._metadata_validator is None:
            self._metadata_validator = SchemaValidator(self.metadata_schema, self.source)
        return self._metadata_validator

    @property
    def label(self) -> str:
        """``Component`` (Backstage kind) or ``service`` (Port blueprint), for messages."""
        return self.kind or self.identifier if self.dialect == BACKSTAGE else self.identifier


class SchemaError(NamedTuple):
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

    def _compile_fast(self, detailed: bool = False) -> Any:
        import fastjsonschema

        from catalog_lint.formats import FORMATS

        # Without details, a validator compiles three times faster (a tenth of a one-file
        # run): its only answer that counts is "valid or not"; jsonschema says the rest.
        try:
            return fastjsonschema.compile(self.schema, formats=dict(FORMATS), handlers=_NoFetching(),
                                          detailed_exceptions=detailed)
        except fastjsonschema.JsonSchemaDefinitionException as exc:
            raise FatalError(f"{self.source}: invalid blueprint schema: {exc}") from None
        except _RemoteReference as exc:
            raise FatalError(f"{self.source}: {OUTSIDE_REFERENCE % str(exc)}") from None

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
        try:
            self._fast(instance)
            return []
        except _invalid():
            pass
        if self._detailed is None:
            self._detailed = self._compile_detailed()
        found = [
            SchemaError(tuple(error.absolute_path), _describe(error), str(error.validator))
            for error in self._detailed.iter_errors(instance)
        ]
        if not found:  # the engines disagree (a format only fastjsonschema checks, such as
            # json-pointer): never let an invalid instance pass; its message says why
            try:
                self._compile_fast(detailed=True)(instance)
                message = "does not match the blueprint's schema"
            except _invalid() as exc:
                message = exc.message
            found = [SchemaError((), message, "schema")]
        return sorted(found, key=lambda e: [str(p) for p in e.path])


def _invalid() -> Any:
    """fastjsonschema's error for an invalid instance (imported by then: the validator
    that raises it is compiled first)."""
    import fastjsonschema

    return fastjsonschema.JsonSchemaValueException


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
        #: The sources loaded, in order (the built-in folder first when included).
        self.sources: list[BlueprintSource] = []

    def add(self, blueprint: Blueprint) -> None:
        """Add a blueprint; one with the identifier of a blueprint in force replaces it
        (and remembers it in ``overrides``)."""
        previous = self.find(blueprint.dialect, blueprint.identifier)
        if previous is not None and blueprint.overrides is None:
            blueprint.overrides = previous
        if blueprint.dialect == BACKSTAGE:
            for kind, group in list(self._backstage.items()):
                self._backstage[kind] = [b for b in group if b.identifier != blueprint.identifier]
            kind = (blueprint.kind or blueprint.identifier).lower()
            self._backstage[kind] = [*self._backstage.get(kind, []), blueprint]
        else:
            self._port[blueprint.identifier] = blueprint

    def find(self, dialect: str, identifier: str) -> Blueprint | None:
        """The blueprint in force with this identifier in this dialect."""
        if dialect == BACKSTAGE:
            return next((b for b in self.backstage_kinds() if b.identifier == identifier), None)
        return self._port.get(identifier)

    def scorecard_folders(self) -> list[tuple[Path, str]]:
        """The ``scorecards/`` folders of the sources other than the built-in one, with
        their origin: their scorecards join the built-in ones."""
        return [(source.folder / "scorecards", source.origin) for source in self.sources
                if not source.builtin and (source.folder / "scorecards").is_dir()]

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


def parse_blueprint(raw: Any, source: str, origin: str = "built-in") -> Blueprint:
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
    metadata_schema = raw.get("metadataSchema")
    if metadata_schema is not None and not isinstance(metadata_schema, dict):
        raise FatalError(f"{source}: 'metadataSchema' must be an object")
    if metadata_schema is not None and dialect != BACKSTAGE:
        raise FatalError(f"{source}: 'metadataSchema' is for Backstage kinds; a Port "
                         "blueprint describes every field in 'schema'")
    checked = () if origin == "built-in" else (("schema", raw.get("schema")),
                                                ("metadataSchema", metadata_schema))
    for key, value in checked:  # the built-in blueprints are catalog-lint's own
        for where, reference in outside_references(value, (key,))[:1]:
            raise FatalError(f"{source}: {format_path(where)}: {OUTSIDE_REFERENCE % reference}")
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
        metadata_schema={"type": "object", **metadata_schema} if metadata_schema else None,
        origin=origin,
    )


OUTSIDE_REFERENCE = ("$ref %r points outside the blueprint: only references within it "
                     "(\"#/definitions/...\") are followed, never a URL or a file")


def outside_references(schema: Any, path: JsonPath = ()) -> list[tuple[JsonPath, str]]:
    """Every ``$ref`` of a schema that does not point inside it (``#...``), with the path
    of the schema holding it.

    The blueprints of a pull request are untrusted: a reference to ``http://...`` or
    ``file:///...`` would have the job fetch an address of the attacker's choosing, or read
    a file of the runner into the schema (and so into messages). Blueprints holding one are
    refused when loaded; the compiled validators refuse to fetch all the same."""
    found: list[tuple[JsonPath, str]] = []
    pending: list[tuple[JsonPath, Any]] = [(path, schema)]
    while pending:  # a loop, not recursion: a deep schema cannot exhaust the stack
        where, node = pending.pop()
        if isinstance(node, list):
            pending.extend(((*where, index), child) for index, child in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        reference = node.get("$ref")
        if isinstance(reference, str) and not reference.startswith("#"):
            found.append((where, reference))
        # every value, even data: fastjsonschema's resolver follows a "$ref" in a default
        pending.extend(((*where, key), value) for key, value in node.items())
    return sorted(found, key=lambda item: [str(part) for part in item[0]])


class _RemoteReference(Exception):
    """A schema asked for a document outside it (see :func:`outside_references`)."""


class _NoFetching(dict[str, Any]):
    """fastjsonschema fetches a reference with urllib unless ``handlers`` has one for its
    scheme: this mapping has one for every scheme, and it refuses."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __missing__(self, scheme: str) -> Any:
        return _refuse


def _refuse(uri: str) -> Any:
    raise _RemoteReference(uri)


#: The manifest at the root of a blueprint set: its name and version.
MANIFEST_NAMES = ("blueprint-set.yaml", "blueprint-set.yml", "blueprint-set.json")
BLUEPRINT_SUFFIXES = (".json", ".yaml", ".yml")


class BlueprintSource(NamedTuple):
    """A folder of blueprints and where it comes from (``origin``, as ``blueprints list``
    shows it)."""

    folder: Path
    origin: str
    builtin: bool = False
    kind: str = "folder"  # builtin, folder, package or git
    name: str = ""  # the package's or repository's name, when it has one
    version: str = ""  # the package's version, or the git ref
    commit: str = ""  # git: the commit the folder was extracted from
    shown: str = ""  # how messages name the folder (default: its path)


def builtin_source() -> BlueprintSource:
    from catalog_lint import __version__

    return BlueprintSource(builtin_blueprints_dir(), "built-in", builtin=True, kind="builtin",
                           name="catalog-lint", version=__version__)


def folder_source(folder: Path, shown: str | None = None) -> BlueprintSource:
    return BlueprintSource(folder, f"folder {shown or folder}", shown=shown or "")


def blueprint_files(folder: Path) -> list[Path]:
    """The blueprint files of a folder, sorted: JSON and YAML at any depth, except the
    ``scorecards/`` folder, the manifest, and hidden files and folders. Links to folders
    are not descended into; anything else with a blueprint suffix (a link, a FIFO) is
    listed, so that reading it refuses it aloud rather than skipping it in silence."""
    if not folder.is_dir():
        raise FatalError(f"{folder}: blueprint folder does not exist")
    found = []
    for top, dirs, names in os.walk(folder):  # never follows links to folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(top, name)
            if path.suffix not in BLUEPRINT_SUFFIXES:
                continue
            parts = path.relative_to(folder).parts
            if parts[0] == "scorecards" or any(part.startswith(".") for part in parts):
                continue
            if len(parts) == 1 and parts[0] in MANIFEST_NAMES:
                continue
            if path.suffix != ".json" and is_entity_file_name(path.name):
                continue  # an entity file kept beside the blueprints (an example, a test)
            found.append(path)
    return sorted(found)


def is_entity_file_name(name: str) -> bool:
    """``catalog-info.yaml``, ``*.catalog-info.yaml``, ``port.yaml`` (and ``.yml``): the
    names of entity files, which a blueprint folder may hold and never reads as blueprints."""
    stem = name.rsplit(".", 1)[0]
    return stem in ("catalog-info", "port") or stem.endswith(".catalog-info")


def read_blueprint_file(path: Path, shown: str | None = None) -> list[tuple[Any, str]]:
    """The raw blueprints of one file (an object, or a list of them), each with the name
    messages give it (``file`` or ``file[2]``)."""
    shown = shown or str(path)
    try:
        text = read_named_file(path, DEFAULT_MAX_FILE_SIZE).decode("utf-8-sig")
    except OSError as exc:
        raise FatalError(f"{shown}: cannot read blueprint: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise FatalError(f"{shown}: blueprint is not UTF-8 text (byte {exc.start})") from None
    data = parse_blueprint_text(text, shown, path.suffix == ".json")
    if isinstance(data, list):
        return [(item, f"{shown}[{index}]") for index, item in enumerate(data)]
    return [(data, shown)]


def parse_blueprint_text(text: str, shown: str, is_json: bool) -> Any:
    """The data of a blueprint file's text; a syntax error names the file and line."""
    if is_json:
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise FatalError(
                f"{shown}:{exc.lineno}:{exc.colno}: invalid JSON in blueprint: {exc.msg}"
            ) from None
        except RecursionError:
            raise FatalError(f"{shown}: blueprint nests too deep") from None
    from catalog_lint.yaml_reader import parse_stream

    stream = parse_stream(text)
    if stream.problems:
        problem = stream.problems[0]
        raise FatalError(f"{shown}:{problem.line}:{problem.column}: invalid YAML in "
                         f"blueprint: {problem.message}")
    documents = [d for d in stream.documents if not d.empty]
    if len(documents) != 1:
        raise FatalError(f"{shown}: a blueprint file holds one YAML document (a blueprint "
                         f"or a list of them), not {len(documents)}")
    return documents[0].data


def merge_raw(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """A blueprint refined by another (``"extends"``): mappings merge key by key, to any
    depth; ``required`` lists are joined; any other value of the overlay replaces the
    base's. So an overlay can add properties, require more, narrow an enum or a
    relation's targets, but not drop what the base requires (replace the blueprint for
    that)."""
    merged = dict(base)
    for key, value in overlay.items():
        old = merged.get(key)
        if key == "required" and isinstance(old, list) and isinstance(value, list):
            merged[key] = [*old, *(item for item in value if item not in old)]
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_raw(old, value)
        else:
            merged[key] = value
    return merged


def add_raw(registry: BlueprintRegistry, raw: Any, shown: str, origin: str) -> Blueprint:
    """Parse one raw blueprint (refining the one it extends) and add it to the registry."""
    if isinstance(raw, dict) and "extends" in raw:
        base_id = raw["extends"]
        dialect = raw.get("dialect", PORT)
        if not isinstance(base_id, str) or not base_id:
            raise FatalError(f"{shown}: 'extends' must be the identifier of a blueprint")
        base = registry.find(dialect, base_id)
        if base is None:
            other = BACKSTAGE if dialect == PORT else PORT
            hint = (f"; the {other} one needs \"dialect\": \"{other}\" in this file"
                    if registry.find(other, base_id) is not None else
                    " (built-in blueprints, then the sets in the order configured)")
            raise FatalError(f"{shown}: extends {base_id!r}, but no {dialect} blueprint with "
                             f"that identifier is in force before it{hint}")
        overlay = {k: v for k, v in raw.items() if k != "extends"}
        merged = merge_raw({k: v for k, v in base.raw.items() if k != "extends"}, overlay)
        merged.setdefault("identifier", base.identifier)
        blueprint = parse_blueprint(merged, shown, origin)
        blueprint.raw = {**merged, "extends": base_id}
        blueprint.overrides = base
    else:
        blueprint = parse_blueprint(raw, shown, origin)
    registry.add(blueprint)
    return blueprint


def load_source(registry: BlueprintRegistry, source: BlueprintSource) -> None:
    """Add a folder's blueprints: plain ones first, then those that extend another (so
    that an overlay may refine a blueprint of its own folder)."""
    loaded: list[tuple[Any, str]] = []
    for path in blueprint_files(source.folder):
        if source.builtin:
            shown = path.relative_to(source.folder.parent).as_posix()
        elif source.shown:
            shown = f"{source.shown.rstrip('/')}/{path.relative_to(source.folder).as_posix()}"
        else:
            shown = str(path)
        loaded.extend(read_blueprint_file(path, shown))
    plain = [item for item in loaded if not (isinstance(item[0], dict) and "extends" in item[0])]
    for raw, shown in plain:
        add_raw(registry, raw, shown, source.origin)
    for raw, shown in loaded:
        if isinstance(raw, dict) and "extends" in raw:
            add_raw(registry, raw, shown, source.origin)
    registry.sources.append(source)


def load_sources(sources: Iterable[BlueprintSource], include_builtin: bool = True
                 ) -> BlueprintRegistry:
    """Built-in blueprints first, then each source in order."""
    registry = BlueprintRegistry()
    if include_builtin:
        load_source(registry, builtin_source())
    for source in sources:
        load_source(registry, source)
    return registry


def load_blueprints(folders: Iterable[Path], include_builtin: bool = True) -> BlueprintRegistry:
    """Built-in blueprints first, then each folder in order: a later blueprint with the
    same identifier replaces an earlier one."""
    return load_sources([folder_source(folder) for folder in folders], include_builtin)


def configured_sources(config: Config, extra_folders: Iterable[Path] = ()) -> list[BlueprintSource]:
    """The sources the configuration's ``blueprints:`` names, then the command line's
    folders. Only an entry naming a package or a git repository imports the machinery
    that resolves it, so a run with folders only (or none) stays fast."""
    sources: list[BlueprintSource] = []
    for position, item in enumerate(config.get("blueprints") or []):
        if isinstance(item, str):
            sources.append(folder_source(config.root / item, item))
        else:
            from catalog_lint.blueprint_sets.resolve import resolve

            sources.append(resolve(item, config, position))
    sources.extend(folder_source(folder) for folder in extra_folders)
    return sources


def load_configured(config: Config, extra_folders: Iterable[Path] = ()) -> BlueprintRegistry:
    return load_sources(configured_sources(config, extra_folders))
