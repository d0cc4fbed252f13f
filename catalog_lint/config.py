"""Configuration: ``.catalog-lint.yaml`` at the repository root, or ``[tool.catalog-lint]``
in ``pyproject.toml``.

The accepted keys are a JSON Schema assembled from ``schemas/config/*.json`` (one
fragment per feature), so an unknown or mistyped key is an error that names the key,
the file and the line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.errors import FatalError
from catalog_lint.findings import Severity

CONFIG_NAMES = (".catalog-lint.yaml", ".catalog-lint.yml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def config_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    folder = Path(__file__).resolve().parent / "schemas" / "config"
    for entry in sorted(folder.glob("*.json")):
        properties.update(json.loads(entry.read_text(encoding="utf-8"))["properties"])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


@dataclass
class Config:
    """The effective configuration. ``root`` is the folder relative paths start from."""

    root: Path
    source: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    @property
    def fail_on(self) -> Severity:
        return Severity.parse(self.raw.get("fail-on", "error"))

    @property
    def max_file_size(self) -> int:
        return int(self.raw.get("max-file-size", DEFAULT_MAX_FILE_SIZE))

    @property
    def rule_settings(self) -> dict[str, str]:
        return dict(self.raw.get("rules", {}))

    @property
    def blueprint_dirs(self) -> list[Path]:
        """The blueprint folders of ``blueprints:`` (packages and git sources aside)."""
        return [(self.root / p) for p in self.raw.get("blueprints", []) if isinstance(p, str)]


def find_config(start: Path) -> Path | None:
    """The config in ``start`` (the repository root or the folder being checked)."""
    for name in CONFIG_NAMES:
        candidate = start / name
        if candidate.is_file():
            return candidate
    pyproject = start / "pyproject.toml"
    if pyproject.is_file() and b"[tool.catalog-lint]" in _read_bytes(pyproject):
        return pyproject
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FatalError(f"{path}: cannot read config: {exc.strerror or exc}") from None


def load_config(path: Path | None, root: Path) -> Config:
    if path is None:
        return Config(root=root)
    if path.name == "pyproject.toml":
        raw, locate = _load_pyproject(path)
    else:
        raw, locate = _load_yaml(path)
    _validate(raw, path, locate)
    return Config(root=path.parent, source=str(path), raw=raw)


def _load_pyproject(path: Path) -> tuple[dict[str, Any], Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(_read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FatalError(f"{path}: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("catalog-lint", {})
    if not isinstance(section, dict):
        raise FatalError(f"{path}: [tool.catalog-lint] must be a table")
    text = _read_bytes(path).decode("utf-8", "replace")

    def locate(error_path: tuple[Any, ...]) -> int | None:
        key = str(error_path[0]) if error_path else None
        for number, line in enumerate(text.splitlines(), 1):
            if key and line.strip().startswith((key, f'"{key}"')):
                return number
        return None

    return section, locate


def _load_yaml(path: Path) -> tuple[dict[str, Any], Any]:
    from catalog_lint.yaml_reader import locate, parse_stream

    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FatalError(f"{path}: config is not UTF-8 text (byte {exc.start})") from None
    stream = parse_stream(text)
    if stream.problems:
        problem = stream.problems[0]
        raise FatalError(f"{path}:{problem.line}:{problem.column}: invalid YAML: {problem.message}")
    documents = [d for d in stream.documents if not d.empty]
    if not documents:
        return {}, lambda _p: None
    if len(documents) > 1:
        raise FatalError(f"{path}:{documents[1].line}: config must be a single YAML document")
    document = documents[0]
    if document.duplicate_keys:
        dup = document.duplicate_keys[0]
        raise FatalError(f"{path}:{dup.line}:{dup.column}: duplicate key {dup.key!r} in config")
    if not isinstance(document.data, dict):
        raise FatalError(f"{path}:{document.line}: config must be a mapping of settings")

    def where(error_path: tuple[Any, ...]) -> int | None:
        position = locate(document.node, error_path)
        return position[0] if position else None

    return document.data, where


def _validate(raw: dict[str, Any], path: Path, locate: Any) -> None:
    from catalog_lint.blueprints import SchemaValidator

    schema = config_schema()
    errors = SchemaValidator(schema, str(path)).errors(raw)
    if not errors:
        return
    error = errors[0]
    error_path: tuple[Any, ...] = error.path
    if error.keyword == "additionalProperties":
        unknown = _unknown_keys(raw, schema, error_path)
        error_path = (*error_path, unknown[0]) if unknown else error_path
        message = f"unknown key {unknown[0]!r}" if unknown else error.message
        if not error.path:
            message += " (see docs/configuration.md for the accepted keys)"
    else:
        where = ".".join(map(str, error_path)) or "config"
        message = f"{where}: {error.message}"
    line = locate(error_path)
    prefix = f"{path}:{line}" if line else str(path)
    raise FatalError(f"{prefix}: {message}")


def _unknown_keys(raw: Any, schema: dict[str, Any], at: tuple[Any, ...]) -> list[str]:
    for part in at:
        raw = raw.get(part) if isinstance(raw, dict) else None
        schema = schema.get("properties", {}).get(part, {})
    if not isinstance(raw, dict):
        return []
    return sorted(set(raw) - set(schema.get("properties", {})))


def config_line(source: str | None, path: tuple[Any, ...]) -> int | None:
    """The line of the value at ``path`` in a YAML config file, for messages about a
    setting found wrong after loading (a blueprint source that cannot be resolved)."""
    if source is None or not source.endswith((".yaml", ".yml")):
        return None
    from catalog_lint.yaml_reader import locate, parse_stream

    try:
        stream = parse_stream(Path(source).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    documents = [d for d in stream.documents if not d.empty]
    position = locate(documents[0].node, path) if documents else None
    return position[0] if position else None
