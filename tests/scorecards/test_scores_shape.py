"""The ``scores`` section, version 2: each scorecard's rules described once, and results
that carry only what varies, joined back by :mod:`catalog_lint.scorecards.results` into
what version 1 wrote. ``tests/data/scores/catalog`` is a catalog whose scorecard reaches
every kind of condition (properties of both dialects, repository and entity facts,
nested queries, unknown facts, a number JSON cannot hold); ``catalog-report-v1.json`` is
the report the version of catalog-lint before version 2 wrote for it
(``catalog-lint check --format json`` outside git)."""

from __future__ import annotations

import copy
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_lint.facts.model import FactSet, Unknown
from catalog_lint.model import Unresolved
from catalog_lint.scorecards import paths
from catalog_lint.scorecards.evaluate import Evaluator, Subject
from catalog_lint.scorecards.loading import builtin_scorecards, parse_scorecard
from catalog_lint.scorecards.results import definitions, joined_rules
from tests.cli_helpers import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "scores"
CARD = "fixture-maturity"


def schema() -> dict[str, Any]:
    text = (resources.files("catalog_lint") / "schemas" / "report.schema.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def check_report(tmp_path: Path) -> dict[str, Any]:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog", catalog)  # outside git, as the version 1 report was
    outcome = run_cli(["check", "--format", "json"], catalog)
    assert outcome.exit_code == 1, outcome.stderr  # the catalog's planted mistakes
    return outcome.json()  # type: ignore[no-any-return]


