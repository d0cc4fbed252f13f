"""Fact changes read as sentences for people, for every fact a scorecard may read."""

from __future__ import annotations

from typing import Any

import pytest

from catalog_lint.facts.names import FACT_NAMES
from catalog_lint.facts.phrasing import PHRASES, describe_change, join_names, show


def test_every_fact_has_a_phrase_and_every_phrase_a_fact() -> None:
    names = {fact.name for fact in FACT_NAMES}
    assert set(PHRASES) == names
    for name, phrase in PHRASES.items():
        fact = next(f for f in FACT_NAMES if f.name == name)
        # a yes/no fact turns in a sentence each way; other facts have none
        assert bool(phrase.became_true) == bool(phrase.became_false), name
        if phrase.became_true:
            assert fact.type == "boolean", name
        assert "(0..1)" not in phrase.label and ", or null" not in phrase.label, name


@pytest.mark.parametrize(("name", "before", "after", "sentence"), [
    ("repo.files.readme", "README.md", None, "README.md was removed"),
    ("entity.files.readme", "docs/README.md", None, "docs/README.md was removed"),
    ("repo.files.license", None, "LICENSE", "LICENSE was added"),
    ("repo.files.readme", "README.md", "README.rst",
     "The README changed from README.md to README.rst"),
    ("entity.files.readme", "a/README.md", "README.md",
     "The README nearest component:default/cart changed from a/README.md to README.md"),
    ("repo.codeowners.exists", True, False, "The CODEOWNERS file was removed"),
    ("repo.codeowners.exists", False, True, "A CODEOWNERS file was added"),
    ("entity.codeowners.covered", True, False,
     "CODEOWNERS no longer gives an owner to component:default/cart"),
    ("entity.docs.exists", False, True, "Documentation was added for component:default/cart"),
    ("repo.branch_protection.pull_requests_required", True, False,
     "Changes to the default branch no longer need a pull request"),
    ("repo.codeowners.coverage", 0.9, 0.4,
     "The share of files CODEOWNERS gives an owner fell from 90% to 40%"),
    ("repo.branch_protection.required_reviews", 2, 1,
     "The number of approving reviews required before merging fell from 2 to 1"),
    ("repo.ci.workflows", [".github/workflows/ci.yml"], [],
     "The CI workflows: .github/workflows/ci.yml removed"),
    ("repo.ci.workflows", ["a.yml"], ["a.yml", "b.yml"], "The CI workflows: b.yml added"),
    ("repo.ci.workflows", ["a.yml"], ["b.yml"], "The CI workflows: a.yml removed; b.yml added"),
    ("repo.ci.workflows", ["a.yml", "b.yml"], ["b.yml", "a.yml"],
     'The CI workflows changed from ["a.yml", "b.yml"] to ["b.yml", "a.yml"]'),
    ("dora.tier", "High", "Low", "The DORA tier changed from High to Low"),
    ("dora.lead_time.median_hours", 12.5, 30.25,
     "The median lead time in hours rose from 12.5 to 30.25"),
    ("repo.shallow", False, True, "The clone is shallow now (history is cut)"),
    ("repo.git", True, 1, "The git repository changed from yes to 1"),
    ("no.such.fact", None, "x", "No.such.fact changed from none to x"),
])
def test_sentences(name: str, before: Any, after: Any, sentence: str) -> None:
    assert describe_change(name, before, after, "component:default/cart") == sentence


def test_the_subject_defaults_to_the_repository() -> None:
    assert describe_change("repo.docs.exists", True, False) == (
        "Documentation is gone for the repository")


def test_values_as_people_read_them() -> None:
    assert [show(True), show(False), show(None), show(3), show(0.5), show(2.0)] == [
        "yes", "no", "none", "3", "0.5", "2"]
    assert show(0.333, percent=True) == "33%" and show(1, percent=True) == "100%"
    assert show("text") == "text" and show({"b": 1, "a": [2]}) == '{"a": [2], "b": 1}'
    assert show(list(range(40))) == show(list(range(40)))[:57] + "..."
    assert len(show(list(range(40)))) == 60
    assert show(list(range(5))) == "[0, 1, 2, 3, 4]"


def test_join_names() -> None:
    assert [join_names([]), join_names(["a"]), join_names(["a", "b"]),
            join_names(["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]
