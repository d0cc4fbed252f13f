"""CODEOWNERS: discovery per forge, each forge's pattern semantics, and the findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_lint.facts import codeowners as co
from catalog_lint.globs import Glob, Item
from tests.cli_helpers import run_cli
from tests.facts.helpers import component, facts_for, notes
from tests.fuzz import budget
from tests.gitrepo import GitRepo

# (pattern, path, owned?) — GitHub's documented examples and the edges where GitHub
# differs from .gitignore.
GITHUB_CASES = [
    ("*", "any/file/at/all.txt", True),
    ("*.js", "src/deep/app.js", True),
    ("*.js", "src/app.jsx", False),
    ("/build/logs/", "build/logs/2024/app.log", True),
    ("/build/logs/", "x/build/logs/app.log", False),
    ("docs/*", "docs/getting-started.md", True),
    ("docs/*", "docs/build-app/troubleshooting.md", False),  # unlike .gitignore
    ("apps/", "apps/web/index.js", True),
    ("apps/", "src/apps/web/index.js", True),  # no leading slash: any depth
    ("apps/", "apps", False),  # a trailing slash wants something inside
    ("/docs/", "docs/a.md", True),
    ("/docs/", "src/docs/a.md", False),
    ("**/logs", "deploy/app/logs/x.log", True),
    ("/apps/github", "apps/github/main.go", True),  # a folder name covers what is below
    ("/apps/github", "apps/githubx", False),
    ("/scripts/", "scripts/deploy.sh", True),
    ("foo/bar", "foo/bar/baz.txt", True),
    ("foo/bar", "x/foo/bar", False),  # an inner slash anchors at the root
    ("/*", "README.md", True),
    ("/*", "src/main.py", False),
    ("f?o", "foo", True),
    ("f?o", "fooo", False),
    ("foo/**/bar", "foo/bar", True),
    ("foo/**/bar", "foo/a/b/bar/c", True),
    ("foo/bar/**", "foo/bar", False),
    ("foo/bar/**", "foo/bar/x/y", True),
    ("f\\*o", "f*o", True),
    ("f\\*o", "foo", False),
    ("path\\ with\\ spaces/", "path with spaces/a", True),
]

GITLAB_CASES = [
    ("*", ".gitignore", True),
    ("*.rb", "app/models/user.rb", True),
    ("/docs/", "docs/projects/index.md", True),
    ("/docs/*", "docs/index.md", True),
    ("/docs/*", "docs/projects/index.md", False),
    ("/docs/**/*.md", "docs/a/b/c.md", True),
    ("lib/", "vendor/lib/x.rb", True),
    ("/config/", "config/db.yml", True),
    ("/config/", "x/config/db.yml", False),
    ("docs/index.md", "internal/docs/index.md", True),  # GitLab: not anchored
    ("/docs", "docs/index.md", False),  # GitLab: a name without "/" is a file
    ("\\#file_with_pound.rb", "#file_with_pound.rb", True),
    ("/src/[ab]*.c", "src/a1.c", True),
    ("/src/[ab]*.c", "src/c1.c", False),
]


@pytest.mark.parametrize(("pattern", "path", "owned"), GITHUB_CASES)
def test_github_pattern_semantics(pattern: str, path: str, owned: bool) -> None:
    parsed = co.parse(f"{pattern} @acme/team\n", "CODEOWNERS", "github")
    assert parsed.issues == []
    assert bool(parsed.owners_of(path)) is owned


@pytest.mark.parametrize(("pattern", "path", "owned"), GITLAB_CASES)
def test_gitlab_pattern_semantics(pattern: str, path: str, owned: bool) -> None:
    parsed = co.parse(f"{pattern} @acme/team\n", "CODEOWNERS", "gitlab")
    assert parsed.issues == []
    assert bool(parsed.owners_of(path)) is owned


def test_last_match_wins_and_empty_owners_unown() -> None:
    text = "*       @acme/platform\n/apps/  @octocat # inline comment\n/apps/github\n"
    parsed = co.parse(text, "CODEOWNERS", "github")
    assert parsed.owners_of("README.md") == ("@acme/platform",)
    assert parsed.owners_of("apps/web/x.js") == ("@octocat",)
    assert parsed.owners_of("apps/github/x.js") == ()


def test_github_syntax_errors_skip_the_line() -> None:
    text = (
        "* @acme/platform\n"
        "!docs/ @acme/docs\n"
        "src/[ab].py @acme/core\n"
        "\\#notes @acme/core\n"
        "[Backend] @acme/backend\n"
        "lib/ acme/core @ok\n"
        "tools/ @@maintainer\n"
        "mail/ someone@example.com @acme/docs/writers\n"
    )
    parsed = co.parse(text, "CODEOWNERS", "github")
    found = [(i.rule, i.line, i.column) for i in parsed.issues]
    assert found == [
        ("codeowners-syntax", 2, 1),
        ("codeowners-syntax", 3, 1),
        ("codeowners-syntax", 4, 1),
        ("codeowners-syntax", 5, 1),
        ("codeowners-malformed-owner", 6, 6),
        ("codeowners-malformed-owner", 7, 8),
        ("codeowners-malformed-owner", 8, 27),
    ]
    assert "negation" in parsed.issues[0].message
    assert "GitHub skips the whole line" in parsed.issues[4].message
    # the skipped lines do not un-own or re-own anything
    assert parsed.owners_of("lib/x.py") == ("@acme/platform",)
    assert parsed.owners_of("docs/a.md") == ("@acme/platform",)
    assert [e.line for e in parsed.entries] == [1]


def test_github_ignores_a_file_over_3_mb() -> None:
    text = "* @acme/platform\n" + "# padding\n" * 320_000
    parsed = co.parse(text, "CODEOWNERS", "github")
    assert [(i.rule, i.line) for i in parsed.issues] == [("codeowners-syntax", 1)]
    assert parsed.owners_of("README.md") == ()
    assert co.parse(text, "CODEOWNERS", "gitlab").owners_of("README.md") == ("@acme/platform",)


def test_gitlab_sections_union_defaults_and_approvals() -> None:
    text = (
        "* @acme/everyone\n"
        "[Documentation][2] @acme/docs\n"
        "docs/\n"
        "*.md @alice\n"
        "^[Database] @acme/db\n"
        "model/db/\n"
        "!model/db/generated/\n"
        "[documentation]\n"  # same section, names compare without case
        "guides/ @bob janedoe@example.com @@maintainer\n"
    )
    parsed = co.parse(text, "CODEOWNERS", "gitlab")
    assert parsed.issues == []
    sections = {s.name: (s.optional, s.approvals, s.default_owners)
                for key, s in parsed.sections.items() if key}
    assert sections == {"Documentation": (False, 2, ("@acme/docs",)),
                        "Database": (True, 1, ("@acme/db",))}
    assert parsed.owners_of("docs/a.txt") == ("@acme/everyone", "@acme/docs")
    assert parsed.owners_of("docs/a.md") == ("@acme/everyone", "@alice")
    assert parsed.owners_of("model/db/schema.rb") == ("@acme/everyone", "@acme/db")
    assert parsed.owners_of("model/db/generated/x.rb") == ("@acme/everyone",)
    assert parsed.owners_of("guides/x") == ("@acme/everyone", "@bob", "janedoe@example.com",
                                            "@@maintainer")


def test_gitlab_section_errors() -> None:
    text = "[]\n[Docs][0]\n[Ops][two]\n[Broken\ndocs/\n"
    parsed = co.parse(text, "CODEOWNERS", "gitlab")
    assert [(i.line, i.message.split(" (")[0]) for i in parsed.issues] == [
        (1, "section heading without a name"),
        (2, "a section needs at least 1 approval; GitLab requires 1 when 0 is written"),
        (3, "approval count 'two' is not a whole number"),
        (4, "unparsable section heading"),
        (5, "'docs/' has no owners and its section has no default owners: GitLab treats "
            "the entry as invalid"),
    ]


def test_discovery_order_per_forge() -> None:
    files = ["CODEOWNERS", "docs/CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS"]
    assert co.discover(files, "github") == (
        ".github/CODEOWNERS", ["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"])
    assert co.discover(files, "gitlab") == (
        "CODEOWNERS", ["docs/CODEOWNERS", ".gitlab/CODEOWNERS", ".github/CODEOWNERS"])
    assert co.discover(["docs/CODEOWNERS"], "github") == ("docs/CODEOWNERS", [])
    assert co.discover(["src/x.py"], "gitlab") == (None, [])


def test_analysis_figures() -> None:
    tracked = ["README.md", "docs/a.md", "docs/b.md", "services/cart/main.py",
               "services/cart/catalog-info.yaml", "tools/x.sh"]
    text = (
        "/services/cart/  @acme/cart\n"  # 1: shadowed by line 4
        "/docs/           @acme/docs\n"  # 2: duplicate of line 5
        "/gone/           @acme/gone\n"  # 3: matches nothing
        "/services/       @acme/platform\n"  # 4
        "/docs/           @acme/writers\n"  # 5
        "/tools/\n"  # 6: un-owns tools/
    )
    parsed = co.parse(text, "CODEOWNERS", "github")
    analysis = co.analyse(parsed, tracked)
    assert (analysis.owned, analysis.total) == (4, 6)
    assert analysis.coverage == pytest.approx(4 / 6)
    assert [(i.rule, i.line) for i in analysis.issues] == [
        ("codeowners-duplicate-pattern", 5),
        ("codeowners-shadowed-entry", 1),
        ("codeowners-unmatched-pattern", 3),
    ]
    assert "decided by line 4" in analysis.issues[1].message
    assert analysis.wins == {4: 2, 5: 2, 6: 1}


def test_findings_in_a_repository(git_repo: GitRepo) -> None:
    git_repo.commit("init", {
        ".github/CODEOWNERS": "*  @acme/platform\n/services/cart/ acme-cart\n/nowhere/ @x\n",
        "CODEOWNERS": "* @acme/other\n",
        "services/cart/catalog-info.yaml": component("cart", "platform"),
        "README.md": "hi\n",
    })
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.path") == ".github/CODEOWNERS"
    assert result.facts.get("repo.codeowners.ignored") == ["CODEOWNERS"]
    assert result.facts.get("repo.codeowners.coverage") == 1.0
    assert result.facts.get("repo.codeowners.forge") == "github"
    assert [(r, f, line) for r, f, line, _ in notes(result) if r.startswith("codeowners")] == [
        ("codeowners-ignored-file", "CODEOWNERS", 1),
        ("codeowners-malformed-owner", ".github/CODEOWNERS", 2),
        ("codeowners-unmatched-pattern", ".github/CODEOWNERS", 3),
    ]


def test_coverage_finding_and_missing_file(git_repo: GitRepo) -> None:
    git_repo.commit("init", {"a.txt": "a", "b.txt": "b", "c/d.txt": "d", "e.txt": "e"})
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.exists") is False
    assert result.facts.get("repo.codeowners.coverage") == 0.0
    assert [r for r, *_ in notes(result, "codeowners-coverage")] == ["codeowners-coverage"]
    git_repo.commit("owners", {".github/CODEOWNERS": "/c/ @acme/c\n*.txt @acme/t\n/e.txt\n"})
    result = facts_for(git_repo.path, {"min-coverage": 0.9})
    # 6 tracked files (a, b, c/d, e, CODEOWNERS): owned a, b, c/d
    assert result.facts.get("repo.codeowners.files") == {"tracked": 5, "owned": 3}
    (note,) = [n for n in result.notes if n.rule == "codeowners-coverage"]
    assert note.message.startswith("60.0% of tracked files have an owner (3 of 5; 2 without")
    assert note.severity is not None and note.severity.value == "warning"
    assert result.facts.get("repo.codeowners.unknown_owners").reason.startswith("the catalog")


def test_gitlab_repository_by_remote(git_repo: GitRepo) -> None:
    git_repo.git("remote", "add", "origin", "git@gitlab.example.com:acme/shop.git")
    git_repo.commit("init", {"CODEOWNERS": "[Docs] @acme/docs\ndocs/\n",
                             ".github/CODEOWNERS": "* @x\n", "docs/a.md": "a"})
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.forge") == "gitlab"
    assert result.facts.get("repo.codeowners.path") == "CODEOWNERS"
    assert result.facts.get("repo.codeowners.sections") == [
        {"name": "Docs", "optional": False, "approvals": 1, "default_owners": ["@acme/docs"],
         "line": 1}]


def test_validate_reports_and_rules_turn_off(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit("init", {
        ".github/CODEOWNERS": "*  @acme/platform\n*  @acme/platform\n",
        "catalog-info.yaml": component("shop", "platform"),
    })
    outcome = run_cli(["validate", "--format", "json"], git_repo.path)
    found = [(f["rule"], f["file"], f["line"]) for f in outcome.json()["findings"]
             if f["rule"].startswith("codeowners")]
    assert ("codeowners-duplicate-pattern", ".github/CODEOWNERS", 2) in found
    assert outcome.json()["facts"]["repository"]["repo"]["codeowners"]["coverage"] == 1.0
    (git_repo.path / ".catalog-lint.yaml").write_text(
        "rules:\n  codeowners-duplicate-pattern: off\n", encoding="utf-8")
    outcome = run_cli(["validate", "--format", "json"], git_repo.path)
    assert all(f["rule"] != "codeowners-duplicate-pattern" for f in outcome.json()["findings"])


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_backtracking_pattern_finishes(forge: str) -> None:
    # 21 s with 10 repeats and over a minute with 12, before patterns were matched
    # without backtracking
    import time

    text = "*a" * 12 + "b @acme/x\n/**/**/**/**/**/**/**/**/**/**/**/**/x @acme/y\n"
    parsed = co.parse(text, "CODEOWNERS", forge)
    started = time.perf_counter()
    assert parsed.owners_of("a" * 40) == ()
    assert parsed.owners_of("a" * 39 + "b") == ("@acme/x",)
    assert parsed.owners_of("a/" * 30 + "y") == ()
    assert parsed.owners_of("a/" * 30 + "x") == ("@acme/y",)
    assert time.perf_counter() - started < 2


def test_gitlab_exclusion_owners_are_ignored_and_said() -> None:
    parsed = co.parse("* @a\n!*.rb @b\n", "CODEOWNERS", "gitlab")
    assert [(i.rule, i.line) for i in parsed.issues] == [("codeowners-syntax", 2)]
    assert "ignored" in parsed.issues[0].message
    assert parsed.owners_of("x.rb") == ()
    assert "@b" not in parsed.all_owners()


def test_gitlab_section_required_when_written_both_ways() -> None:
    text = "^[Docs] @a\ndocs/\n[Docs]\nguides/\n^[Ops] @o\nops/\n"
    parsed = co.parse(text, "CODEOWNERS", "gitlab")
    assert {s.name: s.optional for k, s in parsed.sections.items() if k} == {
        "Docs": False, "Ops": True}


def test_gitlab_same_pattern_twice_is_one_entry() -> None:
    parsed = co.parse("* @a\n!*.rb\n*.rb @b\n", "CODEOWNERS", "gitlab")
    analysis = co.analyse(parsed, ["x.rb", "y.py"])
    assert [(i.rule, i.line) for i in analysis.issues] == [("codeowners-duplicate-pattern", 3)]
    assert "same pattern as '!*.rb' on line 2" in analysis.issues[0].message
    assert analysis.owners_by_file == {"x.rb": ("@b",), "y.py": ("@a",)}


def test_github_brackets_skip_the_line_with_a_way_out() -> None:
    parsed = co.parse("/apps/[param]/file.ts @a\n/apps/?param?/x.ts @b\n", "CODEOWNERS",
                      "github")
    assert [(i.rule, i.line) for i in parsed.issues] == [("codeowners-syntax", 1)]
    assert "'?'" in parsed.issues[0].message
    assert parsed.owners_of("apps/[param]/file.ts") == ()
    assert parsed.owners_of("apps/[param]/x.ts") == ("@b",)


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_an_overlong_pattern_is_reported_not_matched(forge: str) -> None:
    parsed = co.parse("a" * 5000 + " @a\n* @b\n", "CODEOWNERS", forge)
    assert [(i.rule, i.line) for i in parsed.issues] == [("codeowners-syntax", 1)]
    assert "4,096" in parsed.issues[0].message
    assert parsed.owners_of("a" * 5000) == ("@b",)


def test_gitlab_has_no_inline_comments() -> None:
    # "Inline comments are unsupported. Any Code Owners listed in a comment are parsed."
    text = "docs/ @a # reviewed by @b\nsrc/ @c # just a note\n"
    gitlab = co.parse(text, "CODEOWNERS", "gitlab")
    assert gitlab.owners_of("docs/x.md") == ("@a", "@b")
    assert gitlab.owners_of("src/x.py") == ("@c",)
    assert [(i.rule, i.line) for i in gitlab.issues] == [("codeowners-syntax", 1),
                                                         ("codeowners-syntax", 2)]
    assert "(@b is an owner of this line)" in gitlab.issues[0].message
    github = co.parse(text, "CODEOWNERS", "github")
    assert github.owners_of("docs/x.md") == ("@a",)
    assert github.issues == []


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_lines_that_never_take_effect_are_found_among_many_files(forge: str) -> None:
    """An anchored line is tried only against the files that start with its literal start
    (a sorted search): the same verdicts as trying every file, in the files' order."""
    tracked = [f"svc/s{i:04d}/catalog-info.yaml" for i in range(500)]
    tracked += ["docs/zeta.md", "docs/alpha.md", "é/x.yaml"]  # not in sorted order
    text = ("/svc/s0007/ @acme/a\n"      # decides its folder: takes effect
            "/svc/s9*/ @acme/b\n"        # matches no file
            "/docs/ @acme/c\n"           # every file it matches is decided below
            "/docs/*.md @acme/d\n"
            "/é/ @acme/e\n"
            "*.nothing @acme/f\n")       # floats, matches no file
    analysis = co.analyse(co.parse(text, "CODEOWNERS", forge), tracked)
    found = sorted((issue.rule, issue.line) for issue in analysis.issues)
    assert found == [("codeowners-shadowed-entry", 3), ("codeowners-unmatched-pattern", 2),
                     ("codeowners-unmatched-pattern", 6)]
    [shadowed] = [i for i in analysis.issues if i.line == 3]
    assert "for example 'docs/zeta.md'" in shadowed.message  # the first in the files' order


