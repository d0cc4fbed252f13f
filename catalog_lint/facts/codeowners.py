"""CODEOWNERS: where each forge looks for it, how each forge reads it, and what it says.

GitHub and GitLab both call their patterns "gitignore-like", and both differ from
gitignore (and from each other) in ways that change who owns a file, so matching is
implemented here for each forge rather than borrowed from a gitignore library. Patterns
are matched with :mod:`catalog_lint.globs`, in time linear in the path whatever the
pattern (a repository chooses its CODEOWNERS lines, so a line must not stall a run).

GitHub (what GitHub's documentation and behaviour say)
    ``!`` negation and ``[ ]`` are not supported: GitHub reports such a line as an error
    ("This CODEOWNERS file contains errors") and skips it, as it skips a line with a
    malformed owner. That holds for literal brackets too (``/apps/[param]/file.ts``):
    GitHub cannot tell them from a range; ``?`` stands for a bracket. A ``#`` always
    starts a comment (it cannot be escaped); a pattern without a slash, or with only a
    trailing one, matches at any depth; one with a leading or inner slash is anchored at
    the root; a trailing ``/*`` matches the files directly in that folder only, while a
    pattern naming a folder (``/apps/github``) covers everything below it. The last
    matching line wins, and a line without owners un-owns the paths it matches.

GitLab (``File.fnmatch`` with ``FNM_PATHNAME | FNM_DOTMATCH``)
    A pattern not starting with ``/`` is matched at any depth (even ``docs/index.md``); a
    trailing ``/`` covers the folder recursively, but ``/docs`` without it names only a
    file; ``[ ]`` ranges work; ``\\#`` escapes a leading ``#``. Sections (``[Name]``,
    optional ``^[Name]``, approvals ``[Name][2]``, default owners after the heading) are
    evaluated separately: in each section the last matching entry wins, and a file's
    owners are the union over sections. A line without owners takes the default owners
    of the heading it is under. ``!pattern`` excludes paths (GitLab 17.10), and an
    exclusion is final within its section: a path it matches gets no owner from that
    section, whatever the lines after it say. A section keeps one entry per pattern (the
    last), so ``*.rb @x`` after ``!*.rb`` replaces the exclusion. A section written both
    as ``[Name]`` and ``^[Name]`` is required.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from catalog_lint.globs import (
    ANY_SEGMENT,
    GLOBSTAR,
    NEVER,
    Glob,
    GlobError,
    Item,
    check_length,
    parse_segment,
    segment_affix,
)

#: Where each forge looks, in its order; the first file found is the one in effect.
LOCATIONS: dict[str, tuple[str, ...]] = {
    "github": (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"),
    "gitlab": ("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"),
}

_GITHUB_USER = r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_GITHUB_TEAM = r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9][A-Za-z0-9_.-]*"
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z0-9-]+"
_GITLAB_NAME = r"@[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*"
_GITLAB_ROLE = r"@@(?:developer|developers|maintainer|maintainers|owner|owners)"
OWNER_SYNTAX = {
    "github": re.compile(rf"^(?:{_GITHUB_TEAM}|{_GITHUB_USER}|{_EMAIL})$"),
    "gitlab": re.compile(rf"^(?:{_GITLAB_ROLE}|{_GITLAB_NAME}|{_EMAIL})$"),
}
GITHUB_MAX_BYTES = 3 * 1024 * 1024
#: Pattern tests a file's analysis may make: a fixed allowance and so many per tracked
#: file. The indexes find a file's few candidate lines, so a real CODEOWNERS needs a
#: handful of tests per file; only lines written to stall a run (thousands that match
#: nothing and that no index narrows, ``*1*``, ``*2*``, ...) reach the limit.
TESTS_ALLOWED = 1_000_000
TESTS_PER_FILE = 50


class TooManyTests(Exception):
    """Matching the file's lines against the tracked files would take more than the
    allowed pattern tests (:data:`TESTS_ALLOWED`, :data:`TESTS_PER_FILE`)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit
_SECTION = re.compile(
    r"^(?P<optional>\^)?\[(?P<name>[^\]]*)\](?:\[(?P<approvals>[^\]]*)\])?(?P<rest>.*)$"
)


