"""The regression gate: what changed between the report of a base commit and the
report of a head (a commit or the working tree).

:func:`~catalog_lint.gate.compare.compare` is a pure function of two
:class:`~catalog_lint.report.Report` values; :class:`~catalog_lint.gate.model.GateResult`
is what it returns, and travels inside the head report as ``report.sections["diff"]``
so that every reporter can render it.
"""

from __future__ import annotations

from catalog_lint.gate.compare import compare
from catalog_lint.gate.model import FAIL_ON_CHOICES, Change, EntityDelta, GateResult

__all__ = ["FAIL_ON_CHOICES", "Change", "EntityDelta", "GateResult", "compare", "result_of"]


def result_of(report: object) -> GateResult | None:
    """The gate result a report carries (``sections["diff"]``), if it carries one."""
    from catalog_lint.report import Report

    if not isinstance(report, Report):
        return None
    data = report.sections.get("diff")
    return GateResult.from_dict(data) if isinstance(data, dict) else None
