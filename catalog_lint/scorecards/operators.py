"""Condition operators, with the names and meaning of Port's scorecards.

Each operator is compiled once, with its expected value, into a test of the value the
condition reads. A value that is not there (a missing property, or ``null``) equals
nothing, differs from everything, contains nothing and is empty. Comparisons only hold
between two numbers or two strings (ISO dates compare as strings); DORA tiers compare
in their order, Low < Medium < High < Elite.

The caller handles ``Unknown`` facts before any test runs: a condition on an unknown
fact is neither passed nor failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog_lint.facts.names import TIERS
from catalog_lint.scorecards.paths import MISSING

Test = Callable[[Any], bool]

#: Operators that take no value.
UNARY = ("isEmpty", "isNotEmpty", "exists", "notExists")
#: Operators whose value is a list.
LIST_VALUED = ("in", "notIn", "containsAny")
COMPARISONS = (">", ">=", "<", "<=")
OPERATORS = (
    "=", "!=", ">", ">=", "<", "<=", "between", "contains", "containsAny", "doesNotContain",
    "beginsWith", "endsWith", "in", "notIn", "isEmpty", "isNotEmpty", "exists", "notExists",
)


class OperatorError(ValueError):
    """The operator or its value is wrong; the message says how."""


def _absent(value: Any) -> bool:
    return value is MISSING or value is None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _number(a) and _number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def _comparable(a: Any, b: Any) -> bool:
    return (_number(a) and _number(b)) or (isinstance(a, str) and isinstance(b, str))


def _empty(value: Any) -> bool:
    return _absent(value) or value in ("", [], {})


def _present(value: Any) -> bool:
    """What ``exists`` means: there is something: not null, false, or empty."""
    return not _empty(value) and value is not False


def _contains(actual: Any, item: Any) -> bool:
    if isinstance(actual, str):
        return isinstance(item, str) and item in actual
    if isinstance(actual, list):
        return any(_same(element, item) for element in actual)
    return False


def tier_rank(value: Any) -> Any:
    """DORA tiers as numbers for comparisons (Low 0 … Elite 3); other values unchanged."""
    if isinstance(value, str) and value in TIERS:
        return len(TIERS) - 1 - TIERS.index(value)
    return value


def compile_test(operator: str, expected: Any, *, tiers: bool = False) -> Test:
    """The test ``actual -> bool`` for ``operator`` with ``expected``; raises
    :class:`OperatorError` for an unknown operator or a value of the wrong shape."""
    check_value(operator, expected, tiers=tiers)
    if operator in UNARY:
        return {
            "isEmpty": _empty,
            "isNotEmpty": lambda v: not _empty(v),
            "exists": _present,
            "notExists": lambda v: not _present(v),
        }[operator]
    if operator == "=":
        return lambda v: not _absent(v) and _same(v, expected)
    if operator == "!=":
        return lambda v: _absent(v) or not _same(v, expected)
    if operator in COMPARISONS or operator == "between":
        return _comparison(operator, expected, tiers)
    if operator == "contains":
        return lambda v: _contains(v, expected)
    if operator == "doesNotContain":
        return lambda v: _absent(v) or (isinstance(v, (str, list)) and not _contains(v, expected))
    if operator == "containsAny":
        return lambda v: any(_contains(v, item) for item in expected)
    if operator == "beginsWith":
        return lambda v: isinstance(v, str) and v.startswith(expected)
    if operator == "endsWith":
        return lambda v: isinstance(v, str) and v.endswith(expected)
    if operator == "in":
        def within(v: Any) -> bool:
            if isinstance(v, list):  # a list is in when every item is
                return bool(v) and all(within(item) for item in v)
            return not _absent(v) and any(_same(v, item) for item in expected)
        return within
    if operator == "notIn":
        def outside(v: Any) -> bool:
            if isinstance(v, list):
                return all(outside(item) for item in v)
            return _absent(v) or not any(_same(v, item) for item in expected)
        return outside
    raise OperatorError(f"unknown operator {operator!r}")  # pragma: no cover - checked above


def _comparison(operator: str, expected: Any, tiers: bool) -> Test:
    convert = tier_rank if tiers else (lambda value: value)
    if operator == "between":
        low, high = (expected["from"], expected["to"]) if isinstance(expected, dict) else expected
        low, high = convert(low), convert(high)

        def between(v: Any) -> bool:
            v = convert(v)
            return _comparable(v, low) and _comparable(v, high) and bool(low <= v <= high)
        return between
    bound = convert(expected)
    compare: Callable[[Any, Any], bool] = {
        ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    }[operator]

    def test(v: Any) -> bool:
        v = convert(v)
        return _comparable(v, bound) and bool(compare(v, bound))
    return test


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def check_value(operator: str, value: Any, *, tiers: bool = False) -> None:
    """Refuse a value whose shape does not fit the operator."""
    if operator not in OPERATORS:
        import difflib

        close = difflib.get_close_matches(operator, OPERATORS, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else f" (one of: {', '.join(OPERATORS)})"
        raise OperatorError(f"unknown operator {operator!r}{hint}")
    if operator in UNARY:
        if value is not None:
            raise OperatorError(f"operator {operator!r} takes no value")
        return
    if operator in LIST_VALUED:
        if not isinstance(value, list) or not value or not all(_scalar(v) for v in value):
            raise OperatorError(f"operator {operator!r} needs a non-empty list of values")
        values = value
    elif operator == "between":
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            values = [value["from"], value["to"]]
        elif isinstance(value, list) and len(value) == 2:
            values = value
        else:
            raise OperatorError("operator 'between' needs {from: ..., to: ...} or [low, high]")
        values = [tier_rank(v) if tiers else v for v in values]
        if not _comparable(values[0], values[1]):
            raise OperatorError("'between' needs two numbers or two strings")
        if values[0] > values[1]:
            raise OperatorError("'between' needs from <= to")
        return
    elif operator in COMPARISONS:
        candidate = tier_rank(value) if tiers else value
        if not (_number(candidate) or isinstance(candidate, str)):
            raise OperatorError(f"operator {operator!r} needs a number or a string")
        values = [value]
    elif operator in ("beginsWith", "endsWith"):
        if not isinstance(value, str):
            raise OperatorError(f"operator {operator!r} needs a string")
        values = [value]
    else:
        if not _scalar(value):
            raise OperatorError(f"operator {operator!r} needs a single value (string, number, "
                                "boolean or null)")
        if value is None and operator in ("=", "!="):
            hint = "isEmpty" if operator == "=" else "isNotEmpty"
            raise OperatorError(f"operator {operator!r} needs a value; to test for null use "
                                f"{hint!r}")
        values = [value]
    if tiers:
        for item in values:
            if item not in TIERS:
                raise OperatorError(f"{item!r} is not a DORA tier (one of: {', '.join(TIERS)})")
