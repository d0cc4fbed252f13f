"""Dialects: each turns a document into an :class:`~catalog_lint.model.Entity`.

``classify`` decides what a document is: a Backstage descriptor, a Port entity, or
something else (a CI file, a Kubernetes manifest, a Port mapping config), in which case
it says what it looks like, so the user gets one clear finding instead of a wall of
schema errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog_lint.findings import Severity

BACKSTAGE = "backstage"
PORT = "port"


@dataclass(frozen=True)
class Foreign:
    """A document that is not a catalog entity: what it looks like, and how much to care."""

    looks_like: str
    hint: str = ""
    severity: Severity | None = None  # None: the not-an-entity rule's default


def classify(data: Any, path: str) -> str | Foreign:
    """``"backstage"``, ``"port"``, or a :class:`Foreign` description."""
    from catalog_lint.dialects import foreign

    if isinstance(data, dict):
        known = foreign.describe(data, path)
        if known is not None:
            return known
        if "apiVersion" in data or "kind" in data:
            return BACKSTAGE
        if "identifier" in data and ("blueprint" in data or "properties" in data
                                     or "relations" in data or "title" in data):
            return PORT
        if "metadata" in data and "spec" in data:
            return BACKSTAGE
        return foreign.unknown(data, path)
    return foreign.unknown(data, path)
