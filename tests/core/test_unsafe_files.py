"""Only regular files inside the repository are read, and never more than the limit.

A pull request controls every file of the repository, links and file types included:
a link out of the repository must not make catalog-lint read (and echo) a file of the
machine it runs on, and a device or FIFO must not exhaust memory or hang the run. The
cases that hang (a FIFO, a link to ``/dev/stdin`` while standard input is a pipe) run
catalog-lint in a child process with a generous deadline, so a regression fails instead
of stalling the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog_lint.regular_files import FileTooLarge, RefusedFile, read_file
from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")

SECRET = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: secret-service
  description: top-secret-value
spec: {type: service, lifecycle: production, owner: group:team}
"""


def findings(root: Path, *args: str) -> list[dict[str, object]]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    found: list[dict[str, object]] = outcome.json()["findings"]
    return found


def refusals(root: Path) -> list[tuple[object, object, object]]:
    return [(f["file"], f["rule"], f["message"]) for f in findings(root)
            if f["rule"] in ("unsafe-file", "file-unreadable", "input-limits")]


def run_child(args: list[str], cwd: Path, deadline: float = 20.0,
              stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """catalog-lint in its own process (standard input: a pipe nobody writes to, when
    asked), killed at ``deadline``: a hang fails the test."""
    with subprocess.Popen([sys.executable, "-m", "catalog_lint", *args], cwd=cwd,
                          stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as child:
        try:
            out, err = child.communicate(timeout=deadline)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            pytest.fail(f"catalog-lint {' '.join(args)} still running after {deadline} s")
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def test_a_link_out_of_the_repository_is_refused_and_its_content_never_shown(
        tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"x.yaml": SECRET})
    repo = tmp_path / "repo"
    (repo / "a").mkdir(parents=True)
    (repo / "b" / "c").mkdir(parents=True)
    (repo / "a" / "catalog-info.yaml").symlink_to(outside / "x.yaml")
    (repo / "b" / "c" / "catalog-info.yaml").symlink_to("../../../outside/x.yaml")
    outcome = run_cli(["validate", "--format", "json"], repo)
    report = outcome.json()
    assert outcome.exit_code == 1
    assert [(f["file"], f["rule"], f["message"]) for f in report["findings"]] == [
        ("a/catalog-info.yaml", "unsafe-file",
         f"symbolic link to {outside / 'x.yaml'}, outside the repository; not read"),
        ("b/c/catalog-info.yaml", "unsafe-file",
         "symbolic link to ../../../outside/x.yaml, outside the repository; not read"),
    ]
    assert report["entities"] == []
    assert "secret" not in outcome.stdout
    exported = run_cli(["export"], repo)
    assert "secret" not in exported.stdout and json.loads(exported.stdout)["entities"] == []


def test_a_link_inside_the_repository_is_read(tmp_path: Path) -> None:
    write(tmp_path, {"shared/service.yaml": SECRET})
    (tmp_path / "catalog-info.yaml").symlink_to("shared/service.yaml")
    report = run_cli(["validate", "--format", "json", "catalog-info.yaml"], tmp_path).json()
    assert [e["name"] for e in report["entities"]] == ["secret-service"]
    assert not [f for f in report["findings"] if f["rule"] == "unsafe-file"]


def test_a_link_from_a_sub_folder_to_a_sibling_in_the_same_repository_is_read(
        git_repo: GitRepo) -> None:
    """The boundary is the repository, not the folder the run starts in."""
    git_repo.write({"shared/service.yaml": SECRET})
    (git_repo.path / "services").mkdir()
    (git_repo.path / "services" / "catalog-info.yaml").symlink_to("../shared/service.yaml")
    report = run_cli(["validate", "--format", "json"], git_repo.path / "services").json()
    assert [e["name"] for e in report["entities"]] == ["secret-service"]


def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").symlink_to("/dev/zero")
    (tmp_path / "random.catalog-info.yaml").symlink_to("/dev/urandom")
    started = time.perf_counter()
    found = refusals(tmp_path)
    assert time.perf_counter() - started < 5  # it used to read until memory ran out
    assert found == [
        ("catalog-info.yaml", "unsafe-file",
         "symbolic link to /dev/zero, outside the repository; not read"),
        ("random.catalog-info.yaml", "unsafe-file",
         "symbolic link to /dev/urandom, outside the repository; not read"),
    ]


def test_fifos_and_sockets_are_refused_and_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "catalog-info.yaml")
    (tmp_path / "b").mkdir()
    os.mkfifo(tmp_path / "b" / "real.yaml")
    (tmp_path / "b" / "catalog-info.yaml").symlink_to("real.yaml")  # a link to a FIFO
    listener = socket.socket(socket.AF_UNIX)
    previous = Path.cwd()
    try:
        os.chdir(tmp_path)  # a socket path is limited to ~100 bytes: bind it relatively
        (tmp_path / "s").mkdir()
        listener.bind("s/catalog-info.yaml")
        child = run_child(["validate", "--format", "json"], tmp_path)
    finally:
        listener.close()
        os.chdir(previous)
    assert child.returncode == 1, child.stderr
    assert [(f["file"], f["message"]) for f in json.loads(child.stdout)["findings"]] == [
        ("b/catalog-info.yaml", "not a regular file but a named pipe (FIFO); not read"),
        ("catalog-info.yaml", "not a regular file but a named pipe (FIFO); not read"),
        ("s/catalog-info.yaml", "not a regular file but a socket; not read"),
    ]


