"""Helpers shared by the Backstage validation rules (not a rule itself).

- how to name a value in a message (``the number 1.1``, ``a list``);
- the hint for a scalar that YAML typed differently from what the author meant, read
  from the document's node tree (``YAML reads the unquoted 1.10 as the number 1.1``);
- the catalog's placeholders (``$text``, ``$json``, ``$yaml``), which Backstage
  replaces with the content of another file before it validates anything: those the
  run could not replace (a URL without ``--allow-url``, a target that cannot be read)
  stay in place as :class:`~catalog_lint.model.Unresolved` values of unknown
  content;
- the position of a mapping key, for problems about the key rather than its value.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from catalog_lint.blueprints import Blueprint, BlueprintRegistry
from catalog_lint.findings import JsonPath, Problem, Severity
from catalog_lint.jsvalues import js_number
from catalog_lint.model import Document, Unresolved
from catalog_lint.rules.base import DocumentContext
from catalog_lint.yaml_core import plain_value

if TYPE_CHECKING:
    from yaml.nodes import Node

#: The top-level fields of a Backstage entity, and the only ones it may have.
ENVELOPE_FIELDS = ("apiVersion", "kind", "metadata", "spec")
#: The fields Backstage gives ``metadata`` (an entity may hold others).
METADATA_FIELDS = frozenset({
    "name", "namespace", "title", "description", "labels", "annotations", "tags", "links",
})


def placeholder(value: object) -> str | None:
    """``"$text"``, ``"$json"`` or ``"$yaml"`` when ``value`` is a placeholder left in
    place (its content unknown here). A replaced one is its content; a mapping that only
    looks like one (inside a target's content, where the catalog replaces nothing) is a
    mapping."""
    if type(value) is Unresolved:
        return value.kind
    return None


def is_text_placeholder(value: object) -> bool:
    """``{$text: file}`` becomes that file's text: a string whose content is unknown here."""
    return placeholder(value) == "$text"


def is_opaque_placeholder(value: object) -> bool:
    """``{$json: file}``/``{$yaml: file}`` become any value: nothing can be said about it."""
    kind = placeholder(value)
    return kind == "$json" or kind == "$yaml"


def may_have_placeholders(ctx: DocumentContext) -> bool:
    """Whether the document holds a placeholder left in place: documents without one
    pay nothing."""
    return any(record.target is None for record in ctx.doc.substitutions or ())


def describe(value: object) -> str:
    """A value as a message names it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {_number_text(value)}"
    if isinstance(value, str):
        return "an empty string" if value == "" else quote(value)
    if isinstance(value, list):
        return "a list"
    if placeholder(value):
        return f"a {placeholder(value)} placeholder"
    return "a mapping"


def quote(text: str, limit: int = 80) -> str:
    """A string as JSON writes it (double quotes, escapes), shortened when long."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return json.dumps(text, ensure_ascii=False)


def _number_text(value: int | float) -> str:
    return js_number(value) if isinstance(value, float) else str(value)


def node_at(root: Node | None, path: JsonPath) -> Node | None:
    """The YAML node at ``path``, or ``None``."""
    if root is None:
        return None
    # Node trees come from PyYAML's reader, so it is loaded by now; a run whose files the
    # C reader reads never loads it (a fifth of a one-file run): no import up front.
    from catalog_lint.yaml_reader import child  # a large mapping through its index

    node: Node | None = root
    for part in path:
        node = child(node, part)
        if node is None:
            return None
    return node


def yaml_hint(ctx: DocumentContext, path: JsonPath, value: object) -> str:
    """Why a scalar is not the string the author probably meant, with the fix; ``""``
    when there is nothing useful to say."""
    if not (value is None or isinstance(value, (bool, int, float))):
        return ""
    raw = written_plain(ctx, path, value)
    if raw is None:
        return ""
    if value is None:
        if raw == "":
            return "the value is empty"
        return f"YAML reads the unquoted {raw} as no value"
    if isinstance(value, bool):
        return f'YAML reads the unquoted {raw} as a boolean; quote it: "{raw}"'
    shown = _number_text(value)
    if shown == raw:
        return f'YAML reads the unquoted {raw} as a number; quote it: "{raw}"'
    return f'YAML reads the unquoted {raw} as the number {shown}; quote it: "{raw}"'


def written_plain(ctx: DocumentContext, path: JsonPath, value: object) -> str | None:
    """The text of the plain scalar YAML read as ``value`` at ``path`` of the document;
    ``None`` when it is not a plain scalar (quoted: YAML did not retype it)."""
    where = (*ctx.doc.base_path, *path)
    raw = plain_text_at(ctx.doc, where, value)
    return raw if raw is not None else plain_text_in_tree(ctx, where)


def plain_text_in_tree(ctx: DocumentContext, where: JsonPath) -> str | None:
    """The text of the plain scalar at ``where`` in the document's node tree; ``None``
    when there is none (a quoted scalar, which YAML did not retype)."""
    node = node_at(ctx.tree(), where)
    if node is None:
        return None
    from yaml.nodes import ScalarNode  # loaded with the tree

    if not isinstance(node, ScalarNode) or node.style:
        return None
    return str(node.value)


#: Line breaks other than ``\n`` (libyaml counts NEL, LS and PS as line breaks too), and
#: a byte-order mark, which libyaml skips: with any of them the columns or lines it
#: counts may not be this text's.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")
#: What ends a plain scalar that YAML reads as null, a boolean or a number, none of which
#: holds these characters: a comment, a flow collection's next item or end, a key's colon.
_PLAIN_ENDS = re.compile(r"[ \t]#|[,\]}]|:(?:[ \t]|$)")
#: The longest plain text looked for: a null, a boolean or a number as people write them.
_LONGEST_PLAIN = 256


def _line_starts(cache: dict[str, Any], text: str) -> list[int] | None:
    """Where each line of ``text`` starts, made once per file; ``None`` when a line break
    other than ``\\n`` makes the lines YAML counts differ from these."""
    if "line_starts" not in cache:
        cache["line_starts"] = None if any(mark in text for mark in _OTHER_BREAKS) else [
            0, *(found.end() for found in re.finditer("\n", text))]
    starts: list[int] | None = cache["line_starts"]
    return starts


def plain_text_at(doc: Document, where: JsonPath, value: object) -> str | None:
    """The text of the plain scalar at ``where``, read from its line in the file at the
    position the reader recorded, when that text is what YAML read as ``value`` (a null,
    a boolean or a number); ``None`` when it cannot be told so (another file's content,
    an anchor, a tag, a quoted scalar, a line break other than ``\n``), and the node
    tree is asked instead. The node tree costs PyYAML's import and a second parse of
    the file: a third of a one-file run with such a finding."""
    text = doc.file.text
    if doc.substitutions or text is None:
        return None
    starts = _line_starts(doc.file.cache, text)
    place = doc.locate(where) if starts is not None else None
    if starts is None or place is None:
        return None
    line, column = place
    if not 0 < line <= len(starts):
        return None
    begin = starts[line - 1] + column - 1
    end = text.find("\n", begin, begin + _LONGEST_PLAIN + 1)
    # a bounded look: a minified JSON file's one line may hold thousands of findings
    rest = text[begin:end if end != -1 else begin + _LONGEST_PLAIN + 1]
    if not rest or rest[0] in " \t":
        raw = ""  # an empty value: its position is where the value would start
    elif rest[0] in "'\"|>!&*#%@`[{":
        return None
    else:
        cut = _PLAIN_ENDS.search(rest)
        if cut is None and len(rest) > _LONGEST_PLAIN:
            return None
        raw = (rest[:cut.start()] if cut else rest).rstrip(" \t")
    read = plain_value(raw)
    same = read is value or (type(read) is type(value)
                             and (read == value or (read != read and value != value)))
    return raw if same else None


def with_hint(message: str, ctx: DocumentContext, path: JsonPath, value: object) -> str:
    hint = yaml_hint(ctx, path, value)
    return f"{message}; {hint}" if hint else message


def expected_string(ctx: DocumentContext, field: str, path: JsonPath, value: object) -> str:
    """``metadata.name must be a string, got the number 42; YAML reads ...``."""
    return with_hint(f"{field} must be a string, got {describe(value)}", ctx, path, value)


def at_key(
    ctx: DocumentContext, rule: str, message: str, path: JsonPath,
    severity: Severity | None = None,
) -> Problem:
    """A problem placed on a mapping key (an unknown field, an invalid label key)."""
    where = (*ctx.doc.base_path, *path)
    if ctx.doc.substitutions:  # inside another file's content: that file's tree says where
        from catalog_lint.yaml_reader import locate_key

        found = locate_key(ctx.tree(), where)
    else:
        found = ctx.doc.locate_key(where)  # the position table's: no tree composed
    line, column = found if found else (None, None)
    return Problem(rule, message, path, line=line, column=column, severity=severity)


def metadata_of(data: Any) -> dict[str, Any] | None:
    """``metadata`` when it is a mapping (the envelope rule reports it otherwise)."""
    if type(data) is dict:
        metadata = data.get("metadata")
        if type(metadata) is dict and not placeholder(metadata):
            return metadata
    return None


def metadata_field(data: Any, field: str, container: type, rule_id: str
                   ) -> tuple[Any, Problem | None]:
    """``metadata.<field>`` when it is a ``container`` (list or mapping) whose items a rule
    checks one by one: ``(None, None)`` when it is absent or a placeholder of unknown
    content (nothing to check), ``(None, problem)`` when it has another type."""
    metadata = metadata_of(data)
    if metadata is None or field not in metadata:
        return None, None
    value = metadata[field]
    if is_opaque_placeholder(value):
        return None, None
    if type(value) is not container or is_text_placeholder(value):
        expected = "a list" if container is list else "a mapping"
        return None, Problem(rule_id, f"metadata.{field} must be {expected}, got {describe(value)}",
                             ("metadata", field))
    return value, None


# One registry per run: remember which blueprint each (kind, apiVersion) pair resolves
# to, for the rules that all ask the same question of every document.
_RESOLVED: list[tuple[BlueprintRegistry, dict[tuple[str, str], Blueprint | None]]] = []


def blueprint_for(ctx: DocumentContext, kind: str, api_version: str) -> Blueprint | None:
    registry = ctx.blueprints
    if not _RESOLVED or _RESOLVED[0][0] is not registry:
        _RESOLVED[:] = [(registry, {})]
    cache = _RESOLVED[0][1]
    key = (kind, api_version)
    if key in cache:
        return cache[key]
    found = cache[key] = registry.backstage(kind, api_version)
    return found
