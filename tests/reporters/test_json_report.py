"""The JSON report is written by its own streaming writer (the standard library's
indenting encoder is pure Python and took seconds on 50,000 findings); its text must
be, byte for byte, what :func:`reference` (plain standard library) makes of the same
value: containers at depth 0, 1 and 2 one member per line, indented by two spaces,
deeper ones compact on one line; and a line break. But for floats: orjson writes a
small one in plain decimal (``0.00001``, the same number), and NaN and the infinities,
which JSON has no word for, as ``null``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_lint.report import LazyDicts
from catalog_lint.reporters import json_report
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent.parent

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(), st.sampled_from(["", "\n", '"', "\\", "é", "\u2028", "\x00", "}", "],\n  [",
                                "\x00\x01", ',"\x00\x01",']),
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


def laid_out(value: Any, depth: int = 0) -> str:
    """The layout, written with nothing but ``json.dumps``."""
    if depth >= 3 or not isinstance(value, (dict, list, tuple)) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):  # a key as json.dumps converts it (1 -> "1", None -> "null")
        members = [json.dumps({key: 0}, ensure_ascii=False)[1:-4] + ": " + laid_out(item, depth + 1)
                   for key, item in value.items()]
        return "{" + inner + ("," + inner).join(members) + "\n" + "  " * depth + "}"
    items = [laid_out(item, depth + 1) for item in value]
    return "[" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "]"


def reference(value: Any) -> str:
    return laid_out(value) + "\n"


def materialized(value: Any) -> Any:
    """``value`` with each :class:`LazyDicts` a list of its dicts."""
    if isinstance(value, dict):
        return {key: materialized(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, LazyDicts)):
        return [materialized(item) for item in value]
    return value


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
def test_any_json_value_is_written_in_the_reference_layout(value: Any) -> None:
    written = "".join(json_report.chunks(value))
    if not has_float(value):
        assert written == reference(value)
    else:  # the same layout and the same numbers
        assert json.loads(written) == json.loads(reference(value))
        assert written.count("\n") == reference(value).count("\n")


def test_floats_are_the_same_numbers_and_never_invalid_json() -> None:
    value = {"a": [1e-05, 6.103515625e-05, 0.5, 1e16, -0.0],
             "b": [float("nan"), float("inf"), -float("inf")]}
    written = "".join(json_report.chunks(value))
    assert json.loads(written) == {"a": [1e-05, 6.103515625e-05, 0.5, 1e16, -0.0],
                                   "b": [None, None, None]}
    assert "NaN" not in written and "Infinity" not in written


def test_a_real_report_is_written_in_the_reference_layout() -> None:
    outcome = run_cli(["check", "--format", "json", "examples/shop"], ROOT)
    data = json.loads(outcome.stdout)
    assert data["findings"] and data["entities"] and data["scores"]
    assert outcome.stdout == reference(data)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_a_real_report_is_indented_to_depth_two_and_compact_below() -> None:
    """A finding (depth 2) has a key per line and its fix (depth 3) one line; a scored
    entity (depth 3) is one line; an entity summary a key per line, its relations one."""
    outcome = run_cli(["check", "--format", "json", "examples/shop"], ROOT)
    lines = outcome.stdout.splitlines()
    data = json.loads(outcome.stdout)
    fixed = next(finding for finding in data["findings"] if "fix" in finding)
    fingerprint = f'      "fingerprint": "{fixed["fingerprint"]}",'
    at = lines.index(fingerprint)
    assert lines[at - 9:at + 3] == [
        "    {",
        *(f"      {json.dumps(key)}: {compact(fixed[key])}," for key in list(fixed)[:8]),
        fingerprint,
        f'      "fix": {compact(fixed["fix"])}',
        "    },"]
    assert set(fixed["fix"]) >= {"action", "path", "value"}
    scored = data["scores"]["entities"]
    assert len(scored) > 2 and all(entity["scorecards"] for entity in scored)
    start = lines.index('    "entities": [', lines.index('  "scores": {'))
    assert lines[start + 1:start + len(scored) + 2] == [
        *(f"      {compact(entity)}," for entity in scored[:-1]),
        f"      {compact(scored[-1])}",
        "    ],"]  # the scores' summary follows
    summary = next(entity for entity in data["entities"] if entity["relations"])
    assert f'      "relations": {compact(summary["relations"])}' in lines


def test_shapes_the_fast_path_takes_and_leaves() -> None:
    """Rows of single values, rows with containers, subclasses, empty containers, keys
    that are not strings and integers beyond 64 bits at every depth: all agree."""

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
        {"rows": [{"a": 1, "b": {"c": [1, 2]}}, [1, [2], {}], "x", {"d": {2: 10**20}}]},
        {"rows": [{1: {"x": 1}}], "deep": {"rows": {True: [10**30], "n": (1, (2, 3))}}},
        [[[{"a": {1: 2**64, None: [LazyDicts(range(2), lambda n: {"n": n})]}}]]],
        {"lazy": LazyDicts(range(3), lambda n: {"n": n, "deep": {"m": [n, (n,)]}})},
        {"a": {"lazy": LazyDicts(range(3), lambda n: {"n": n})}},
    ]:
        assert "".join(json_report.chunks(value)) == reference(materialized(value))


def test_rows_that_say_where_their_containers_are_are_laid_out_as_any_other() -> None:
    """A :class:`LazyDicts` that names the keys that may hold containers (``nested``: an
    entity summary's relations, a finding's fix) has those written compact in place and
    the rest taken as single values, one orjson call a batch: the text is the layout's,
    whatever the container (a dict, a list, a tuple, a subclass, an empty one, another
    LazyDicts, keys orjson cannot write) and whichever rows lack the key."""

    class Mapped(dict):  # type: ignore[type-arg]
        pass

    def made(n: int) -> dict[str, Any]:
        row: dict[str, Any] = {"ref": f"component:default/s{n}", "line": n, "title": None}
        members: list[Any] = [
            {"owner": [f"group:default/t{n}"], "dependsOn": ["a", "b"]}, [n, [n]], (n, "é"),
            Mapped(k=n), {}, [], LazyDicts(range(2), lambda m: {"m": m}), {1: "one"},
            {"big": 2**70},
        ]
        if n % 11:
            row["relations"] = members[n % len(members)]
        if n % 3 == 0:
            row["fix"] = {"kind": "replace", "path": ["spec", n]}
        return row

    for count in (0, 1, 30, 2_345):
        value = {"entities": LazyDicts(range(count), made, nested=("relations", "fix"))}
        assert "".join(json_report.chunks(value)) == reference(materialized(value)), count


def test_findings_in_many_batches_and_a_batch_orjson_cannot_write() -> None:
    """Findings go out a thousand at a time (some with a fix, some batches without any);
    a batch orjson refuses (here a line number beyond 64 bits) is written one finding at
    a time, and the list reads the same."""
    from catalog_lint.findings import Finding, Fix, Severity
    from catalog_lint.report import FindingDicts

    findings = [Finding("unresolved-reference", Severity.WARNING, f"missing é {n}\nnext",
                        f"svc/{n}.yaml", 2**70 if n == 1_500 else n + 1, 3, "spec.owner",
                        f"component:default/s{n}",
                        fix=Fix("replace", ("spec", "owner"), f"t{n}", "é") if n % 7 and n > 1100
                        else None)
                for n in range(2_345)]
    written = "".join(json_report.chunks({"findings": FindingDicts(findings)}))
    expected = {"findings": [finding.to_dict() for finding in findings]}
    assert written == reference(expected)


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
