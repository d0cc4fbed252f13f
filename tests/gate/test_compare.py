"""The pure comparison, branch by branch: fact directions, readings, causes and their
consequences, unknown values, repository-level facts and scorecards, findings of older
reports, entity deltas, and the exact messages people read."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from catalog_lint.findings import Severity
from catalog_lint.gate import compare
from catalog_lint.gate.causes import Reading, describe_property, direction, score_causes
from catalog_lint.gate.model import Change, GateResult
from catalog_lint.gate.scores import (
    REPOSITORY,
    leaves,
    moved,
    passing,
    reads,
    score_of,
    score_table,
    subjects,
    titles,
    who,
)
from tests.gate.scores import finding, leaf, report, result, rule, scores

CART, API = "component:default/cart", "component:default/api"
COVERAGE = "repo.codeowners.coverage"


def causes(base: dict[str, Any] | None, head: dict[str, Any] | None,
           facts: Any = None) -> list[Change]:
    locations = {CART: ("cart.yaml", 3), API: ("api.yaml", 7)}
    return score_causes(base, head, locations, facts)


def coverage(before: float, after: float, *, passes: tuple[bool, bool] = (True, True)
             ) -> list[Change]:
    """The repository's ``owned`` rule reads the coverage (rank 2 when it passes)."""
    sides = []
    for value, ok in ((before, passes[0]), (after, passes[1])):
        status = "pass" if ok else "fail"
        sides.append(scores(result(2 if ok else 1, rule(
            "owned", status, leaf(COVERAGE, value, status), level="Owned",
            title="Half owned", fix="Give owners."))))
    return causes(*sides)


# -- directions ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "old", "new", "expected"), [
    ("true", True, False, -1), ("true", False, True, 1), ("true", True, True, 0),
    ("true", 1, 0, 0), ("true", None, True, 0),
    ("higher", 0.9, 0.4, -1), ("higher", 0.4, 0.9, 1), ("higher", 2, 2, 0),
    ("higher", 1, 2.5, 1), ("higher", 3, 0.5, -1), ("higher", True, False, 0),
    ("higher", "0.9", "0.4", 0), ("higher", None, 0.4, 0), ("higher", 0.9, None, 0),
    ("present", "README.md", None, -1), ("present", None, "README.md", 1),
    ("present", "README.md", "docs/README.md", 0), ("present", None, None, 0),
    ("present", "", None, 0),
    ("other", True, False, 0),
])
def test_direction_of_each_kind(kind: str, old: Any, new: Any, expected: int) -> None:
    assert direction(kind, old, new) == expected


def test_a_reading_has_a_direction_only_for_a_directed_fact() -> None:
    assert Reading(REPOSITORY, "fact", COVERAGE, 0.9, 0.4).direction == -1
    assert Reading(REPOSITORY, "fact", COVERAGE, 0.4, 0.9).direction == 1
    assert Reading(REPOSITORY, "fact", "repo.ci.workflows", ["a"], []).direction == 0
    assert Reading(CART, "property", "entity.files.readme", "x", None).direction == 0


# -- a repository-level fact ----------------------------------------------------------------


def test_a_falling_coverage_is_a_regression_even_when_no_rule_turns() -> None:
    """The planted mutant: a numeric fact that falls counted as an improvement."""
    (cause,) = coverage(0.9, 0.85)
    assert cause.regression is True
    assert (cause.kind, cause.rule, cause.severity) == ("fact", "gate-fact-regressed",
                                                        Severity.ERROR)
    assert cause.message == "The share of files CODEOWNERS gives an owner fell from 90% to 85%"
    assert (cause.subject, cause.before, cause.after) == (COVERAGE, 0.9, 0.85)
    assert cause.consequences == ()
    assert (cause.entity, cause.file, cause.line) == (None, None, 1)
    assert cause.values == ({"subject": REPOSITORY, "kind": "fact", "name": COVERAGE,
                             "before": 0.9, "after": 0.85},)
    (back,) = coverage(0.85, 0.9)
    assert back.regression is False
    assert back.message == "The share of files CODEOWNERS gives an owner rose from 85% to 90%"


