"""Recognise files that sit where entity files are expected but are something else."""

from __future__ import annotations

from typing import Any

from catalog_lint.dialects import Foreign
from catalog_lint.findings import Severity

_GITLAB_CI_KEYS = {"stages", "before_script", "after_script", "include", "workflow", "default"}


def describe(data: dict[str, Any], path: str) -> Foreign | None:
    """What a mapping looks like when it is clearly not a catalog entity, else ``None``."""
    keys = set(data)
    if keys & _GITLAB_CI_KEYS and "apiVersion" not in keys and "identifier" not in keys:
        return Foreign("a GitLab CI configuration", "catalog files need apiVersion, kind and metadata")
    api_version = data.get("apiVersion")
    if isinstance(api_version, str) and "kind" in keys:
        group = api_version.split("/", 1)[0] if "/" in api_version else ""
        if api_version == "v1" or group.endswith("k8s.io") or group in {"apps", "batch", "policy"}:
            return Foreign(f"a Kubernetes manifest ({data.get('kind')})")
        if group.endswith("argoproj.io"):
            return Foreign(f"an Argo CD manifest ({data.get('kind')})")
    if "identifier" in keys and "schema" in keys and "blueprint" not in keys:
        return Foreign("a Port blueprint definition", severity=Severity.INFO)
    if "resources" in keys and isinstance(data.get("resources"), list):
        return Foreign("a Port integration mapping configuration", severity=Severity.INFO)
    return None


def unknown(data: Any, path: str) -> Foreign:
    if isinstance(data, list):
        return Foreign("a YAML list, not an entity", "an entity file holds mappings (one per document)")
    if isinstance(data, dict):
        return Foreign(
            "a mapping without apiVersion/kind (Backstage) or identifier (Port)",
        )
    return Foreign(f"a plain value ({type(data).__name__}), not an entity")
