"""Reading with several processes gives exactly the report of a serial run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from catalog_lint import parallel
from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from tests.cli_helpers import modules_loaded, run_cli, write

SERVICE = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-{i}
  tags: [{tag}]
spec:
  type: service
  lifecycle: production
  owner: team-{team}
  dependsOn: [resource:db-{i}]
"""


def test_entities_sharing_a_reference_share_its_file_facts_in_parallel_too(
        tmp_path: Path) -> None:
    """Two entities with one reference in two folders, only the first with a README and
    docs: both score on the reference's facts, the last one's, as in a serial run (the
    file facts scored ahead are each entity's own)."""
    # two processes even for a few files: the main process prepares its own chunk too
    entity = SCORED.format(i="twin", metadata="", lifecycle="production", team=1)
    write(tmp_path, {"twin-a/catalog-info.yaml": entity, "twin-a/README.md": "# twin\n",
                     "twin-a/docs/index.md": "# twin\n", "twin-b/catalog-info.yaml": entity,
                     "other/catalog-info.yaml": SCORED.format(i="other", metadata="",
                                                              lifecycle="", team=2)})
    serial = run_cli(["check", "--format", "json"], tmp_path, {"CATALOG_LINT_JOBS": "1"})
    parallel = run_cli(["check", "--format", "json"], tmp_path, {"CATALOG_LINT_JOBS": "2"})
    assert serial.json() == parallel.json()
    twins = [entity for entity in parallel.json()["scores"]["entities"]
             if entity["ref"] == "component:default/svc-twin"]
    assert [twin["file"] for twin in twins] == ["twin-a/catalog-info.yaml",
                                               "twin-b/catalog-info.yaml"]
    for twin in twins:
        rules = {rule["identifier"]: rule["status"]
                 for rule in twin["scorecards"]["operational-maturity"]["rules"]}
        assert rules["readme"] == rules["docs"] == "fail"


def test_parallel_and_serial_reports_are_identical(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "platform/catalog-info.yaml": "---\n".join(
            f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {{name: team-{t}}}\n"
            "spec: {type: team, children: []}\n" for t in range(5)),
    }
    for i in range(450):
        tag = "Java" if i % 50 == 0 else "java"  # an invalid tag now and then
        text = SERVICE.format(i=i, tag=tag, team=i % 7)  # teams 5 and 6 do not exist
        if i % 97 == 0:
            text += "broken: [\n"
        files[f"svc-{i:03d}/catalog-info.yaml"] = text
    write(tmp_path, files)
    serial = run_cli(["validate", "--format", "json", "--jobs", "1"], tmp_path)
    parallel = run_cli(["validate", "--format", "json", "--jobs", "2"], tmp_path)
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.json() == parallel.json()
    rules = {f["rule"] for f in serial.json()["findings"]}
    assert {"yaml-syntax", "metadata-tags"} <= rules
    # findings of the catalog-wide stages still point at the offending line after a
    # parallel read (node trees are rebuilt from the text)
    graph = [f for f in parallel.json()["findings"] if f["rule"] == "unresolved-reference"]
    assert graph and all(f["line"] == 9 for f in graph if f["path"] == "spec.owner")


SCORED = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-{i}
{metadata}spec:
  type: service
  lifecycle: {lifecycle}
  owner: team-{team}
"""


def scored_catalog(folder: Path) -> None:
    """450 components whose data-only scorecard rules come out differently."""
    files: dict[str, str | bytes] = {}
    for i in range(450):
        metadata = ""
        if i % 3:
            metadata += f"  description: Service {i}\n"
        if i % 5 == 0:
            metadata += "  links:\n    - url: https://wiki.example.com/run\n      type: runbook\n"
        if i % 7 == 0:
            metadata += f"  annotations:\n    pagerduty.com/service-id: P{i}\n"
        files[f"svc-{i:03d}/catalog-info.yaml"] = SCORED.format(
            i=i, metadata=metadata, lifecycle=("production", "experimental", "")[i % 3],
            team=i % 4)
    files["svc-000/README.md"] = "# svc-000\n"
    write(folder, files)


def test_parallel_and_serial_scores_are_identical(tmp_path: Path) -> None:
    """Scoring made partly ahead, while files are read (scorecards.stage.prepare),
    gives the serial run's scores."""
    scored_catalog(tmp_path)
    serial = run_cli(["check", "--format", "json"], tmp_path, {"CATALOG_LINT_JOBS": "1"})
    parallel = run_cli(["check", "--format", "json"], tmp_path, {"CATALOG_LINT_JOBS": "2"})
    assert serial.exit_code == parallel.exit_code
    assert serial.json() == parallel.json()
    outcomes = {(rule["identifier"], rule["status"])
                for entity in serial.json()["scores"]["entities"]
                for rule in entity["scorecards"]["operational-maturity"]["rules"]}
    for rule in ("description", "lifecycle", "runbook", "on-call", "readme"):
        assert {(rule, "pass"), (rule, "fail")} <= outcomes


