"""The config loader under arbitrary values (hypothesis): every key of the config
schema (catalog_lint/schemas/config/*.json) gets values of its own type and of others,
edge cases included, written as YAML and as TOML; what the loader accepts must then be
usable by every part of a run. Nothing may fail but with the tool's own FatalError."""

from __future__ import annotations

import contextlib
import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from catalog_lint.config import config_schema, load_config
from catalog_lint.errors import FatalError
from catalog_lint.facts import dora
from catalog_lint.pipeline import Run, RunOptions, resolve_targets, run
from catalog_lint.scorecards import enable
from catalog_lint.scorecards.stage import select_scorecards
from catalog_lint.snapshot import WorktreeSnapshot
from tests.fuzz import budget
from tests.gitrepo import GitRepo

EDGE_STRINGS = ["", " ", "!", "\\", "#", "/", "[z-a]", "a[b", "**/" * 20 + "x", "*a" * 30 + "b",
                "a{99999999999}", "(", "0001-01-01", "9999-12-31", "now", "2024-06-30",
                "2024-06-30T12:00:00+14:00", "x" * 600, "\x00", "\u202e", "../..", "/etc",
                "http://127.0.0.1:9/", "group:default/x", "off", "error", "@acme/team"]
EDGE_NUMBERS = [0, -1, 1, 2**31, 10**30, -(10**30), 0.5, 1e308, math.inf, -math.inf, math.nan]

any_scalar = st.one_of(st.none(), st.booleans(), st.sampled_from(EDGE_NUMBERS),
                       st.integers(), st.sampled_from(EDGE_STRINGS), st.text(max_size=8))
junk = st.recursive(any_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)


def strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for ``schema``: mostly of its shape (edges included), sometimes anything."""
    return st.one_of(_shaped(schema), junk) if schema else junk


def _shaped(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            return st.one_of(*(strategy(s) for s in schema[combinator]))
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        fixed: st.SearchStrategy[dict[str, Any]] = st.just({})
        if properties:
            fixed = st.lists(st.sampled_from(sorted(properties)), unique=True, max_size=4).flatmap(
                lambda chosen: st.fixed_dictionaries({k: strategy(properties[k]) for k in chosen}))
        if isinstance(extra, dict):
            free = st.dictionaries(st.one_of(st.sampled_from(EDGE_STRINGS), st.text(max_size=6)),
                                   strategy(extra), max_size=3)
            return st.tuples(fixed, free).map(lambda pair: {**pair[1], **pair[0]})
        return fixed
    if kind == "array":
        return st.lists(strategy(schema.get("items", {})), max_size=4)
    if kind == "string":
        return st.one_of(st.sampled_from(EDGE_STRINGS), st.text(max_size=12))
    if kind == "integer":
        return st.one_of(st.sampled_from([n for n in EDGE_NUMBERS if isinstance(n, int)]),
                         st.integers(min_value=-5, max_value=4000))
    if kind == "number":
        return st.one_of(st.sampled_from(EDGE_NUMBERS), st.floats())
    if kind == "boolean":
        return st.booleans()
    return junk


configs = strategy(config_schema())


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items()
                               if v is not None) + "}"
    return '""'


def _write(folder: Path, config: Any, as_toml: bool) -> Path:
    for name in (".catalog-lint.yaml", "pyproject.toml"):
        (folder / name).unlink(missing_ok=True)
    if as_toml:
        path = folder / "pyproject.toml"
        lines = [f"{json.dumps(str(k))} = {_toml(v)}" for k, v in config.items()
                 if v is not None] if isinstance(config, dict) else []
        path.write_text("[tool.catalog-lint]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        path = folder / ".catalog-lint.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _load(folder: Path, config: Any, as_toml: bool) -> Any:
    path = _write(folder, config, as_toml)
    try:
        return load_config(path, folder)
    except FatalError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
        return None


ENTITY = ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n"
          "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")


# Module-scoped folders: hypothesis runs many examples per test, and a function-scoped
# fixture would be shared by all of them anyway; these are removed by pytest afterwards.
@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config-fuzz")
    (path / "catalog-info.yaml").write_text(ENTITY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo.init(tmp_path_factory.mktemp("config-fuzz-repo") / "r")
    repo.commit("init", {"catalog-info.yaml": ENTITY, "CODEOWNERS": "* @acme/team\n"})
    repo.git("tag", "v1.0.0")
    return repo


@budget(30)
@given(config=configs, as_toml=st.booleans())
def test_fuzz_config_values_are_usable_or_refused(folder: Path, config: Any,
                                                  as_toml: bool) -> None:
    loaded = _load(folder, config, as_toml)
    if loaded is None:
        return
    try:
        snapshot = WorktreeSnapshot(folder)
        Run(snapshot, loaded, RunOptions())  # severities, per-file ignores, blueprints
        resolve_targets(snapshot, loaded, [])
        settings = dora.DoraSettings.from_config(loaded.get("dora"))
        dora.figures({}, [], settings, settings.end or datetime.now(timezone.utc))
        select_scorecards(loaded)
    except FatalError:
        pass


@budget(8)
@given(config=configs)
def test_fuzz_config_values_survive_a_whole_scoring_run(repository: GitRepo, config: Any) -> None:
    repo = repository
    loaded = _load(repo.path, config, False)
    if loaded is None:
        return
    options = RunOptions()
    enable(options.extra)
    with contextlib.suppress(FatalError):
        run(WorktreeSnapshot(repo.path), loaded, options)
