"""The YAML reader: YAML 1.2 core semantics on libyaml, positions, hostile input."""

from __future__ import annotations

import time

import pytest

from catalog_lint.jsvalues import js_number
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
    # at the bracket left open, and where the document it is in ends
    assert (problem.line, problem.column) == (3, 4)
    assert "never closed" in problem.message and "next document starts at line 4" in problem.message


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


# -- explicit core tags (a tag on content that does not match is an error at the tag) ---


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "!!int tag on a value that is not an integer: 'abc'"),
        ("!!int 1.5", "!!int tag on a value that is not an integer: '1.5'"),
        ("!!int 1_000", "!!int tag on a value that is not an integer: '1_000'"),
        ("!!int", "!!int tag on a value that is not an integer: ''"),
        ("!!float abc", "!!float tag on a value that is not a number: 'abc'"),
        ("!!float 1_0", "!!float tag on a value that is not a number: '1_0'"),
        ("!!bool maybe", "!!bool tag on a value that is not true or false: 'maybe'"),
        ("!!bool yes", "!!bool tag on a value that is not true or false: 'yes'"),
        ("!!null x", "!!null tag on a value that is not null: 'x'"),
        ("!!str {a: 1}", "!!str tag on a mapping (only a single value can be a string)"),
        ("!!int [1]", "!!int tag on a list (only a single value can be an integer)"),
        ("!!map a", "!!map tag on a value that is not a mapping: 'a'"),
        ("!!map [a]", "!!map tag on a list"),
        ("!!seq {a: 1}", "!!seq tag on a mapping"),
        ("!!seq a", "!!seq tag on a value that is not a list: 'a'"),
        ("!<tag:yaml.org,2002:int> x", "!!int tag on a value that is not an integer: 'x'"),
        ("&anchor !!int x", "!!int tag on a value that is not an integer: 'x'"),
    ],
)
def test_a_core_tag_on_content_it_does_not_describe_is_an_error_at_the_tag(
        value: str, message: str) -> None:
    stream = parse_stream(f"name: cart\nx: {value}\n")
    [problem] = stream.problems
    assert (problem.message, problem.line, problem.column) == (message, 2, 4)
    assert not problem.limit


def test_a_long_value_is_shortened_in_the_message() -> None:
    [problem] = parse_stream("x: !!int " + "a" * 5000 + "\n").problems
    assert len(problem.message) < 120 and problem.message.endswith("...'")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!int 12", 12), ("!!int '12'", 12), ("!!int 0x1F", 31), ("!!int 0o17", 15),
        ("!!int -012", -12), ("!!float 1", 1.0), ("!!float '.5'", 0.5), ("!!float -.INF", float("-inf")),
        ("!!bool TRUE", True), ("!!bool 'false'", False), ("!!null ~", None), ("!!null", None),
        ("!!str 12", "12"), ("!!str", ""), ("!!map {a: 1}", {"a": 1}), ("!!seq [1]", [1]),
        # the non-specific tag makes a string of any scalar (libyaml alone would type it)
        ("! 12", "12"), ("! true", "true"), ("! '12'", "12"), ("&a ! 12", "12"), ("! &a ~", "~"),
        ("!", ""),
    ],
)
def test_a_core_tag_on_matching_content_reads_it(value: str, expected: object) -> None:
    assert data(f"x: {value}\n") == {"x": expected}


# -- numbers are what JavaScript reads ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9007199254740993", 9007199254740992),  # past 2**53: rounded as a double
        ("-9007199254740993", -9007199254740992),
        ("12345678901234567890", 12345678901234567000.0),
        ("00000000000000000000000012", 12),
        ("1" * 400, float("inf")),  # more than a double holds: Infinity in JavaScript
        ("1" * 5000, float("inf")),  # and past Python's 4,300-digit limit
        ("-" + "9" * 5000, float("-inf")),
        ("0x" + "f" * 5000, float("inf")),
        ("0o" + "7" * 5000, float("inf")),
        ("0x20000000000001", 9007199254740992.0),
        ("1" + "0" * 400 + ".5", float("inf")),
    ],
)
def test_numbers_are_what_javascript_reads(text: str, expected: float) -> None:
    value = data(f"x: {text}\n")["x"]  # type: ignore[index]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1.0, "1"), (0.1, "0.1"), (1e-5, "0.00001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (12345678901234567890.0,
                                                          "12345678901234567000"),
        (-0.000123, "-0.000123"), (float("inf"), "Infinity"), (float("nan"), "NaN"),
        (2.0**60, "1152921504606847000"), (5e-324, "5e-324"),
    ],
)
def test_numbers_are_shown_as_javascript_shows_them(value: float, shown: str) -> None:
    assert js_number(value) == shown


