"""Facts about the files a repository holds: README, licence, docs, tests, CI, dependency
updates, SLOs.

Everything is read through the :class:`~catalog_lint.snapshot.Snapshot`, so the same
facts come out of a working tree and of any commit (``--rev``). File names decide almost
everything; contents are read only for the few files whose name is not enough (CI
workflows, to tell whether they deploy; SLO candidates; a root ``package.json`` that may
hold a Renovate config). The rules are in ``docs/scorecards.md``.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

SOURCE = "files"

_README = re.compile(r"^readme(\.[a-z0-9]+)?$", re.IGNORECASE)
_LICENSE = re.compile(r"^(licen[cs]e|copying|unlicense)([.-][a-z0-9.-]+)?$", re.IGNORECASE)
_SECURITY = re.compile(r"^security(\.[a-z0-9]+)?$", re.IGNORECASE)
_CONTRIBUTING = re.compile(r"^contributing(\.[a-z0-9]+)?$", re.IGNORECASE)
_CHANGELOG = re.compile(r"^(changelog|changes|history|news)(\.[a-z0-9]+)?$", re.IGNORECASE)
_R = frozenset("Rr")  # what a README's name starts with
_DOCS_DIRS = frozenset({"docs", "doc", "documentation"})
_DOCS_FILES = frozenset({
    "mkdocs.yml", "mkdocs.yaml", ".readthedocs.yaml", ".readthedocs.yml",
    "docusaurus.config.js", "docusaurus.config.ts", "antora.yml",
})

#: Folder names whose files are tests.
_TEST_DIRS = frozenset({"test", "tests", "__tests__", "spec", "specs", "e2e", "integration-tests"})
#: File names of tests in the common languages.
_TEST_FILE = re.compile(
    r"(^test_.+\.py$|_test\.(py|go|rb|exs|dart)$|\.(test|spec)\.[cm]?[jt]sx?$"
    r"|(Test|Tests|IT|Spec)\.(java|kt|scala|cs|php|swift)$|_spec\.rb$|^test.+\.sh$)"
)

#: CI systems: how each is recognised from a path (each pattern anchored at its start, so
#: that :data:`_ANY_CI` can try them all at once, at the start alone).
_CI_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("github-actions", re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")),
    ("gitlab-ci", re.compile(r"^\.gitlab-ci\.ya?ml$")),
    ("circleci", re.compile(r"^\.circleci/config\.ya?ml$")),
    ("jenkins", re.compile(r"^(?:.*/)?Jenkinsfile([.-][^/]*)?$")),
    ("azure-pipelines", re.compile(r"^(azure-pipelines\.ya?ml|\.azure-pipelines/[^/]+\.ya?ml"
                                   r"|\.azuredevops/[^/]+\.ya?ml)$")),
    ("bitbucket-pipelines", re.compile(r"^bitbucket-pipelines\.ya?ml$")),
    ("travis-ci", re.compile(r"^\.travis\.ya?ml$")),
    ("buildkite", re.compile(r"^\.buildkite/[^/]+\.ya?ml$")),
    ("drone", re.compile(r"^\.drone\.ya?ml$")),
    ("woodpecker", re.compile(r"^(\.woodpecker\.ya?ml|\.woodpecker/[^/]+\.ya?ml)$")),
    ("google-cloud-build", re.compile(r"^cloudbuild\.ya?ml$")),
    ("aws-codebuild", re.compile(r"^buildspec\.ya?ml$")),
    ("tekton", re.compile(r"^\.tekton/[^/]+\.ya?ml$")),
    ("teamcity", re.compile(r"^\.teamcity/settings\.kts$")),
    ("gitea-actions", re.compile(r"^\.(gitea|forgejo)/workflows/[^/]+\.ya?ml$")),
)

#: Whether one of _CI_RULES matches a path (``match``): what every path of the listing is
#: tried on, in one call instead of fifteen (a tenth of the time).
_ANY_CI = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _CI_RULES))

#: Text in a CI file that says it deploys or releases (comment lines are left out first).
_DEPLOYS = re.compile(
    r"deploy|^\s*environment\s*:|kubectl\s+apply|helm\s+(?:upgrade|install)"
    r"|terraform\s+apply|gh-action-pypi-publish|action-gh-release|goreleaser"
    r"|semantic-release|release-please|npm\s+publish|twine\s+upload|docker\s+push"
    r"|build-push-action|gcloud\s+run\s+deploy|argocd\s+app\s+sync",
    re.IGNORECASE | re.MULTILINE,
)
_COMMENT_LINE = re.compile(r"^\s*(#|//).*$", re.MULTILINE)

_DEPENDABOT = frozenset({".github/dependabot.yml", ".github/dependabot.yaml"})
_RENOVATE = frozenset({
    "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5",
    ".github/renovate.json", ".github/renovate.json5", ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
})

_SLO_CANDIDATE = re.compile(r"(^|/|[._-])(slo|slos|openslo|sloth)([._/-]|$)", re.IGNORECASE)
_SLO_CONTENT = re.compile(
    r"openslo/v1|sloth\.slok\.dev|pyrra\.dev|kind:\s*(SLO|ServiceLevelObjective)\b"
)
_MAX_READ = 1024 * 1024  # never read more than this of a file to classify it

Reader = Callable[[str], bytes]

#: The names of the facts :func:`entity_facts` and :func:`repository_facts` make: known
#: from the repository's listing (and a few files' text) before any entity file is read.
ENTITY_FACT_NAMES = ("entity.files.readme", "entity.docs.exists", "entity.tests.exists")
REPOSITORY_FACT_NAMES = (
    "repo.files.readme", "repo.files.license", "repo.files.security_policy",
    "repo.files.contributing", "repo.files.changelog", "repo.files.count",
    "repo.docs.exists", "repo.docs.paths", "repo.tests.exists", "repo.tests.count",
    "repo.ci.workflows", "repo.ci.systems", "repo.ci.deploys", "repo.ci.deploy_workflows",
    "repo.dependency_updates.tool", "repo.dependency_updates.tools",
    "repo.dependency_updates.paths", "repo.slos.files",
)
FACT_NAMES = frozenset(ENTITY_FACT_NAMES + REPOSITORY_FACT_NAMES)


def _base(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _ancestors(folder: str) -> Iterable[str]:
    """``a/b/c`` → ``a/b/c``, ``a/b``, ``a``, ``""``."""
    while True:
        yield folder
        if not folder:
            return
        folder = _folder(folder)


class FileIndex:
    """The snapshot's file list, digested once for repository and entity facts."""

    def __init__(self, files: Iterable[str], read: Reader) -> None:
        self.files = sorted(files)
        self.present = frozenset(self.files)
        self.read = read
        self.readme_in: dict[str, str] = {}  # folder -> its README
        self.docs_in: dict[str, list[str]] = {}  # folder -> docs markers inside it
        self.test_files: list[str] = []
        self.folders_with_tests: set[str] = set()
        self.folders: set[str] = set()
        self._folder_facts: dict[str, tuple[str | None, bool, bool]] = {}
        self._listed: dict[str, list[str]] = {}
        # A monorepo lists a hundred thousand files: what is asked of every one of them
        # is kept to set look-ups and one pattern, the rest only for the names that may
        # match (each test below is implied by what it guards).
        for path in self.files:
            folder, _, name = path.rpartition("/")
            if folder not in self.folders:
                self.folders.update(_ancestors(folder))
            if name[:1] in _R and _README.match(name) and folder not in self.readme_in:
                self.readme_in[folder] = path
            if name in _DOCS_FILES:
                self.docs_in.setdefault(folder, []).append(path)
            folder_parts = folder.split("/") if folder else []
            if "doc" in folder:  # every one of _DOCS_DIRS has it
                for depth, part in enumerate(folder_parts):
                    if part in _DOCS_DIRS:
                        parent = "/".join(folder_parts[:depth])
                        marker = "/".join(folder_parts[: depth + 1]) + "/"
                        markers = self.docs_in.setdefault(parent, [])
                        if marker not in markers:
                            markers.append(marker)
                        break
            if _TEST_FILE.search(name) or not _TEST_DIRS.isdisjoint(folder_parts):
                self.test_files.append(path)
                self.folders_with_tests.update(_ancestors(folder))

    def folder_facts(self, folder: str) -> tuple[str | None, bool, bool]:
        """The README nearest ``folder`` (in it or above), whether docs lie in it or
        above, and whether tests lie in or below it: the same for every entity of a
        folder, so found once per folder (a catalog holds thousands of entities in a
        few hundred folders)."""
        found = self._folder_facts.get(folder)
        if found is None:
            ancestors = list(_ancestors(folder))
            readme = next((self.readme_in[f] for f in ancestors if f in self.readme_in), None)
            docs = any(f in self.docs_in for f in ancestors)
            found = self._folder_facts[folder] = (readme, docs, folder in self.folders_with_tests)
        return found

    def root_file(self, pattern: re.Pattern[str], folders: Iterable[str] = ("",)) -> str | None:
        """The first file (in name order) directly in one of ``folders``, tried in their
        order, whose name ``pattern`` matches."""
        for folder in folders:
            for path in self.listed(folder):
                if pattern.match(_base(path)):
                    return path
        return None

    def listed(self, folder: str) -> list[str]:
        """The files directly in ``folder`` (``""``: the root), in name order."""
        found = self._listed.get(folder)
        if found is None:
            if folder:  # in the sorted list, the paths under a folder are together
                prefix = f"{folder}/"
                start = bisect_left(self.files, prefix)
                end = bisect_left(self.files, f"{folder}0", start)  # "0" follows "/"
                found = [path for path in self.files[start:end] if "/" not in path[len(prefix):]]
            else:
                found = [path for path in self.files if "/" not in path]
            self._listed[folder] = found
        return found

    def text(self, path: str) -> str:
        try:
            return self.read(path)[:_MAX_READ].decode("utf-8", "replace")
        except OSError:
            return ""


