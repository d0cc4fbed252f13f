"""The first paragraph of a README, as a one-line description.

A README opens with what a catalog description wants more often than not, after a title,
badges and sometimes front matter. The first run of text lines that is none of those is
taken, its Markdown (or reStructuredText) decoration removed, its lines joined. A README
is written by whoever controls the repository: control characters and bidirectional
overrides are dropped (a description is text for people), and the length is capped;
everything else (``: ``, ``#``, ``{{ }}``) is kept as written, for the YAML writer to quote.
"""

from __future__ import annotations

import re

from catalog_lint.terminal import UNSAFE

#: README names, in the order looked for (case-insensitive).
NAMES = ("README.md", "README.markdown", "README.rst", "README.txt", "README")
#: The longest description taken (characters); a longer paragraph is cut at a word.
MAX_DESCRIPTION = 400

_SKIPPED = re.compile(
    r"^\s*(#|={3,}|-{3,}|\*{3,}|_{3,}|\[!\[|!\[|<|\.\. |:[a-z]+:|\||```|~~~|>)")
_RST_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+])\1{2,}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def readme_name(files: list[str]) -> str | None:
    """The README among ``files`` (names in one folder)."""
    by_lower = {name.lower(): name for name in files}
    for name in NAMES:
        if name.lower() in by_lower:
            return by_lower[name.lower()]
    return None


def first_paragraph(text: str) -> str | None:
    """The README's first paragraph of prose, on one line; ``None`` when it has none."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _without_front_matter(lines)
    paragraph: list[str] = []
    fenced = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            if paragraph:
                break
            continue
        if fenced:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not stripped or _SKIPPED.match(line) or _RST_UNDERLINE.match(line) \
                or _RST_UNDERLINE.match(following):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    if not paragraph:
        return None
    return _clean(" ".join(paragraph)) or None


def _without_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return lines[index + 1:]
    return lines


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = UNSAFE.sub(" ", text)  # control characters, separators, bidi overrides
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_DESCRIPTION:
        cut = text.rfind(" ", 0, MAX_DESCRIPTION - 1)
        text = text[: cut if cut > MAX_DESCRIPTION // 2 else MAX_DESCRIPTION - 1].rstrip() + "…"
    return text