@dataclass(frozen=True)
class Issue:
    """Something wrong in the file, at its line (and column)."""

    rule: str  # codeowners-syntax, codeowners-malformed-owner, ...
    line: int
    message: str
    column: int = 1


@dataclass
class Section:
    """A GitLab section (the unnamed section holds the entries before any heading)."""

    key: str  # lower-cased name; "" for the unnamed section
    name: str
    line: int = 0
    optional: bool = False
    approvals: int = 1
    default_owners: tuple[str, ...] = ()


@dataclass
class Entry:
    """One pattern line that takes effect."""

    line: int
    pattern: str
    owners: tuple[str, ...]  # GitLab: the heading's default owners when the line names none
    section: str = ""  # Section.key
    exclude: bool = False  # GitLab ``!pattern``
    glob: Glob | None = field(default=None, repr=False)
    key: str = ""  # what the forge compares to find the same pattern twice in a section
    superseded: bool = False  # GitLab keeps only the last entry of the same pattern

    def matches(self, path: str) -> bool:
        return self.glob is not None and self.glob.match(path)

    def matches_slashed(self, subject: str) -> bool:
        """:meth:`matches` for ``path + "/"``."""
        return self.glob is not None and self.glob.match_slashed(subject)


def _compiling(entry: Entry) -> int:
    """What compiling a line's pattern costs, in pattern tests: as many as it has
    characters, until it is compiled (compiling costs more than testing: 4,000 lines
    ``??...?`` of 2,000 characters on average took 20 s)."""
    return 0 if entry.glob is None or entry.glob.compiled else len(entry.pattern)


def _cost(entries: Iterable[Entry]) -> int:
    """What testing each of ``entries`` once costs, in pattern tests, compiling included."""
    return sum(1 + _compiling(entry) for entry in entries)