def test_a_falling_coverage_that_turns_a_rule_and_drops_a_level() -> None:
    (cause,) = coverage(0.9, 0.4, passes=(True, False))
    assert cause.regression is True
    assert [(c.kind, c.regression, c.severity, c.message, c.entity, c.file, c.subject,
             c.scorecard, c.before, c.after, c.fix) for c in cause.consequences] == [
        ("scorecard-rule", True, Severity.WARNING,
         "Ownership: rule 'Half owned' (Owned) fails now for the repository", None, None,
         "ownership/owned", "ownership", "pass", "fail", "Give owners."),
        ("level", True, Severity.ERROR,
         "Ownership: level dropped from Owned to Listed for the repository", None, None,
         "ownership", "ownership", "Owned", "Listed", None),
    ]
    (back,) = coverage(0.4, 0.9, passes=(False, True))
    assert back.regression is False
    assert [(c.regression, c.message, c.before, c.after, c.fix) for c in back.consequences] == [
        (False, "Ownership: rule 'Half owned' (Owned) passes now for the repository",
         "fail", "pass", None),
        (False, "Ownership: level rose from Listed to Owned for the repository",
         "Listed", "Owned", None),
    ]


def test_codeowners_causes_are_shown_at_codeowners() -> None:
    facts = {"repository": {"repo": {"codeowners": {"path": ".github/CODEOWNERS"}}}}
    base = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9), level="Owned")))
    head = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.8), level="Owned")))
    (cause,) = causes(base, head, facts)
    assert (cause.file, cause.line) == (".github/CODEOWNERS", 1)
    for broken in ({"repository": {"repo": {"codeowners": {"path": None}}}},
                   {"repository": {"repo": {"codeowners": "x"}}}, {"repository": None}, []):
        assert causes(base, head, broken)[0].file is None


# -- unknown values -------------------------------------------------------------------------


def test_unknown_on_either_side_is_no_change() -> None:
    known = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9), level="Owned")))
    unknown = scores(result(2, rule("owned", "pass", leaf(COVERAGE, None, "unknown"),
                                    level="Owned")))
    assert causes(known, unknown) == []
    assert causes(unknown, known) == []


def test_a_level_that_drops_because_a_rule_became_unknown_stands_alone() -> None:
    base = scores(result(2, rule("file", "pass", leaf("repo.codeowners.path", "CODEOWNERS"),
                                 title="Has a CODEOWNERS file")))
    head = scores(result(0, rule("file", "unknown",
                                 leaf("repo.codeowners.path", None, "unknown",
                                      reason="no CODEOWNERS file"),
                                 leaf("repo.codeowners.forge", None, "unknown",
                                      reason="no CODEOWNERS file"),
                                 title="Has a CODEOWNERS file")))
    (level,) = causes(base, head)
    assert (level.kind, level.rule, level.regression, level.consequences) == (
        "level", "gate-level-dropped", True, ())
    assert level.message == (
        "Ownership: level dropped from Owned to None for the repository: rule 'Has a "
        "CODEOWNERS file' (Listed) could not be evaluated on the head (no CODEOWNERS file)")
    # without a reason the rule is still named
    head["repository"]["scorecards"]["ownership"]["rules"][0]["conditions"] = [
        leaf("repo.codeowners.path", None, "unknown")]
    assert causes(base, head)[0].message.endswith(
        "rule 'Has a CODEOWNERS file' (Listed) could not be evaluated on the head")


def test_a_level_that_moves_with_no_rule_turning_or_unknown() -> None:
    (level,) = causes(scores(result(2)), scores(result(1)))
    assert level.message == "Ownership: level dropped from Owned to Listed for the repository"
    (rise,) = causes(scores(result(0)), scores(result(1)))
    assert (rise.regression, rise.message) == (
        False, "Ownership: level rose from None to Listed for the repository")


# -- rules that turn -------------------------------------------------------------------------


def test_a_rule_that_turns_with_no_value_changed_is_its_own_cause() -> None:
    same = leaf("repo.ci.deploys", True)
    base = scores(result(1, rule("deploys", "pass", same, title="Deploys", fix="Deploy.")))
    head = scores(result(0, rule("deploys", "fail", same, title="Deploys", fix="Deploy.")))
    (cause,) = causes(base, head)
    assert (cause.kind, cause.rule, cause.regression, cause.severity) == (
        "scorecard-rule", "gate-scorecard-rule", True, Severity.WARNING)
    assert cause.message == ("Ownership: rule 'Deploys' (Listed) passed on the base and fails "
                             "now for the repository")
    assert [c.kind for c in cause.consequences] == ["level"]
    assert cause.fix == "Deploy."
    (back,) = causes(head, base)
    assert back.message == ("Ownership: rule 'Deploys' (Listed) failed on the base and passes "
                            "now for the repository")
    assert back.regression is False and back.fix is None


def test_only_pass_and_fail_turns_count() -> None:
    for was, now in (("pass", "unknown"), ("unknown", "fail"), ("fail", "unknown"),
                     ("fail", "fail"), ("pass", "pass")):
        base = scores(result(1, rule("r", was, leaf("repo.ci.deploys", True, was))))
        head = scores(result(1, rule("r", now, leaf("repo.ci.deploys", True, now))))
        assert causes(base, head) == [], (was, now)


