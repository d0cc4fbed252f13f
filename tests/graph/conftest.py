"""Fixtures of the graph tests: a copy of the bundled example catalog, and a way to run
``validate`` and keep only the graph family's findings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.rules import all_rules
from tests.cli_helpers import run_cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop"
GRAPH_RULES = frozenset(r.rule.id for r in all_rules() if r.rule.family == "graph")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A fresh copy of ``examples/shop`` (a folder of its own, outside any git work tree)."""
    target = tmp_path / "shop"
    shutil.copytree(EXAMPLE, target)
    return target


def validate(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    """Exit code and every finding of ``catalog-lint validate --format json`` in ``root``."""
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.exit_code, outcome.json()["findings"]


def graph_findings(root: Path, *args: str) -> list[tuple[str, str, str, int]]:
    """``(rule, severity, file, line)`` of the graph family's findings, sorted."""
    _, findings = validate(root, *args)
    return sorted((f["rule"], f["severity"], f["file"], f["line"])
                  for f in findings if f["rule"] in GRAPH_RULES)


def messages(root: Path, *args: str) -> list[str]:
    _, findings = validate(root, *args)
    return [f["message"] for f in findings if f["rule"] in GRAPH_RULES]


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of ``path`` holding ``text``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{text!r} not found in {path}")


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