# -- the fallback: every character is read or reported ---------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("---\nkey: value\n... invalid\n", 3, 5, "only a comment may follow the document end marker"),
        ("--- key1: value1\n    key2: value2\n", 1, 9, "a mapping cannot start on the '---' line"),
        ("--- &anchor a: b\n", 1, 14, "a mapping cannot start on the '---' line"),
        ("%YAML 1.2\n", 1, 1, "directive '%YAML 1.2' is not followed by a document"),
        ("%YAML 1.2\n...\n", 1, 1, "directive '%YAML 1.2' is not followed by a document"),
        ("%YAML 1.2 foo\n---\n", 1, 11, "did not find expected comment or line break"),
        ("%YAML 1.2\n%YAML 1.2\n---\n", 2, 1, "found duplicate %YAML directive"),
        ("---\nkey: value\n%YAML 1.2\n---\n", 3, 1, "directive '%YAML 1.2' inside a document"),
        ("a: 1\n%TAG !e! tag:e,1:\n---\nb: 2\n", 2, 1, "directive '%TAG !e! tag:e,1:' inside a document"),
    ],
)
def test_what_the_fallback_cannot_read_is_reported_at_its_line(
        text: str, line: int, column: int, words: str) -> None:
    stream = parse_stream(text)
    [problem] = stream.problems
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message


def test_a_tag_directive_is_kept_for_its_document() -> None:
    """The old fallback dropped directive lines: the %TAG went, and ``!!int 1 - 3`` was
    then read as the core !!int (a crash). Its document now keeps its %TAG."""
    stream = parse_stream("%TAG !! tag:example.com,2000:app/\n---\n!!int 1 - 3 # Interval\n")
    [problem] = stream.problems
    assert "unknown tag 'tag:example.com,2000:app/int'" in problem.message
    assert (problem.line, problem.column) == (3, 1)


def test_a_broken_document_keeps_the_directives_and_documents_around_it() -> None:
    text = "%TAG !c! tag:yaml.org,2002:\n---\na: !c!int 1\n...\n---\nb: [\n---\nc: !c!int 3\n"
    stream = parse_stream(text)
    assert [d.data for d in stream.documents] == [{"a": 1}]
    assert [(p.line, "undefined tag handle" in p.message) for p in stream.problems] == [
        (6, False), (8, True)]  # the second document's '[' is open; the third has no %TAG


def test_reserved_directives_and_newer_versions_are_read_with_a_warning() -> None:
    stream = parse_stream("%FOO  bar baz # ignored\n%YAML 1.3\n---\n\"foo\"\n")
    assert [d.data for d in stream.documents] == ["foo"]
    assert not stream.problems
    assert [(w.line, w.message) for w in stream.warnings] == [
        (1, "unknown directive %FOO is ignored (YAML reserves it for future use)"),
        (2, "%YAML 1.3 is newer than this reader: the document is read as YAML 1.2"),
    ]


@pytest.mark.parametrize("text", ["...\n", "# comment\n...\n", "a: 1\n...\n...\n# end\n"])
def test_end_markers_without_a_document_are_fine(text: str) -> None:
    stream = parse_stream(text)
    assert not stream.problems
    assert [d.data for d in stream.documents] == ([{"a": 1}] if "a:" in text else [])


@pytest.mark.parametrize("size", [5, 200])  # looked up by a scan, and through an index (> 64)
def test_a_duplicate_key_is_found_as_a_mapping_keeps_it(size: int) -> None:
    """The value's place is the last pair's (the value a mapping keeps), the key's the
    first pair's, in a small mapping as in a large one."""
    from catalog_lint.yaml_reader import Yaml12Loader, locate_key

    lines = [f"k{i}: {i}" for i in range(size)]
    lines[1] = "twice: first"
    lines[-1] = "twice: {inner: last}"
    loader = Yaml12Loader("\n".join(lines) + "\n")
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    assert locate(root, ("twice",)) == (size, 8)
    assert locate(root, ("twice", "inner")) == (size, 16)
    assert locate(root, (f"k{size - 2}",)) == (size - 1, len(f"k{size - 2}: ") + 1)
    assert locate(root, ("missing", "deeper")) is None
    assert locate_key(root, ("twice",)) == (2, 1)
    assert locate_key(root, ("twice", "inner")) == locate(root, ("twice", "inner"))