class _CountingGlob:
    """A line's glob that counts the paths it is tried on."""

    def __init__(self, glob: Glob) -> None:
        self.glob = glob
        self.tries = 0

    @property
    def items(self) -> tuple[Item, ...]:
        return self.glob.items

    @property
    def compiled(self) -> bool:
        return self.glob.compiled

    def match_slashed(self, subject: str) -> bool:
        self.tries += 1
        return self.glob.match_slashed(subject)


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_floating_line_is_tried_only_on_files_with_its_affix(forge: str) -> None:
    """Lines that match at any depth are found for a file by the literal start or end of
    their segments: 2,000 lines ``*.zz0``, ``*.zz1``, ... over 300 files are tried on the
    few files that end so, not 600,000 times (a hostile file of 20,000 such lines over
    2,000 files took 85 s)."""
    lines = ["* @acme/all", *(f"*.zz{i} @acme/t{i}" for i in range(2000))]  # lines 2-2001
    lines += ["docs/ @acme/docs", "build-* @acme/build", "*.md @acme/md"]
    tracked = [f"svc/s{i:03d}/catalog-info.yaml" for i in range(290)]
    tracked += [f"lib/x.zz{i}" for i in range(5)]
    tracked += ["docs/guide/index.md", "tools/build-cache/run.sh", "a.zz1999/inner.txt",
                "README.md", "x.zz17.bak"]
    parsed = co.parse("\n".join(lines), "CODEOWNERS", forge)
    counted = []
    for entry in parsed.entries:
        assert entry.glob is not None
        entry.glob = counted_glob = _CountingGlob(entry.glob)  # type: ignore[assignment]
        counted.append(counted_glob)
    analysis = co.analyse(parsed, tracked)
    assert analysis.owners_by_file["lib/x.zz3"] == ("@acme/t3",)
    # a folder's name: GitHub's name covers what is below it, GitLab's names files only
    folder_owner = "@acme/t1999" if forge == "github" else "@acme/all"
    assert analysis.owners_by_file["a.zz1999/inner.txt"] == (folder_owner,)
    assert analysis.owners_by_file["x.zz17.bak"] == ("@acme/all",)
    assert analysis.owners_by_file["docs/guide/index.md"] == ("@acme/md",)
    assert analysis.owners_by_file["tools/build-cache/run.sh"] == (
        "@acme/build" if forge == "github" else "@acme/all",)
    unmatched = {i.line for i in analysis.issues
                 if i.rule == "codeowners-unmatched-pattern" and 2 <= i.line <= 2001}
    matched = {2, 3, 4, 5, 6, 2001} if forge == "github" else {2, 3, 4, 5, 6}
    assert len(unmatched) == 2000 - len(matched) and not unmatched & matched
    # every file tries "*" (no affix) and its own few lines; each unmatched line is
    # tried on the files with its affix, which are none
    assert sum(glob.tries for glob in counted) < 3 * len(tracked)


