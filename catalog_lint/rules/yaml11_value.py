"""An unquoted value that YAML 1.1 tools read differently from Backstage.

Backstage reads YAML 1.2: ``no``, ``yes``, ``on``, ``off``, ``y`` and ``n`` are strings,
``012`` is the number 12, ``1:30`` is a string. Many other tools (PyYAML, older
scripts, some CI systems) read YAML 1.1, where the same text means ``false``, ``true``,
the octal 10 or 90 minutes. The file means what Backstage says, but the next tool to
read it may disagree: quote such values.

PASS::

    metadata:
      labels:
        legacy: "no"

FAIL::

    metadata:
      labels:
        legacy: no

Fix: the value (or key) is quoted as written. Safe for ``yes``/``no``/``on``/``off``/``y``/``n``
and ``1:30``, which Backstage reads as strings already; unsafe for ``012``, which
Backstage reads as the number 12 and quoting makes the string ``"012"`` (applied with
``--unsafe-fixes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from catalog_lint.findings import Fix, JsonPath, Problem, Severity
from catalog_lint.jsvalues import js_integer, js_number
from catalog_lint.rules.base import DocumentContext, Rule

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode

RULE = Rule(
    id="yaml11-value",
    severity=Severity.WARNING,
    summary="An unquoted value means something else to YAML 1.1 tools (yes/no/on/off, 012, 1:30).",
    scope="document",
    fixable="mixed",
)

_BOOLEANS = {
    **{w: "true" for w in ("y", "Y", "yes", "Yes", "YES", "on", "On", "ON")},
    **{w: "false" for w in ("n", "N", "no", "No", "NO", "off", "Off", "OFF")},
}
_OCTAL = re.compile(r"^[-+]?0[0-7]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


def check(ctx: DocumentContext) -> Iterator[Problem]:
    doc = ctx.doc
    # The reader counted YAML 1.1 look-alikes while resolving: walk only those documents.
    if not doc.yaml11_suspects or doc.node is None or doc.base_path:
        return
    for node, path, is_key in _plain_scalars(doc.node):
        advice = _advice(node.value)
        if advice:
            mark = node.start_mark
            yield Problem(RULE.id, advice, line=mark.line + 1, column=mark.column + 1,
                          fix=_fix(node.value, path, is_key))


def _fix(token: str, path: JsonPath | None, is_key: bool) -> Fix | None:
    """The same text, quoted: safe where YAML 1.2 reads a string already (``no``,
    ``1:30``), unsafe for ``012``, which Backstage reads as the number 12."""
    if path is None:
        return None
    if _OCTAL.match(token):
        decimal = js_integer(token)
        number = decimal if isinstance(decimal, int) else js_number(decimal)
        return Fix("rename" if is_key else "replace", path, token,
                   f'quote {token}: the string "{token}" instead of the number {number}',
                   safe=False)
    return Fix("rename" if is_key else "replace", path, token,
               f'quote {token} so that every YAML reader reads the string "{token}"')


def _advice(token: str) -> str | None:
    if token in _BOOLEANS:
        return (
            f"unquoted {token} is the string {token!r} to Backstage but {_BOOLEANS[token]} to "
            f'YAML 1.1 tools; write "{token}" (or {_BOOLEANS[token]}) to mean the same everywhere'
        )
    if _OCTAL.match(token):
        decimal = js_integer(token)
        octal = int(token, 8)  # linear for base 8, whatever the length
        return (
            f"unquoted {token} is the number "
            f"{decimal if isinstance(decimal, int) else js_number(decimal)} to Backstage "
            f"but the octal {octal if abs(octal) < 2**53 else 'number ' + token} to YAML "
            f'1.1 tools; write "{token}" if you mean the text'
        )
    if _SEXAGESIMAL.match(token):
        return (
            f"unquoted {token} is the string {token!r} to Backstage but a base-60 number to "
            f'YAML 1.1 tools; write "{token}"'
        )
    return None


def _plain_scalars(root: Node) -> Iterator[tuple[ScalarNode, JsonPath | None, bool]]:
    """Each plain scalar with its JSON path (``None`` where no path reaches it: under a
    key that is not a string) and whether it is a key."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode  # loaded with the tree

    stack: list[tuple[Node, JsonPath | None, bool]] = [(root, (), False)]
    seen: set[int] = set()
    while stack:
        node, path, is_key = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            # libyaml's composer marks plain scalars with style "", PyYAML's with None
            if not node.style and (node.tag == "tag:yaml.org,2002:str" or _OCTAL.match(node.value)):
                yield node, path, is_key
        elif isinstance(node, SequenceNode):
            stack.extend((item, None if path is None else (*path, index), False)
                         for index, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                named = isinstance(key, ScalarNode) and path is not None
                item_path = (*path, key.value) if named and path is not None else None
                stack.extend(((value, item_path, False), (key, item_path, True)))
