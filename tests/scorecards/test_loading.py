"""Scorecard files are checked: every mistake names the file and the line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalog_lint import yaml_native
from catalog_lint.config import Config, load_config
from catalog_lint.errors import FatalError
from catalog_lint.scorecards.loading import (
    ScorecardError,
    builtin_dir,
    builtin_scorecards,
    load_file,
    load_text,
)
from catalog_lint.scorecards.model import Scorecard
from catalog_lint.scorecards.stage import select_scorecards
from tests.cli_helpers import modules_loaded

GOOD = """\
identifier: security
title: Security
appliesTo:
  kinds: [Component]
levels: [None, Basic, Strong]
rules:
  - identifier: policy
    title: Security policy
    level: Basic
    description: Add SECURITY.md.
    query:
      combinator: and
      conditions:
        - fact: repo.files.security_policy
          operator: exists
  - identifier: reviews
    title: Two reviews
    level: Strong
    description: Require two approvals.
    query:
      combinator: or
      conditions:
        - fact: repo.branch_protection.required_reviews
          operator: ">="
          value: 2
        - property: metadata.annotations["security/exempt"]
          operator: "="
          value: "true"
"""


def write(tmp_path: Path, text: str, name: str = "card.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ScorecardError) as caught:
        load_file(path, path.name)
    return caught.value.message


def test_a_good_scorecard(tmp_path: Path) -> None:
    [card] = load_file(write(tmp_path, GOOD))
    assert card.identifier == "security"
    assert card.level_titles == ["None", "Basic", "Strong"]
    assert [(r.identifier, r.level, r.level_index, r.line) for r in card.rules] == [
        ("policy", "Basic", 1, 7), ("reviews", "Strong", 2, 16)]
    assert card.applies_to.kinds == ("component",)
    assert card.rules[1].query.combinator == "or"


MISTAKES = [
    ("fact: repo.files.security_policy", "fact: repo.file.security_policy",
     "card.yaml:14: unknown fact 'repo.file.security_policy'; did you mean "
     "'repo.files.security_policy'?"),
    ("operator: exists", "operator: present",
     "card.yaml:15: unknown operator 'present'"),
    ("level: Strong", "level: Platinum",
     "card.yaml:18: rule 'reviews': level 'Platinum' does not exist (levels: None, Basic, Strong)"),
    ("level: Basic", "level: None",
     "card.yaml:9: rule 'policy': level 'None' is the first level, which every entity reaches "
     "without rules; use a higher one"),
    ("    description: Add SECURITY.md.\n", "",
     "card.yaml:7: rule 'policy' has no 'description'"),
    ("          value: 2", "          value: [2]",
     "card.yaml:25: operator '>=' needs a number or a string"),
    ("combinator: or", "combinator: xor",
     "card.yaml:21: combinator must be 'and' or 'or', not 'xor'"),
    ("    title: Two reviews", "    titel: Two reviews",
     "card.yaml:17: unknown key 'titel' in a rule (expected description, identifier, level, "
     "query, title)"),
    ("identifier: reviews", "identifier: policy",
     "card.yaml:16: rule identifier 'policy' appears twice"),
    ('metadata.annotations["security/exempt"]', 'metadata.annotations["security/exempt"',
     "card.yaml:26: bad property path"),
    ("        - fact: repo.files.security_policy\n          operator: exists\n",
     "        - fact: repo.files.security_policy\n          operator: exists\n          value: x\n",
     "card.yaml:16: operator 'exists' takes no value"),
    ("levels: [None, Basic, Strong]", "levels: [None, Basic, Basic]",
     "card.yaml:5: level 'Basic' appears twice"),
    ("appliesTo:\n  kinds: [Component]", "appliesTo:\n  kind: [Component]",
     "card.yaml:4: unknown key 'kind' in appliesTo"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISTAKES)
def test_mistakes_name_file_and_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    message = error_of(write(tmp_path, GOOD.replace(old, new, 1)))
    assert message.startswith(expected), message


def test_every_problem_is_counted(tmp_path: Path) -> None:
    text = GOOD.replace("level: Basic", "level: Bronze").replace("operator: exists",
                                                                "operator: there")
    message = error_of(write(tmp_path, text))
    assert message.startswith("card.yaml:9: rule 'policy': level 'Bronze' does not exist")
    assert message.endswith("(and 1 more problem in this scorecard)")


def test_missing_parts(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "title: x\n")).startswith(
        "card.yaml:1: scorecard has no 'identifier'")
    assert "has no 'levels'" in error_of(write(tmp_path, "identifier: x\nrules: []\n"))
    assert error_of(write(tmp_path, "- 1\n- 2\n")).startswith("card.yaml:1: a scorecard must be")
    assert error_of(write(tmp_path, "")) == "card.yaml: the file holds no scorecard"


def test_yaml_and_json_syntax_errors(tmp_path: Path) -> None:
    assert re.match(r"card\.yaml:2:9: invalid YAML: the list '\[' opened at line 2, column 9 is "
                    "never closed", error_of(
        write(tmp_path, "identifier: x\nlevels: [a, b\nrules: []\n")))
    assert error_of(write(tmp_path, '{"identifier": "x",\n  "levels": [}', "card.json")).startswith(
        "card.json:2:14: invalid JSON")
    assert "duplicate key 'levels'" in error_of(
        write(tmp_path, "identifier: x\nlevels: [a]\nlevels: [b]\nrules: []\n"))


def test_json_scorecards_in_port_s_shape_with_lines(tmp_path: Path) -> None:
    port = [{
        "identifier": "ownership", "title": "Ownership", "blueprint": "service",
        "id": "scorecard_123", "createdAt": "2024-01-01T00:00:00Z",
        "levels": [{"title": "Basic", "color": "paleBlue"}, {"title": "Bronze", "color": "bronze"}],
        "filter": {"combinator": "and", "conditions": [
            {"property": "$blueprint", "operator": "=", "value": "service"}]},
        "rules": [{"identifier": "team", "title": "Has a team", "level": "Bronze",
                   "description": "Set the team.",
                   "query": {"combinator": "and",
                             "conditions": [{"property": "$team", "operator": "isNotEmpty"}]}}],
    }]
    path = write(tmp_path, json.dumps(port, indent=2), "port.json")
    [card] = load_file(path)
    assert card.applies_to.blueprints == ("service",)
    assert card.filter is not None
    assert card.rules[0].line > 1
    port[0]["rules"][0]["level"] = "Gold"  # type: ignore[index]
    path = write(tmp_path, json.dumps(port, indent=2), "port.json")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"Gold"' in text)
    assert error_of(path).startswith(f"port.json:{line}: rule 'team': level 'Gold' does not exist")


def test_the_built_in_scorecards_load() -> None:
    cards = {card.identifier: card for card in builtin_scorecards()}
    assert list(cards) == ["operational-maturity", "dora"]
    assert cards["operational-maturity"].level_titles == [
        "Initial", "Managed", "Defined", "Quantitatively managed", "Optimized"]
    assert cards["dora"].level_titles == ["Unmeasured", "Low", "Medium", "High", "Elite"]
    assert all(rule.description for card in cards.values() for rule in card.rules)


def _loaded(text: str) -> list[Scorecard] | str:
    try:
        return load_text(text, "card.yaml")
    except ScorecardError as exc:
        return exc.message


@pytest.mark.skipif(not yaml_native.AVAILABLE, reason="the C reader is not built here")
def test_the_c_reader_loads_scorecards_as_the_exact_reader_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Scorecards are read by the C reader where it can (the exact reader and PyYAML
    are not imported for the built-in ones); the cards, their lines and every mistake's
    message are the exact reader's."""
    built_in = [path.read_text() for path in sorted(builtin_dir().iterdir())]
    assert all(yaml_native.read_positioned(text) is not None for text in built_in)
    texts = [*built_in, GOOD, *(GOOD.replace(old, new, 1) for old, new, _ in MISTAKES),
             "identifier: x\nlevels: [a]\nlevels: [b]\nrules: []\n",  # the exact reader's
             f"---\n{GOOD}---\n{GOOD.replace('security', 'other')}"]
    for text in texts:
        native = _loaded(text)
        with monkeypatch.context() as patched:
            patched.setattr(yaml_native, "AVAILABLE", False)
            exact = _loaded(text)
        assert native == exact, text