def _reference_winners(parsed: co.CodeOwners, path: str) -> list[co.Entry]:
    """:meth:`CodeOwners.winners` without any index: every line tried, latest first."""
    slashed = path + "/"
    found = []
    for key in parsed.sections:
        winner = None
        lines = [e for e in parsed.entries if e.section == key and e.glob is not None
                 and not e.superseded]
        for entry in sorted(lines, key=lambda e: -e.line):
            if (winner is None or entry.exclude) and entry.matches_slashed(slashed):
                winner = entry
                if entry.exclude or parsed.forge == "github":
                    break
        if winner is not None:
            found.append(winner)
    return found


PATTERN_CHARS = "ab.*?/![]\\"
SEGMENT = st.text(alphabet="ab.*?[]!\\", min_size=1, max_size=4)


@budget(150)
@given(st.lists(st.text(alphabet=PATTERN_CHARS, min_size=1, max_size=8), min_size=1,
                max_size=12),
       st.lists(st.lists(SEGMENT, min_size=1, max_size=4).map("/".join), min_size=1,
                max_size=8),
       st.sampled_from(["github", "gitlab"]))
def test_the_indexes_find_what_trying_every_line_and_file_finds(
        patterns: list[str], paths: list[str], forge: str) -> None:
    text = "\n".join(f"{pattern} @o{number}" for number, pattern in enumerate(patterns))
    parsed = co.parse(text, "CODEOWNERS", forge)
    for path in paths:
        assert parsed.winners(path) == _reference_winners(parsed, path)
    indexed = co.analyse(parsed, paths)
    everything = co._Candidates.for_entry
    try:  # every file tried for every line
        co._Candidates.for_entry = lambda self, entry: range(self.count)  # type: ignore[method-assign]
        plain = co.analyse(parsed, paths)
    finally:
        co._Candidates.for_entry = everything  # type: ignore[method-assign]
    assert indexed.issues == plain.issues


