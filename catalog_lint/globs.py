"""Glob patterns that match in linear time, in each dialect the tool reads.

Repository files choose the patterns (CODEOWNERS lines, Location targets, the include,
exclude and ignore patterns of the config), so a pattern must never be able to stall a
run. Translating a glob naively into a regular expression does exactly that: in
``*a*a*a*a*a*a*a*a*a*a*a*ab`` every ``*`` may take any share of a 40-character name,
and Python's ``re`` tries them all (21 s for 10 stars); ``**/**/**/x`` does the same over
folders.

Here a pattern is first read into *segments* (the parts between ``/``), each a sequence
of one-character tokens and stars, with *globstars* (any number of whole folders)
between segments. It is then compiled so that no choice is ever revisited:

- within a segment, ``P0*P1*...*Pn`` (each ``Pi`` a fixed-length run of literals, ``?``
  and ``[...]``): ``P0`` at the start, ``Pn`` at the end, and each middle piece at its
  *leftmost* place. Taking the leftmost place is always right (it leaves the most room
  for the rest), so that place is fixed with an atomic group — ``(?=(?P<g>...))(?P=g)``,
  the lookahead-and-backreference form, since ``re`` has atomic groups only from
  Python 3.11 on;
- across segments, ``G0/**/G1/**/.../Gn`` (each ``Gi`` a fixed number of segments) the
  same way: ``G0`` at the start, ``Gn`` at the end, each middle group at its leftmost
  segment, atomically.

Every step then scans forward only: matching costs at most the length of the path times
the length of the pattern, and usually one pass. Matching runs on ``path + "/"`` so that
every segment ends with a slash.

Dialects (how a pattern's text becomes segments) live with their users; this module
holds the token rules they share and :class:`GitIgnore`, the ``.gitignore`` dialect of
the config's path patterns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

#: The longest pattern read (characters); longer ones are refused. No real path pattern
#: comes near it, and it bounds the size of what is compiled.
MAX_PATTERN_LENGTH = 4096

#: One segment: tokens that each match a fixed run of characters (regular-expression
#: text that can never match "/"), and ``None`` for a star (any run of characters but
#: "/").
Segment = tuple[str | None, ...]


class _Globstar:
    """Any number (zero or more) of whole segments."""

    def __repr__(self) -> str:
        return "GLOBSTAR"


GLOBSTAR = _Globstar()
Item = Segment | _Globstar
#: A segment of at least one character: ``*`` matched against a whole segment.
ANY_SEGMENT: Segment = ("[^/]", None)
#: A token that matches nothing (a pattern that can never match).
NEVER = "(?!)"

Dialect = Literal["github", "gitlab", "gitignore", "backstage"]


class GlobError(ValueError):
    """A pattern that cannot be read; the message says why."""


class Glob:
    """A pattern read into segments and globstars; :meth:`match` answers for a path.

    Built from its items, or lazily from a function that reads them: a CODEOWNERS file
    of 100,000 lines is read in full, but most of its patterns are never tried."""

    def __init__(self, items: Sequence[Item] | None = None, *,
                 build: Callable[[], Sequence[Item]] | None = None) -> None:
        self._items = tuple(items) if items is not None else None
        self._build = build
        self._regex: re.Pattern[str] | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        if self._items is None:
            assert self._build is not None
            self._items = tuple(self._build())
        return self._items

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled (on its first match)."""
        return self._regex is not None

    def match(self, path: str) -> bool:
        """Whether ``path`` (relative, ``/``-separated, no leading slash) matches."""
        return self.match_slashed(path + "/")

    def match_slashed(self, subject: str) -> bool:
        """:meth:`match` for ``path + "/"``, for callers that try one path against many
        patterns."""
        if self._regex is None:  # compiled on first use
            self._regex = compile_items(self.items)
        return self._regex.match(subject) is not None


