"""Which files a run reads, with and without git."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write
from tests.gitrepo import GitRepo

ENTITY = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team-a}\nspec: {type: team, children: []}\n"


def files_read(root: Path, *args: str) -> list[str]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [f["path"] for f in outcome.json()["files"]]


def test_default_patterns_without_git(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog-info.yaml": ENTITY,
        "svc/a/catalog-info.yml": ENTITY,
        "svc/b/api.catalog-info.yaml": ENTITY,
        "port.yml": "identifier: x\nblueprint: service\n",
        ".port/entities/cart.json": '{"identifier": "cart", "blueprint": "service"}',
        "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
        "node_modules/pkg/catalog-info.yaml": ENTITY,
        ".venv/lib/catalog-info.yaml": ENTITY,
        "env/pyvenv.cfg": "home = /usr\n",
        "env/catalog-info.yaml": ENTITY,
        "templates/svc/skeleton/catalog-info.yaml": "metadata: {name: ${{ values.name }}}\n",
    })
    assert files_read(tmp_path) == [
        ".port/entities/cart.json", "catalog-info.yaml", "port.yml",
        "svc/a/catalog-info.yml", "svc/b/api.catalog-info.yaml",
    ]


def test_git_respects_gitignore_and_sees_untracked_files(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("initial", {"catalog-info.yaml": ENTITY, ".gitignore": "build/\n"})
    repo.write({"build/catalog-info.yaml": ENTITY, "new/catalog-info.yaml": ENTITY})
    assert files_read(repo.path) == ["catalog-info.yaml", "new/catalog-info.yaml"]


def test_run_from_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("initial", {"a/catalog-info.yaml": ENTITY, "b/catalog-info.yaml": ENTITY})
    assert files_read(repo.path / "a") == ["catalog-info.yaml"]


def test_include_and_exclude_from_config(tmp_path: Path) -> None:
    write(tmp_path, {
        "catalog/teams.yaml": ENTITY, "catalog-info.yaml": ENTITY, "old/catalog-info.yaml": ENTITY,
        ".catalog-lint.yaml": "extend-include: ['catalog/*.yaml']\nexclude: ['old/']\n",
    })
    assert files_read(tmp_path) == ["catalog-info.yaml", "catalog/teams.yaml"]
    write(tmp_path, {".catalog-lint.yaml": "include: ['catalog/*.yaml']\n"})
    assert files_read(tmp_path) == ["catalog/teams.yaml"]


def test_explicit_files_are_read_whatever_their_name(tmp_path: Path) -> None:
    write(tmp_path, {"x/teams.yaml": ENTITY, "catalog-info.yaml": ENTITY, "sub/catalog-info.yaml": ENTITY})
    assert files_read(tmp_path, "x/teams.yaml", "sub") == ["x/teams.yaml", "sub/catalog-info.yaml"]


def test_paths_are_relative_to_where_the_run_started(tmp_path: Path) -> None:
    write(tmp_path, {"a/catalog-info.yaml": ENTITY})
    (tmp_path / "b").mkdir()
    assert files_read(tmp_path / "b", "../a/catalog-info.yaml") == ["../a/catalog-info.yaml"]


def test_a_folder_run_lists_only_that_folder(tmp_path: Path) -> None:
    # A folder named outside the current one makes their common parent the run's root
    # (``/`` at worst): only the named folder may be walked, never the whole root.
    from catalog_lint.snapshot import WorktreeSnapshot

    write(tmp_path, {"a/catalog-info.yaml": ENTITY, "b/x/catalog-info.yaml": ENTITY,
                     "c/catalog-info.yaml": ENTITY})
    snapshot = WorktreeSnapshot(tmp_path, cwd=tmp_path / "a")
    assert snapshot.list_files("b") == ["b/x/catalog-info.yaml"]
    assert snapshot.list_files("b/") == ["b/x/catalog-info.yaml"]
    assert snapshot.list_files("missing") == []
    assert len(snapshot.list_files()) == 3


def test_a_folder_run_in_git_lists_only_that_folder(tmp_path: Path) -> None:
    from catalog_lint.snapshot import CommitSnapshot, WorktreeSnapshot

    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("entities", {"a/catalog-info.yaml": ENTITY, "b[1]/catalog-info.yaml": ENTITY})
    write(repo.path, {"b[1]/new/catalog-info.yaml": ENTITY})
    snapshot = WorktreeSnapshot(repo.path)
    assert sorted(snapshot.list_files("b[1]")) == [
        "b[1]/catalog-info.yaml", "b[1]/new/catalog-info.yaml"]
    with CommitSnapshot(repo.path, "HEAD") as commit:
        assert commit.list_files("b[1]") == ["b[1]/catalog-info.yaml"]
        assert len(commit.list_files()) == 2


def test_a_folder_elsewhere_is_read_from_any_current_folder(tmp_path: Path) -> None:
    write(tmp_path, {"here/.keep": "", "there/catalog-info.yaml": ENTITY})
    assert files_read(tmp_path / "here", str(tmp_path / "there")) == ["../there/catalog-info.yaml"]


def test_a_folder_named_from_elsewhere_is_the_repository_its_facts_describe(
        tmp_path: Path) -> None:
    # Named from a sibling folder, "there" is the repository: its README counts, and the
    # common parent (a home folder, or /) is never walked for repository facts.
    write(tmp_path, {"here/.keep": "", "there/catalog-info.yaml": ENTITY,
                     "there/README.md": "# there\n", "noise/LICENSE": "MIT\n"})
    outcome = run_cli(["check", "--format", "json", str(tmp_path / "there")], tmp_path / "here")
    assert outcome.exit_code in (0, 1), outcome.stderr
    files = outcome.json()["facts"]["repository"]["repo"]["files"]
    assert files["readme"] == "README.md"
    assert files["license"] is None
    assert files["count"] == 2
    # a git repository named from outside it is read as that repository, history included
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("the catalog", {"catalog-info.yaml": ENTITY})
    outcome = run_cli(["check", "--format", "json", str(repo.path)], tmp_path / "here")
    assert outcome.exit_code in (0, 1), outcome.stderr
    dora = outcome.json()["facts"]["repository"]["dora"]
    assert "not a git repository" not in str(dora)


def test_a_missing_path_elsewhere_is_named_from_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path, {"here/.keep": ""})
    outcome = run_cli(["validate", str(tmp_path / "gone" / "catalog-info.yaml")], tmp_path / "here")
    assert (outcome.exit_code, outcome.stderr.strip()) == (
        2, "catalog-lint: error: ../gone/catalog-info.yaml: no such file or folder")


def _os_walk_listing(root: Path) -> list[str]:
    """What the walk must list: os.walk's files, links to folders not followed."""
    import os

    from catalog_lint.snapshot import PRUNED_DIRS

    files: list[str] = []
    for folder, dirs, names in os.walk(root):
        if "pyvenv.cfg" in names and Path(folder) != root:
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if d not in PRUNED_DIRS)
        relative = Path(folder).relative_to(root).as_posix()
        files.extend(("" if relative == "." else relative + "/") + name for name in sorted(names))
    return files


