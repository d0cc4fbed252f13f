"""Configuration: ``.catalog-lint.yaml`` at the repository root, or ``[tool.catalog-lint]``
in ``pyproject.toml``.

The accepted keys are a JSON Schema assembled from ``schemas/config/*.json`` (one
fragment per feature), so an unknown or mistyped key is an error that names the key,
the file and the line.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from catalog_lint.errors import FatalError
from catalog_lint.findings import Severity

CONFIG_NAMES = (".catalog-lint.yaml", ".catalog-lint.yml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
#: The longest regular expression a config may hold (characters). Python's ``re`` has no
#: timeout: what bounds a regular expression's time is its size and the length of what
#: it reads (each user pattern runs on text cut to :data:`REGEX_INPUT_LIMIT`).
MAX_REGEX_LENGTH = 500
#: The most characters a config regular expression reads of one text (a commit subject,
#: a tag name); the rest is not looked at.
REGEX_INPUT_LIMIT = 1000

#: Config keys holding path patterns (.gitignore syntax), as JSON paths; "*" stands for
#: every item of a list, "{}" for every key of a mapping.
PATTERN_KEYS: tuple[tuple[str, ...], ...] = (
    ("include", "*"), ("extend-include", "*"), ("exclude", "*"), ("per-file-ignores", "{}"),
    ("dora", "deployments", "marker", "*"),
)
#: Config keys holding files or folders of the repository, relative to the config file.
#: (``catalogs`` is not one: a catalog export from outside the repository, such as one
#: CI downloads next to it, is what that key is for.)
PATH_KEYS: tuple[tuple[str, ...], ...] = (
    ("blueprints", "*"), ("scorecards", "custom", "*"), ("ownership", "protection-files", "*"),
)
#: Config keys holding regular expressions.
REGEX_KEYS: tuple[tuple[str, ...], ...] = (
    ("dora", "deployments", "tag-pattern"), ("dora", "failure-patterns", "*"),
)


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
    """The config in ``start`` (the repository root or the folder being checked). A FIFO
    or a device under a config's name is found too, and refused when read."""
    for name in CONFIG_NAMES:
        candidate = start / name
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    pyproject = start / "pyproject.toml"
    if pyproject.is_file() and _has_tool_section(_read_bytes(pyproject)):
        return pyproject
    return None


def _has_tool_section(data: bytes) -> bool:
    """Whether a pyproject.toml configures catalog-lint: ``[tool.catalog-lint]``, or only a
    sub-table such as ``[tool.catalog-lint.rules]``, or a dotted key under ``[tool]``."""
    if b"catalog-lint" not in data:  # the cheap test, true of nearly every other project
        return False
    try:
        return isinstance(_toml(data.decode("utf-8")).get("tool", {}).get("catalog-lint"), dict)
    except ValueError:  # invalid TOML or UTF-8: loading it says so, at its place
        return True


def _toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def _read_bytes(path: Path) -> bytes:
    """A config's bytes: a regular file of at most DEFAULT_MAX_FILE_SIZE bytes; inside a
    git repository a symbolic link may only lead to a file of that repository."""
    from catalog_lint.regular_files import read_named_file

    try:
        return read_named_file(path, DEFAULT_MAX_FILE_SIZE)
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
    _check_values(raw, path, locate)
    return Config(root=path.parent, source=str(path), raw=raw)


