"""The values that flow through the pipeline: files, documents and entities.

Everything after :mod:`catalog_lint.dialects` is dialect-free: it sees :class:`Entity`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog_lint.findings import JsonPath

if TYPE_CHECKING:
    from yaml.nodes import Node

    from catalog_lint.blueprints import Blueprint


@dataclass
class SourceFile:
    """One file read from a snapshot. ``path`` is relative to the snapshot root (POSIX);
    ``display`` is what findings show (relative to where the run started)."""

    path: str
    display: str
    text: str | None = None
    nodes: list[Node | None] | None = None  # position trees of JSON files, built lazily
    cache: dict[str, Any] = field(default_factory=dict)  # per-file memo for rules
    document_starts: list[int] = field(default_factory=list)  # first content line of each

    def position_tree(self, index: int) -> Node | None:
        if self.nodes is None:
            from catalog_lint.yaml_reader import compose_positions

            self.nodes = compose_positions(self.text or "")
        return self.nodes[index] if 0 <= index < len(self.nodes) else None


@dataclass
class Document:
    """One document of a file: a YAML document, a JSON object, or an item of a Port list."""

    file: SourceFile
    index: int
    line: int
    column: int
    data: Any
    node: Node | None = None
    base_path: JsonPath = ()  # where this document sits inside the file's JSON value
    position_index: int = 0  # which node tree of the file holds it
    dialect: str | None = None
    entity: Entity | None = None
    duplicate_keys: list[Any] = field(default_factory=list)  # reported once per document
    yaml11_suspects: int = 0  # plain scalars YAML 1.1 would read differently (the reader counts)
    #: Backstage placeholders of the document, replaced or left in place
    #: (:class:`catalog_lint.placeholders.Substitution`); ``None`` when it has none.
    substitutions: list[Any] | None = None

    def tree(self) -> Node | None:
        return self.node if self.node is not None else self.file.position_tree(self.position_index)


@dataclass
class Entity:
    """A catalog entity, whichever dialect it was written in.

    Backstage: ``kind`` as written, ``namespace`` (``default`` when absent), ``name``.
    Port: ``kind`` is the blueprint identifier, ``namespace`` is ``""``, ``name`` the
    identifier. :attr:`ref` is the reference people write and findings show.
    """

    dialect: str
    kind: str
    namespace: str
    name: str
    data: dict[str, Any]
    document: Document
    blueprint: Blueprint | None = None
    relations: dict[str, list[Any]] = field(default_factory=dict)
    #: JSON path → line of each field, kept when a run asks for it (``export``) while
    #: the document's node tree is at hand (see ``RunOptions.extra["entity_lines"]``).
    lines: dict[str, int] | None = None
    #: Each relation's targets as full references (``{"owner": ["group:default/a"]}``),
    #: set by the graph stage for the report; ``None`` before it runs.
    references: dict[str, list[str]] | None = None

    @property
    def ref(self) -> str:
        if self.dialect == "port":
            return f"port:{self.kind}/{self.name}"
        return f"{self.kind.lower()}:{self.namespace.lower()}/{self.name.lower()}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity for matching: Backstage compares references case-insensitively."""
        return (self.dialect, self.kind.lower(), self.namespace.lower(), self.name.lower())

    @property
    def file(self) -> str:
        return self.document.file.display

    @property
    def path(self) -> str:
        return self.document.file.path
