"""``--format json``: the versioned report document (see docs/output-formats.md).

The text is ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)`` and a line
break, but written as a stream by :func:`write`: the standard library's indenting
encoder is pure Python (about 3 s for 50,000 findings). Below the top level, each
section is written by orjson with the same layout (:func:`_native`), and the findings a
thousand at a time, each finding made a dict only as its batch is written: a large
report is never in memory twice. Two differences, both in numbers: orjson writes a
float below 0.0001 in plain decimal (``0.00001``, the same number), and NaN and the
infinities, which JSON has no word for, as ``null`` (the scores, the one place such a
number could come from, hold ``null`` already). What orjson cannot write (a key that is
not a string, an integer beyond 64 bits) and containers of more than a few hundred items
are laid out here, a container of single values at a time by the standard library's C
encoder."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable
from typing import Any, TextIO

from catalog_lint.report import LazyDicts, Report

_INDENT = "  "
#: Pieces gathered before they are written out.
_BATCH = 4096


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
    """The pieces of ``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``."""
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


_SINGLE = frozenset({str, int, float, bool, type(None)})
_STRING = frozenset({str})


def _write(value: Any, level: int, out: list[bytes], flush: Callable[..., None]) -> None:
    if level and value.__class__ in _NATIVE and _small(value):
        text = _native(value, level)
        if text is not None:
            out.append(text)
            return
    if value.__class__ is dict or isinstance(value, dict):
        if not value:
            out.append(b"{}")
        elif not _STRING.issuperset(map(type, value)):
            out.append(_standard(value, level).encode())  # keys json converts (numbers, None): its way
        elif _SINGLE.issuperset(map(type, value.values())):
            out.append(_flat(value, "{", "}", level).encode())
        else:
            inner = _INDENT * (level + 1)
            separator = "{\n"
            for key, item in value.items():
                single = _single(item)
                if single is None:
                    out.append((f"{separator}{inner}{_ENCODE_STRING(key)}: ").encode())
                    _write(item, level + 1, out, flush)
                else:
                    out.append((f"{separator}{inner}{_ENCODE_STRING(key)}: {single}").encode())
                separator = ",\n"
            out.append(("\n" + _INDENT * level + "}").encode())
    elif isinstance(value, LazyDicts):
        _write_lazy(value, level, out, flush)
    elif isinstance(value, (list, tuple)):
        if not len(value):
            out.append(b"[]")
        elif _SINGLE.issuperset(map(type, value)):
            out.append(_flat(value, "[", "]", level).encode())
        else:
            inner = _INDENT * (level + 1)
            separator = "[\n"
            for item in value:
                single = _single(item)
                if single is None:
                    out.append((separator + inner).encode())
                    _write(item, level + 1, out, flush)
                else:
                    out.append((separator + inner + single).encode())
                separator = ",\n"
                if len(out) >= _BATCH:
                    flush()
            out.append(("\n" + _INDENT * level + "]").encode())
    else:
        out.append(_standard(value, level).encode())


#: Containers orjson writes whole (when it can: see :func:`_native`).
_NATIVE = frozenset({dict, list, tuple})
#: More items than this, here or in a child: written a piece at a time (a 10,000-entity
#: scores section is 170 MB of text: never all in memory, let alone three times).
_NATIVE_ITEMS = 256


def _small(value: dict[Any, Any] | list[Any] | tuple[Any, ...]) -> bool:
    if len(value) > _NATIVE_ITEMS:
        return False
    children = value.values() if value.__class__ is dict else value
    return not any(child.__class__ in _NATIVE and len(child) > _NATIVE_ITEMS
                   for child in children)


def _native(value: Any, level: int) -> bytes | None:
    """``value`` indented at ``level`` by orjson (ten times as fast as the C encoder
    driven from here), or None when orjson cannot write it as the standard library
    would lay it out: a key that is not a string, an integer beyond 64 bits."""
    import orjson

    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    # orjson writes a line break inside a string as \n: every raw one is layout
    return text.replace(b"\n", ("\n" + _INDENT * level).encode()) if level else text


def _single(value: Any) -> str | None:
    """The text of a string, an integer, a boolean or null; None for anything else."""
    kind = value.__class__
    if kind is str:
        return _ENCODE_STRING(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return None


def _write_lazy(items: LazyDicts, level: int, out: list[bytes],
                flush: Callable[..., None]) -> None:
    """The findings or the entities: tens of thousands of dicts, made a batch at a
    time, each batch written by orjson (or, when it cannot, one item at a time the
    general way)."""
    if not len(items):
        out.append(b"[]")
        return
    opened = False
    batch: list[dict[str, object]] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH_ITEMS:
            _write_batch(batch, level, out, opened)
            opened = True
            batch = []
            flush(now=True)  # a batch is a few hundred kilobytes
    if batch:
        _write_batch(batch, level, out, opened)
    out.append(("\n" + _INDENT * level + "]").encode())


#: Findings or entities made dicts and written together.
_BATCH_ITEMS = 1000


def _write_batch(batch: list[dict[str, object]], level: int, out: list[bytes],
                 opened: bool) -> None:
    """Some dicts as items of the list (opened already when ``opened``)."""
    text = _native(batch, level)
    if text is not None:  # the items, without the brackets
        out.append((b"," if opened else b"[") + text[1:-(len(_INDENT) * level + 2)])
        return
    separator = ",\n" if opened else "[\n"
    inner = _INDENT * (level + 1)
    for finding in batch:
        out.append((separator + inner).encode())
        _write(finding, level + 1, out, _keep)
        separator = ",\n"


def _flat(value: dict[str, Any] | list[Any] | tuple[Any, ...], opening: str, closing: str,
          level: int) -> str:
    """A non-empty container of single values (str, int, float, bool, None), indented,
    by the C encoder: the separator between items carries the line break and the
    indentation."""
    text = "".join(_flat_encoder(level)(value, 0))
    inner = "\n" + _INDENT * (level + 1)
    return opening + inner + text[1:-1] + "\n" + _INDENT * level + closing


_ENCODERS: dict[int, Any] = {}


def _flat_encoder(level: int) -> Any:
    encoder = _ENCODERS.get(level)
    if encoder is None:
        separators = (",\n" + _INDENT * (level + 1), ": ")
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is None:  # pragma: no cover - a Python without json's C speedups
            plain = json.JSONEncoder(ensure_ascii=False, separators=separators)
            encoder = lambda value, _level: plain.iterencode(value)  # noqa: E731
        else:
            encoder = make(None, _refuse, _ENCODE_STRING, None, separators[1], separators[0],
                           False, False, True)
        _ENCODERS[level] = encoder
    return encoder


def _refuse(value: Any) -> Any:  # pragma: no cover - only single values reach the encoder
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _standard(value: Any, level: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + _INDENT * level) if level else text


_ENCODE_STRING = json.encoder.encode_basestring
