"""The values that flow through the pipeline: files, documents and entities.

Everything after :mod:`catalog_lint.dialects` is dialect-free: it sees :class:`Entity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog_lint import yaml_positions
from catalog_lint.findings import JsonPath
from catalog_lint.pickling import quick_pickling

if TYPE_CHECKING:
    from yaml.nodes import Node

    from catalog_lint.blueprints import Blueprint
    from catalog_lint.graph.model import Node as GraphNode
    from catalog_lint.yaml_positions import Positions


@quick_pickling
@dataclass(slots=True)
class SourceFile:
    """One file read from a snapshot. ``path`` is relative to the snapshot root (POSIX);
    ``display`` is what findings show (relative to where the run started)."""

    path: str
    display: str
    text: str | None = None
    nodes: list[Node | None] | None = None  # node trees, recomposed only if asked for
    cache: dict[str, Any] = field(default_factory=dict)  # per-file memo for rules
    document_starts: list[int] = field(default_factory=list)  # first content line of each
    #: Position tables of a JSON file's values (a YAML file's come with its documents),
    #: built on its first finding.
    places: list[Positions | None] | None = None
    #: Read by :mod:`catalog_lint.yaml_fast`, without positions, none composed since.
    read_fast: bool = False

    def position_tree(self, index: int) -> Node | None:
        if self.nodes is None:
            from catalog_lint.yaml_reader import compose_positions

            self._composing()
            self.nodes = compose_positions(self.text or "")
        return self.nodes[index] if 0 <= index < len(self.nodes) else None

    def position_table(self, index: int) -> Positions | None:
        """The positions of document ``index`` of a file read without them (JSON): its
        text composed as YAML (JSON is YAML's flow style) once, the trees let go."""
        if self.places is None:
            from catalog_lint.yaml_positions import place_of
            from catalog_lint.yaml_reader import compose_positions

            if self.nodes is None:
                self._composing()
            trees = self.nodes if self.nodes is not None else compose_positions(self.text or "")
            self.places = [None if tree is None else place_of(tree) for tree in trees]
        return self.places[index] if 0 <= index < len(self.places) else None

    def _composing(self) -> None:
        if self.read_fast:  # the fast read did not pay for this file: counted (yaml_fast)
            from catalog_lint.yaml_fast import note_positions_needed

            note_positions_needed()
            self.read_fast = False


@quick_pickling
@dataclass(slots=True)
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
    #: Reported once per document; most have none (one shared empty tuple, not a list each).
    duplicate_keys: Sequence[Any] = ()
    yaml11_suspects: int = 0  # plain scalars YAML 1.1 would read differently (the reader counts)
    #: Where each key and value of the file's document starts, recorded by the reader
    #: (:mod:`catalog_lint.yaml_positions`); ``None`` for a JSON file until asked.
    positions: Positions | None = None
    #: Backstage placeholders of the document, replaced or left in place
    #: (:class:`catalog_lint.placeholders.Substitution`); ``None`` when it has none.
    substitutions: list[Any] | None = None

    def tree(self) -> Node | None:
        """The document's node tree: the reader's while the document rules run; after
        them, composed again from the file's text (positions need no tree: see
        :meth:`locate`)."""
        return self.node if self.node is not None else self.file.position_tree(self.position_index)

    def position_table(self) -> Positions | None:
        if self.positions is None:
            self.positions = self.file.position_table(self.position_index)
        return self.positions

    def locate(self, path: JsonPath) -> tuple[int, int] | None:
        """Line and column (1-based) of the value at ``path`` of the file's document (a
        Port list item's path starts with its :attr:`base_path`); when it is missing, of
        the key of its nearest existing parent; ``None`` when not even the first step
        exists. What :func:`catalog_lint.yaml_reader.locate` says on :meth:`tree`."""
        return yaml_positions.locate(self.position_table(), path)

    def position_of(self, path: JsonPath) -> tuple[int, int]:
        """Where a finding at ``path`` (relative to this document, as a problem's path
        is) is shown: the value's line and column, else the nearest existing parent
        key's, else the document's start."""
        found = self.locate((*self.base_path, *path) if self.base_path else path)
        return found if found is not None else (self.line, self.column)

    def locate_key(self, path: JsonPath) -> tuple[int, int] | None:
        """Line and column of the key (not the value) at ``path``."""
        return yaml_positions.locate_key(self.position_table(), path)


@quick_pickling
@dataclass(slots=True)
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
    #: JSON path → line of each field, kept when a run asks for it (``export``) while
    #: the document's node tree is at hand (see ``RunOptions.extra["entity_lines"]``).
    lines: dict[str, int] | None = None
    #: Its node in the catalog graph, set by the graph stage; ``None`` before it runs.
    graph_node: GraphNode | None = None

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


class Unresolved(dict[str, Any]):
    """A placeholder left in place (:mod:`catalog_lint.placeholders`): its target is a
    URL not fetched (no ``--allow-url``) or could not be read. The rules take it for a
    value of unknown content (a ``$text`` one for a string); a mapping that only looks
    like a placeholder (in a target's content, say) is a plain ``dict`` and is judged as
    the mapping it is. Here, not with the placeholders' resolver, which a run imports
    only when a file may hold one."""

    @property
    def kind(self) -> str:
        return str(next(iter(self)))


def may_hold(doc: Document) -> bool:
    """Cheap test of a document's file: no ``$`` (and no escape that could write one),
    no placeholder."""
    file = doc.file
    cached = file.cache.get("placeholders")
    if cached is None:
        text = file.text or ""
        cached = file.cache["placeholders"] = "$" in text or "\\" in text
    return bool(cached)
