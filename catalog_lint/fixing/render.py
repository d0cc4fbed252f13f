"""Writing one scalar, the way the file around it would write it.

A fixed value keeps its quoting style when that style still reads as the intended string
to every reader that matters: Backstage (YAML 1.2) and YAML 1.1 tools (PyYAML and older
scripts, where ``no`` is false and ``012`` octal). A plain scalar that would not read
back as that string in both is written in double quotes: that is also how a fix that
only quotes a value (``lifecycle: 1`` -> ``"1"``) works. Double quotes are rendered by
ruamel.yaml's emitter, which escapes every character YAML cannot hold as it is; JSON
files get JSON strings.

Whether a plain scalar reads back is not guessed from character classes: the candidate
is parsed in the context it will sit in (a block value, an item of a flow collection, a
key) by both readers, and compared.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from typing import Literal

import yaml

Context = Literal["block", "flow", "block-key", "flow-key"]

#: The shapes a candidate is parsed in, by context, and where its value is found then.
_PROBES: dict[Context, str] = {
    "block": "k: {}\n",
    "flow": "[{}]\n",
    "block-key": "{}: v\n",
    "flow-key": "{{{}: v}}\n",
}


def render(value: str, style: str | None, context: Context, *, json_file: bool = False) -> str:
    """``value`` as scalar text for a place whose old scalar had ``style`` (``""`` or
    ``None`` plain, ``'`` single-quoted, ``"`` double-quoted)."""
    if json_file:
        return json.dumps(value, ensure_ascii=False)
    if not style and _plain_reads_back(value, context):
        return value
    if style == "'" and _single_ok(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


#: YAML 1.1 booleans that PyYAML does not resolve, though the YAML 1.1 types say so and
#: other YAML 1.1 readers do.
_YAML11_LETTERS = frozenset({"y", "Y", "n", "N"})


@lru_cache(maxsize=1024)
def _plain_reads_back(value: str, context: Context) -> bool:
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    if value in _YAML11_LETTERS:
        return False
    probe = _PROBES[context].format(value)
    return _read_12(probe, context) == value and _read_11(probe, context) == value


def _pick(data: object, context: Context) -> object:
    if context == "block" and isinstance(data, dict) and list(data) == ["k"]:
        return data["k"]
    if context == "flow" and isinstance(data, list) and len(data) == 1:
        return data[0]
    if context in ("block-key", "flow-key") and isinstance(data, dict) and len(data) == 1:
        (key,) = data
        return key if data[key] == "v" else None
    return None


def _read_12(probe: str, context: Context) -> object:
    from catalog_lint.yaml_reader import parse_stream

    stream = parse_stream(probe)
    if stream.problems or stream.warnings or len(stream.documents) != 1:
        return None
    return _pick(stream.documents[0].data, context)


def _read_11(probe: str, context: Context) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return _pick(yaml.load(probe, Loader=loader), context)
    except yaml.YAMLError:
        return None


def _single_ok(value: str) -> bool:
    """Single quotes hold any printable text on one line (a quote is doubled)."""
    return value.isprintable() and value != ""


@lru_cache(maxsize=1)
def _emitter() -> object:
    from ruamel.yaml import YAML

    writer = YAML()
    writer.width = 2**31 - 1  # one line, however long: a fix never re-wraps a value
    return writer


def double_quoted(value: str) -> str:
    """``value`` in YAML double quotes, every character YAML cannot hold as it is escaped."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    out = io.StringIO()
    _emitter().dump(DoubleQuotedScalarString(value), out)  # type: ignore[attr-defined]
    text = out.getvalue()
    if text.endswith("\n...\n"):  # a document end marker after a top-level scalar
        text = text[:-5]
    return text.rstrip("\n")
