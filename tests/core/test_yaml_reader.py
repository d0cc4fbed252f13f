"""The YAML reader: YAML 1.2 core semantics on libyaml, positions, hostile input."""

from __future__ import annotations

import time

import pytest

from catalog_lint.yaml_reader import locate, parse_stream, split_pieces


def data(text: str) -> object:
    stream = parse_stream(text)
    assert not stream.problems, stream.problems
    return stream.documents[0].data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", "no"), ("a: yes", "yes"), ("a: on", "on"), ("a: off", "off"),
        ("a: y", "y"), ("a: n", "n"), ("a: NO", "NO"),
        ("a: true", True), ("a: False", False), ("a: ~", None), ("a: null", None), ("a:", None),
        ("a: 012", 12), ("a: 0o12", 10), ("a: 0x1F", 31), ("a: 1_000", "1_000"),
        ("a: 0b101", "0b101"), ("a: +12", 12), ("a: 1e3", 1000.0), ("a: 5.", 5.0), ("a: .5", 0.5),
        ("a: 1:30", "1:30"), ("a: 2024-01-31", "2024-01-31"), ("a: 1.10", 1.1),
        ("a: .inf", float("inf")), ("a: '1.10'", "1.10"), ("a: =", "="), ("a: 1_", "1_"),
    ],
)
def test_scalars_follow_yaml_1_2_core(text: str, expected: object) -> None:
    assert data(text) == {"a": expected}


def test_keys_become_strings_as_in_javascript() -> None:
    assert data("1: a\ntrue: b\nno: c\n~: d\n1.5: e\n2.0: f\n") == {
        "1": "a", "true": "b", "no": "c", "null": "d", "1.5": "e", "2": "f",
    }


def test_complex_keys_are_refused_as_backstage_does() -> None:
    stream = parse_stream("? [a, b]\n: 1\n")
    [problem] = stream.problems
    assert "cannot be a mapping key" in problem.message and problem.line == 1


def test_merge_keys_are_plain_keys_as_in_the_core_schema() -> None:
    assert data("base: &b {x: 1}\nchild:\n  <<: *b\n") == {
        "base": {"x": 1}, "child": {"<<": {"x": 1}},
    }


def test_duplicate_keys_are_recorded_with_their_position() -> None:
    stream = parse_stream("metadata:\n  name: a\n  name: b\n")
    document = stream.documents[0]
    assert document.data == {"metadata": {"name": "b"}}
    [duplicate] = document.duplicate_keys
    assert (duplicate.key, duplicate.line, duplicate.column) == ("name", 3, 3)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!!timestamp", "!custom"])
def test_object_building_tags_are_refused(tag: str) -> None:
    stream = parse_stream(f"a: {tag} x\n")
    [problem] = stream.problems
    assert "unknown tag" in problem.message
    assert (problem.line, problem.column) == (1, 4)


def test_a_broken_document_does_not_hide_the_others() -> None:
    stream = parse_stream("a: 1\n---\nb: [\n---\nc: 3\n")
    assert [d.data for d in stream.documents] == [{"a": 1}, {"c": 3}]
    assert [d.index for d in stream.documents] == [0, 2]
    [problem] = stream.problems
    assert problem.index == 1
    assert problem.line == 4


def test_alias_bomb_is_refused_fast_and_small() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    stream = parse_stream("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    [problem] = stream.problems
    assert problem.limit and "alias" in problem.message


def test_shared_aliases_within_limits_are_fine() -> None:
    stream = parse_stream("a: &x {k: v}\nb: *x\nc: *x\n")
    assert not stream.problems
    assert stream.documents[0].data == {"a": {"k": "v"}, "b": {"k": "v"}, "c": {"k": "v"}}


def test_deep_nesting_is_refused() -> None:
    deep = "a: " + "[" * 500 + "]" * 500 + "\n"
    stream = parse_stream(deep)
    assert stream.problems and stream.problems[0].line == 1
    block = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(150)) + " " * 300 + "v: 1\n"
    stream = parse_stream(block)
    assert stream.problems and "nesting" in stream.problems[0].message


def test_pieces_keep_every_character_and_cut_where_yaml_ends_a_document() -> None:
    text = "# lead\n%YAML 1.2\n---\na: 1\n--- b: 2\n... # end\n%TAG !e! tag:e,1:\n---\nc\n"
    pieces = split_pieces(text)
    assert "".join(piece.text for piece in pieces) == text
    assert [piece.text for piece in pieces] == [
        "# lead\n%YAML 1.2\n---\na: 1\n", "--- b: 2\n... # end\n", "%TAG !e! tag:e,1:\n---\nc\n",
    ]
    assert [(piece.line, piece.document, piece.directives) for piece in pieces] == [
        (0, True, True), (4, True, False), (6, True, True),
    ]
    assert all(text[piece.offset:].startswith(piece.text) for piece in pieces)


def test_locate_finds_values_and_falls_back_to_the_parent_key() -> None:
    stream = parse_stream("metadata:\n  name: cart\n  tags:\n    - a\n    - b\nspec: {}\n")
    node = stream.documents[0].node
    assert locate(node, ("metadata", "name")) == (2, 9)
    assert locate(node, ("metadata", "tags", 1)) == (5, 7)
    assert locate(node, ("spec", "owner")) == (6, 1)  # missing: the parent's key
    assert locate(node, ("nothing",)) is None


def test_positions_after_a_broken_document_are_file_positions() -> None:
    text = "a: 1\n---\nb: [\n---\n# note\nc: 3\nd:\n  e: 1\n  e: 2\n"
    stream = parse_stream(text)
    last = stream.documents[-1]
    assert last.data == {"c": 3, "d": {"e": 2}}
    assert last.line == 6
    [duplicate] = last.duplicate_keys
    assert (duplicate.line, duplicate.column) == (9, 3)
    assert locate(last.node, ("d", "e")) == (9, 6)