def repository_facts(index: FileIndex) -> dict[str, Any]:
    """``repo.files.*``, ``repo.docs.*``, ``repo.tests.*``, ``repo.ci.*``,
    ``repo.dependency_updates.*`` and ``repo.slos.*``, as dotted names → values."""
    facts: dict[str, Any] = {
        "repo.files.readme": index.readme_in.get(""),
        "repo.files.license": index.root_file(_LICENSE),
        "repo.files.security_policy": index.root_file(_SECURITY, ("", ".github", "docs")),
        "repo.files.contributing": index.root_file(_CONTRIBUTING, ("", ".github", "docs")),
        "repo.files.changelog": index.root_file(_CHANGELOG),
        "repo.files.count": len(index.files),
    }
    docs = list(index.docs_in.get("", []))
    facts["repo.docs.exists"] = bool(docs)
    facts["repo.docs.paths"] = docs
    facts["repo.tests.exists"] = bool(index.test_files)
    facts["repo.tests.count"] = len(index.test_files)

    workflows: list[str] = []
    systems: list[str] = []
    for path in filter(_ANY_CI.match, index.files):
        for system, pattern in _CI_RULES:
            if pattern.search(path):
                workflows.append(path)
                if system not in systems:
                    systems.append(system)
                break
    deploying = [path for path in workflows if _deploys(index.text(path))]
    facts["repo.ci.workflows"] = workflows
    facts["repo.ci.systems"] = systems
    facts["repo.ci.deploys"] = bool(deploying)
    facts["repo.ci.deploy_workflows"] = deploying

    tools: list[str] = []
    tool_paths: list[str] = []
    present = index.present
    dependabot = sorted(_DEPENDABOT & present)
    if dependabot:
        tools.append("dependabot")
        tool_paths.extend(dependabot)
    renovate = sorted(_RENOVATE & present)
    if not renovate and "package.json" in present and '"renovate"' in index.text("package.json"):
        renovate = ["package.json"]
    if renovate:
        tools.append("renovate")
        tool_paths.extend(renovate)
    facts["repo.dependency_updates.tool"] = tools[0] if tools else "none"
    facts["repo.dependency_updates.tools"] = tools
    facts["repo.dependency_updates.paths"] = tool_paths

    facts["repo.slos.files"] = [
        path for path in index.files
        # every match has "slo" in it, in either case (casefold: the pattern ignores case
        # as Unicode does, and "ſ" is an "s" to it)
        if path.endswith((".yaml", ".yml")) and "slo" in path.casefold()
        and _SLO_CANDIDATE.search(path)
        and _SLO_CONTENT.search(index.text(path))
    ]
    return facts


