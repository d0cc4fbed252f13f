"""Dialects: each turns a document into an :class:`~catalog_lint.model.Entity`.

``classify`` decides what a document is: a Backstage descriptor, a Port entity, or
something else (a CI file, a Kubernetes manifest, a Port mapping config), in which case
it says what it looks like, so the user gets one clear finding instead of a wall of
schema errors.

The order of the tests matters:

1. manifests of the Kubernetes family (``apiVersion`` of a Kubernetes API group) are
   foreign even though they have ``metadata.name``;
2. anything else with ``metadata.name`` and ``apiVersion`` or ``kind`` is Backstage, even
   with a custom kind or API group: the Backstage rules then say what is wrong with it;
3. known foreign formats (CI files, compose files, OpenAPI, Port configuration, ...);
4. ``identifier`` (without ``apiVersion`` or ``metadata``) or ``blueprint`` means Port;
   ``apiVersion``/``kind``/``metadata`` mean Backstage; anything else is an unknown
   mapping.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from catalog_lint.findings import Severity

BACKSTAGE = "backstage"
PORT = "port"


class Foreign(NamedTuple):
    """A document that is not a catalog entity: what it looks like, and how much to care.

    ``looks_like`` names the format ("a Kubernetes manifest"); ``detail`` tells documents
    of that format apart ("Deployment"), so that a file of several is summed up in one
    finding; ``hint`` says how to fix or exclude it.
    """

    looks_like: str
    hint: str = ""
    severity: Severity | None = None  # None: the not-an-entity rule's default
    detail: str = ""


def classify(data: Any, path: str) -> str | Foreign:
    """``"backstage"``, ``"port"``, or a :class:`Foreign` description."""
    from catalog_lint.dialects import foreign

    if not isinstance(data, dict):
        return foreign.describe_other(data, path)
    known = foreign.describe_manifest(data, path)
    if known is not None:
        return known
    if _backstage_envelope(data):
        return BACKSTAGE
    known = foreign.describe(data, path)
    if known is not None:
        return known
    # A Port entity with a stray ``kind`` key is still a Port entity.
    if "identifier" in data and "apiVersion" not in data and "metadata" not in data:
        return PORT
    if "apiVersion" in data or "kind" in data:
        return BACKSTAGE
    if "blueprint" in data:
        return PORT
    if "metadata" in data and ("spec" in data or _has_name(data["metadata"])):
        return BACKSTAGE
    return foreign.unknown(data, path)


def _has_name(metadata: Any) -> bool:
    return isinstance(metadata, dict) and "name" in metadata


def _backstage_envelope(data: dict[str, Any]) -> bool:
    """Backstage's envelope: ``metadata.name`` plus ``apiVersion`` or ``kind``. No other
    format we recognise has that shape except Kubernetes, which is tested before."""
    return ("apiVersion" in data or "kind" in data) and _has_name(data.get("metadata"))
