"""``--format json``: the versioned report document (see docs/output-formats.md).

The layout: the top-level value is at depth 0, and a member of a container at depth d
is at depth d + 1. A container (object or array; a tuple is an array) at depth 0, 1 or
2 has one member per line, indented two spaces per level, ``": "`` after each key, and
an empty one is ``{}`` or ``[]``; a container at depth 3 or deeper is written on one
line, as ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` writes it.
The report ends with a line break. So a finding (depth 2) has a key per line and its
``fix`` (depth 3) is one line; an entity of the scores section (depth 3) is one line:
its nested scorecards, rules and conditions, once indented to ten levels, were six
tenths of a large report's bytes.

:func:`write` writes it as a stream, never the whole report in memory: the findings
and entity summaries (depth 2) a thousand at a time, each made a dict only as its
batch is written, laid out by one call of orjson's indenting writer, their depth-3
members given to it already written (:class:`orjson.Fragment`); the members of a
depth-2 container a thousand at a time, each written by orjson, joined with the line
breaks between them. Two differences from the standard library, both in numbers:
orjson writes a float below 0.0001 in plain decimal (``0.00001``, the same number),
and NaN and the infinities, which JSON has no word for, as ``null`` (the scores, the
one place such a number could come from, hold ``null`` already). What orjson cannot
write (a key that is not a string, an integer beyond 64 bits) is written here the
standard library's way: such a key as ``json.dumps`` converts it, compact at depth 3
and deeper."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice, repeat
from typing import Any, TextIO

import orjson

from catalog_lint.report import LazyDicts, Report

#: The first depth written on one line.
COMPACT_DEPTH = 3
_INDENT = b"  "
#: Pieces gathered before they are written out.
_BATCH = 4096
#: Members of a large container written together (a batch of findings is a few hundred
#: kilobytes, of scores entities a few megabytes).
_BATCH_ITEMS = 1000

_dumps = orjson.dumps
_Fragment = orjson.Fragment
_ENCODE_STRING = json.encoder.encode_basestring


def render(report: Report, *, color: bool = False) -> str:
    handle = io.StringIO()
    write(report, handle)
    return handle.getvalue()


def write(report: Report, handle: TextIO, *, color: bool = False) -> None:
    """Write the report to ``handle``, piece by piece. The pieces are UTF-8 bytes (what
    orjson makes): a UTF-8 file takes them as they are, without the decoding and
    encoding again of a text stream (a tenth of writing a report of 100 MB)."""
    emit: Callable[[bytes], Any]
    if isinstance(handle, io.TextIOWrapper) and codecs.lookup(handle.encoding).name == "utf-8":
        handle.flush()
        emit = handle.buffer.write
    else:
        def emit(piece: bytes) -> Any:
            return handle.write(piece.decode())
    out: list[bytes] = []
    _write(report.to_dict(lazy=True), 0, out, _flusher(out, emit))
    out.append(b"\n")
    emit(b"".join(out))


def chunks(value: Any) -> list[str]:
    """The pieces of ``value`` in the report's layout, and a line break."""
    out: list[bytes] = []
    _write(value, 0, out, _keep)
    out.append(b"\n")
    return [piece.decode() for piece in out]


def _keep(now: bool = False) -> None:
    """No flushing: everything stays in the list of pieces."""


def _flusher(out: list[bytes], emit: Callable[[bytes], Any]) -> Callable[..., None]:
    def flush(now: bool = False) -> None:
        if now or len(out) >= _BATCH:
            emit(b"".join(out))
            out.clear()

    return flush


#: Written as they are on one line (a Fragment: a member already written compact).
_SINGLE = frozenset({str, int, float, bool, type(None), _Fragment})
_STRING = frozenset({str})
_ARRAYS = (list, tuple, LazyDicts)
_CONTAINERS = (dict, list, tuple, LazyDicts)