def test_a_fifo_named_on_the_command_line_is_a_finding(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "catalog-info.yaml")
    child = run_child(["validate", "catalog-info.yaml"], tmp_path)
    assert child.returncode == 1
    assert "catalog-info.yaml:1:1: error unsafe-file not a regular file but a named pipe" \
        in child.stdout


def test_a_link_to_dev_stdin_does_not_wait_for_a_pipe(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").symlink_to("/dev/stdin")
    child = run_child(["validate"], tmp_path, stdin=subprocess.PIPE)  # never written to
    assert child.returncode == 1
    assert "symbolic link to /dev/stdin, outside the repository; not read" in child.stdout


def test_committed_links_in_a_working_tree_are_checked_too(git_repo: GitRepo) -> None:
    (git_repo.path / "a").mkdir()
    (git_repo.path / "a" / "catalog-info.yaml").symlink_to("/etc/passwd")
    git_repo.commit("a link out")
    assert refusals(git_repo.path) == [
        ("a/catalog-info.yaml", "unsafe-file",
         "symbolic link to /etc/passwd, outside the repository; not read")]


def test_a_folder_link_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "outside", {"catalog-info.yaml": SECRET})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    child = run_child(["validate", "--format", "json", "linked/catalog-info.yaml"], repo)
    report = json.loads(child.stdout)
    assert report["entities"] == []
    assert [f["message"] for f in report["findings"]] == [
        f"reached through a symbolic link that leads outside the repository (to "
        f"{tmp_path / 'outside' / 'catalog-info.yaml'}); not read"]


