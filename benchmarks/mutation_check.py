"""Mutation check of one module: how many small bugs planted in it do its tests catch?

Wraps mutmut (3.x, in the ``dev`` extra). mutmut rewrites every function of the module
into many mutants (``<`` made ``<=``, ``and`` made ``or``, a constant changed, a string
altered, a call's argument dropped, ...) and runs, for each mutant, the tests that reach
the function. A mutant is *killed* when a test fails, *survives* when every test passes.

Usage::

    python benchmarks/mutation_check.py catalog_lint/refs.py tests/core tests/graph
    python benchmarks/mutation_check.py catalog_lint.backstage_formats tests/rules --show

``MODULE`` is a file under ``catalog_lint/`` or its dotted name; ``TEST_PATHS`` are the
pytest paths to run (default: ``tests``; the module's own test folders keep it to
minutes). The project is copied into a work folder (``catalog-lint-mutation/<module>``
under the system's temporary folder by default: outside the git work tree, where the
tests expect their example folders to be) with a ``[tool.mutmut]`` table for this
module, so the repository's own ``pyproject.toml`` needs none and nothing in the
worktree changes.
``--show`` prints the diff of every surviving mutant; afterwards ``mutmut browse`` and
``mutmut show NAME``, run from the work folder, look at them in detail.

Prints how many mutants the tests caught (killed, or made the tests time out) of how
many, and the survivors' names; exits 0. It takes minutes of CPU: it is
a tool for whoever changes the module and its tests, not a CI step.
See docs/mutation-testing.md for the figures and the survivors judged equivalent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The file that marks a work folder as this script's, safe to empty on the next run.
MARKER = ".catalog-lint-mutation"
#: A ``[tool.mutmut]`` table: its header and the lines up to the next table.
_MUTMUT_TABLE = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n?)*", re.MULTILINE)
#: What the tests need besides the package and the tests themselves.
PROJECT_PARTS = ("catalog_lint", "tests", "benchmarks", "blueprints", "examples", "pyproject.toml",
                 "README.md", "LICENSE", "action.yml", ".pre-commit-hooks.yaml", "docs")


def module_path(module: str) -> Path:
    """``catalog_lint.refs`` or ``catalog_lint/refs.py`` -> ``catalog_lint/refs.py``."""
    path = Path(module) if module.endswith(".py") else Path(*module.split(".")).with_suffix(".py")
    if path.is_absolute():
        path = path.resolve().relative_to(ROOT)
    if not (ROOT / path).is_file() or path.parts[0] != "catalog_lint":
        raise SystemExit(f"mutation_check: {module}: not a module of catalog_lint/")
    return path


def mutmut_section(module: Path, test_paths: list[str]) -> str:
    """The ``[tool.mutmut]`` table for one module and its tests."""
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["catalog_lint"]\n'
        f"only_mutate = {toml_list([module.as_posix()])}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(test_paths)}\n"
        # "-n 0": in this process, not in xdist's workers (the project's addopts ask for
        # them), or mutmut's hooks see no test run
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-n", "0"]\n'
        # Each mutant's tests run in a process forked from a server that has collected
        # the tests but run none: forked from mutmut's own process, which ran them all,
        # the lru_caches of the module would answer for the mutant.
        'process_isolation = "forkserver"\n'
        f"also_copy = {toml_list([part for part in PROJECT_PARTS if part != 'catalog_lint'])}\n"
    )


def prepare(workdir: Path, module: Path, test_paths: list[str]) -> None:
    """A fresh copy of the project in ``workdir``, configured for this module."""
    if workdir == ROOT or ROOT in workdir.parents:
        raise SystemExit(f"mutation_check: {workdir}: choose a work folder outside the "
                         "repository (the tests expect their example folders outside a git work tree)")
    if workdir.exists():
        if any(workdir.iterdir()) and not (workdir / MARKER).exists():
            raise SystemExit(f"mutation_check: {workdir} exists and is not a work folder of "
                             "this script; choose another --workdir")
        shutil.rmtree(workdir)  # only what an earlier run of this script made
    workdir.mkdir(parents=True)
    (workdir / MARKER).write_text("made by benchmarks/mutation_check.py\n", encoding="utf-8")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".data", "mutants", "node_modules")
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, workdir / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, workdir / part)
    pyproject = workdir / "pyproject.toml"
    # this run's table replaces any the project has (a copy's, when run from a work folder)
    text = _MUTMUT_TABLE.sub("", pyproject.read_text(encoding="utf-8"))
    pyproject.write_text(text + mutmut_section(module, test_paths), encoding="utf-8")


def mutmut(workdir: Path, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mutmut", *args], cwd=workdir, check=False, text=True,
        stdout=subprocess.PIPE if capture else None,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if result.returncode != 0:
        raise SystemExit(f"mutation_check: mutmut {' '.join(args)} failed (exit {result.returncode})")
    return result.stdout or ""


def survivors(workdir: Path) -> list[str]:
    """Names of the mutants no test caught (``mutmut results`` lists the others than
    killed; a timeout counts as caught), with the status when it is not "survived"."""
    names = []
    for line in mutmut(workdir, "results", capture=True).splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and status != "timeout":
            names.append(name if status == "survived" else f"{name} ({status})")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="catalog_lint/refs.py or catalog_lint.refs")
    parser.add_argument("test_paths", nargs="*", default=["tests"],
                        help="pytest paths to run against the mutants (default: tests)")
    parser.add_argument("--workdir", type=Path,
                        help="where to copy the project, outside any git work tree "
                        "(default: <temporary folder>/catalog-lint-mutation/<module>)")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1,
                        help="mutants tested in parallel (default: one per core)")
    parser.add_argument("--show", action="store_true", help="print the diff of every survivor")
    args = parser.parse_args(argv)

    module = module_path(args.module)
    for test_path in args.test_paths:
        if not (ROOT / test_path).exists():
            raise SystemExit(f"mutation_check: {test_path}: no such test path")
    dotted = ".".join(module.with_suffix("").parts)
    workdir = (args.workdir or Path(tempfile.gettempdir()) / "catalog-lint-mutation" / dotted).resolve()

    prepare(workdir, module, args.test_paths)
    mutmut(workdir, "run", "--max-children", str(args.max_children))
    mutmut(workdir, "export-cicd-stats", capture=True)
    stats = json.loads((workdir / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    left = survivors(workdir)
    if args.show:
        for name in left:
            print(mutmut(workdir, "show", name.split(" ")[0], capture=True))
    # A mutant that makes the tests hang is caught as surely as one that fails them.
    total, caught = stats["total"], stats["killed"] + stats["timeout"]
    print(f"\n{module.as_posix()} against {' '.join(args.test_paths)}:")
    print(f"  caught {caught} of {total} mutants ({100 * caught / max(total, 1):.1f}%): "
          f"killed {stats['killed']}, timed out {stats['timeout']}; survived {stats['survived']}, "
          f"no tests {stats['no_tests']}, suspicious {stats['suspicious']}")
    for name in left:
        print(f"  {name}")
    print(f"  work folder: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
