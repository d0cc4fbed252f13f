"""Nothing from a file or a file name reaches the terminal as a control character.

A hostile repository (real files in a real git repository) plants ESC sequences, an OSC-8
hyperlink, newlines and Unicode bidi overrides in folder names and entity names; every
human-readable output must show them as escapes (``\\x1b``, ``\\n``, ``\\u202e``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_lint.graph.render import dot_text
from catalog_lint.terminal import UNSAFE, escape, escape_data
from tests.cli_helpers import Outcome, run_cli
from tests.gitrepo import GitRepo

CLEAR_SCREEN = "\x1b[2J"
OSC8_LINK = "\x1b]8;;https:evil.example\x1b\\"  # a hyperlink (no slash: one folder)
RIGHT_TO_LEFT = "\u202e"

# Folder names: an OSC-8 hyperlink, a newline that would forge a summary line, a bidi
# override that reverses what follows.
LINKED = f"svc{OSC8_LINK}cart{OSC8_LINK}"
FORGED = "pay\n0 files, 0 entities: 0 errors\n"
REVERSED = f"bidi{RIGHT_TO_LEFT}lmay.ofni"


def component(name: str, owner: str) -> str:
    """A Component whose name and owner are YAML double-quoted strings (``\\e`` is ESC)."""
    return (
        "apiVersion: backstage.io/v1alpha1\n"
        "kind: Component\n"
        "metadata:\n"
        f'  name: "{name}"\n'
        "  labels:\n"
        "    legacy: no\n"
        "spec:\n"
        "  type: service\n"
        "  lifecycle: production\n"
        f'  owner: "{owner}"\n'
    )


HOSTILE_FILES = {
    f"{LINKED}/catalog-info.yaml": component("cart\\e[2Jx", "team\\nforged"),
    f"{FORGED}/catalog-info.yaml": component("pay", "team\\u202ex"),
    f"{REVERSED}/catalog-info.yaml": component("bidi\\u2066x", "team-b"),
    "CODEOWNERS": f"/{REVERSED}/ @acme/x\n",
}


@pytest.fixture
def hostile(tmp_path: Path) -> GitRepo:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("clean base", {"README.md": "# shop\n"})
    repo.commit("hostile names", dict(HOSTILE_FILES))
    return repo


def assert_shown_not_obeyed(outcome: Outcome) -> None:
    printed = outcome.stdout + outcome.stderr
    raw = sorted({f"U+{ord(char):04X}" for char in UNSAFE.findall(printed) if char != "\n"})
    assert raw == [], printed
    assert all("\n" not in line for line in printed.splitlines())
    # The names were printed (escaped), so the check above had something to check.
    assert "\\x1b" in printed or "\\u202e" in printed or "\\n" in printed, printed


def test_escape_shows_controls_and_bidi_overrides() -> None:
    assert escape("ok: plain text, ünïcödé, tabs\\n as written") == \
        "ok: plain text, ünïcödé, tabs\\n as written"
    assert escape(f"a{CLEAR_SCREEN}b") == "a\\x1b[2Jb"
    assert escape("one\ntwo\r\tthree") == "one\\ntwo\\r\\tthree"
    assert escape("\x00\x7f\x85\x9b") == "\\x00\\x7f\\x85\\x9b"
    assert escape("\u202a\u202e\u2066\u2069\u2028") == "\\u202a\\u202e\\u2066\\u2069\\u2028"
    assert escape("\u200b\u00e9") == "\u200b\u00e9"  # not controls: left alone
    assert escape_data({"k\x1b": ["v\n", 3, None, ("t\u202e",)]}) == \
        {"k\\x1b": ["v\\n", 3, None, ("t\\u202e",)]}


def test_dot_labels_keep_line_breaks_and_escape_the_rest() -> None:
    assert dot_text('a "b"\nc\x1bd') == 'a \\"b\\"\\nc\\x1bd'


def test_text_report_and_error_lines(hostile: GitRepo) -> None:
    outcome = run_cli(["validate"], hostile.path)
    assert outcome.exit_code == 1
    assert_shown_not_obeyed(outcome)
    assert "svc\\x1b]8;;https:evil.example\\x1b\\cart" in outcome.stdout
    assert "pay\\n0 files, 0 entities: 0 errors\\n/catalog-info.yaml:" in outcome.stdout
    # The only summary line is the real one (last, but for the count of fixable findings).
    lines = outcome.stdout.splitlines()
    if lines[-1].endswith("fixable with `catalog-lint fix`."):
        lines.pop()
    assert [line for line in lines if " entities: " in line
            and not line.startswith("pay")] == [lines[-1]]

    missing = run_cli(["validate", f"gone{CLEAR_SCREEN}/catalog-info.yaml"], hostile.path)
    assert missing.exit_code == 2
    assert missing.stderr == "catalog-lint: error: gone\\x1b[2J/catalog-info.yaml: no such file or folder\n"


def test_config_error_line(hostile: GitRepo) -> None:
    hostile.write({".catalog-lint.yaml": '"fail\\eon": error\n'})
    outcome = run_cli(["validate"], hostile.path)
    assert outcome.exit_code == 2
    assert "unknown key 'fail\\x1bon'" in outcome.stderr
    assert_shown_not_obeyed(outcome)


@pytest.mark.parametrize("args", [
    ["check"],
    ["score"],
    ["facts"],
    ["graph", "--format", "dot"],
    ["graph", "--format", "mermaid"],
])
def test_every_human_readable_command(hostile: GitRepo, args: list[str]) -> None:
    outcome = run_cli(args, hostile.path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    if args[0] == "graph":  # DOT and Mermaid have escapes of their own: no raw byte either
        assert UNSAFE.search(outcome.stdout.replace("\n", "")) is None
        return
    assert_shown_not_obeyed(outcome)


def test_gate_text(hostile: GitRepo) -> None:
    base = hostile.git("rev-parse", "HEAD~1")
    outcome = run_cli(["diff", "--base", base], hostile.path)
    assert outcome.exit_code == 1
    assert_shown_not_obeyed(outcome)
    assert "svc\\x1b]8;;" in outcome.stdout
