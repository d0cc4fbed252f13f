"""What libyaml lets through and YAML 1.2 (and Backstage's reader) refuses is refused here
too, at the offending character; what YAML 1.2 accepts still reads."""

from __future__ import annotations

import time

import pytest

from catalog_lint.yaml_reader import parse_stream


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        # a comment with no space before '#'
        ('key: "value"# note\n', 1, 13, "a comment needs a space before its '#'"),
        ("key: 'value'#\n", 1, 13, "a comment needs a space before its '#'"),
        ("---\n[ a, b, c, ]#invalid\n", 2, 13, "a comment needs a space"),
        ("---\n[ a, b, c,#invalid\n]\n", 2, 11, "a comment needs a space"),
        ("k: {a: b}#x\n", 1, 10, "a comment needs a space"),
        ("block: ># comment\n  scalar\n", 1, 9, "a comment needs a space"),
        ("block: |-#\n  scalar\n", 1, 10, "a comment needs a space"),
        ("%YAML 1.1#...\n---\na\n", 1, 10, "a comment needs a space"),
        # continuation lines not indented more than their block collection
        ("---\nflow: [a,\nb,\nc]\n", 3, 1, "indented more than its parent (at least 1 spaces"),
        ("---\nquoted: \"a\nb\nc\"\n", 3, 1, "continues the quoted value of line 2"),
        ('foo: "bar\n\tbaz"\n', 2, 1, "tabs do not count"),
        ("- [\n\tfoo,\n foo\n ]\n", 2, 1, "continues the list of line 1"),
        ("- key: [a,\n  b]\n", 2, 3, "at least 3 spaces"),
        ("a:\n  b: {x: 1,\n  y: 2}\n", 3, 3, "continues the mapping of line 2"),
        ("a:\n  - 'x\n  y'\n", 3, 3, "at least 3 spaces"),
        # a lone '-' in a flow collection
        ("---\n- [-, -]\n", 2, 4, "cannot start with '-'"),
        ("[-]\n", 1, 2, "cannot start with '-'"),
        ("{a: -}\n", 1, 5, "cannot start with '-'"),
        # a block scalar's leading blank lines with more spaces than its first line
        ("empty block scalar: >\n \n  \n   \n # comment\n", 4, 1, "has 3 spaces, more than its first line (1)"),
        # read differently by libyaml: refused instead
        ("{ ?foo: bar,\nbar: 42\n}\n", 1, 3, "'?foo' in a flow collection"),
        ("[?x]\n", 1, 2, "'?x' in a flow collection"),
        ("---\nkey: &an:chor value\n", 2, 6, "anchor '&an:chor' has ':' in its name"),
    ],
)
def test_what_libyaml_lets_through_is_refused_at_its_place(
        text: str, line: int, column: int, words: str) -> None:
    stream = parse_stream(text)
    [problem] = stream.problems
    assert words in problem.message
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('key: "value" # note\n', {"key": "value"}),
        ("key: a#b\n", {"key": "a#b"}),
        ("k: [a, b#c, 'd#e', \"#\"] # [x]#y\n", {"k": ["a", "b#c", "d#e", "#"]}),
        ("k: [a, # a note: \"x\"#y\n  b]\n", {"k": ["a", "b"]}),
        ("block: > # comment\n  scalar\n", {"block": "scalar\n"}),
        ("block: |2 #\n   x\n", {"block": " x\n"}),
        ("flow: [a,\n b]\n", {"flow": ["a", "b"]}),
        ("flow: [\n  a,\n  b\n]\n", {"flow": ["a", "b"]}),  # Backstage's reader allows the bracket
        ("flow: {\n  a: 1\n}\n", {"flow": {"a": 1}}),
        ("flow: [a,\n# a comment at column 0\n b]\n", {"flow": ["a", "b"]}),
        ("- key: [a,\n   b]\n", [{"key": ["a", "b"]}]),
        ('q: "a\n  b"\n', {"q": "a b"}),
        ('q: "a\n\n  b"\n', {"q": "a\nb"}),
        ('"a\nb"\n', "a b"),  # at the top, any indentation will do
        ("[a,\nb]\n", ["a", "b"]),
        ("? a\n: [x,\n  y]\n", {"a": ["x", "y"]}),
        ("k: [-1, -a, '-', \"- \", a-]\n", {"k": [-1, "-a", "-", "- ", "a-"]}),
        ("k: {? a : b, '?c': d}\n", {"k": {"a": "b", "?c": "d"}}),
        ("k: [a?b, ? c]\n", {"k": ["a?b", {"c": None}]}),
        ("a: >\n  \n  x\n", {"a": "\nx\n"}),
        ("a: >\n   \nb: 1\n", {"a": "", "b": 1}),
        ("a: |2\n    \n  x\n", {"a": "  \nx\n"}),
        ("a: |-2\n\n      \n  x\n", {"a": "\n    \nx"}),  # explicit indentation: no guessing
        ("a: >+1\n   \n x\n", {"a": "  \nx\n"}),
        ("key: &anchor value\nother: *anchor\n", {"key": "value", "other": "value"}),
        ('key: "&an:chor"\nurl: http://x/?a=1&b:c\n', {"key": "&an:chor", "url": "http://x/?a=1&b:c"}),
        ("%YAML 1.2 # a comment\n---\na\n", "a"),
        ("%YAML 1.2\n---\n[a]\n", ["a"]),
    ],
)
def test_what_yaml_accepts_still_reads(text: str, expected: object) -> None:
    stream = parse_stream(text)
    assert not stream.problems, stream.problems
    assert [document.data for document in stream.documents] == [expected]


def test_a_refused_document_does_not_hide_the_others() -> None:
    stream = parse_stream("a: 1\n---\nb: [x,\ny]\n---\nc: 3\n")
    assert [d.data for d in stream.documents] == [{"a": 1}, {"c": 3}]
    [problem] = stream.problems
    assert (problem.line, problem.column) == (4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "k: [" + "'#', " * 20000 + "]\n",  # every '#' looked up among 20,000 scalars
        "k: [a,\n" + "  b, # c\n" * 20000 + "]\n",
    ],
)
def test_hostile_shapes_stay_linear(text: str) -> None:
    started = time.perf_counter()
    parse_stream(text)
    assert time.perf_counter() - started < 5  # quadratic work here took minutes