def _deploys(text: str) -> bool:
    return _DEPLOYS.search(_COMMENT_LINE.sub("", text)) is not None


def entity_facts(index: FileIndex, entity_path: str, data: Any) -> dict[str, Any]:
    """``entity.files.readme``, ``entity.docs.exists`` and ``entity.tests.exists`` for the
    entity described in the file ``entity_path``."""
    folder = _folder(entity_path)
    readme, docs, tests = index.folder_facts(folder)
    return {
        "entity.files.readme": readme,
        "entity.docs.exists": docs or _techdocs(index, folder, data),
        "entity.tests.exists": tests,
    }


def _techdocs(index: FileIndex, folder: str, data: Any) -> bool:
    """Whether the entity's ``backstage.io/techdocs-ref`` annotation points at docs: a
    ``url:`` reference counts as declared; a ``dir:`` one must hold mkdocs.yml or docs/."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    ref = annotations.get("backstage.io/techdocs-ref") if isinstance(annotations, dict) else None
    if not isinstance(ref, str) or ":" not in ref:
        return False
    scheme, _, target = ref.partition(":")
    if scheme == "url":
        return bool(target.strip())
    if scheme != "dir":
        return False
    resolved = posixpath.normpath(posixpath.join(folder, target.strip() or "."))
    resolved = "" if resolved == "." else resolved
    if resolved.startswith(".."):
        return False
    # dir:. names the folder holding mkdocs.yml; dir:./docs a folder of Markdown pages
    return resolved in index.docs_in or (resolved != folder and resolved in index.folders)
