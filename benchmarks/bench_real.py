"""Benchmark: catalog-lint on catalogs shaped like real ones, against its baselines.

One command prints every figure of docs/performance.md's "Real catalogs" table next to
its target, each measured in the same run as its baseline, alternating, so that the
machine's drift hits both alike:

- the parse floor: a bare loop reading every file and parsing it with PyYAML's C loader
  (``yaml.load_all(..., CSafeLoader)``; ``json.loads`` for JSON files), nothing else;
- ``catalog-lint validate --format json -o FILE`` (default jobs: every core), the same
  with ``--jobs 1``, the same with the C reader and the fast reader off
  (``CATALOG_LINT_NATIVE_YAML=0 CATALOG_LINT_FAST_YAML=0``: every file read by the exact
  reader in Python; its report must be the same), and ``catalog-lint
  check --format json -o FILE`` (validation, graph, facts, scores), on each generated
  catalog (see ``real_catalogs.py``: ``issue``, ``realistic``, ``resolvable``);
- Node.js running ``@backstage/catalog-model``'s entity policies and kind validators on
  the same Backstage files (``backstage-oracle/oracle.mjs validate``; skipped, with a
  message, until ``npm ci`` has been run in ``benchmarks/backstage-oracle``);
- check-jsonschema with the schema ``catalog-lint blueprints schema`` writes, on a subset
  of single-document files (it is much slower), per file;
- peak memory (the largest resident set of any process of the run) and how it grows
  with the number of files (``--scale``);
- the one-file run (the pre-commit case), against ``python -c "import click, yaml"`` and,
  with ``--against REV``, against that revision's catalog-lint, alternating;
- with ``--against REV``, that revision's ``validate`` and ``check`` on each catalog too,
  in the same alternation (what a change gained, measured beside it).

Each measurement is a separate process started as a user starts it, with bytecode caches
present as after ``pip install`` (``PYTHONDONTWRITEBYTECODE`` is dropped). Wall times are
the best of the rounds (the least disturbed), CPU times (user + system, all processes of
the run) the best too: on a busy machine CPU time moves much less than wall time.

Usage::

    python benchmarks/bench_real.py                        # 10,000 files per catalog, 3 rounds
    python benchmarks/bench_real.py --files 2000 --rounds 1 --catalogs realistic
    python benchmarks/bench_real.py --against main         # also main's runs, beside this tree's
    python benchmarks/bench_real.py --scale 10000,20000,100000 --catalogs realistic
    python benchmarks/bench_real.py --catalogs "" --subset 0 --one-file-runs 40 --against main
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.real_catalogs import KINDS, generate

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT / "benchmarks" / "backstage-oracle"
# Bytecode caches are part of an installed package: let every process write and use them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# every file read by the exact reader, in Python (neither the C reader nor rapidyaml)
EXACT_ENV = {**ENV, "CATALOG_LINT_FAST_YAML": "0", "CATALOG_LINT_NATIVE_YAML": "0"}

PARSE_FLOOR = """
import json, os, sys, yaml
count = 0
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(folder, name), "rb") as handle:
                data = handle.read()
            try:
                if name.endswith(".json"):
                    json.loads(data)
                    count += 1
                else:
                    for _ in yaml.load_all(data, Loader=yaml.CSafeLoader):
                        count += 1
            except (ValueError, yaml.YAMLError):
                count += 1  # a broken file is read up to its mistake
print(count)
"""

TARGETS = {
    "validate / floor": 1.5,
    "validate / floor, resolvable": 1.2,
    "check / validate": 1.5,
    "peak RSS MB": 150.0,
}


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system of the process and its children
    rss_mb: float  # the largest resident set among them
    returncode: int
    stdout: str


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return Sample(wall, 0.0, 0.0, process.returncode, stdout)


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """``run`` with the CPU time and peak memory of the process tree (wait4's rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    process.stderr.close()
    if process.returncode not in (0, 1) or (process.returncode and "Traceback" in stderr):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  process.returncode, stdout)


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return min(s.cpu for s in self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mb for s in self.samples)


def catalog_lint(source: Path | None = None) -> list[str]:
    """This tree's command line (or another revision's, extracted into ``source``)."""
    if source is None:
        found = shutil.which("catalog-lint", path=str(Path(sys.executable).parent))
        if found:
            return [found]
    return [sys.executable, "-m", "catalog_lint"]


