"""The command line fails loudly and in one line: bad usage, mistyped rule IDs, folders
with nothing to read; and ``rules ID`` reads as plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog_lint.rules import all_rules
from catalog_lint.rules.docs import plain_text
from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  name: cart
  labels:
    legacy: no
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("catalog-lint: error: "), stderr
    return lines[0]


@pytest.mark.parametrize(("args", "expected"), [
    (["validate", "--format", "xml"],
     "catalog-lint: error: invalid value for '--format': 'xml' is not one of 'text', 'json', "
     "'markdown', 'github', 'sarif', 'junit', 'gitlab' (see 'catalog-lint validate --help')"),
    (["rules", "nosuch"],
     "catalog-lint: error: unknown rule 'nosuch'; catalog-lint rules lists them "
     "(see 'catalog-lint rules --help')"),
    (["diff", "--base"],
     "catalog-lint: error: option '--base' requires an argument (see 'catalog-lint diff --help')"),
    (["diff"],
     "catalog-lint: error: --base is required: no pull_request event, no upstream branch and "
     "no origin/HEAD to compare with (see 'catalog-lint diff --help')"),
    (["valdate"],
     "catalog-lint: error: no such command 'valdate'. Did you mean 'validate'? "
     "(see 'catalog-lint --help')"),
    (["validate", "--formt", "json"],
     "catalog-lint: error: no such option '--formt'. Did you mean '--format'? "
     "(see 'catalog-lint validate --help')"),
    (["--quiet"],
     "catalog-lint: error: no such option '--quiet' (see 'catalog-lint --help')"),
    (["graph", "--markdown", "--format", "dot"],
     "catalog-lint: error: --markdown wraps Mermaid output; it does not apply to --format dot "
     "(see 'catalog-lint graph --help')"),
    (["validate", "--jobs", "0"],
     "catalog-lint: error: invalid value for '-j' / '--jobs': 0 is not in the range x>=1 "
     "(see 'catalog-lint validate --help')"),
])
def test_bad_usage_is_one_line_and_exit_2(git_repo: GitRepo, args: list[str], expected: str
                                          ) -> None:
    git_repo.commit("initial", {"README.md": "# shop\n"})
    outcome = run_cli(args, git_repo.path)
    assert outcome.exit_code == 2
    assert one_error_line(outcome.stderr) == expected
    assert outcome.stdout == ""


def test_help_and_version_still_work(tmp_path: Path) -> None:
    assert run_cli(["--help"], tmp_path).stdout.startswith("Usage: catalog-lint")
    assert run_cli(["validate", "-h"], tmp_path).exit_code == 0
    assert run_cli(["--version"], tmp_path).stdout.startswith("catalog-lint, version ")


# -- rule IDs on the command line ---------------------------------------------------------


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--select", "metadata-nmae",
     "unknown rule 'metadata-nmae'; did you mean 'metadata-name'?"),
    ("--select", "codeowner-*", "pattern 'codeowner-*' matches no rule; did you mean 'codeowners-*'?"),
    ("--ignore", "yaml11-valeu", "unknown rule 'yaml11-valeu'; did you mean 'yaml11-value'?"),
    ("--ignore", "duplicate-key,nothing-like-it",
     "unknown rule 'nothing-like-it'; catalog-lint rules lists them"),
])
def test_an_unknown_rule_id_is_a_usage_error(tmp_path: Path, option: str, value: str,
                                             message: str) -> None:
    write(tmp_path, {"catalog-info.yaml": COMPONENT})
    outcome = run_cli(["validate", option, value], tmp_path)
    assert outcome.exit_code == 2
    assert one_error_line(outcome.stderr) == (
        f"catalog-lint: error: invalid value for '{option}': {message} "
        "(see 'catalog-lint validate --help')")


def test_select_and_ignore_filter_findings(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": COMPONENT})

    def rules(*args: str) -> list[str]:
        outcome = run_cli(["validate", "--format", "json", *args], tmp_path)
        return sorted({f["rule"] for f in outcome.json()["findings"]})

    everything = rules()
    assert {"duplicate-key", "yaml11-value"} <= set(everything)
    assert rules("--select", "duplicate-key") == ["duplicate-key"]
    assert rules("--select", "duplicate-key,yaml11-*") == ["duplicate-key", "yaml11-value"]
    assert rules("--select", "duplicate-key", "--select", "yaml11-value") == \
        ["duplicate-key", "yaml11-value"]
    assert rules("--ignore", "duplicate-key") == [r for r in everything if r != "duplicate-key"]
    assert rules("--select", "duplicate-key,yaml11-value", "--ignore", "yaml11-*") == \
        ["duplicate-key"]
    # The exit code follows what is reported: only a warning left, below --fail-on error.
    assert run_cli(["validate", "--ignore", "duplicate-key"], tmp_path).exit_code == 0


# -- nothing to read --------------------------------------------------------------------


def test_a_folder_without_entity_files_says_so_on_stderr(tmp_path: Path) -> None:
    write(tmp_path, {"empty/README.md": "# nothing here\n", "svc/catalog-info.yaml": COMPONENT,
                     "other/notes.yaml": "a: 1\n"})

    outcome = run_cli(["validate", "empty/"], tmp_path)

    assert outcome.exit_code == 0
    assert outcome.stdout == "0 files, 0 entities: 0 errors, 0 warnings, 0 info\n"
    assert outcome.stderr == (
        "catalog-lint: warning: no entity file matched under empty "
        "(include: catalog-info.yaml, catalog-info.yml, *.catalog-info.yaml, "
        "*.catalog-info.yml, port.yml, port.yaml, port.json, **/.port/**/*.yml, "
        "**/.port/**/*.yaml, **/.port/**/*.json; exclude: skeleton/)\n")

    # One line per empty folder; a folder with entity files says nothing.
    both = run_cli(["validate", "svc", "other", "--format", "json"], tmp_path)
    assert both.exit_code == 1
    assert both.stderr.startswith("catalog-lint: warning: no entity file matched under other (")
    assert len(both.stderr.splitlines()) == 1


def test_the_configured_patterns_are_named_and_check_says_it_too(tmp_path: Path) -> None:
    write(tmp_path, {".catalog-lint.yaml": "include: ['*.entity.yaml']\n",
                     "catalog-info.yaml": COMPONENT})
    for command in ("validate", "check"):
        outcome = run_cli([command], tmp_path)
        assert outcome.exit_code == 0
        assert outcome.stderr == ("catalog-lint: warning: no entity file matched under . "
                                  "(include: *.entity.yaml; exclude: skeleton/)\n")


def test_files_named_one_by_one_are_silent_when_clean(tmp_path: Path) -> None:
    """What the pre-commit hook runs: files named, each read whatever its name."""
    write(tmp_path, {"team.yaml": COMPONENT.replace("  name: cart\n  name: cart\n",
                                                     "  name: cart\n")
                     .replace("legacy: no", 'legacy: "no"')})
    outcome = run_cli(["validate", "team.yaml"], tmp_path)
    assert (outcome.exit_code, outcome.stderr) == (0, "")


def test_a_folder_outside_the_current_one(tmp_path: Path) -> None:
    write(tmp_path, {"a/catalog-info.yaml": COMPONENT, "b/x.txt": ""})
    assert run_cli(["validate", "../a"], tmp_path / "b").stderr == ""
    assert "matched under ../b " in run_cli(["validate", "../b"], tmp_path / "a").stderr


# -- rules ID -----------------------------------------------------------------------------


def test_rule_documentation_is_plain_text(tmp_path: Path) -> None:
    outcome = run_cli(["rules", "metadata-name", "git-state"], tmp_path)
    assert outcome.exit_code == 0
    text = outcome.stdout
    assert text.startswith("metadata-name")  # in the order asked for
    assert text.index("\ngit-state ") > text.index("metadata-name")
    assert "``" not in text and "::" not in text and "**" not in text
    assert "    'metadata.name' is present and is a valid entity name." in text
    assert "\n    PASS:\n\n        metadata:\n          name: cart-service_v2.1\n" in text
    assert "\n    - a shallow clone (warning): history facts are unknown." in text
    assert not any(line.endswith(" ") for line in text.splitlines())


def test_every_rule_document_renders_without_markup() -> None:
    for loaded in all_rules():
        text = plain_text(loaded.doc)
        outside_blocks = "\n".join(line for line in text.splitlines()
                                   if not line.startswith("    "))
        # quoted code may hold '**' (a glob); emphasis markup may not
        outside_blocks = re.sub(r"'[^'\n]*'", "''", outside_blocks)
        assert not re.search(r"``|\*\*|::$", outside_blocks, re.M), loaded.rule.id


def test_rules_accepts_patterns(tmp_path: Path) -> None:
    outcome = run_cli(["rules", "codeowners-*", "--format", "json"], tmp_path)
    ids = [rule["id"] for rule in outcome.json()]
    assert ids and all(rule_id.startswith("codeowners-") for rule_id in ids)