def _load_pyproject(path: Path) -> tuple[dict[str, Any], Any]:
    text = _read_bytes(path).decode("utf-8", "replace")
    try:
        data = _toml(text)
    except ValueError as exc:  # TOMLDecodeError is a ValueError
        raise FatalError(f"{path}: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("catalog-lint", {})
    if not isinstance(section, dict):
        raise FatalError(f"{path}: [tool.catalog-lint] must be a table")
    lines = text.splitlines()

    def locate(error_path: tuple[Any, ...]) -> int | None:
        """The line of the deepest key of ``error_path`` found in order below the
        ``[tool.catalog-lint...]`` header (TOML keeps no positions)."""
        start, found = 0, None
        for header, line in enumerate(lines):
            if line.strip().startswith("[tool.catalog-lint"):
                start = header
                break
        for key in (str(part) for part in error_path if not isinstance(part, int)):
            pattern = re.compile(rf'^\s*(\[[^\]]*\b|"?){re.escape(key)}"?\s*(=|\]|\.)')
            for number in range(start, len(lines)):
                if pattern.search(lines[number]):
                    start, found = number, number + 1
                    break
        return found

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


def compile_user_regex(pattern: str) -> re.Pattern[str]:
    """A regular expression from the config, refused (``ValueError``, with the reason)
    when it is longer than :data:`MAX_REGEX_LENGTH` or does not compile, including
    repeat counts too large for ``re`` (``a{99999999999}``)."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ValueError(f"the regular expression is {len(pattern):,} characters long, more "
                         f"than the limit of {MAX_REGEX_LENGTH}")
    try:
        return re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError) as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None


def _check_values(raw: dict[str, Any], path: Path, locate: Any) -> None:
    """What the schema cannot say: every path pattern reads, every regular expression
    compiles, the DORA window's end is a usable date. The first problem is a
    :class:`FatalError` at its line."""
    from catalog_lint.globs import GlobError, gitignore_pattern

    for where, value in _numbers(raw, ()):
        if not math.isfinite(value):  # the schema's bounds say nothing about them
            _fail(path, locate, where, f"{value} is not a finite number")
    for where, value in _values(raw, PATTERN_KEYS):
        if not isinstance(value, str):
            continue
        try:
            pattern = gitignore_pattern(value)
        except GlobError as exc:
            _fail(path, locate, where, f"pattern {value!r} is not usable: {exc}")
        if not pattern.include and where[0] in ("per-file-ignores", "dora"):
            _fail(path, locate, where, f"pattern {value!r} is not usable: a negated pattern "
                  "selects no file here (it only takes back files in a list of patterns)")
    for where, value in _values(raw, PATH_KEYS):
        if isinstance(value, str) and _outside(value):
            _fail(path, locate, where, f"{value!r} is outside the folder of the config file; "
                  "a repository's config names files inside it, by relative paths")
    for where, value in _values(raw, REGEX_KEYS):
        if isinstance(value, str):
            try:
                compile_user_regex(value)
            except ValueError as exc:
                _fail(path, locate, where, f"{value!r}: {exc}")
    _check_rule_ids(raw, path, locate)
    dora = raw.get("dora")
    if isinstance(dora, dict) and dora.get("end") not in (None, "now"):
        from catalog_lint.facts.dora import parse_end

        try:
            parse_end(dora["end"])
        except ValueError as exc:
            _fail(path, locate, ("dora", "end"), str(exc).removeprefix("dora.end: "))


def _check_rule_ids(raw: dict[str, Any], path: Path, locate: Any) -> None:
    """Every rule ID the config names is a rule: a typo would silently configure nothing."""
    from catalog_lint.rules import is_rule, unknown_rule

    rules = raw.get("rules")
    if isinstance(rules, dict):
        for rule_id in rules:
            if not is_rule(rule_id):
                _fail_at_key(path, locate, ("rules", rule_id), unknown_rule(rule_id))
    ignores = raw.get("per-file-ignores")
    if isinstance(ignores, dict):
        for pattern, rule_ids in ignores.items():
            for index, rule_id in enumerate(rule_ids if isinstance(rule_ids, list) else []):
                if isinstance(rule_id, str) and rule_id != "all" and not is_rule(rule_id):
                    _fail(path, locate, ("per-file-ignores", pattern, index),
                          unknown_rule(rule_id))


def _fail_at_key(path: Path, locate: Any, where: tuple[Any, ...], message: str) -> NoReturn:
    line = locate(where)
    prefix = f"{path}:{line}" if line else str(path)
    raise FatalError(f"{prefix}: {'.'.join(str(p) for p in where[:-1])}: {message}")


def _outside(value: str) -> bool:
    """Whether a relative path of the config leaves its folder (or is not relative)."""
    import posixpath

    text = value.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        return True
    normal = posixpath.normpath(text)
    return normal == ".." or normal.startswith("../")


def _numbers(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], float]]:
    """Every float in the config (YAML's .nan and .inf, TOML's nan and inf among them)."""
    if isinstance(value, float):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, (*at, index))


def _values(raw: Any, keys: tuple[tuple[str, ...], ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value at the JSON paths ``keys`` (with "*" and "{}" expanded), with its path."""
    for key in keys:
        found: list[tuple[tuple[Any, ...], Any]] = [((), raw)]
        for part in key:
            following: list[tuple[tuple[Any, ...], Any]] = []
            for at, value in found:
                if part == "*" and isinstance(value, list):
                    following.extend(((*at, i), item) for i, item in enumerate(value))
                elif part == "{}" and isinstance(value, dict):
                    following.extend(((*at, k), k) for k in value)
                elif isinstance(value, dict) and part in value:
                    following.append(((*at, part), value[part]))
            found = following
        yield from found


def _fail(path: Path, locate: Any, where: tuple[Any, ...], message: str) -> NoReturn:
    line = locate(where)
    prefix = f"{path}:{line}" if line else str(path)
    dotted = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                     for i, p in enumerate(where[:1] if where[0] == "per-file-ignores" else where))
    raise FatalError(f"{prefix}: {dotted}: {message}")


def config_line(source: str | None, path: tuple[Any, ...]) -> int | None:
    """The line of the value at ``path`` in a YAML config file, for messages about a
    setting found wrong after loading (a blueprint source that cannot be resolved)."""
    if source is None or not source.endswith((".yaml", ".yml")):
        return None
    from catalog_lint.yaml_reader import locate, parse_stream

    try:
        stream = parse_stream(_read_bytes(Path(source)).decode("utf-8-sig"))
    except (FatalError, UnicodeDecodeError):
        return None
    documents = [d for d in stream.documents if not d.empty]
    position = locate(documents[0].node, path) if documents else None
    return position[0] if position else None
