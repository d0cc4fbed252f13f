"""Reading many files on every core.

Parsing YAML is most of a large run's time and each file is independent, so past a few
hundred files the reading step (decode, parse, classify, document rules) runs in forked
worker processes, each taking a slice of the files in order. Workers send back what the
main process needs: files (with their text, so positions can be recomputed for the
catalog-wide findings later), documents without their node trees, entities, and the
findings already placed. Everything after reading (graph, facts, scores) runs once, in the
main process, exactly as in a serial run.

A commit's blobs come from ``git cat-file --batch``; a worker never writes into the
parent's pipe to it (two processes sharing one pipe read each other's answers): the
reader starts a process of its own in each worker (:class:`catalog_lint.gitaccess.BlobReader`).

Only where ``fork`` exists (Linux, and macOS when explicitly allowed): elsewhere, and for
small runs, reading is serial.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog_lint.findings import Finding
    from catalog_lint.model import Document, Entity, SourceFile
    from catalog_lint.pipeline import Run
    from catalog_lint.report import FileRecord

#: Below this many files, starting workers costs more than it saves.
THRESHOLD = 400
#: Files per task: small enough to balance the load, large enough to amortise pickling.
CHUNK = 100

_WORKER_RUN: Run | None = None


def jobs_for(file_count: int, requested: int | None) -> int:
    """How many processes to read with: ``requested`` if given (1 = serial), else every
    core once there are enough files (``CATALOG_LINT_JOBS`` overrides)."""
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


@dataclass
class Batch:
    files: list[SourceFile]
    records: list[FileRecord]
    documents: list[Document]
    entities: list[Entity]
    findings: list[Finding]
    blueprint_keys: list[tuple[str, str, str] | None]


def _read_chunk(paths: Sequence[str]) -> Batch:
    state = _WORKER_RUN
    assert state is not None
    state.files, state.records, state.documents = [], {}, []
    state.entities, state.findings = [], []
    for path in paths:
        state.read(path)
    for doc in state.documents:
        doc.node = None  # node trees stay behind; positions come back from the text
    for file in state.files:
        file.nodes = None
        file.cache.clear()
    keys = []
    for entity in state.entities:
        blueprint = entity.blueprint
        keys.append(None if blueprint is None else (
            blueprint.dialect, entity.kind, str(entity.data.get("apiVersion", ""))))
        entity.blueprint = None  # compiled validators do not travel; relinked on arrival
    return Batch(state.files, [state.records[f.path] for f in state.files], state.documents,
                 state.entities, state.findings, keys)


def read_all(state: Run, paths: Sequence[str], jobs: int) -> None:
    """Read ``paths`` with ``jobs`` forked workers, merging the results in order."""
    global _WORKER_RUN
    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    _WORKER_RUN = state
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            for batch in pool.imap(_read_chunk, chunks):
                _merge(state, batch)
    finally:
        _WORKER_RUN = None


def _merge(state: Run, batch: Batch) -> None:
    for file, record in zip(batch.files, batch.records, strict=True):
        state.files.append(file)
        state.records[file.path] = record
    state.documents.extend(batch.documents)
    for entity, key in zip(batch.entities, batch.blueprint_keys, strict=True):
        entity.blueprint = _relink(state, key)
    state.entities.extend(batch.entities)
    state.findings.extend(batch.findings)


def _relink(state: Run, key: tuple[str, str, str] | None) -> Any:
    if key is None:
        return None
    dialect, kind, api_version = key
    if dialect == "port":
        return state.blueprints.port(kind)
    return state.blueprints.backstage(kind, api_version)
