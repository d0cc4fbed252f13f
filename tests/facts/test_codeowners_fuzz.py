"""CODEOWNERS parser and matcher under arbitrary input (hypothesis): no line and no
path makes them fail, and GitHub matching agrees with a plain regular-expression
translation of GitHub's rules wherever that translation is quick enough to run."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from catalog_lint.facts import codeowners as co
from tests.fuzz import budget

PATTERN_CHARS = "ab*?/![]\\#^-. "
OWNERS = ["@acme/team", "@alice", "a@example.com", "@@maintainer", "bad", "@a/b/c", "#x", ""]

pattern_text = st.text(alphabet=PATTERN_CHARS, min_size=1, max_size=10)
line = st.one_of(
    st.builds(lambda p, o: f"{p} {' '.join(o)}".rstrip(), pattern_text,
              st.lists(st.sampled_from(OWNERS), max_size=3)),
    st.builds(lambda opt, name, rest: f"{opt}[{name}]{rest}", st.sampled_from(["", "^"]),
              st.text(alphabet="ab ]", max_size=3), st.sampled_from(["", "[2]", "[x]", " @o"])),
    st.text(max_size=20),  # anything at all, control characters and all
)
path = st.lists(st.text(alphabet="ab*?[]#!. \\", min_size=1, max_size=4), min_size=1,
                max_size=4).map("/".join)


@budget(150)
@given(st.lists(line, max_size=8), st.lists(path, min_size=1, max_size=5),
       st.sampled_from(["github", "gitlab"]))
def test_fuzz_codeowners_never_fails(lines: list[str], paths: list[str], forge: str) -> None:
    parsed = co.parse("\n".join(lines), "CODEOWNERS", forge)
    analysis = co.analyse(parsed, paths)
    assert set(analysis.owners_by_file) == set(paths)
    for issue in (*parsed.issues, *analysis.issues):
        assert issue.line >= 1 and issue.message


def _reference_github_regex(pattern: str) -> re.Pattern[str]:
    """GitHub's rules as a direct translation (what catalog-lint used before it matched
    without backtracking), right but exponential on patterns like ``*a*a*a*a*b``; one
    fix since: consecutive globstars are one."""
    if pattern in ("/", ""):
        return re.compile(r"(?!)")
    directory = pattern.endswith("/")
    body = pattern.rstrip("/")
    anchored = body.startswith("/") or "/" in body
    segments = body.lstrip("/").split("/")
    # "**/**" is one globstar (the direct translation of two in a row matched only paths
    # with an empty folder name, that is nothing)
    segments = [s for i, s in enumerate(segments) if not (s == "**" and segments[i - 1:i] == ["**"])]
    if not anchored and segments != ["**"]:
        segments = ["**", *segments]

    def segment_regex(segment: str) -> str:
        if segment == "*":
            return "[^/]+"
        out, index = [], 0
        while index < len(segment):
            char = segment[index]
            if char == "\\" and index + 1 < len(segment):
                out.append(re.escape(segment[index + 1]))
                index += 2
                continue
            out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
        return "".join(out)

    pieces: list[str] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == 0:
                pieces.append(".+" if index == last else "(?:.+/)?")
            elif index == last:
                pieces.append("/.+")
            else:
                pieces.append("(?:/.+)?")
            continue
        slash = "/" if index and not (index == 1 and segments[0] == "**") else ""
        pieces.append(slash + segment_regex(segment))
    if directory and segments[-1] != "**":
        pieces.append("/.+")
    elif not (segments[-1] == "**" or (segments[-1] == "*" and anchored)):
        pieces.append("(?:/.*)?")
    return re.compile("".join(pieces) + r"\Z", re.DOTALL)


github_pattern = st.lists(st.sampled_from(["a", "b", "*", "**", "?", "/", "\\*", "."]),
                          min_size=1, max_size=6).map("".join)
github_path = st.lists(st.sampled_from(["a", "b", "ab", "*", ".a"]), min_size=1,
                       max_size=4).map("/".join)


@budget(200)
@given(github_pattern, st.lists(github_path, min_size=1, max_size=6))
def test_fuzz_github_matching_agrees_with_the_reference(pattern: str, paths: list[str]) -> None:
    parsed = co.parse(f"{pattern} @acme/team\n", "CODEOWNERS", "github")
    if parsed.issues:  # "***" is refused
        assert "***" in pattern
        return
    reference = _reference_github_regex(pattern)
    for candidate in paths:
        expected = reference.match(candidate) is not None
        assert bool(parsed.owners_of(candidate)) is expected, (pattern, candidate)
