"""Benchmark: the pre-commit hook's run on one staged file, with and without reading the
rest of the repository to resolve its references.

The generated repository has 500 entity files, as a real one mixes them: services with a
``catalog-info.yaml`` (a Component, every third one an API too, in one file), systems and
domains, resources several to a file, the organisation in files a Location lists,
Port entities (lists under ``.port/``, a ``port.yml`` in some services), and references
into other repositories that stay unresolved. It is a git repository, as the hook sees it.

Measured in one run, each as a separate process, in alternation (the machine's speed
drifts), ``catalog-lint validate services/.../catalog-info.yaml``:

(a) ``--no-context``: the named file alone, as catalog-lint read it before it resolved
    references against the repository (``--against REV`` runs REV's code instead);
(b) the default, the cache warm: the other 499 files are known from the cache;
(c) the default, the cache cold: the other 499 files are parsed (the first run after a
    clone, or after all of them changed).

Usage::

    python benchmarks/bench_hook.py                   # 500 files, 15 rounds
    python benchmarks/bench_hook.py --rounds 25 --against HEAD~1
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "apiVersion: backstage.io/v1alpha1\n"
LIFECYCLES = ["production", "experimental", "deprecated"]


def _service(rng: random.Random, index: int, teams: int, systems: int) -> str:
    name = f"svc-{index:04d}"
    depends = [f"resource:db-{rng.randrange(150):04d}" for _ in range(rng.randrange(1, 3))]
    depends += [f"component:payments-{rng.randrange(40):03d}"]  # another repository's
    text = (f"{HEADER}kind: Component\nmetadata:\n  name: {name}\n  title: Service {index}\n"
            f"  description: Handles part {index} of the order flow.\n  annotations:\n"
            f"    github.com/project-slug: shop/{name}\n    backstage.io/techdocs-ref: dir:.\n"
            f"  tags: [python, rest]\n  links:\n    - url: https://dashboards.example.com/{name}\n"
            f"      title: Dashboard\nspec:\n  type: service\n  lifecycle: {rng.choice(LIFECYCLES)}\n"
            f"  owner: team-{rng.randrange(teams):03d}\n  system: system-{rng.randrange(systems):03d}\n"
            "  dependsOn:\n" + "".join(f"    - {d}\n" for d in depends))
    if index % 3 == 0:
        text += f"  providesApis: [{name}-api]\n"
        text += (f"---\n{HEADER}kind: API\nmetadata:\n  name: {name}-api\nspec:\n  type: openapi\n"
                 f"  lifecycle: production\n  owner: team-{index % teams:03d}\n"
                 f"  definition: |\n    openapi: 3.0.0\n    info: {{title: {name}, version: 1.0.0}}\n"
                 "    paths: {}\n")
    return text


def generate(folder: Path, files: int = 500, seed: int = 7) -> Path:
    """Write the repository; returns the service file the benchmark names."""
    rng = random.Random(seed)
    teams, systems = 40, 30
    written: dict[str, str] = {}
    written["catalog-info.yaml"] = (f"{HEADER}kind: Location\nmetadata:\n  name: org\nspec:\n"
                                    "  targets: [./org/teams.yaml, ./org/people.yaml]\n")
    written["org/teams.yaml"] = "---\n".join(
        f"{HEADER}kind: Group\nmetadata:\n  name: team-{t:03d}\nspec:\n  type: team\n"
        f"  parent: engineering\n  children: []\n" for t in range(teams)) + (
        f"---\n{HEADER}kind: Group\nmetadata:\n  name: engineering\nspec:\n  type: department\n"
        "  children: [" + ", ".join(f"team-{t:03d}" for t in range(teams)) + "]\n")
    written["org/people.yaml"] = "---\n".join(
        f"{HEADER}kind: User\nmetadata:\n  name: person-{p:03d}\nspec:\n"
        f"  memberOf: [team-{p % teams:03d}]\n" for p in range(120))
    for s in range(systems):
        written[f"systems/system-{s:03d}/catalog-info.yaml"] = (
            f"{HEADER}kind: System\nmetadata:\n  name: system-{s:03d}\nspec:\n"
            f"  owner: team-{s % teams:03d}\n  domain: domain-{s % 5}\n"
            + (f"---\n{HEADER}kind: Domain\nmetadata:\n  name: domain-{s}\nspec:\n"
               f"  owner: team-{s:03d}\n" if s < 5 else ""))
    for r in range(30):  # 150 resources, five to a file
        written[f"resources/group-{r:02d}.catalog-info.yaml"] = "---\n".join(
            f"{HEADER}kind: Resource\nmetadata:\n  name: db-{r * 5 + i:04d}\nspec:\n"
            f"  type: database\n  owner: team-{(r * 5 + i) % teams:03d}\n"
            f"  system: system-{r % systems:03d}\n" for i in range(5))
    written[".port/systems.yml"] = "".join(
        f"- identifier: port-system-{s}\n  blueprint: system\n  title: System {s}\n"
        for s in range(20))
    ports = 20
    services = files - len([n for n in written if n != "org/teams.yaml"
                            and n != "org/people.yaml"]) - ports
    for index in range(services):
        team = index % teams
        written[f"services/team-{team:03d}/svc-{index:04d}/catalog-info.yaml"] = _service(
            rng, index, teams, systems)
    for p in range(ports):
        written[f"services/port/svc-{p:02d}/port.yml"] = (
            f"identifier: port-svc-{p}\nblueprint: component\ntitle: Port service {p}\n"
            "properties: {type: service, lifecycle: Production}\n"
            f"relations: {{system: port-system-{p % 20}, dependsOn: [port-svc-{(p + 1) % ports}]}}\n")
    for name, text in written.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm",
         "catalog")
    return next(folder / name for name in sorted(written) if name.startswith("services/team-001/"))


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def _code_of(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision, "catalog_lint", "blueprints"], cwd=ROOT,
                             check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15, help="alternations of (a), (b), (c)")
    parser.add_argument("--against", metavar="REV",
                        help="run REV's code for (a), without --no-context (default: this "
                             "tree's code with --no-context)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="catalog-lint-hook-"))
    try:
        repo = scratch / "repo"
        named = generate(repo, args.files).relative_to(repo).as_posix()
        counted = subprocess.run(["git", "ls-files"], cwd=repo, check=True, capture_output=True,
                                 text=True).stdout.split()
        print(f"{len(counted)} entity files in a git repository ({len(counted) - 2} found by "
              f"discovery, 2 through a Location); the hook names {named}")
        # Bytecode caches exist after an install: let every process write and use them.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(ROOT)
        old_env = dict(env)
        old_args = ["--no-context"]
        if args.against:
            old_env["PYTHONPATH"] = str(_code_of(args.against, scratch / "old"))
            old_args = []
        warm_cache, cold_cache = scratch / "warm-cache", scratch / "cold-cache"
        command = [sys.executable, "-m", "catalog_lint", "validate"]

        cpu: dict[int, list[float]] = {}  # CPU times, by the list of wall times they go with

        def timed(extra: list[str], environment: dict[str, str], cache: Path) -> tuple[float, float]:
            """Wall time, and the CPU time of the process and its children (git): the
            latter is less disturbed by whatever else the machine runs."""
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run([*command, *extra, named], cwd=repo, capture_output=True,
                                  text=True, env={**environment, "CATALOG_LINT_CACHE_DIR": str(cache)},
                                  check=False)
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            assert done.returncode in (0, 1), done.stderr
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return elapsed, used

        def measure(into: list[float], extra: list[str], environment: dict[str, str],
                    cache: Path) -> None:
            wall, used = timed(extra, environment, cache)
            into.append(wall)
            cpu.setdefault(id(into), []).append(used)

        for _ in range(2):  # warm-up: bytecode, the OS's file cache, the warm cache
            timed(old_args, old_env, cold_cache)
            timed([], env, warm_cache)
        old: list[float] = []
        warm: list[float] = []
        cold: list[float] = []
        for _ in range(args.rounds):
            measure(old, old_args, old_env, cold_cache)
            measure(warm, [], env, warm_cache)
            shutil.rmtree(cold_cache, ignore_errors=True)
            measure(cold, [], env, cold_cache)
        rows = [
            (f"(a) named file alone ({args.against or '--no-context'})", old),
            ("(b) with the repository as context, cache warm", warm),
            ("(c) with the repository as context, cache cold", cold),
        ]
        print()
        print("| measurement | wall, median | wall, fastest | CPU, median |")
        print("| --- | ---: | ---: | ---: |")
        for label, times in rows:
            print(f"| {label} | {statistics.median(times) * 1e3:.0f} ms | "
                  f"{min(times) * 1e3:.0f} ms | {statistics.median(cpu[id(times)]) * 1e3:.0f} ms |")
        print()

        def ratio(of: list[float], to: list[float], how: Callable[[list[float]], float]) -> str:
            return f"{how(of) / how(to):.2f}"

        print(f"(b)/(a): wall median {ratio(warm, old, statistics.median)}, wall fastest "
              f"{ratio(warm, old, min)}, CPU median "
              f"{ratio(cpu[id(warm)], cpu[id(old)], statistics.median)} (target < 1.5)")
        print(f"(c)/(a): wall median {ratio(cold, old, statistics.median)}, CPU median "
              f"{ratio(cpu[id(cold)], cpu[id(old)], statistics.median)}")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.rounds} rounds")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