@pytest.mark.skipif(not yaml_native.AVAILABLE, reason="the C reader is not built here")
def test_a_scoring_run_does_not_import_the_exact_reader(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n"
        "spec:\n  type: service\n  lifecycle: production\n  owner: group:default/team\n")
    assert modules_loaded(tmp_path, ["check", "--format", "json"],
                          ("catalog_lint.scorecards.stage", "catalog_lint.yaml_reader", "yaml")
                          ) == ["catalog_lint.scorecards.stage"]


def test_config_selects_replaces_and_adds_scorecards(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # files are named relative to the current folder
    write(tmp_path, GOOD, "security.yaml")
    write(tmp_path, GOOD.replace("identifier: security", "identifier: dora", 1), "dora.yaml")
    config_path = write(tmp_path, """\
scorecards:
  custom:
    - security.yaml
    - dora.yaml
    - identifier: inline
      levels: [A, B]
      rules: []
  select: [dora, inline, security]
""", ".catalog-lint.yaml")
    config = load_config(config_path, tmp_path)
    cards = select_scorecards(config)
    assert [card.identifier for card in cards] == ["dora", "inline", "security"]
    assert cards[0].source == "dora.yaml"  # replaced the built-in
    assert [card.identifier for card in select_scorecards(config, ["security"])] == ["security"]
    with pytest.raises(FatalError, match="unknown scorecard 'nope'"):
        select_scorecards(config, ["nope"])


def test_inline_scorecard_errors_name_the_config_file_and_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_path = write(tmp_path, """\
fail-on: error
scorecards:
  custom:
    - identifier: inline
      levels: [A, B]
      rules:
        - identifier: r
          level: B
          description: d
          query:
            combinator: and
            conditions:
              - fact: repo.nothing
                operator: exists
""", ".catalog-lint.yaml")
    config = load_config(config_path, tmp_path)
    with pytest.raises(ScorecardError) as caught:
        select_scorecards(config)
    assert caught.value.message.startswith(f"{config_path}:13: unknown fact 'repo.nothing'")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScorecardError) as caught:
        select_scorecards(config)
    assert caught.value.message.startswith(".catalog-lint.yaml:13: unknown fact")


