"""How fast a candidate YAML parser reads a catalog, against PyYAML's C loader.

Not a dependency of catalog-lint: a measurement for deciding whether one is worth the
differential test a switch needs (docs/performance.md, "Real catalogs"). Install the
candidate first (``pip install rapidyaml``); without it the script says so and stops.

Usage::

    python benchmarks/parser_candidates.py FOLDER        # every .yaml file below FOLDER

Measured, each over every file, twice (the best of the two is printed):

- PyYAML's C loader (``yaml.load_all(..., CSafeLoader)``): the parse floor of the other
  benchmarks;
- catalog-lint's own reader (``catalog_lint.yaml_reader.parse_stream``: the same libyaml
  parser, YAML 1.2 values, positions recorded, the strict checks);
- rapidyaml: parsing alone (``ryml.parse_in_place``), and parsing, emitting JSON and
  reading it with orjson (Python dicts and lists, as the C loader gives);
- how many files give the same documents as catalog-lint's own reader (YAML 1.2, numbers
  as JavaScript reads them), a broken file counting as the same when both refuse it
  (what differs is printed, a few files).

rapidyaml's Python API gives no node positions; but ``parse_in_place`` leaves keys and
values as slices of the source buffer, so a slice's offset in the buffer is its place
in the file (shown for the first file's top-level keys).
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        import ryml  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("rapidyaml is not installed: pip install rapidyaml")
    import orjson
    import yaml

    texts = [path.read_bytes() for path in sorted(Path(sys.argv[1]).rglob("*.yaml"))]
    print(f"{len(texts):,} files")

    def floor() -> list[Any]:
        found = []
        for text in texts:
            try:
                found.append(list(yaml.load_all(text, Loader=yaml.CSafeLoader)))
            except yaml.YAMLError:
                found.append("error")
        return found

    def parse_only() -> None:
        for text in texts:
            try:
                ryml.parse_in_place(bytearray(text))
            except Exception:  # a broken file: the parser said so
                continue

    def to_json() -> list[Any]:
        found = []
        for text in texts:
            buffer = bytearray(text)  # the tree's strings point into it: keep it alive
            try:
                tree = ryml.parse_in_place(buffer)
                root = tree.root_id()
                documents = list(ryml.children(tree, root)) if tree.is_stream(root) else [root]
                found.append([orjson.loads(ryml.emit_json_malloc(tree, document))
                              for document in documents])
            except Exception:  # a candidate's failure is a figure here
                found.append("error")
        return found

    def ours() -> list[Any]:
        return [_ours(text) for text in texts]

    results: dict[str, Any] = {}
    quiet = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(2)  # rapidyaml prints each parse error on the process's stderr
    for name, work in [("PyYAML CSafeLoader", floor), ("catalog-lint's reader", ours),
                       ("rapidyaml, parse only", parse_only),
                       ("rapidyaml, parse + JSON + orjson", to_json)]:
        best = float("inf")
        for _ in range(2):
            os.dup2(quiet, 2)
            try:
                start = time.perf_counter()
                results[name] = work()
                best = min(best, time.perf_counter() - start)
            finally:
                os.dup2(saved, 2)
        print(f"{name:35s} {best:6.2f} s")
    same = [a == b for a, b in zip(results["catalog-lint's reader"],
                                   results["rapidyaml, parse + JSON + orjson"],
                                   strict=True)]
    print(f"same data as catalog-lint's reader: {sum(same):,} of {len(same):,} files")
    for index in [i for i, ok in enumerate(same) if not ok][:3]:
        print(f"  differs: {texts[index][:60]!r}...")
    if texts:
        show_offsets(ryml, texts[0])


def _ours(text: bytes) -> Any:
    """What catalog-lint's reader makes of ``text`` (YAML 1.2, numbers as JavaScript
    reads them): its documents' data, or "error" when it reports a syntax problem."""
    from catalog_lint.yaml_reader import parse_stream

    stream = parse_stream(text.decode("utf-8", "replace"))
    return "error" if stream.problems else [document.data for document in stream.documents]


def show_offsets(ryml: Any, text: bytes) -> None:
    buffer = bytearray(text)
    tree = ryml.parse_in_place(buffer)
    base = _address(memoryview(buffer))
    for child in ryml.children(tree, tree.root_id()):
        if tree.has_key(child):
            offset = _address(tree.key(child)) - base
            line = buffer.count(b"\n", 0, offset) + 1
            column = offset - (buffer.rfind(b"\n", 0, offset) + 1) + 1
            print(f"  key {bytes(tree.key(child)).decode()!r} at line {line}, column {column}")


class _Buffer(ctypes.Structure):
    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.py_object),
                ("len", ctypes.c_ssize_t), ("itemsize", ctypes.c_ssize_t),
                ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p), ("suboffsets", ctypes.c_void_p),
                ("internal", ctypes.c_void_p)]


def _address(view: Any) -> int:
    """Where a buffer's bytes start in memory (through the buffer protocol)."""
    buffer = _Buffer()
    ctypes.pythonapi.PyObject_GetBuffer(ctypes.py_object(view), ctypes.byref(buffer), 0)
    try:
        return int(buffer.buf or 0)
    finally:
        ctypes.pythonapi.PyBuffer_Release(ctypes.byref(buffer))


if __name__ == "__main__":
    main()
