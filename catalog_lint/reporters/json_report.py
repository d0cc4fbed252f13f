"""``--format json``: the versioned report document (see docs/output-formats.md).

The text is exactly ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)`` and a
line break, but written as a stream by :func:`write`: the standard library's indenting
encoder is pure Python (about 3 s for 50,000 findings), its C encoder (used when there
is no indentation) many times faster. A mapping or list that holds only single values
(every finding, file record, entity summary, scorecard condition) goes through the C
encoder in one call, with separators that carry the line breaks and the indentation;
only the levels above it are laid out here. Findings become dicts one at a time, as
they are written, and the text goes out in pieces: a large report is never in memory
twice.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, TextIO

from catalog_lint.report import FindingDicts, Report

_INDENT = "  "
#: Pieces gathered before they are written out.
_BATCH = 4096


def render(report: Report, *, color: bool = False) -> str:
    handle = io.StringIO()
    write(report, handle)
    return handle.getvalue()


def write(report: Report, handle: TextIO, *, color: bool = False) -> None:
    """Write the report to ``handle``, piece by piece."""
    out: list[str] = []
    _write(report.to_dict(lazy=True), 0, out, _flusher(out, handle.write))
    out.append("\n")
    handle.write("".join(out))


def chunks(value: Any) -> list[str]:
    """The pieces of ``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``."""
    out: list[str] = []
    _write(value, 0, out, lambda: None)
    out.append("\n")
    return out


def _flusher(out: list[str], emit: Callable[[str], Any]) -> Callable[[], None]:
    def flush() -> None:
        if len(out) >= _BATCH:
            emit("".join(out))
            out.clear()

    return flush


_SINGLE = frozenset({str, int, float, bool, type(None)})
_STRING = frozenset({str})


def _write(value: Any, level: int, out: list[str], flush: Callable[[], None]) -> None:
    if value.__class__ is dict or isinstance(value, dict):
        if not value:
            out.append("{}")
        elif not _STRING.issuperset(map(type, value)):
            out.append(_standard(value, level))  # keys json converts (numbers, None): its way
        elif _SINGLE.issuperset(map(type, value.values())):
            out.append(_flat(value, "{", "}", level))
        else:
            inner = _INDENT * (level + 1)
            separator = "{\n"
            for key, item in value.items():
                single = _single(item)
                if single is None:
                    out.append(f"{separator}{inner}{_ENCODE_STRING(key)}: ")
                    _write(item, level + 1, out, flush)
                else:
                    out.append(f"{separator}{inner}{_ENCODE_STRING(key)}: {single}")
                separator = ",\n"
            out.append("\n" + _INDENT * level + "}")
    elif isinstance(value, FindingDicts):
        _write_findings(value, level, out, flush)
    elif isinstance(value, (list, tuple)):
        if not len(value):
            out.append("[]")
        elif _SINGLE.issuperset(map(type, value)):
            out.append(_flat(value, "[", "]", level))
        else:
            inner = _INDENT * (level + 1)
            separator = "[\n"
            for item in value:
                single = _single(item)
                if single is None:
                    out.append(separator + inner)
                    _write(item, level + 1, out, flush)
                else:
                    out.append(separator + inner + single)
                separator = ",\n"
                if len(out) >= _BATCH:
                    flush()
            out.append("\n" + _INDENT * level + "]")
    else:
        out.append(_standard(value, level))


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


def _write_findings(findings: FindingDicts, level: int, out: list[str],
                    flush: Callable[[], None]) -> None:
    """The findings list: tens of thousands of flat dicts, each made and written in turn."""
    if not len(findings):
        out.append("[]")
        return
    inner = _INDENT * (level + 1)
    item_inner = "\n" + _INDENT * (level + 2)
    closing = "\n" + inner + "}"
    encode = _flat_encoder(level + 1)
    separator = "[\n" + inner
    for finding in findings:
        if _SINGLE.issuperset(map(type, finding.values())):
            text = "".join(encode(finding, 0))
            out.append(f"{separator}{{{item_inner}{text[1:-1]}{closing}")
        else:  # a field that is not a single value: the general way
            out.append(separator)
            _write(finding, level + 1, out, flush)
        separator = ",\n" + inner
        if len(out) >= _BATCH:
            flush()
    out.append("\n" + _INDENT * level + "]")


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
