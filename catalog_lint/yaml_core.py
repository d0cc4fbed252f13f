"""The YAML 1.2 core schema as catalog-lint reads it, and the exact reader's limits.

What a plain scalar is (``012`` an integer, ``no`` a string that YAML 1.1 would read as
false), and how deep or wide a document may grow, shared by every reader: the exact
reader (:mod:`catalog_lint.yaml_reader`, PyYAML and libyaml), the compiled one
(:mod:`catalog_lint.yaml_native`) and the fast one (:mod:`catalog_lint.yaml_fast`).
Nothing here imports PyYAML, so a run whose files the compiled reader reads never loads
it (a tenth of a one-file run's time).
"""

from __future__ import annotations

import math
import re
from typing import Any

from catalog_lint.jsvalues import js_integer

#: A document whose aliases would expand to more nodes than this is refused.
MAX_EXPANDED_NODES = 100_000
#: Deeper nesting than this is refused (no catalog entity needs it; recursion does).
MAX_DEPTH = 100

# The YAML 1.2 core schema, exactly: no underscores, no binary, no sexagesimal.
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"


class DuplicateKey:
    """A key written twice in one mapping, where its second writing is (1-based)."""

    __slots__ = ("column", "key", "line")

    def __init__(self, key: str, line: int, column: int) -> None:
        self.key, self.line, self.column = key, line, column


# The values of the core schema's scalars, from text its pattern for the tag accepts
# (shared with :func:`plain_value`, so that both readers convert alike).


def core_null(text: str) -> None:
    return None


def core_bool(text: str) -> bool:
    return text[0] in "tT"


def core_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if text[0] == "-" else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


#: The core schema's implicit tags, in the order they are tried: the tag, its pattern,
#: and the first characters a plain scalar of that tag can start with (registered with
#: :class:`catalog_lint.yaml_reader.Yaml12Loader` as PyYAML's implicit resolvers).
CORE_RESOLVERS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (NULL_TAG, _NULL, ("~", "n", "N", "")),
    (BOOL_TAG, _BOOL, tuple("tTfF")),
    (INT_TAG, _INT, tuple("-+0123456789")),
    (FLOAT_TAG, _FLOAT, tuple("-+0123456789.")),
)
#: First character -> the resolvers to try (the table PyYAML builds from CORE_RESOLVERS).
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _firsts in CORE_RESOLVERS:
    for _first in _firsts:
        _RESOLVERS.setdefault(_first, []).append((_tag, _pattern))
#: Plain words YAML 1.1 reads as booleans (YAML 1.2 and Backstage: strings).
_YAML11_WORDS = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]
)
#: First characters of a plain scalar that can be anything but a string to YAML 1.2 or
#: to YAML 1.1 (the empty scalar is null): any other one is a string, checked no further.
NOTABLE_STARTS = frozenset(["", *_RESOLVERS, *"yYnNoO"])
#: The same first characters, as a string: a non-empty scalar starting with any other is
#: a plain string to this reader (:mod:`catalog_lint.yaml_fast` and the C reader look no further either).
NOTABLE_FIRST_CHARACTERS = "".join(sorted(NOTABLE_STARTS))
#: Every plain scalar starting with a letter that this reader types or counts as a YAML
#: 1.1 look-alike: the core schema's nulls and booleans and YAML 1.1's words (numbers,
#: and the floats ``.inf`` and ``.nan``, start with a digit, a sign or a dot). Any other
#: plain scalar starting with a letter is a string (tested against :func:`plain_value`).
TYPED_WORDS = frozenset(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
                         "FALSE", *_YAML11_WORDS])
CORE_PATTERNS = {NULL_TAG: _NULL, BOOL_TAG: _BOOL, INT_TAG: _INT, FLOAT_TAG: _FLOAT}
_CORE_VALUES: dict[str, Any] = {NULL_TAG: core_null, BOOL_TAG: core_bool, INT_TAG: js_integer,
                                FLOAT_TAG: core_float}
#: What :func:`plain_value` returns for a YAML 1.1 look-alike.
LOOK_ALIKE = object()


def plain_tag(value: str) -> tuple[str, bool]:
    """The core-schema tag of an untagged plain scalar whose first character is notable,
    and whether YAML 1.1 would type it differently (``012``, ``no``, ``1:30``)."""
    for tag, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return tag, tag is INT_TAG and value[:1] == "0" and _OCTAL_1_1.match(value) is not None
    return STR_TAG, value in _YAML11_WORDS or (":" in value and _SEXAGESIMAL_1_1.match(value) is not None)


def plain_value(value: str) -> Any:
    """The value of an untagged plain scalar, as :class:`catalog_lint.yaml_reader.Yaml12Loader` resolves and
    constructs it; :data:`LOOK_ALIKE` for one that YAML 1.1 would type differently (the
    loader counts those, and the yaml11-value rule reads them from the node tree)."""
    if value[:1] not in NOTABLE_STARTS:
        return value
    tag, look_alike = plain_tag(value)
    if look_alike:
        return LOOK_ALIKE
    return value if tag is STR_TAG else _CORE_VALUES[tag](value)


_OCTAL_1_1 = re.compile(r"^0[0-7]+$")
_SEXAGESIMAL_1_1 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
#: Every plain scalar this reader does not read as a plain string, or counts as a YAML 1.1
#: look-alike, as one pattern without anchors (:mod:`catalog_lint.yaml_fast` sends a file
#: with such a string to this reader).
NOT_PLAIN_STRING = "|".join(
    [*(pattern.pattern[1:-1] for pattern in (_NULL, _BOOL, _INT, _FLOAT, _SEXAGESIMAL_1_1)),
     *sorted(_YAML11_WORDS)]
)
_DEEP_HINT = re.compile(r"\n {150,}\S")


def needs_limit_check(text: str) -> bool:
    """Cheap test for whether a stream could hold an alias bomb or very deep nesting."""
    return (
        "*" in text
        or text.count("[") + text.count("{") > MAX_DEPTH // 2
        or _DEEP_HINT.search(text) is not None
    )
