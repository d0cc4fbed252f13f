"""Reading a commit from git objects: the same rules as on disk, and in parallel.

Symbolic links in a commit are blobs (mode 120000) holding the target path. They are
followed inside the commit's own tree and refused when they leave it; blobs are capped by
size before they are read. A monorepo's commit (400 files and more) is read by several
processes, each with its own ``git cat-file``: the report is the same as a serial read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from catalog_lint.config import Config
from catalog_lint.errors import FatalError
from catalog_lint.pipeline import RunOptions, run
from catalog_lint.snapshot import CommitSnapshot
from tests.cli_helpers import run_cli
from tests.gitrepo import GitRepo


def component(name: str, description: str = "a service") -> str:
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"
            f"  description: {description}\nspec:\n  type: service\n  lifecycle: production\n"
            "  owner: group:team\n")


def commit_findings(repo: GitRepo, rev: str = "HEAD", subdir: str = "",
                    **raw: Any) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``(file, rule, message)`` of the file findings of a commit's read, and the names
    of the entities read."""
    config = Config(root=repo.path, raw={"include": ["**/*.yaml"], **raw})
    with CommitSnapshot(repo.path, rev, subdir) as snapshot:
        report = run(snapshot, config, RunOptions())
    rows = [(f.file, f.rule, f.message) for f in report.findings
            if f.rule in ("unsafe-file", "file-unreadable", "input-limits", "location-target")]
    return rows, sorted(str(e["name"]) for e in report.entities)


def test_links_in_a_commit_are_followed_inside_its_tree_only(git_repo: GitRepo) -> None:
    git_repo.write({"shared/service.yaml": component("shared")})
    links = {
        "absolute/catalog-info.yaml": "/etc/passwd",
        "device/catalog-info.yaml": "/dev/zero",
        "climbing/catalog-info.yaml": "../../outside/x.yaml",
        "inside/catalog-info.yaml": "../shared/service.yaml",
        "chain/catalog-info.yaml": "../inside/catalog-info.yaml",
        "loop/a.yaml": "b.yaml",
        "loop/b.yaml": "a.yaml",
        "dangling/catalog-info.yaml": "gone.yaml",
        "folder/catalog-info.yaml": "../shared",
    }
    for name, target in links.items():
        (git_repo.path / name).parent.mkdir(parents=True, exist_ok=True)
        (git_repo.path / name).symlink_to(target)
    git_repo.commit("links")
    for name in links:  # the working tree no longer has them: only the commit does
        (git_repo.path / name).unlink()
    rows, names = commit_findings(git_repo)
    assert rows == [
        ("absolute/catalog-info.yaml", "unsafe-file",
         "symbolic link to /etc/passwd, outside the repository; not read"),
        ("climbing/catalog-info.yaml", "unsafe-file",
         "symbolic link to ../../outside/x.yaml, outside the repository; not read"),
        ("dangling/catalog-info.yaml", "file-unreadable",
         "cannot read file: No such file or directory (broken symbolic link)"),
        ("device/catalog-info.yaml", "unsafe-file",
         "symbolic link to /dev/zero, outside the repository; not read"),
        ("folder/catalog-info.yaml", "unsafe-file", "not a regular file but a folder; not read"),
        ("loop/a.yaml", "unsafe-file", "too many levels of symbolic links; not read"),
        ("loop/b.yaml", "unsafe-file", "too many levels of symbolic links; not read"),
    ]
    assert names == ["shared", "shared", "shared"]  # chain, inside, and the file itself


def test_a_link_may_reach_outside_the_folder_read_but_not_outside_the_repository(
        git_repo: GitRepo) -> None:
    git_repo.write({"shared/service.yaml": component("shared")})
    (git_repo.path / "services").mkdir()
    (git_repo.path / "services" / "catalog-info.yaml").symlink_to("../shared/service.yaml")
    (git_repo.path / "services" / "evil.yaml").symlink_to("../../x.yaml")
    git_repo.commit("links")
    rows, names = commit_findings(git_repo, subdir="services")
    assert names == ["shared"]
    assert rows == [("services/evil.yaml", "unsafe-file",
                     "symbolic link to ../../x.yaml, outside the repository; not read")]


