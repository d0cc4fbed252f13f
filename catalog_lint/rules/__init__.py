"""The rule registry. Each module listed here is one rule; see :mod:`.base`."""

from __future__ import annotations

import importlib
from functools import cache

from catalog_lint.rules.base import LoadedRule

#: Module names under ``catalog_lint.rules``, in the order the docs list them.
RULE_MODULES: tuple[str, ...] = (
    # reading files
    "file_unreadable",
    "unsafe_file",
    "file_encoding",
    "input_limits",
    "yaml_syntax",
    "json_syntax",
    "duplicate_key",
    "yaml11_value",
    "empty_file",
    "empty_document",
    "not_an_entity",
    # Backstage validation (exactly what Backstage's validator rejects)
    "backstage_envelope",
    "placeholder_target",
    "metadata_name",
    "metadata_namespace",
    "metadata_labels",
    "metadata_annotations",
    "metadata_tags",
    "metadata_links",
    "metadata_fields",
    "unknown_kind",
    "blueprint_schema",
    "entity_ref_syntax",
    "key_typo",
    "entity_ref_form",
    # Port entities
    "port_entity",
    "unknown_blueprint",
    # the catalog graph
    "unresolved_reference",
    "reference_typo",
    "unresolvable_reference",
    "relation_target_kind",
    "missing_required_relation",
    "too_many_targets",
    "unknown_relation",
    "duplicate_entity",
    "relation_cycle",
    "inverse_relation_mismatch",
    "location_target",
    # ownership and git (reported by the facts stage)
    "codeowners_syntax",
    "codeowners_malformed_owner",
    "codeowners_duplicate_pattern",
    "codeowners_shadowed_entry",
    "codeowners_unmatched_pattern",
    "codeowners_coverage",
    "codeowners_ignored_file",
    "codeowners_entity_not_covered",
    "codeowners_owner_mismatch",
    "codeowners_unknown_owner",
    "git_state",
    "github_api_url",
    "github_repository",
)


#: Rules that refine another (a finding of theirs is a more precise finding of the
#: other): per-file ignores and suppression comments of the other silence them too, and
#: turning the other off turns them off (see the rules' docs).
REFINES: dict[str, str] = {"reference-typo": "unresolved-reference"}

#: The rules with a ``check`` run on every document: the only rule modules a run has to
#: import up front (a one-file pre-commit run imports no other). A test keeps this list
#: true to the modules.
DOCUMENT_RULE_MODULES: tuple[str, ...] = (
    "yaml11_value", "backstage_envelope", "metadata_name", "metadata_namespace",
    "metadata_labels", "metadata_annotations", "metadata_tags", "metadata_links",
    "metadata_fields", "unknown_kind", "blueprint_schema", "entity_ref_syntax", "key_typo",
    "entity_ref_form", "port_entity", "unknown_blueprint",
)


@cache
def load_rule(module_name: str) -> LoadedRule:
    module = importlib.import_module(f"catalog_lint.rules.{module_name}")
    return LoadedRule(rule=module.RULE, doc=(module.__doc__ or "").strip(),
                      check=getattr(module, "check", None))


def module_of(rule_id: str) -> str | None:
    """The module of a rule ID (``metadata-name`` lives in ``metadata_name``)."""
    name = rule_id.replace("-", "_")
    return name if name in RULE_MODULES else None


def is_rule(rule_id: str) -> bool:
    return module_of(rule_id) is not None


def rule_ids() -> tuple[str, ...]:
    """Every rule ID, without importing a rule module."""
    return tuple(name.replace("_", "-") for name in RULE_MODULES)


def unknown_rule(text: str) -> str:
    """Why ``text`` (a rule ID, or a pattern such as ``codeowners-*``) names no rule, with
    the closest rule ID when one is close: ``unknown rule 'metadata-nmae'; did you mean
    'metadata-name'?``."""
    import difflib

    ids = rule_ids()
    if not any(char in text for char in "*?["):
        what, candidates = f"unknown rule {text!r}", {rule_id: rule_id for rule_id in ids}
    else:
        what = f"pattern {text!r} matches no rule"
        literal = text.rstrip("*")
        if any(char in literal for char in "*?["):  # wildcards inside: compare with IDs
            candidates = {rule_id: rule_id for rule_id in ids}
        else:  # 'codeowner-*': compare with the IDs' leading words, keep the wildcard
            candidates = {rule_id[:end + 1]: rule_id[:end + 1] + "*" for rule_id in ids
                          for end, char in enumerate(rule_id) if char == "-"}
        text = literal
    close = difflib.get_close_matches(text, list(candidates), n=1, cutoff=0.6)
    if close:
        return f"{what}; did you mean {candidates[close[0]]!r}?"
    return f"{what}; catalog-lint rules lists them"


def matching_rules(pattern: str) -> list[str]:
    """The rule IDs ``pattern`` names: itself, or those its shell-style wildcards
    (``*``, ``?``, ``[...]``) match."""
    import fnmatch

    return [rule_id for rule_id in rule_ids() if fnmatch.fnmatchcase(rule_id, pattern)]


def rule_by_id(rule_id: str) -> LoadedRule | None:
    name = module_of(rule_id)
    return load_rule(name) if name else None


def document_rules() -> tuple[LoadedRule, ...]:
    return tuple(load_rule(name) for name in DOCUMENT_RULE_MODULES)


@cache
def all_rules() -> tuple[LoadedRule, ...]:
    return tuple(load_rule(name) for name in RULE_MODULES)


@cache
def rules_by_id() -> dict[str, LoadedRule]:
    return {loaded.rule.id: loaded for loaded in all_rules()}