def test_rules_are_matched_by_identifier_and_a_new_rule_is_no_turn() -> None:
    base = scores(result(1, rule("a", "pass", leaf("repo.ci.deploys", True))))
    head = scores(result(1, rule("b", "fail", leaf("repo.ci.deploys", False, "fail"))))
    assert causes(base, head) == []


def test_rule_titles_fall_back_to_identifiers_and_cards_to_their_id() -> None:
    """Version 1 sections: each result names its rules' titles and levels."""
    base = scores(result(1, rule("deploys", "pass", leaf("repo.ci.deploys", True))),
                  title="", version=1)
    base["repository"]["scorecards"]["ownership"]["rules"][0]["title"] = ""
    head = scores(result(1, rule("deploys", "fail", leaf("repo.ci.deploys", True))), version=1)
    head["scorecards"] = []
    head["repository"]["scorecards"]["ownership"]["rules"][0]["title"] = None
    (cause,) = causes(base, head)
    assert cause.message == ("ownership: rule 'deploys' (Listed) passed on the base and fails "
                             "now for the repository")


# -- readings: properties and entity facts --------------------------------------------------------


def test_a_removed_property_is_a_cause_of_the_entity() -> None:
    description = "metadata.description"
    base = scores(entities={CART: result(1, rule(
        "description", "pass", leaf(description, "The cart.", kind="property"),
        title="Has a description"))})
    head = scores(entities={CART: result(0, rule(
        "description", "fail", leaf(description, None, "fail", kind="property"),
        title="Has a description"))})
    (cause,) = causes(base, head)
    assert (cause.kind, cause.rule, cause.entity, cause.file, cause.line) == (
        "property", "gate-property-changed", CART, "cart.yaml", 3)
    assert cause.message == f"metadata.description was removed from {CART}"
    assert cause.severity is Severity.ERROR  # a level dropped under it
    assert [c.kind for c in cause.consequences] == ["scorecard-rule", "level"]
    assert [(c.file, c.line, c.entity) for c in cause.consequences] == [("cart.yaml", 3, CART)] * 2


def test_a_property_cause_with_a_rule_only_is_a_warning() -> None:
    base = scores(entities={CART: result(1, rule("t", "pass", leaf("spec.type", "a",
                                                                  kind="property")))})
    head = scores(entities={CART: result(1, rule("t", "fail", leaf("spec.type", "b", "fail",
                                                                  kind="property")))})
    (cause,) = causes(base, head)
    assert cause.severity is Severity.WARNING
    assert cause.message == f"spec.type of {CART} changed from a to b"


def test_a_changed_value_that_matters_to_nothing_is_not_reported() -> None:
    base = scores(entities={CART: result(1, rule("d", "pass", leaf(
        "metadata.description", "Old text.", kind="property")))})
    head = scores(entities={CART: result(1, rule("d", "pass", leaf(
        "metadata.description", "New text.", kind="property")))})
    assert causes(base, head) == []
    base = scores(result(1, rule("ci", "pass", leaf("repo.ci.workflows", ["a.yml"]))))
    head = scores(result(1, rule("ci", "pass", leaf("repo.ci.workflows", ["b.yml"]))))
    assert causes(base, head) == []


@pytest.mark.parametrize(("before", "after", "sentence"), [
    ("x", None, "p was removed from e"), ("x", "", "p was removed from e"),
    (["a"], [], "p was removed from e"), ({"a": 1}, {}, "p was removed from e"),
    (None, "x", "p was added to e"), ("", ["a"], "p was added to e"),
    ("a", "b", "p of e changed from a to b"), (["a"], ["a", "b"],
                                              'p of e changed from ["a"] to ["a", "b"]'),
])
def test_property_sentences(before: Any, after: Any, sentence: str) -> None:
    assert describe_property("p", before, after, "e") == sentence


def readme(rank: int, status: str, actual: str | None) -> dict[str, Any]:
    return result(rank, rule("readme", status, leaf("entity.files.readme", actual, status),
                             title="Has a README", level="Listed", fix="Add a README."))