class _Floating:
    """The lines of a section that float (match at any depth, or start with a wildcard),
    indexed by the literal start or end of one of their segments
    (:func:`catalog_lint.globs.segment_affix`): a path's candidates are the lines whose
    affix one of its segments has, and the few lines without one. Trying every floating
    line on every file made 20,000 lines ``*.zz1``, ``*.zz2``, ... take 85 s over 2,000
    files."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.plain: list[Entry] = []  # no affix: tried on every path
        self.suffixes: dict[str, list[Entry]] = {}
        self.prefixes: dict[str, list[Entry]] = {}
        for entry in entries:
            assert entry.glob is not None
            affix = segment_affix(entry.glob.items)
            if affix is None:
                self.plain.append(entry)
            else:
                table = self.suffixes if affix[0] == "suffix" else self.prefixes
                table.setdefault(affix[1], []).append(entry)
        self.suffix_lengths = sorted({len(text) for text in self.suffixes})
        self.prefix_lengths = sorted({len(text) for text in self.prefixes})

    def candidates(self, segments: Sequence[str]) -> list[Entry]:
        """The lines that may match a path of these segments, each once."""
        if not (self.suffix_lengths or self.prefix_lengths):
            return list(self.plain)
        found = {entry.line: entry for entry in self.plain}
        for segment in segments:
            for length in self.suffix_lengths:
                if length > len(segment):
                    break
                for entry in self.suffixes.get(segment[-length:], ()):
                    found[entry.line] = entry
            for length in self.prefix_lengths:
                if length > len(segment):
                    break
                for entry in self.prefixes.get(segment[:length], ()):
                    found[entry.line] = entry
        return list(found.values())


@dataclass
class CodeOwners:
    """A parsed CODEOWNERS file."""

    path: str  # relative to the repository root
    forge: str
    entries: list[Entry]
    sections: dict[str, Section]
    issues: list[Issue]

    _index: dict[str, tuple[_Floating, dict[str, list[Entry]], list[int]]] | None = field(
        default=None, repr=False)
    #: the pattern tests allowed and those left (``None``: no limit); set by :func:`analyse`
    _limit: int = field(default=0, repr=False)
    _tests_left: int | None = field(default=None, repr=False)

    def _spend(self, tests: int) -> None:
        if self._tests_left is not None:
            self._tests_left -= tests
            if self._tests_left < 0:
                raise TooManyTests(self._limit)

    def winners(self, path: str) -> list[Entry]:
        """The entry that decides ``path`` in each section (GitHub: at most one). In a
        GitLab section a matching exclusion decides, whatever its place: the section
        then gives the path no owner.

        Most lines are anchored folders (``/services/cart/``): they are indexed by their
        literal start, and lines that float (``*.md``, ``docs/``) by the literal start or
        end of one of their segments, so a file is tried only against the lines that
        could match it, latest first, whatever the length of the file."""
        if self._index is None:
            self._index = self._build_index()
        subject = "/" + path if self.forge == "gitlab" else path  # GitLab matches "/" + path
        slashed = path + "/"
        found = []
        segments = path.split("/")
        for floating, by_prefix, lengths in self._index.values():
            candidates = floating.candidates(segments)
            for length in lengths:
                if length > len(subject):
                    break
                hits = by_prefix.get(subject[:length])
                if hits:
                    candidates.extend(hits)
            candidates.sort(key=lambda e: -e.line)
            self._spend(_cost(candidates))
            winner: Entry | None = None
            for entry in candidates:
                if (winner is None or entry.exclude) and entry.matches_slashed(slashed):
                    if entry.exclude:
                        winner = entry  # "cannot be included again in the same section"
                        break
                    winner = entry
                    if self.forge == "github":
                        break
            if winner is not None:
                found.append(winner)
        return found

    def _build_index(self) -> dict[str, tuple[_Floating, dict[str, list[Entry]], list[int]]]:
        index = {}
        for key in self.sections:
            floating: list[Entry] = []
            by_prefix: dict[str, list[Entry]] = {}
            for entry in self.entries:
                if entry.section != key or entry.glob is None or entry.superseded:
                    continue
                literal = literal_start(entry.pattern.lstrip("!"), self.forge)
                if literal.strip("/"):  # GitLab's "/*/x": as good as floating
                    by_prefix.setdefault(literal, []).append(entry)
                else:
                    floating.append(entry)
            index[key] = (_Floating(floating), by_prefix, sorted({len(p) for p in by_prefix}))
        return index

    def owners_of_entries(self, winners: Iterable[Entry]) -> tuple[str, ...]:
        owners: list[str] = []
        for entry in winners:
            if entry.exclude:
                continue
            owners.extend(o for o in entry.owners if o not in owners)
        return tuple(owners)

    def owners_of(self, path: str) -> tuple[str, ...]:
        """Who owns ``path`` (relative to the repository root); empty when nobody does."""
        return self.owners_of_entries(self.winners(path))

    def all_owners(self) -> dict[str, int]:
        """Every owner named in the file, with the first line naming it."""
        seen: dict[str, int] = {}
        for section in self.sections.values():
            for owner in section.default_owners:
                seen.setdefault(owner, section.line)
        for entry in self.entries:
            for owner in entry.owners:
                seen.setdefault(owner, entry.line)
        return seen


def literal_start(pattern: str, forge: str) -> str:
    """The literal text every path an anchored pattern matches starts with (in the form
    the forge matches: GitHub the bare path, GitLab ``"/" + path``); "" when the pattern
    floats (matches at any depth) or starts with a wildcard."""
    if forge == "github":
        body = pattern.rstrip("/")
        if not (body.startswith("/") or "/" in body):
            return ""
        body = pattern.lstrip("/")
    else:
        if not pattern.startswith("/"):
            return ""
        body = pattern
    cut = len(body)
    for char in "*?[\\":
        position = body.find(char)
        if position != -1:
            cut = min(cut, position)
    return body[:cut]


def discover(files: Iterable[str], forge: str) -> tuple[str | None, list[str]]:
    """The CODEOWNERS file in effect for ``forge`` among ``files`` (repository paths),
    and the others present, which the forge ignores."""
    present = set(files)
    found = [p for p in LOCATIONS[forge] if p in present]
    order = [*LOCATIONS[forge], *(p for f, locs in LOCATIONS.items() if f != forge
                                   for p in locs)]
    others = [p for p in order if p in present]
    ignored = list(dict.fromkeys(p for p in others if p not in found[:1]))
    return (found[0] if found else None), ignored


def parse(text: str, path: str, forge: str) -> CodeOwners:
    """Read a CODEOWNERS file the way ``forge`` (``github`` or ``gitlab``) does."""
    sections: dict[str, Section] = {"": Section("", "")}
    entries: list[Entry] = []
    issues: list[Issue] = []
    heading = sections[""]  # GitLab: the heading the lines below belong to
    optional: dict[str, list[bool]] = {}  # GitLab: per section, optional or not per entry
    latest: dict[tuple[str, str], Entry] = {}  # GitLab: the entry in effect per pattern
    if forge == "github" and len(text.encode("utf-8")) > GITHUB_MAX_BYTES:
        issues.append(Issue("codeowners-syntax", 1, "the file is larger than 3 MB, so GitHub "
                            "does not load it at all: nobody owns anything"))
        return CodeOwners(path, forge, entries, sections, issues)
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if forge == "gitlab" and (line.startswith("[") or line.startswith("^[")):
            section = _parse_section(line, number, issues)
            if section is not None:
                existing = sections.get(section.key)
                if existing is None:  # GitLab combines sections of the same name
                    sections[section.key] = section
                elif section.default_owners:
                    existing.default_owners = section.default_owners
                heading = section
                _check_owners(section.default_owners, forge, number, raw, issues)
            continue
        pattern, owners, comment = _split(line)
        if forge == "gitlab" and comment:
            owners = owners + _gitlab_comment_owners(comment, number, issues)
        entry = _parse_entry(pattern, owners, number, raw, forge, heading, issues)
        if entry is None:
            continue
        if forge == "gitlab":
            optional.setdefault(entry.section, []).append(heading.optional)
            earlier = latest.get((entry.section, entry.key))
            if earlier is not None:  # GitLab keys a section's entries by pattern
                earlier.superseded = True
            latest[(entry.section, entry.key)] = entry
        entries.append(entry)
    for key, flags in optional.items():
        # "[Docs]" and "^[Docs]" in one file: the section stays required (GitLab)
        sections[key].optional = all(flags)
    return CodeOwners(path, forge, entries, sections, issues)


def _parse_section(line: str, number: int, issues: list[Issue]) -> Section | None:
    match = _SECTION.match(line)
    if match is None:
        issues.append(Issue("codeowners-syntax", number,
                            "unparsable section heading (expected [Name], ^[Name] or "
                            "[Name][approvals], then optional default owners)"))
        return None
    name = match.group("name").strip()
    if not name:
        issues.append(Issue("codeowners-syntax", number, "section heading without a name"))
        return None
    approvals = 1
    raw_approvals = match.group("approvals")
    if raw_approvals is not None:
        if not raw_approvals.strip().isdigit():
            issues.append(Issue("codeowners-syntax", number,
                                f"approval count {raw_approvals!r} is not a whole number"))
        elif int(raw_approvals) < 1:
            issues.append(Issue("codeowners-syntax", number,
                                "a section needs at least 1 approval; GitLab requires 1 "
                                "when 0 is written"))
        else:
            approvals = int(raw_approvals)
    rest = match.group("rest").split(" #", 1)[0]  # an inline comment after the owners
    return Section(key=name.lower(), name=name, line=number,
                   optional=bool(match.group("optional")), approvals=approvals,
                   default_owners=tuple(rest.split()))


_PATTERN = re.compile(r"(?:\\.|[^ \t\\])*\\?", re.DOTALL)


def _split(line: str) -> tuple[str, list[str], list[str]]:
    """The pattern (up to the first unescaped blank), the owner words after it, and the
    words of an inline ``#`` comment after those."""
    match = _PATTERN.match(line)
    assert match is not None  # the expression matches the empty string
    words = line[match.end():].split()
    cut = next((i for i, word in enumerate(words) if word.startswith("#")), len(words))
    return match.group(), words[:cut], words[cut:]


