"""Blueprint sets published as Python packages.

A package declares an entry point in the group ``catalog_lint.blueprints``; its name is
the set's name and its value the importable package whose folder holds the set::

    [project.entry-points."catalog_lint.blueprints"]
    acme = "acme_blueprints"

The folder is found without running the package's code (``importlib.util.find_spec``
of a top-level package does not import it).
"""

from __future__ import annotations

import importlib.util
import re
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from catalog_lint.blueprints import BlueprintSource
from catalog_lint.errors import FatalError

GROUP = "catalog_lint.blueprints"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> list[EntryPoint]:
    """Every installed blueprint set, by entry point name."""
    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def _matches(entry: EntryPoint, wanted: str) -> bool:
    if entry.name == wanted:
        return True
    dist = entry.dist
    return dist is not None and _normalise(dist.name) == _normalise(wanted)


def package_source(wanted: str, where: object) -> BlueprintSource:
    """The folder of the installed set named ``wanted`` (its entry point name or its
    distribution's name)."""
    found = [entry for entry in installed() if _matches(entry, wanted)]
    if not found:
        known = ", ".join(sorted({entry.name for entry in installed()})) or "none"
        raise FatalError(f"{where}: no installed package provides the blueprint set "
                         f"{wanted!r} (entry point group {GROUP}; installed: {known}); install "
                         "it (pip install, or additional_dependencies in .pre-commit-config.yaml)")
    if len(found) > 1:
        names = ", ".join(f"{e.name} ({e.value})" for e in found)
        raise FatalError(f"{where}: several installed packages provide {wanted!r}: {names}; "
                         "name one by its entry point")
    entry = found[0]
    folder = _folder(entry, where)
    dist_name = entry.dist.name if entry.dist is not None else entry.name
    version = entry.dist.version if entry.dist is not None else ""
    origin = f"package {dist_name} {version}".rstrip()
    return BlueprintSource(folder, origin, kind="package", name=dist_name, version=version)


def _folder(entry: EntryPoint, where: object) -> Path:
    module = entry.value.strip()
    if ":" in module or not module:
        raise FatalError(f"{where}: entry point {entry.name} = {entry.value!r}: the value must "
                         "name a package (its folder holds the blueprints), not an attribute")
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as exc:
        raise FatalError(f"{where}: cannot find the package {module!r} of entry point "
                         f"{entry.name}: {exc}") from None
    if spec is None or not spec.submodule_search_locations:
        raise FatalError(f"{where}: entry point {entry.name} names {module!r}, which is not an "
                         "installed package (a folder)")
    return Path(next(iter(spec.submodule_search_locations)))
