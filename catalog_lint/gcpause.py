"""Pausing Python's cyclic garbage collector while a run builds long-lived objects.

Reading files, building the graph and scoring allocate many objects that live to the end
of the run and free almost none: each young-generation collection would scan them again
and again (measured: half the time of a 10,000-file run). While paused, objects are freed
by reference counting as usual; afterwards the survivors are moved straight to the
oldest generation (freeze, unfreeze), where the next full collection sees them once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


def collector_paused() -> AbstractContextManager[None]:
    return _paused(keep_frozen=False)


def collector_paused_until_exit() -> AbstractContextManager[None]:
    """For the command line's entry point: a run's objects (documents, the graph, the
    findings, the report) live until it has written its output, and then the process
    ends. Paused for the whole command, then frozen, so that neither rendering a large
    report nor the interpreter's last collection at exit walks them all again (measured:
    0.3 s of a 10,000-file run's report and 0.2 s at exit)."""
    return _paused(keep_frozen=True)


@contextmanager
def _paused(keep_frozen: bool) -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not keep_frozen:
            gc.unfreeze()
        if collecting:
            gc.enable()
