"""A fast first read of plain YAML files, exact or declined.

Most catalog files are written in a small part of YAML: block mappings and sequences,
plain scalars, quoted scalars on one line, literal and folded block scalars, comments.
For a file that is only that, rapidyaml (a C++ parser) reads the documents into JSON,
read back with orjson, in about a third of the time libyaml and our constructor
(:mod:`catalog_lint.yaml_reader`) take. Its answer is taken only when it is the one the
exact reader gives; in every other case :func:`read_plain` returns ``None`` and the exact
reader reads the file:

- **The text** (:func:`_outside_subset`): no anchor, alias, tag, directive, flow
  collection, escape, tab, carriage return, complex, empty or quoted key, document end
  marker, or character YAML treats specially; every line holding a quote or an
  indicator has one of a few shapes, so that a quoted scalar ends on its line and no
  scalar starts with an indicator; a block scalar has a plain header (``|``, ``|-``,
  ``>``, ``>-``) and plain content (no leading blank line, no line of spaces, no line
  ending in a space, none less indented than the first); no line is indented past a
  quoted scalar (rapidyaml reads such a line as a key; YAML refuses it).
- **The values**: rapidyaml's JSON writes a scalar bare only as a JSON number, ``true``,
  ``false`` or ``null``, which the YAML 1.2 core schema reads alike; every other scalar
  is a string. A string (key or value) that the exact reader would type or count
  otherwise (:data:`catalog_lint.yaml_reader.NOT_PLAIN_STRING`: a core-schema null,
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

from catalog_lint.yaml_reader import NOT_PLAIN_STRING, needs_limit_check

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

# -- the text --------------------------------------------------------------------------

#: Characters that send a file to the exact reader wherever they are: escapes, tabs,
#: carriage returns and characters YAML treats specially.
_DECLINED = re.compile(
    r"[\\\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
#: Flow collections (a list or mapping written inline, "[a, b]"), which the exact reader
#: checks more closely: outside block scalars, whose content is only text.
_FLOW = re.compile(r"[\[{]")
#: At the start of a line: a document marker with something after it, a document end
#: marker, or an empty key.
_LINE_START = r"(?:---[ ]*[^ \n]|\.\.\.|[ -]*:(?![^ \n]))"
_MARKER = re.compile(rf"\n{_LINE_START}")
_FIRST_MARKER = re.compile(_LINE_START)

# A line that holds a quote or an indicator must be one of these shapes: a quoted scalar
# ends on the line it starts on (the exact reader checks the indentation of one that
# does not), and no scalar starts with an indicator (an anchor, alias, tag, directive,
# block scalar, complex key or reserved character). A plain scalar holds no ": " or " #"
# and does not end in ":"; a quote or an indicator inside it is only a character.
_PLAIN = (r"""(?:[^\s\-?:,#'"@`%&*!|>\]}]|-(?=[^\s\-]))"""
          r"[^:#\n]*(?:(?::(?=[^\s])|(?<=[^\s])\#)[^:#\n]*)*")
_VALUE = r"""(?:"[^"\n]*"|'(?:[^'\n]|'')*'|""" + _PLAIN + ")"
_KEY = r"[A-Za-z_$/][A-Za-z0-9_$./\-]*"  # keys as catalogs write them: one word, unquoted
_QUOTED_LINE = re.compile(
    rf"[ ]*(?:(?P<dash>-)[ ]+)*(?:(?P<key>{_KEY}):(?:[ ]+(?P<value>{_VALUE}))?|(?P<item>{_VALUE}))"
    r"(?:[ ]+\#.*)?[ ]*"
    r"|[ ]*\#.*"
)
#: What makes a line need the shapes above.
_MARKED = re.compile(r"['\"@`%&*!|>?\]}]")
_SEPARATOR = re.compile(r"\n---[ ]*(?=\n|\Z)")
_FIRST_SEPARATOR = re.compile(r"---[ ]*(?=\n|\Z)")
_CONTENT = re.compile(r"^([ ]*)[^ #\n]", re.MULTILINE)


def _outside_subset(text: str) -> bool:
    """Whether ``text`` uses anything but the plain part of YAML read here."""
    if _DECLINED.search(text) is not None or needs_limit_check(text):
        return True
    blocks: list[tuple[int, int]] = []  # the content of each block scalar: only text
    quote = _MARKED.search(text)
    while quote is not None:
        begin = text.rfind("\n", 0, quote.start()) + 1
        end = text.find("\n", quote.start())
        if end < 0:
            end = len(text)
        shape = _QUOTED_LINE.fullmatch(text, begin, end)
        if shape is None:
            header = _BLOCK_HEADER.fullmatch(text, begin, end)
            if header is None:
                return True
            if not (header.group("key") or header.group("dash")):
                return True  # a block scalar as a whole document
            parent = (header.start("key") if header.group("key") else header.start("dash")) - begin
            content_end = _block_content(text, end + 1, parent)
            if content_end is None:
                return True
            blocks.append((end + 1, content_end))
            end = content_end
        elif _continued_quote(text, shape, begin, end):
            return True
        quote = _MARKED.search(text, end)
    if blocks:
        pieces, last = [], 0
        for start, stop in blocks:
            pieces.append(text[last:start])
            last = stop
        pieces.append(text[last:])
        text = "\n".join(pieces)  # each block's content as one empty line
    return (_FLOW.search(text) is not None or _MARKER.search(text) is not None
            or _FIRST_MARKER.match(text) is not None)


#: The header of a block scalar read here: literal or folded, clipped or stripped, with
#: the content's indentation left to the first line (no digit), and nothing after it but
#: a comment. A value of a key or a list item.
_BLOCK_HEADER = re.compile(
    rf"[ ]*(?:(?P<dash>-)[ ]+)*(?:(?P<key>{_KEY}):[ ]+)?[|>]-?(?:[ ]+\#.*)?[ ]*"
)


def _block_content(text: str, start: int, parent: int) -> int | None:
    """Where the content of a block scalar whose header ends just before ``start`` ends
    (the start of the first line indented ``parent`` or less, or the end of the text),
    when it is plain: a first line with text right below the header, every other line
    with text indented at least as much, no line of spaces only and no line ending in a
    space, the text ending in a line break. ``None`` when it is not so plain."""
    first = True
    indentation = 0
    position = start
    while position < len(text):
        end = text.find("\n", position)
        if end < 0:
            return None  # the last line has no line break: the exact reader adds one
        line = text[position:end]
        if line:
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if not content or line[-1] == " ":
                return None
            if indent <= parent:
                return None if first else position
            if first:
                indentation, first = indent, False
            elif indent < indentation:
                return None
        elif first:
            return None  # an empty first line: the exact reader checks leading blank lines
        position = end + 1
    return None if first else len(text)


def _continued_quote(text: str, shape: re.Match[str], begin: int, end: int) -> bool:
    """Whether the line ``shape`` matched (from ``begin`` to ``end``) ends in a quoted
    scalar and the next line with content is indented more than the key or item that
    scalar is the value of. YAML refuses that (a quoted scalar cannot go on, nor hold a
    mapping); rapidyaml reads the next line as a key with spaces in it."""
    value = shape.group("value") or shape.group("item")
    if not value or value[0] not in "'\"":
        return False
    if shape.group("key"):
        entry = shape.start("key")
    elif shape.group("dash"):
        entry = shape.start("dash")
    else:  # a quoted scalar that starts its line
        entry = shape.start("item")
    position = end + 1
    while position < len(text):  # blank lines and comments do not count
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = len(text)
        line = text[position:line_end]
        content = line.lstrip(" ")
        if content and content[0] != "#":
            return len(line) - len(content) > entry - begin
        position = line_end + 1
    return False


# -- the values ------------------------------------------------------------------------

#: A JSON string that the exact reader might type as something else: in rapidyaml's JSON
#: output every string (key or value) starts with a quote, and nothing but a string does.
_UNTYPED = re.compile(rf'"(?:{NOT_PLAIN_STRING})"')


#: A key with a space at either end. Every key here is plain (a quoted key is declined
#: with its line), and a plain scalar has none: rapidyaml makes one of a line indented
#: between a list item's dash and its content, which libyaml rightly refuses. (Found by
#: benchmarks/fuzz_fast_reader.py; a value with a space at its start is declined too.)
_SPACED_KEY = re.compile(r'\n *" | ":')


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
    if ryml is None or _outside_subset(text):
        return None
    starts = _document_starts(text)
    if starts is None:
        return None
    emitted = _rapidyaml_json(text)
    if emitted is None or len(emitted) != len(starts):
        return None
    documents: list[FastDocument] = []
    for json, (line, column) in zip(emitted, starts, strict=True):
        if json is None or _UNTYPED.search(json) is not None or _SPACED_KEY.search(json):
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


_saved_stderr: int | None = None


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2 points at the null device meanwhile (rapidyaml writes its errors
    there itself, out of Python's reach); nothing else runs in this process meanwhile."""
    global _saved_stderr
    try:
        if _saved_stderr is None:
            _saved_stderr = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no standard error to silence
        yield
        return
    try:
        os.dup2(null, 2)
        os.close(null)
        yield
    finally:
        os.dup2(_saved_stderr, 2)


def _document_starts(text: str) -> list[tuple[int, int]] | None:
    """Line and column (1-based) of the first content of each document, where libyaml
    puts a document's start; ``None`` when a document has no content (the exact reader
    reports it). Documents are separated by ``---`` lines; what comes before the first
    one is a document only if it has content."""
    regions: list[tuple[int, int]] = []
    begin = 0
    separators = [match.start() + 1 for match in _SEPARATOR.finditer(text)]
    if _FIRST_SEPARATOR.match(text) is not None:
        separators.insert(0, 0)
    for separator in separators:
        regions.append((begin, separator))
        begin = text.find("\n", separator) + 1 or len(text)  # past the "---" line
    regions.append((begin, len(text)))
    starts: list[tuple[int, int]] = []
    line, counted = 1, 0
    for number, (begin, end) in enumerate(regions):
        content = _CONTENT.search(text, begin, end) if begin < end else None
        if content is None:
            if number == 0 and len(regions) > 1:
                continue  # comments or nothing before the first "---"
            return None
        line += text.count("\n", counted, content.start())
        counted = content.start()
        starts.append((line, len(content.group(1)) + 1))
    return starts
