"""A fast first read of plain YAML files, exact or declined.

Most catalog files are written in a small part of YAML: block mappings and sequences,
plain scalars, quoted scalars and short flow lists on one line, literal and folded block
scalars, comments.
For a file that is only that, rapidyaml (a C++ parser) reads the documents into JSON,
read back with orjson, in about a third of the time libyaml and our constructor
(:mod:`catalog_lint.yaml_reader`) take. Its answer is taken only when it is the one the
exact reader gives; in every other case :func:`read_plain` returns ``None`` and the exact
reader reads the file:

- **The text** (:func:`catalog_lint.yaml_plain_text.outside_subset`): no anchor,
  alias, tag, directive, escape, tab, carriage return, complex, empty or quoted key,
  document end marker, or character YAML treats specially; a flow collection only as a
  one-line list or mapping of one-line scalars; every line holding a quote or an
  indicator has one of a few shapes, so that a quoted scalar ends on its line and no
  scalar starts with an indicator; a block scalar has a plain header (``|``, ``|-``,
  ``>``, ``>-``) and plain content (no leading blank line, no line of spaces, no line
  ending in a space, none less indented than the first); no line is indented past a
  quoted scalar or a flow collection (rapidyaml reads such a line as a key; YAML
  refuses it).
- **The values**: rapidyaml's JSON writes a scalar bare only as a JSON number, ``true``,
  ``false`` or ``null``, which the YAML 1.2 core schema reads alike; every other scalar
  is a string. A string (key or value) that the exact reader would type or count
  otherwise (:data:`catalog_lint.yaml_core.NOT_PLAIN_STRING`: a core-schema null,
  boolean or number, a YAML 1.1 look-alike such as ``no``) sends the file to the exact
  reader, and so do an integer beyond JavaScript's 2**53, a key with a space at either
  end, and an empty document.
- **Duplicate keys**: the JSON reader keeps the last of two equal keys, silently. The
  keys are counted in rapidyaml's JSON and in orjson's writing of what it read: one
  fewer sends the file to the exact reader, which reports the duplicate where it is.
- **Positions are not recorded**: a document read here has none, and its file's text is
  composed again on the first finding that needs one (as a JSON file's is). Where most
  files need one, that costs more than the fast read saves: the processes of a run count
  how often it happens and stop reading fast (:func:`start`, :func:`read_fast`).

All of it is tested against the exact reader on the YAML test suite, real catalog files
and millions of mutants and generated texts (``tests/core/test_yaml_fast.py``,
``benchmarks/fuzz_fast_reader.py``). rapidyaml comes with the ``fast`` extra; where it is
not installed every file takes the exact path, with the same results.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from catalog_lint.yaml_core import NOT_PLAIN_STRING, NOTABLE_FIRST_CHARACTERS
from catalog_lint.yaml_plain_text import document_starts, outside_subset

try:
    import orjson
    import ryml
except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
    ryml = None

#: Whether rapidyaml may be used at all (``CATALOG_LINT_FAST_YAML=0`` turns it off, for
#: comparison).
AVAILABLE = ryml is not None and os.environ.get("CATALOG_LINT_FAST_YAML", "1") != "0"

# -- when it pays ----------------------------------------------------------------------
#
# A file read here has no positions: its first finding composes its text again, which
# costs more than the fast read saved. In a catalog whose entities mostly point into
# other repositories, nearly every file has such a finding (an unresolved reference),
# and reading fast would make the run slower. So the processes of a run count, in
# shared memory, the files they read fast and how many of them needed positions after
# all; once more than half did (after a first few hundred files), the run reads the rest
# exactly. Each process writes only its own two slots, so no count is ever lost.

#: Files read fast before the counts decide anything.
WARM_UP = 200
_counts: Any = None  # (files read fast, of which positions were needed) per process
_slot = 0


def start(counts: Any) -> None:
    """Read fast in this run (``counts``: two zeroed integers per process, shared)."""
    global _counts, _slot
    _counts, _slot = counts, 0


def use_slot(slot: int) -> None:
    """A worker's own place in the shared counts (0 is the main process)."""
    global _slot
    _slot = slot


def stop() -> None:
    """Read exactly again (the run's reading is over)."""
    global _counts
    _counts = None


def note_positions_needed() -> None:
    """A file read fast needed its positions after all."""
    if _counts is not None:
        _counts[2 * _slot + 1] += 1


