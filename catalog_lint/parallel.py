"""Reading many files on every core.

Parsing YAML is most of a large run's time and each file is independent, so past a few
hundred files the reading step (decode, parse, classify, document rules) is shared
between the main process and forked workers: the files are cut into chunks, and each
process takes the next chunk not yet taken (a counter in shared memory) until none is
left, so that all finish together however uneven the files. A worker sends back what
the main process needs: files (with their text, for suppressions and the positions of
JSON files), documents with their position tables but without node trees, entities,
and the findings already placed. The main process reads chunks itself rather than
only waiting: what it reads never has to be sent (sending costs about a tenth of
reading). A thread of the main process per worker takes the worker's messages off the
pipe as they come, so that a worker never waits while the main process is busy with a
chunk (a message is often larger than a pipe holds). Everything after reading (graph,
facts, scores) runs once, in the main process, on the chunks put back in order: the
report is a serial run's (tested).

A worker that fails sends its exception, which the main process raises; a chunk whose
worker died without a word is read again by the main process.

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

from catalog_lint.pipes import widen_pipe

# pickle, mmap, queue and threading are imported where a parallel run uses them: every
# parallel run imports this module (a serial one asks only catalog_lint.jobs), and the
# pre-commit hook's one file is read without them.

if TYPE_CHECKING:
    import mmap
    import queue
    import threading
    from multiprocessing.process import BaseProcess

    from catalog_lint.findings import Finding
    from catalog_lint.model import Document, Entity, SourceFile
    from catalog_lint.pipeline import Run
    from catalog_lint.report import FileRecord

#: Files per chunk: small enough to balance the load, large enough to amortise sending.
CHUNK = 100


@dataclass
class Batch:
    files: list[SourceFile]
    records: list[FileRecord]
    documents: list[Document]
    entities: list[Entity]
    findings: list[Finding]
    blueprint_keys: list[tuple[str, str, str] | None] | None = None  # set when sent


def _read_chunk(state: Run, paths: Sequence[str]) -> Batch:
    """Read ``paths`` with ``state``'s settings into a batch of their own."""
    saved = state.files, state.records, state.documents, state.entities, state.findings
    state.files, state.records, state.documents = [], {}, []
    state.entities, state.findings = [], []
    try:
        for path in paths:
            state.read(path)
        return Batch(state.files, [state.records[f.path] for f in state.files],
                     state.documents, state.entities, state.findings)
    finally:
        state.files, state.records, state.documents, state.entities, state.findings = saved


def _for_sending(batch: Batch) -> bytes:
    import pickle

    for doc in batch.documents:
        doc.node = None  # node trees stay behind; positions travel as tables
    for file in batch.files:
        file.nodes = None
        file.cache.clear()
    keys: list[tuple[str, str, str] | None] = []
    for entity in batch.entities:
        blueprint = entity.blueprint
        keys.append(None if blueprint is None else (
            blueprint.dialect, entity.kind, str(entity.data.get("apiVersion", ""))))
        entity.blueprint = None  # compiled validators do not travel; relinked on arrival
    batch.blueprint_keys = keys
    return pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)


def _take(counter: Any) -> int:
    with counter.get_lock():
        index: int = counter.value
        counter.value = index + 1
    return index


def _work(state: Run, chunks: list[list[str]], counter: Any, send: int, slot: int) -> None:
    """A worker: read chunks until none is left, sending each as it is done down the
    pipe ``send`` (a file descriptor)."""
    if state.read_fast is not None:  # reading fast: the worker's own place in the counts
        from catalog_lint import yaml_fast

        yaml_fast.use_slot(slot)
    try:
        while (index := _take(counter)) < len(chunks):
            _send(send, index, _for_sending(_read_chunk(state, chunks[index])))
    except BaseException as exc:  # every failure goes to the main process
        import pickle

        try:
            message = pickle.dumps(exc)
        except Exception:  # an exception that cannot travel: its words can
            message = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        _send(send, -1, message)
    finally:
        os.close(send)


#: A message's head: the chunk it holds (-1 for a worker's failure), then the length of
#: the pickled payload that follows, 8 bytes each.
_HEAD = 16