def test_a_missing_scorecard_file(tmp_path: Path) -> None:
    config_path = write(tmp_path, "scorecards:\n  custom:\n    - nowhere.yaml\n",
                        ".catalog-lint.yaml")
    with pytest.raises(ScorecardError, match=r"\.catalog-lint\.yaml:3: scorecard file "
                                             r"'nowhere.yaml' not found"):
        select_scorecards(load_config(config_path, tmp_path))


def test_the_config_schema_refuses_unknown_dora_keys(tmp_path: Path) -> None:
    config_path = write(tmp_path, "dora:\n  window: 30\n", ".catalog-lint.yaml")
    with pytest.raises(FatalError, match=r"\.catalog-lint\.yaml:2: unknown key 'window'"):
        load_config(config_path, tmp_path)
    assert select_scorecards(Config(root=tmp_path))  # no config: the built-ins


def test_the_docs_list_every_built_in_rule_and_every_fact() -> None:
    from catalog_lint.facts.names import FACT_NAMES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "scorecards.md").read_text(
        encoding="utf-8")
    for card in builtin_scorecards():
        for rule in card.rules:
            assert f"| {rule.level} | `{rule.identifier}`: {rule.title} |" in docs, rule.identifier
            assert rule.description in docs, rule.identifier
    for fact in FACT_NAMES:
        assert f"| `{fact.name}` | {fact.type} |" in docs, fact.name


def test_a_condition_names_a_known_dialect() -> None:
    with pytest.raises(ScorecardError,
                       match="dialect must be backstage or port, not 'kubernetes'"):
        load_text("identifier: x\nlevels: [A, B]\nrules:\n  - identifier: r\n    level: B\n"
                  "    description: d\n    query: {property: spec.owner, operator: isNotEmpty,"
                  " dialect: kubernetes}\n", "x.yaml")