def compile_items(items: Sequence[Item]) -> re.Pattern[str]:
    """The regular expression (over ``path + "/"``) of a sequence of segments and
    globstars; see the module docstring for why it cannot backtrack far."""
    names = itertools.count()
    groups: list[list[Segment]] = [[]]
    for item in items:
        if isinstance(item, _Globstar):
            groups.append([])
        else:
            groups[-1].append(item)
    groups = [groups[0], *(g for g in groups[1:-1] if g), groups[-1]] if len(groups) > 1 \
        else groups  # an empty middle group is "**/**": the same as one globstar
    parts = [_fixed(groups[0], names)]
    middle = groups[1:-1]
    for index, group in enumerate(middle):
        skip = r"(?:[^/]*/)*?" + _fixed(group, names)
        if index == len(middle) - 1 and not groups[-1]:
            parts.append(skip)  # nothing after it can fail: no need to fix its place
        else:
            parts.append(_atomic(skip, names))
    if len(groups) == 1:
        parts.append(r"\Z")
    elif groups[-1]:
        parts.append(r"(?:[^/]*/)*" + _fixed(groups[-1], names) + r"\Z")
    # else: a trailing globstar takes whatever is left (the subject ends with "/")
    return re.compile("".join(parts))


def _fixed(segments: Sequence[Segment], names: Iterator[int]) -> str:
    return "".join(_segment_regex(segment, names) + "/" for segment in segments)


def _segment_regex(segment: Segment, names: Iterator[int]) -> str:
    pieces: list[list[str]] = [[]]
    for token in segment:
        if token is None:
            if pieces[-1] or len(pieces) == 1:  # "**" inside a segment is one star
                pieces.append([])
        else:
            pieces[-1].append(token)
    if len(pieces) == 1:
        return "".join(pieces[0])
    first, *middle, last = pieces
    out = "".join(first)
    for piece in middle:
        out += _atomic("[^/]*?" + "".join(piece), names)
    return out + "[^/]*" + "".join(last)


def _atomic(regex: str, names: Iterator[int]) -> str:
    """``regex`` matched once, at its first success, never retried."""
    name = f"g{next(names)}"
    return f"(?=(?P<{name}>{regex}))(?P={name})"


Affix = tuple[Literal["prefix", "suffix"], str]
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def segment_affix(items: Sequence[Item]) -> Affix | None:
    """Literal text that some segment of every matching path starts (``prefix``) or ends
    (``suffix``) with, the longest the pattern offers; ``None`` when no segment of the
    pattern begins or ends with a literal. Each segment of a pattern matches one whole
    segment of the path, so this holds wherever the pattern's segments fall: an index
    of paths by their segments' affixes can narrow the paths a floating pattern (one
    that matches at any depth) may match, which is otherwise every path."""
    best: Affix | None = None
    for item in items:
        if isinstance(item, _Globstar):
            continue
        literal = [_literal(token) for token in item]
        stops = [index for index, text in enumerate(literal) if text is None]
        head = "".join(text or "" for text in literal[:stops[0] if stops else len(literal)])
        tail = "".join(text or "" for text in literal[stops[-1] + 1 if stops else 0:])
        affixes: tuple[Affix, Affix] = (("suffix", tail), ("prefix", head))
        for affix in affixes:
            if affix[1] and (best is None or len(affix[1]) > len(best[1])):
                best = affix
    return best


def _literal(token: str | None) -> str | None:
    """The text a token matches when it is literal (``re.escape`` of it); ``None`` for
    a star, ``?``, a class or a token that never matches."""
    if token is None or token[0] in "[(":
        return None
    return _ESCAPED.sub(r"\1", token)


# -- segments ----------------------------------------------------------------------------


def check_length(pattern: str) -> None:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise GlobError(f"the pattern is {len(pattern):,} characters long, more than the "
                        f"limit of {MAX_PATTERN_LENGTH:,}")


