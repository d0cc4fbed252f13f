"""``catalog-lint fix`` from the command line: what it writes, what --diff prints, exit
codes, and where it refuses to write."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import jsonschema
import pytest

from catalog_lint.fixing.engine import ChangedFile
from catalog_lint.fixing.writing import NotWritten, write
from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo

TAGGED = """# the cart
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart-service
  tags: [Java]  # a capital
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""
FIXED = TAGGED.replace("[Java]", "[java]")


def test_fix_writes_in_place_and_says_what_it_did(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(TAGGED)
    outcome = run_cli(["fix"], tmp_path)
    assert outcome.exit_code == 0
    assert (tmp_path / "catalog-info.yaml").read_text() == FIXED
    assert ('catalog-info.yaml:6:10: fixed metadata-tags: write the tag "Java" as java'
            in outcome.stdout)
    assert "Fixed 1 problem in 1 file." in outcome.stdout
    assert run_cli(["fix", "--exit-non-zero-on-fix"], tmp_path).exit_code == 0  # nothing left


def test_exit_non_zero_on_fix_fails_when_it_changed_a_file(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(TAGGED)
    assert run_cli(["fix", "--exit-non-zero-on-fix"], tmp_path).exit_code == 1
    assert (tmp_path / "catalog-info.yaml").read_text() == FIXED


def test_diff_changes_nothing_exits_1_and_git_applies_it(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("add", {"catalog-info.yaml": TAGGED.replace("\n", "\r\n")})
    outcome = subprocess.run(["catalog-lint", "fix", "--diff"], cwd=repo.path,
                             capture_output=True, check=False)
    assert outcome.returncode == 1
    assert (repo.path / "catalog-info.yaml").read_bytes() == TAGGED.replace("\n", "\r\n").encode()
    assert outcome.stdout.startswith(b"--- a/catalog-info.yaml\n+++ b/catalog-info.yaml\n")
    assert b"-  tags: [Java]  # a capital\r\n" in outcome.stdout  # line endings as they are
    assert b"would fix metadata-tags" in outcome.stderr  # standard output is the diff alone
    (tmp_path / "fix.patch").write_bytes(outcome.stdout)
    repo.git("apply", str(tmp_path / "fix.patch"))
    assert (repo.path / "catalog-info.yaml").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    clean = run_cli(["fix", "--diff"], repo.path)
    assert (clean.exit_code, clean.stdout) == (0, "")
    assert "Nothing to fix." in clean.stderr


def test_a_diff_of_a_file_without_a_last_line_break_applies(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("add", {"catalog-info.yaml": "kind: Component\nmetadata:\n  name: x\n"
                                             "  tags: [Java]"})
    outcome = run_cli(["fix", "--diff"], repo.path)
    assert "\\ No newline at end of file" in outcome.stdout
    (tmp_path / "fix.patch").write_text(outcome.stdout)
    repo.git("apply", "--check", str(tmp_path / "fix.patch"))


def test_a_byte_order_mark_and_the_file_mode_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "catalog-info.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + TAGGED.encode())
    target.chmod(0o640)
    assert run_cli(["fix"], tmp_path).exit_code == 0
    assert target.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_select_and_unsafe_fixes(tmp_path: Path) -> None:
    text = TAGGED.replace("  owner: team-cart\n", "  owner: team-cart\n  build: 012\n  old: no\n")
    (tmp_path / "catalog-info.yaml").write_text(text)
    run_cli(["fix", "--select", "yaml11-value"], tmp_path)
    after = (tmp_path / "catalog-info.yaml").read_text()
    assert "[Java]" in after and 'old: "no"' in after and "build: 012" in after
    outcome = run_cli(["fix", "--ignore", "metadata-tags", "--unsafe-fixes"], tmp_path)
    after = (tmp_path / "catalog-info.yaml").read_text()
    assert "[Java]" in after and 'build: "012"' in after
    assert "fixed yaml11-value" in outcome.stdout


def test_the_summary_counts_unsafe_fixes_left_and_problems_remaining(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(TAGGED.replace("  owner: team-cart\n",
                                                               "  owner: team-cart\n  build: 012\n"))
    outcome = run_cli(["fix"], tmp_path)
    assert ("Fixed 1 problem in 1 file. 1 more fix is unsafe: rerun with --unsafe-fixes to "
            "apply it.") in outcome.stdout
    assert "remain" in outcome.stdout  # the unresolved owner, among others


def test_a_port_json_file_is_fixed_as_json(tmp_path: Path) -> None:
    entity = {"identifier": "cart", "title": "Cart", "blueprint": "component",
              "properties": {"type": "service", "language": 3}}
    text = json.dumps(entity, indent=4) + "\n"
    (tmp_path / ".port").mkdir()
    (tmp_path / ".port" / "cart.json").write_text(text)
    assert run_cli(["fix"], tmp_path).exit_code == 0
    assert (tmp_path / ".port" / "cart.json").read_text() == text.replace(
        '"language": 3', '"language": "3"')


def test_the_json_report_carries_each_fix(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(TAGGED + "---\n" + TAGGED.replace("cart-service", "two"))
    report = run_cli(["validate", "--format", "json"], tmp_path).json()
    schema = json.loads((Path(__file__).resolve().parents[2] / "catalog_lint" / "schemas"
                         / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    fixes = [f["fix"] for f in report["findings"] if "fix" in f]
    assert fixes == [
        {"action": "replace", "path": ["metadata", "tags", 0], "value": "java",
         "message": 'write the tag "Java" as java', "applicability": "safe", "document": d}
        for d in (0, 1)]
    from catalog_lint.findings import Finding

    for finding in report["findings"]:
        assert Finding.from_dict(finding).to_dict() == finding


def test_text_output_counts_what_fix_can_mend(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text(TAGGED.replace("  owner: team-cart\n",
                                                               "  owner: team-cart\n  build: 012\n"))
    outcome = run_cli(["validate"], tmp_path)
    assert outcome.stdout.rstrip().endswith(
        "1 fixable with `catalog-lint fix` (1 more with --unsafe-fixes).")


def test_a_linked_file_inside_the_repository_is_fixed_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "entity.yaml").write_text(TAGGED)
    (tmp_path / "catalog-info.yaml").symlink_to("shared/entity.yaml")
    assert run_cli(["fix", "catalog-info.yaml"], tmp_path).exit_code == 0
    assert (tmp_path / "catalog-info.yaml").is_symlink()
    assert (tmp_path / "shared" / "entity.yaml").read_text() == FIXED


def test_a_link_leading_out_of_the_repository_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(TAGGED)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "catalog-info.yaml").symlink_to(outside)
    outcome = run_cli(["fix"], repo)
    assert outside.read_text() == TAGGED
    assert outcome.exit_code == 0 and "Nothing to fix." in outcome.stdout


def test_write_refuses_a_file_changed_meanwhile_or_leading_outside(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "catalog-info.yaml").write_text("edited meanwhile\n")
    change = ChangedFile("catalog-info.yaml", "catalog-info.yaml", b"old\n", b"new\n")
    with pytest.raises(NotWritten, match="changed while"):
        write(root, change)
    assert (root / "catalog-info.yaml").read_text() == "edited meanwhile\n"
    (tmp_path / "elsewhere.yaml").write_text("old\n")
    os.symlink(tmp_path / "elsewhere.yaml", root / "link.yaml")
    with pytest.raises(NotWritten, match="outside"):
        write(root, ChangedFile("link.yaml", "link.yaml", b"old\n", b"new\n"))
    assert (tmp_path / "elsewhere.yaml").read_text() == "old\n"


def test_a_file_that_cannot_be_written_is_one_error_line_and_exit_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write the system refuses (a read-only folder; simulated, since the tests may
    run as root, who may write anywhere): one line naming the file, exit code 1, no
    temporary file left behind."""
    (tmp_path / "catalog-info.yaml").write_text(TAGGED)

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    outcome = run_cli(["fix"], tmp_path)
    assert outcome.exit_code == 1
    assert ("catalog-lint: error: catalog-info.yaml: not written: cannot write it: "
            "Permission denied") in outcome.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog-info.yaml"]
    assert (tmp_path / "catalog-info.yaml").read_text() == TAGGED


def test_fix_in_a_folder_without_entity_files(tmp_path: Path) -> None:
    outcome = run_cli(["fix"], tmp_path)
    assert (outcome.exit_code, outcome.stdout.strip()) == (0, "Nothing to fix.")




def test_a_line_break_in_a_file_name_cannot_forge_diff_lines() -> None:
    from catalog_lint.fixing.writing import unified_diff

    change = ChangedFile("x", "evil\n+++ b/other.catalog-info.yaml", b"a: 1\n", b"a: 2\n")
    lines = list(unified_diff(change))
    assert lines[:2] == ["--- a/evil\\n+++ b/other.catalog-info.yaml\n",
                         "+++ b/evil\\n+++ b/other.catalog-info.yaml\n"]


def test_what_is_not_reported_is_not_fixed(tmp_path: Path) -> None:
    silenced = TAGGED.replace("[Java]  # a capital", "[Java]  # catalog-lint: disable=metadata-tags")
    (tmp_path / "catalog-info.yaml").write_text(silenced)
    assert run_cli(["fix"], tmp_path).exit_code == 0
    assert (tmp_path / "catalog-info.yaml").read_text() == silenced
    (tmp_path / "catalog-info.yaml").write_text(TAGGED)
    (tmp_path / ".catalog-lint.yaml").write_text("rules:\n  metadata-tags: off\n")
    run_cli(["fix"], tmp_path)
    assert (tmp_path / "catalog-info.yaml").read_text() == TAGGED