class _Reader(Run):
    """A run whose reading misbehaves in forked workers only (the main process reads
    normally, slowly enough that the workers get chunks of their own)."""

    def __init__(self, folder: Path, failure: str) -> None:
        super().__init__(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
        self.main_pid = os.getpid()
        self.failure = failure
        self.order: list[str] = []  # what the main process read, in order

    def read(self, path: str) -> None:
        if os.getpid() != self.main_pid:
            if self.failure == "raise":
                raise ValueError(f"worker failed on {path}")
            os._exit(3)  # killed: no word to the main process
        time.sleep(0.005)
        self.order.append(path)
        super().read(path)


def small_catalog(folder: Path, count: int) -> list[str]:
    files: dict[str, str | bytes] = {
        f"svc-{i:02d}/catalog-info.yaml": SERVICE.format(i=i, tag="java", team=i % 3)
        for i in range(count)
    }
    write(folder, files)
    return sorted(files)


def test_a_worker_failure_is_raised_in_the_main_process(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = small_catalog(tmp_path, 30)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    with pytest.raises(ValueError, match="worker failed on svc-"):
        parallel.read_all(_Reader(tmp_path, "raise"), paths, 2)


def test_chunks_of_a_worker_that_died_are_read_by_the_main_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = small_catalog(tmp_path, 30)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    serial = _Reader(tmp_path, "exit")
    for path in paths:
        serial.read(path)
    shared = _Reader(tmp_path, "exit")
    parallel.read_all(shared, paths, 3)
    assert sorted(shared.order) == paths != shared.order  # the dead workers' chunks: last
    assert [f.path for f in shared.files] == paths
    assert [d.data for d in shared.documents] == [d.data for d in serial.documents]
    assert shared.findings == serial.findings


class _MainWaitsForWorker(Run):
    """A run whose main process, over its first file, waits until a worker has read
    every other file (up to a deadline that only guards against hanging)."""

    def __init__(self, folder: Path, others: int) -> None:
        import multiprocessing

        super().__init__(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
        self.main_pid = os.getpid()
        self.others = others
        self.worker_files = multiprocessing.get_context("fork").Value("i", 0)
        self.worker_read_all_first: bool | None = None

    def read(self, path: str) -> None:
        super().read(path)
        if os.getpid() != self.main_pid:
            with self.worker_files.get_lock():
                self.worker_files.value += 1
        elif self.worker_read_all_first is None:
            deadline = time.monotonic() + 60
            while self.worker_files.value < self.others and time.monotonic() < deadline:
                time.sleep(0.01)
            self.worker_read_all_first = self.worker_files.value >= self.others


def test_a_worker_never_waits_for_the_main_process_to_take_its_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each file's batch is larger than a pipe holds, and the worker sends a batch before
    # it takes the next file. Without a listener taking batches off the pipe while the
    # main process is busy, the worker would stop at its first batch, and the main
    # process would wait for it in vain: the worker reading every other file while the
    # main process is still on its first says its batches were taken as they came.
    big = "x" * (1100 * 1024)
    write(tmp_path, {f"svc-{i}/catalog-info.yaml": SERVICE.format(i=i, tag="java", team=0)
                     + f"  description: {big}\n" for i in range(5)})
    monkeypatch.setattr(parallel, "CHUNK", 1)
    run = _MainWaitsForWorker(tmp_path, others=4)
    parallel.read_all(run, [f"svc-{i}/catalog-info.yaml" for i in range(5)], 2)
    assert len(run.files) == 5
    assert run.worker_read_all_first is True


def test_a_serial_run_does_not_load_the_parallel_machinery(tmp_path: Path) -> None:
    """A few files are read in one process, without importing ``catalog_lint.parallel``
    (its import is a part of the pre-commit hook's start-up); asking for two processes
    loads it."""
    small_catalog(tmp_path, 3)
    parallel_module = ("catalog_lint.parallel",)
    assert modules_loaded(tmp_path, ["validate"], parallel_module,
                          {**os.environ, "CATALOG_LINT_JOBS": ""}) == []
    assert modules_loaded(tmp_path, ["validate"], parallel_module,
                          {**os.environ, "CATALOG_LINT_JOBS": "2"}) == list(parallel_module)