def _gitlab_comment_owners(comment: list[str], number: int, issues: list[Issue]) -> list[str]:
    """GitLab has no inline comments: every owner named after a ``#`` is an owner."""
    named = [w for w in comment[1:] if OWNER_SYNTAX["gitlab"].match(w)]
    counted = f" ({', '.join(named)} {'is an owner' if len(named) == 1 else 'are owners'} " \
        "of this line)" if named else ""
    issues.append(Issue("codeowners-syntax", number, "GitLab does not support inline "
                        f"comments: the owners named after '#' count{counted}; put the "
                        "comment on a line of its own"))
    return named


def _parse_entry(pattern: str, owners: list[str], number: int, raw: str, forge: str,
                 heading: Section, issues: list[Issue]) -> Entry | None:
    try:
        check_length(pattern)
    except GlobError as exc:
        issues.append(Issue("codeowners-syntax", number, f"{exc}; this line is not read"))
        return None
    if forge == "github":
        bad_owner = _check_owners(owners, forge, number, raw, issues)
        problem = _github_pattern_problem(pattern)
        if problem:
            issues.append(Issue("codeowners-syntax", number, f"{problem}; GitHub skips this line"))
            return None
        if bad_owner:  # GitHub ignores a line with an invalid owner altogether
            return None
        return Entry(number, pattern, tuple(owners), glob=github_glob(pattern), key=pattern)
    exclude = pattern.startswith("!")
    body = pattern[1:] if exclude else pattern
    if not body:
        issues.append(Issue("codeowners-syntax", number, "empty pattern"))
        return None
    normalized = gitlab_normalize(body)
    if exclude:
        if owners:
            issues.append(Issue("codeowners-syntax", number,
                                f"owners after the exclusion {pattern!r} are ignored: an "
                                "exclusion only takes paths out of its section"))
        return Entry(number, pattern, (), section=heading.key, exclude=True,
                     glob=gitlab_glob(normalized), key=normalized)
    _check_owners(owners, forge, number, raw, issues)
    valid = tuple(o for o in owners if OWNER_SYNTAX["gitlab"].match(o))
    if not owners:
        valid = heading.default_owners  # resolved per heading, as GitLab does
        if not valid:
            issues.append(Issue("codeowners-syntax", number,
                                f"{pattern!r} has no owners and its section has no default "
                                "owners: GitLab treats the entry as invalid"))
    return Entry(number, pattern, valid, section=heading.key, glob=gitlab_glob(normalized),
                 key=normalized)


