"""Finding the git work tree of a folder: git itself is asked unless nothing git could
find is there (a run outside git starts no process)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from catalog_lint.snapshot import git_toplevel, surely_outside_git
from tests.gitrepo import GitRepo


@pytest.fixture
def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``git`` first on PATH that writes its arguments to a file and runs the real git:
    the file's lines are the git processes started."""
    real = shutil.which("git")
    assert real is not None
    recorder = tmp_path / "recorder"
    recorder.mkdir()
    calls = tmp_path / "calls.txt"
    calls.write_text("")
    script = recorder / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{recorder}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)
    return calls


def _outside_any_repository(folder: Path) -> None:
    if any((parent / ".git").exists() for parent in folder.parents):
        pytest.skip("the temporary folder lies inside a git work tree here")


def test_a_folder_outside_git_is_answered_without_starting_git(tmp_path: Path, git_calls: Path) -> None:
    _outside_any_repository(tmp_path)
    folder = tmp_path / "plain" / "deep"
    folder.mkdir(parents=True)
    assert surely_outside_git(folder)
    assert git_toplevel(folder) is None
    assert git_calls.read_text() == ""


@pytest.mark.parametrize("where", ["", "svc/api"])
def test_a_work_tree_is_found_by_git_from_any_of_its_folders(tmp_path: Path, git_calls: Path,
                                                              where: str) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    folder = repo.path / where
    folder.mkdir(parents=True, exist_ok=True)
    assert not surely_outside_git(folder)
    assert git_toplevel(folder) == repo.path.resolve()
    assert "rev-parse --show-toplevel" in git_calls.read_text()


def test_a_linked_work_tree_and_its_git_file_are_found(tmp_path: Path, git_calls: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write({"catalog-info.yaml": "kind: Group\n"})
    repo.commit("first")
    repo.git("worktree", "add", "-q", str(tmp_path / "linked"))
    assert (tmp_path / "linked" / ".git").is_file()
    assert git_toplevel(tmp_path / "linked") == (tmp_path / "linked").resolve()


def test_a_variable_that_points_git_elsewhere_makes_git_answer(tmp_path: Path, git_calls: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _outside_any_repository(tmp_path)
    repo = GitRepo.init(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("GIT_DIR", str(repo.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(elsewhere))
    assert not surely_outside_git(elsewhere)
    assert git_toplevel(elsewhere) == elsewhere.resolve()
    assert git_calls.read_text() != ""


def test_a_folder_inside_a_bare_repository_is_left_to_git(tmp_path: Path, git_calls: Path) -> None:
    _outside_any_repository(tmp_path)
    bare = tmp_path / "store"  # no ".git" in its name: found by its HEAD and objects
    GitRepo.init(tmp_path / "repo").git("clone", "-q", "--bare", str(tmp_path / "repo"), str(bare))
    assert not surely_outside_git(bare / "refs")
    assert git_toplevel(bare / "refs") is None  # no work tree: git says so
    assert git_calls.read_text() != ""
