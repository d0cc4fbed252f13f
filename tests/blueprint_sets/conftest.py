from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test fetches into a cache of its own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CATALOG_LINT_CACHE", str(cache))
    return cache


@pytest.fixture(scope="session")
def installed_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The set published as a package: built once, installed with pip into a folder
    that tests put on ``sys.path`` (as pre-commit's ``additional_dependencies`` would)."""
    from tests.blueprint_sets.helpers import build_and_install

    root = tmp_path_factory.mktemp("published")
    return build_and_install(root / "source", root / "site-packages")
