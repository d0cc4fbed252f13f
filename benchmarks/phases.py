"""Where one catalog-lint run spends its time: the start of each phase and how long it
took, measured in the run itself (wall clock, no profiler).

Usage::

    python benchmarks/phases.py validate FOLDER --format json -o /tmp/report.json
    python benchmarks/phases.py check FOLDER --format json -o /tmp/report.json

The phases: reading every file (``parallel.read_all``, or the serial loop's first to last
file), the graph stage (``graph.stage.analyse``), the scorecards stage (``run``; its
preparer, ``prepare``, runs in the reading, once per batch: its calls are added up, as
are those of ``score``), and writing the JSON report; what comes before reading is
start-up, configuration and discovery. Each forked worker says on its way out how long it
worked and how much of that it spent handing its batches over (writing them down its
pipe: time it waited whenever the pipe was full).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()
MARKS: list[tuple[str, float, float]] = []


def timed(module: Any, name: str) -> None:
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            MARKS.append((f"{module.__name__}.{name}", began - START,
                          time.perf_counter() - began))

    setattr(module, name, wrapper)


def time_workers(parallel: Any) -> None:
    """Each worker prints its time, and its time sending, when it ends (what a worker
    sends with: ``parallel._send``, or a ``Connection`` in earlier trees)."""
    import multiprocessing.connection
    import os

    sending = [0.0]

    def timed_send(original: Callable[..., Any]) -> Callable[..., Any]:
        def send(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                sending[0] += time.perf_counter() - began
        return send

    if hasattr(parallel, "_send"):
        parallel._send = timed_send(parallel._send)
    else:
        connection = multiprocessing.connection.Connection
        connection.send_bytes = timed_send(connection.send_bytes)  # type: ignore[method-assign]
    work = parallel._work

    def timed_work(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            print(f"{f'worker {os.getpid()}':40s} worked {time.perf_counter() - began:6.3f} s, "
                  f"of which sending {sending[0]:6.3f} s", file=sys.stderr)

    parallel._work = timed_work


def main() -> None:
    import catalog_lint.graph.stage as graph_stage
    import catalog_lint.parallel as parallel
    import catalog_lint.reporters.json_report as json_report
    import catalog_lint.scorecards.stage as scorecards_stage
    from catalog_lint.cli import main as cli

    for module, name in [(parallel, "read_all"), (graph_stage, "analyse"),
                         (scorecards_stage, "prepare"), (scorecards_stage, "run"),
                         (scorecards_stage, "score"), (json_report, "write")]:
        timed(module, name)
    time_workers(parallel)
    sys.argv = ["catalog-lint", *sys.argv[1:]]
    with contextlib.suppress(SystemExit):
        cli()
    phases: dict[str, list[float]] = {}  # name -> [first start, time in all, calls]
    for name, began, took in MARKS:
        phase = phases.setdefault(name, [began, 0.0, 0])
        phase[1] += took
        phase[2] += 1
    for name, (began, took, calls) in phases.items():
        times = f" in {calls} calls" if calls > 1 else ""
        print(f"{name:40s} from {began:6.3f} s  took {took:6.3f} s{times}", file=sys.stderr)
    print(f"{'total':40s} {time.perf_counter() - START:6.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
