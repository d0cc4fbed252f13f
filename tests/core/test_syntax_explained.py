"""YAML syntax errors explained: each of libyaml's messages, on a real file through
``catalog-lint validate``, at the line and column to fix, in words that name the cause,
with libyaml's own words kept at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write

ENTITY = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
{metadata}spec:
  type: service
  lifecycle: production
  owner: team-cart
{spec}"""


def entity(metadata: str = "", spec: str = "") -> str:
    """A Component whose metadata (from line 5) or spec (from line 9) ends with the lines
    given."""
    return ENTITY.format(metadata=metadata, spec=spec)


#: name -> (file text, line, column, words the message must hold, libyaml's phrase)
CASES: dict[str, tuple[str, int, int, tuple[str, ...], str]] = {
    # tabs: at the tab, wherever libyaml stopped
    "tab-indenting-a-key": (
        entity("\ttitle: Cart\n"), 5, 1,
        ("a tab character; YAML indents with spaces only",),
        "found a tab character that violates indentation"),
    "tab-after-a-list-dash": (
        "items:\n  -\tname: a\n", 2, 4,
        ("a tab character; YAML indents with spaces only",),
        "found character that cannot start any token"),
    "tab-inside-indentation": (
        entity(" \ttitle: Cart\n"), 5, 2,
        ("a tab character; YAML indents with spaces only",),
        "found a tab character that violates indentation"),
    "tab-in-a-block-scalar": (
        entity("  description: |\n\tCart\n"), 6, 1,
        ("a tab character; YAML indents with spaces only",),
        "found a tab character where an indentation space is expected"),
    "tab-at-the-start": (
        "\tkind: Component\n", 1, 1,
        ("a tab character; YAML indents with spaces only",),
        "found character that cannot start any token"),
    # characters that cannot start a value
    "at-sign": (
        entity("  description: @cart team\n"), 5, 16,
        ("cannot start with '@'", 'quote the value, "@cart team"'),
        "found character that cannot start any token"),
    "percent": (
        entity("  description: %done\n"), 5, 16,
        ("cannot start with '%'", '"%done"'),
        "found character that cannot start any token"),
    # "mapping values are not allowed here": the two likely causes, told apart
    "colon-inside-a-value": (
        entity("  description: Cart: handles the basket\n"), 5, 20,
        ("the value of 'description' contains ': '",
         'description: "Cart: handles the basket"'),
        "mapping values are not allowed in this context"),
    "colon-inside-a-value-with-quotes": (
        entity('  description: say "hi": now\n'), 5, 24,
        ("contains ': '", "description: 'say \"hi\": now'"),
        "mapping values are not allowed in this context"),
    "key-indented-under-a-value": (
        entity("    title: Cart\n"), 5, 5,
        ("'title' is indented more than 'name' on line 4",
         "more of the value of 'name' ('cart')", "line it up with 'name'"),
        "mapping values are not allowed in this context"),
    "key-indented-under-a-list-item": (
        "tags:\n  - java\n    level: 3\n", 3, 5,
        ("indented under the list item of line 2", "the text 'java'", "'- java: ...'"),
        "mapping values are not allowed in this context"),
    "line-without-a-colon-before-a-key": (
        "description:\n  first part\n  second: part\n", 2, 3,
        ("line 2 ('first part') is not 'key: value'", "up to the ':' of line 3",
         "add the missing ':'"),
        "mapping values are not allowed in this context"),
    "key-longer-than-1024": (
        "a" * 1100 + ": b\n", 1, 1, ("at most 1024 characters",),
        "mapping values are not allowed in this context"),
    "list-on-the-line-of-its-key": (
        entity(spec="  dependsOn: - resource:cart-db\n"), 9, 14,
        ("a list cannot start on the line of its key", "below 'dependsOn:'",
         'dependsOn: "- resource:cart-db"'),
        "block sequence entries are not allowed in this context"),
    "explicit-key-indicator": (
        "a: b\n? c\n: d\nx: ? y\n", 4, 4, ("'? '",),
        "mapping keys are not allowed in this context"),
    "no-colon-after-a-key": (
        entity("  title\nspec2: x\n"), 5, 3,
        ("'title' stands where a key is expected but has no ':'", "'title: <value>'",
         "indent it more than 'name' (line 4)"),
        "could not find expected ':'"),
    "anchor-alone-on-a-line": (
        "seq:\n&anchor\n- a\n", 2, 1,
        ("an anchor ('&anchor') alone on a line", "'key: &anchor ...'"),
        "could not find expected ':'"),
    # quotes: where they opened, where the text ended
    "unclosed-double-quote": (
        entity('  title: "Cart\n'), 5, 10,
        ('the quote " opened at line 5, column 10 is never closed',
         "the file ends at line 9", "missing at the end of line 5"),
        "found unexpected end of stream"),
    "unclosed-single-quote-before-another-document": (
        "a: 'open\n---\nb: 1\n", 1, 4,
        ("the quote ' opened at line 1, column 4 is never closed",
         "the next document starts at line 2"),
        "found unexpected end of stream"),
    "escaped-quote-at-the-end": (
        entity('  description: "C:\\temp\\"\n'), 5, 16,
        ("never closed", "is an escaped quote, not the closing one", "single quotes"),
        "found unexpected end of stream"),
    "quote-across-a-document-marker": (
        '--- "a\n... x\nb"\n', 1, 5,
        ("the quote \" opened at line 1, column 5 is not closed before the '...' of line 2",),
        "found unexpected document indicator"),
    "single-quote-inside-single-quotes": (
        entity("  description: 'it's the cart'\n"), 5, 19,
        ("a ' inside a single-quoted value ends it", "(it''s)"),
        "did not find expected key"),
    "text-after-a-closing-quote": (
        entity('  title: "Cart" service\n'), 5, 17,
        ("text after the closing quote ('service')",),
        "did not find expected key"),
    # escapes in double quotes
    "unknown-escape": (
        entity('  description: "a\\qb"\n'), 5, 18,
        ("'\\\\q' is not an escape sequence", "single quotes"),
        "found unknown escape character"),
    "short-hex-escape": (
        entity('  description: "\\xZZ"\n'), 5, 17,
        ("the escape '\\\\x' must be followed by 2 hexadecimal digits",),
        "did not find expected hexdecimal number"),
    "surrogate-escape": (
        entity('  description: "\\uD800"\n'), 5, 17,
        ("'\\\\uD800' is not a Unicode character",),
        "found invalid Unicode character escape code"),
    # block scalars
    "block-indentation-zero": (
        entity("  description: |0\n    x\n"), 5, 17, ("digit from 1 to 9, not 0",),
        "found an indentation indicator equal to 0"),
    "text-after-a-block-indicator": (
        entity("  description: > first line\n    second\n"), 5, 18,
        ("only a comment may follow '|' or '>'", "'first line' belongs on the next line"),
        "did not find expected comment or line break"),
    # anchors, aliases, tags
    "value-starting-with-an-asterisk": (
        entity("  description: *important*\n"), 5, 16,
        ("read as an alias", 'quote it, "*important*"'),
        "did not find expected alphabetic or numeric character"),
    "value-starting-with-an-ampersand": (
        entity("  description: & co\n"), 5, 16, ("read as an anchor", '"& co"'),
        "did not find expected alphabetic or numeric character"),
    "undefined-alias": (
        entity("  description: *intro\n"), 5, 16,
        ("the alias '*intro' refers to no anchor", "'&intro'"),
        "found undefined alias"),
    "duplicate-anchor": (
        "a: &x 1\nb: &x 2\n", 2, 4,
        ("the anchor '&x' is defined a second time (first at line 1, column 4)",),
        "found duplicate anchor"),
    "malformed-tag": (
        entity("  description: !important, really\n"), 5, 16,
        ("read as a tag", "'!important, really' is not a valid one"),
        "did not find expected whitespace or line break"),
    "undeclared-tag-handle": (
        entity("  description: !x!y b\n"), 5, 16,
        ("the tag handle '!x!' is not declared by a %TAG directive",),
        "found undefined tag handle"),
    # directives
    "malformed-directive": (
        "%YAML 1\n---\na: 1\n", 1, 8, ("'%YAML 1' is not a valid directive",),
        "did not find expected digit or '.' character"),
    "directive-without-a-name": (
        "%\n---\na: 1\n", 1, 2, ("'%' is not a valid directive",),
        "could not find expected directive name"),
    "duplicate-yaml-directive": (
        "%YAML 1.2\n%YAML 1.2\n---\na: 1\n", 2, 1,
        ("%YAML is given twice for this document",),
        "found duplicate %YAML directive"),
    "incompatible-yaml-version": (
        "%YAML 2.0\n---\na: 1\n", 1, 1, ("only YAML 1.x documents can be read",),
        "found incompatible YAML document"),
    "stray-closing-bracket-after-the-document": (
        "---\n[a, b] ]\n", 2, 8, ("']' closes nothing",),
        "did not find expected <document start>"),
    # brackets
    "unclosed-flow-list": (
        entity("  tags: [java, go\n"), 5, 9,
        ("the list '[' opened at line 5, column 9 is never closed", "a ']' is missing",
         "the file ends at line 9"),
        "did not find expected ',' or ']'"),
    "unclosed-flow-mapping": (
        entity("  labels: {tier: gold\n"), 5, 11,
        ("the mapping '{' opened at line 5, column 11 is never closed",),
        "did not find expected ',' or '}'"),
    "unclosed-list-at-the-end": (
        "a: 1\nb: [\n", 2, 4, ("the list '[' opened at line 2, column 4 is never closed",),
        "did not find expected node content"),
    "missing-comma-at-a-line-end": (
        "labels: {\n  tier: gold\n  team: cart }\n", 2, 13,
        ("a ',' is missing at the end of line 2",
         "the mapping '{' opened at line 1, column 9"),
        "did not find expected ',' or '}'"),
    "missing-comma-on-the-line": (
        "labels: {tier: gold team: cart}\n", 1, 25,
        ("a ',' is missing before this entry of the mapping '{' opened at line 1, column 9",),
        "did not find expected ',' or '}'"),
    "empty-entry": (
        "tags: [a,,b]\n", 1, 10, ("an empty entry",), "did not find expected node content"),
    "list-item-inside-brackets": (
        "tags: [- a]\n", 1, 8, ("a '- ' list item inside brackets",),
        "did not find expected node content"),
    "text-after-a-closing-bracket": (
        "tags: [a, b] c\n", 1, 14, ("text after the closing ']' ('c')",),
        "did not find expected key"),
    # indentation
    "key-between-two-levels": (
        entity(" title: Cart\n"), 5, 2,
        ("'title' is indented 1 space, between 'metadata' (line 3, 0 spaces) and 'name' "
         "(line 4, 2 spaces)",),
        "did not find expected key"),
    "list-item-between-two-levels": (
        entity(spec="  dependsOn:\n    - resource:cart-db\n   - resource:cart-cache\n"), 11, 4,
        ("the list item '- resource:cart-cache' is indented 3 spaces, between 'dependsOn' "
         "(line 9, 2 spaces) and the list item (line 10, 4 spaces)",),
        "did not find expected key"),
    "key-after-a-comment-in-a-value": (
        "description: first\n# note\n  second\n", 3, 3,
        ("a comment line (line 2) ends a plain value that spans lines",),
        "did not find expected key"),
    "list-where-a-key-is-expected": (
        "tags: java\n- go\n", 2, 1,
        ("a list item where the mapping of line 1 expects its next key",
         "('tags' on line 1 already has a value)"),
        "did not find expected key"),
    "stray-closing-bracket": (
        "a: b\n]\n", 2, 1, ("']' closes nothing",), "did not find expected key"),
    "mapping-after-a-list": (
        "- a\n- b\nc: d\n", 3, 1,
        ("'c: d' is at the indentation of the list of line 1 but is not a list item",),
        "did not find expected '-' indicator"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_libyaml_error_is_explained_where_to_fix_it(tmp_path: Path, name: str) -> None:
    text, line, column, said, libyaml = CASES[name]
    write(tmp_path, {"catalog-info.yaml": text})
    outcome = run_cli(["validate", "--format", "json", "catalog-info.yaml"], tmp_path)
    assert outcome.exit_code == 1, outcome.stderr
    [finding] = [f for f in outcome.json()["findings"] if f["rule"] == "yaml-syntax"]
    message = finding["message"]
    assert (finding["line"], finding["column"]) == (line, column), message
    for words in said:
        assert words in message, message
    assert message.endswith(f"(libyaml: {libyaml})"), message


def test_a_control_character_is_found_where_it_is(tmp_path: Path) -> None:
    """libyaml reports a refused character by its byte offset, with no line: the finding
    points at the character itself, after multi-byte ones."""
    write(tmp_path, {"catalog-info.yaml": entity("  title: Caf\u00e9 \u00fc\x07\n")})
    outcome = run_cli(["validate", "--format", "json", "catalog-info.yaml"], tmp_path)
    [finding] = [f for f in outcome.json()["findings"] if f["rule"] == "yaml-syntax"]
    assert (finding["line"], finding["column"]) == (5, 16)
    assert finding["message"].startswith("a control character (U+0007) is not allowed")
    assert finding["message"].endswith("(libyaml: control characters are not allowed)")


def test_the_text_output_says_it_on_one_line_with_the_source(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": entity("  description: Cart: handles the basket\n")})
    outcome = run_cli(["validate", "--show-source", "catalog-info.yaml"], tmp_path)
    assert outcome.stdout.splitlines()[:3] == [
        "catalog-info.yaml:5:20: error yaml-syntax the value of 'description' contains ': ', "
        "which YAML reads as the start of a mapping: quote the value, description: \"Cart: "
        "handles the basket\" (libyaml: mapping values are not allowed in this context)",
        "5 |   description: Cart: handles the basket",
        "  |                    ^",
    ]


#: name -> (port.json text, line, column, words the message must hold, Python's phrase)
JSON_CASES: dict[str, tuple[str, int, int, tuple[str, ...], str]] = {
    "missing-comma-between-lines": (
        '{"identifier": "cart",\n "title": "Cart"\n "blueprint": "service"}\n', 2, 17,
        ("a ',' is missing between two values (after line 2)",), "Expecting ',' delimiter"),
    "missing-comma-on-a-line": (
        '{"identifier": "cart" "title": "Cart"}\n', 1, 22,
        ("a ',' is missing between two values (after line 1)",), "Expecting ',' delimiter"),
    "trailing-comma-in-an-object": (
        '{"identifier": "cart",\n "title": "Cart",\n}\n', 2, 17,
        ("a trailing comma", "after the last member"),
        "Expecting property name enclosed in double quotes"),
    "trailing-comma-in-a-list": (
        '{"identifier": "cart", "properties": {"tags": ["a", "b",]}}\n', 1, 56,
        ("a trailing comma",), "Expecting value"),
    "single-quoted-key": (
        "{'identifier': 'cart'}\n", 1, 2, ("keys need double quotes",),
        "Expecting property name enclosed in double quotes"),
    "bare-key": (
        '{identifier: "cart"}\n', 1, 2, ('the key identifier needs double quotes in JSON: "identifier"',),
        "Expecting property name enclosed in double quotes"),
    "missing-colon": (
        '{"identifier" "cart"}\n', 1, 14, ("a ':' is missing after the key",),
        "Expecting ':' delimiter"),
    "python-literal": (
        '{"identifier": "cart", "properties": {"public": True}}\n', 1, 49,
        ("True is not a JSON value: write true",), "Expecting value"),
    "comment": (
        '{"identifier": "cart", // the cart\n "title": "Cart"}\n', 1, 24,
        ("JSON has no comments",), "Expecting property name enclosed in double quotes"),
    "bare-word": (
        '{"identifier": cart}\n', 1, 16, ('text needs double quotes in JSON: "cart"',),
        "Expecting value"),
    "string-across-lines": (
        '{"identifier": "cart\n"}\n', 1, 16,
        ("the string opened at line 1, column 16 is not closed on its line",),
        "Invalid control character at"),
    "unclosed-string": (
        '{"identifier": "cart', 1, 16, ("the string opened at line 1, column 16 is never closed",),
        "Unterminated string starting at"),
    "bad-escape": (
        '{"identifier": "c\\qart"}\n', 1, 18, ("'\\\\q' is not a JSON escape",),
        "Invalid \\escape"),
    "mismatched-bracket": (
        '{"identifier": "cart",\n "properties": {"tags": ["a"}\n}\n', 2, 29,
        ("'}' does not close the '[' opened at line 2, column 25",),
        "Expecting ',' delimiter"),
    "unclosed-object": (
        '{"identifier": "cart",\n "properties": {"tier": 1}\n', 1, 1,
        ("the '{' opened at line 1, column 1 is never closed", "a '}' is missing"),
        "Expecting ',' delimiter"),
    "two-objects": (
        '{"identifier": "a"}\n{"identifier": "b"}\n', 2, 1,
        ("a JSON file holds one value, and a second starts here", "put them in a list"),
        "Extra data"),
    "one-brace-too-many": (
        '{"identifier": "a"}}\n', 1, 20, ("'}' closes nothing",), "Extra data"),
    "leading-zero": (
        '{"identifier": "a", "properties": {"tier": 01}}\n', 1, 44,
        ("a JSON number cannot start with 0",), "Expecting ',' delimiter"),
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_each_json_error_is_explained_where_to_fix_it(tmp_path: Path, name: str) -> None:
    text, line, column, said, python = JSON_CASES[name]
    write(tmp_path, {"port.json": text})
    outcome = run_cli(["validate", "--format", "json", "port.json"], tmp_path)
    assert outcome.exit_code == 1, outcome.stderr
    [finding] = outcome.json()["findings"]
    message = finding["message"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("json-syntax", line, column), message
    for words in said:
        assert words in message, message
    assert message.endswith(f"(json: {python})"), message