def _check_owners(owners: Sequence[str], forge: str, number: int, raw: str,
                  issues: list[Issue]) -> bool:
    bad = False
    syntax = OWNER_SYNTAX[forge]
    for owner in owners:
        if syntax.match(owner):
            continue
        bad = True
        column = raw.find(owner) + 1 or 1
        hint = _owner_hint(owner, forge)
        consequence = "GitHub skips the whole line" if forge == "github" else \
            "GitLab ignores this owner"
        issues.append(Issue("codeowners-malformed-owner", number,
                            f"malformed owner {owner!r}{hint}; {consequence}", column))
    return bad


def _owner_hint(owner: str, forge: str) -> str:
    if not owner.startswith("@") and "@" not in owner:
        return " (owners are @user, @org/team or an email address)"
    if owner.startswith("@@") and forge == "github":
        return " (roles such as @@maintainer are GitLab syntax)"
    if owner.count("/") > 1 and forge == "github":
        return " (GitHub teams are @org/team; nested groups are GitLab syntax)"
    return ""


def _github_pattern_problem(pattern: str) -> str | None:
    if pattern.startswith("!"):
        return "negation with '!' is not supported by GitHub CODEOWNERS"
    if pattern.startswith("\\#"):
        return "GitHub CODEOWNERS cannot escape '#': a leading '#' always starts a comment"
    unescaped = re.sub(r"\\.", "", pattern)
    if "[" in unescaped or "]" in unescaped:
        return ("'[ ]' is not supported by GitHub CODEOWNERS, not even for literal brackets "
                "(match one with '?', as in '/apps/?param?/')")
    if "***" in pattern:
        return "three asterisks in a row are not a valid pattern"
    return None