def test_one_removed_readme_read_by_three_subjects_is_one_cause() -> None:
    base = scores(readme(1, "pass", "README.md"),
                  entities={API: readme(1, "pass", "README.md"),
                            CART: readme(1, "pass", "README.md")})
    head = scores(readme(0, "fail", None),
                  entities={API: readme(0, "fail", None), CART: readme(0, "fail", None)})
    (cause,) = causes(base, head)
    assert cause.message == "README.md was removed"
    assert cause.entity is None  # three subjects
    assert (cause.file, cause.line) == ("api.yaml", 7)  # the first entity it concerns
    assert [v["subject"] for v in cause.values] == [REPOSITORY, API, CART]
    assert [c.message for c in cause.consequences] == [
        "Ownership: rule 'Has a README' (Listed) fails now for the repository",
        f"Ownership: rule 'Has a README' (Listed) fails now for {API}",
        f"Ownership: rule 'Has a README' (Listed) fails now for {CART}",
        "Ownership: level dropped from Listed to None for the repository",
        f"Ownership: level dropped from Listed to None for {API}",
        f"Ownership: level dropped from Listed to None for {CART}"]
    assert cause.subjects == [REPOSITORY, API, CART]
    added = causes(head, base)[0]
    assert (added.regression, added.message, added.file) == (False, "README.md was added",
                                                            "README.md")


def test_an_entity_fact_of_one_entity_names_it() -> None:
    base = scores(entities={CART: readme(1, "pass", "README.md")})
    head = scores(entities={CART: readme(0, "fail", None)})
    (cause,) = causes(base, head)
    assert (cause.entity, cause.file, cause.line) == (CART, "cart.yaml", 3)


def test_a_repository_cause_with_entity_consequences_is_shown_at_the_first_entity() -> None:
    deploys = "repo.ci.deploys"
    base = scores(entities={API: result(1, rule("d", "pass", leaf(deploys, True))),
                            CART: result(1, rule("d", "pass", leaf(deploys, True)))})
    head = scores(entities={API: result(1, rule("d", "fail", leaf(deploys, False, "fail"))),
                            CART: result(1, rule("d", "fail", leaf(deploys, False, "fail")))})
    (cause,) = causes(base, head)
    assert cause.message == "No CI workflow deploys any more"
    assert cause.entity is None and [v["subject"] for v in cause.values] == [REPOSITORY]
    assert (cause.file, cause.line) == ("api.yaml", 7)
    assert [c.entity for c in cause.consequences] == [API, CART]


def test_flags_of_several_entities_merge_and_name_them_all() -> None:
    covered = "entity.codeowners.covered"
    base = scores(entities={API: result(1, rule("c", "pass", leaf(covered, True))),
                            CART: result(1, rule("c", "pass", leaf(covered, True)))})
    head = scores(entities={API: result(1, rule("c", "pass", leaf(covered, False))),
                            CART: result(1, rule("c", "pass", leaf(covered, False)))})
    (cause,) = causes(base, head)
    assert cause.message == f"CODEOWNERS no longer gives an owner to {API} and {CART}"
    assert cause.regression is True and cause.consequences == ()


def test_two_causes_on_one_subject_share_out_the_consequences() -> None:
    def side(status: str, text: str | None, path: str | None, rank: int) -> dict[str, Any]:
        return scores(entities={CART: result(
            rank,
            rule("description", status, leaf("metadata.description", text, status,
                                             kind="property")),
            rule("readme", status, leaf("entity.files.readme", path, status)))})

    first, second = causes(side("pass", "Cart.", "README.md", 1), side("fail", None, None, 0))
    assert first.message == f"metadata.description was removed from {CART}"
    assert [c.kind for c in first.consequences] == ["scorecard-rule", "level"]
    assert second.message == "README.md was removed"
    assert [c.kind for c in second.consequences] == ["scorecard-rule"]


def test_nested_queries_are_read() -> None:
    base = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9), nested=True)))
    head = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.3), nested=True)))
    assert causes(base, head)[0].before == 0.9


def test_what_is_not_on_both_sides_is_not_compared() -> None:
    one = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9))))
    other = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.3))), card="another")
    assert causes(one, other) == []
    assert causes(scores(entities={CART: result(1)}), scores(entities={API: result(0)})) == []
    assert causes(None, one) == [] and causes(one, "nonsense") == []
    broken = scores(result(2))
    broken["repository"]["scorecards"]["ownership"] = "not a result"
    assert causes(broken, scores(result(0))) == [] and causes(scores(result(0)), broken) == []


def test_malformed_rules_and_ranks_are_skipped() -> None:
    base = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9))))
    head = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.3))))
    head["repository"]["scorecards"]["ownership"]["rules"].append("not a rule")
    head["repository"]["scorecards"]["ownership"]["rank"] = "2"
    base["repository"]["scorecards"]["ownership"]["rank"] = 1
    (cause,) = causes(base, head)
    assert cause.consequences == ()  # no level move: the head's rank is no number


