"""CODEOWNERS against tables from outside: hmarr/codeowners' GitHub pattern cases and
whole GitLab files with the owners GitLab gives (tests/data/codeowners/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog_lint.facts import codeowners as co

DATA = Path(__file__).resolve().parent.parent / "data" / "codeowners"

#: Where catalog-lint answers differently from the table on purpose, and why.
GITHUB_DIFFERENCES = {
    "/apps/[param]/file.ts": "GitHub does not support '[ ]' in CODEOWNERS: it reports the "
                             "line as an error and skips it",
}


def _github_cases() -> list[Any]:
    cases = []
    for case in json.loads((DATA / "hmarr-patterns.json").read_text(encoding="utf-8")):
        for path, matches in case["paths"].items():
            cases.append(pytest.param(case["pattern"], path, matches,
                                      id=f"{case['name']}: {path}"))
    return cases


def _gitlab_cases() -> list[Any]:
    cases = []
    for case in json.loads((DATA / "gitlab-files.json").read_text(encoding="utf-8")):
        for path, owners in case["owners"].items():
            cases.append(pytest.param(case["codeowners"], path, tuple(owners),
                                      id=f"{case['name']}: {path}"))
    return cases


@pytest.mark.parametrize(("pattern", "path", "matches"), _github_cases())
def test_github_pattern_table(pattern: str, path: str, matches: bool) -> None:
    parsed = co.parse(f"{pattern} @acme/team\n", "CODEOWNERS", "github")
    if pattern in GITHUB_DIFFERENCES:
        assert [i.rule for i in parsed.issues] == ["codeowners-syntax"]
        assert parsed.owners_of(path) == ()
        return
    assert parsed.issues == []
    assert bool(parsed.owners_of(path)) is matches


@pytest.mark.parametrize(("text", "path", "owners"), _gitlab_cases())
def test_gitlab_file_table(text: str, path: str, owners: tuple[str, ...]) -> None:
    assert co.parse(text, "CODEOWNERS", "gitlab").owners_of(path) == owners


def test_the_tables_are_all_there() -> None:
    assert len(_github_cases()) == 153
    assert len(_gitlab_cases()) >= 50
