"""Glob matching without backtracking: the same answers as the reference semantics, and
no pattern can stall a run."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_lint import globs
from tests.cli_helpers import run_cli, write
from tests.fuzz import budget

# Negated classes are left out: pathspec's "[!a]" also matches "/", where git's does not.
PATTERN_PIECES = ["a", "b", "x", "*", "**", "?", "/", "[ab]", "\\*", "!", "-", "."]
NAME_PIECES = ["a", "b", "x", "ab", "ba", "*", ".", "-"]

patterns = st.lists(st.sampled_from(PATTERN_PIECES), min_size=1, max_size=7).map("".join)
names = st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=3).map("".join)
paths = st.lists(names.filter(lambda n: n not in (".", "..")),  # as a snapshot lists paths
                 min_size=1, max_size=5).map("/".join)


def _reference(lines: list[str]) -> object | None:
    """pathspec's GitIgnoreSpec, or None when it refuses or silently drops a pattern
    (catalog-lint reports those instead)."""
    import pathspec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except ValueError:
            return None
    if any(p.include is None for p in spec.patterns):
        return None
    return spec


@budget(120)
@given(st.lists(patterns, min_size=1, max_size=3), st.lists(paths, min_size=1, max_size=6))
def test_fuzz_gitignore_agrees_with_pathspec(lines: list[str], candidates: list[str]) -> None:
    spec = _reference(lines)
    if spec is None:
        return
    try:
        mine = globs.GitIgnore(lines)
    except globs.GlobError:  # refused on purpose: a pattern that names no file
        assert any(line.lstrip("!") in ("", "/") for line in lines), lines
        return
    for path in candidates:
        assert mine.match_file(path) is spec.match_file(path), (lines, path)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("pattern", "path", "matching"), [
    ("*a" * 12 + "b", "a" * 40, "a" * 39 + "b"),
    ("*a" * 200 + "b", "a" * 4000, "a" * 3999 + "b"),
    ("**/" * 12 + "x", "a/" * 30 + "y", "a/" * 30 + "x"),
    ("**/a/" * 50 + "x", "a/" * 2000 + "y", "a/" * 2000 + "x"),
    ("/" + "*a/" * 30 + "x", "aaaa/" * 2000, "aaaa/" * 30 + "x"),
])
def test_hostile_patterns_finish(pattern: str, path: str, matching: str) -> None:
    # "*a" * 12 + "b" took 78 s in pathspec (and 21 s with 10 repeats in CODEOWNERS)
    started = time.perf_counter()
    spec = globs.GitIgnore([pattern])
    assert spec.match_file(path) is False
    assert spec.match_file(matching) is True
    assert time.perf_counter() - started < 2


def test_a_hostile_include_pattern_does_not_stall_discovery(tmp_path: Path) -> None:
    write(tmp_path, {
        ".catalog-lint.yaml": "include: ['" + "*a" * 12 + "b.yaml']\n",
        "a" * 40 + ".yaml": "x: 1\n",
        "a" * 39 + "b.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
                             "metadata: {name: g}\nspec: {type: team, children: []}\n",
    })
    started = time.perf_counter()
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert [f["path"] for f in outcome.json()["files"]] == ["a" * 39 + "b.yaml"]
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(("pattern", "message"), [
    ("a[b", "'[' at column 2 has no closing ']'"),
    ("[z-a]", "the character range 'z-a' is reversed"),
    ("\\", "lone backslash"),
    ("!", "names no file"),
    ("", "empty"),
    ("#x", "comment"),
    ("a" * 4097, "more than the limit of 4,096"),
])
def test_unusable_gitignore_patterns_say_why(pattern: str, message: str) -> None:
    with pytest.raises(globs.GlobError, match=re.escape(message)):
        globs.gitignore_pattern(pattern)


def test_a_negated_class_never_matches_a_slash() -> None:
    assert globs.GitIgnore(["a[!x]b"]).match_file("a/b") is False
    assert globs.GitIgnore(["a[!x]b"]).match_file("acb") is True