# -- the scores section ------------------------------------------------------------------------


def test_reading_a_scores_section() -> None:
    section = scores(readme(1, "pass", "README.md"), entities={CART: readme(0, "fail", None)})
    assert set(subjects(section)) == {REPOSITORY, CART}
    assert subjects(scores(None, entities={CART: result(0)})).keys() == {CART}
    section["entities"].append("nonsense")
    section["entities"].append({"ref": "x", "scorecards": "nonsense"})
    assert set(subjects(section)) == {REPOSITORY, CART}
    assert subjects([]) == {} and titles("x") == {}
    assert titles({"scorecards": [{"identifier": "a"}, {"identifier": "b", "title": "B"}, 3]}) == {
        "a": "a", "b": "B"}
    assert who(REPOSITORY) == "the repository" and who(CART) == CART


def test_passing_and_scores() -> None:
    assert passing({"counts": {"pass": 3, "fail": 1, "unknown": 0}}) == (3, 4)
    assert passing({"counts": {"pass": 0, "fail": 0, "unknown": 2}}) == (0, 2)
    assert passing({"counts": {"pass": 0, "fail": 0, "unknown": 0}}) is None
    assert passing({"counts": "x"}) is None and passing(None) is None
    assert passing({"counts": {"fail": 1}}) == (0, 1)
    assert score_of({"counts": {"pass": 1, "fail": 2}}) == 33.3
    assert score_of({"counts": {"pass": 2, "fail": 1}}) == 66.7
    assert score_of({}) is None


def test_leaves_and_reads() -> None:
    nested = rule("r", "pass", leaf("a", 1), leaf("b", 2, kind="property"), nested=True)
    assert [item.get("fact") or item.get("property") for item in leaves(nested["conditions"])
            ] == ["a", "b"]
    assert list(leaves("nonsense")) == [] and list(leaves([3, {"operator": "="}])) == []
    assert list(reads(nested)) == [("fact", "a"), ("property", "b")]
    twice = rule("r", "pass", leaf("a", 1), leaf("a", 2))
    assert reads(twice)[("fact", "a")]["actual"] == 1  # the first read of a value


def test_score_table_and_what_moved() -> None:
    base = scores(readme(1, "pass", "README.md"))
    head = scores(readme(0, "fail", None), entities={CART: readme(1, "pass", "README.md")})
    table = score_table(base, head)
    assert table[REPOSITORY]["ownership"] == {
        "before": "Listed", "after": "None", "passed_before": 1, "passed_after": 0,
        "rules_before": 1, "rules_after": 1, "score_before": 100.0, "score_after": 0.0}
    assert table[CART]["ownership"]["before"] is None
    assert table[CART]["ownership"]["passed_before"] is None
    assert moved(table[REPOSITORY]["ownership"]) and moved(table[CART]["ownership"])
    same = {"before": "A", "after": "A", "passed_before": 1, "passed_after": 1,
            "rules_before": 2, "rules_after": 2}
    assert not moved(same)
    assert moved({**same, "rules_after": 3}) and moved({**same, "passed_after": 2})
    assert moved({**same, "after": "B"})


# -- findings and the whole comparison ---------------------------------------------------------


def test_findings_of_an_older_report_without_fingerprints() -> None:
    old = finding("duplicate-key", "key 'a' twice", stored=False)
    same = finding("duplicate-key", "key 'a' twice", line=9)
    result_ = compare(report(findings=[old]), report(findings=[same]))
    assert (result_.new_findings, result_.fixed_findings, result_.unchanged) == ([], [], 1)


def test_findings_as_multisets_and_restated_messages() -> None:
    one = finding("duplicate-key", "key 'a' twice", entity=CART)
    other = finding("yaml11-value", "unquoted no", entity=CART, path="metadata.x")
    restated_before = finding("codeowners-coverage", "40% owned", file=".")
    restated_after = finding("codeowners-coverage", "38% owned", file=".", line=2)
    gone = finding("empty-document", "document 2 is empty", severity=Severity.INFO)
    base = report(findings=[one, restated_before, gone], refs=(CART,))
    head = report(findings=[one, one, other, restated_after], refs=(CART,))
    result_ = compare(base, head)
    assert [f.rule for f in result_.new_findings] == ["duplicate-key", "yaml11-value"]
    assert [f.rule for f in result_.fixed_findings] == ["empty-document"]
    assert result_.unchanged == 2
    assert result_.head_errors == 4  # every error-level finding of the head
    new = [c for c in result_.regressions]
    assert [(c.kind, c.message, c.severity, c.entity, c.file, c.line, c.consequences)
            for c in new] == [
        ("finding", "key 'a' twice", Severity.ERROR, CART, "catalog-info.yaml", 1, ()),
        ("finding", "unquoted no", Severity.ERROR, CART, "catalog-info.yaml", 1, ())]
    (cart,) = result_.entities
    assert (cart.status, cart.new, cart.fixed, cart.findings_before, cart.findings_after,
            cart.regressions) == ("changed", 2, 0, 1, 3, 2)


