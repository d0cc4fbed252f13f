"""The catalog export: every entity of a repository in a small, versioned JSON form, and
loading such exports (from files, or from URLs when explicitly allowed) as known
entities for resolution.

The form (``catalog_lint/schemas/catalog-export.schema.json``, described in
``docs/graph.md``)::

    {"format": "catalog-lint-catalog", "version": 1,
     "generator": "catalog-lint 0.1.0", "source": "cart-service", "revision": null,
     "entities": [
       {"ref": "component:default/cart-service", "dialect": "backstage",
        "kind": "Component", "namespace": "default", "name": "cart-service",
        "apiVersion": "backstage.io/v1alpha1", "title": "Cart Service",
        "file": "catalog-info.yaml", "line": 1,
        "relations": {"owner": ["group:default/team-cart"]},
        "data": {"apiVersion": "backstage.io/v1alpha1", "kind": "Component", ...},
        "lines": {"metadata.name": 4, "spec.owner": 9, ...}}]}

``data`` is the entity as written (version 2); ``lines`` maps JSON paths inside it to
their lines, so that a finding on an exported entity can name its line. Readers accept
any ``version`` up to :data:`EXPORT_VERSION` and ignore keys they do not know, so an
export may carry more than this version describes.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog_lint import __version__
from catalog_lint.blueprints import BlueprintRegistry
from catalog_lint.errors import FatalError
from catalog_lint.findings import format_path
from catalog_lint.graph.model import (
    BACKSTAGE,
    PORT,
    CatalogGraph,
    Edge,
    FetchLimits,
    Node,
    backstage_key,
    parse_key_ref,
    port_key,
)
from catalog_lint.jsvalues import load_json
from catalog_lint.model import Entity

if TYPE_CHECKING:
    from catalog_lint.net import Deadline

EXPORT_FORMAT = "catalog-lint-catalog"
#: 2 added each entity's ``data`` and ``lines`` (what ``blueprints diff`` validates).
EXPORT_VERSION = 2
#: How deep ``lines`` follows an entity's data (``spec.links[0].url`` is depth 4).
LINES_DEPTH = 5


def export(graph: CatalogGraph, source: str, revision: str | None = None) -> dict[str, Any]:
    """The export of the graph's local entities, sorted by reference."""
    entities = []
    for node in sorted(graph.local_nodes(), key=lambda n: n.ref):
        if node.entity is not None and graph.index.get(node.key) is not node:
            continue  # a duplicate: the first definition speaks for the key
        relations = node.relation_refs()
        entity = node.entity
        assert entity is not None
        item: dict[str, Any] = {
            "ref": node.ref,
            "dialect": node.dialect,
            "kind": node.kind,
            "namespace": entity.namespace,
            "name": entity.name,
        }
        if node.api_version:
            item["apiVersion"] = node.api_version
        if node.title:
            item["title"] = node.title
        item.update({"file": entity.path, "line": node.line, "relations": relations})
        item["data"] = entity.data
        item["lines"] = entity.lines if entity.lines is not None else data_lines(entity)
        entities.append(item)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generator": f"catalog-lint {__version__}",
        "source": source,
        "revision": revision,
        "entities": entities,
    }


