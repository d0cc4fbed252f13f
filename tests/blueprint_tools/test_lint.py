"""``catalog-lint blueprints lint``: blueprint files checked, each problem at its line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.blueprint_sets.helpers import set_files
from tests.cli_helpers import run_cli, write

BROKEN_SERVICE = """\
identifier: service
schema:
  properties:
    language: {type: string, pattern: "([a-z"}
    tier: {type: strin}
    url: {type: string, format: web-address}
  required: [language, owner]
relations:
  owner: {target: team, required: true}
  system: {target: system, inverse: parts}
colour: red
"""
BROKEN_COMPONENT = {"identifier": "Component", "dialect": "backstage", "extends": "Component",
                    "relations": {"owner": {"target": ["Group"], "defaultKind": "User"}}}
BROKEN_CARD = """\
identifier: readiness
appliesTo: {blueprints: [service], kinds: [Component]}
levels: [Draft, Ready]
rules:
  - identifier: tier
    level: Ready
    description: Set the tier.
    query:
      combinator: and
      conditions:
        - {property: spec.tier, operator: isNotEmpty, dialect: backstage}
        - {property: tier, operator: isNotEmpty, dialect: port}
"""


def lint(root: Path, *args: str) -> tuple[int, list[str]]:
    outcome = run_cli(["blueprints", "lint", *args], root)
    assert outcome.stderr == ""
    return outcome.exit_code, outcome.stdout.splitlines()


def test_a_good_set_is_clean(tmp_path: Path) -> None:
    write(tmp_path, {f"blueprints/{name}": text for name, text in set_files().items()})
    code, lines = lint(tmp_path)
    assert code == 0
    assert lines == ["2 blueprints, 1 scorecard in 3 files: 0 errors, 0 warnings, 0 info"]


def test_the_built_in_blueprints_lint_clean() -> None:
    root = Path(__file__).resolve().parents[2]
    code, lines = lint(root, "blueprints")
    assert code == 0
    assert [line for line in lines if " error " in line] == []


def test_every_problem_is_named_at_its_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"set/port/service.yaml": BROKEN_SERVICE,
                     "set/backstage/component.json": json.dumps(BROKEN_COMPONENT, indent=1),
                     "set/backstage/broken.json": '{"identifier": "x",\n "title": }',
                     "set/scorecards/readiness.yaml": BROKEN_CARD,
                     "set/scorecards/bad.yaml": "identifier: bad\nlevels: [A]\nrules: 3\n"})
    code, lines = lint(tmp_path, "set")
    assert code == 1
    assert lines == [
        "set/backstage/broken.json:2:11: error blueprint-syntax invalid JSON in blueprint: "
        "Expecting value",
        "set/backstage/component.json:10:19: error blueprint-relation-target relation 'owner': "
        "defaultKind 'User' is not one of its targets (Group)",
        "set/blueprint-set.yaml:1:1: warning blueprint-manifest no manifest: add "
        "blueprint-set.yaml with the set's name and version, so that consumers see which "
        "version they use",
        "set/port/service.yaml:4:39: error blueprint-json-schema "
        "schema.properties.language.pattern: the pattern does not compile: unterminated "
        "character set at position 1",
        "set/port/service.yaml:5:18: error blueprint-json-schema schema.properties.tier.type: "
        "not valid JSON Schema (draft-07): 'strin' is not valid under any of the given schemas",
        "set/port/service.yaml:6:33: warning blueprint-json-schema "
        "schema.properties.url.format: format 'web-address' is not checked (checked: date, "
        "date-time, email, hostname, ipv4, ipv6, regex, time, uri, url, uuid)",
        "set/port/service.yaml:7:13: warning blueprint-required schema.required names 'owner', "
        "which 'properties' does not define",
        "set/port/service.yaml:11:9: warning blueprint-shape unknown key 'colour' (ignored)",
        "set/scorecards/bad.yaml:3:1: error scorecard-invalid 'rules' must be a list",
        "set/scorecards/readiness.yaml:5:1: error scorecard-applies-to scorecard 'readiness' "
        "applies to 'service', which no blueprint in force defines",  # service.yaml is broken
        "set/scorecards/readiness.yaml:11:1: error scorecard-property scorecard 'readiness' "
        "rule 'tier' reads spec.tier, which Component (folder set) does not define; it can "
        "never pass there",
        "1 blueprint, 1 scorecard in 5 files: 7 errors, 4 warnings, 0 info",
    ]


def test_relation_targets_must_be_in_force(tmp_path: Path) -> None:
    service = ("identifier: service\nschema:\n  properties:\n    language: {type: string}\n"
               "relations:\n  owner: {target: team, required: true}\n"
               "  system: {target: system, inverse: parts}\n")
    write(tmp_path, {"set/blueprint-set.yaml": "name: s\nversion: '1'\n",
                     "set/service.yaml": service})
    code, lines = lint(tmp_path, "set")
    assert code == 1
    assert lines[:2] == [
        "set/service.yaml:6:19: error blueprint-relation-target relation 'owner' targets the "
        "blueprint 'team', which is not in force (known: api, component, domain, group, "
        "resource, service, system, user)",
        "set/service.yaml:7:37: error blueprint-relation-target relation 'system': inverse "
        "'parts' is not a relation of system",
    ]


def test_duplicates_and_bad_extends(tmp_path: Path) -> None:
    write(tmp_path, {"set/blueprint-set.yaml": "name: s\nversion: '1'\n",
                     "set/a.json": '{"identifier": "queue"}',
                     "set/b.yaml": "identifier: queue\n",
                     "set/c.yaml": "identifier: topic\nextends: tpoic\n"})
    code, lines = lint(tmp_path, "set", "--format", "json")
    assert code == 1
    report = json.loads("\n".join(lines))
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("blueprint-duplicate", "set/b.yaml", 1), ("blueprint-extends", "set/c.yaml", 2)]
    assert "also defined in set/a.json:1" in report["findings"][0]["message"]


def test_fail_on_and_a_missing_folder(tmp_path: Path) -> None:
    write(tmp_path, {"set/a.json": '{"identifier": "queue"}'})
    assert lint(tmp_path, "set")[0] == 0  # only the manifest warning
    assert lint(tmp_path, "set", "--fail-on", "warning")[0] == 1
    missing = run_cli(["blueprints", "lint", "nope"], tmp_path)
    assert missing.exit_code == 2
    assert missing.stderr == "catalog-lint: error: nope: no such folder (name the blueprint " \
                             "set's folder)\n"


def test_github_format_annotates_the_lines(tmp_path: Path) -> None:
    write(tmp_path, {"set/blueprint-set.yaml": "name: s\nversion: '1'\n",
                     "set/a.yaml": "identifier: q\nschema: {properties: {x: {type: strin}}}\n"})
    code, lines = lint(tmp_path, "set", "--format", "github")
    assert code == 1
    assert any(line.startswith("::error file=set/a.yaml,line=2") for line in lines)


def test_a_scorecard_for_a_blueprint_not_in_force(tmp_path: Path) -> None:
    write(tmp_path, {"set/blueprint-set.yaml": "name: s\nversion: '1'\n",
                     "set/scorecards/x.yaml": BROKEN_CARD.replace("[service]", "[servise]")})
    code, lines = lint(tmp_path, "set")
    assert code == 1
    assert lines[0] == ("set/scorecards/x.yaml:5:1: error scorecard-applies-to scorecard "
                        "'readiness' applies to 'servise', which no blueprint in force defines")
