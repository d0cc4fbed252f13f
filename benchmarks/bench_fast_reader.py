"""What each step of the fast readers costs per file, against the exact reader, in one
process (docs/performance.md, "The C reader" and "The fast reader").

Usage::

    python benchmarks/bench_fast_reader.py FOLDER        # every .yaml/.yml file below FOLDER
    python benchmarks/bench_fast_reader.py --generate resolvable   # a generated catalog

For the files the fast reader takes (``yaml_fast.read_plain`` gives documents), each step
over every file, best of three passes, the cyclic collector off (as in a run):

- the text check (``yaml_plain_text.outside_subset``) and the document starts;
- rapidyaml's parse and JSON (``yaml_fast._rapidyaml_json``);
- the whole fast read (``read_plain``: the steps above, the value checks and orjson);
- the exact reader (``yaml_reader.parse_stream``: libyaml, the YAML 1.2 constructor, the
  position table, the strict checks);
- composing the position tables of a fast-read file afterwards (``compose_positions``
  and ``place_of``), what a file read fast costs more when a finding needs a line;
- rapidyaml's parse alone, and its tree walked from Python to every key and value (the
  least that positions from its tree would cost: its Python binding has no locations);
- the C reader (``yaml_native.read_positioned``: values and position tables), where it
  is built, on the same files.

To compare with another revision, run this script with that revision's package first on
the path (``git worktree add /tmp/other REV`` then ``PYTHONPATH=/tmp/other python
benchmarks/bench_fast_reader.py FOLDER``).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# last on the path: a revision put first with PYTHONPATH is the one measured
sys.path.append(str(Path(__file__).resolve().parent.parent))


def texts_below(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            try:
                found.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return found


def per_file(step: Callable[[Any], Any], items: list[Any]) -> float:
    """Microseconds a file, best of three passes."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for item in items:
            step(item)
        best = min(best, time.perf_counter() - started)
    return best / len(items) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--generate", help="measure a generated catalog of this kind instead")
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    if (args.folder is None) == (args.generate is None):
        parser.error("give a folder, or --generate KIND")

    from catalog_lint import yaml_fast
    from catalog_lint.yaml_plain_text import document_starts, outside_subset
    from catalog_lint.yaml_positions import place_of
    from catalog_lint.yaml_reader import compose_positions, parse_stream

    if not yaml_fast.AVAILABLE:
        sys.exit("rapidyaml is not installed (pip install 'catalog-lint[fast]')")
    if args.generate:
        from benchmarks.real_catalogs import generate

        folder = Path(tempfile.mkdtemp(prefix="catalog-lint-fast-reader-"))
        try:
            generate(folder, args.generate, args.files)
            texts = texts_below(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        texts = texts_below(args.folder)
    gc.disable()
    taken = [text for text in texts if yaml_fast.read_plain(text) is not None]
    if not taken:
        sys.exit(f"none of the {len(texts)} YAML files is read fast")
    size = sum(map(len, taken)) / len(taken)
    print(f"{len(taken):,} of {len(texts):,} YAML files read fast "
          f"({size:,.0f} characters a file on average); µs a file, best of 3:")

    def composed(text: str) -> list[Any]:
        return [place_of(tree) for tree in compose_positions(text) if tree is not None]

    import ryml

    none = 2**64 - 1  # rapidyaml's "no node"

    def parsed(text: str) -> Any:
        return ryml.parse_in_place(bytearray(text.encode()))

    def walked(text: str) -> int:
        tree = parsed(text)
        seen, pending = 0, [tree.root_id()]
        while pending:
            node = pending.pop()
            if tree.has_key(node):
                tree.key(node)
                seen += 1
            if tree.has_val(node):
                tree.val(node)
                seen += 1
            child = tree.first_child(node)
            while child != none:
                pending.append(child)
                child = tree.next_sibling(child)
        return seen

    try:
        from catalog_lint import yaml_native
    except ImportError:  # a revision before the C reader
        yaml_native = None

    steps: list[tuple[str, Callable[[Any], Any]]] = [
        ("the text check (outside_subset)", outside_subset),
        ("document starts", document_starts),
        ("rapidyaml: parse and JSON", yaml_fast._rapidyaml_json),
        ("fast read, in all (read_plain)", yaml_fast.read_plain),
        ("exact reader (parse_stream)", parse_stream),
        ("positions composed afterwards", composed),
        ("rapidyaml: parse alone", parsed),
        ("rapidyaml: its tree walked from Python", walked),
    ]
    if yaml_native is not None and yaml_native.AVAILABLE:
        steps.append(("C reader, values and positions (read_positioned)", yaml_native.read_positioned))
    results = {name: per_file(step, taken) for name, step in steps}
    for name, value in results.items():
        print(f"| {name} | {value:,.1f} |")
    fast, exact = results["fast read, in all (read_plain)"], results["exact reader (parse_stream)"]
    again = results["positions composed afterwards"]
    print(f"fast / exact: {fast / exact:.2f}; fast with positions composed / exact: "
          f"{(fast + again) / exact:.2f}")
    native = results.get("C reader, values and positions (read_positioned)")
    if native is not None:
        print(f"C reader / exact: {native / exact:.2f}")


if __name__ == "__main__":
    main()