def parse_segment(text: str, dialect: Dialect) -> Segment:
    """The tokens of one segment (no "/" in ``text``) in ``dialect``:

    ``*`` any run, ``?`` one character, ``\\x`` the character x. ``[...]`` is a class in
    GitLab (Ruby's ``File.fnmatch``), ``.gitignore`` and Backstage (node-glob) patterns;
    GitHub has none (CODEOWNERS refuses such lines before they get here, so a bracket
    that does arrive is literal)."""
    if not any(char in text for char in "*?\\["):
        return (re.escape(text),) if text else ()  # a token may hold a literal run
    tokens: list[str | None] = []
    index = 0
    while index < len(text):
        char = text[index]
        index += 1
        if char == "*":
            tokens.append(None)
        elif char == "?":
            tokens.append("[^/]")
        elif char == "\\":
            if index < len(text):
                tokens.append(re.escape(text[index]))
                index += 1
            elif dialect == "gitignore":  # git: a trailing backslash is an invalid pattern
                raise GlobError("the pattern ends with a lone backslash '\\'")
            else:
                tokens.append(re.escape("\\"))
        elif char == "[" and dialect != "github":
            token, index = _bracket(text, index, dialect)
            tokens.append(token)
        else:
            tokens.append(re.escape(char))
    return tuple(tokens)


def _bracket(text: str, index: int, dialect: Dialect) -> tuple[str, int]:
    """The token of a bracket expression whose ``[`` is just before ``index``, and the
    index after it. Unterminated: GitLab never matches there (Ruby), Backstage reads a
    literal "[", ``.gitignore`` patterns are refused."""
    position = index
    negated = position < len(text) and text[position] in "!^"
    if negated:
        position += 1
    members: list[tuple[str, str]] = []  # (low, high) pairs
    first = True
    while True:
        if position >= len(text):
            if dialect == "gitlab":
                return NEVER, len(text)
            if dialect == "backstage":
                return re.escape("["), index
            raise GlobError(f"'[' at column {index} has no closing ']' (write '\\[' for a "
                            "literal bracket)")
        char = text[position]
        if char == "]" and not (first and dialect != "gitlab"):
            break  # Ruby ends the class at any "]"; POSIX lets a leading "]" be a member
        first = False
        low, position = _bracket_char(text, position, dialect)
        if low is None:
            continue
        if (position + 1 < len(text) and text[position] == "-"
                and text[position + 1] != "]"):
            high, position = _bracket_char(text, position + 1, dialect)
            if high is None:
                continue
            if low > high and dialect != "gitlab":
                raise GlobError(f"the character range '{low}-{high}' is reversed (write "
                                f"'{high}-{low}')")
            members.append((low, high))
        else:
            members.append((low, low))
    return _class_regex(members, negated, dialect), position + 1


def _bracket_char(text: str, position: int, dialect: Dialect) -> tuple[str | None, int]:
    char = text[position]
    if char == "\\" and dialect != "gitignore" and position + 1 < len(text):
        return text[position + 1], position + 2  # Ruby and node-glob escape in a class
    return char, position + 1


def _class_regex(members: Iterable[tuple[str, str]], negated: bool, dialect: Dialect) -> str:
    parts = []
    for low, high in members:
        if low == high:
            parts.append(_class_escape(low))
        elif low > high:  # Ruby: a reversed range matches only its two ends
            parts.append(_class_escape(low) + _class_escape(high))
        else:
            parts.append(f"{_class_escape(low)}-{_class_escape(high)}")
    body = "".join(parts)
    if negated:
        return f"[^/{body}]"  # never "/", which separates segments
    return f"[{body}]" if body else NEVER


