"""The exact reader's answer with positions, built in C where the document allows.

:mod:`catalog_lint.yaml_reader` reads a document with libyaml, then builds its values
and its table of positions in Python, which is most of a run's reading time. The
compiled module ``catalog_lint._libyaml_positions`` (built from
``_libyaml_positions.c`` when the package is installed, where a C compiler and
libyaml's header are at hand) builds the same values and the same table straight from
libyaml's events, for the documents where the exact reader does nothing more than that:
block and one-line flow collections of scalars, with no anchor, alias or tag. Plain
scalars are typed by the exact reader's own :func:`catalog_lint.yaml_core.plain_value`
(those starting with a letter only when they are one of its
:data:`~catalog_lint.yaml_core.TYPED_WORDS`: any other is a string).

In every other case, and for anything libyaml refuses, :func:`read_positioned` returns
``None`` and the exact reader reads the file (the list of what is declined is at the top
of the C file). So the results are the exact reader's, file for file: tested against it
on the YAML test suite, real catalog files and generated mutants
(``tests/core/test_yaml_native.py``, ``benchmarks/fuzz_fast_reader.py --native``).

Without the compiled module (no compiler at install time, or
``CATALOG_LINT_NATIVE_YAML=0``), :data:`AVAILABLE` is false and nothing changes but the
speed.
"""

from __future__ import annotations

import os
from array import array
from typing import Any

from catalog_lint.yaml_core import (
    LOOK_ALIKE,
    MAX_DEPTH,
    NOTABLE_FIRST_CHARACTERS,
    TYPED_WORDS,
    plain_value,
)
from catalog_lint.yaml_positions import Positions

try:
    from catalog_lint import _libyaml_positions
except ImportError:  # not compiled here: every file takes the exact reader
    _libyaml_positions = None

#: Whether the compiled reader may be used (``CATALOG_LINT_NATIVE_YAML=0`` turns it off,
#: for comparison).
AVAILABLE = _libyaml_positions is not None and os.environ.get("CATALOG_LINT_NATIVE_YAML", "1") != "0"

#: Collections open at once past which a document is declined (the exact reader refuses
#: nesting deeper than MAX_DEPTH values, counting the scalar at the bottom).
_MAX_OPEN = MAX_DEPTH - 1
#: Plain scalars starting with a letter go to ``plain_value`` only when they are one of
#: ``TYPED_WORDS`` (``name``, ``type``, ``owner`` are strings without asking).
_LONGEST_WORD = max(map(len, TYPED_WORDS))


class NativeDocument:
    """A document read here: where its value starts (1-based), its value, its positions."""

    __slots__ = ("column", "data", "line", "positions")

    def __init__(self, line: int, column: int, data: Any, positions: Positions) -> None:
        self.line, self.column, self.data, self.positions = line, column, data, positions


def read_positioned(text: str) -> list[NativeDocument] | None:
    """The documents of ``text`` as :func:`catalog_lint.yaml_reader.parse_stream` reads
    them, with their positions; ``None`` where this reader cannot promise that (the exact
    reader then reads the file)."""
    if _libyaml_positions is None or text[:1] == "%" or "\n%" in text:
        return None  # directives: the exact reader reads those piece by piece
    if text[-1:] == " " and not text[text.rfind("\n") + 1:].strip(" "):
        text += "\n"  # as parse_stream does: libyaml drops a last line of spaces
    read = _libyaml_positions.read_documents(text, plain_value, LOOK_ALIKE, NOTABLE_FIRST_CHARACTERS,
                                             TYPED_WORDS, _LONGEST_WORD, _MAX_OPEN)
    if not read:  # declined, or no document at all (the exact reader says so)
        return None
    documents: list[NativeDocument] = []
    for data, packed, typecode, keys in read:
        numbers = array(typecode)
        numbers.frombytes(packed)
        shared = _KEY_LISTS.get(keys)
        if shared is not None:
            keys = shared
        elif len(_KEY_LISTS) < _MOST_KEY_LISTS:
            _KEY_LISTS[keys] = keys
        documents.append(NativeDocument(numbers[0] + 1, numbers[1] + 1, data, (numbers, keys)))
    return documents


#: The key lists of position tables, one tuple each: files written from one template
#: have the same keys in the same order (all 10,000 files of benchmarks/real_catalogs.py's
#: issue catalog do), and a run holds every document's table to the end. A few thousand
#: of the first different ones are kept; the rest are not shared.
_KEY_LISTS: dict[tuple[str, ...], tuple[str, ...]] = {}
_MOST_KEY_LISTS = 4096
