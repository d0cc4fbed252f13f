from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.github_server import GitHubAPI
from tests.gitrepo import GitRepo
from tests.http_server import (  # noqa: F401 - fixtures for every test
    listener,
    static_server,
    tls_server,
    trust_test_ca,
)
from tests.precommit import HookSource, snapshot_project

# Property-based tests run with a fixed seed in the suite, so that a run (and CI) is
# repeatable; a test's own @settings adds to this. To explore with fresh examples:
# HYPOTHESIS_PROFILE=explore python -m pytest -p no:cacheprovider tests
settings.register_profile("suite", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", derandomize=False, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty git repository on branch ``main``."""
    return GitRepo.init(tmp_path / "repo")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch,
                          tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's or CI's GitHub settings or colour preferences,
    nor a pre-commit run around them, and keep their caches (see catalog_lint/graph/context_cache.py) to themselves."""
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_API_URL",
                 "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "NO_COLOR", "CATALOG_LINT_DEBUG",
                 "CATALOG_LINT_JOBS", "PRE_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CATALOG_LINT_CACHE_DIR",
                       str(tmp_path_factory.getbasetemp() / "catalog-lint-cache"))


@pytest.fixture
def github_api() -> Iterator[GitHubAPI]:
    """A fake GitHub REST API on 127.0.0.1 (see tests/github_server.py); the test fails
    if any request broke GitHub's published REST description."""
    with GitHubAPI() as api:
        yield api
    api.assert_clean()


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> HookSource:
    """This project, committed once, with a pre-commit configuration that uses its hooks
    and one pre-commit home for the session: every hook test shares one installed
    environment (see tests/precommit.py)."""
    folder = tmp_path_factory.mktemp("hook-source")
    repo, commit = snapshot_project(folder)
    source = HookSource(repo, commit, folder / "pre-commit-home")
    source.write_config()
    return source
