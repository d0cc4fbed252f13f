"""Benchmark: scoring 1,000 entities against both built-in scorecards.

A git repository is generated in a temporary folder: 1,000 Backstage components, each in
its own folder with a ``catalog-info.yaml`` of varying completeness (owners, lifecycles,
links, annotations), READMEs, docs and tests in some of them, CI workflows, Dependabot,
and a history of 20,000 commits over 80 days with a release tag every 50 (so DORA has
figures, from a history of a busy repository).

Measured, in one run, on the same files (median of ``--repeat`` runs):

(a) baseline: the pipeline without scoring (what ``catalog-lint validate`` does);
(b) the pipeline with scoring (``catalog-lint score``): (a) plus file facts, DORA and
    evaluation;
(c) evaluation alone: both scorecards for the 1,000 entities and the repository, with
    every fact already computed; this is the cost scoring adds beyond the facts, and
    the figure that must stay under 0.5 s;
(d) the facts alone: the file index and the DORA pass over the history (the git facts
    of CODEOWNERS and branch protection are set to fixed values: they are measured by
    ``bench_history.py``).

Usage::

    python benchmarks/bench_scoring.py                  # 1,000 entities
    python benchmarks/bench_scoring.py --entities 5000 --commits 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog_lint.config import Config
from catalog_lint.facts import dora, files
from catalog_lint.pipeline import Run, RunOptions, resolve_targets, run
from catalog_lint.scorecards import enable
from catalog_lint.scorecards.loading import builtin_scorecards
from catalog_lint.scorecards.stage import ROOT_ENTITY_FILE, repository_root_facts, score
from catalog_lint.snapshot import WorktreeSnapshot

LIFECYCLES = ["production", "experimental", "deprecated", None]
GIT_FACTS = {
    "repo.codeowners.exists": True,
    "repo.branch_protection.pull_requests_required": True,
    "repo.branch_protection.required_reviews": 1,
    "repo.branch_protection.code_owner_reviews": True,
    "repo.branch_protection.required_status_checks": ["ci"],
}


def entity_yaml(index: int, rng: random.Random) -> str:
    lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:",
             f"  name: service-{index}"]
    if rng.random() < 0.8:
        lines.append(f"  description: Service number {index}.")
    annotations = []
    if rng.random() < 0.5:
        annotations.append("    backstage.io/techdocs-ref: dir:.")
    if rng.random() < 0.4:
        annotations.append(f"    pagerduty.com/service-id: P{index:05d}")
    if rng.random() < 0.3:
        annotations.append(f"    grafana/dashboard-selector: service-{index}")
    if annotations:
        lines += ["  annotations:", *annotations]
    if rng.random() < 0.5:
        lines += ["  links:", f"    - url: https://wiki.example.com/{index}/runbook",
                  "      title: Runbook", "      type: runbook"]
    lines += ["spec:", "  type: service"]
    if rng.random() < 0.9:
        lines.append(f"  owner: group:default/team-{index % 40}")
    lifecycle = rng.choice(LIFECYCLES)
    if lifecycle:
        lines.append(f"  lifecycle: {lifecycle}")
    return "\n".join(lines) + "\n"


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})})


def generate(root: Path, count: int, commits: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for index in range(count):
        folder = repo / "services" / f"service-{index}"
        folder.mkdir(parents=True)
        (folder / "catalog-info.yaml").write_text(entity_yaml(index, rng), encoding="utf-8")
        if rng.random() < 0.7:
            (folder / "README.md").write_text(f"# service {index}\n", encoding="utf-8")
        if rng.random() < 0.5:
            (folder / "mkdocs.yml").write_text("site_name: s\n", encoding="utf-8")
        if rng.random() < 0.6:
            (folder / "tests").mkdir()
            (folder / "tests" / "test_main.py").write_text("def test(): pass\n",
                                                            encoding="utf-8")
    (repo / "README.md").write_text("# monorepo\n", encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (repo / ".github" / "workflows" / "deploy.yml").write_text(
        "jobs:\n  deploy:\n    environment: production\n", encoding="utf-8")
    (repo / ".github" / "dependabot.yml").write_text("version: 2\n", encoding="utf-8")
    identity = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
                "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    now = int(time.time())
    start = now - 80 * 86400
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init",
        env={**identity, "GIT_AUTHOR_DATE": f"@{start} +0000",
             "GIT_COMMITTER_DATE": f"@{start} +0000"})
    # more commits (empty: the tree stays as it is), a tag every 50, in one fast-import
    step = 80 * 86400 // commits
    stream = []
    for number in range(commits):
        message = f"change {number}".encode()
        when = start + (number + 1) * step
        stream.append(f"commit refs/heads/main\nmark :{number + 1}\n"
                      f"author Bench <bench@example.com> {when} +0000\n"
                      f"committer Bench <bench@example.com> {when} +0000\n"
                      f"data {len(message)}\n{message.decode()}\n")
        if number == 0:
            stream.append("from refs/heads/main^0\n")
        stream.append("\n")
        if number % 50 == 49:
            stream.append(f"reset refs/tags/v1.{number // 50}.0\nfrom :{number + 1}\n\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, check=True,
                   input="".join(stream).encode(), capture_output=True)
    return repo


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        repo = generate(Path(folder), args.entities, args.commits)
        print(f"generated {args.entities:,} entities and {args.commits:,} commits in "
              f"{time.perf_counter() - began:.1f} s")
        config = Config(root=repo)
        cards = builtin_scorecards()

        with WorktreeSnapshot(repo, repo) as snapshot:
            targets = resolve_targets(snapshot, config, ())

            def plain() -> Any:
                return run(snapshot, config, RunOptions(), targets)

            def scored() -> Any:
                options = RunOptions()
                enable(options.extra)
                return run(snapshot, config, options, targets)

            baseline, _ = timed(plain, args.repeat)
            with_scores, report = timed(scored, args.repeat)

            # the facts, as the stage computes them, then the evaluation alone
            state = Run(snapshot, config, RunOptions())
            for path in targets:
                state.read(path)

            def facts() -> Any:
                # what the git facts stage would add: CODEOWNERS covers two thirds of
                # the services, the default branch is protected
                for name, value in GIT_FACTS.items():
                    state.facts.set(name, value)
                for position, entity in enumerate(state.entities):
                    state.entity_facts.setdefault(entity.ref, type(state.facts)()).set(
                        "entity.codeowners.covered", position % 3 != 0)
                index = files.FileIndex(snapshot.list_files(), snapshot.read_bytes)
                for name, value in files.repository_facts(index).items():
                    state.facts.set(name, value)
                for name, value in dora.compute(snapshot.git_dir, None,
                                                dora.DoraSettings()).items():
                    state.facts.set(name, value)
                for entity in state.entities:
                    target = state.entity_facts.setdefault(entity.ref, type(state.facts)())
                    for name, value in files.entity_facts(index, entity.path,
                                                          entity.data).items():
                        target.set(name, value)
                return index

            facts_time, index = timed(facts, args.repeat)
            root = repository_root_facts(files.entity_facts(index, ROOT_ENTITY_FILE, {}),
                                         state.facts)

            def evaluate() -> Any:
                return score(cards, state.entities, state.facts, state.entity_facts, root)

            evaluation, scores = timed(evaluate, args.repeat)

    entities = len(scores["entities"])
    print(f"entities scored: {entities:,} (x {len(cards)} scorecards)")
    print(f"levels: {scores['summary']['operational-maturity']}")
    print(f"DORA tier of the repository: "
          f"{scores['repository']['scorecards']['dora']['level']}")
    print(f"(a) pipeline without scoring (baseline)   {baseline:7.3f} s")
    print(f"(b) pipeline with scoring                 {with_scores:7.3f} s "
          f"({with_scores / baseline:.2f}x the baseline)")
    print(f"(c) evaluation alone, beyond the facts    {evaluation:7.3f} s "
          f"({evaluation / baseline:.2f}x the baseline; "
          f"{evaluation / max(entities, 1) * 1e6:.0f} us per entity)")
    print(f"(d) facts alone (files and DORA)          {facts_time:7.3f} s")
    print(f"limit for (c): 0.5 s -> {'ok' if evaluation < 0.5 else 'TOO SLOW'}")
    del report


if __name__ == "__main__":
    main()
