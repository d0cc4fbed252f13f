"""Every fixable rule has a before/after pair under ``tests/data/fixes/<rule-id>[--case]``:
``catalog-lint fix`` turns ``before.yaml`` into ``after.yaml`` byte for byte.

A pair folder may hold ``args`` (more options, one line), ``name`` (the entity file's
name; default ``catalog-info.yaml``) and any other file the run needs (a configuration,
a blueprint folder), copied beside it."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from catalog_lint.rules import all_rules
from tests.cli_helpers import run_cli

PAIRS = Path(__file__).resolve().parents[1] / "data" / "fixes"
FOLDERS = sorted(p for p in PAIRS.iterdir() if p.is_dir())


def _setup(pair: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    name = (pair / "name").read_text().strip() if (pair / "name").exists() else "catalog-info.yaml"
    for item in pair.iterdir():
        if item.name in ("before.yaml", "after.yaml", "args", "name"):
            continue
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name)
        else:
            shutil.copyfile(item, tmp_path / item.name)
    shutil.copyfile(pair / "before.yaml", tmp_path / name)
    args = shlex.split((pair / "args").read_text()) if (pair / "args").exists() else []
    return tmp_path / name, args


def test_every_fixable_rule_has_a_pair() -> None:
    fixable = {r.rule.id for r in all_rules() if r.rule.fixable != "no"}
    covered = {p.name.split("--")[0] for p in FOLDERS}
    assert fixable <= covered, f"fixable rules without a before/after pair: {fixable - covered}"
    assert covered <= {r.rule.id for r in all_rules()}, "a pair names no rule"


@pytest.mark.parametrize("pair", FOLDERS, ids=[p.name for p in FOLDERS])
def test_fix_turns_before_into_after(pair: Path, tmp_path: Path) -> None:
    target, args = _setup(pair, tmp_path)
    rule = pair.name.split("--")[0]
    shared = [a for a in args if a != "--unsafe-fixes"]  # the rest validate takes too
    before = run_cli(["validate", "--format", "json", "--select", rule, *shared], tmp_path).json()
    fixable = [f for f in before["findings"] if "fix" in f]
    assert fixable, f"{pair.name}: before.yaml has no fixable {rule} finding"

    outcome = run_cli(["fix", *args], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr + outcome.stdout
    assert target.read_bytes() == (pair / "after.yaml").read_bytes()
    assert f"fixed {rule}" in outcome.stdout

    again = run_cli(["fix", "--diff", *args], tmp_path)
    assert again.exit_code == 0 and again.stdout == "", "a second run still finds fixes"


@pytest.mark.parametrize("pair", [p for p in FOLDERS if (p / "args").exists()
                                  and "--unsafe-fixes" in (p / "args").read_text()],
                         ids=lambda p: p.name)
def test_unsafe_fixes_wait_for_the_option(pair: Path, tmp_path: Path) -> None:
    target, args = _setup(pair, tmp_path)
    args.remove("--unsafe-fixes")
    outcome = run_cli(["fix", *args], tmp_path)
    assert target.read_bytes() != (pair / "after.yaml").read_bytes()
    assert "unsafe: rerun with --unsafe-fixes" in outcome.stdout