def test_the_size_limit_is_checked_on_the_open_file(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": SECRET, ".catalog-lint.yaml": "max-file-size: 64\n"})
    [finding] = findings(tmp_path)
    assert finding["rule"] == "input-limits"
    assert finding["message"] == (f"file is {len(SECRET):,} bytes, more than the limit of 64 "
                                  "(max-file-size); not read")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs procfs")
def test_a_file_that_holds_more_than_its_size_says_is_cut_at_the_limit() -> None:
    """procfs files say they are empty and are not: at most limit + 1 bytes are read,
    whatever the size says (so a file growing while read cannot exhaust memory)."""
    with pytest.raises(FileTooLarge) as raised:
        read_file("/proc/self/status", 16, root="/proc")
    assert raised.value.rule == "input-limits"
    assert str(raised.value) == ("file holds more than the limit of 16 bytes (max-file-size); "
                                 "not read")


def test_reading_a_device_directly_is_refused_by_type() -> None:
    with pytest.raises(RefusedFile, match="not a regular file but a character device"):
        read_file("/dev/zero", 1024, root="/dev")


@pytest.mark.parametrize("make", ["fifo", "device", "outside"])
def test_a_hostile_config_is_one_error_not_a_hang(tmp_path: Path, make: str) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    config = repo.path / ".catalog-lint.yaml"
    write(tmp_path, {"secret.yaml": "fail-on: never\n"})
    if make == "fifo":
        os.mkfifo(config)
        expected = "not a regular file but a named pipe (FIFO); not read"
    elif make == "device":
        config.symlink_to("/dev/zero")
        expected = "symbolic link to /dev/zero, outside the repository; not read"
    else:
        config.symlink_to(tmp_path / "secret.yaml")
        expected = f"symbolic link to {tmp_path / 'secret.yaml'}, outside the repository; not read"
    for args in (["validate"], ["validate", "--config", ".catalog-lint.yaml"]):
        child = run_child(args, repo.path)
        assert child.returncode == 2
        assert child.stderr.strip().endswith(f".catalog-lint.yaml: cannot read config: {expected}")
        assert child.stderr.count("\n") == 1


def test_a_config_linked_inside_its_repository_is_read(git_repo: GitRepo) -> None:
    git_repo.write({"config/catalog-lint.yaml": "max-file-size: 64\n",
                    "catalog-info.yaml": SECRET})
    (git_repo.path / ".catalog-lint.yaml").symlink_to("config/catalog-lint.yaml")
    assert [f["file"] for f in findings(git_repo.path) if f["rule"] == "input-limits"] == [
        "catalog-info.yaml"]  # max-file-size: 64 came from the linked config


def test_a_codeowners_link_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"owners": "* @acme/secret-team\n"})
    repo = GitRepo.init(tmp_path / "repo")
    repo.write({"catalog-info.yaml": SECRET})
    (repo.path / ".github").mkdir()
    (repo.path / ".github" / "CODEOWNERS").symlink_to(tmp_path / "owners")
    repo.commit("one")
    outcome = run_cli(["check", "--format", "json"], repo.path)
    assert "secret-team" not in outcome.stdout
    [refused] = [f for f in outcome.json()["findings"] if f["rule"] == "unsafe-file"]
    assert refused["file"] == ".github/CODEOWNERS"
    assert refused["message"] == (f"symbolic link to {tmp_path / 'owners'}, outside the "
                                  "repository; not read")


@pytest.mark.parametrize("setting", ["blueprints", "scorecards"])
def test_files_the_config_names_follow_the_same_rules(tmp_path: Path, setting: str) -> None:
    """Blueprints and scorecard files come from the repository too: a FIFO or a device
    among them is one error, not a hang or a memory blow-up."""
    repo = GitRepo.init(tmp_path / "repo")
    repo.write({"catalog-info.yaml": SECRET})
    (repo.path / "extra").mkdir()
    if setting == "blueprints":
        repo.write({".catalog-lint.yaml": "blueprints: [extra]\n"})
        (repo.path / "extra" / "zero.json").symlink_to("/dev/zero")
        args, expected = ["validate"], "extra/zero.json: cannot read blueprint: symbolic link "
    else:
        repo.write({".catalog-lint.yaml": "scorecards:\n  custom: [extra/card.yaml]\n"})
        os.mkfifo(repo.path / "extra" / "card.yaml")
        args, expected = ["score"], "extra/card.yaml: cannot read scorecard: not a regular file "
    child = run_child(args, repo.path)
    assert child.returncode == 2, child.stdout
    assert expected in child.stderr and child.stderr.count("\n") == 1