def subjects(scores: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every result by (subject, scorecard), its rules joined with their definitions."""
    rules = definitions(scores)
    found = {}
    holders = [("(repository)", scores["repository"]["scorecards"])]
    holders += [(entity["ref"], entity["scorecards"]) for entity in scores["entities"]]
    for ref, cards in holders:
        for card, result in cards.items():
            found[(ref, card)] = {**result, "rules": joined_rules(result, rules.get(card, {}))}
    return found


def test_each_rule_is_described_once_and_results_carry_what_varies(tmp_path: Path) -> None:
    report = check_report(tmp_path)
    jsonschema.Draft7Validator(schema()).validate(report)
    scores = report["scores"]
    assert scores["version"] == 2
    (card,) = scores["scorecards"]
    rules = {rule["identifier"]: rule for rule in card["rules"]}
    assert list(rules) == ["owner", "lifecycle", "readme", "ci", "docs-and-tests", "reviews",
                           "capacity", "runbook", "dependabot"]
    assert rules["owner"] == {
        "identifier": "owner", "title": "Has an owner", "level": "Owned", "combinator": "or",
        "conditions": [
            {"property": "spec.owner", "operator": "isNotEmpty", "dialect": "backstage"},
            {"property": "relations.owner", "operator": "isNotEmpty", "dialect": "port"},
            {"property": "$team", "operator": "isNotEmpty", "dialect": "port"}],
        "fix": "Set spec.owner (Port - the owner relation, or team)."}
    assert rules["docs-and-tests"]["conditions"][1]["combinator"] == "and"
    results = {entity["ref"]: entity["scorecards"][CARD] for entity in scores["entities"]}
    billing, cart = results["port:component/billing"], results["component:default/cart"]
    # per rule: its identifier, status and its conditions' results, parallel to the definition
    assert billing["rules"][0] == {"identifier": "owner", "status": "pass", "conditions": [
        None, {"status": "fail", "actual": None}, {"status": "pass", "actual": ["team-billing"]}]}
    assert cart["rules"][0] == {"identifier": "owner", "status": "pass", "conditions": [
        {"status": "pass", "actual": "team-cart"}, None, None]}
    reviews = next(rule for rule in cart["rules"] if rule["identifier"] == "reviews")
    assert reviews["conditions"][0] == {
        "status": "unknown", "actual": None,
        "reason": "repo.branch_protection.pull_requests_required is not computed"}
    nested = next(rule for rule in cart["rules"] if rule["identifier"] == "docs-and-tests")
    assert nested["conditions"][0] == {"status": "pass", "conditions": [
        {"status": "pass", "actual": True}, {"status": "pass", "actual": True}]}
    # a rule whose every condition is for the other dialect does not score the entity
    assert "runbook" not in [rule["identifier"] for rule in cart["rules"]]
    assert "dependabot" not in [rule["identifier"] for rule in billing["rules"]]
    for result in [*results.values(), scores["repository"]["scorecards"][CARD]]:
        for rule in result["rules"]:
            assert set(rule) == {"identifier", "status", "conditions"}
            assert len(rule["conditions"]) == len(rules[rule["identifier"]]["conditions"])


def test_joined_results_are_what_version_1_wrote(tmp_path: Path) -> None:
    """Nothing is lost: joined with their definitions, the results are those of the
    version 1 report of the same catalog, for every subject, rule and condition."""
    old = json.loads((DATA / "catalog-report-v1.json").read_text(encoding="utf-8"))["scores"]
    new = check_report(tmp_path)["scores"]
    assert old["version"] == 1
    assert subjects(new) == subjects(old)
    assert new["summary"] == old["summary"]


def test_the_text_and_markdown_views_read_both_versions(tmp_path: Path) -> None:
    from catalog_lint.scorecards import render

    old = json.loads((DATA / "catalog-report-v1.json").read_text(encoding="utf-8"))["scores"]
    new = check_report(tmp_path)["scores"]
    assert render.text(new) == render.text(old)
    assert render.markdown(new) == render.markdown(old)
    assert "capacity: Capacity stated (saw spec.capacity: 5000;" in render.text(new)
    assert "fix: Set spec.capacity to a number below a million." in render.text(new)


# -- sharing: what reads only repository facts is evaluated once ----------------------------

MIXED = parse_scorecard({
    "identifier": "mixed", "levels": ["A", "B", "C"],
    "rules": [
        {"identifier": "owned-and-built", "title": "Owned and built", "level": "B",
         "description": "fix it",
         "query": {"combinator": "and", "conditions": [
             {"property": "spec.owner", "operator": "isNotEmpty"},
             {"fact": "repo.ci.workflows", "operator": "isNotEmpty"}]}},
        {"identifier": "nested", "title": "Nested", "level": "C", "description": "fix it",
         "query": {"combinator": "or", "conditions": [
             {"combinator": "and", "conditions": [
                 {"fact": "repo.files.readme", "operator": "exists"},
                 {"fact": "entity.docs.exists", "operator": "=", "value": True}]},
             {"property": "spec.lifecycle", "operator": "in", "value": ["production"]},
             {"property": "lifecycle", "operator": "=", "value": "Production",
              "dialect": "port"}]}},
        {"identifier": "ci", "title": "CI", "level": "B", "description": "fix it",
         "query": {"fact": "repo.ci.workflows", "operator": "isNotEmpty"}},
    ],
}, "mixed.yaml", lambda _path: None)


def facts(values: dict[str, Any]) -> FactSet:
    found = FactSet()
    for name, value in values.items():
        found.set(name, value)
    return found


def test_a_repository_condition_is_evaluated_once_and_shared() -> None:
    """Failed before: every entity had its own result for ``repo.ci.workflows``."""
    repo = facts({"repo.ci.workflows": [".github/workflows/ci.yml"], "repo.files.readme": None})
    evaluator = Evaluator([MIXED], repo)
    results = [evaluator.score(MIXED, Subject({"spec": {"owner": owner}}, "backstage", repo,
                                              facts({"entity.docs.exists": True}), "Component"))
               for owner in ("team-a", "team-b", "")]
    first, second, third = ([rule for rule in result["rules"]] for result in results)
    assert first[0]["conditions"][1] == {"status": "pass",
                                         "actual": [".github/workflows/ci.yml"]}
    assert first[0]["conditions"][1] is second[0]["conditions"][1] is third[0]["conditions"][1]
    assert first[1]["conditions"][0]["conditions"][0] is third[1]["conditions"][0]["conditions"][0]
    assert first[2] is second[2]  # a rule of repository facts alone
    assert [rule["status"] for rule in third] == ["fail", "fail", "pass"]


#: Not a mapping where one is expected: a path through it reads nothing. An unresolved
#: placeholder is a mapping of its own class, of unknown content: nothing under it either.
NOT_A_MAPPING = st.sampled_from(["text", ["a", "b"], None, 7, Unresolved({"$text": "x"})])
ENTITY_DATA = st.fixed_dictionaries({}, optional={
    "spec": st.fixed_dictionaries({}, optional={
        "owner": st.sampled_from(["team-a", "team-b", "", None, 3, True, 3.5, ["team-c"]]),
        "lifecycle": st.sampled_from(["production", "experimental", "Production", None]),
        "type": st.sampled_from(["service", "library"]),
    }) | NOT_A_MAPPING,
    "metadata": st.fixed_dictionaries({}, optional={
        "description": st.sampled_from(["The cart.", "", None]),
        "annotations": st.dictionaries(
            st.sampled_from(["pagerduty.com/service-id", "grafana/dashboard-selector",
                             "backstage.io/techdocs-ref", "opsgenie.com/team"]),
            st.sampled_from(["P1", "", "dir:.", 1, True, {"a": 1}]), max_size=3) | NOT_A_MAPPING,
        "links": st.lists(st.fixed_dictionaries({
            "url": st.just("https://wiki.example.com"),
            "type": st.sampled_from(["runbook", "dashboard", "slo", "doc"]),
            "title": st.sampled_from(["Runbook", "Dashboard", "Home"])})
            | st.just(Unresolved({"$text": "https://x"})), max_size=3)
            | st.just(Unresolved({"$json": "https://x"})),
    }),
    "properties": st.fixed_dictionaries({}, optional={
        "lifecycle": st.sampled_from(["Production", "Retired"]),
        "runbook": st.sampled_from(["https://wiki", ""]),
        "onCall": st.sampled_from(["rotation", None]),
    }),
    "team": st.sampled_from([["team-a"], [], None]),
    "relations": st.fixed_dictionaries({}, optional={"owner": st.sampled_from(["team-a", ""])}),
})
FACT_VALUES = st.sampled_from([True, False, None, "README.md", Unknown("not computed")])
REPO_FACTS = st.fixed_dictionaries({
    "repo.ci.workflows": st.sampled_from([[], [".github/workflows/ci.yml"]]),
    "repo.files.readme": st.sampled_from([None, "README.md"]),
    "repo.branch_protection.pull_requests_required": FACT_VALUES,
    "dora.tier": st.sampled_from(["Elite", "Low", Unknown("too few deployments")]),
    "repo.dependency_updates.tool": st.sampled_from(["renovate", "none"]),
})
ENTITY_FACTS = st.fixed_dictionaries({}, optional={
    "entity.files.readme": FACT_VALUES, "entity.docs.exists": FACT_VALUES,
    "entity.tests.exists": FACT_VALUES, "entity.codeowners.covered": FACT_VALUES,
})
CARDS = [*builtin_scorecards(), MIXED]


@settings(max_examples=60, deadline=None)
@given(entities=st.lists(st.tuples(ENTITY_DATA, ENTITY_FACTS, st.sampled_from(["backstage",
                                                                            "port"])),
                         min_size=1, max_size=12),
       repo_values=REPO_FACTS)
def test_sharing_gives_what_evaluating_each_entity_gives(
        entities: list[tuple[dict[str, Any], dict[str, Any], str]],
        repo_values: dict[str, Any]) -> None:
    repo = facts(repo_values)
    root = facts({"entity.files.readme": "README.md"})
    plain = Evaluator(CARDS, repo, root, share=False)
    # step by step, and as programs (made at once here; a run makes them after a few)
    for after in (1000, 0):
        shared = Evaluator(CARDS, repo, root, programs_after=after)
        # made ahead: before any fact is known, as a parallel run's preparer does
        ahead = Evaluator(CARDS, FactSet(), programs_after=after)
        for card in CARDS:
            assert shared.score(card, shared.repository) == plain.score(card, plain.repository)
            for data, entity_values, dialect in entities:
                kept = copy.deepcopy(data)
                subject = Subject(data, dialect, repo, facts(entity_values), "Component")
                expected = plain.score(card, subject)
                assert shared.score(card, subject) == expected
                ready = ahead.ahead(card, Subject(data, dialect, FactSet(), None, "Component"))
                assert shared.score(card, subject, ready) == expected
                assert data == kept  # nothing read is changed


def test_only_rules_of_the_entity_data_alone_are_scored_ahead() -> None:
    """What a parallel run scores while files are read: the rules that read no fact."""
    card = next(c for c in builtin_scorecards() if c.identifier == "operational-maturity")
    data = {"metadata": {"description": "The cart.", "links": [{"url": "u", "type": "runbook"}]},
            "spec": {"owner": "team-a", "lifecycle": "production"}}
    ready = Evaluator([card], FactSet()).ahead(
        card, Subject(data, "backstage", FactSet(), None, "Component"))
    made = {rule.identifier: result for rule, result in zip(card.rules, ready, strict=True)
            if result is not None}
    assert set(made) == {"owner", "description", "lifecycle", "runbook", "dashboards",
                         "on-call"}
    assert all(made[name]["status"] == "pass"
               for name in ("owner", "description", "lifecycle", "runbook"))
    # a fact, even with a property beside it (slos), waits for the facts
    assert made.keys().isdisjoint({"readme", "docs", "codeowners", "slos", "ci"})


def test_a_malformed_section_is_read_as_far_as_it_goes() -> None:
    """A report is data from elsewhere: each malformed piece is left out, and what
    follows it is still read."""
    owner = {"identifier": "owner", "title": "Has an owner", "level": "Managed",
             "combinator": "and", "fix": "Set spec.owner.",
             "conditions": [{"property": "spec.owner", "operator": "isNotEmpty"},
                            {"property": "spec.type", "operator": "isNotEmpty"}]}
    section = {"version": 2, "scorecards": [
        {"identifier": "old", "rules": 3},  # version 1's count: no definitions here
        "not a scorecard",
        {"identifier": "maturity", "rules": ["not a rule", {"identifier": 7}, owner]},
    ]}
    found = definitions(section)
    assert found == {"maturity": {"owner": owner}}
    rules = found["maturity"]
    assert joined_rules({"rules": "owner"}, rules) == []  # not a list of results
    assert joined_rules(["owner"], rules) == []  # not a result
    assert joined_rules({"rules": [{"identifier": "owner", "status": "fail",
                                    "conditions": None}]}, rules) == [
        {"identifier": "owner", "title": "Has an owner", "level": "Managed", "status": "fail",
         "combinator": "and", "conditions": [], "fix": "Set spec.owner."}]
    assert joined_rules({"rules": [{"identifier": "owner", "status": "pass", "conditions": [
        {"status": "pass", "actual": "group:a"}, None]}]}, rules) == [
        {"identifier": "owner", "title": "Has an owner", "level": "Managed", "status": "pass",
         "combinator": "and", "conditions": [
             {"property": "spec.owner", "operator": "isNotEmpty", "status": "pass",
              "actual": "group:a"}]}]


def test_a_rule_that_reads_several_values_is_kept_by_what_it_met() -> None:
    """``runbook`` reads the types and the titles of an entity's links (lists): entities
    whose lists hold the same strings share one result, made once; lists that are equal
    but not alike (``[1]`` and ``[True]``) are not taken for each other, and every result
    is the one evaluating each entity gives."""
    card = next(c for c in builtin_scorecards() if c.identifier == "operational-maturity")
    position = [rule.identifier for rule in card.rules].index("runbook")
    shared = Evaluator([card], FactSet())
    plain = Evaluator([card], FactSet(), share=False)

    def runbook(types: list[Any], titles: list[Any]) -> dict[str, Any]:
        links = [{"url": "https://x", "type": kind, "title": title}
                 for kind, title in zip(types, titles, strict=True)]
        data = {"metadata": {"name": "a", "links": links}, "spec": {"owner": "team-a"}}
        subject = Subject(data, "backstage", FactSet(), None, "Component")
        made = shared.ahead(card, subject)[position]
        assert made is not None
        expected = plain.score(card, subject)["rules"][position]
        assert {k: made[k] for k in expected} == expected
        return made

    first = runbook(["runbook", "docs"], ["Runbook", "Docs"])
    assert runbook(["runbook", "docs"], ["Runbook", "Docs"]) is first
    assert runbook(["docs"], ["Docs"]) is not first
    one, true = runbook([1], ["x"]), runbook([True], ["x"])
    # equal lists, and so equal actual values: told apart by the type of their item
    assert [type(v) for v in one["conditions"][0]["actual"]] == [int]
    assert [type(v) for v in true["conditions"][0]["actual"]] == [bool]


def test_a_rule_that_reads_several_values_reads_each_path_once_and_keeps_by_value(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``dashboards`` reads the links' types and four annotations: the path to the
    annotations is walked once per entity, and an entity whose values were seen before
    gets the kept result without evaluating a condition (it was evaluated, and its
    result then found by the outcomes met, for every entity)."""
    card = next(c for c in builtin_scorecards() if c.identifier == "operational-maturity")
    position = [rule.identifier for rule in card.rules].index("dashboards")
    shared = Evaluator([card], FactSet())
    plain = Evaluator([card], FactSet(), share=False)
    walked: list[tuple[Any, ...]] = []
    runs: list[Any] = []
    resolve, run = paths.resolve, Evaluator._run

    def counting_resolve(data: Any, parts: tuple[Any, ...]) -> Any:
        walked.append(parts)
        return resolve(data, parts)

    def counting_run(self: Evaluator, *args: Any) -> Any:
        runs.append(args)
        return run(self, *args)

    monkeypatch.setattr(paths, "resolve", counting_resolve)
    monkeypatch.setattr(Evaluator, "_run", counting_run)
    results = []
    for number in range(20):
        data = {"metadata": {"name": f"svc-{number}", "annotations": {"a/b": "x"},
                             "links": [{"url": "https://x", "type": "docs"}]},
                "spec": {"owner": "team-a"}}
        subject = Subject(data, "backstage", FactSet(), None, "Component")
        walked.clear()
        results.append(shared.ahead(card, subject)[position])
        if number == 0:
            runs.clear()
        annotations = [parts for parts in walked if parts[:2] == ("metadata", "annotations")]
        assert len(annotations) <= 2, walked  # dashboards (four of them) and on-call (four)
    assert runs == []  # the 19 entities after the first: kept by their values
    assert all(result is results[0] for result in results)
    monkeypatch.undo()
    expected = plain.score(card, subject)["rules"][position]
    assert {key: results[0][key] for key in expected} == expected


def test_a_program_holds_no_text_of_its_scorecard() -> None:
    """Scoring compiles a plan's rules into Python (``scorecards.programs``), and a
    scorecard may come from the pull request under review: its keys and paths are bound
    as values, never written into the code. A key written to break out of a string
    literal is a key like any other."""
    from catalog_lint.scorecards import evaluate, programs

    hostile = "x\"]) or __import__('os').system('false') #"
    escaped = hostile.replace('"', '\\"')  # as a quoted key of a path is written
    card = parse_scorecard({
        "identifier": "hostile", "levels": ["A", "B"],
        "rules": [{"identifier": "odd", "title": "Odd", "level": "B", "description": "fix",
                   "query": {"combinator": "or", "conditions": [
                       {"property": f'metadata.annotations["{escaped}"]',
                        "operator": "isNotEmpty"},
                       {"property": "metadata.links[*].type", "operator": "contains",
                        "value": "x'); boom('"}]}}],
    }, "hostile.yaml", lambda _path: None)
    [rule] = card.rules
    assert rule.query.leaves()[0].path == ("metadata", "annotations", hostile)
    compiled = Evaluator([card], FactSet(), programs_after=0)
    plain = Evaluator([card], FactSet(), share=False)
    for held in ({hostile: "yes"}, {}, {"x": "y"}):
        data = {"metadata": {"name": "a", "annotations": held,
                             "links": [{"url": "https://x", "type": "x'); boom('"}]}}
        subject = Subject(data, "backstage", FactSet(), None, "Component")
        assert compiled.score(card, subject) == plain.score(card, subject)
    plan = compiled._plan(card, subject)
    writer = programs._Writer(compiled, evaluate)
    writer.program(plan.steps, plan.todo)
    source = "\n".join(writer.lines)
    assert "import" not in source and "boom" not in source and "annotations" not in source


def test_a_scorecard_too_large_for_a_program_is_scored_step_by_step() -> None:
    """Python compiles a program's lines at about 30 µs each: a scorecard of thousands
    of rules (20,000 rules of five conditions took 9 s to compile) is scored the
    step-by-step way, with the same results."""
    from catalog_lint.scorecards import programs

    rules = [{"identifier": f"r{number}", "title": "t", "level": "B", "description": "d",
              "query": {"combinator": "or", "conditions": [
                  {"property": f'metadata.annotations["k{number}-{part}"]',
                   "operator": "isNotEmpty"} for part in range(5)]}}
             for number in range(programs.MOST_LINES // 5)]
    card = parse_scorecard({"identifier": "large", "levels": ["A", "B"], "rules": rules},
                           "large.yaml", lambda _path: None)
    compiled = Evaluator([card], FactSet(), programs_after=0)
    plain = Evaluator([card], FactSet(), share=False)
    subject = Subject({"metadata": {"name": "a", "annotations": {"k3-1": "x"}}}, "backstage",
                      FactSet(), None, "Component")
    assert compiled.score(card, subject) == plain.score(card, subject)
    plan = compiled._plan(card, subject)
    assert list(plan.programs.values()) == [None]
    small = Evaluator([MIXED], FactSet(), programs_after=0)
    small.score(MIXED, subject)
    assert all(callable(made) for made in small._plan(MIXED, subject).programs.values())


def test_a_placeholder_has_nothing_under_it_with_or_without_a_wildcard() -> None:
    """An unresolved placeholder where a path goes (``metadata.links`` written as
    ``$json: https://...``) is a value of unknown content: a path reads nothing under
    it, with a wildcard as without one (a wildcard walked into it before)."""
    links = Unresolved({"$json": "https://x", "type": "runbook"})
    data = {"metadata": {"links": links, "annotations": Unresolved({"$text": "a"})}}
    assert paths.resolve(data, ("metadata", "links", "*", "type")) is paths.MISSING
    assert paths.resolve(data, ("metadata", "links", "*")) is paths.MISSING
    assert paths.resolve(data, ("metadata", "links", "type")) is paths.MISSING
    assert paths.resolve({"items": [links]}, ("items", "*", "type")) == []
    assert paths.resolve({"items": [links]}, ("items", 0, "type")) is paths.MISSING
    assert paths.resolve(data, ("metadata", "links")) is links
