"""The hint on a value YAML retyped (``lifecycle: 1``: "YAML reads the unquoted 1 as a
number; quote it") reads the scalar's text from its line in the file, and asks the node
tree (PyYAML, a second parse) only where the line cannot tell: both must always agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.blueprints import load_configured
from catalog_lint.config import Config
from catalog_lint.findings import JsonPath
from catalog_lint.model import Document
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.rules._backstage import plain_text_at, plain_text_in_tree
from catalog_lint.rules.base import DocumentContext
from catalog_lint.snapshot import WorktreeSnapshot
from tests.cli_helpers import modules_loaded, run_cli, write

ENVELOPE = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n"

#: Values YAML 1.2 reads as something other than a string, as they are written.
TYPED = ["1", "-7", "+3", "0", "1.0", "1.50", "1e3", "-2.5E-2", ".5", "0x1F", "0o17",
         ".inf", "-.Inf", ".nan", ".NaN", "true", "False", "TRUE", "null", "Null", "~", ""]
#: How a value is followed on its line.
TAILS = ["", "   ", " # a comment", "\t# tab, then a comment", "  "]


def _documents(text: str, folder: Path, name: str) -> list[Document]:
    write(folder, {name: text})
    run = Run(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
    run.read(name)
    return [doc for doc in run.documents if doc.file.path == name]


def _leaves(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    elif value is None or isinstance(value, (bool, int, float)):
        yield path, value


def _agreement(documents: list[Document], folder: Path) -> tuple[int, int]:
    """(leaves read from the line, leaves left to the tree); fails where the line's
    text is not the tree's."""
    registry = load_configured(Config(root=folder))
    from_line = from_tree = 0
    for doc in documents:
        ctx = DocumentContext(doc, registry)
        for path, value in _leaves(doc.data):
            where = (*doc.base_path, *path)
            text = plain_text_at(doc, where, value)
            if text is None:
                from_tree += 1
                continue
            assert text == plain_text_in_tree(ctx, where), (path, value, text)
            from_line += 1
    return from_line, from_tree


def test_block_values_are_read_from_their_line(tmp_path: Path) -> None:
    lines = [f"  k{i}_{j}: {typed}{tail}" for i, typed in enumerate(TYPED)
             for j, tail in enumerate(TAILS)]
    text = ENVELOPE + "  nämé: 12\n  ünïcode ключ: true\nspec:\n" + "\n".join(lines) + "\n"
    text += "  list:\n" + "".join(f"    - {typed}\n" for typed in TYPED)
    from_line, from_tree = _agreement(_documents(text, tmp_path, "catalog-info.yaml"), tmp_path)
    assert from_tree == 0
    assert from_line == len(lines) + 2 + len(TYPED)


def test_flow_values_and_json_files(tmp_path: Path) -> None:
    flow = ", ".join(f"f{i}: {typed}" for i, typed in enumerate(TYPED))
    items = ",".join(typed or "~" for typed in TYPED)
    text = ENVELOPE + f"spec: {{{flow}}}\nextra: [{items}]\nnested: {{a: [1, {{b: null}}]}}\n"
    from_line, from_tree = _agreement(_documents(text, tmp_path, "catalog-info.yaml"), tmp_path)
    assert from_tree == 0 and from_line > len(TYPED) * 2
    port = ('[{"identifier": "a", "blueprint": "service", "properties": {"n": 1, "f": 2.5, '
            '"b": false, "z": null, "list": [1,2 , 3]}},\n {"identifier": "b", "blueprint": '
            '"service", "properties": {"n":-0.0}}]\n')
    from_line, from_tree = _agreement(_documents(port, tmp_path, "port.json"), tmp_path)
    assert from_tree == 0 and from_line == 8


@pytest.mark.parametrize(("text", "why"), [
    (ENVELOPE + "spec:\n  a: !!int 5\n  b: !!float '2'\n", "a tag"),
    (ENVELOPE + "spec:\n  a: &x 5\n  b: *x\n", "an anchor and an alias"),
    (ENVELOPE.replace("\n", "\r\n") + "spec:\r\n  a: 5\r\n", "CRLF line breaks"),
    (ENVELOPE + 'spec:\n  b: "x\u2028y"\n  a: 5\n', "a line separator, a line break to YAML"),
    (ENVELOPE + 'spec:\n  b: "x\x85y"\n  a: 5\n', "a next-line character, the same"),
])
def test_what_the_line_cannot_tell_is_left_to_the_tree(tmp_path: Path, text: str,
                                                       why: str) -> None:
    _, from_tree = _agreement(_documents(text, tmp_path, "catalog-info.yaml"), tmp_path)
    assert from_tree >= 1, why


def test_a_byte_order_mark_is_not_in_the_text(tmp_path: Path) -> None:
    text = "\ufeff" + ENVELOPE + "spec:\n  a: 5\n"
    assert _agreement(_documents(text, tmp_path, "catalog-info.yaml"), tmp_path) == (1, 0)


def test_a_multi_document_file_and_a_port_list(tmp_path: Path) -> None:
    text = (ENVELOPE + "spec:\n  lifecycle: 1\n---\n" + ENVELOPE
            + "spec:\n  lifecycle: 2.0 # two\n  owner: ~\n")
    from_line, from_tree = _agreement(_documents(text, tmp_path, "catalog-info.yaml"), tmp_path)
    assert (from_line, from_tree) == (3, 0)
    port = ("- identifier: a\n  blueprint: service\n  properties: {n: 1}\n"
            "- identifier: b\n  blueprint: service\n  properties:\n    n: 0x10\n")
    from_line, from_tree = _agreement(_documents(port, tmp_path, "port.yml"), tmp_path)
    assert (from_line, from_tree) == (2, 0)


def test_the_hint_in_a_finding_is_the_same_and_pyyaml_is_not_loaded(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": ENVELOPE + "spec:\n  type: service\n"
                     "  lifecycle: 0x1F   # a number\n  owner: true\n"})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    messages = sorted(f["message"] for f in outcome.json()["findings"]
                      if f["rule"] == "blueprint-schema")
    assert messages == [
        'spec.lifecycle must be a string, got the number 31; YAML reads the unquoted 0x1F as '
        'the number 31; quote it: "0x1F"',
        'spec.owner must be a string, got the boolean true; YAML reads the unquoted true as a '
        'boolean; quote it: "true"',
    ]
    assert modules_loaded(tmp_path, ["validate"], ("yaml",)) == []