def data_lines(entity: Entity) -> dict[str, int]:
    """``{"spec.owner": 9, "metadata.tags[0]": 6, ...}``: the line of every key and list
    item of the entity's data, to :data:`LINES_DEPTH` levels."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    node = entity.document.tree()
    for part in entity.document.base_path:  # an item of a Port list
        if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return {}
    lines: dict[str, int] = {}

    def walk(current: Any, path: tuple[str | int, ...]) -> None:
        if len(path) >= LINES_DEPTH:
            return
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, ScalarNode):
                    child = (*path, key_node.value)
                    lines[format_path(child)] = key_node.start_mark.line + 1
                    walk(value_node, child)
        elif isinstance(current, SequenceNode):
            for index, value_node in enumerate(current.value):
                child = (*path, index)
                lines[format_path(child)] = value_node.start_mark.line + 1
                walk(value_node, child)

    walk(node, ())
    return lines


def dumps(data: dict[str, Any]) -> str:
    """The export as text: the header fields indented, then one entity per line (JSON's
    fast encoder, and a diff of two exports shows the entities that changed)."""
    head = {key: value for key, value in data.items() if key != "entities"}
    lines = [json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "entities": [']
    entities = [json.dumps(item, ensure_ascii=False) for item in data.get("entities", [])]
    lines.append(",\n".join(f"    {text}" for text in entities))
    lines.append("  ]\n}\n")
    return "\n".join(lines) if entities else lines[0] + "]\n}\n"


@functools.cache  # compiled once per process: many exports may be read
def _schema_validator() -> Any:
    import fastjsonschema

    text = (resources.files("catalog_lint") / "schemas" / "catalog-export.schema.json").read_text(
        encoding="utf-8")
    return fastjsonschema.compile(json.loads(text))


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def load(location: str, base: Path, limits: FetchLimits,
         blueprints: BlueprintRegistry) -> list[Node]:
    """The external nodes of one export, a file (relative to ``base``) or a URL."""
    return nodes_of(read_export(location, base, limits), location, blueprints)


def read_export(location: str, base: Path, limits: FetchLimits) -> dict[str, Any]:
    """One export, a file (relative to ``base``) or a URL, checked against its schema."""
    if is_url(location):
        if not limits.allow_url:
            raise FatalError(f"{location}: loading a catalog from a URL needs --allow-url")
        raw = fetch(location, limits)
    elif "://" in location:
        raise FatalError(f"{location}: only http:// and https:// URLs or files can be loaded")
    else:
        path = Path(location)
        path = path if path.is_absolute() else base / path
        from catalog_lint.regular_files import FileTooLarge, read_named_file

        try:
            raw = read_named_file(path, limits.max_bytes)
        except FileTooLarge as exc:
            size = f"{exc.size:,} bytes" if exc.size is not None else "larger"
            raise FatalError(f"{location}: catalog is {size}, more than the limit of "
                             f"{limits.max_bytes:,} (--catalog-max-bytes)") from None
        except OSError as exc:
            raise FatalError(f"{location}: cannot read catalog: {exc.strerror or exc}") from None
    return checked(raw, location)


class FetchError(Exception):
    """A download that failed; the message names the URL and says why, in one line."""


@dataclass(frozen=True)
class Fetched:
    body: bytes
    content_type: str  # the media type the server announced, lower case ("" if none)


def fetch(url: str, limits: FetchLimits) -> bytes:
    """GET a catalog export; any failure stops the run."""
    try:
        return fetch_url(url, limits).body
    except FetchError as exc:
        raise FatalError(str(exc)) from None


def fetch_url(url: str, limits: FetchLimits, what: str = "catalog",
              accept: str = "application/json", deadline: Deadline | None = None,
              timeout_named: str = "--catalog-timeout") -> Fetched:
    """GET an http(s) URL through :mod:`catalog_lint.net`: ``--catalog-timeout`` is a
    deadline for the whole download (redirects, headers and body), bodies over the size
    cap are refused (announced or not), and every redirect is checked before it is
    followed (http(s) only, never from https to http). ``what`` names the thing in
    messages; ``deadline`` (a :class:`catalog_lint.net.Deadline`) replaces the timeout's
    when a caller's own budget is shorter, and ``timeout_named`` says which limit it is.
    The one fetcher of catalog exports and followed Location targets."""
    from catalog_lint import net

    if not is_url(url):
        raise FetchError(f"{url}: only http:// and https:// URLs are fetched")
    headers = {"Accept": accept, "User-Agent": f"catalog-lint/{__version__}"}
    deadline = deadline or net.Deadline(limits.timeout)
    try:
        answer = net.request("GET", url, deadline=deadline, max_bytes=limits.max_bytes,
                             headers=headers)
    except net.TimedOut:
        raise FetchError(f"{url}: cannot load {what}: no complete answer within "
                         f"{deadline.seconds:g} seconds ({timeout_named})") from None
    except net.TooLarge as exc:
        if exc.announced is not None:
            raise FetchError(f"{url}: {what} is {exc.announced:,} bytes, more than the limit of "
                             f"{limits.max_bytes:,} (--catalog-max-bytes)") from None
        raise FetchError(f"{url}: {what} is more than the limit of {limits.max_bytes:,} bytes "
                         "(--catalog-max-bytes)") from None
    except net.NetError as exc:
        raise FetchError(f"{url}: cannot load {what}: {exc}") from None
    if not 200 <= answer.status < 300:
        raise FetchError(f"{url}: cannot load {what}: HTTP {answer.status} {answer.reason}")
    return Fetched(answer.body, answer.content_type)


def parse(raw: bytes, location: str, blueprints: BlueprintRegistry) -> list[Node]:
    """Check an export against its schema and turn its entities into external nodes."""
    return nodes_of(checked(raw, location), location, blueprints)


def checked(raw: bytes, location: str) -> dict[str, Any]:
    """An export's JSON, checked against its schema and version."""
    try:
        data = load_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FatalError(f"{location}: catalog is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FatalError(f"{location}:{exc.lineno}:{exc.colno}: invalid JSON in catalog: "
                         f"{exc.msg}") from None
    except RecursionError:
        raise FatalError(f"{location}: catalog nests too deep") from None
    return validated(data, location)


