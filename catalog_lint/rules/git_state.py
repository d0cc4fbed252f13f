"""The repository is in a state where some facts cannot be computed, and they are
reported as unknown rather than guessed. The message says which facts and the fix:

- a **shallow clone** (warning): history facts are unknown. With GitHub Actions use
  ``actions/checkout`` with ``fetch-depth: 0``; with GitLab CI set ``GIT_DEPTH: 0``; or
  run ``git fetch --unshallow``.
- **no commits** yet: history facts are unknown.
- **detached HEAD** (usual in CI): history is read from the checked-out commit.
- **no default branch** (warning): ``origin/HEAD`` is not set and no ``main``/``master``
  branch exists, or the default branch was not fetched: pull-request and signed-commit
  shares are unknown. Fetch it, run ``git remote set-head origin --auto``, or set
  ``ownership.default-branch``.

FAIL (GitHub Actions)::

    - uses: actions/checkout@v4

PASS::

    - uses: actions/checkout@v4
      with:
        fetch-depth: 0
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="git-state",
    severity=Severity.INFO,
    summary="The git checkout limits which facts can be computed.",
    scope="repository",
    family="ownership",
)