def _class_escape(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


# -- .gitignore patterns (the config's include, exclude, per-file-ignores, markers) -----


class IgnorePattern(NamedTuple):
    """One ``.gitignore`` pattern: it matches a path itself (``file``), or a folder above
    it (``below``), and selects the path or, with ``!``, takes it back."""

    text: str
    include: bool
    file: Glob | None
    below: Glob | None

    def priority(self, path: str) -> int:
        """2 when the pattern matches the path itself, 1 when it matches a folder above
        it, 0 when it does not match."""
        if self.file is not None and self.file.match(path):
            return 2
        if self.below is not None and self.below.match(path):
            return 1
        return 0


def gitignore_pattern(text: str) -> IgnorePattern:
    """Read one pattern with git's rules (as ``pathspec.GitIgnoreSpec`` reads it).

    A pattern git would ignore without a word — an unterminated ``[``, a reversed range,
    a lone ``!`` or ``\\``, an empty pattern or a comment — is a :class:`GlobError`
    here: in a config it is a mistake to report, not to skip."""
    check_length(text)
    body = text if text.endswith("\\ ") else text.rstrip()
    if not body:
        raise GlobError("the pattern is empty")
    if body.startswith("#"):
        raise GlobError("a pattern starting with '#' is a comment in .gitignore syntax "
                        "(write '\\#' for a literal '#')")
    include = not body.startswith("!")
    if not include:
        body = body[1:]
    if body in ("", "/"):
        raise GlobError("the pattern names no file")
    segments = body.split("/")
    directory = segments[-1] == ""
    if segments[0] == "":
        del segments[0]  # "/x": anchored at the root
    elif (len(segments) == 1 or (len(segments) == 2 and directory)) and segments[0] != "**":
        segments.insert(0, "**")  # "x" and "x/": at any depth
    if not segments:
        raise GlobError("the pattern names no file")
    if segments[-1] == "":
        segments[-1] = "**"  # "x/": everything below the folder x
    segments = [s for i, s in enumerate(segments) if not (s == "**" and i and segments[i - 1] == "**")]
    items: list[Item] = []
    for segment in segments:
        if segment == "**":
            items.append(GLOBSTAR)
        else:
            items.append(parse_segment(segment, "gitignore"))
    if segments[-1] == "**":
        # "x/**" and "x/": something below x; "x/" as a folder match, "x/**" as a file
        # match (git's precedence, reproduced by pathspec, tells the two apart). "**"
        # alone is every path; "**/" every path inside a folder.
        if len(segments) == 1:
            items = [ANY_SEGMENT, ANY_SEGMENT, GLOBSTAR] if directory \
                else [ANY_SEGMENT, GLOBSTAR]
        else:
            items[-1:] = [ANY_SEGMENT, GLOBSTAR]
        glob = Glob(tuple(items))
        if directory:
            return IgnorePattern(text, include, None, glob)
        return IgnorePattern(text, include, glob, None)
    return IgnorePattern(text, include, Glob(tuple(items)),
                         Glob((*items, ANY_SEGMENT, GLOBSTAR)))


class GitIgnore:
    """A list of ``.gitignore`` patterns: does a path match? The last pattern that
    matches the path itself decides; failing that, the last one that matches a folder
    above it (git's precedence, as ``pathspec.GitIgnoreSpec`` reproduces it)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = [gitignore_pattern(p) for p in patterns]

    def match_file(self, path: str) -> bool:
        selected = False
        best = 0
        for pattern in reversed(self.patterns):
            priority = pattern.priority(path)
            if priority > best:
                selected, best = pattern.include, priority
                if priority == 2:
                    break
        return selected


def name_regex(patterns: Sequence[str]) -> re.Pattern[str]:
    """One regular expression for file-name patterns (no "/"), in ``.gitignore``
    syntax, matched against a bare name: the fast path of discovery."""
    names = itertools.count()
    alternatives = []
    for pattern in patterns:
        check_length(pattern)
        alternatives.append("(?:" + _segment_regex(parse_segment(pattern, "gitignore"),
                                                   names) + r")\Z")
    return re.compile("|".join(alternatives))
