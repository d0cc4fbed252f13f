"""Positions recorded in the first parse are the positions the node trees gave.

The reader builds each document's values and a table of where every key and value
starts in one pass (``Yaml12Loader.construct_tracked``); findings take their line and
column from that table instead of composing the file again. Held here, on every corpus
the project has (the YAML test suite, the Backstage mutants, the examples) and on
mutated inputs:

- the tracked constructor builds the same values, the same duplicate keys and the same
  first error as PyYAML's constructor (which still serves documents with aliases);
- for every path into every document, and for paths that leave it (a missing key, an
  index out of range, a step into a scalar), the table answers what ``locate`` and
  ``locate_key`` answered on the reader's node tree, and what they answered on the
  file's text composed again (where findings found their positions before);
- through the pipeline, every finding of every corpus file, and every path of every
  document (YAML and JSON), is placed where the node trees placed it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from benchmarks.yaml_suite import load_cases
from catalog_lint import yaml_native, yaml_positions
from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_reader import (
    LimitExceeded,
    Yaml12Loader,
    compose_positions,
    locate,
    locate_key,
    parse_stream,
)
from tests.core.test_reader_fuzz import fuzz_settings, mutated

ROOT = Path(__file__).resolve().parent.parent.parent
MUTANTS = ROOT / "tests" / "data" / "backstage_mutants"
EXAMPLES = ROOT / "examples"


#: Where a table could part from a walk over the nodes: a key repeated (as written, and
#: only as JavaScript reads it), keys that are not plain strings, aliases (shared and
#: recursive), merge keys, flow collections and multi-line keys.
EDGES = [
    "a: 1\nb: 2\na: 3\nc: {a: 1, a: 2}\n",
    "01: x\n1: y\n0x1: z\n'1': w\n",
    "~: a\n'~': b\nnull: c\n? |\n  block\n: d\n",
    "a: &x {k: [1, 2]}\nb: *x\nc: [*x, *x]\n",
    "&r [*r, 1]\n",
    "base: &b {x: 1}\nderived:\n  <<: *b\n  x: 2\n  x: 3\n",
    "- [a, b, {c: d}]\n- ? x\n  : y\n-\n  - - deep\n",
    "k: !!str 12\n!!str k2: v\n\"q\": 1\n'q': 2\nq: 3\n",
    "---\na: 1\n...\n---\n- x\n--- plain\n---\n{a: b, a: c}\n",
    "a: 1\n b: 2\nc: [\n",
    # lines past what two bytes hold: the table takes four per number
    "a: 1\n" + "# filler\n" * 40_000 + "b: [x, {c: d}]\n",
    # more keys than yaml_positions.INDEXED: looked up through an index
    "big:\n" + "".join(f"  k{i}: {i}\n" for i in range(100)) + "  k5: again\n  k99: [x]\n",
]


def corpus() -> list[tuple[str, str]]:
    texts = [(f"edge {number}", text) for number, text in enumerate(EDGES)]
    texts += [(f"yaml-test-suite {case['id']}", case["yaml"]) for case in load_cases()]
    for folder in (MUTANTS, EXAMPLES):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json") and not _same_shape_as_another(path):
                texts.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return texts


def _same_shape_as_another(path: Path) -> bool:
    """An example report of the base branch: laid out as its head's report, which is read
    (the suite's time goes to these large JSON files)."""
    return path.name.endswith("-earlier.json")


CORPUS = corpus()


def comparable(value: Any) -> Any:
    """Values with their types (1 and 1.0 and True differ) and NaN equal to itself."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, dict):
        return ("dict", [(key, comparable(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [comparable(item) for item in value])
    return (type(value).__name__, value)


def constructed(text: str, tracked: bool) -> list[Any]:
    """Each document of ``text`` as one constructor builds it, then the error, if any."""
    loader = Yaml12Loader(text)
    results: list[Any] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            before = len(loader.duplicate_keys)
            if tracked:
                data, _ = loader.construct_tracked(node)
            else:
                data = loader.construct_document(node)
            duplicates = [(d.key, d.line, d.column) for d in loader.duplicate_keys[before:]]
            results.append((comparable(data), duplicates, len(loader.unchecked_lines)))
            loader.unchecked_lines.clear()
    except yaml.YAMLError as exc:
        results.append(("error", type(exc).__name__, str(exc)))
    finally:
        loader.dispose()
    return results


def probes(node: Node) -> Iterator[tuple[Any, ...]]:
    """Every path into the tree, and paths that step off it from every node."""
    seen: set[int] = set()
    stack: list[tuple[Node, tuple[Any, ...]]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        yield path
        yield (*path, "no such key")
        yield (*path, 0)
        yield (*path, 10**6)
        yield (*path, -1)
        yield (*path, True)
        if id(current) in seen:  # an alias: its own paths are already there
            continue
        seen.add(id(current))
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, ScalarNode):
                    stack.append((value_node, (*path, key_node.value)))
        elif isinstance(current, SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, (*path, index)))


#: Where the corpus holds the walk in Python to the trees too, when ``locate`` walks in C
#: (without the compiled module, ``locate`` is that walk, on every document): every
#: shape a document can take is among the edges and the YAML test suite's cases; the
#: large files after them would double the test's time.
BOTH_WALKS = ("edge ", "yaml-test-suite ", "mutated")


def assert_same_places(node: Node, table: yaml_positions.Positions | None, where: str) -> int:
    count = 0
    both = table is not None and where.startswith(BOTH_WALKS)
    for path in probes(node):
        expected = locate(node, path)
        assert yaml_positions.locate(table, path) == expected, (where, path)
        if both:  # the walk in Python, where the compiled one is used too
            assert table is not None
            assert yaml_positions.locate_here(*table, path) == expected, (where, path)
        assert yaml_positions.locate_key(table, path) == locate_key(node, path), (where, path)
        count += 1
    return count


def assert_reader_agrees(text: str, where: str) -> int:
    """The tracked constructor against PyYAML's, and the table against the trees."""
    if "*" not in text:  # with an alias the reader uses PyYAML's constructor itself
        assert constructed(text, tracked=True) == constructed(text, tracked=False), where
    try:
        stream = parse_stream(text)
    except (yaml.YAMLError, LimitExceeded):  # pragma: no cover - the reader never raises
        raise AssertionError(where) from None
    recomposed = [] if stream.pieced else compose_positions(text)
    checked = 0
    for document in stream.documents:
        assert document.node is not None
        checked += assert_same_places(document.node, document.positions, where)
        if recomposed:  # where a later finding found its position before
            tree = recomposed[document.index]
            assert tree is not None
            for path in probes(document.node):
                assert yaml_positions.locate(document.positions, path) == locate(tree, path), \
                    (where, path)
    return checked


def test_the_corpus_is_all_there() -> None:
    assert len(CORPUS) > len(EDGES) + 402 + 14 + 10


@pytest.mark.parametrize("where, text", CORPUS, ids=[name for name, _ in CORPUS])
def test_positions_and_values_are_the_node_trees(where: str, text: str) -> None:
    assert_reader_agrees(text, where)


def test_the_corpus_holds_what_the_comparison_needs() -> None:
    """Duplicate keys, aliases, Port lists, flow collections, quoted and tagged keys:
    the cases where a table could differ from a walk over the nodes are present."""
    joined = "\n".join(text for _, text in CORPUS)
    assert any(parse_stream(text).pieced for _, text in CORPUS)
    assert sum(len(d.duplicate_keys) for _, text in CORPUS
               for d in parse_stream(text).documents) > 5
    for marker in ("*", "&", "{", "[", '"', "'", "!!", "? "):
        assert marker in joined


@fuzz_settings(300)
@given(mutated())
def test_mutated_inputs_keep_their_positions_and_values(text: str) -> None:
    assert_reader_agrees(text, "mutated")


def pipeline_run(folder: Path) -> Run:
    run = Run(WorktreeSnapshot(folder), Config(root=folder), RunOptions())
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.name != "verdicts.json" \
                and not _same_shape_as_another(path):
            run.read(path.relative_to(folder).as_posix())
    return run


@pytest.mark.parametrize("folder", [MUTANTS, EXAMPLES], ids=["mutants", "examples"])
def test_every_document_is_placed_as_its_recomposed_tree_placed_it(folder: Path) -> None:
    """After reading, the node trees are gone; ``Document.tree()`` composes the file's
    text again, which is how every finding after the document rules was placed before.
    The table answers the same for every path of every document, YAML and JSON."""
    run = pipeline_run(folder)
    assert run.documents
    kinds = set()
    for doc in run.documents:
        # released after the document rules, but for a stream read piece by piece
        assert (doc.node is None) != bool(doc.file.cache.get("broken"))
        kinds.add(doc.file.path.rsplit(".", 1)[-1])
        tree = doc.tree()
        if tree is None:
            continue
        for path in probes(tree):
            assert doc.locate(path) == locate(tree, path), (doc.file.path, path)
            assert doc.locate_key(path) == locate_key(tree, path), (doc.file.path, path)
    if folder == EXAMPLES:
        assert {"yaml", "json"} <= kinds


def test_a_port_list_item_is_placed_in_its_file(tmp_path: Path) -> None:
    (tmp_path / "port.json").write_text(json.dumps([
        {"identifier": "a", "blueprint": "service", "properties": {}},
        {"identifier": "b", "blueprint": "service", "properties": {"x": 1}},
    ], indent=2), encoding="utf-8")
    run = pipeline_run(tmp_path)
    second = next(doc for doc in run.documents if doc.base_path == (1,))
    assert second.locate((1, "properties", "x")) == (11, 12)
    assert second.locate((1, "identifier")) == (8, 19)
    assert second.locate_key((1, "identifier")) == (8, 5)


@pytest.mark.skipif(not yaml_native.AVAILABLE, reason="the C reader is not built")
def test_the_compiled_walk_is_used_and_hands_back_what_it_does_not_walk() -> None:
    """Where the C module is built, ``locate`` walks the table in C (the corpus above
    holds it to the node trees, and to the walk in Python). What it does not walk, it
    hands back to the walk in Python: a mapping with more keys than are scanned (the
    Python walk indexes it), and a table or a path that is not one it knows."""
    compiled = yaml_positions._locate_compiled
    assert compiled is not None
    text = "big:\n" + "".join(f"  k{i}: {i}\n" for i in range(100)) + "small: {a: 1, a: [x, y]}\n"
    (document,) = parse_stream(text).documents
    numbers, keys = table = document.positions
    assert compiled(numbers, keys, ("big", "k5"), yaml_positions.INDEXED) is NotImplemented
    assert yaml_positions.locate(table, ("big", "k5")) == (7, 7)
    assert compiled(numbers, keys, ("small", "a", 1), yaml_positions.INDEXED) == (102, 22)
    assert compiled(numbers, keys, ["small"], yaml_positions.INDEXED) is NotImplemented
    assert compiled(list(numbers), keys, ("small",), yaml_positions.INDEXED) is NotImplemented

    class Key(str):
        pass

    # a subclass of str names a key as the str does; True is the index 1, as in Python
    assert compiled(numbers, keys, (Key("small"), "a", True), yaml_positions.INDEXED) == (102, 22)
    assert compiled(numbers, keys, ("small", "a", 2**70), yaml_positions.INDEXED) == (102, 15)
    # a table that is not one the readers make is never read past its end
    from array import array

    for numbers_ in ([0, 0, 3, 1, 2**30, 0, 0, 0, 0, 0, 0], [0, 0, 100], [0, 0, 3, 0, 5],
                     [0, 0, 3, 1, 1, 9, 0, 0, 0, 0, 0], [0, 0]):
        assert compiled(array("i", numbers_), ("a", "b"), ("a", 0), 64) is NotImplemented
    # four bytes a number (lines past 32,767) are walked too
    wide = "# filler\n" * 40_000 + "a: [x, {c: d}]\n"
    (document,) = parse_stream(wide).documents
    assert document.positions[0].typecode == "i"
    assert compiled(*document.positions, ("a", 1, "c"), yaml_positions.INDEXED) == (40_001, 12)
