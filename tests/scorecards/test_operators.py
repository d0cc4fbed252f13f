"""Every operator, on the values it meets: strings, numbers, lists, null, missing."""

from __future__ import annotations

from typing import Any

import pytest

from catalog_lint.scorecards.operators import OPERATORS, OperatorError, compile_test
from catalog_lint.scorecards.paths import MISSING, PathError, parse, resolve

CASES: list[tuple[str, Any, Any, bool]] = [
    # operator, expected value, actual value, passes
    ("=", "production", "production", True),
    ("=", "production", "Production", False),
    ("=", 1, 1.0, True),
    ("=", True, 1, False),  # JSON: true is not 1
    ("=", 1, True, False),
    ("=", "1", 1, False),
    ("=", "x", MISSING, False),
    ("=", "x", None, False),
    ("!=", "deprecated", "production", True),
    ("!=", "deprecated", "deprecated", False),
    ("!=", "deprecated", MISSING, True),  # a missing value differs from everything
    (">", 2, 3, True),
    (">", 2, 2, False),
    (">=", 2, 2, True),
    ("<", 2, 1.5, True),
    ("<=", 2, 3, False),
    (">", 2, "3", False),  # never compares a string with a number
    (">", 2, MISSING, False),
    (">=", "2024-01-01", "2024-06-30", True),  # ISO dates compare as strings
    ("between", {"from": 1, "to": 3}, 1, True),
    ("between", {"from": 1, "to": 3}, 3, True),
    ("between", [1, 3], 4, False),
    ("between", ["2024-01-01", "2024-12-31"], "2024-06-30", True),
    ("contains", "pay", "payments", True),
    ("contains", "pay", "cart", False),
    ("contains", "java", ["java", "kafka"], True),
    ("contains", "jav", ["java", "kafka"], False),  # list: membership, not substring
    ("contains", "x", MISSING, False),
    ("containsAny", ["go", "java"], ["java"], True),
    ("containsAny", ["go", "rust"], ["java"], False),
    ("containsAny", ["prod", "stag"], "staging", True),
    ("doesNotContain", "deprecated", ["java"], True),
    ("doesNotContain", "java", ["java"], False),
    ("doesNotContain", "x", MISSING, True),
    ("doesNotContain", "x", 5, False),
    ("beginsWith", "group:", "group:default/team", True),
    ("beginsWith", "group:", "user:ada", False),
    ("beginsWith", "group:", MISSING, False),
    ("endsWith", ".md", "README.md", True),
    ("endsWith", ".md", 5, False),
    ("in", ["production", "experimental"], "production", True),
    ("in", ["production", "experimental"], "deprecated", False),
    ("in", ["production"], MISSING, False),
    ("in", ["a", "b"], ["a", "b"], True),  # a list is in when every item is
    ("in", ["a", "b"], ["a", "c"], False),
    ("in", ["a"], [], False),
    ("notIn", ["deprecated"], "production", True),
    ("notIn", ["deprecated"], "deprecated", False),
    ("notIn", ["deprecated"], MISSING, True),
    ("isEmpty", None, MISSING, True),
    ("isEmpty", None, None, True),
    ("isEmpty", None, "", True),
    ("isEmpty", None, [], True),
    ("isEmpty", None, {}, True),
    ("isEmpty", None, 0, False),
    ("isEmpty", None, False, False),
    ("isNotEmpty", None, "team-a", True),
    ("isNotEmpty", None, "", False),
    ("isNotEmpty", None, MISSING, False),
    ("exists", None, "README.md", True),
    ("exists", None, True, True),
    ("exists", None, 0, True),
    ("exists", None, False, False),
    ("exists", None, None, False),
    ("exists", None, [], False),
    ("notExists", None, None, True),
    ("notExists", None, "README.md", False),
]


@pytest.mark.parametrize(("operator", "expected", "actual", "passes"), CASES)
def test_operator(operator: str, expected: Any, actual: Any, passes: bool) -> None:
    assert compile_test(operator, expected)(actual) is passes


def test_every_operator_is_covered() -> None:
    assert {case[0] for case in CASES} == set(OPERATORS)


@pytest.mark.parametrize(("operator", "expected", "actual", "passes"), [
    (">=", "Medium", "High", True),
    (">=", "Medium", "Medium", True),
    (">=", "High", "Medium", False),
    ("<", "High", "Low", True),
    (">", "Low", "Elite", True),
    ("between", ["Medium", "High"], "Elite", False),
    ("in", ["Elite", "High"], "High", True),
])
def test_tiers_compare_in_their_order(operator: str, expected: Any, actual: str,
                                      passes: bool) -> None:
    assert compile_test(operator, expected, tiers=True)(actual) is passes


@pytest.mark.parametrize(("operator", "value", "message"), [
    ("equals", "x", "unknown operator 'equals'"),
    ("containsany", ["x"], "did you mean 'containsAny'?"),
    ("isEmpty", "x", "takes no value"),
    ("in", "production", "needs a non-empty list"),
    ("in", [], "needs a non-empty list"),
    ("between", 3, "needs {from: ..., to: ...}"),
    ("between", [3, 1], "from <= to"),
    ("between", [1, "z"], "two numbers or two strings"),
    (">", [1], "needs a number or a string"),
    ("beginsWith", 5, "needs a string"),
    ("=", {"a": 1}, "needs a single value"),
    ("=", None, "to test for null use 'isEmpty'"),
])
def test_bad_values_are_refused(operator: str, value: Any, message: str) -> None:
    with pytest.raises(OperatorError, match=message.replace("(", r"\(").replace("?", r"\?")
                       .replace("{", r"\{").replace("}", r"\}")):
        compile_test(operator, value)


def test_tier_values_must_be_tiers() -> None:
    with pytest.raises(OperatorError, match="'Great' is not a DORA tier"):
        compile_test(">=", "Great", tiers=True)


@pytest.mark.parametrize(("text", "parts"), [
    ("spec.lifecycle", ("spec", "lifecycle")),
    ('metadata.annotations["pagerduty.com/service-id"]',
     ("metadata", "annotations", "pagerduty.com/service-id")),
    ("metadata.annotations['backstage.io/techdocs-ref']",
     ("metadata", "annotations", "backstage.io/techdocs-ref")),
    ("metadata.tags[0]", ("metadata", "tags", 0)),
    ("metadata.links[*].type", ("metadata", "links", "*", "type")),
    ('a["quote \\" inside"]', ("a", 'quote " inside')),
    ("$team", ("$team",)),
])
def test_paths_parse(text: str, parts: tuple[Any, ...]) -> None:
    assert parse(text) == parts


@pytest.mark.parametrize("text", ["", "spec.", ".spec", "spec..owner", "a[", "a[x]", "a b"])
def test_bad_paths(text: str) -> None:
    with pytest.raises(PathError):
        parse(text)


def test_paths_resolve() -> None:
    data = {"metadata": {"tags": ["java"], "links": [{"type": "runbook"}, {"title": "x"},
                                                     {"type": "dashboard"}]}}
    assert resolve(data, ("metadata", "tags", 0)) == "java"
    assert resolve(data, ("metadata", "tags", 3)) is MISSING
    assert resolve(data, ("metadata", "links", "*", "type")) == ["runbook", "dashboard"]
    assert resolve(data, ("spec", "owner")) is MISSING
    assert resolve({"spec": None}, ("spec",)) is None
