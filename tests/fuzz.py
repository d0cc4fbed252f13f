"""Settings shared by the property-based (hypothesis) tests.

In the suite each test has a fixed, small budget and a fixed seed (``derandomize``), so a
run is quick and repeatable. For a deep local run, raise the budget and let the seed vary:

    CATALOG_LINT_FUZZ_SCALE=200 python -m pytest -p no:cacheprovider -k fuzz tests
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = max(1, int(os.environ.get("CATALOG_LINT_FUZZ_SCALE", "1")))


def budget(examples: int) -> settings:
    """``examples`` cases in the suite; ``examples`` × the scale in a deep run."""
    return settings(max_examples=examples * SCALE, derandomize=SCALE == 1, deadline=None,
                    database=None, suppress_health_check=list(HealthCheck))