def test_walk_lists_what_os_walk_lists(tmp_path: Path) -> None:
    from catalog_lint.snapshot import WorktreeSnapshot

    write(tmp_path, {
        "b/z.yaml": "x", "b/a.yaml": "x", "a/b/c/d.yaml": "x", "a/b.yaml": "x", "a-b/c.yaml": "x",
        "a.b/c.yaml": "x", "top.yaml": "x", "node_modules/p/x.yaml": "x", "env/pyvenv.cfg": "",
        "env/x.yaml": "x", "deep/env/pyvenv.cfg": "", "deep/keep.yaml": "x",
    })
    (tmp_path / "linked").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "b" / "file-link.yaml").symlink_to(tmp_path / "top.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    snapshot = WorktreeSnapshot(tmp_path)
    listed = snapshot.list_files()
    assert listed == _os_walk_listing(tmp_path)
    assert "linked/a.yaml" not in listed and "b/file-link.yaml" in listed
    assert snapshot.list_files("a") == [name for name in listed if name.startswith("a/")]


def test_reading_listed_files_asks_no_link_question_per_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk never goes into a link, so every folder it lists is known to hold none
    on the way from the root; a file reached through a linked folder is still checked
    (and refused when the link leads out of the repository)."""
    import os

    from catalog_lint.regular_files import RefusedFile
    from catalog_lint.snapshot import WorktreeSnapshot

    outside = tmp_path / "outside"
    write(outside, {"secret.yaml": "x"})
    root = tmp_path / "repo"
    write(root, {f"svc-{i}/deep/catalog-info.yaml": "x" for i in range(20)})
    (root / "escape").symlink_to(outside, target_is_directory=True)
    snapshot = WorktreeSnapshot(root, root)
    listed = snapshot.list_files()
    asked: list[str] = []
    real_islink = os.path.islink
    monkeypatch.setattr(os.path, "islink", lambda path: asked.append(path) or real_islink(path))
    assert all(snapshot.read_bytes(path) == b"x" for path in listed)
    assert asked == []
    with pytest.raises(RefusedFile):
        snapshot.read_bytes("escape/secret.yaml")
    assert asked  # the link's folder was looked at


def test_a_snapshot_lists_its_tree_once(tmp_path: Path) -> None:
    """Discovery and the scoring stage's file facts both list the whole tree: the listing
    is made once per snapshot, and a caller changing the list it got changes nothing."""
    from catalog_lint.snapshot import WorktreeSnapshot

    write(tmp_path, {"a/catalog-info.yaml": "x", "README.md": "# a\n"})
    snapshot = WorktreeSnapshot(tmp_path, tmp_path)
    listed = snapshot.list_files()
    assert listed == ["README.md", "a/catalog-info.yaml"]
    listed.clear()
    write(tmp_path, {"b/catalog-info.yaml": "x"})
    assert snapshot.list_files() == ["README.md", "a/catalog-info.yaml"]  # as first listed
    assert snapshot.list_files("b") == ["b/catalog-info.yaml"]  # another folder: listed now
    assert WorktreeSnapshot(tmp_path, tmp_path).list_files() == [
        "README.md", "a/catalog-info.yaml", "b/catalog-info.yaml"]