def test_lines_no_index_narrows_stop_at_the_limit_of_pattern_tests() -> None:
    """Thousands of lines like ``*7*`` that match nothing: each would be tried on every
    file. Past the limit the analysis stops and says so, rather than running for minutes
    (20,000 such lines over 2,000 files: 85 s before the limit, 4 s with it)."""
    lines = "\n".join(f"*{i}x* @acme/t" for i in range(300))
    tracked = [f"svc/s{i:03d}/catalog-info.yaml" for i in range(100)]
    parsed = co.parse(lines, "CODEOWNERS", "github")
    with pytest.raises(co.TooManyTests) as raised:
        co.analyse(parsed, tracked, limit=10_000)
    assert raised.value.limit == 10_000
    assert len(co.analyse(parsed, tracked).issues) == 300  # the default limit: done
    # compiling a long pattern counts as testing it once per character
    long_lines = "\n".join("?" * (1000 + i) + " @a" for i in range(20))
    with pytest.raises(co.TooManyTests):
        co.analyse(co.parse(long_lines, "CODEOWNERS", "gitlab"), tracked[:1], limit=15_000)


def test_past_the_limit_ownership_is_unknown_with_a_finding(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.commit("init", {
        ".github/CODEOWNERS": "".join(f"*{i}x* @acme/t\n" for i in range(400)),
        "services/cart/catalog-info.yaml": component("cart", "platform"),
    })
    monkeypatch.setattr(co, "TESTS_ALLOWED", 500)
    result = facts_for(git_repo.path)
    [(rule, _, line, message)] = [row for row in notes(result)
                                     if row[1] == ".github/CODEOWNERS"]
    assert (rule, line) == ("input-limits", 1)
    assert message.startswith("matching .github/CODEOWNERS's 400 lines against the 2 tracked "
                              "files takes more than 600 pattern tests")
    assert result.facts.get("repo.codeowners.coverage").reason == message
    entity = result.entities["component:default/cart"]
    assert entity.get("entity.codeowners.covered").reason == message
    monkeypatch.setattr(co, "TESTS_ALLOWED", 1_000_000)
    result = facts_for(git_repo.path)
    assert result.facts.get("repo.codeowners.coverage") == 0.0
    assert {row[0] for row in notes(result)} >= {"codeowners-unmatched-pattern"}
