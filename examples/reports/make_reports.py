"""Make the example reports that ``catalog-lint org`` reads: real ``catalog-lint check``
runs on the example repositories.

Each folder of ``examples/`` (shop, payments, search) becomes a git repository of its
own in a temporary folder, with an ``origin`` remote on GitHub (so that the reports link
to files at their lines), a history of commits and release tags (so that payments has
DORA figures), and is checked with ``catalog-lint check --format json`` twice, as a weekly
job would: two weeks ago (the payments repository at the commit it was at then) and now,
so that the organisation's view shows a trend.

    python examples/reports/make_reports.py            # writes examples/reports/*.json
    catalog-lint org examples/reports --format html -o dashboard.html
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
DAY = 86400
AUTHOR = {"GIT_AUTHOR_NAME": "Example Shop Developers", "GIT_AUTHOR_EMAIL": "dev@example.com",
          "GIT_COMMITTER_NAME": "Example Shop Developers", "GIT_COMMITTER_EMAIL": "dev@example.com"}

#: The payments repository's history: (days ago, files added, release tag or "").
PAYMENTS_HISTORY = [
    (80, ["catalog-info.yaml"], "v1.0.0"),
    (66, ["README.md"], "v1.1.0"),
    (52, ["tests/test_payments.py"], "v1.2.0"),
    (38, [".github/workflows/ci.yml"], "v1.3.0"),
    (24, ["mkdocs.yml", "docs/index.md"], "v1.4.0"),
    (10, [".github/CODEOWNERS", ".github/dependabot.yml"], "v1.5.0"),
]
#: The commit the earlier payments report describes (index in PAYMENTS_HISTORY), and
#: how many days before the latest reports it was made.
EARLIER_COMMIT, EARLIER_DAYS = 3, 14


def git(repo: Path, *args: str, when: float | None = None) -> str:
    env = {**os.environ, **AUTHOR}
    if when is not None:
        stamp = f"@{int(when)} +0000"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout.strip()


def new_repository(name: str, folder: Path) -> Path:
    repo = folder / name
    git(folder, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "config", "tag.gpgsign", "false")
    git(repo, "remote", "add", "origin", f"https://github.com/example-shop/{name}.git")
    return repo


def check(repo: Path, output: Path, checked_at: float) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(checked_at))}
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_ACTIONS"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "catalog_lint", "check", "--format", "json",
                             "-o", str(output)], cwd=repo, env=env, capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 1: the planted mistakes
        raise SystemExit(f"catalog-lint check failed in {repo.name}: {result.stderr}")
    print(f"wrote {output.relative_to(EXAMPLES.parent)}")


def main() -> None:
    now = time.time()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name in ("shop", "search"):
            repo = new_repository(name, folder)
            shutil.copytree(EXAMPLES / name, repo, dirs_exist_ok=True)
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", f"The {name} catalog", when=now - 30 * DAY)
            check(repo, HERE / f"{name}-earlier.json", now - EARLIER_DAYS * DAY)
            check(repo, HERE / f"{name}.json", now)

        repo = new_repository("payments", folder)
        commits = []
        for days, files, tag in PAYMENTS_HISTORY:
            for file in files:
                target = repo / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(EXAMPLES / "payments" / file, target)
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", f"Add {', '.join(files)}", when=now - days * DAY)
            commits.append(git(repo, "rev-parse", "HEAD"))
            if tag:
                git(repo, "tag", "-a", tag, "-m", tag, when=now - days * DAY)
        check(repo, HERE / "payments.json", now)
        git(repo, "checkout", "-q", commits[EARLIER_COMMIT])
        check(repo, HERE / "payments-earlier.json", now - EARLIER_DAYS * DAY)


if __name__ == "__main__":
    main()
