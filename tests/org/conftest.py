from __future__ import annotations

import pytest

from tests.org.repos import Reports, make_reports


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    """Reports of real check runs on three repositories (made once per test process)."""
    return make_reports(tmp_path_factory.mktemp("org"))
