"""The reader on the official YAML test suite (tests/data/yaml-test-suite, MIT licence).

No case may crash; no invalid case may be accepted without a problem (a leniency of
libyaml's would have to be listed, and none is); every case with expected JSON is read
exactly as the suite says, except the listed differences. The lists are held exactly: a
case that starts to pass must leave its list (so the figure only goes up), and a new
difference fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.yaml_suite import KNOWN_ACCEPTED, KNOWN_DIFFERENCES, SuiteResult, load_cases, run
from catalog_lint.config import Config
from catalog_lint.findings import Severity
from catalog_lint.pipeline import RunOptions
from catalog_lint.pipeline import run as run_pipeline
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_errors import PHRASES
from catalog_lint.yaml_reader import parse_stream

CASES = load_cases()


@pytest.fixture(scope="module")
def result() -> SuiteResult:
    return run(CASES)


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 402
    assert sum(case["json"] is not None for case in CASES) == 279
    assert sum(case["error"] for case in CASES) == 94


def test_no_case_crashes(result: SuiteResult) -> None:
    assert result.crashed == []


def test_no_invalid_case_is_accepted_silently_but_the_listed_libyaml_leniencies(
        result: SuiteResult) -> None:
    assert sorted(result.silent) == sorted(KNOWN_ACCEPTED)
    assert result.errors_reported == result.errors_expected - len(KNOWN_ACCEPTED)


def test_documents_are_read_as_the_suite_says_but_the_listed_differences(
        result: SuiteResult) -> None:
    assert sorted(result.differing) == sorted(KNOWN_DIFFERENCES)
    assert result.matched == result.with_json - len(KNOWN_DIFFERENCES)
    assert result.matched >= 227


def test_validate_never_fails_on_a_suite_case(tmp_path: Path) -> None:
    """The whole pipeline, in process, on every input of the suite: no exception (the
    command line would print "internal error"), and every invalid input has an error
    finding from the reading rules unless it is a listed leniency."""
    names = {}
    for case in CASES:
        name = case["id"].replace("/", "-") + ".yaml"
        (tmp_path / name).write_text(case["yaml"], encoding="utf-8")
        names[name] = case
        if case["json"] is not None:  # the expected JSON, as a JSON entity file
            (tmp_path / (name[:-5] + ".json")).write_text(json.dumps(case["json"]), encoding="utf-8")
    report = run_pipeline(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions(jobs=1),
                          targets=sorted(p.name for p in tmp_path.iterdir()))
    reading_errors = {Path(finding.file).name for finding in report.findings
                      if finding.severity == Severity.ERROR
                      and finding.rule in ("yaml-syntax", "input-limits")}
    invalid = {name for name, case in names.items() if case["error"]}
    accepted = {name for name in invalid - reading_errors}
    assert accepted == {name for name, case in names.items() if case["id"] in KNOWN_ACCEPTED}
    assert len(report.files) == len(names) + sum(case["json"] is not None for case in CASES)


def test_every_error_of_the_suite_is_explained_inside_the_file() -> None:
    """No explanation is worse than libyaml's words: each error case gets problems at a
    line and column inside its text, every one of libyaml's phrases is explained (the
    phrase itself only in the closing parentheses), and the explanation is its own words."""
    explained = 0
    for case in CASES:
        if not case["error"]:
            continue
        text = case["yaml"]
        lines = text.split("\n")
        for problem in parse_stream(text).problems:
            shown = f"{case['id']}: {problem.line}:{problem.column} {problem.message}"
            assert 1 <= problem.line <= len(lines), shown
            assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, shown
            said, _, libyaml = problem.message.partition(" (libyaml: ")
            assert not said.startswith("while "), shown
            assert not any(phrase in said for phrase in PHRASES), shown
            if libyaml:
                assert libyaml[:-1] in PHRASES, shown
                assert said and said != libyaml[:-1], shown
                explained += 1
    assert explained >= 70  # most error cases are libyaml's to find; each is explained
