"""The top-level error policy: a user's mistake is one line and exit 2; a bug is one line
that names the version and asks for a report, and a traceback only when asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_lint import __version__
from tests.cli_helpers import run_cli


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug \x1b[31m here")


def test_a_bug_is_one_line_naming_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No input reaches this path any more (that is the point of the other tests), so the
    # bug is planted: the pipeline's entry point raises.
    monkeypatch.setattr("catalog_lint.pipeline.run", _broken)
    (tmp_path / "catalog-info.yaml").write_text("kind: Component\n", encoding="utf-8")
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    (line,) = outcome.stderr.splitlines()
    assert line.startswith("catalog-lint: internal error: RuntimeError: a bug \\x1b[31m here")
    assert f"catalog-lint {__version__}" in line and "please report it" in line


def test_the_traceback_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("catalog_lint.pipeline.run", _broken)
    (tmp_path / "catalog-info.yaml").write_text("kind: Component\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_cli(["validate"], tmp_path, env={"CATALOG_LINT_DEBUG": "1"})


def test_a_reader_that_stops_early_is_not_a_bug(tmp_path: Path) -> None:
    """``catalog-lint rules | head``: the pipe closes, the run ends quietly with exit 2."""
    import os
    import subprocess
    import sys

    # The reader is gone before the first write (as ``head`` is once it has its lines):
    # deterministic, where reading a little and closing raced the child writing all of
    # its few kilobytes into the pipe's buffer and ending well.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        child = subprocess.Popen([sys.executable, "-m", "catalog_lint", "rules"], cwd=tmp_path,
                                 stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert child.stderr is not None
    assert child.stderr.read() == b""
    assert child.wait(timeout=30) == 2
