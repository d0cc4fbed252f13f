"""Benchmark: validating N entity files, against the baselines the issue names.

Measured in one run, on the same generated files, each as a separate process (so that
interpreter start-up and imports count everywhere):

(a) reading and parsing every file with PyYAML's C loader, nothing else: the floor;
(b) ``catalog-lint validate`` on the folder: discovery, parsing, every rule, the report;
(c) ``check-jsonschema`` with an equivalent JSON Schema, on a subset (it is much slower);
(d) a one-file ``catalog-lint validate`` run, the pre-commit case.

Usage::

    python benchmarks/bench_validate.py                 # 10,000 files
    python benchmarks/bench_validate.py --files 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARSE_ONLY = """
import os, sys, yaml
count = 0
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                count += len(list(yaml.load_all(handle.read(), Loader=yaml.CSafeLoader)))
print(count)
"""

# What check-jsonschema is given: the Backstage envelope and a Component's spec, the
# same checks catalog-lint's schema engine applies to these documents.
EQUIVALENT_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["apiVersion", "kind", "metadata"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"type": "string", "minLength": 1},
        "kind": {"type": "string", "minLength": 1},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "pattern": "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$",
                         "maxLength": 63},
                "namespace": {"type": "string"},
                "title": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
                "tags": {"type": "array", "items": {"type": "string",
                                                    "pattern": "^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$"}},
                "links": {"type": "array", "items": {"type": "object", "required": ["url"],
                                                     "properties": {"url": {"type": "string",
                                                                            "format": "uri"}}}},
            },
        },
        "spec": {
            "type": "object",
            "required": ["type", "lifecycle", "owner"],
            "properties": {
                "type": {"type": "string", "minLength": 1},
                "lifecycle": {"type": "string", "minLength": 1},
                "owner": {"type": "string", "minLength": 1},
                "system": {"type": "string", "minLength": 1},
                "providesApis": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "consumesApis": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "dependsOn": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
        },
    },
}

LANGUAGES = ["java", "python", "go", "typescript", "kotlin", "rust"]
LIFECYCLES = ["production", "experimental", "deprecated"]


def component(rng: random.Random, index: int) -> str:
    name = f"service-{index:05d}"
    team = f"team-{rng.randrange(200):03d}"
    system = f"system-{rng.randrange(500):03d}"
    depends = "\n".join(f"    - resource:db-{rng.randrange(5000):04d}" for _ in range(rng.randrange(1, 4)))
    # every other service provides an API, defined in the same file
    provides = f"  providesApis:\n    - {name}-api\n" if index % 2 == 0 else ""
    return f"""\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {name}
  title: Service {index}
  description: Handles part {index} of the order flow for the shop.
  annotations:
    github.com/project-slug: shop/{name}
    backstage.io/techdocs-ref: dir:.
    pagerduty.com/service-id: P{index:06d}
  tags:
    - {rng.choice(LANGUAGES)}
    - {rng.choice(["grpc", "rest", "kafka", "batch"])}
  links:
    - url: https://dashboards.example.com/d/{name}
      title: Dashboard
      icon: dashboard
spec:
  type: service
  lifecycle: {rng.choice(LIFECYCLES)}
  owner: group:default/{team}
  system: {system}
  dependsOn:
{depends}
{provides}"""


def api(index: int) -> str:
    name = f"service-{index:05d}"
    return f"""\
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: {name}-api
  description: The public API of service {index}.
spec:
  type: openapi
  lifecycle: production
  owner: group:default/team-{index % 200:03d}
  system: system-{index % 500:03d}
  definition: |
    openapi: 3.0.0
    info:
      title: Service {index}
      version: 1.0.0
    paths: {{}}
