"""Fact sets: dotted names into a tree, and the quick way a run makes thousands of them."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_lint.facts.model import FactSet, Unknown

NAMES = st.sampled_from(["a", "a.b", "a.b.c", "a.c", "b", "entity.files.readme",
                         "entity.docs.exists", "entity", "entity.docs"])
VALUES = st.sampled_from([None, True, 0, "README.md", [], {}, {"x": 1}, Unknown("not known")])


@settings(max_examples=300, deadline=None)
@given(values=st.dictionaries(NAMES, VALUES, max_size=6))
def test_made_of_is_set_all_on_an_empty_set(values: dict[str, Any]) -> None:
    """Names that nest in each other (``a`` and ``a.b``) in either order, values that
    are mappings, ``None`` where a parent goes: the same tree and sources either way."""
    def fresh() -> dict[str, Any]:  # a mapping value may be written into: each its own
        return {name: copy.deepcopy(value) for name, value in values.items()}

    plain = FactSet()
    plain.set_all(fresh(), "files")
    made = FactSet.made_of(fresh(), "files")
    assert made.tree == plain.tree
    assert made.sources == plain.sources
    assert list(made.sources) == list(plain.sources)
    for name in ("a", "a.b", "a.b.c", "entity.files.readme", "missing"):
        assert made.get(name) == plain.get(name)


def test_a_made_set_is_its_own() -> None:
    """Two sets made of the same values share no mapping: a later stage adds facts to
    one entity's set alone."""
    values = {"entity.files.readme": "README.md", "entity.docs.exists": True}
    first, second = FactSet.made_of(values, "files"), FactSet.made_of(values, "files")
    first.set("entity.codeowners.covered", True)
    assert second.get("entity.codeowners.covered") == Unknown("entity.codeowners.covered is not computed")
    assert first.tree["entity"] is not second.tree["entity"]


def _plain_json(value: Any) -> Any:
    """What a fact is in JSON, made the plain way: a copy of everything."""
    if isinstance(value, Unknown):
        return value.to_json()
    if isinstance(value, dict):
        return {key: _plain_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(item) for item in value]
    return value


FACT_TREES = st.recursive(
    st.sampled_from([None, True, 3, 2.5, "x", Unknown("no history")]),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(tree=st.dictionaries(st.sampled_from(["entity", "repo"]), FACT_TREES, max_size=2))
def test_the_json_of_facts_copies_only_what_changes(tree: dict[str, Any]) -> None:
    """The facts section of a large run shares the unchanged parts of the facts: the
    same JSON as a copy of everything, with mappings and lists that hold nothing to
    change being the facts' own, unchanged."""
    kept = copy.deepcopy(tree)
    made = FactSet(tree).to_json()
    assert made == _plain_json(kept)
    assert tree == kept  # the facts are not changed

    def plain(value: Any) -> bool:
        if isinstance(value, (Unknown, tuple)):
            return False
        if isinstance(value, dict):
            return all(map(plain, value.values()))
        if isinstance(value, list):
            return all(map(plain, value))
        return True

    for name, value in tree.items():
        if isinstance(value, (dict, list)) and plain(value):
            assert made[name] is value
