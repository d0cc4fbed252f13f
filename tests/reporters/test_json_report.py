"""The JSON report is written by its own indenting writer (the standard library's is
pure Python and took seconds on 50,000 findings); its text must be, byte for byte,
``json.dumps(report, indent=2, ensure_ascii=False)`` followed by a line break."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_lint.reporters import json_report
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent.parent

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(), st.sampled_from(["", "\n", '"', "\\", "é", "\u2028", "\x00", "}", "],\n  ["]),
)
keys = st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
        st.dictionaries(keys, inner, max_size=3),
    ),
    max_leaves=40,
)


def standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(values)
def test_any_json_value_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    assert "".join(json_report.chunks(value)) == standard(value)


def test_a_real_report_is_written_as_the_standard_library_writes_it() -> None:
    outcome = run_cli(["check", "--format", "json", "examples/shop"], ROOT)
    data = json.loads(outcome.stdout)
    assert data["findings"] and data["entities"] and data["scores"]
    assert outcome.stdout == standard(data)


def test_shapes_the_fast_path_takes_and_leaves() -> None:
    """Containers of single values go through the C encoder; subclasses, empty
    containers and keys that are not strings go the standard way; all agree."""

    class Named(str):
        pass

    class Listed(list):  # type: ignore[type-arg]
        pass

    for value in [
        {"findings": [{"rule": "r", "line": 1, "entity": None, "x": 1.5, "ok": True}]},
        {"a": {}, "b": [], "c": [[]], "d": [{}], "e": Listed([1, {"k": Named("v")}])},
        {1: "one", None: [1], 2.5: {"x": [1, 2]}},
        [float("nan"), float("inf"), -float("inf"), 10**30, -0.0],
        "just a string",
        {"nested": {"deeper": {"deepest": [1, [2, [3, {"k": "v"}]]]}}},
    ]:
        assert "".join(json_report.chunks(value)) == standard(value)
