"""The reader against the official YAML test suite (yaml/yaml-test-suite).

Usage::

    python benchmarks/yaml_suite.py                    # figures, from the cases in tests/data
    python benchmarks/yaml_suite.py --verbose          # ... and every case that differs
    python benchmarks/yaml_suite.py --import SUITE/data  # rewrite tests/data/yaml-test-suite/cases.json

``--import`` reads a checkout of the suite's ``data`` branch (one folder per case, some with
numbered sub-folders, each with ``in.yaml``, ``in.json`` where the input is valid and
representable as JSON, ``error`` where it is invalid, and the title in ``===``) and writes
one compact JSON file of ``{id, title, yaml, json, error}``: ``json`` is the list of the
documents' values, or null where the suite gives none.

For every case the reader must not crash, and must not accept silently an input the suite
calls invalid. For every case with expected JSON, the reader's documents are compared with
it; :data:`KNOWN_DIFFERENCES` lists, with the reason, each case where they differ on
purpose or because of libyaml, and ``tests/core/test_yaml_test_suite.py`` holds that list
exactly, so the figure can only go up.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.yaml_reader import parse_stream

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "yaml-test-suite" / "cases.json"

_TAGS = "a tag other than the core schema's: refused on purpose in a catalog file"
_LIBYAML = "libyaml refuses this valid input: "
#: Each case whose data the reader does not match, and why.
KNOWN_DIFFERENCES: dict[str, str] = {
    # Tags: a tag outside the YAML 1.2 core schema is an error in a catalog file (some
    # readers would build an object from it); the suite reads these as plain values.
    **dict.fromkeys(["2XXW", "565N", "5TYM", "6CK3", "6WLZ", "7FWL", "9WXW", "C4HZ", "CC74",
                     "CUP7", "J7PZ", "M5C3", "P76L", "UGM3", "Z67P", "Z9M4"], _TAGS),
    # libyaml's limits (the YAML 1.2 grammar allows these; libyaml 0.2.5 does not).
    "3GZX": _LIBYAML + "an anchor name used twice (YAML 1.2: the later one overrides)",
    **dict.fromkeys(["4MUZ/00", "4MUZ/01", "4MUZ/02", "5MUD", "K3WX", "VJP3/01"],
                    _LIBYAML + "a flow mapping's ':' on the line after its key"),
    **dict.fromkeys(["9SA2", "NJ66"], _LIBYAML + "a flow mapping key over two lines"),
    **dict.fromkeys(["58MP", "5T43", "DBG4", "HM87/00"],
                    _LIBYAML + "a plain scalar starting with ':' in a flow collection"),
    **dict.fromkeys(["8XYN", "W5VH"],
                    _LIBYAML + "an anchor name of other than letters, digits, '-' and '_'"),
    "2SXE": _LIBYAML + "an anchor name with ':' in it",
    **dict.fromkeys(["6BCT", "6CA3", "A2M4", "DK95/00", "DK95/03", "DK95/04", "Q5MG",
                     "Y79Y/010"], _LIBYAML + "a tab used as separation or on a blank line"),
    **dict.fromkeys(["96NN/00", "96NN/01", "R4YG", "Y79Y/001"],
                    _LIBYAML + "a tab at the start of a block scalar's line"),
    **dict.fromkeys(["M7A3", "UT92", "W4TN"], _LIBYAML + "a line of a document that starts "
                    "with '%' at column 0 (libyaml takes it for a directive)"),
    **dict.fromkeys(["DK3J", "FP8R"], _LIBYAML + "a top-level block scalar whose lines "
                    "start at column 0"),
    # libyaml would read these differently: the reader refuses them with an error.
    **dict.fromkeys(["652Z", "HM87/01"], "refused: libyaml takes '?' directly followed by "
                    "text in a flow collection for an explicit key indicator ('?foo' would "
                    "become 'foo')"),
    "Y2GN": "refused: libyaml ends an anchor name at ':' ('&an:chor value' would become "
            "':chor value')",
}


#: Each invalid case the reader accepts without a problem, and why (none today: the
#: mistakes libyaml lets through are caught by catalog_lint.yaml_strict).
KNOWN_ACCEPTED: dict[str, str] = {}


@dataclass
class SuiteResult:
    with_json: int = 0
    matched: int = 0
    errors_expected: int = 0
    errors_reported: int = 0
    crashed: list[tuple[str, str]] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)  # invalid, yet accepted without a problem
    differing: dict[str, str] = field(default_factory=dict)  # case id -> what was read


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def same(ours: Any, expected: Any) -> bool:
    """JSON equality, with booleans apart from numbers and NaN equal to itself."""
    if isinstance(ours, dict) and isinstance(expected, dict):
        return ours.keys() == expected.keys() and all(same(ours[k], expected[k]) for k in ours)
    if isinstance(ours, list) and isinstance(expected, list):
        return len(ours) == len(expected) and all(map(same, ours, expected))
    if isinstance(ours, bool) or isinstance(expected, bool):
        return ours is expected
    if isinstance(ours, (int, float)) and isinstance(expected, (int, float)):
        return ours == expected or (math.isnan(ours) and math.isnan(expected))
    return type(ours) is type(expected) and ours == expected


def run(cases: Sequence[dict[str, Any]]) -> SuiteResult:
    result = SuiteResult()
    for case in cases:
        try:
            stream = parse_stream(case["yaml"])
        except Exception as exc:  # the point of the exercise: report any crash
            result.crashed.append((case["id"], f"{type(exc).__name__}: {exc}"))
            continue
        if case["error"]:
            result.errors_expected += 1
            if stream.problems:
                result.errors_reported += 1
            else:
                result.silent.append(case["id"])
            continue
        if case["json"] is None:
            continue
        result.with_json += 1
        read = [document.data for document in stream.documents]
        if not stream.problems and same(read, case["json"]):
            result.matched += 1
        else:
            shown = stream.problems[0].message if stream.problems else json.dumps(read)
            result.differing[case["id"]] = shown[:200]
    return result


def import_suite(data: Path, out: Path = CASES) -> int:
    cases = []
    for source in sorted(data.rglob("in.yaml")):
        folder = source.parent
        expected = folder / "in.json"
        cases.append({
            "id": folder.relative_to(data).as_posix(),
            "title": (folder / "===").read_text(encoding="utf-8").strip()
            if (folder / "===").exists() else "",
            "yaml": source.read_bytes().decode("utf-8"),
            "json": _json_stream(expected.read_text(encoding="utf-8"))
            if expected.exists() and not (folder / "error").exists() else None,
            "error": (folder / "error").exists(),
        })
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {out}")
    return 0


def _json_stream(text: str) -> list[Any]:
    """The values of a file of zero or more JSON texts, one after the other."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return values
        value, position = decoder.raw_decode(text, position)
        values.append(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--import", dest="source", type=Path,
                        help="the suite's data folder to import into tests/data")
    parser.add_argument("--verbose", action="store_true", help="list every differing case")
    args = parser.parse_args(argv)
    if args.source:
        return import_suite(args.source)
    result = run(load_cases())
    print(f"cases with expected JSON: {result.with_json}; read exactly: {result.matched}")
    print(f"invalid cases: {result.errors_expected}; reported: {result.errors_reported}; "
          f"accepted silently: {len(result.silent)} {result.silent}")
    if args.verbose:
        for case_id in result.silent:
            print(f"  {case_id}: {KNOWN_ACCEPTED.get(case_id, 'UNEXPLAINED')}")
    print(f"crashes: {len(result.crashed)} {result.crashed}")
    unexplained = sorted(set(result.differing) - set(KNOWN_DIFFERENCES))
    print(f"known differences: {len(KNOWN_DIFFERENCES)}; unexplained: {unexplained}")
    unexplained += sorted(set(result.silent) - set(KNOWN_ACCEPTED))
    if args.verbose:
        for case_id, shown in sorted(result.differing.items()):
            print(f"  {case_id}: {KNOWN_DIFFERENCES.get(case_id, 'UNEXPLAINED')}\n    read: {shown}")
    return 1 if result.crashed or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
