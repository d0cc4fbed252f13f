"""How many processes read a run's files: the decision, apart from the machinery of
:mod:`catalog_lint.parallel`, which a serial run (the pre-commit hook's few files)
never imports."""

from __future__ import annotations

import os

#: Below this many files, starting workers costs more than it saves.
THRESHOLD = 400


def jobs_for(file_count: int, requested: int | None) -> int:
    """How many processes to read with (the main one included): ``requested`` if given
    (1 = serial), else every core once there are enough files (``CATALOG_LINT_JOBS``
    overrides)."""
    if requested is None:
        env = os.environ.get("CATALOG_LINT_JOBS", "")
        requested = int(env) if env.isdigit() else None
    if requested is not None:
        wanted = max(1, requested)
    elif file_count < THRESHOLD:
        return 1
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if wanted > 1:
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
    return min(wanted, max(1, file_count))