def validated(data: Any, location: str) -> dict[str, Any]:
    """An export already parsed, checked against its schema and version."""
    import fastjsonschema

    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise FatalError(f"{location}: not a catalog export (expected \"format\": "
                         f"\"{EXPORT_FORMAT}\"; write one with catalog-lint export)")
    version = data.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise FatalError(f"{location}: catalog export version {version!r} is newer than this "
                         f"catalog-lint understands ({EXPORT_VERSION}); upgrade catalog-lint")
    try:
        _schema_validator()(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = (exc.name or "").replace("data", "", 1) or "the document"
        raise FatalError(f"{location}: invalid catalog export at {where}: {exc.message}") from None
    return data


def nodes_of(data: dict[str, Any], location: str, blueprints: BlueprintRegistry) -> list[Node]:
    """The external nodes of a checked export."""
    origin = str(data.get("source") or location)
    nodes = []
    for item in data["entities"]:
        nodes.append(_node(item, origin, blueprints))
    return nodes


def _node(item: dict[str, Any], origin: str, blueprints: BlueprintRegistry) -> Node:
    dialect = item["dialect"]
    kind = item["kind"]
    if dialect == PORT:
        key = port_key(kind, item["name"])
        blueprint = blueprints.port(kind)
    else:
        key = backstage_key(kind, item.get("namespace") or "default", item["name"])
        blueprint = blueprints.backstage(kind, str(item.get("apiVersion", "")))
        if blueprint is None:
            blueprint = next((b for b in blueprints.backstage_kinds()
                              if (b.kind or "").lower() == kind.lower()), None)
    node = Node(key=key, kind=kind, title=str(item.get("title", "")), origin=origin,
                file=str(item.get("file", "")), known_line=int(item.get("line", 0)),
                api_version=str(item.get("apiVersion", "")), blueprint=blueprint)
    for name, refs in item.get("relations", {}).items():
        relation = blueprint.relations.get(name) if blueprint is not None else None
        for ref in refs:
            target = parse_key_ref(dialect if dialect == PORT else BACKSTAGE, ref)
            if target is None:
                continue
            node.edges.append(Edge(node, name, relation, target))
            node.declare(name)
    return node