def test_entity_statuses() -> None:
    base = report(refs=(CART, API), findings=[finding("a", "x", entity=API)])
    head = report(refs=(CART, "component:default/new"),
                  findings=[finding("a", "x", entity="component:default/new")])
    statuses = {d.ref: (d.status, d.regressions) for d in compare(base, head).entities}
    assert statuses == {"component:default/new": ("added", 1), API: ("removed", 0),
                        CART: ("unchanged", 0)}
    # the order: most regressions first, then changed before unchanged, then by name
    assert [d.ref for d in compare(base, head).entities] == [
        "component:default/new", API, CART]


def test_the_repository_is_an_entity_row_when_scored() -> None:
    base = report(scores(readme(1, "pass", "README.md")), refs=(CART,))
    head = report(scores(readme(0, "fail", None)), refs=(CART,))
    result_ = compare(base, head)
    rows = {d.ref: d for d in result_.entities}
    assert (rows[REPOSITORY].status, rows[REPOSITORY].regressions) == ("changed", 1)
    assert rows[REPOSITORY].scorecards["ownership"]["after"] == "None"
    assert (rows[CART].status, rows[CART].regressions) == ("unchanged", 0)
    assert result_.to_dict()["counts"]["consequences"] == 2
    same = compare(base, base)
    assert {d.ref: d.status for d in same.entities} == {REPOSITORY: "unchanged",
                                                        CART: "unchanged"}


def test_an_entity_whose_passing_rules_moved_is_changed() -> None:
    base = report(scores(entities={CART: result(1, rule("a", "pass", leaf("x", 1)),
                                                rule("b", "fail", leaf("y", 1), level="Owned"))}),
                  refs=(CART,))
    head = report(scores(entities={CART: result(1, rule("a", "pass", leaf("x", 1)))}),
                  refs=(CART,))
    (cart,) = compare(base, head).entities
    assert cart.status == "changed" and cart.regressions == 0


def test_fail_modes_and_round_trip() -> None:
    old = finding("a", "old", severity=Severity.WARNING)
    base = report(scores(readme(1, "pass", "README.md")), findings=[old])
    head = report(scores(readme(0, "fail", None)), findings=[old])
    result_ = compare(base, head, fail_on="any")
    assert result_.fail_on == "any" and result_.fails() and result_.fails("regression")
    assert not result_.fails("never")
    quiet = compare(head, head)
    assert not quiet.fails() and not quiet.fails("any")  # a warning is no error
    data = result_.to_dict()
    assert data["version"] == 2 and data["failed"] is True
    assert GateResult.from_dict(data).to_dict() == data
    (cause,) = result_.regressions
    assert cause.summary() == (
        "README.md was removed. Consequences: Ownership: rule 'Has a README' (Listed) fails "
        "now for the repository; Ownership: level dropped from Listed to None for the "
        "repository")
    finding_ = cause.as_finding()
    assert finding_.message == cause.summary() and finding_.path == "entity.files.readme"
    alone = Change(kind="fact", regression=True, message="README.md was removed",
                   subject="entity.files.readme")
    assert alone.as_finding().fingerprint == finding_.fingerprint  # consequences aside
    assert alone.summary() == "README.md was removed"


def test_older_gate_sections_read_back() -> None:
    old = {"fail_on": "regression", "base": {}, "head": {},
           "counts": {"unchanged_findings": 3, "head_errors": 1},
           "regressions": [{"kind": "level", "regression": True, "message": "dropped",
                            "line": None}],
           "entities": [{"ref": CART}]}
    result_ = GateResult.from_dict(old)
    (change,) = result_.regressions
    assert (change.line, change.column, change.consequences, change.values, change.fix) == (
        1, 1, (), (), None)
    assert (result_.unchanged, result_.head_errors) == (3, 1)
    assert result_.entities[0].status == "changed"