"""


def platform(count: int) -> str:
    """The groups, systems and resources the services refer to, so that the catalog
    resolves as a real one does (a repository of its own, like a platform team's)."""
    parts = []
    for team in range(200):
        parts.append(f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{team:03d}\n"
                     "spec:\n  type: team\n  children: []\n")
    for system in range(500):
        parts.append(f"apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-{system:03d}\n"
                     f"spec:\n  owner: team-{system % 200:03d}\n")
    for resource in range(5000):
        parts.append(f"apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: db-{resource:04d}\n"
                     f"spec:\n  type: database\n  owner: team-{resource % 200:03d}\n")
    return "---\n".join(parts)


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    files = []
    platform_file = folder / "platform" / "catalog-info.yaml"
    platform_file.parent.mkdir(parents=True, exist_ok=True)
    platform_file.write_text(platform(count), encoding="utf-8")
    for index in range(count):
        target = folder / f"repo-{index // 100:03d}" / f"svc-{index:05d}" / "catalog-info.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = component(rng, index)
        if index % 2 == 0:
            text += api(index)
        target.write_text(text, encoding="utf-8")
        files.append(target)
    return files


# Bytecode caches are part of an installed package: let every process write and use them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path, repeat: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Best wall time of ``repeat`` runs (the least disturbed by the machine's noise)."""
    best = float("inf")
    result: subprocess.CompletedProcess[str] | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def catalog_lint() -> list[str]:
    found = shutil.which("catalog-lint", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "catalog_lint"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--subset", type=int, default=200, help="files given to check-jsonschema")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="catalog-lint-bench-"))
    try:
        folder = workdir / "catalog"
        files = generate(folder, args.files)
        documents = sum(1 + (i % 2 == 0) for i in range(args.files)) + 5700
        print(f"{args.files} service files ({documents} documents with the platform file) in {folder}")

        # The machine's speed drifts: measure (a) and (b) in alternation, best of each.
        subprocess.run([*catalog_lint(), "--version"], capture_output=True, check=False, env=ENV)  # warm-up
        parse_time = validate_time = serial_time = float("inf")
        for _ in range(args.repeat):
            seconds, parsed = timed([sys.executable, "-c", PARSE_ONLY, str(folder)], workdir, 1)
            parse_time = min(parse_time, seconds)
            assert int(parsed.stdout) == documents, parsed.stderr
            seconds, validated = timed([*catalog_lint(), "validate", "--format", "json", "-o",
                                        str(workdir / "report.json")], folder, 1)
            validate_time = min(validate_time, seconds)
            assert validated.returncode in (0, 1), validated.stderr
            seconds, _ = timed([*catalog_lint(), "validate", "--jobs", "1", "-o", os.devnull], folder, 1)
            serial_time = min(serial_time, seconds)
        summary = json.loads((workdir / "report.json").read_text())["summary"]
        assert summary["files"] == args.files + 1, summary

        schema = workdir / "schema.json"
        schema.write_text(json.dumps(EQUIVALENT_SCHEMA))
        single_doc = workdir / "single"
        subset = []
        for index, path in enumerate(files[: args.subset * 2]):
            if index % 2:  # check-jsonschema reads one document per file: use the single-document ones
                subset.append(path)
        subset = subset[: args.subset]
        single_doc.mkdir()
        checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
        cjs_time, cjs = timed([checker, "--schemafile", str(schema), *map(str, subset)], workdir, args.repeat)
        cl_subset_time, _ = timed([*catalog_lint(), "validate", *map(str, subset)], workdir, args.repeat)

        one = files[1]
        one_runs, floor_runs = [], []
        for _ in range(max(20, args.repeat)):  # alternating, like (a) and (b)
            started = time.perf_counter()
            subprocess.run([*catalog_lint(), "validate", str(one)], cwd=workdir, capture_output=True, check=False,
                           env=ENV)
            one_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import click, yaml"], capture_output=True, check=False, env=ENV)
            floor_runs.append(time.perf_counter() - started)
        print()
        rows = [
            (f"(a) read + parse with PyYAML's C loader, {args.files} files", parse_time, args.files),
            (f"(b) catalog-lint validate, {args.files} files ({os.cpu_count()} processes)", validate_time, args.files),
            (f"catalog-lint validate --jobs 1, {args.files} files (one process)", serial_time, args.files),
            (f"(c) check-jsonschema, {len(subset)} files", cjs_time, len(subset)),
            (f"catalog-lint validate, the same {len(subset)} files", cl_subset_time, len(subset)),
        ]
        print("| measurement | wall time | per file |")
        print("| --- | ---: | ---: |")
        for label, seconds, count in rows:
            print(f"| {label} | {seconds:.2f} s | {seconds / count * 1e6:,.0f} µs |")
        median_one = statistics.median(one_runs) * 1e3
        print(f"| (d) catalog-lint validate, one file (median of {len(one_runs)}, fastest {min(one_runs) * 1e3:.0f} ms)"
              f" | {median_one:.0f} ms | |")
        print(f"| floor: python -c 'import click, yaml' (median of {len(floor_runs)}, fastest "
              f"{min(floor_runs) * 1e3:.0f} ms) | {statistics.median(floor_runs) * 1e3:.0f} ms | |")
        print()
        print(f"(b)/(a) = {validate_time / parse_time:.2f}   (target ≤ 1.5); "
              f"one process: {serial_time / parse_time:.2f}")
        per_file_ratio = (cjs_time / len(subset)) / (validate_time / args.files)
        print(f"check-jsonschema per file / catalog-lint per file = {per_file_ratio:.1f}x   (target ≥ 10)")
        print(f"one-file run = {statistics.median(one_runs) * 1e3:.0f} ms   (target < 150 ms)")
        print(f"check-jsonschema exit code {cjs.returncode}; catalog-lint summary {summary}")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
