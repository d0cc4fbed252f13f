"""Benchmark: the cost of each document rule, against parsing the same files.

Generates the entity files of ``bench_validate.py``, reads them once, then times every
document rule's ``check`` on every Backstage document, in-process (best of N), and
prints microseconds per document and the total as a ratio to parsing alone.

Usage::

    python benchmarks/bench_backstage_rules.py [--files 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_validate

from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions, resolve_targets
from catalog_lint.rules.base import DocumentContext
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_reader import parse_stream


def best(function: Callable[[], object], repeat: int) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_validate.generate(folder, args.files)
        snapshot = WorktreeSnapshot(folder)
        config = Config(root=folder)
        targets = resolve_targets(snapshot, config, [])
        texts = [(folder / target).read_text(encoding="utf-8") for target in targets]
        state = Run(snapshot, config, RunOptions())
        for target in targets:
            state.read(target)
    contexts = [DocumentContext(doc, state.blueprints) for doc in state.documents
                if doc.dialect == "backstage"]
    parse = best(lambda: [parse_stream(text) for text in texts], max(2, args.repeat // 2))
    print(f"{len(texts)} files, {len(contexts)} Backstage documents; parsing: "
          f"{parse / len(contexts) * 1e6:.1f} us per document")
    total = 0.0
    for loaded in state.document_rules:
        if loaded.rule.dialects and "backstage" not in loaded.rule.dialects:
            continue
        check = loaded.check
        assert check is not None
        elapsed = best(lambda check=check: [list(check(c)) for c in contexts], args.repeat)
        total += elapsed
        print(f"  {loaded.rule.id:24s} {elapsed / len(contexts) * 1e6:6.2f} us per document")
    print(f"all Backstage document rules: {total / len(contexts) * 1e6:.1f} us per document, "
          f"{total / parse:.2f} x parsing")


if __name__ == "__main__":
    main()
