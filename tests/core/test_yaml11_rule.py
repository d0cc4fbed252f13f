"""The yaml11-value rule: values YAML 1.1 tools read differently from Backstage."""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import run_cli, write

ENTITY = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: cart-team
  labels:
    legacy: {legacy}
  annotations:
    example.com/window: {window}
spec:
  type: team
  children: []
"""


def yaml11(tmp_path: Path, legacy: str, window: str) -> list[tuple[int, int, str]]:
    write(tmp_path, {"catalog-info.yaml": ENTITY.format(legacy=legacy, window=window)})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    return [(f["line"], f["column"], f["message"]) for f in outcome.json()["findings"]
            if f["rule"] == "yaml11-value"]


def test_unquoted_yes_no_on_off_and_sexagesimal(tmp_path: Path) -> None:
    found = yaml11(tmp_path, "no", "1:30")
    assert [(line, column) for line, column, _ in found] == [(6, 13), (8, 25)]
    assert "false to YAML 1.1 tools" in found[0][2]
    assert "base-60" in found[1][2]


def test_quoted_values_and_ordinary_words_pass(tmp_path: Path) -> None:
    assert yaml11(tmp_path, '"no"', "'1:30'") == []
    assert yaml11(tmp_path, "nope", "13:30-14:00") == []


def test_words_inside_block_scalars_are_not_values(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": ENTITY.format(legacy="x", window="later").replace(
        "spec:", "  description: |\n    no\n    on: off\nspec:")})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert [f for f in outcome.json()["findings"] if f["rule"] == "yaml11-value"] == []
