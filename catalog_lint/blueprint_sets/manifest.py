"""The manifest of a blueprint set: ``blueprint-set.yaml`` (or ``.yml``, ``.json``) at
the set's root, with its ``name``, ``version`` and an optional ``description``::

    name: acme-blueprints
    version: 1.4.0
    description: The kinds, blueprints and scorecards of the ACME platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog_lint.blueprints import MANIFEST_NAMES, parse_blueprint_text
from catalog_lint.errors import FatalError

_KEYS = ("name", "version", "description")


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    description: str = ""
    path: Path | None = None


def manifest_path(folder: Path) -> Path | None:
    return next((folder / name for name in MANIFEST_NAMES if (folder / name).is_file()), None)


def read_manifest(folder: Path) -> Manifest | None:
    """The set's manifest, or ``None`` when the folder has none (a plain folder)."""
    path = manifest_path(folder)
    if path is None:
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{path}: cannot read the manifest: {exc}") from None
    data: Any = parse_blueprint_text(text, str(path), path.suffix == ".json")
    if not isinstance(data, dict):
        raise FatalError(f"{path}: the manifest must be a mapping with name and version")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise FatalError(f"{path}: unknown key {unknown[0]!r} in the manifest (expected "
                         "name, version, description)")
    values = {}
    for key in _KEYS:
        value = data.get(key, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # version: 2 written without quotes
        if not isinstance(value, str):
            raise FatalError(f"{path}: {key!r} must be a string")
        values[key] = value.strip()
    for key in ("name", "version"):
        if not values[key]:
            raise FatalError(f"{path}: the manifest needs a {key!r}")
    return Manifest(values["name"], values["version"], values["description"], path)
