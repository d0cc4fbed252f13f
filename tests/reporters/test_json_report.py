"""The JSON report is written by its own indenting writer (the standard library's is
pure Python and took seconds on 50,000 findings); its text must be, byte for byte,
``json.dumps(report, indent=2, ensure_ascii=False)`` followed by a line break, but for
floats: orjson writes a small one in plain decimal (``0.00001``, the same number), and
NaN and the infinities, which JSON has no word for, as ``null``."""

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
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
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


def has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(has_float(k) or has_float(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_float(item) for item in value)
    return False


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(values)
def test_any_json_value_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    written = "".join(json_report.chunks(value))
    if not has_float(value):
        assert written == standard(value)
    else:  # the same layout and the same numbers
        assert json.loads(written) == json.loads(standard(value))
        assert written.count("\n") == standard(value).count("\n")


def test_floats_are_the_same_numbers_and_never_invalid_json() -> None:
    value = {"a": [1e-05, 6.103515625e-05, 0.5, 1e16, -0.0],
             "b": [float("nan"), float("inf"), -float("inf")]}
    written = "".join(json_report.chunks(value))
    assert json.loads(written) == {"a": [1e-05, 6.103515625e-05, 0.5, 1e16, -0.0],
                                   "b": [None, None, None]}
    assert "NaN" not in written and "Infinity" not in written


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
        [10**30, -0.0, {"big": 2**64}],
        "just a string",
        {"nested": {"deeper": {"deepest": [1, [2, [3, {"k": "v"}]]]}}},
    ]:
        assert "".join(json_report.chunks(value)) == standard(value)


def test_findings_in_many_batches_and_a_batch_orjson_cannot_write() -> None:
    """Findings go out a thousand at a time; a batch orjson refuses (here a line number
    beyond 64 bits) is written one finding at a time, and the list reads the same."""
    from catalog_lint.findings import Finding, Severity
    from catalog_lint.report import FindingDicts

    findings = [Finding("unresolved-reference", Severity.WARNING, f"missing é {n}\nnext",
                        f"svc/{n}.yaml", 2**70 if n == 1_500 else n + 1, 3, "spec.owner",
                        f"component:default/s{n}")
                for n in range(2_345)]
    written = "".join(json_report.chunks({"findings": FindingDicts(findings)}))
    expected = {"findings": [finding.to_dict() for finding in findings]}
    assert written == standard(expected)


def test_a_utf8_file_gets_the_same_text_as_any_other_stream(tmp_path: Path) -> None:
    """A UTF-8 file is given the writer's bytes as they are; a stream of another encoding
    (or a StringIO) gets text: every one holds the same report."""
    import io

    from catalog_lint.findings import Finding, Severity
    from catalog_lint.report import FileRecord, Report

    findings = [Finding("unresolved-reference", Severity.WARNING, f"pas trouvé « {n} » ✓",
                        f"svc/ü{n}.yaml", n + 1, 3, "spec.owner", f"component:default/s{n}")
                for n in range(2_500)]
    report = Report(root=str(tmp_path), revision=None, files=[FileRecord("svc/ü0.yaml", 1, 1)],
                    findings=findings, entities=[{"ref": "component:default/é", "line": 1}],
                    sections={"scores": {"entities": [{"ref": f"x{n}", "actual": ["∅"]}
                                                      for n in range(600)]}})
    expected = json_report.render(report)
    assert json.loads(expected)["findings"][1]["message"] == "pas trouvé « 1 » ✓"
    for encoding in ("utf-8", "UTF8", "utf-16"):
        path = tmp_path / f"report-{encoding}.json"
        with path.open("w", encoding=encoding) as handle:
            handle.write("«")  # pending in the text layer: written first, in order
            json_report.write(report, handle)
            handle.write("»")
        assert path.read_text(encoding=encoding) == "«" + expected + "»", encoding
    stream = io.StringIO()
    json_report.write(report, stream)
    assert stream.getvalue() == expected
