"""Configuration files: found where documented, validated strictly, applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write

DUPLICATE = "a: 1\na: 2\n"


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "exclude: []\nincludes: [x]\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.strip().startswith(
        f"catalog-lint: error: {tmp_path / '.catalog-lint.yaml'}:2: unknown key 'includes'")


def test_wrong_type_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "fail-on: sometimes\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2 and ":1: fail-on:" in outcome.stderr


def test_malformed_config_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "rules: [\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2 and "invalid YAML" in outcome.stderr


def test_unknown_rule_in_config(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  no-such-rule: off\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2 and "unknown rule 'no-such-rule'" in outcome.stderr


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".catalog-lint.yaml", "fail-on: error\nrules:\n  metadata-nmae: off\n",
     ".catalog-lint.yaml:3: rules: unknown rule 'metadata-nmae'; did you mean 'metadata-name'?"),
    (".catalog-lint.yaml", "per-file-ignores:\n  'x/**':\n    - all\n    - yaml-sintax\n",
     ".catalog-lint.yaml:4: per-file-ignores: unknown rule 'yaml-sintax'; did you mean "
     "'yaml-syntax'?"),
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.catalog-lint.rules]\n"
     "yaml-syntax = 'warning'\nmetadata-nmae = 'off'\n",
     "pyproject.toml:6: rules: unknown rule 'metadata-nmae'; did you mean 'metadata-name'?"),
])
def test_a_misspelt_rule_in_the_config_is_named_at_its_line(tmp_path: Path, name: str, text: str,
                                                            expected: str) -> None:
    """A typo in a rule ID would configure nothing in silence: it is an error at its line,
    with the rule meant. A pyproject.toml with only a sub-table of the section is read."""
    write(tmp_path, {name: text})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.strip().endswith(expected), outcome.stderr


def test_rule_severity_and_off(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": DUPLICATE})
    assert run_cli(["validate"], tmp_path).exit_code == 1
    write(tmp_path, {".catalog-lint.yaml": "rules:\n  duplicate-key: warning\n  not-an-entity: off\n"})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.exit_code == 0
    assert [(f["rule"], f["severity"]) for f in outcome.json()["findings"]] == [
        ("duplicate-key", "warning")]


def test_fail_on_from_config_and_flag(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": DUPLICATE,
                     ".catalog-lint.yaml": "rules: {duplicate-key: warning, not-an-entity: off}\n"})
    assert run_cli(["validate"], tmp_path).exit_code == 0
    assert run_cli(["validate", "--fail-on", "warning"], tmp_path).exit_code == 1
    write(tmp_path, {".catalog-lint.yaml": "fail-on: warning\n"
                     "rules: {duplicate-key: warning, not-an-entity: off}\n"})
    assert run_cli(["validate"], tmp_path).exit_code == 1
    assert run_cli(["validate", "--fail-on", "never"], tmp_path).exit_code == 0


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, {"legacy/catalog-info.yaml": DUPLICATE, "new/catalog-info.yaml": DUPLICATE,
                     ".catalog-lint.yaml": "per-file-ignores:\n  'legacy/**': [all]\n"})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert {f["file"] for f in outcome.json()["findings"]} == {"new/catalog-info.yaml"}


def test_pyproject_section(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": DUPLICATE,
                     "pyproject.toml": "[project]\nname='x'\n\n[tool.catalog-lint]\n"
                                       "rules = {duplicate-key = 'off', not-an-entity = 'off'}\n"})
    assert run_cli(["validate"], tmp_path).exit_code == 0


def test_pyproject_unknown_key_names_its_line(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.catalog-lint]\nfail-on = 'error'\nbogus = 1\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2 and "pyproject.toml:3: unknown key 'bogus'" in outcome.stderr


def test_config_found_at_the_repository_root_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"svc/catalog-info.yaml": DUPLICATE,
                     ".catalog-lint.yaml": "rules: {duplicate-key: 'off', not-an-entity: 'off'}\n"})
    assert run_cli(["validate"], tmp_path / "svc").exit_code == 0


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    outcome = run_cli(["validate", "--config", "missing.yaml"], tmp_path)
    assert outcome.exit_code == 2 and "missing.yaml: config file not found" in outcome.stderr


def test_unreadable_config_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": b"rules: {a: \xff}\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2 and "not UTF-8" in outcome.stderr


@pytest.mark.parametrize(("key", "text", "line"), [
    ("include", "include:\n  - catalog-info.yaml\n  - '!'\n", 3),
    ("extend-include", 'extend-include: ["\\\\"]\n', 1),
    ("exclude", "fail-on: error\nexclude:\n  - 'a[b'\n", 3),
    ("exclude", "exclude: ['[z-a].yaml']\n", 1),
    ("per-file-ignores", "per-file-ignores:\n  '!': [all]\n", 2),
    ("per-file-ignores", "per-file-ignores:\n  '!legacy/': [all]\n", 2),
    ("dora.deployments.marker", "dora:\n  deployments:\n    from: marker\n    marker: [\"\\\\\"]\n",
     4),
])
def test_an_unusable_pattern_is_a_config_error_at_its_line(tmp_path: Path, key: str,
                                                           text: str, line: int) -> None:
    # "!" and "\\" were internal errors (GitIgnorePatternError) before
    write(tmp_path, {".catalog-lint.yaml": text, "catalog-info.yaml": DUPLICATE})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    (message,) = outcome.stderr.strip().splitlines()
    assert message.startswith(
        f"catalog-lint: error: {tmp_path / '.catalog-lint.yaml'}:{line}: {key}"), message
    assert "is not usable" in message


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("dora:\n  failure-patterns: ['ok', 'a{99999999999}']\n", 2, "invalid regular expression"),
    ("dora:\n  deployments:\n    tag-pattern: 'a{99999999999}'\n", 3, "invalid regular expression"),
    ("dora:\n  deployments:\n    tag-pattern: '('\n", 3, "invalid regular expression"),
    ("dora:\n  failure-patterns:\n    - '" + "a" * 501 + "'\n", 3, "more than the limit of 500"),
    ("dora:\n  end: '0001-01-01'\n", 2, "outside the dates a window can end on"),
    ("dora:\n  end: '9999-12-31'\n", 2, "outside the dates a window can end on"),
    ("dora:\n  end: 'tomorrow'\n", 2, "is not a date"),
])
def test_an_unusable_dora_setting_is_a_config_error_at_its_line(tmp_path: Path, text: str,
                                                                line: int, expected: str) -> None:
    # OverflowError and ValueError reached the user as internal errors before
    write(tmp_path, {".catalog-lint.yaml": text})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    (message,) = outcome.stderr.strip().splitlines()
    assert message.startswith(
        f"catalog-lint: error: {tmp_path / '.catalog-lint.yaml'}:{line}: dora"), message
    assert expected in message


def test_the_last_dates_a_dora_window_can_end_on_work(tmp_path: Path) -> None:
    from catalog_lint.facts import dora

    for end in ("9999-12-30", "1980-01-01", "2024-06-30T12:00:00Z"):
        settings = dora.DoraSettings.from_config({"end": end})
        assert settings.end is not None
        assert dora.figures({}, [], settings, settings.end)["dora.deployments.in_window"] == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("ownership:\n  min-coverage: .nan\n", ":2: ownership.min-coverage: nan is not a finite number"),
    ("[tool.catalog-lint]\nownership = {github = {timeout = inf}}\n",
     ":2: ownership.github.timeout: inf is greater than the maximum of 600"),
    ("max-file-size: 100000000000000000000000000000\n", ":1: max-file-size:"),
    ("ownership:\n  history-days: 99999999999\n", ":2: ownership.history-days:"),
    ("dora:\n  deployments:\n    tag-pattern: ''\n", ":3: dora.deployments.tag-pattern:"),
    ("blueprints: ['']\n", ":1: blueprints.0:"),
])
def test_values_the_run_cannot_use_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    name = "pyproject.toml" if text.startswith("[tool") else ".catalog-lint.yaml"
    write(tmp_path, {name: text})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert expected in outcome.stderr, outcome.stderr


@pytest.mark.parametrize(("text", "line"), [
    ("blueprints: ['/']\n", 1),  # read the whole machine before (found by the config fuzz test)
    ("fail-on: error\nblueprints: [../../elsewhere]\n", 2),
    ("scorecards:\n  custom: ['C:\\\\cards']\n", 2),
    ("ownership:\n  protection-files: [a/../../x.json]\n", 2),
])
def test_config_paths_stay_inside_the_config_folder(tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path, {".catalog-lint.yaml": text})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert f".catalog-lint.yaml:{line}:" in outcome.stderr
    assert "is outside the folder of the config file" in outcome.stderr


def test_config_paths_inside_the_folder_and_catalogs_anywhere_are_fine(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "blueprints: [./bp, bp/../bp]\n"
                                            "catalogs: ['https://example.com/c.json', "
                                            "../export.json]\n",
                     "bp/.keep": ""})
    from catalog_lint.config import load_config

    assert load_config(tmp_path / ".catalog-lint.yaml", tmp_path).get("blueprints")