def _write(value: Any, level: int, out: list[bytes], flush: Callable[..., None]) -> None:
    """``value`` at depth ``level``: laid out one member per line above
    :data:`COMPACT_DEPTH`, on one line from there on."""
    if level >= COMPACT_DEPTH or value.__class__ in _SINGLE:
        out.append(_compact(value))
    elif isinstance(value, dict):
        if not value:
            out.append(b"{}")
        elif level == COMPACT_DEPTH - 1:
            _write_compact_members(value, level, out, flush)
        else:
            inner = b"\n" + _INDENT * (level + 1)
            separator = b"{" + inner
            for key, item in value.items():
                out.append(separator + _key_text(key) + b": ")
                _write(item, level + 1, out, flush)
                separator = b"," + inner
            out.append(b"\n" + _INDENT * level + b"}")
    elif isinstance(value, _ARRAYS):
        if not len(value):
            out.append(b"[]")
        elif level == COMPACT_DEPTH - 1:
            _write_compact_items(value, level, out, flush)
        elif level == COMPACT_DEPTH - 2:
            _write_rows(value, out, flush)
        else:
            inner = b"\n" + _INDENT * (level + 1)
            separator = b"[" + inner
            for item in value:
                out.append(separator)
                _write(item, level + 1, out, flush)
                separator = b"," + inner
            out.append(b"\n" + _INDENT * level + b"]")
    else:  # a subclass of str, int or float: orjson writes it, or says why not
        out.append(_compact(value))


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, _BATCH_ITEMS)):
        yield batch


def _write_compact_items(items: Iterable[Any], level: int, out: list[bytes],
                         flush: Callable[..., None]) -> None:
    """An array at depth 2 (the scores' entities): each item on a line of its own, a
    batch of items written by orjson one after another without a Python call each."""
    inner = b"\n" + _INDENT * (level + 1)
    between = b"," + inner
    opening = b"[" + inner
    for batch in _batches(items):
        text = between.join(_compact_each(batch))
        out.append(opening + text)
        opening = between
        flush(now=len(batch) == _BATCH_ITEMS)
    out.append(b"\n" + _INDENT * level + b"]")


def _write_compact_members(value: dict[Any, Any], level: int, out: list[bytes],
                           flush: Callable[..., None]) -> None:
    """An object at depth 2 (the facts' entities): each member on a line of its own."""
    inner = b"\n" + _INDENT * (level + 1)
    between = b"," + inner
    opening = b"{" + inner
    strings = _STRING.issuperset(map(type, value))  # orjson writes the keys as they are
    for batch in _batches(value.items()):
        keys, members = zip(*batch, strict=True)
        names = _compact_each(keys) if strings else list(map(_key_text, keys))
        text = between.join(map(b": ".join, zip(names, _compact_each(members), strict=True)))
        out.append(opening + text)
        opening = between
        flush(now=len(batch) == _BATCH_ITEMS)
    out.append(b"\n" + _INDENT * level + b"}")


#: What orjson's indenting writer puts around the items of ``[items]``: the items come
#: out at depth 2's indentation, as the rows of a depth-1 array need.
_ROWS_HEAD = len(b"[\n  [")
_ROWS_TAIL = len(b"\n  ]\n]")


def _write_rows(items: Iterable[Any], out: list[bytes], flush: Callable[..., None]) -> None:
    """An array at depth 1 (the files, findings and entities): a batch of rows laid out
    by one call of orjson's indenting writer, their depth-3 members written first (or,
    when orjson cannot write a batch, one row at a time the general way)."""
    opening = b"["
    nested = items.nested if isinstance(items, LazyDicts) else None
    for batch in _batches(items):
        if nested is not None:  # dicts made for this batch alone, single values elsewhere
            _write_nested(batch, nested)
        try:
            text = _dumps([batch if nested is not None else _rows(batch)],
                          option=orjson.OPT_INDENT_2)
        except TypeError:
            between = b"\n" + _INDENT * 2
            for row in batch:
                out.append(opening + between)
                _write(row, 2, out, _keep)
                opening = b","
        else:
            out.append(opening + text[_ROWS_HEAD:-_ROWS_TAIL])
            opening = b","
        flush(now=len(batch) == _BATCH_ITEMS)
    out.append(b"\n" + _INDENT + b"]")