def test_blobs_are_capped_before_they_are_read(git_repo: GitRepo) -> None:
    big = component("big", "x" * 5000)
    git_repo.commit("files", {"a/catalog-info.yaml": big, "b/catalog-info.yaml": component("b"),
                              "c/catalog-info.yaml": big, "d/catalog-info.yaml": component("d")})
    rows, names = commit_findings(git_repo, **{"max-file-size": 1000})
    message = f"file is {len(big):,} bytes, more than the limit of 1,000 (max-file-size); not read"
    assert rows == [("a/catalog-info.yaml", "input-limits", message),
                    ("c/catalog-info.yaml", "input-limits", message)]
    assert names == ["b", "d"]  # reading goes on after a refused blob


def test_a_location_target_linked_out_of_a_commit_is_not_read(git_repo: GitRepo) -> None:
    location = ("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: all\n"
                "spec:\n  targets: [./link.yaml]\n")
    git_repo.write({"catalog-info.yaml": location})
    (git_repo.path / "link.yaml").symlink_to("/etc/passwd")
    git_repo.commit("location")
    config = Config(root=git_repo.path, raw={"include": ["catalog-info.yaml"]})
    with CommitSnapshot(git_repo.path, "HEAD") as snapshot:
        report = run(snapshot, config, RunOptions(extra={"graph": True}))
    assert [(f.rule, f.message) for f in report.findings if f.rule == "location-target"] == [
        ("location-target",
         "target './link.yaml' is a symbolic link leading outside the repository; not read")]


def test_codeowners_linked_out_of_a_commit_is_refused(git_repo: GitRepo) -> None:
    git_repo.write({"catalog-info.yaml": component("cart")})
    (git_repo.path / "CODEOWNERS").symlink_to("/etc/passwd")
    git_repo.commit("owners")
    outcome = run_cli(["facts", "--rev", "HEAD", "--format", "json"], git_repo.path)
    assert outcome.exit_code == 0, outcome.stderr
    assert "root:" not in outcome.stdout
    assert outcome.json()["repository"]["repo"]["codeowners"]["path"] == "CODEOWNERS"


def test_a_missing_blob_is_one_clear_error(git_repo: GitRepo) -> None:
    git_repo.commit("one", {"catalog-info.yaml": component("cart")})
    blob = git_repo.git("rev-parse", "HEAD:catalog-info.yaml")
    (git_repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    with pytest.raises(FatalError) as raised:
        commit_findings(git_repo)
    assert raised.value.message.startswith(
        f"catalog-info.yaml: git object {blob} is missing from {git_repo.path}")
    assert "git fsck" in raised.value.message
    outcome = run_cli(["score", "--rev", "HEAD"], git_repo.path)
    assert outcome.exit_code == 2 and "internal error" not in outcome.stderr


# -- a monorepo's commit, read in parallel ------------------------------------------------

FILES = 450


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    repo = GitRepo.init(tmp_path_factory.mktemp("monorepo") / "repo")
    group = ("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team\n"
             "spec:\n  type: team\n  children: []\n")
    files: dict[str, str | bytes | None] = {
        f"services/s{i:03d}/catalog-info.yaml": component(f"s{i:03d}") for i in range(FILES)}
    files["catalog-info.yaml"] = group
    files[".catalog-lint.yaml"] = "dora:\n  end: '2024-06-30'\n"
    repo.commit("base", files, date="2024-06-01T00:00:00Z")
    changed: dict[str, str | bytes | None] = {
        f"services/s{i:03d}/catalog-info.yaml": component(f"s{i:03d}", "Now: [broken")
        for i in range(0, FILES, 50)}
    repo.commit("head", changed, date="2024-06-02T00:00:00Z")
    yield repo


@pytest.mark.parametrize("command", [
    ["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"],
    ["score", "--rev", "HEAD~1", "--format", "json"],
])
def test_a_commit_of_450_files_reads_the_same_in_parallel(
        monorepo: GitRepo, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Both sides of the gate from commits; workers forced (2), as the default does
    wherever there are two cores, against a serial read (1)."""
    outcomes = {}
    for jobs in ("2", "1"):
        monkeypatch.setenv("CATALOG_LINT_JOBS", jobs)
        outcome = run_cli(command, monorepo.path)
        assert outcome.exit_code in (0, 1), outcome.stderr
        outcomes[jobs] = outcome.json()
    assert outcomes["2"] == outcomes["1"]
    if command[0] == "diff":
        regressions = outcomes["1"]["diff"]["counts"]["regressions"]
        assert regressions >= FILES // 50  # each broken file is a new finding
