"""Property-based fuzzing of the reader: no input makes it raise.

Inputs: arbitrary text drawn from YAML's punctuation, and real YAML (the test suite's
inputs and the examples) mutated by inserting, deleting and replacing characters, tags,
anchors, directives and document markers. The reader must answer every one of them with
documents and problems (each at a line and column), never an exception; the same inputs
read through the pipeline as a YAML or a JSON file must never raise either (the command
line would print "internal error").

The budget is fixed and the examples derandomised, so the suite stays fast and
repeatable. For a long local run::

    CATALOG_LINT_FUZZ_EXAMPLES=200000 python -m pytest -p no:cacheprovider tests/core/test_reader_fuzz.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.composer import ComposerError
from yaml.parser import ParserError
from yaml.scanner import ScannerError

from benchmarks.yaml_suite import load_cases
from catalog_lint import yaml_errors
from catalog_lint.config import Config
from catalog_lint.json_errors import explain_json
from catalog_lint.jsvalues import load_json
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_reader import Yaml12Loader, parse_stream

EXAMPLES = int(os.environ.get("CATALOG_LINT_FUZZ_EXAMPLES", "0"))
ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted(
    {case["yaml"] for case in load_cases()}
    | {path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").rglob("*"))
       if path.suffix in (".yaml", ".yml", ".json")}
)


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=EXAMPLES or examples, deadline=None, database=None,
                    derandomize=not EXAMPLES, suppress_health_check=list(HealthCheck))


# What YAML is made of: indicators, spaces, tabs, line breaks, letters, digits, and a few
# characters libyaml treats specially (BOM, NEL, line and paragraph separators, surrogates
# are not possible in str from a file, control characters are).
PIECES = [
    "-", ":", "?", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@",
    "`", "\\", " ", "  ", "\t", "\n", "\r\n", "\r", "a", "b", "0", "1", ".", "e", "x", "o",
    "---", "...", "- ", ": ", "? ", "!!", "!!int ", "!!str ", "!!map ", "!!seq ", "!!bool ",
    "!!null ", "!!float ", "! ", "!<tag:yaml.org,2002:int> ", "&a ", "*a", "%YAML 1.2\n",
    "%TAG !! tag:example.com,2000:\n", "%TAG !e! tag:e,1:\n", "!e!x ", "<<: ", "~", "null",
    "true", "0x1F", "0o7", ".inf", ".nan", "1e400", "9" * 30, "\ufeff", "\x85", "\u2028",
    "\x00", "\x07", "é", "💥", "\\x41", "\\u263A", "\\N",
]
yaml_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(PIECES)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)):]
        elif action == "replace":
            text = text[:position] + draw(st.sampled_from(PIECES)) + text[position + 1:]
        else:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            line = text[start:] if end < 0 else text[start:end + 1]
            text = text[:start] + line + text[start:]
    return text


def assert_read(text: str) -> None:
    stream = parse_stream(text)  # must not raise
    for problem in [*stream.problems, *stream.warnings]:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
    for document in stream.documents:
        json.dumps(document.data, allow_nan=True)  # only JSON values


@fuzz_settings(500)
@given(yaml_text)
def test_arbitrary_text_never_makes_the_reader_raise(text: str) -> None:
    assert_read(text)


@fuzz_settings(450)
@given(mutated())
def test_mutated_yaml_never_makes_the_reader_raise(text: str) -> None:
    assert_read(text)


@fuzz_settings(150)
@given(st.one_of(mutated(), yaml_text), st.booleans())
def test_mutated_files_never_make_the_pipeline_raise(text: str, as_json: bool) -> None:
    run = Run(WorktreeSnapshot(ROOT / "examples"), Config(root=ROOT / "examples"), RunOptions())
    run.read_fetched(text.encode("utf-8", "surrogatepass"), "x.json" if as_json else "x.yaml")
    for finding in run.findings:
        assert finding.line >= 1 and finding.column >= 1


def assert_explained(text: str) -> None:
    """Every error libyaml raises on ``text`` is explained, without the guard that would
    fall back to libyaml's words, at a line and column inside the text."""
    loader = Yaml12Loader(text)
    try:
        while loader.check_node():
            loader.get_node()
    except (ScannerError, ParserError, ComposerError) as exc:
        said = yaml_errors._explain(yaml_errors._Error(exc, text, 0, True))
        phrase = yaml_errors.words(exc)
        assert said is not None or phrase not in yaml_errors.PHRASES, phrase
        if said is not None:
            lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)
            line, column = said[1]
            assert 0 <= line < len(lines) and 0 <= column <= len(lines[line]), said
    except yaml.YAMLError:
        pass  # a refused character: explained from the text (test_syntax_explained)
    finally:
        loader.dispose()


@fuzz_settings(300)
@given(st.one_of(mutated(), yaml_text))
def test_the_explainer_explains_every_libyaml_error_inside_the_text(text: str) -> None:
    assert_explained(text)


@fuzz_settings(200)
@given(st.sampled_from([json.dumps(case["json"], indent=2) for case in load_cases()
                        if isinstance(case["json"], (dict, list)) and case["json"]]),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(
           ['"', ",", ":", "[", "]", "{", "}", "\n", "\t", "\\", "'", "x", "1", "// c", ""])),
           min_size=1, max_size=4))
def test_every_json_error_is_explained_inside_the_text(text: str,
                                                       edits: list[tuple[int, str]]) -> None:
    for position, piece in edits:
        position %= len(text) + 1
        text = text[:position] + piece + text[position + (not piece):]
    try:
        load_json(text)
    except json.JSONDecodeError as exc:
        said = explain_json(exc)
        lines = text.split("\n")
        assert 1 <= said.line <= len(lines), said
        assert 1 <= said.column <= len(lines[said.line - 1]) + 1, said
        assert said.message
