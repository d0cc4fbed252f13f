"""Scores are strict JSON: a number JSON has no word for (YAML's ``1e400`` is beyond the
double range and reads as infinity, as JavaScript reads it) is null in every report,
as ``JSON.stringify`` writes it, never ``Infinity``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.scorecards.results import definitions, joined_rules
from tests.cli_helpers import run_cli, write

SCORECARD = """\
identifier: sizes
levels: [Basic, Big]
rules:
  - identifier: big
    title: Big
    level: Big
    description: grow
    query:
      combinator: or
      conditions:
        - {property: spec.size, operator: ">", value: 5}
        - {property: spec.sizes, operator: contains, value: .inf}
"""


def strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("command", ["score", "check"])
def test_an_infinite_value_is_null_in_the_json_scores(tmp_path: Path, command: str) -> None:
    write(tmp_path, {
        ".catalog-lint.yaml": "scorecards:\n  custom:\n    - scorecards/sizes.yaml\n",
        "scorecards/sizes.yaml": SCORECARD,
        "catalog-info.yaml": (
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: big}\n"
            "spec: {type: service, lifecycle: production, owner: group:default/team,\n"
            "       size: 1e400, sizes: [1, -1e400]}\n"),
    })
    outcome = run_cli([command, "--format", "json"], tmp_path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    data: Any = strict(outcome.stdout)
    scores = data["scores"] if command == "check" else data
    (definition,) = [card for card in scores["scorecards"] if card["identifier"] == "sizes"]
    assert definition["rules"][0]["conditions"][1] == {
        "property": "spec.sizes", "operator": "contains", "value": None}  # .inf
    rules = definitions(scores)["sizes"]
    conditions = [condition for entity in scores["entities"]
                  for rule in joined_rules(entity["scorecards"]["sizes"], rules)
                  for condition in rule["conditions"]]
    assert {"property": "spec.size", "operator": ">", "value": 5, "actual": None,
            "status": "pass"} in conditions
    assert any(c["property"] == "spec.sizes" and c["value"] is None and c["actual"] == [1, None]
               for c in conditions)
