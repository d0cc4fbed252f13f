"""A real browser for the dashboard tests and the benchmark: the system's Chromium
(Debian's ``chromium`` package), driven by Playwright's Python API. Playwright never
downloads a browser here: it is pointed at the installed one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Flags for a quiet headless run: nothing is fetched, nothing is synced.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps"]


def chromium_path() -> str | None:
    """The installed Chromium (``CATALOG_LINT_CHROMIUM`` may name one), or ``None``."""
    named = os.environ.get("CATALOG_LINT_CHROMIUM")
    if named:
        return named if os.path.exists(named) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install chromium; .ci/run installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium(user_data: Path) -> Iterator[Any]:
    """A headless Chromium with its own profile folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, offline=True)
        context.set_default_timeout(5000)  # a test that waits fails in seconds, not minutes
        try:
            yield context
        finally:
            context.close()
