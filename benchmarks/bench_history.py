"""Benchmark: every history fact on a generated repository of 100,000 commits.

The repository is written with ``git fast-import`` (a few seconds), then cached under
the temporary folder so later runs skip that step. It holds 200 component folders with
a ``catalog-info.yaml`` each, 60 authors, pull-request merge commits, squash merges
titled ``(#N)``, web-flow commits and direct pushes, all within the last 80 days, so the
whole history falls inside the default 90-day window (the worst case).

Measured: the one ``git log`` pass and its parsing, the first-parent delivery figures,
and the per-entity activity of all 200 components; against a baseline measured in the
same run, GitPython walking the same commits' objects (``Repo.iter_commits``) without
even reading their changed paths.

    python benchmarks/bench_history.py            # 100,000 commits
    python benchmarks/bench_history.py --commits 20000 --fresh
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog_lint.facts.history import (
    Members,
    Scope,
    delivery,
    path_activity,
    read_history,
)

FOLDERS = 200
AUTHORS = 60


def generate(path: Path, commits: int, now: int) -> None:
    """Write the repository with one fast-import stream."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    start = now - 80 * 86400
    step = max((80 * 86400) // commits, 1)
    lines: list[str] = []
    out = lines.append
    mark = 0
    main_tip = 0
    data = "apiVersion: backstage.io/v1alpha1\nkind: Component\n"

    def commit(ref: str, when: int, author: int, message: str, files: list[str],
               parents: list[int], committer: str | None = None) -> int:
        nonlocal mark
        mark += 1
        who = f"Dev {author} <dev{author}@example.com>"
        out(f"commit {ref}")
        out(f"mark :{mark}")
        out(f"author {who} {when} +0000")
        out(f"committer {committer or who} {when} +0000")
        body = message.encode()
        out(f"data {len(body)}")
        out(message)
        if parents:
            out(f"from :{parents[0]}")
            for extra in parents[1:]:
                out(f"merge :{extra}")
        for name in files:
            content = f"{data}# {mark}\n"
            out(f"M 100644 inline {name}")
            out(f"data {len(content.encode())}")
            out(content)
        out("")
        return mark

    number = 0
    when = start
    while number < commits:
        folder = number % FOLDERS
        author = (number * 7) % AUTHORS
        files = [f"services/s{folder:03d}/src/f{number % 5}.py"]
        if number < FOLDERS:
            files.append(f"services/s{folder:03d}/catalog-info.yaml")
        kind = number % 10
        parents = [main_tip] if main_tip else []
        if kind < 4 and main_tip and number + 2 <= commits:
            # a pull request: one commit on a branch, then a merge commit on main
            branch = commit("refs/heads/topic", when, author, f"work {number}", files, parents)
            when += step
            main_tip = commit("refs/heads/main", when, author,
                              f"Merge pull request #{number} from acme/topic-{number}", [],
                              [main_tip, branch])
            number += 2
        elif kind < 7:
            main_tip = commit("refs/heads/main", when, author, f"Change {number} (#{number})",
                              files, parents, "GitHub <noreply@github.com>")
            number += 1
        elif kind < 8:
            main_tip = commit("refs/heads/main", when, author, f"Edit {number}", files, parents,
                              "GitHub <noreply@github.com>")
            number += 1
        else:
            main_tip = commit("refs/heads/main", when, author, f"Direct {number}", files,
                              parents)
            number += 1
        when += step
    stream = ("\n".join(lines) + "\n").encode()
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", str(path), "branch", "-D", "topic"], check=True,
                   capture_output=True)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="regenerate the repository")
    parser.add_argument("--baseline-commits", type=int, default=20_000,
                        help="commits the (slow) GitPython baseline walks")
    args = parser.parse_args()
    now = int(time.time())
    path = Path(tempfile.gettempdir()) / f"catalog-lint-bench-history-{args.commits}"
    if args.fresh and path.exists():
        shutil.rmtree(path)
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.commits, now)
        print(f"generated {args.commits:,} commits in {time.perf_counter() - started:.1f}s "
              f"({path})")

    head = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    since = now - 90 * 86400
    scopes = [
        Scope(f"component:default/s{i:03d}", frozenset({f"services/s{i:03d}/catalog-info.yaml"}),
              frozenset({f"services/s{i:03d}"}))
        for i in range(FOLDERS)
    ]
    members = Members(emails=frozenset(f"dev{i}@example.com" for i in range(0, AUTHORS, 3)))

    import resource

    timings = []
    for _ in range(3):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time()
        started = time.perf_counter()
        history = read_history(path, {"head": head, "default": head}, since=since)
        read = time.perf_counter() - started
        chain = history.first_parent(head)
        figures = delivery(chain)
        activity = path_activity(history.reachable(head), scopes, since=since)
        for item in activity.values():
            item.contributors()
            item.bus_factor()
            item.share_by(members)
        wall = time.perf_counter() - started
        git_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.append((wall, read, time.process_time() - cpu,
                        git_cpu.ru_utime + git_cpu.ru_stime - children.ru_utime
                        - children.ru_stime))
    total, read, python_cpu, git_seconds = min(timings)
    print(f"commits read: {len(history.commits):,}; first-parent: {figures.commits:,} "
          f"(pull requests {figures.pr_share:.1%}, web-flow {figures.web_flow:,}, "
          f"direct {figures.direct:,})")
    print(f"all history facts: {total:.2f}s (git log + parse {read:.2f}s), best of 3; "
          f"CPU: git {git_seconds:.2f}s, Python {python_cpu:.2f}s (overlapped on 2 cores)")
    print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")

    import git

    # Baseline: walk the commit objects with GitPython, reading only what the facts need
    # from each (parents, author, dates, subject) and not even the changed paths.
    limit = min(args.baseline_commits, len(history.commits))
    started = time.perf_counter()
    repo = git.Repo(path)
    try:
        walked = 0
        for item in repo.iter_commits(head, max_count=limit):
            _ = (item.parents, item.author.email, item.authored_date, item.committed_date,
                 item.summary)
            walked += 1
    finally:
        repo.close()
    baseline = (time.perf_counter() - started) * len(history.commits) / walked
    print(f"baseline, GitPython walking commit objects (no paths; measured over {walked:,} "
          f"commits, scaled to {len(history.commits):,}): {baseline:.2f}s, "
          f"{baseline / total:.1f}x slower than all history facts")

if __name__ == "__main__":
    main()
