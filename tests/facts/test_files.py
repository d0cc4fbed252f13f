"""Repository and entity file facts, from a working tree and from a commit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_lint.facts.files import FileIndex, entity_facts, repository_facts
from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot
from tests.gitrepo import GitRepo

WELL_KEPT = {
    "README.md": "# shop\n",
    "LICENSE": "MIT\n",
    ".github/SECURITY.md": "report to security@example.com\n",
    "CONTRIBUTING.md": "be kind\n",
    "CHANGELOG.md": "## 1.0.0\n",
    "mkdocs.yml": "site_name: shop\n",
    "docs/index.md": "# Docs\n",
    "tests/test_cart.py": "def test(): pass\n",
    "web/src/cart.test.ts": "it('works', () => {})\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    ".github/workflows/release.yml": (
        "on: push\njobs:\n  ship:\n    environment: production\n    steps:\n"
        "      - run: ./ship.sh\n"
    ),
    ".gitlab-ci.yml": "stages: [build]\n",
    "services/cart/Jenkinsfile": "pipeline {}\n",
    ".github/dependabot.yml": "version: 2\n",
    "slo/availability.yaml": "apiVersion: openslo/v1\nkind: SLO\n",
    "slo/notes.yaml": "just: notes\n",
    "services/cart/catalog-info.yaml": "kind: Component\n",
    "services/cart/README.md": "# cart\n",
    "services/cart/docs/index.md": "# cart docs\n",
    "services/cart/cart_test.go": "package cart\n",
    "services/empty/catalog-info.yaml": "kind: Component\n",
}


def facts_of(snapshot: Snapshot) -> tuple[FileIndex, dict[str, object]]:
    index = FileIndex(snapshot.list_files(), snapshot.read_bytes)
    return index, repository_facts(index)


def test_a_well_kept_repository(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write(WELL_KEPT)  # type: ignore[arg-type]
    with WorktreeSnapshot(repo.path) as snapshot:
        _, facts = facts_of(snapshot)
    assert facts["repo.files.readme"] == "README.md"
    assert facts["repo.files.license"] == "LICENSE"
    assert facts["repo.files.security_policy"] == ".github/SECURITY.md"
    assert facts["repo.files.contributing"] == "CONTRIBUTING.md"
    assert facts["repo.files.changelog"] == "CHANGELOG.md"
    assert facts["repo.docs.exists"] is True
    assert sorted(facts["repo.docs.paths"]) == ["docs/", "mkdocs.yml"]  # type: ignore[arg-type]
    assert facts["repo.tests.exists"] is True
    assert facts["repo.tests.count"] == 3  # tests/test_cart.py, cart.test.ts, cart_test.go
    assert facts["repo.ci.workflows"] == [
        ".github/workflows/ci.yml", ".github/workflows/release.yml", ".gitlab-ci.yml",
        "services/cart/Jenkinsfile"]
    assert facts["repo.ci.systems"] == ["github-actions", "gitlab-ci", "jenkins"]
    assert facts["repo.ci.deploys"] is True
    assert facts["repo.ci.deploy_workflows"] == [".github/workflows/release.yml"]
    assert facts["repo.dependency_updates.tool"] == "dependabot"
    assert facts["repo.slos.files"] == ["slo/availability.yaml"]


def test_a_bare_repository(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").write_text("kind: Component\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("print()\n", encoding="utf-8")
    # a comment that mentions deploying is not a deployment
    (tmp_path / ".gitlab-ci.yml").write_text("# deploy by hand\ntest:\n  script: make\n",
                                             encoding="utf-8")
    with WorktreeSnapshot(tmp_path) as snapshot:
        _, facts = facts_of(snapshot)
    assert facts["repo.files.readme"] is None
    assert facts["repo.files.license"] is None
    assert facts["repo.files.security_policy"] is None
    assert facts["repo.docs.exists"] is False
    assert facts["repo.tests.exists"] is False
    assert facts["repo.ci.systems"] == ["gitlab-ci"]
    assert facts["repo.ci.deploys"] is False
    assert facts["repo.dependency_updates.tool"] == "none"
    assert facts["repo.dependency_updates.tools"] == []
    assert facts["repo.slos.files"] == []


def test_renovate_in_package_json_and_other_ci_systems(tmp_path: Path) -> None:
    files = {
        "package.json": '{"name": "x", "renovate": {"extends": ["config:base"]}}',
        ".circleci/config.yml": (
            "version: 2.1\njobs:\n  publish:\n    steps: [{run: npm publish}]\n"),
        "azure-pipelines.yml": "trigger: [main]\n",
        "Jenkinsfile": "pipeline {}\n",
    }
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    with WorktreeSnapshot(tmp_path) as snapshot:
        _, facts = facts_of(snapshot)
    assert facts["repo.dependency_updates.tool"] == "renovate"
    assert facts["repo.dependency_updates.paths"] == ["package.json"]
    assert facts["repo.ci.systems"] == ["circleci", "jenkins", "azure-pipelines"]
    assert facts["repo.ci.deploy_workflows"] == [".circleci/config.yml"]


def test_facts_of_an_old_commit_differ_from_the_working_tree(git_repo: GitRepo) -> None:
    git_repo.commit("bare", {"catalog-info.yaml": "kind: Component\n"})
    old = git_repo.head()
    git_repo.commit("kept", WELL_KEPT)  # type: ignore[arg-type]
    git_repo.write({"renovate.json": "{}"})  # not committed: only in the working tree
    with CommitSnapshot(git_repo.path, old) as snapshot:
        _, before = facts_of(snapshot)
    with CommitSnapshot(git_repo.path, "HEAD") as snapshot:
        _, head = facts_of(snapshot)
    with WorktreeSnapshot(git_repo.path) as snapshot:
        _, tree = facts_of(snapshot)
    assert before["repo.files.readme"] is None
    assert before["repo.ci.workflows"] == []
    assert head["repo.files.readme"] == "README.md"
    assert head["repo.ci.deploys"] is True
    assert head["repo.dependency_updates.tools"] == ["dependabot"]
    assert tree["repo.dependency_updates.tools"] == ["dependabot", "renovate"]


def test_entity_facts_follow_the_entity_folder(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write(WELL_KEPT)  # type: ignore[arg-type]
    repo.write({
        "lonely/catalog-info.yaml": "kind: Component\n",
        "nested/a/b/catalog-info.yaml": "kind: Component\n",
        "nested/README.rst": "nested\n",
    })
    with WorktreeSnapshot(repo.path) as snapshot:
        index, _ = facts_of(snapshot)
    cart = entity_facts(index, "services/cart/catalog-info.yaml", {})
    assert cart == {"entity.files.readme": "services/cart/README.md",
                    "entity.docs.exists": True, "entity.tests.exists": True}
    # no README, docs or tests of its own: the root's README and docs count, tests do not
    empty = entity_facts(index, "services/empty/catalog-info.yaml", {})
    assert empty == {"entity.files.readme": "README.md", "entity.docs.exists": True,
                     "entity.tests.exists": False}
    nested = entity_facts(index, "nested/a/b/catalog-info.yaml", {})
    assert nested["entity.files.readme"] == "nested/README.rst"


def test_techdocs_reference(tmp_path: Path) -> None:
    files = {
        "a/catalog-info.yaml": "kind: Component\n",
        "a/site/index.md": "# A\n",
        "b/catalog-info.yaml": "kind: Component\n",
    }
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    with WorktreeSnapshot(tmp_path) as snapshot:
        index, _ = facts_of(snapshot)

    def with_ref(ref: str) -> dict[str, object]:
        return {"metadata": {"annotations": {"backstage.io/techdocs-ref": ref}}}

    assert entity_facts(index, "a/catalog-info.yaml", {})["entity.docs.exists"] is False
    assert entity_facts(index, "a/catalog-info.yaml", with_ref("dir:./site"))[
        "entity.docs.exists"] is True
    assert entity_facts(index, "a/catalog-info.yaml", with_ref("dir:./missing"))[
        "entity.docs.exists"] is False
    assert entity_facts(index, "b/catalog-info.yaml", with_ref("dir:."))[
        "entity.docs.exists"] is False  # no mkdocs.yml there
    assert entity_facts(index, "b/catalog-info.yaml", with_ref("url:https://git.example.com/docs"))[
        "entity.docs.exists"] is True


def test_the_fact_names_said_known_early_are_those_made_here(tmp_path: Path) -> None:
    """Scoring ahead trusts ``FACT_NAMES`` to be every name this module makes (and none
    another makes): a new fact here must be named there too."""
    from catalog_lint.facts import files

    repo = GitRepo.init(tmp_path / "repo")
    repo.write(WELL_KEPT)  # type: ignore[arg-type]
    with WorktreeSnapshot(repo.path) as snapshot:
        index, facts = facts_of(snapshot)
    made = set(facts) | set(entity_facts(index, "services/cart/catalog-info.yaml", {}))
    assert made == files.FACT_NAMES
    assert set(files.ENTITY_FACT_NAMES) == {name for name in made if name.startswith("entity.")}


# -- the listing's digest, against the plain way -------------------------------------------
# The index and the repository facts try each of a monorepo's files on as little as they
# can (a set look-up, one pattern). Below is the plain way they replaced, each file tried
# on every rule, as the reference: both must find the same on any listing.


def _plain_index(paths: list[str]) -> dict[str, Any]:
    from catalog_lint.facts import files

    readme_in: dict[str, str] = {}
    docs_in: dict[str, list[str]] = {}
    tests: list[str] = []
    with_tests: set[str] = set()
    folders: set[str] = set()
    for path in sorted(paths):
        name, folder = files._base(path), files._folder(path)
        folders.update(files._ancestors(folder))
        if files._README.match(name) and folder not in readme_in:
            readme_in[folder] = path
        if name in files._DOCS_FILES:
            docs_in.setdefault(folder, []).append(path)
        parts = path.split("/")
        for depth, part in enumerate(parts[:-1]):
            if part in files._DOCS_DIRS:
                marker = "/".join(parts[: depth + 1]) + "/"
                markers = docs_in.setdefault("/".join(parts[:depth]), [])
                if marker not in markers:
                    markers.append(marker)
                break
        if files._TEST_FILE.search(name) or any(part in files._TEST_DIRS for part in parts[:-1]):
            tests.append(path)
            with_tests.update(files._ancestors(folder))
    return {"readme_in": readme_in, "docs_in": docs_in, "test_files": tests,
            "folders_with_tests": with_tests, "folders": folders}


def _plain_root_file(paths: list[str], pattern: Any, folders: tuple[str, ...] = ("",)
                     ) -> str | None:
    for folder in folders:
        prefix = f"{folder}/" if folder else ""
        for path in sorted(paths):
            if path.startswith(prefix) and "/" not in path[len(prefix):] \
                    and pattern.match(path.rsplit("/", 1)[-1]):
                return path
    return None


_NAMES = st.sampled_from([
    "README.md", "readme", "ReadMe.rst", "README.md.bak", "xREADME", "mkdocs.yml", "index.md",
    "test_cart.py", "cart_test.go", "cart.test.ts", "CartTest.java", "FooIT.kt", "notes.txt",
    "LICENSE", "licence.txt", "COPYING", "SECURITY.md", "CONTRIBUTING", "CHANGELOG.md",
    "Jenkinsfile", "Jenkinsfile.prod", "Jenkinsfile-x", "xJenkinsfile", "ci.yml",
    "settings.kts", ".gitlab-ci.yml", "catalog-info.yaml", "slo.yaml", "SLOs.yml", "\u017flo.yaml",
    "openslo-x.yaml", "sloth.yaml", "solo.yaml", "renovate.json", "dependabot.yml",
])
_FOLDERS = st.sampled_from([
    "", "docs", "doc", "documentation", "mydocs", "a", "a/b", "tests", "a/tests", "spec",
    "a/docs/b", ".github", ".github/workflows", ".teamcity", "Jenkinsfile", "a/Jenkinsfile",
    "slo", "services/cart", "services/cart/docs", "e2e", "x/__tests__", "docsy", "a.b",
])
_PATHS = st.lists(st.tuples(_FOLDERS, _NAMES).map(lambda p: f"{p[0]}/{p[1]}" if p[0] else p[1]),
                  max_size=40, unique=True)


@settings(max_examples=300, deadline=None)
@given(paths=_PATHS)
def test_the_listing_is_digested_as_the_plain_way_does(paths: list[str]) -> None:
    from catalog_lint.facts import files

    texts = {path: "apiVersion: openslo/v1\nkind: SLO\n" if "slo" in path.casefold()
             else "steps:\n  - run: kubectl apply -f x\n" for path in paths}
    index = FileIndex(paths, lambda path: texts[path].encode())
    plain = _plain_index(paths)
    assert {name: getattr(index, name) for name in plain} == plain
    facts = repository_facts(index)
    assert facts["repo.files.security_policy"] == _plain_root_file(
        paths, files._SECURITY, ("", ".github", "docs"))
    assert facts["repo.files.license"] == _plain_root_file(paths, files._LICENSE)
    # Jenkins's pattern as it was written before every pattern was anchored at its start
    plain_ci = [(system, re.compile(r"(^|/)Jenkinsfile([.-][^/]*)?$") if system == "jenkins"
                 else pattern) for system, pattern in files._CI_RULES]
    workflows: list[str] = []
    systems: list[str] = []
    for path in sorted(paths):
        for system, pattern in plain_ci:
            if pattern.search(path):
                workflows.append(path)
                systems += [system] if system not in systems else []
                break
    assert (facts["repo.ci.workflows"], facts["repo.ci.systems"]) == (workflows, systems)
    assert facts["repo.slos.files"] == [
        path for path in sorted(paths)
        if path.endswith((".yaml", ".yml")) and files._SLO_CANDIDATE.search(path)]
    for path in paths:
        nearest = (plain["readme_in"][folder]
                   for folder in files._ancestors(files._folder(path))
                   if folder in plain["readme_in"])
        assert entity_facts(index, path, {})["entity.files.readme"] == next(nearest, None)
