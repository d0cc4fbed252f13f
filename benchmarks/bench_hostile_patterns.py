"""Benchmark: the worst patterns a repository can write, each against the 100 ms target.

A pull request controls CODEOWNERS, Location targets and the config's patterns, so each
of them must match in time linear in the path, whatever it says. Each case below was
minutes (or a hang) when patterns were translated directly into regular expressions;
each is timed here through the code a run uses, parsing and compiling included, best of
``--repeat`` runs:

- CODEOWNERS lines ``*a*a...*ab`` (12 stars) against a name of 40 a's, GitHub and
  GitLab rules, and 200 stars against 4,000; ``**/`` 12 times (GitLab) against a path
  of 30 folders; a 3 MB file of such lines against 1,000 files;
- CODEOWNERS of 20,000 lines that match nothing, analysed as the facts stage does over
  2,000 files (owners, and the lines that never take effect): anchored (``/x1/``),
  floating (``*.zz1``), GitLab's ``/*/x1``, and lines that no index narrows (``*1x*``),
  which stop at the limit of pattern tests;
- a Location glob target of both shapes;
- include / exclude / per-file-ignores patterns (``.gitignore`` syntax) of both shapes;
- 20,000 findings in one 400,000-line file with a suppression comment (each finding
  looked up, not the file rescanned);
- 30,000 retyped values on one line (a flow sequence of numbers where tags are wanted):
  each finding's hint reads its text from the line, a bounded look each.

Usage::

    python benchmarks/bench_hostile_patterns.py
    python benchmarks/bench_hostile_patterns.py --repeat 5
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from catalog_lint.config import Config
from catalog_lint.facts import codeowners as co
from catalog_lint.findings import Problem
from catalog_lint.globs import GitIgnore
from catalog_lint.graph.locations import _glob
from catalog_lint.model import SourceFile
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot

TARGET = 0.100  # seconds
STARS = "*a" * 12 + "b"  # 25 bytes
LONG_STARS = "*a" * 200 + "b"
GLOBSTARS = "**/" * 12 + "x"
NAME = "a" * 40
DEEP = "a/" * 30 + "y"


def codeowners(text: str, forge: str, paths: list[str]) -> Callable[[], object]:
    def case() -> object:
        parsed = co.parse(text, "CODEOWNERS", forge)
        return [parsed.owners_of(p) for p in paths]
    return case


def big_codeowners() -> Callable[[], object]:
    lines = [f"/{i}/{STARS}/ @acme/team{i % 7}" for i in range(100_000)]
    text = "\n".join(lines)[: 3 * 1024 * 1024 - 1]
    files = [f"{i}/{NAME}/x" for i in range(1000)]
    return codeowners(text, "github", files)


def analysed(line: str, forge: str) -> Callable[[], object]:
    """20,000 lines (``line`` with ``{i}`` numbered) over 2,000 files, as the facts
    stage analyses them; ``None`` when the analysis stops at the limit of pattern tests
    (who owns what is then unknown, and a finding says so)."""
    text = "\n".join(line.format(i=i) + " @acme/t" for i in range(20_000))
    tracked = [f"svc/s{i:04d}/catalog-info.yaml" for i in range(2_000)]

    def case() -> object:
        parsed = co.parse(text, "CODEOWNERS", forge)
        try:
            return co.analyse(parsed, tracked)
        except co.TooManyTests:
            return None
    return case


def location(pattern: str, files: list[str]) -> Callable[[], object]:
    return lambda: _glob(files, pattern)


def gitignore(pattern: str, paths: list[str]) -> Callable[[], object]:
    return lambda: [GitIgnore([pattern]).match_file(p) for p in paths]


def suppressions() -> Callable[[], object]:
    lines = ["x: 1"] * 400_000 + ["y: 1  # catalog-lint: disable=duplicate-key"]
    text = "\n".join(lines) + "\n"

    def case() -> object:
        file = SourceFile("big.yaml", "big.yaml", text=text, document_starts=[1])
        run = Run(WorktreeSnapshot(Path(".")), Config(root=Path(".")), RunOptions())
        for number in range(1, 20_001):
            run.emit(Problem("duplicate-key", "again", line=number, column=1), file=file)
        return len(run.findings)
    return case


def one_line_hints(folder: Path) -> Callable[[], object]:
    tags = ",".join(str(i) for i in range(30_000))
    text = ("{apiVersion: backstage.io/v1alpha1, kind: Component, metadata: {name: x, tags: ["
            + tags + "]}, spec: {type: service, lifecycle: production, owner: team}}\n")

    def case() -> object:
        folder.mkdir(exist_ok=True)
        (folder / "catalog-info.yaml").write_text(text, encoding="utf-8")
        run = Run(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
        run.read("catalog-info.yaml")
        assert len(run.findings) == 30_000 and "YAML reads" in run.findings[0].message
        return len(run.findings)
    return case


CASES: list[tuple[str, Callable[[], object], float]] = [
    ("CODEOWNERS GitHub: *a x12 b vs 40 a's", codeowners(f"{STARS} @acme/x", "github", [NAME]),
     TARGET),
    ("CODEOWNERS GitLab: *a x12 b vs 40 a's", codeowners(f"{STARS} @acme/x", "gitlab", [NAME]),
     TARGET),
    ("CODEOWNERS GitHub: *a x200 b vs 4,000 a's",
     codeowners(f"{LONG_STARS} @acme/x", "github", ["a" * 4000]), TARGET),
    ("CODEOWNERS GitLab: **/ x12 vs 30 folders",
     codeowners(f"/{GLOBSTARS} @acme/x", "gitlab", [DEEP]), TARGET),
    ("CODEOWNERS GitHub: 3 MB of *a x12 lines vs 1,000 files", big_codeowners(), 10.0),
    ("CODEOWNERS GitHub: 20,000 lines /x1/ over 2,000 files", analysed("/x{i}/", "github"), 2.0),
    ("CODEOWNERS GitHub: 20,000 lines *.zz1 over 2,000 files", analysed("*.zz{i}", "github"),
     2.0),
    ("CODEOWNERS GitLab: 20,000 lines *.zz1 over 2,000 files", analysed("*.zz{i}", "gitlab"),
     2.0),
    ("CODEOWNERS GitLab: 20,000 lines /*/x1 over 2,000 files", analysed("/*/x{i}", "gitlab"),
     2.0),
    ("CODEOWNERS GitHub: 20,000 lines *1x* (the limit) over 2,000 files",
     analysed("*{i}x*", "github"), 10.0),
    ("Location glob: *a x12 b vs 40 a's", location(STARS, [NAME]), TARGET),
    ("Location glob: **/ x12 vs 30 folders", location(GLOBSTARS, [DEEP]), TARGET),
    ("include pattern: *a x12 b vs 40 a's", gitignore(STARS, [NAME]), TARGET),
    ("include pattern: **/ x12 vs 30 folders", gitignore(GLOBSTARS, [DEEP]), TARGET),
    ("include pattern: /*a/ x30 vs 2,000 folders",
     gitignore("/" + "*a/" * 30 + "x", ["aaaa/" * 2000]), TARGET),
    ("suppressions: 20,000 findings, 400,000-line file", suppressions(), 2.0),
    ("hints: 30,000 retyped values on one 169 KB line",
     one_line_hints(Path(tempfile.mkdtemp(prefix="catalog-lint-hints-"))), 2.0),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'case':66} {'best':>9}  target")
    for name, case, target in CASES:
        times = []
        for _ in range(args.repeat):
            re.purge()  # each repeat compiles its patterns again, as a run does
            started = time.perf_counter()
            case()
            times.append(time.perf_counter() - started)
        best = min(times)
        verdict = "ok" if best <= target else "OVER"
        worst = max(worst, best / target)
        print(f"{name:66} {best * 1000:7.1f} ms  {target * 1000:.0f} ms {verdict}")
    print(f"worst case at {worst:.0%} of its target")


if __name__ == "__main__":
    main()
