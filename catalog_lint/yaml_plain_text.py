"""Whether a YAML text is in the plain part of YAML the fast reader takes, and where
its documents start (:mod:`catalog_lint.yaml_fast`).

Plain here: block mappings and sequences; plain scalars; quoted scalars that end on the
line they start on; flow collections of one-line scalars on one line (``[a, b]``,
``{k: v}``; no nesting, no comment after them); literal and folded block scalars with a
plain header and plain content; comments; ``---`` between documents. Everything else
(anchors, aliases, tags, directives, other flow collections, escapes, tabs, complex,
empty or quoted keys, document end markers, a line indented past a quoted scalar or a
flow collection) goes to the exact reader. Every check is made on the text, before any
parsing, and errs on the side of the exact reader.
"""

from __future__ import annotations

import re

from catalog_lint.yaml_core import needs_limit_check

#: Characters that send a file to the exact reader wherever they are: escapes, tabs,
#: carriage returns and characters YAML treats specially.
_DECLINED = re.compile(
    r"[\\\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
#: What an ASCII text may hold (the same test as ``_DECLINED``, there): printable
#: characters but the backslash, and line breaks. Deleting them with ``bytes.translate``
#: leaves nothing, six times as fast as the search.
_PLAIN_ASCII = bytes(c for c in range(0x20, 0x7F) if c != ord("\\")) + b"\n"
#: At the start of a line: a document marker with something after it, a document end
#: marker, or an empty key.
_LINE_START = r"(?:---[ ]*[^ \n]|\.\.\.|[ -]*:(?![^ \n]))"
_MARKER = re.compile(rf"\n{_LINE_START}")
_FIRST_MARKER = re.compile(_LINE_START)

# A line that holds a quote or an indicator must be one of these shapes: a quoted scalar
# ends on the line it starts on (the exact reader checks the indentation of one that
# does not), and no scalar starts with an indicator (an anchor, alias, tag, directive,
# block scalar, complex key or reserved character). A plain scalar holds no ": " or " #"
# and does not end in ":"; a quote or an indicator inside it is only a character.
_PLAIN = (r"""(?:[^\s\-?:,#'"@`%&*!|>\[\]{}]|-(?=[^\s\-]))"""
          r"[^:#\n]*(?:(?::(?=[^\s])|(?<=[^\s])\#)[^:#\n]*)*")
_VALUE = r"""(?:"[^"\n]*"|'(?:[^'\n]|'')*'|""" + _PLAIN + ")"
_KEY = r"[A-Za-z_$/][A-Za-z0-9_$./\-]*"  # keys as catalogs write them: one word, unquoted
_QUOTED_LINE = re.compile(
    rf"[ ]*(?:(?P<dash>-)[ ]+)*(?:(?P<key>{_KEY}):(?:[ ]+(?P<value>{_VALUE}))?|(?P<item>{_VALUE}))"
    r"(?:[ ]+\#.*)?[ ]*"
    r"|[ ]*\#.*"
)
# A flow collection is read when it is one of these, on one line after a key or a dash,
# with nothing after it: a list or a mapping of one-line scalars, no comment, no nesting,
# a colon in a plain item only inside a word (``[a: b]`` is a mapping) and no empty entry.
# (and not before "?": libyaml refuses ":?" in a flow collection, as it refuses ":," and ":]")
_FLOW_PLAIN = (r"""[^\s,\[\]{}#'"?:&*!|>%@`\-]"""  # a colon only inside a word: "group:team-a"
               r"(?:(?:[^,\[\]{}#:\n]|:(?=[^\s,\[\]{}?]))*[^\s,\[\]{}#:\n])?")
_FLOW_ITEM = rf"""(?:"[^"\n]*"|'(?:[^'\n]|'')*'|{_FLOW_PLAIN})"""
_FLOW_PAIR = rf"{_KEY}:[ ]+{_FLOW_ITEM}"
_FLOW_LINE = re.compile(
    rf"[ ]*(?:(?P<dash>-)[ ]+)*(?:(?P<key>{_KEY}):[ ]+)?"
    rf"(?P<flow>\[[ ]*(?:{_FLOW_ITEM}(?:[ ]*,[ ]*{_FLOW_ITEM})*)?[ ]*\]"
    rf"|\{{[ ]*(?:{_FLOW_PAIR}(?:[ ]*,[ ]*{_FLOW_PAIR})*)?[ ]*\}})[ ]*"
)
#: What makes a line need the shapes above.
_MARKED = re.compile(r"['\"@`%&*!|>?\]}]")
_SEPARATOR = re.compile(r"\n---[ ]*(?=\n|\Z)")
_FIRST_SEPARATOR = re.compile(r"---[ ]*(?=\n|\Z)")
_CONTENT = re.compile(r"^([ ]*)[^ #\n]", re.MULTILINE)


def outside_subset(text: str) -> bool:
    """Whether ``text`` uses anything but the plain part of YAML read here."""
    if text.isascii():
        if text.encode().translate(None, _PLAIN_ASCII):
            return True
    elif _DECLINED.search(text) is not None:
        return True
    if needs_limit_check(text):
        return True
    # what the searches below skip: checked flow lines, and block scalars' content
    removed: list[tuple[int, int]] = []
    quote = _MARKED.search(text)
    while quote is not None:
        begin = text.rfind("\n", 0, quote.start()) + 1
        end = text.find("\n", quote.start())
        if end < 0:
            end = len(text)
        shape = _QUOTED_LINE.fullmatch(text, begin, end)
        if shape is None and (flow := _FLOW_LINE.fullmatch(text, begin, end)) is not None:
            if not (flow.group("key") or flow.group("dash")):
                return True  # a flow collection as a whole document
            entry = flow.start("key") if flow.group("key") else flow.start("dash")
            if _indented_past(text, entry - begin, end):
                return True
            removed.append((begin, end))  # checked: the flow search below skips it
        elif shape is None:
            header = _BLOCK_HEADER.fullmatch(text, begin, end)
            if header is None:
                return True
            if not (header.group("key") or header.group("dash")):
                return True  # a block scalar as a whole document
            parent = (header.start("key") if header.group("key") else header.start("dash")) - begin
            content_end = _block_content(text, end + 1, parent)
            if content_end is None:
                return True
            removed.append((end + 1, content_end))
            end = content_end
        elif _continued_quote(text, shape, begin, end):
            return True
        quote = _MARKED.search(text, end)
    if removed:
        pieces, last = [], 0
        for start, stop in removed:
            pieces.append(text[last:start])
            last = stop
        pieces.append(text[last:])
        text = "\n".join(pieces)  # each as one empty line
    # Flow collections (a list or mapping written inline, "[a, b]"), which the exact
    # reader checks more closely: any left once checked flow lines and block scalars'
    # content (only text) are set aside.
    return ("[" in text or "{" in text or _MARKER.search(text) is not None
            or _FIRST_MARKER.match(text) is not None)


#: The header of a block scalar read here: literal or folded, clipped or stripped, with
#: the content's indentation left to the first line (no digit), and nothing after it (not
#: even a comment: rapidyaml takes a "-" in one for the chomping indicator). A value of a
#: key or a list item.
_BLOCK_HEADER = re.compile(
    rf"[ ]*(?:(?P<dash>-)[ ]+)*(?:(?P<key>{_KEY}):[ ]+)?[|>]-?[ ]*"
)


def _block_content(text: str, start: int, parent: int) -> int | None:
    """Where the content of a block scalar whose header ends just before ``start`` ends
    (the start of the first line indented ``parent`` or less, or the end of the text),
    when it is plain: a first line with text right below the header, every other line
    with text indented at least as much, no line of spaces only and no line ending in a
    space, the text ending in a line break. ``None`` when it is not so plain."""
    first = True
    indentation = 0
    position = start
    while position < len(text):
        end = text.find("\n", position)
        if end < 0:
            return None  # the last line has no line break: the exact reader adds one
        line = text[position:end]
        if line:
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if not content or line[-1] == " ":
                return None
            if indent <= parent:
                return None if first else position
            if first:
                indentation, first = indent, False
            elif indent < indentation:
                return None
        elif first:
            return None  # an empty first line: the exact reader checks leading blank lines
        position = end + 1
    return None if first else len(text)


def _continued_quote(text: str, shape: re.Match[str], begin: int, end: int) -> bool:
    """Whether the line ``shape`` matched (from ``begin`` to ``end``) ends in a quoted
    scalar and the next line with content is indented more than the key or item that
    scalar is the value of. YAML refuses that (a quoted scalar cannot go on, nor hold a
    mapping); rapidyaml reads the next line as a key with spaces in it."""
    value = shape.group("value") or shape.group("item")
    if not value or value[0] not in "'\"":
        return False
    if shape.group("key"):
        entry = shape.start("key")
    elif shape.group("dash"):
        entry = shape.start("dash")
    else:  # a quoted scalar that starts its line
        entry = shape.start("item")
    return _indented_past(text, entry - begin, end)


def _indented_past(text: str, column: int, end: int) -> bool:
    """Whether the next line with content after the line ending at ``end`` is indented
    more than ``column`` (blank lines and comments do not count)."""
    position = end + 1
    while position < len(text):
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = len(text)
        line = text[position:line_end]
        content = line.lstrip(" ")
        if content and content[0] != "#":
            return len(line) - len(content) > column
        position = line_end + 1
    return False


def document_starts(text: str) -> list[tuple[int, int]] | None:
    """Line and column (1-based) of the first content of each document, where libyaml
    puts a document's start; ``None`` when a document has no content (the exact reader
    reports it). Documents are separated by ``---`` lines; what comes before the first
    one is a document only if it has content."""
    regions: list[tuple[int, int]] = []
    begin = 0
    separators = [match.start() + 1 for match in _SEPARATOR.finditer(text)]
    if _FIRST_SEPARATOR.match(text) is not None:
        separators.insert(0, 0)
    for separator in separators:
        regions.append((begin, separator))
        begin = text.find("\n", separator) + 1 or len(text)  # past the "---" line
    regions.append((begin, len(text)))
    starts: list[tuple[int, int]] = []
    line, counted = 1, 0
    for number, (begin, end) in enumerate(regions):
        content = _CONTENT.search(text, begin, end) if begin < end else None
        if content is None:
            if number == 0 and len(regions) > 1:
                continue  # comments or nothing before the first "---"
            return None
        line += text.count("\n", counted, content.start())
        counted = content.start()
        starts.append((line, len(content.group(1)) + 1))
    return starts
