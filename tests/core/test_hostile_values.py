"""Values that used to crash ``validate`` (an internal error, exit 2) are findings now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_lint.jsvalues import load_json
from tests.cli_helpers import run_cli, write

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec:
  type: service
  lifecycle: {lifecycle}
  owner: team-a
"""


def validate(tmp_path: Path, files: dict[str, str]) -> list[dict[str, object]]:
    write(tmp_path, files)
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert "internal error" not in outcome.stderr
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()["findings"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "!!int tag on a value that is not an integer: 'abc'"),
        ("!!float abc", "!!float tag on a value that is not a number: 'abc'"),
        ("!!bool maybe", "!!bool tag on a value that is not true or false: 'maybe'"),
        ("!!int 1.5", "!!int tag on a value that is not an integer: '1.5'"),
        ("!!null x", "!!null tag on a value that is not null: 'x'"),
    ],
)
def test_a_core_tag_on_the_wrong_content_is_a_yaml_syntax_error(
        tmp_path: Path, value: str, message: str) -> None:
    found = validate(tmp_path, {"catalog-info.yaml": COMPONENT.format(lifecycle=value)})
    assert [(f["rule"], f["severity"], f["line"], f["column"], f["message"]) for f in found] == [
        ("yaml-syntax", "error", 7, 14, message)]


@pytest.mark.parametrize("number", ["1" * 4301, "-" + "9" * 10000, "0x" + "f" * 5000,
                                    "0" + "7" * 5000])
def test_a_huge_number_in_yaml_is_infinity_as_in_javascript(tmp_path: Path, number: str) -> None:
    found = validate(tmp_path, {"catalog-info.yaml": COMPONENT.format(lifecycle=number)})
    [schema] = [f for f in found if f["rule"] == "blueprint-schema"]
    assert "must be a string, got the number " in str(schema["message"])
    assert "Infinity" in str(schema["message"])


def test_a_huge_integer_in_json_is_read_as_javascript_reads_it(tmp_path: Path) -> None:
    text = ('{"identifier": "cart", "blueprint": "service", "title": "Cart",\n'
            ' "properties": {"big": ' + "1" * 5000 + ', "rounded": 9007199254740993}}\n')
    found = validate(tmp_path, {"port.json": text})
    assert [f["rule"] for f in found if f["rule"] == "json-syntax"] == []


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path: Path, constant: str) -> None:
    text = '{"identifier": "a NaN",\n "blueprint": ' + constant + "}\n"
    found = validate(tmp_path, {"port.json": text})
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("json-syntax", 2, 15)]
    assert f"{constant} is not a JSON value" in str(found[0]["message"])


@pytest.mark.parametrize(
    "url",
    ["http://" + "1" * 5000 + "/", "http://1." + "1" * 5000 + "/", "http://0x" + "f" * 5000 + "/",
     "http://example.com:" + "1" * 5000 + "/", "http://example.com:" + "0" * 5000 + "80/",
     "http://0" + "0" * 5000 + "1/"],
)
def test_long_numbers_in_a_link_are_judged_not_crashed_on(tmp_path: Path, url: str) -> None:
    text = COMPONENT.format(lifecycle="production").replace(
        "  name: cart\n", f"  name: cart\n  links:\n    - url: '{url}'\n")
    found = validate(tmp_path, {"catalog-info.yaml": text})
    # leading zeros do not count: port 80, and the octal IPv4 address 0.0.0.1
    expected = [] if url.endswith(("0" * 5000 + "80/", "0" * 5000 + "1/")) else [("metadata-links", 6)]
    assert [(f["rule"], f["line"]) for f in found if f["severity"] == "error"] == expected


def test_directive_problems_are_findings_and_reserved_directives_warnings(tmp_path: Path) -> None:
    good = COMPONENT.format(lifecycle="production")
    found = validate(tmp_path, {
        "a/catalog-info.yaml": "%FOO bar\n---\n" + good,
        "b/catalog-info.yaml": good + "%YAML 1.2\n---\n" + good.replace("cart", "other"),
        "c/catalog-info.yaml": "%YAML 1.2\n",
    })
    assert [(f["file"], f["rule"], f["severity"], f["line"]) for f in found
            if f["rule"] == "yaml-syntax"] == [
        ("a/catalog-info.yaml", "yaml-syntax", "warning", 1),
        ("b/catalog-info.yaml", "yaml-syntax", "error", 9),
        ("c/catalog-info.yaml", "yaml-syntax", "error", 1),
    ]


def test_a_huge_number_in_a_blueprint_is_read_not_crashed_on(tmp_path: Path) -> None:
    blueprint = ('{"identifier": "big", "title": "Big", "schema": {"type": "object", '
                 '"maxProperties": ' + "1" * 5000 + "}}")
    write(tmp_path, {"blueprints/big.json": blueprint,
                     "catalog-info.yaml": COMPONENT.format(lifecycle="production")})
    outcome = run_cli(["validate", "--format", "json", "--blueprints", "blueprints"], tmp_path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert "internal error" not in outcome.stderr


def test_json_is_read_as_json_parse_reads_it() -> None:
    assert load_json('{"a": 9007199254740993, "b": ' + "9" * 5000 + ', "c": 1.5e999}') == {
        "a": 9007199254740992, "b": float("inf"), "c": float("inf")}
    with pytest.raises(json.JSONDecodeError) as refused:
        load_json('{"a": "NaN -Infinity", "b": [1,\n -Infinity]}')
    assert (refused.value.lineno, refused.value.colno) == (2, 2)
    assert refused.value.msg.startswith("-Infinity is not a JSON value")