def github_glob(pattern: str) -> Glob:
    """The paths a GitHub pattern owns: one without a slash (or with only a trailing one)
    at any depth, otherwise from the root; ``docs/*`` the files directly in docs; a name
    also everything below it when it is a folder; a trailing slash only what is below.
    ``**/**`` is one globstar."""
    return Glob(build=lambda: _github_items(pattern))


def _github_items(pattern: str) -> list[Item]:
    if pattern in ("/", ""):
        return [(NEVER,)]
    directory = pattern.endswith("/")
    body = pattern.rstrip("/")
    anchored = body.startswith("/") or "/" in body
    segments = body.lstrip("/").split("/")
    if not anchored and segments != ["**"]:
        segments = ["**", *segments]
    items: list[Item] = []
    for index, segment in enumerate(segments):
        if segment != "**":
            items.append(parse_segment(segment, "github"))
        elif index == len(segments) - 1:
            items += [ANY_SEGMENT, GLOBSTAR]  # "**" alone, or "x/**": something there
        else:
            items.append(GLOBSTAR)
    if directory and segments[-1] != "**":
        items += [ANY_SEGMENT, GLOBSTAR]
    elif not (segments[-1] == "**" or (segments[-1] == "*" and anchored)):
        items.append(GLOBSTAR)  # a name also covers everything below it when a folder
    return items


def gitlab_normalize(pattern: str) -> str:
    """GitLab's normalisation of a pattern: ``*`` is ``/**/*``, ``\\#`` a literal ``#``,
    escaped blanks plain, a relative pattern at any depth, a folder everything below."""
    if pattern == "*":
        return "/**/*"
    if pattern.startswith("\\#"):
        pattern = pattern[1:]
    pattern = re.sub(r"\\\s+", " ", pattern)
    if not pattern.startswith("/"):
        pattern = "/**/" + pattern
    if pattern.endswith("/"):
        pattern += "**/*"
    return pattern


def gitlab_glob(normalized: str) -> Glob:
    """``File.fnmatch`` with ``FNM_PATHNAME | FNM_DOTMATCH`` of a normalised pattern over
    ``"/" + path``: ``**/`` is any number of folders, ``**`` elsewhere one ``*``."""
    def items() -> list[Item]:
        segments = normalized[1:].split("/")
        return [GLOBSTAR if segment == "**" and index < len(segments) - 1
                else parse_segment(segment, "gitlab") for index, segment in enumerate(segments)]
    return Glob(build=items)


@dataclass
class Analysis:
    """What the file says about a set of tracked files."""

    owned: int = 0
    total: int = 0
    owners_by_file: dict[str, tuple[str, ...]] = field(default_factory=dict)
    wins: dict[int, int] = field(default_factory=dict)  # entry line -> files it decides
    issues: list[Issue] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.owned / self.total if self.total else 0.0


class _Candidates:
    """The tracked files a pattern may match, in their order: for an anchored pattern,
    only those that start with its literal start (found by bisection in a sorted copy);
    for a floating one, those with a segment that has its affix (as :class:`_Floating`
    finds lines for a file); every file only for a pattern with neither, such as ``*``.
    Without it, the search for a line that matches no file tried every file for every
    such line: a hostile CODEOWNERS of 20,000 lines took 17 s over 2,000 files."""

    def __init__(self, tracked: Sequence[str], forge: str) -> None:
        self.count = len(tracked)
        self.forge = forge
        self.order = sorted(range(len(tracked)), key=tracked.__getitem__)
        self.ordered = [tracked[i] for i in self.order]
        self.segments = [path.split("/") for path in tracked]
        self._affixes: dict[tuple[str, int], dict[str, list[int]]] = {}

    def for_entry(self, entry: Entry) -> Sequence[int]:
        literal = literal_start(entry.pattern.lstrip("!"), self.forge)
        if self.forge != "github":
            literal = literal[1:]  # GitLab matches "/" + path: its literal start has the "/"
        if not literal:  # floats, or starts with a wildcard: the files with its affix
            affix = segment_affix(entry.glob.items) if entry.glob is not None else None
            if affix is None:
                return range(self.count)
            return self._with_affix(*affix)
        found = []
        for position in range(bisect.bisect_left(self.ordered, literal), self.count):
            if not self.ordered[position].startswith(literal):
                break
            found.append(self.order[position])
        return sorted(found)

    def _with_affix(self, kind: str, text: str) -> Sequence[int]:
        """The files, in order, with a segment that starts (``prefix``) or ends
        (``suffix``) with ``text``: one table per kind and length, made on first use."""
        key = (kind, len(text))
        table = self._affixes.get(key)
        if table is None:
            table = self._affixes[key] = {}
            length = len(text)
            for position, segments in enumerate(self.segments):
                for segment in segments:
                    if len(segment) >= length:
                        files = table.setdefault(
                            segment[-length:] if kind == "suffix" else segment[:length], [])
                        if not files or files[-1] != position:
                            files.append(position)
        return table.get(text, ())