def node_ready() -> str | None:
    """Why Node cannot be measured, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ORACLE / "node_modules" / "@backstage" / "catalog-model").is_dir():
        return f"run `npm ci` in {ORACLE.relative_to(ROOT)} to measure Node and @backstage/catalog-model"
    return None


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    ok = value <= target if lower_is_better else value >= target
    return "PASS" if ok else "FAIL"


def bench_catalog(kind: str, files: int, rounds: int, workdir: Path, node: bool,
                  against: tuple[str, Path] | None = None) -> dict[str, object]:
    """Every measurement of one catalog; ``against``: a revision and the folder it was
    extracted into, whose ``validate`` and ``check`` are measured too."""
    folder = workdir / kind
    counts = generate(folder, kind, files)
    report = workdir / f"{kind}.json"
    checked = workdir / f"{kind}-check.json"
    exact = workdir / f"{kind}-exact.json"
    names = ["floor", "validate", "validate, exact reader", "validate --jobs 1", "check", "node"]
    envs: dict[str, dict[str, str]] = {"validate, exact reader": EXACT_ENV}
    if against is not None:
        revision, source = against
        names += [f"validate at {revision}", f"check at {revision}"]
        envs[names[-2]] = envs[names[-1]] = {**ENV, "PYTHONPATH": str(source)}
    series = {name: Series() for name in names}
    commands = {
        "floor": [sys.executable, "-c", PARSE_FLOOR, str(folder)],
        "validate": [*catalog_lint(), "validate", "--format", "json", "-o", str(report)],
        "validate, exact reader": [*catalog_lint(), "validate", "--format", "json", "-o",
                                   str(exact)],
        "validate --jobs 1": [*catalog_lint(), "validate", "--jobs", "1", "--format", "json",
                              "-o", os.devnull],
        "check": [*catalog_lint(), "check", "--format", "json", "-o", str(checked)],
        "node": ["node", str(ORACLE / "oracle.mjs"), "validate", str(folder)],
    }
    if against is not None:
        other = [sys.executable, "-m", "catalog_lint"]
        # written to files as this tree's reports are: the same work
        commands[names[-2]] = [*other, "validate", "--format", "json", "-o",
                               str(workdir / f"{kind}-against.json")]
        commands[names[-1]] = [*other, "check", "--format", "json", "-o",
                               str(workdir / f"{kind}-against-check.json")]
    order = [name for name in names if node or name != "node"]
    measured(commands["floor"], folder)  # page cache and bytecode warm for everyone
    if against is not None:
        run(commands[names[-2]], folder, envs[names[-2]])  # its bytecode written
    for round_ in range(rounds):
        for name in order if round_ % 2 == 0 else reversed(order):
            series[name].samples.append(measured(commands[name], folder, envs.get(name)))
    summary, rules = _report_counts(report)
    if _report_counts(exact) != (summary, rules):
        raise SystemExit(f"{kind}: the report differs from the exact reader's in Python")
    return {"kind": kind, "counts": counts, "series": series, "summary": summary, "rules": rules,
            "node": series["node"].samples[-1].stdout.strip() if node else None}


_COUNTS = """
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
rules = {}
for finding in data["findings"]:
    rules[finding["rule"]] = rules.get(finding["rule"], 0) + 1
print(json.dumps([data["summary"], rules]))
"""


def _report_counts(report: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The report's summary and its findings per rule, read in a process of their own: a
    child forked from this one starts as large as this one, and the peak memory the
    kernel reports for it counts that (reading a 30 MB report here made every later
    measurement at least 136 MB)."""
    result = subprocess.run([sys.executable, "-c", _COUNTS, str(report)], capture_output=True,
                            text=True, check=True)
    summary, rules = json.loads(result.stdout)
    return summary, rules


