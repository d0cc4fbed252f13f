"""The DORA figures as one stable JSON object, for dashboards: every figure the text output
prints, each with its unit, the sample it rests on and the window it covers.

``score --format json``, ``facts --format json`` and the report of ``check``/``diff``
carry it as ``"dora"``; its JSON Schema is ``$defs/dora`` in
``catalog_lint/schemas/report.schema.json`` (docs/scorecards.md explains each figure).
It is built from the ``dora.*`` facts (:mod:`catalog_lint.facts.dora`), whatever they
hold: a figure that could not be computed is ``null`` with the reason.
"""

from __future__ import annotations

from typing import Any

#: The shape's version: it changes only when a field changes meaning or disappears.
DORA_VERSION = 1

#: ``name: (metric, fact holding the value, unit, (metric, fact) holding the sample,
#: what the sample counts)``, in the order the text output prints them.
FIGURES: dict[str, tuple[str, str, str, tuple[str, str], str]] = {
    "deployments": ("deployment_frequency", "count", "deployments",
                    ("deployment_frequency", "sample"), "deployments"),
    "deployments_per_week": ("deployment_frequency", "per_week", "deployments per week",
                             ("deployment_frequency", "sample"), "deployments"),
    "lead_time_median": ("lead_time", "median_hours", "hours", ("lead_time", "sample"),
                         "commits"),
    "lead_time_p90": ("lead_time", "p90_hours", "hours", ("lead_time", "sample"), "commits"),
    "change_failure_rate": ("change_failure_rate", "value", "ratio",
                            ("change_failure_rate", "sample"), "deployments"),
    "failed_deployments": ("change_failure_rate", "failures", "deployments",
                           ("change_failure_rate", "sample"), "deployments"),
    "time_to_restore_median": ("time_to_restore", "median_hours", "hours",
                               ("time_to_restore", "sample"), "restored failures"),
    "unrestored_failures": ("time_to_restore", "unrestored", "deployments",
                            ("change_failure_rate", "failures"), "failed deployments"),
}

def _unknown(value: Any) -> str | None:
    """The reason when ``value`` is an unknown fact (``{"unknown": true, ...}``)."""
    if isinstance(value, dict) and value.get("unknown") is True:
        return str(value.get("reason") or "unknown")
    return None


def _node(tree: Any, *path: str) -> tuple[Any, str | None]:
    """``(value, None)``, or ``(None, reason)`` when a step is missing or unknown."""
    node = tree
    for part in path:
        reason = _unknown(node)
        if reason is not None:
            return None, reason
        if not isinstance(node, dict) or part not in node:
            return None, "not computed"
        node = node[part]
    reason = _unknown(node)
    return (None, reason) if reason is not None else (node, None)


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def dora_figures(repository_facts: Any) -> dict[str, Any]:
    """The ``"dora"`` object from the repository's facts as reports store them (the
    ``facts.repository`` tree, whose ``dora`` key holds the DORA facts)."""
    dora, reason = _node(repository_facts, "dora")
    days, _ = _node(dora, "window", "days") if reason is None else (None, reason)
    window = {"days": _number(days),
              "start": _node(dora, "window", "start")[0] if reason is None else None,
              "end": _node(dora, "window", "end")[0] if reason is None else None}
    tier, tier_reason = _node(dora, "tier") if reason is None else (None, reason)
    document: dict[str, Any] = {
        "version": DORA_VERSION,
        "window": window,
        "deployments": {
            key: _node(dora, "deployments", key)[0] if reason is None else None
            for key in ("source", "total", "in_window", "latest")
        },
        "tier": tier if isinstance(tier, str) else None,
        "figures": {},
    }
    if document["tier"] is None:
        document["reason"] = tier_reason or reason or "not computed"
    for name, (metric, key, unit, sample_path, sample_of) in FIGURES.items():
        value, why = _node(dora, metric, key) if reason is None else (None, reason)
        sample, _ = _node(dora, *sample_path) if reason is None else (None, reason)
        metric_tier, tier_why = _node(dora, metric, "tier") if reason is None else (None, reason)
        figure: dict[str, Any] = {
            "metric": metric, "value": _number(value), "unit": unit,
            "sample": _number(sample), "sample_of": sample_of, "window_days": window["days"],
            "tier": metric_tier if isinstance(metric_tier, str) else None,
        }
        if figure["value"] is None or figure["tier"] is None:
            figure["reason"] = why or tier_why or "not computed"
        document["figures"][name] = figure
    return document