def _write_nested(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """In rows that a :class:`LazyDicts` just made (no one else holds them), each
    container under one of ``keys`` (its ``nested``) replaced by its compact text, one
    orjson call a key: the rows then hold single values only, as they are written
    (copying each entity summary for its relations, and looking at every value of every
    row for a container, were a third of writing a large report's rows)."""
    for key in keys:
        holders = [row for row in rows if isinstance(row.get(key), _CONTAINERS)]
        texts = _compact_each([row[key] for row in holders])
        for row, text in zip(holders, texts, strict=True):
            row[key] = _Fragment(text)


def _rows(batch: list[Any]) -> list[Any]:
    """The rows with each member that is a container (at depth 3) replaced by its
    compact text. Which rows have one is found out without a Python call per row: most
    have none (a finding without a fix, a file record)."""
    try:
        single = _flat_rows(batch)
    except TypeError:  # a row that is not a dict
        single = [False] * len(batch)
    if all(single):
        return batch
    rows: list[Any] = []
    places: list[tuple[Any, Any]] = []  # (a row's copy, key or index) of each container
    containers: list[Any] = []
    for row, plain in zip(batch, single, strict=True):
        if plain or not isinstance(row, (dict, *_ARRAYS)):
            rows.append(row)
            continue
        copy = dict(row) if isinstance(row, dict) else list(row)
        for key, member in (row.items() if isinstance(row, dict) else enumerate(copy)):
            if member.__class__ not in _SINGLE and isinstance(member, _CONTAINERS):
                places.append((copy, key))
                containers.append(member)
        rows.append(copy)
    for (copy, key), text in zip(places, _compact_each(containers), strict=True):
        copy[key] = _Fragment(text)
    return rows


def _flat_rows(batch: list[Any]) -> list[bool]:
    """For each row (a dict), whether every value is a single value: the same as
    ``[_SINGLE.issuperset(map(type, row.values())) for row in batch]``, built from
    ``map`` alone so that no Python frame runs per row."""
    value_types = map(map, repeat(type), map(dict.values, batch))
    return list(map(_SINGLE.issuperset, value_types))


#: A string no report holds, put between the values of a batch that one orjson call
#: writes: its text then says where each value ends. One call per value would cost a
#: microsecond more each (orjson's output buffer, kept until the batch is written).
_MARK = "\x00\x01"
_MARK_TEXT = b',"\\u0000\\u0001",'


def _compact_each(values: Any) -> list[bytes]:
    """The compact text of each value."""
    if not values:
        return []
    try:
        text = _dumps(list(chain.from_iterable(zip(values, repeat(_MARK)))))
    except TypeError:
        return list(map(_compact, values))
    parts = text[1:-len(_MARK_TEXT)].split(_MARK_TEXT)
    # each mark is found where it was put (a value's text cannot end in a part of one);
    # one more means a value holds the mark's text: then each value on its own
    return parts if len(parts) == len(values) else list(map(_compact, values))


def _compact(value: Any) -> bytes:
    """``value`` on one line: by orjson, or when it cannot, the standard library's way
    around what it cannot write."""
    try:
        return _dumps(value)
    except TypeError:
        return _compact_standard(value)


def _compact_standard(value: Any) -> bytes:
    if isinstance(value, dict):
        return b"{" + b",".join(_key_text(key) + b":" + _compact(member)
                                for key, member in value.items()) + b"}"
    if isinstance(value, _ARRAYS):
        return b"[" + b",".join(map(_compact, value)) + b"]"
    if isinstance(value, int) and not isinstance(value, bool):  # beyond 64 bits
        return int.__repr__(value).encode()
    # what JSON has no form for: the standard library's error
    return json.dumps(value, ensure_ascii=False).encode()


def _key_text(key: Any) -> bytes:
    """A key as the standard library writes it: a string as it is; a number, a boolean
    or null as its JSON text, quoted."""
    if isinstance(key, str):
        return _ENCODE_STRING(key).encode()
    if key is None or isinstance(key, (int, float)):
        return _ENCODE_STRING(json.dumps(key)).encode()
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