def analyse(codeowners: CodeOwners, tracked: Sequence[str], limit: int | None = None
            ) -> Analysis:
    """Coverage of ``tracked`` files, and the lines that can never take effect: duplicate
    patterns, entries shadowed by later lines, patterns matching no tracked file.
    :class:`TooManyTests` when that takes more than ``limit`` pattern tests (by default
    :data:`TESTS_ALLOWED` and :data:`TESTS_PER_FILE` for each file)."""
    if limit is None:
        limit = TESTS_ALLOWED + TESTS_PER_FILE * len(tracked)
    codeowners._limit = limit
    codeowners._tests_left = limit
    try:
        return _analyse(codeowners, tracked)
    finally:
        codeowners._tests_left = None


def _analyse(codeowners: CodeOwners, tracked: Sequence[str]) -> Analysis:
    result = Analysis(total=len(tracked))
    decided_by: dict[int, str] = {}  # entry line -> first file it decides
    for path in tracked:
        winners = codeowners.winners(path)
        owners = codeowners.owners_of_entries(winners)
        result.owners_by_file[path] = owners
        if owners:
            result.owned += 1
        for entry in winners:
            result.wins[entry.line] = result.wins.get(entry.line, 0) + 1
            decided_by.setdefault(entry.line, path)
    seen: dict[tuple[str, str], Entry] = {}
    duplicates: set[int] = set()
    slashed = [p + "/" for p in tracked]
    candidates = _Candidates(tracked, codeowners.forge)
    for entry in codeowners.entries:
        key = (entry.section, entry.key)
        earlier = seen.get(key)
        if earlier is not None:
            duplicates.add(earlier.line)
            where = f" in section [{codeowners.sections[entry.section].name}]" \
                if entry.section else ""
            same = f"pattern {entry.pattern!r} already appears on line {earlier.line}" \
                if earlier.pattern == entry.pattern else \
                f"pattern {entry.pattern!r} is the same pattern as {earlier.pattern!r} on " \
                f"line {earlier.line} for GitLab"
            result.issues.append(Issue(
                "codeowners-duplicate-pattern", entry.line,
                f"{same}{where}; only this later line takes effect, so line "
                f"{earlier.line} never does",
            ))
        seen[key] = entry
    for entry in codeowners.entries:
        if entry.line in result.wins or entry.line in duplicates:
            continue
        first = None
        files = candidates.for_entry(entry)
        codeowners._spend(_compiling(entry))
        for tested, position in enumerate(files, 1):
            if entry.matches_slashed(slashed[position]):
                first = tracked[position]
                codeowners._spend(tested)
                break
        else:
            codeowners._spend(len(files))
        if first is None:
            result.issues.append(Issue(
                "codeowners-unmatched-pattern", entry.line,
                f"pattern {entry.pattern!r} matches no tracked file",
            ))
            continue
        later = next((w for w in codeowners.winners(first) if w.section == entry.section), None)
        by = f" (for example {first!r} is decided by line {later.line}, {later.pattern!r})" \
            if later else ""
        result.issues.append(Issue(
            "codeowners-shadowed-entry", entry.line,
            f"pattern {entry.pattern!r} never takes effect: every tracked file it matches is "
            f"also matched by a later line{by}",
        ))
    return result
