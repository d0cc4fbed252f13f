"""The text format's source lines: the offending line with a caret under the column,
as a terminal draws it, chosen by flag, configuration, terminal and pre-commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_lint.reporters.text import MAX_WIDTH, show_line
from tests.cli_helpers import run_cli, write

BROKEN = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  description: {value}
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""


def caret_under(text: str, index: int) -> str:
    """What ``show_line`` draws for character ``index``: the line, and the caret line."""
    shown, cell = show_line(text, index)
    return f"{shown}\n{' ' * cell}^"


def test_a_tab_is_shown_as_spaces_with_the_caret_under_the_character_after_it() -> None:
    assert caret_under("a\tb: c", 2) == "a   b: c\n    ^"
    assert caret_under("\tkey: x", 0) == "    key: x\n^"
    assert caret_under("ab\t\tc", 4) == "ab      c\n        ^"


def test_wide_characters_take_two_cells_and_combining_marks_none() -> None:
    assert caret_under("name: 日本語: x", 9) == "name: 日本語: x\n            ^"
    assert caret_under("cafe\u0301: x", 5) == "cafe\u0301: x\n    ^"
    assert caret_under("한국어 x", 4) == "한국어 x\n       ^"


def test_control_characters_are_escaped_and_the_caret_follows_the_escape() -> None:
    assert caret_under("a\x1b[2Jb: c", 5) == "a\\x1b[2Jb: c\n        ^"
    assert caret_under("x\u202ey", 2) == "x\\u202ey\n       ^"


def test_a_caret_past_the_end_of_the_line_stands_after_it() -> None:
    assert caret_under('a: "open', 8) == 'a: "open\n        ^'
    assert caret_under("abc", 99) == "abc\n   ^"


def test_a_long_line_is_cut_around_the_column() -> None:
    line = "".join(chr(ord("a") + i % 26) for i in range(500))
    shown, cell = show_line(line, 300)
    assert len(shown) <= MAX_WIDTH and shown.startswith("...") and shown.endswith("...")
    assert shown[cell] == line[300]
    start, cell = show_line(line, 3)
    assert not start.startswith("...") and start.endswith("...") and start[cell] == line[3]
    end, cell = show_line(line, 499)
    assert end.startswith("...") and not end.endswith("...") and end[cell] == line[499]
    wide = "".join(chr(0x4E00 + i) for i in range(300))  # CJK ideographs: two cells each
    shown, cell = show_line(wide, 200)
    assert 2 * (len(shown) - 6) + 6 <= MAX_WIDTH
    assert (cell - 3) % 2 == 0 and shown[3 + (cell - 3) // 2] == wide[200]


def test_show_source_prints_the_line_and_a_caret(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN.format(value="日本語: 説明")})
    outcome = run_cli(["validate", "--show-source"], tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[1:4] == [
        "5 |   description: 日本語: 説明",
        "  |                      ^",
        "",
    ]


def test_a_tab_in_the_source_lines_up_the_caret(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "kind: Component\nmetadata:\n\tname: cart\n"})
    lines = run_cli(["validate", "--show-source"], tmp_path).stdout.splitlines()
    assert lines[0].startswith("catalog-info.yaml:3:1: error yaml-syntax a tab character")
    assert lines[1:3] == ["3 |     name: cart", "  | ^"]


def test_findings_of_rules_and_of_json_files_show_their_line(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": BROKEN.format(value="fine").replace("name: cart", "name: Cart!"),
        "port.json": '{"identifier": "x",\n "title": "y"\n "blueprint": "service"}\n',
    })
    lines = run_cli(["validate", "--show-source"], tmp_path).stdout.splitlines()
    name = lines.index("4 |   name: Cart!")
    assert lines[name - 1].startswith("catalog-info.yaml:4:9: error metadata-name")
    assert lines[name + 1] == "  |         ^"
    comma = lines.index('2 |  "title": "y"')
    assert lines[comma - 1].startswith("port.json:2:14: error json-syntax a ',' is missing")
    assert lines[comma + 1] == "  |              ^"


def test_no_line_is_shown_for_a_position_past_the_text(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "# nothing but a comment\n"})
    outcome = run_cli(["validate", "--show-source"], tmp_path)
    assert outcome.stdout.splitlines()[0].startswith("catalog-info.yaml:1:1: ")
    assert outcome.stdout.splitlines()[1] == "1 | # nothing but a comment"


@pytest.mark.parametrize(("args", "env", "config", "shown"), [
    ([], {}, None, False),  # not a terminal (the test runner's pipe): off
    ([], {"PRE_COMMIT": "1"}, None, True),  # pre-commit replays it on a terminal: on
    (["--no-show-source"], {"PRE_COMMIT": "1"}, None, False),
    (["--show-source"], {}, None, True),
    ([], {}, "show-source: true\n", True),
    ([], {"PRE_COMMIT": "1"}, "show-source: false\n", False),
    (["--show-source"], {}, "show-source: false\n", True),  # the flag over the config
    (["--no-show-source", "--show-source"], {}, None, True),  # the last flag wins
])
def test_who_decides_whether_source_lines_are_shown(
        tmp_path: Path, args: list[str], env: dict[str, str], config: str | None,
        shown: bool) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN.format(value="a: b")})
    if config is not None:
        write(tmp_path, {".catalog-lint.yaml": config})
    for command in ("validate", "check"):
        outcome = run_cli([command, *args], tmp_path, env=env)
        assert outcome.exit_code == 1, outcome.stderr
        assert ("5 |   description: a: b" in outcome.stdout) is shown, (command, outcome.stdout)


def test_a_report_written_to_a_file_has_no_source_lines_unless_asked(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN.format(value="a: b")})
    run_cli(["validate", "-o", "report.txt"], tmp_path, env={"PRE_COMMIT": "1"})
    assert "5 |" not in (tmp_path / "report.txt").read_text(encoding="utf-8")
    run_cli(["validate", "-o", "report.txt", "--show-source"], tmp_path)
    assert "5 |   description: a: b" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_the_json_report_is_the_same_with_or_without_source_lines(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN.format(value="a: b")})
    plain = run_cli(["validate", "--format", "json"], tmp_path).json()
    shown = run_cli(["validate", "--format", "json", "--show-source"], tmp_path).json()
    assert plain == shown
    assert "description: a: b" not in json.dumps(plain)  # the text never travels in JSON


def test_an_invalid_config_value_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": BROKEN.format(value="x"),
                     ".catalog-lint.yaml": "show-source: sometimes\n"})
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.exit_code == 2
    assert "show-source" in outcome.stderr