def _send(fd: int, index: int, payload: bytes) -> None:
    _write_all(fd, index.to_bytes(8, "little", signed=True) + len(payload).to_bytes(8, "little"))
    _write_all(fd, payload)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_all(state: Run, paths: Sequence[str], jobs: int) -> None:
    """Read ``paths`` with this process and ``jobs - 1`` forked workers; the results go
    into ``state`` in the order of ``paths``."""
    import multiprocessing
    import queue
    import threading

    from catalog_lint import yaml_native
    from catalog_lint.pipeline import prepare_entities

    chunks = [list(paths[i : i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    workers: list[tuple[BaseProcess, int]] = []
    listeners: list[threading.Thread] = []
    inbox: queue.SimpleQueue[tuple[int, mmap.mmap] | None] = queue.SimpleQueue()
    batches: dict[int, Batch] = {}
    ended = 0  # workers whose listener has said they ended
    # plain files read fast, while that pays (see yaml_fast); the C reader, where it is
    # built, reads them with their positions instead (the pipeline asks it first), and
    # the fast reader is not even imported (rapidyaml's module: 10 ms before the fork)
    fast = None
    if not yaml_native.AVAILABLE:
        from catalog_lint import yaml_fast

        if yaml_fast.AVAILABLE:
            fast = yaml_fast
            yaml_fast.start(context.RawArray("q", 2 * max(2, jobs)))
            state.read_fast = yaml_fast.read_fast
    try:
        for slot in range(1, max(2, jobs)):
            receive, send = os.pipe()
            widen_pipe(send)  # a worker seldom waits for its listener either
            process = context.Process(target=_work, args=(state, chunks, counter, send, slot),
                                      daemon=True)
            try:
                process.start()
            except BaseException:
                os.close(receive)
                raise
            finally:
                os.close(send)  # the worker's end: its exit is the end of its messages
            workers.append((process, receive))
        for _, receive in workers:  # threads only once every fork is done
            listener = threading.Thread(target=_listen, args=(receive, inbox), daemon=True)
            listener.start()
            listeners.append(listener)
        while (index := _take(counter)) < len(chunks):
            batches[index] = batch = _read_chunk(state, chunks[index])
            for file in batch.files:  # emptied, as a worker empties its files' caches
                file.cache.clear()
            prepare_entities(state, batch.entities)
            while True:  # what arrived meanwhile, without waiting
                try:
                    message = inbox.get_nowait()
                except queue.Empty:
                    break
                if message is None:
                    ended += 1
                else:
                    _unpack(state, *message, batches)
        # the messages not yet taken, until every worker has ended (a None from each)
        while ended < len(listeners):
            message = inbox.get()
            if message is None:
                ended += 1
            else:
                _unpack(state, *message, batches)
        for worker, _ in workers:
            worker.join()
    finally:
        if fast is not None:
            fast.stop()
        state.read_fast = None
        for worker, _ in workers:
            if worker.is_alive():
                worker.kill()
                worker.join()
        for listener in listeners:  # a worker's end ends its listener
            listener.join(timeout=10)
        for _, receive in workers:
            os.close(receive)
    for index, chunk in enumerate(chunks):
        # a worker that died without a word (killed, out of memory): read its chunk here
        _merge(state, batches[index] if index in batches else _read_chunk(state, chunk))


def _listen(receive: int, inbox: queue.SimpleQueue[tuple[int, mmap.mmap] | None]) -> None:
    """A thread of the main process: take a worker's messages off its pipe (the file
    descriptor ``receive``) as soon as they are written, then a None once it has
    ended. The main process reads files between looking at its messages; without this
    thread, a worker that had filled the pipe waited for it (a fifth of a worker's time,
    measured). Each payload goes into a mapping of its own, given back to the system
    once unpacked, not into the heap among the run's objects."""
    import mmap

    try:
        while (head := _read_exactly(receive, _HEAD)) is not None:
            index = int.from_bytes(head[:8], "little", signed=True)
            size = int.from_bytes(head[8:], "little")
            payload = mmap.mmap(-1, size or 1)
            if not _read_into(receive, payload, size):
                payload.close()  # the worker ended in the middle: as if never sent
                return
            inbox.put((index, payload))
    except OSError:  # the pipe closed under it: the main process is stopping
        return
    finally:
        inbox.put(None)


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at its end."""
    data = b""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            return None
        data += more
    return data


def _read_into(fd: int, target: mmap.mmap, size: int) -> bool:
    """Fill the first ``size`` bytes of ``target`` from ``fd``; False at its end first."""
    done = 0
    with memoryview(target) as view:
        while done < size:
            count = os.readv(fd, [view[done:size]])
            if not count:
                return False
            done += count
    return True


def _unpack(state: Run, index: int, message: mmap.mmap, batches: dict[int, Batch]) -> None:
    import pickle

    from catalog_lint.pipeline import prepare_entities

    try:
        payload = pickle.loads(message)
    finally:
        message.close()
    if index < 0:
        raise payload
    batch: Batch = payload
    for entity, key in zip(batch.entities, batch.blueprint_keys or [], strict=True):
        entity.blueprint = _relink(state, key)
    prepare_entities(state, batch.entities)
    batches[index] = batch


def _merge(state: Run, batch: Batch) -> None:
    for file, record in zip(batch.files, batch.records, strict=True):
        state.files.append(file)
        state.records[file.path] = record
    state.documents.extend(batch.documents)
    state.entities.extend(batch.entities)
    state.findings.extend(batch.findings)


def _relink(state: Run, key: tuple[str, str, str] | None) -> Any:
    if key is None:
        return None
    dialect, kind, api_version = key
    if dialect == "port":
        return state.blueprints.port(kind)
    return state.blueprints.backstage(kind, api_version)
