from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test fetches into a cache of its own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CATALOG_LINT_CACHE", str(cache))
    return cache
