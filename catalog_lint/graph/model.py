"""Nodes, edges and keys of the catalog graph.

A :class:`Node` is an entity: one loaded from a file of this run (``entity`` is set), one
read from another file of the repository only to resolve references (``context``: a run
over named files, see :mod:`catalog_lint.graph.context`), or one known from an exported
catalog (``origin`` names the export). Only the run's own nodes are reported on. An :class:`Edge` is
one reference as written: where it sits in the document, which relation declared it,
the key it parses to and, once resolved, the node it reaches.

Keys follow each dialect's matching rules: Backstage compares kind, namespace and name
case-insensitively; Port identifiers are compared as written, within a blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from sys import intern as _intern
from typing import TYPE_CHECKING, Any, NamedTuple

from catalog_lint.findings import JsonPath

if TYPE_CHECKING:
    from catalog_lint.blueprints import Blueprint, Relation
    from catalog_lint.findings import Finding
    from catalog_lint.model import Entity

#: ``(dialect, kind, namespace, name)``: lower-cased for Backstage; for Port the
#: namespace is ``""``, the kind is the blueprint identifier and the name is exact.
Key = tuple[str, str, str, str]

BACKSTAGE = "backstage"
PORT = "port"

#: Limits on loading a catalog export (``--catalog-timeout``, ``--catalog-max-bytes``).
DEFAULT_TIMEOUT = 10.0  # seconds, for a whole download from a URL
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # an export of 100,000 entities fits easily


class FetchLimits(NamedTuple):
    """Whether a catalog or a Location target may be downloaded, and within what: here,
    not with the exchange format, because every run's graph stage asks for them and a
    run that downloads nothing need not import that module."""

    allow_url: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES


def backstage_key(kind: str, namespace: str, name: str) -> Key:
    # kinds and namespaces repeat across a catalog: one string each; a name already in
    # lower case (most) is the entity's own string, not a copy
    lowered = name.lower()
    return (BACKSTAGE, _intern(kind.lower()), _intern(namespace.lower()),
            name if lowered == name else lowered)


def port_key(blueprint: str, identifier: str) -> Key:
    return (PORT, blueprint, "", identifier)


def key_ref(key: Key) -> str:
    """The reference people read: ``component:default/cart``, ``port:system/cart``."""
    dialect, kind, namespace, name = key
    if dialect == PORT:
        return f"port:{kind}/{name}"
    return f"{kind}:{namespace}/{name}"


def short_ref(key: Key, namespace: str = "default") -> str:
    """``component:cart`` when the namespace is the default one, else the full reference."""
    dialect, kind, ns, name = key
    if dialect == PORT:
        return f"port:{kind}/{name}"
    return f"{kind}:{name}" if ns == namespace else f"{kind}:{ns}/{name}"


def parse_key_ref(dialect: str, ref: str) -> Key | None:
    """The key of a full reference as :func:`key_ref` writes it (exports use these)."""
    if dialect == PORT:
        if not ref.startswith("port:") or "/" not in ref:
            return None
        blueprint, _, identifier = ref[5:].partition("/")
        return port_key(blueprint, identifier) if blueprint and identifier else None
    kind, colon, rest = ref.partition(":")
    namespace, slash, name = rest.partition("/")
    if not (colon and slash and kind and namespace and name):
        return None
    return backstage_key(kind, namespace, name)


@dataclass(eq=False, slots=True)
class Edge:
    """One reference from ``source`` to the entity with key ``target``."""

    source: Node
    name: str  # the relation's name (``owner``, ``memberOf``, a Port relation)
    relation: Relation | None  # its declaration; None for relations of unknown blueprints
    target: Key
    path: JsonPath = ()  # where the reference sits, relative to the document
    node: Node | None = None  # the entity it reaches, once resolved
    kind_ok: bool = True  # False when the reference names a kind the relation forbids
    #: Where the reference sits (line, column), when looked up ahead: see ``build.prepare``.
    at: tuple[int, int] | None = None
    #: The unresolved-reference finding it makes if nothing answers it and no other
    #: entity is near its name, made ahead with :attr:`at` (``(None,)``: the finding is
    #: turned off, ignored or suppressed); the graph stage uses it when that is so.
    ahead: tuple[Finding | None] | None = None

    @property
    def target_ref(self) -> str:
        return key_ref(self.target)


#: The tuples of declared relation names met so far, each kept once.
_DECLARED: dict[tuple[str, ...], tuple[str, ...]] = {}
_DECLARED_KEPT = 4096


def _declared(names: tuple[str, ...]) -> tuple[str, ...]:
    found = _DECLARED.get(names)
    if found is None:
        found = names
        if len(_DECLARED) < _DECLARED_KEPT:
            _DECLARED[names] = names
    return found


@dataclass(eq=False, slots=True)
class Node:
    key: Key
    kind: str  # as written (``Component``) or the Port blueprint identifier
    title: str
    entity: Entity | None = None
    origin: str = ""  # for external nodes: the catalog export they came from
    file: str = ""
    known_line: int = 0  # external nodes: the line the export gives
    api_version: str = ""
    blueprint: Blueprint | None = None
    #: Read from a file the run does not report on, only to resolve references.
    context: bool = False
    _edges: list[Edge] = field(default_factory=list, repr=False)
    #: A few names at most, in a tuple shared by every node that declares the same
    #: ones (:func:`_declared`): one per node cost 2 MB of a 28,000-entity run.
    _declared: tuple[str, ...] = field(default=(), repr=False)
    #: Reads the node's references when they are first asked for, and resolves them: a
    #: context node's are read only if a check reaches it (see ``build``).
    _load: Callable[[Node], None] | None = field(default=None, repr=False)
    #: Targets per relation name, built on first use (inverse checks).
    _targets: dict[str, set[Key]] | None = field(default=None, repr=False)

    @property
    def edges(self) -> list[Edge]:
        """Its references, in the order written."""
        if self._load is not None:
            self._loaded()
        return self._edges

    @property
    def declared(self) -> tuple[str, ...]:
        """Relations that hold at least one value (even an unparsable one), each once."""
        if self._load is not None:
            self._loaded()
        return self._declared

    def declare(self, relation: str) -> None:
        """Note that ``relation`` holds a value."""
        if relation not in self._declared:
            self._declared = _declared((*self._declared, relation))

    def declare_all(self, relations: list[str]) -> None:
        """:meth:`declare` each of ``relations`` (distinct names: one shared tuple made
        once, not one per name)."""
        if not self._declared and len(set(relations)) == len(relations):
            self._declared = _declared(tuple(relations))
        else:
            for relation in relations:
                self.declare(relation)

    @property
    def pending(self) -> bool:
        """Whether its references are still to be read (on first use)."""
        return self._load is not None

    def _loaded(self) -> None:
        load, self._load = self._load, None
        if load is not None:
            load(self)

    @property
    def ref(self) -> str:
        return key_ref(self.key)

    @property
    def line(self) -> int:
        """Where the entity starts. For an item of a Port list that is the item, not the
        list, which needs the file's positions: computed only when asked (messages, export)."""
        if self.entity is None or self.known_line:
            return self.known_line
        doc = self.entity.document
        line = doc.line
        if doc.base_path:
            found = doc.locate(doc.base_path)
            if found is not None:
                line = found[0]
        self.known_line = line
        return line

    @property
    def dialect(self) -> str:
        return self.key[0]

    @property
    def namespace(self) -> str:
        return self.key[2]

    @property
    def name(self) -> str:
        return self.key[3]

    @property
    def local(self) -> bool:
        """Whether the node comes from a file the run reports on."""
        return self.entity is not None and not self.context

    @property
    def where(self) -> str:
        """The file of a node read from a file; the file and catalog of an external one.
        No line: messages go into fingerprints, which must survive lines moving."""
        if self.entity is not None or not self.origin:
            return self.file
        return f"{self.file} in catalog {self.origin}" if self.file else f"catalog {self.origin}"

    def relation_refs(self) -> dict[str, list[str]]:
        """``{"owner": ["group:default/team-cart"], ...}``: each relation's targets as
        full references, in the order written, each once (what exports and reports carry)."""
        relations: dict[str, list[str]] = {}
        for edge in self.edges:  # every edge of every entity, as a report is written
            ref = key_ref(edge.target)
            targets = relations.get(edge.name)
            if targets is None:
                relations[edge.name] = [ref]
            elif ref not in targets:
                targets.append(ref)
        return relations

    def targets(self, relation: str) -> set[Key]:
        if self._targets is None:
            by_name: dict[str, set[Key]] = {}
            for edge in self.edges:
                by_name.setdefault(edge.name, set()).add(edge.target)
            self._targets = by_name
        return self._targets.get(relation, set())


@dataclass
class CatalogGraph:
    """Every node (local first, then external), the index, and what resolution found."""

    nodes: list[Node] = field(default_factory=list)
    index: dict[Key, Node] = field(default_factory=dict)
    #: Local nodes that share a key with an earlier local node, by key.
    duplicates: dict[Key, list[Node]] = field(default_factory=dict)
    external: int = 0  # external nodes known (those shadowed by local ones left out)
    context: int = 0  # nodes read from the repository's other files (named-file runs)
    catalogs: list[str] = field(default_factory=list)

    def edges(self) -> list[Edge]:
        return [edge for node in self.nodes for edge in node.edges]

    def local_nodes(self) -> list[Node]:
        return [node for node in self.nodes if node.local]

    def find(self, key: Key) -> Node | None:
        return self.index.get(key)

    def summary(self) -> dict[str, Any]:
        edges = [edge for node in self.nodes if node.local for edge in node.edges]
        resolved = sum(1 for edge in edges if edge.node is not None)
        return {
            "entities": sum(1 for node in self.nodes if node.local),
            "external_entities": self.external,
            "context_entities": self.context,
            "references": len(edges),
            "resolved": resolved,
            "unresolved": len(edges) - resolved,
            "catalogs": list(self.catalogs),
        }
