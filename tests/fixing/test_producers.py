"""The fix producers rules share: which misspelling is certain, which tag a tag means."""

from __future__ import annotations

import pytest

from catalog_lint.findings import Fix
from catalog_lint.near_miss import certain
from catalog_lint.rules._fixes import key_typo, misspelt_key_of, normal_tag

SPEC = ["type", "lifecycle", "owner", "system", "subcomponentOf", "dependsOn"]


@pytest.mark.parametrize(("word", "candidates", "expected"), [
    ("lifecyle", SPEC, "lifecycle"),
    ("lifecylce", SPEC, "lifecycle"),  # two letters swapped: one edit
    ("descripton", ["name", "description", "title"], "description"),
    ("apiversion", ["apiVersion", "kind", "metadata", "spec"], "apiVersion"),
    ("metdata", ["apiVersion", "kind", "metadata", "spec"], "metadata"),
    ("tpye", SPEC, "type"),
    ("owners", SPEC, "owner"),
    ("sytsem", SPEC, "system"),
    ("xyz", SPEC, None),  # nothing near
    ("ab", ["ac", "ad"], None),  # two as near: no certainty
    ("Name", ["name", "NAME"], None),  # two equal but for case
    ("lifecycle", SPEC, None),  # itself is no misspelling
    ("depends", SPEC, None),  # two letters short of a 9-letter key: beyond one edit
    ("dep", SPEC, None),  # a prefix, too far
])
def test_the_certain_candidate_of_a_key(word: str, candidates: list[str],
                                        expected: str | None) -> None:
    """Fixes rename a key only to the one candidate of the shared near-miss measure."""
    assert certain(word, candidates) == expected


def test_a_key_is_renamed_only_to_a_key_not_already_there() -> None:
    spec = {"lifecyle": "production", "lifecycle": "x"}
    assert key_typo(spec, "lifecyle", SPEC, ("spec", "lifecyle")) is None
    assert key_typo({"lifecyle": 1}, "lifecyle", SPEC, ("spec", "lifecyle")) == Fix(
        "rename", ("spec", "lifecyle"), "lifecycle", "rename spec.lifecyle to lifecycle")
    assert misspelt_key_of({"lifecyle": 1, "tpye": 2}, "lifecycle", SPEC, ("spec",)) == Fix(
        "rename", ("spec", "lifecyle"), "lifecycle", "rename spec.lifecyle to lifecycle")
    # two unknown keys both near the missing one: neither is certain
    assert misspelt_key_of({"lifecyle": 1, "lifecycl": 2}, "lifecycle", SPEC, ("spec",)) is None


@pytest.mark.parametrize(("tag", "expected"), [
    ("Java", "java"), ("spring_boot", "spring-boot"), ("Node.js", "node-js"),
    ("two  words", "two-words"), ("a--b", "a-b"), ("-lead-", "lead"), ("C++", "c++"),
    ("team:Cart", "team:cart"), ("café", None), ("@scope/pkg", None), ("ok", None),
    ("x" * 64, None), ("___", None),
])
def test_normal_tag(tag: str, expected: str | None) -> None:
    assert normal_tag(tag) == expected