def _pays() -> bool:
    if _counts is None:
        return False
    counts = _counts[:]
    read, needed = sum(counts[0::2]), sum(counts[1::2])
    return read < WARM_UP or 2 * needed <= read

# -- the values ------------------------------------------------------------------------

#: A JSON string that the exact reader might type as something else: in rapidyaml's JSON
#: output every string (key or value) starts with a quote, and nothing but a string does.
#: The look-ahead is the exact reader's own first test (a scalar whose first character
#: is not one of these is a string to it, checked no further): most quotes fail it at
#: once, where the whole alternation costs five times as much (measured on catalogs).
_UNTYPED = re.compile(
    rf'"(?=[{re.escape(NOTABLE_FIRST_CHARACTERS)}"])(?:{NOT_PLAIN_STRING})"'
)


#: A key with a space at either end. Every key here is plain (a quoted key is declined
#: with its line), and a plain scalar has none: rapidyaml makes one of a line indented
#: between a list item's dash and its content, which libyaml rightly refuses. (Found by
#: benchmarks/fuzz_fast_reader.py; a value with a space at its start is declined too.)
#: Its end is looked for as text (rapidyaml writes each key at the start of a line, then
#: '": '); two searches cost a quarter of one search for either. A quote with a space
#: after it is rare (a closing quote never has one), so it is looked for first.
_SPACED_KEY_START = re.compile(r'\n *" ')
_SPACED_KEY_END = ' ":'


@dataclass(slots=True)
class FastDocument:
    """A document read by rapidyaml: where it starts (1-based) and its value."""

    line: int
    column: int
    data: Any


def read_fast(text: str) -> list[FastDocument] | None:
    """:func:`read_plain`, while the run reads fast (see :func:`start`); else ``None``."""
    if not _pays():
        return None
    documents = read_plain(text)
    if documents is not None:
        _counts[2 * _slot] += 1
    return documents


def read_plain(text: str) -> list[FastDocument] | None:
    """The documents of ``text`` exactly as :func:`catalog_lint.yaml_reader.parse_stream`
    reads them (without positions), or ``None`` when this reader cannot promise that."""
    if ryml is None or outside_subset(text):
        return None
    starts = document_starts(text)
    if starts is None:
        return None
    emitted = _rapidyaml_json(text)
    if emitted is None or len(emitted) != len(starts):
        return None
    documents: list[FastDocument] = []
    for json, (line, column) in zip(emitted, starts, strict=True):
        if json is None or _UNTYPED.search(json) is not None or _SPACED_KEY_END in json \
                or ('" ' in json and _SPACED_KEY_START.search(json) is not None):
            return None
        try:
            data = orjson.loads(json)
        except orjson.JSONDecodeError:  # a plain scalar emitted bare that JSON refuses
            return None
        if data is None:  # an empty document: the exact reader reports it
            return None
        # Every key is written '"key":' in JSON (and '":' inside a string is '\\":' in
        # both writers): a key the reader dropped, a duplicate, leaves one fewer.
        try:  # (an integer beyond 2**53, which the exact reader rounds, is refused here)
            again = orjson.dumps(data, option=orjson.OPT_STRICT_INTEGER)
        except orjson.JSONEncodeError:
            return None
        if json.count('":') != again.count(b'":'):
            return None
        documents.append(FastDocument(line, column, data))
    return documents


def _rapidyaml_json(text: str) -> list[str | None] | None:
    """Each document of ``text`` as rapidyaml writes it in JSON; ``None`` when rapidyaml
    refuses the text (or nests it deeper than its writer goes)."""
    with _stderr_silenced():  # rapidyaml prints each error before raising it
        try:
            tree = ryml.parse_in_arena(text.encode())
            root = tree.root_id()
            roots = list(ryml.children(tree, root)) if tree.is_stream(root) else [root]
            return [ryml.emit_json_malloc(tree, node) for node in roots]
        except (ryml.ExceptionBasic, RuntimeError, MemoryError):
            return None


#: Standard error and the null device, opened once per process: ``(stderr, null)``.
_descriptors: tuple[int, int] | None = None


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2 points at the null device meanwhile (rapidyaml writes its errors
    there itself, out of Python's reach); nothing else runs in this process meanwhile."""
    global _descriptors
    if _descriptors is None:
        try:
            _descriptors = (os.dup(2), os.open(os.devnull, os.O_WRONLY))
        except OSError:  # no standard error to silence
            yield
            return
    stderr, null = _descriptors
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(stderr, 2)