def test_a_stored_fingerprint_wins_and_a_missing_one_is_computed() -> None:
    stored = finding("duplicate-key", "key 'a' twice")
    # the same fingerprint stored under another message (an older recipe): still the same
    reworded = finding("duplicate-key", "key 'a' appears twice", path="x")
    reworded = dataclasses.replace(reworded, fingerprint=stored.fingerprint)
    assert compare(report(findings=[stored]), report(findings=[reworded])).unchanged == 1
    # computed from every part, the entity included
    before = finding("duplicate-key", "key 'a' twice", entity=CART, stored=False)
    after = finding("duplicate-key", "key 'a' twice", entity=API, stored=False)
    moved_ = compare(report(findings=[before]), report(findings=[after]))
    assert (len(moved_.new_findings), len(moved_.fixed_findings)) == (1, 1)


def test_what_a_finding_change_and_the_sides_carry() -> None:
    warning = finding("yaml11-value", "unquoted no", severity=Severity.WARNING, entity=CART)
    warning = dataclasses.replace(warning, column=5, line=7)
    base, head = report(revision="1" * 40), report(findings=[warning], revision="2" * 40)
    result_ = compare(base, head)
    (change,) = result_.changes
    assert (change.severity, change.line, change.column, change.file, change.entity) == (
        Severity.WARNING, 7, 5, "catalog-info.yaml", CART)
    assert result_.fail_on == "regression"
    assert (result_.base.revision, result_.base.summary) == ("1" * 40, base.summary())
    assert (result_.head.revision, result_.head.summary) == ("2" * 40, head.summary())


def test_entity_rows_carry_their_place_and_counts() -> None:
    base = report(refs=(CART, API),
                  findings=[finding("a", "one", entity=CART), finding("b", "two", entity=CART)])
    base.entities[1].pop("line")
    head = report(refs=(CART, API))
    head.entities[1].pop("line")
    rows = {d.ref: d for d in compare(base, head).entities}
    assert (rows[CART].file, rows[CART].line, rows[CART].fixed) == ("cart.yaml", 3, 2)
    assert (rows[CART].findings_before, rows[CART].findings_after) == (2, 0)
    assert (rows[API].file, rows[API].line) == ("api.yaml", 1)  # no line given: the first
    assert (rows[API].findings_before, rows[API].findings_after) == (0, 0)
    assert [d.ref for d in compare(base, head).entities] == [CART, API]  # changed first


# -- boundaries found by mutation testing (docs/mutation-testing.md) ----------------------------


def test_titles_come_from_either_side() -> None:
    """Version 1 sections: each result names its rules' titles and levels."""
    base = scores(result(1, rule("d", "pass", leaf("repo.ci.deploys", True))), version=1)
    head = scores(result(1, rule("d", "fail", leaf("repo.ci.deploys", False, "fail"))), version=1)
    base_untitled, head_untitled = dict(base, scorecards=[]), dict(head, scorecards=[])
    assert causes(base, head_untitled)[0].consequences[0].message.startswith("Ownership: ")
    assert causes(base_untitled, head)[0].consequences[0].message.startswith("Ownership: ")
    # no title on either side: the scorecard's identifier, in every message
    untitled = causes(base_untitled, head_untitled)[0]
    assert untitled.consequences[0].message.startswith("ownership: rule 'D' (Listed)")
    (alone,) = causes(dict(scores(result(2), version=1), scorecards=[]),
                      dict(scores(result(1), version=1), scorecards=[]))
    assert alone.message.startswith("ownership: level dropped")
    (rule_alone,) = causes(
        dict(scores(result(1, rule("d", "pass", leaf("x", 1))), version=1), scorecards=[]),
        dict(scores(result(1, rule("d", "fail", leaf("x", 1))), version=1), scorecards=[]))
    assert rule_alone.message.startswith("ownership: rule 'D' (Listed) passed on the base")


def test_a_rule_without_a_title_is_named_by_its_identifier() -> None:
    def side(value: bool, status: str) -> dict[str, Any]:
        found = rule("deploys", status, leaf("repo.ci.deploys", value, status))
        found["title"] = None
        return scores(result(1 if status == "pass" else 0, found))

    (cause,) = causes(side(True, "pass"), side(False, "fail"))
    assert cause.consequences[0].message == (
        "Ownership: rule 'deploys' (Listed) fails now for the repository")


def test_a_malformed_scorecard_result_does_not_hide_the_next_one() -> None:
    def side(value: float) -> dict[str, Any]:
        section = scores(result(2, rule("owned", "pass", leaf(COVERAGE, value))))
        section["repository"]["scorecards"] = {"a-broken": "nonsense",
                                               "ownership": section["repository"]
                                               ["scorecards"]["ownership"]}
        return section

    assert [c.subject for c in causes(side(0.9), side(0.5))] == [COVERAGE]


