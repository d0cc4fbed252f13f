"""Inline suppression comments."""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import run_cli, write


def rules(tmp_path: Path) -> list[tuple[str, int]]:
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    return sorted((f["rule"], f["line"]) for f in outcome.json()["findings"])


def test_trailing_comment_silences_that_line_only(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml":
        "a: 1\na: 2  # catalog-lint: disable=duplicate-key\nb: 1\nb: 2\n"})
    found = rules(tmp_path)
    assert ("duplicate-key", 4) in found and ("duplicate-key", 2) not in found


def test_own_line_comment_silences_the_next_line(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml":
        "a: 1\n# catalog-lint: disable=duplicate-key\na: 2\nb: 1\nb: 2\n"})
    found = [r for r in rules(tmp_path) if r[0] == "duplicate-key"]
    assert found == [("duplicate-key", 5)]


def test_comment_before_a_document_silences_the_document(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml":
        "a: 1\na: 2\n---\n# catalog-lint: disable=duplicate-key,not-an-entity\nb: 1\nb: 2\n"})
    assert rules(tmp_path) == [("duplicate-key", 2), ("not-an-entity", 1)]


def test_disable_document_anywhere_and_all(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml":
        "a: 1\na: 2\n---\nb: 1\nb: 2  # catalog-lint: disable-document=all\n"})
    assert rules(tmp_path) == [("duplicate-key", 2), ("not-an-entity", 1)]


def test_unrelated_rule_is_not_silenced(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "a: 1\na: 2  # catalog-lint: disable=yaml-syntax\n"})
    assert ("duplicate-key", 2) in rules(tmp_path)


def test_many_findings_in_a_large_file_are_looked_up_not_rescanned(tmp_path: Path) -> None:
    # Each finding scanned the whole text for directives before: 20,000 duplicate keys
    # took 2.5 s, 200,000 over three minutes.
    import time

    from catalog_lint.config import Config
    from catalog_lint.findings import Problem
    from catalog_lint.model import SourceFile
    from catalog_lint.pipeline import Run, RunOptions
    from catalog_lint.snapshot import WorktreeSnapshot

    lines = ["x: 1"] * 400_000 + ["y: 1  # catalog-lint: disable=duplicate-key"]
    file = SourceFile("big.yaml", "big.yaml", text="\n".join(lines) + "\n", document_starts=[1])
    run = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions())
    started = time.perf_counter()
    for number in range(1, 20_001):
        run.emit(Problem("duplicate-key", "again", line=number, column=1), file=file)
    run.emit(Problem("duplicate-key", "again", line=400_001, column=1), file=file)
    assert len(run.findings) == 20_000  # the last line's is suppressed
    assert time.perf_counter() - started < 5


def test_own_line_directives_in_a_row_all_apply_to_the_next_content(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml":
        "a: 1\n# catalog-lint: disable=duplicate-key\n# catalog-lint: disable=yaml-syntax\n"
        "\na: 2\nb: 1\nb: 2\n"})
    assert [r for r in rules(tmp_path) if r[0] == "duplicate-key"] == [("duplicate-key", 7)]
