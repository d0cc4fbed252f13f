"""Draw the catalog graph as Mermaid (renders in GitHub Markdown) or Graphviz DOT.

Nodes are the local entities (Locations left out: they are plumbing, not software),
the external entities they reference, and one dashed node per reference that reaches
nothing ("dangling"). With a focus, only the entities within ``depth`` edges of it, in
either direction, are drawn. Output is deterministic: nodes sorted by reference, edges
in declaration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog_lint.errors import FatalError
from catalog_lint.graph.model import BACKSTAGE, PORT, CatalogGraph, Key, Node, key_ref
from catalog_lint.refs import RefError, split_ref

FORMATS = ("mermaid", "dot")


@dataclass
class View:
    """What to draw: nodes by key (``None`` for a dangling target), and edges."""

    nodes: dict[Key, Node | None] = field(default_factory=dict)
    edges: list[tuple[Key, str, Key, bool]] = field(default_factory=list)  # dangling flag


def find_focus(graph: CatalogGraph, text: str) -> Node:
    """The node a ``--focus`` reference names: ``component:cart``, ``group:ns/team``,
    ``port:component/cart``. Kind and namespace compare case-insensitively (Backstage)."""
    key: Key | None = None
    if text.startswith("port:"):
        blueprint, _, identifier = text[5:].partition("/")
        key = (PORT, blueprint, "", identifier)
    else:
        try:
            kind, namespace, name = split_ref(text)
        except RefError as exc:
            raise FatalError(f"--focus: {exc}") from None
        if kind is None:
            raise FatalError(f"--focus {text!r}: give the kind too (component:{text})")
        key = (BACKSTAGE, kind.lower(), (namespace or "default").lower(), name.lower())
    node = graph.find(key)
    if node is None:
        near = sorted(n.ref for n in graph.nodes if n.name == key[3])
        hint = f" (did you mean {', '.join(near[:3])}?)" if near else ""
        raise FatalError(f"--focus {text!r}: no such entity in the catalog{hint}")
    return node


def _drawn(node: Node) -> bool:
    return not (node.dialect == BACKSTAGE and node.key[1] == "location")


def view(graph: CatalogGraph, focus: Node | None = None, depth: int = 1) -> View:
    result = View()
    if focus is None:
        starts = [n for n in graph.nodes if n.local and _drawn(n)]
        for node in starts:
            result.nodes.setdefault(node.key, node)
        for node in starts:
            for edge in node.edges:
                result.nodes.setdefault(edge.target, edge.node)
                result.edges.append((node.key, edge.name, edge.target, edge.node is None))
        return result
    # Breadth first from the focus, following edges both ways.
    incoming: dict[int, list[Node]] = {}
    for node in graph.nodes:
        for edge in node.edges:
            if edge.node is not None:
                incoming.setdefault(id(edge.node), []).append(node)
    distance: dict[Key, int] = {focus.key: 0}
    frontier = [focus]
    result.nodes[focus.key] = focus
    for level in range(1, depth + 1):
        following: list[Node] = []
        for node in frontier:
            for edge in node.edges:
                if edge.target not in distance:
                    distance[edge.target] = level
                    result.nodes[edge.target] = edge.node
                    if edge.node is not None:
                        following.append(edge.node)
            for source in incoming.get(id(node), []):
                if source.key not in distance and _drawn(source):
                    distance[source.key] = level
                    result.nodes[source.key] = source
                    following.append(source)
        frontier = following
    for key, member in list(result.nodes.items()):
        if member is None:
            continue
        for edge in member.edges:
            if edge.target in result.nodes:
                result.edges.append((key, edge.name, edge.target, edge.node is None))
    return result


def _label(key: Key, node: Node | None) -> str:
    if node is None:
        return f"{key_ref(key)} (not in the catalog)"
    dialect, _, namespace, _ = key
    kind = node.kind
    name = node.entity.name if node.entity is not None else node.name
    prefix = f"Port {kind}" if dialect == PORT else kind
    text = f"{prefix}: {name}" if namespace in ("default", "") else f"{prefix}: {namespace}/{name}"
    if not node.local:
        text += f" [{node.origin}]"
    return text


def _ids(v: View) -> dict[Key, str]:
    return {key: f"n{i}" for i, key in enumerate(sorted(v.nodes, key=key_ref))}


def mermaid_text(text: str) -> str:
    """Escape for a quoted Mermaid label: anything but plain characters becomes an
    entity code (``#quot;``, ``#35;``), so no name can close the label or inject markup."""
    out = []
    for char in text:
        if char.isalnum() or char in " _.:/@+-()[]',=":
            out.append(char)
        elif char == '"':
            out.append("#quot;")
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def mermaid(v: View, direction: str = "LR") -> str:
    ids = _ids(v)
    lines = [f"flowchart {direction}"]
    for key in sorted(v.nodes, key=key_ref):
        node = v.nodes[key]
        label = mermaid_text(_label(key, node))
        if node is None:
            lines.append(f'  {ids[key]}["{label}"]:::dangling')
        elif not node.local:
            lines.append(f'  {ids[key]}["{label}"]:::external')
        else:
            lines.append(f'  {ids[key]}["{label}"]')
    for source, name, target, dangling in v.edges:
        arrow = "-.->" if dangling else "-->"
        lines.append(f'  {ids[source]} {arrow}|"{mermaid_text(name)}"| {ids[target]}')
    lines.append("  classDef dangling stroke:#c00,stroke-width:2px,stroke-dasharray:5 5,color:#c00")
    lines.append("  classDef external stroke-dasharray:2 2,fill:#f4f4f4")
    return "\n".join(lines) + "\n"


def dot_text(text: str) -> str:
    """Escape for a double-quoted DOT string: quotes and backslashes escaped, then every
    control character written as an escape (:func:`catalog_lint.terminal.escape`): a
    newline is DOT's ``\\n`` line break, an ESC the text ``\\x1b``, never the byte."""
    from catalog_lint.terminal import escape

    return escape(text.replace("\\", "\\\\").replace('"', '\\"'))


def dot(v: View, direction: str = "LR") -> str:
    ids = _ids(v)
    lines = [
        "digraph catalog {",
        f"  rankdir={direction};",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for key in sorted(v.nodes, key=key_ref):
        node = v.nodes[key]
        attributes = [f'label="{dot_text(_label(key, node))}"',
                      f'tooltip="{dot_text(key_ref(key))}"']
        if node is None:
            attributes += ['style="rounded,dashed"', 'color="#cc0000"', 'fontcolor="#cc0000"']
        elif not node.local:
            attributes += ['style="rounded,dotted"']
        lines.append(f"  {ids[key]} [{', '.join(attributes)}];")
    for source, name, target, dangling in v.edges:
        style = ', style=dashed, color="#cc0000"' if dangling else ""
        lines.append(f'  {ids[source]} -> {ids[target]} [label="{dot_text(name)}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(graph: CatalogGraph, fmt: str = "mermaid", focus: str | None = None,
           depth: int = 1) -> str:
    if fmt not in FORMATS:
        raise FatalError(f"unknown graph format {fmt!r} (expected {' or '.join(FORMATS)})")
    center = find_focus(graph, focus) if focus else None
    drawn = view(graph, center, depth)
    return mermaid(drawn) if fmt == "mermaid" else dot(drawn)