def test_a_new_rule_does_not_hide_the_next_one() -> None:
    base = scores(result(1, rule("d", "pass", leaf("repo.ci.deploys", True))))
    head = scores(result(0, rule("added", "fail", leaf("x", 1, "fail")),
                         rule("d", "fail", leaf("repo.ci.deploys", False, "fail"))))
    (cause,) = causes(base, head)
    assert [c.subject for c in cause.consequences] == ["ownership/d", "ownership"]


def test_an_unchanged_or_unknown_value_does_not_hide_the_next_one() -> None:
    def side(deploys: bool, status: str) -> dict[str, Any]:
        return scores(result(1, rule("d", status, leaf("repo.ci.systems", ["github"]),
                                     leaf("repo.slos.files", None, "unknown"),
                                     leaf("repo.ci.deploys", deploys, status))))

    (cause,) = causes(side(True, "pass"), side(False, "fail"))
    assert cause.subject == "repo.ci.deploys"


def test_unknown_on_either_side_of_a_directed_fact_is_no_change() -> None:
    def side(actual: str | None, status: str) -> dict[str, Any]:
        return scores(entities={CART: result(1, rule("r", "pass", leaf(
            "entity.files.readme", actual, status)))})

    known, unknown = side("README.md", "pass"), side(None, "unknown")
    assert causes(known, unknown) == [] and causes(unknown, known) == []
    assert causes(side(None, "pass"), known)[0].message == "README.md was added"  # known


def test_two_rules_that_turn_alone_are_two_causes() -> None:
    same = leaf("x", 1)
    base = scores(result(1, rule("a", "pass", same), rule("b", "pass", same)))
    head = scores(result(1, rule("a", "fail", same), rule("b", "fail", same)))
    assert [c.subject for c in causes(base, head)] == ["ownership/a", "ownership/b"]


def test_an_unknown_level_names_every_rule_and_reason_and_only_them() -> None:
    def unknown(identifier: str, *reasons: str) -> dict[str, Any]:
        found = rule(identifier, "unknown", *(leaf(f"repo.{r}", None, "unknown", reason=r)
                                              for r in reasons))
        found["title"] = None
        return found

    base = scores(result(2, rule("a", "pass", leaf("repo.a", 1)),
                         rule("b", "pass", leaf("repo.b", 1)),
                         rule("kept", "pass", leaf("repo.c", 1))))
    head = scores(result(0, unknown("a", "no token", "no api", "no token"),
                         unknown("b", "shallow"), rule("kept", "pass", leaf("repo.c", 1))))
    (level,) = causes(base, head)
    assert level.message == (
        "Ownership: level dropped from Owned to None for the repository: rule 'a' (Listed) "
        "could not be evaluated on the head (no token; no api); rule 'b' (Listed) could "
        "not be evaluated on the head (shallow)")


def test_where_causes_and_consequences_are_shown() -> None:
    # a README added: at the README, line 1
    base = scores(entities={CART: readme(0, "fail", None)})
    head = scores(entities={CART: readme(1, "pass", "docs/README.md")})
    (added,) = causes(base, head)
    assert (added.file, added.line) == ("docs/README.md", 1)
    # an entity the report does not place: no file, line 1
    ghost = "component:default/ghost"
    (cause,) = causes(scores(entities={ghost: readme(1, "pass", "README.md")}),
                      scores(entities={ghost: readme(0, "fail", None)}))
    assert (cause.file, cause.line) == (None, 1)
    assert [(c.file, c.line, c.entity) for c in cause.consequences] == [(None, 1, ghost)] * 2
    # the repository: no file, line 1, for the cause and each consequence
    (repository,) = causes(scores(readme(1, "pass", "README.md")), scores(readme(0, "fail", None)))
    assert [(c.file, c.line) for c in (repository, *repository.consequences)] == [(None, 1)] * 3
    # an empty CODEOWNERS path is no place
    facts = {"repository": {"repo": {"codeowners": {"path": ""}}}}
    base = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.9))))
    head = scores(result(2, rule("owned", "pass", leaf(COVERAGE, 0.8))))
    assert causes(base, head, facts)[0].file is None


def test_leaves_skip_what_is_no_condition() -> None:
    assert list(leaves(None)) == []
    assert list(leaves([3, "x", leaf("a", 1)])) == [leaf("a", 1)]


def test_score_table_of_a_subject_scored_on_one_side() -> None:
    table = score_table(scores(entities={CART: readme(1, "pass", "README.md")}), scores())
    assert table[CART]["ownership"] == {
        "before": "Listed", "after": None, "passed_before": 1, "passed_after": None,
        "rules_before": 1, "rules_after": None, "score_before": 100.0, "score_after": None}
