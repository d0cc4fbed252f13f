"""The rule registry. Each module listed here is one rule; see :mod:`.base`."""

from __future__ import annotations

import importlib
from functools import cache

from catalog_lint.rules.base import LoadedRule

#: Module names under ``catalog_lint.rules``, in the order the docs list them.
RULE_MODULES: tuple[str, ...] = (
    # reading files
    "file_unreadable",
    "file_encoding",
    "input_limits",
    "yaml_syntax",
    "json_syntax",
    "duplicate_key",
    "yaml11_value",
    "empty_file",
    "empty_document",
    "not_an_entity",
)


@cache
def all_rules() -> tuple[LoadedRule, ...]:
    loaded = []
    for name in RULE_MODULES:
        module = importlib.import_module(f"catalog_lint.rules.{name}")
        loaded.append(
            LoadedRule(rule=module.RULE, doc=(module.__doc__ or "").strip(),
                       check=getattr(module, "check", None))
        )
    return tuple(loaded)


@cache
def rules_by_id() -> dict[str, LoadedRule]:
    return {loaded.rule.id: loaded for loaded in all_rules()}