def bench_check_jsonschema(workdir: Path, subset: int, rounds: int) -> tuple[Series, Series, int]:
    """check-jsonschema and catalog-lint on the same single-document Backstage files."""
    folder = workdir / "cjs"
    generate(folder, "issue", subset)
    files = sorted(str(p) for p in folder.rglob("catalog-info.yaml"))
    schemas = workdir / "schemas"
    run([*catalog_lint(), "blueprints", "schema", "-o", str(schemas)], workdir)
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
    cjs, ours = Series(), Series()
    for _ in range(rounds):
        cjs.samples.append(measured([checker, "--schemafile", str(schemas / "catalog-info.schema.json"),
                                     *files], workdir))
        ours.samples.append(measured([*catalog_lint(), "validate", *files], workdir))
    return cjs, ours, len(files)


def checkout(revision: str, folder: Path) -> None:
    """``revision``'s package in ``folder``, with its C reader compiled from its own source
    as an install compiles it: without it, every file of its runs would be read in Python
    (the compiled module is not in the repository), and the comparison would be with a
    slower program than that revision is."""
    archive = subprocess.run(["git", "archive", revision, "catalog_lint", "blueprints"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    source = folder / "catalog_lint" / "_libyaml_positions.c"
    if not source.is_file():
        return  # a revision from before the C reader
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import compile_reader
    except ImportError as exc:  # the build hook needs hatchling
        raise SystemExit(f"cannot build {revision}'s C reader ({exc}): pip install hatchling") from None
    finally:
        sys.path.remove(str(ROOT))
    if compile_reader(source, source.parent) is None:
        raise SystemExit(f"cannot build {revision}'s C reader (see above): its runs would read "
                         "every file in Python")


def bench_one_file(workdir: Path, runs: int, against: str | None) -> dict[str, Series]:
    folder = workdir / "one"
    generate(folder, "issue", 1)
    one = str(next(folder.rglob("catalog-info.yaml")))
    sources = {"this tree": ROOT}
    if against:
        other = workdir / "other"
        other.mkdir()
        checkout(against, other)
        sources[against] = other
    # The same file with a schema error, in a folder of its own (a run over named files
    # reads the rest of its folder for context): the run a developer sees, since
    # pre-commit shows a hook's output only when it fails, and it lists the errors.
    broken_folder = workdir / "broken"
    broken_folder.mkdir()
    broken = broken_folder / "catalog-info.yaml"
    broken.write_text(Path(one).read_text(encoding="utf-8").replace(
        "  lifecycle: ", "  lifecycle: [", 1).replace("\n  owner:", "]\n  owner:", 1), encoding="utf-8")
    commands = {name: ([sys.executable, "-m", "catalog_lint", "validate", one],
                       {**ENV, "PYTHONPATH": str(source)}) for name, source in sources.items()}
    commands.update({f"{name}, a file with a schema error": (
        [sys.executable, "-m", "catalog_lint", "validate", str(broken)],
        {**ENV, "PYTHONPATH": str(source)}) for name, source in sources.items()})
    commands["python -c 'import click, yaml'"] = ([sys.executable, "-c", "import click, yaml"], ENV)
    # Run from the file's own folder: a run over named files reads the rest of its
    # repository for context, and the work folder also holds the other checkout.
    where = {name: broken_folder if name.endswith("schema error") else folder for name in commands}
    for name, (command, env) in commands.items():  # bytecode caches written, then used
        run(command, where[name], env)
    series = {name: Series() for name in commands}
    for round_ in range(runs):
        names = list(commands)
        for name in names if round_ % 2 == 0 else reversed(names):
            command, env = commands[name]
            series[name].samples.append(measured(command, where[name], env))
    return series


def bench_scale(workdir: Path, kind: str, sizes: list[int]) -> list[tuple[int, Sample, Sample]]:
    results = []
    for size in sizes:
        folder = workdir / f"scale-{size}"
        generate(folder, kind, size)
        floor = measured([sys.executable, "-c", PARSE_FLOOR, str(folder)], folder)
        validated = measured([*catalog_lint(), "validate", "--format", "json", "-o",
                              str(workdir / "scale.json")], folder)
        results.append((size, floor, validated))
        shutil.rmtree(folder)
        (workdir / "scale.json").unlink(missing_ok=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("Usage::")[1])
    parser.add_argument("--files", type=int, default=10_000, help="service files per catalog")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the measurements")
    parser.add_argument("--catalogs", default=",".join(KINDS), help=f"some of {', '.join(KINDS)}")
    parser.add_argument("--subset", type=int, default=200, help="files given to check-jsonschema")
    parser.add_argument("--one-file-runs", type=int, default=20)
    parser.add_argument("--against", help="also time this revision's runs (e.g. main)")
    parser.add_argument("--scale", help="file counts for the memory-growth runs, e.g. 10000,20000,100000")
    args = parser.parse_args()
    kinds = [k for k in args.catalogs.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown catalog {sorted(unknown)}; choose from {', '.join(KINDS)}")

    why_not_node = node_ready()
    workdir = Path(tempfile.mkdtemp(prefix="catalog-lint-bench-real-"))
    rows: list[tuple[str, str, str, str]] = []  # (figure, value, target, verdict)
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
              f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}; data in {workdir}")
        if why_not_node:
            print(f"Node.js comparison skipped: {why_not_node}")
        results = []
        against: tuple[str, Path] | None = None
        if args.against:
            other = workdir / "against"
            other.mkdir()
            checkout(args.against, other)
            against = (args.against, other)
        for kind in kinds:
            print(f"\n== catalog '{kind}': {args.files:,} service files, {args.rounds} rounds", flush=True)
            result = bench_catalog(kind, args.files, args.rounds, workdir, why_not_node is None,
                                   against)
            results.append(result)
            print_catalog(result, args.files, rows, args.against)
            shutil.rmtree(workdir / kind)

        if args.subset:
            print(f"\n== check-jsonschema, {args.subset} single-document files", flush=True)
            cjs, ours, count = bench_check_jsonschema(workdir, args.subset, args.rounds)
            print(f"check-jsonschema: {cjs.wall:.2f} s ({cjs.wall / count * 1e6:,.0f} µs per file); "
                  f"catalog-lint validate on the same files: {ours.wall:.2f} s "
                  f"({ours.wall / count * 1e6:,.0f} µs per file)")
            for result in results:
                series = result["series"]
                assert isinstance(series, dict)
                per_file = series["validate"].wall / args.files
                ratio = (cjs.wall / count) / per_file
                rows.append((f"check-jsonschema per file / validate per file ({result['kind']})",
                             f"{ratio:.1f}x", "(reported)", ""))

        if args.one_file_runs:
            print(f"\n== one file, the pre-commit case: medians of {args.one_file_runs}, alternating",
                  flush=True)
            series = bench_one_file(workdir, args.one_file_runs, args.against)
            for name, values in series.items():
                print(f"{name}: median {values.median * 1e3:.0f} ms, fastest {values.wall * 1e3:.0f} ms"
                      f" (CPU: median {values.cpu_median * 1e3:.0f} ms, least {values.cpu * 1e3:.0f} ms)")
            ours = series["this tree"].median * 1e3
            floor = series["python -c 'import click, yaml'"]
            rows.append(("one-file validate, median", f"{ours:.0f} ms", "≤ 130 ms",
                         verdict(ours, 130)))
            # On a shared machine the wall time of a 100 ms process mostly measures the
            # others: the CPU time and the floor's own median say how loaded the run was.
            rows.append(("one-file validate, CPU median; the floor's wall median",
                         f"{series['this tree'].cpu_median * 1e3:.0f} ms; {floor.median * 1e3:.0f} ms",
                         "(reported)", ""))
            failing = series["this tree, a file with a schema error"].median * 1e3
            rows.append(("one-file validate, a file with a schema error, median",
                         f"{failing:.0f} ms", "(reported)", ""))
            if args.against:
                theirs = series[args.against].median * 1e3
                rows.append((f"one-file validate / {args.against}'s, medians",
                             f"{ours / theirs:.2f}", "≤ 1.00", verdict(ours / theirs, 1.0)))
                rows.append((f"one-file validate / {args.against}'s, CPU medians",
                             f"{series['this tree'].cpu_median / series[args.against].cpu_median:.2f}",
                             "(reported)", ""))
                theirs = series[f"{args.against}, a file with a schema error"].median * 1e3
                rows.append((f"one-file validate with a schema error / {args.against}'s, medians",
                             f"{failing / theirs:.2f}", "(reported)", ""))

        if args.scale:
            sizes = [int(s) for s in args.scale.split(",")]
            kind = kinds[0] if kinds else "realistic"
            print(f"\n== growth, catalog '{kind}' (one run each)", flush=True)
            print("| files | floor | validate | / floor | CPU | peak RSS |")
            print("| ---: | ---: | ---: | ---: | ---: | ---: |")
            scaled = bench_scale(workdir, kind, sizes)
            for size, floor, validated in scaled:
                print(f"| {size:,} | {floor.wall:.2f} s | {validated.wall:.2f} s | "
                      f"{validated.wall / floor.wall:.2f} | {validated.cpu:.2f} s | {validated.rss_mb:.0f} MB |")
            first_size, _, first = scaled[0]
            for size, _, validated in scaled[1:]:
                growth = (validated.rss_mb / first.rss_mb) / (size / first_size)
                rows.append((f"peak RSS growth {first_size:,} → {size:,} files, per file",
                             f"{growth:.2f}", "≤ 1.00 (linear or better)", verdict(growth, 1.0)))

        print("\n== targets")
        print("| figure | value | target | |")
        print("| --- | ---: | --- | --- |")
        for figure, value, target, judged in rows:
            print(f"| {figure} | {value} | {target} | {judged} |")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def ratio_text(mine: Series, theirs: Series) -> str:
    """Best against best, and medians in brackets (on a busy machine they differ)."""
    return f"{mine.wall / theirs.wall:.2f} ({mine.median / theirs.median:.2f})"


def print_catalog(result: dict[str, object], files: int, rows: list[tuple[str, str, str, str]],
                  against: str | None = None) -> None:
    kind = result["kind"]
    series = result["series"]
    counts = result["counts"]
    assert isinstance(series, dict) and isinstance(counts, dict)
    print(f"files: {counts}")
    print(f"report summary: {result['summary']}")
    print(f"findings by rule: {result['rules']}")
    if result["node"]:
        print(f"Node + @backstage/catalog-model: {result['node']}")
    print("| measurement | wall (best) | wall (median) | CPU (best) | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, values in series.items():
        if values.samples:
            print(f"| {name} | {values.wall:.2f} s | {values.median:.2f} s | {values.cpu:.2f} s | "
                  f"{values.rss:.0f} MB |")
    floor, validate, check = series["floor"], series["validate"], series["check"]
    limit = TARGETS["validate / floor, resolvable" if kind == "resolvable" else "validate / floor"]
    ratio = validate.wall / floor.wall
    rows.append((f"validate / parse floor ({kind}, wall: best (medians))",
                 ratio_text(validate, floor), f"≤ {limit}", verdict(ratio, limit)))
    rows.append((f"validate / parse floor ({kind}, CPU)", f"{validate.cpu / floor.cpu:.2f}",
                 "(reported: 2 processes against 1)", ""))
    ratio = check.wall / validate.wall
    rows.append((f"check / validate ({kind}, wall: best (medians))", ratio_text(check, validate),
                 f"≤ {TARGETS['check / validate']}", verdict(ratio, TARGETS["check / validate"])))
    # CPU time moves less with the machine's load than wall time: the work's own ratio
    rows.append((f"check / validate ({kind}, CPU)", f"{check.cpu / validate.cpu:.2f}",
                 "(reported: the work, less the load's noise)", ""))
    ratio = validate.wall / series["validate, exact reader"].wall
    rows.append((f"validate / validate with the Python reader only ({kind}, wall)", f"{ratio:.2f}",
                 "(reported: the C reader's effect)", ""))
    rows.append((f"peak RSS, validate ({kind}, {files:,} files)", f"{validate.rss:.0f} MB",
                 f"≤ {TARGETS['peak RSS MB']:.0f} MB", verdict(validate.rss, TARGETS["peak RSS MB"])))
    if series["node"].samples:
        ratio = validate.wall / series["node"].wall
        rows.append((f"validate / Node + @backstage/catalog-model ({kind}, wall: best (medians))",
                     ratio_text(validate, series["node"]), "< 1.00", verdict(ratio, 0.999)))
    if against is not None:
        for command, mine in (("validate", validate), ("check", check)):
            rows.append((f"{command} / {command} at {against} ({kind}, wall: best (medians); "
                         "CPU)", f"{ratio_text(mine, series[f'{command} at {against}'])}; "
                         f"{mine.cpu / series[f'{command} at {against}'].cpu:.2f}",
                         "(reported: this tree's change)", ""))


if __name__ == "__main__":
    main()
