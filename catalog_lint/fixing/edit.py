"""Applying fixes to one file's text, and checking the result before anyone writes it.

Each fix becomes a text edit at the exact span of the scalar (or key) it changes, read
from the YAML node tree (libyaml gives every node's start and end offset): nothing
outside that span changes, so comments, key order, quoting elsewhere, indentation,
document markers, line endings and a byte-order mark all stay as they were, byte for
byte. A full round trip through ruamel.yaml would be simpler to write but is not
faithful enough: it rewrites about a third of real catalog files even when nothing is
edited (flow-style spacing, sequence indentation, long lines, ``---`` placement; see
docs/fixing.md), so ruamel.yaml only renders the new scalar
(:mod:`catalog_lint.fixing.render`).

A fix is refused, with the reason, when its document does not parse, or its place is not
a plain edit: the value is
reached through an alias or carries an anchor or a tag (changing it would change other
places too), it is a block scalar, a mapping on the way holds the same key twice, or a
renamed key would clash with one already there. After the edits the text is parsed
again with the project's own reader and must give exactly the data expected (the old
data with the fixed values), document for document; otherwise nothing is changed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from catalog_lint.findings import Fix, JsonPath, format_path
from catalog_lint.fixing.render import Context, render
from catalog_lint.yaml_reader import pairs_named


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    fix: Fix


@dataclass
class FileEdit:
    """What became of the fixes asked of one file."""

    text: str  # the new text (the old one when nothing could be applied)
    applied: list[Fix] = field(default_factory=list)
    refused: list[tuple[Fix, str]] = field(default_factory=list)
    deferred: list[Fix] = field(default_factory=list)  # overlapped another edit: next pass


class Refused(Exception):
    """A fix that cannot be applied here, and why."""


@dataclass
class _Document:
    node: Node | None
    data: Any


@dataclass
class _Stream:
    documents: dict[int, _Document]  # by index in the stream
    problems: list[str]  # what the reader could not read (its documents are not here)


def apply_fixes(text: str, fixes: Sequence[Fix], *, json_file: bool = False) -> FileEdit:
    """Apply ``fixes`` to ``text`` (a YAML or JSON file's text, without its byte-order
    mark). Only edits whose result reads back as expected are kept."""
    result = FileEdit(text)
    unique = list(dict.fromkeys(fixes))
    stream = _read(text, json_file)
    if stream is None:
        result.refused = [(fix, "the file does not parse; fix its syntax first")
                          for fix in unique]
        return result
    edits: list[Edit] = []
    for fix in unique:
        document = stream.documents.get(fix.document)
        try:
            if document is None or document.node is None:
                raise Refused(f"document {fix.document + 1} does not parse; fix its syntax "
                              "first")
            edits.append(_edit(text, document.node, fix, json_file))
        except Refused as refusal:
            result.refused.append((fix, str(refusal)))
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            same = (edit.start, edit.end, edit.text) == (chosen[-1].start, chosen[-1].end,
                                                         chosen[-1].text)
            if not same:
                result.deferred.append(edit.fix)
            continue  # the same edit asked twice (two rules, one value) is made once
        chosen.append(edit)
    if not chosen:
        return result
    new_text = _splice(text, chosen)
    problem = _check(new_text, stream, [e.fix for e in chosen], json_file)
    if problem is not None:
        result.refused += [(e.fix, problem) for e in chosen]
        return result
    result.text = new_text
    result.applied = [e.fix for e in chosen]
    return result


def _read(text: str, json_file: bool) -> _Stream | None:
    """Each document's node tree and data, by index, and what could not be read; ``None``
    for JSON that does not parse. In a YAML stream, a broken document does not keep the
    others from being fixed: the reader still gives their nodes, at their places in the
    whole text, and the broken one is left as it is."""
    if json_file:
        from catalog_lint.jsvalues import load_json
        from catalog_lint.yaml_reader import compose_positions

        try:
            data = load_json(text)
        except (ValueError, RecursionError):
            return None
        nodes = compose_positions(text)
        return _Stream({0: _Document(nodes[0] if nodes else None, data)}, [])
    from catalog_lint.yaml_reader import parse_stream

    parsed_stream = parse_stream(text)
    return _Stream({parsed.index: _Document(parsed.node, parsed.data)
                    for parsed in parsed_stream.documents},
                   [problem.message for problem in parsed_stream.problems])


def _edit(text: str, root: Node, fix: Fix, json_file: bool) -> Edit:
    """The text edit that makes ``fix`` in the document whose node tree is ``root``."""
    if not fix.path:
        raise Refused("a fix must name a value or a key, not the whole document")
    if fix.action == "rename":
        parent, flow = _walk(root, fix.path[:-1])
        key = fix.path[-1]
        if not isinstance(parent, MappingNode) or not isinstance(key, str):
            raise Refused(f"{format_path(fix.path)} is not a key of a mapping")
        named = pairs_named(parent, key)
        if named is None or named[2] is not named[3]:
            raise Refused(f"key {format_path(fix.path)} is not in the file once")
        if fix.value != key and isinstance(fix.value, str) and pairs_named(parent, fix.value):
            raise Refused(f"the mapping has a key {fix.value!r} already")
        target: ScalarNode = named[2]
        context: Context = "flow-key" if flow or parent.flow_style else "block-key"
    else:
        node, flow = _walk(root, fix.path)
        if not isinstance(node, ScalarNode):
            raise Refused(f"{format_path(fix.path)} is not a single value")
        target = node
        context = "flow" if flow else "block"
    start, end = target.start_mark.index, target.end_mark.index
    if text[start:start + 1] in ("&", "!", "*"):
        raise Refused(f"{format_path(fix.path)} has an anchor or a tag, or is an alias: "
                      "changing it would change other places too")
    if target.style in ("|", ">"):
        raise Refused(f"{format_path(fix.path)} is a block scalar")
    return Edit(start, end, render(fix.value, target.style, context, json_file=json_file), fix)


def _walk(root: Node, path: JsonPath) -> tuple[Node, bool]:
    """The node at ``path``, and whether it sits inside a flow collection."""
    node = root
    flow = False
    for part in path:
        flow = flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, MappingNode) and isinstance(part, str):
            named = pairs_named(node, part)  # a large mapping through its index
            if named is None or named[2] is not named[3]:
                raise Refused(f"{format_path(path)}: the key {part!r} is "
                              f"{'missing' if named is None else 'written more than once'}")
            node = named[0]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            raise Refused(f"{format_path(path)} is not in the file")
    return node, flow


def _splice(text: str, edits: Sequence[Edit]) -> str:
    pieces: list[str] = []
    position = 0
    for edit in edits:
        pieces += [text[position:edit.start], edit.text]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _check(new_text: str, old: _Stream, fixes: Sequence[Fix], json_file: bool) -> str | None:
    """Why ``new_text`` is not what the fixes should give, or ``None`` when it is."""
    new = _read(new_text, json_file)
    if new is None or new.problems != old.problems:
        return "the edited file would not parse as before; left unchanged"
    after, before = new.documents, old.documents
    if sorted(after) != sorted(before):
        return "the edited file would hold other documents; left unchanged"
    expected = {index: copy.deepcopy(doc.data) for index, doc in before.items()}
    for fix in fixes:
        if fix.action == "replace":
            expected[fix.document] = _replaced(expected[fix.document], fix.path, fix.value)
    for fix in sorted((f for f in fixes if f.action == "rename"), key=lambda f: -len(f.path)):
        expected[fix.document] = _renamed(expected[fix.document], fix.path, fix.value)
    for index, doc in after.items():
        if _typed(doc.data) != _typed(expected[index]):
            return "the edited file would read differently than intended; left unchanged"
    return None


def _replaced(data: Any, path: JsonPath, value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if _has(data, head):
        data[head] = _replaced(data[head], rest, value)
    return data


def _renamed(data: Any, path: JsonPath, new_key: str) -> Any:
    if len(path) == 1:
        if isinstance(data, dict) and path[0] in data:
            return {(new_key if key == path[0] else key): value for key, value in data.items()}
        return data
    head = path[0]
    if _has(data, head):
        data[head] = _renamed(data[head], path[1:], new_key)
    return data


def _has(data: Any, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _typed(data: Any) -> str:
    """A form of the data in which ``1``, ``1.0`` and ``true`` differ, and key order counts."""
    return json.dumps(data, ensure_ascii=False, default=repr)
