"""libyaml's syntax errors, said in words a catalog author understands.

libyaml stops with a short phrase from its grammar ("mapping values are not allowed in
this context", "did not find expected key", "found character that cannot start any
token") at the place where its grammar broke, which is often not where the mistake is:
a misindented key is reported where the previous mapping ends, an unclosed quote where
the file ends, a tab as an unknown character. :func:`explain` turns each of libyaml's
messages (the finite list its scanner, parser, composer and reader can raise) into what
the author most likely did and how to fix it, at the place to fix, reading the lines
around the error to choose between the likely causes.

libyaml's own words stay at the end of each message, in parentheses after ``libyaml:``,
for whoever searches for them. A message this module does not know, and the
reader's own explained messages (:mod:`catalog_lint.yaml_strict`, tags, limits), pass
through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

#: The characters libyaml refuses in a stream (YAML's printable set is the rest).
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: libyaml's line breaks: its marks count lines by these.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: What stands before a line's content: indentation and the indicators of block
#: collections ("- ", "? ", ": "), which a tab may not follow either.
_LEAD = re.compile(r"[ \t]*(?:[-?:](?:[ \t]+|$)[ \t]*)*")
#: A block mapping entry ``key: value`` (or a list item holding one): the key, plain or
#: quoted, and the separator.
_KEY = re.compile(r"""(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'"""
                  r"""|[^\s#'"\[\]{},&*!|>%@`?:-][^#]*?|[-?:][^\s#][^#]*?)[ \t]*:(?=[ \t]|$)""")
#: The name of an alias or anchor at a mark.
_NAME = re.compile(r"[*&]([^\s,\[\]{}]*)")
#: Words of older libyaml versions, as the current one spells them.
_SPELLING = (("did not found", "did not find"), ("intendation", "indentation"),
             ("violate indentation", "violates indentation"), ("uknown", "unknown"))

_SHOWN = 60  # the most characters of a value quoted in a message


@dataclass(frozen=True)
class Explained:
    """A syntax error (YAML or JSON), explained: the message and where it points (1-based,
    in the file)."""

    message: str
    line: int
    column: int


def words(exc: yaml.MarkedYAMLError) -> str:
    """libyaml's phrase for an error, the one people search for."""
    context, problem = exc.context or "", exc.problem or ""
    if context.startswith("found "):  # the composer's "found duplicate anchor; first ..."
        return context.split(";")[0]
    return _respell(problem or context)


def _respell(text: str) -> str:
    for old, new in _SPELLING:
        text = text.replace(old, new)
    return text


def explain(exc: yaml.YAMLError, text: str, first_line: int = 0,
            ends_file: bool = True) -> Explained | None:
    """What libyaml's ``exc`` means in ``text`` (a piece of a file starting at 0-based
    line ``first_line``; ``ends_file`` when nothing follows it in the file). ``None``
    for an error that is not libyaml's own (it is already worded for people)."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(exc, text, first_line)
    if not isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError,
                            yaml.composer.ComposerError)) or exc.problem_mark is None:
        return None
    try:
        explained = _explain(_Error(exc, text, first_line, ends_file))
    except Exception:  # a slip here must not hide the error: libyaml's words then stand
        return None
    if explained is None:
        return None
    message, (line, column) = explained
    return Explained(f"{message} (libyaml: {words(exc)})", first_line + line + 1, column + 1)


def _explain(error: _Error) -> Said | None:
    explained = error.tab()
    if explained is None:
        handler = _HANDLERS.get(_respell(error.exc.problem or ""))
        if handler is None and error.context.startswith("found duplicate anchor"):
            handler = _duplicate_anchor
        explained = handler(error) if handler is not None else None
    if explained is None:
        return None
    message, (line, column) = explained
    # libyaml's end of stream is a line after a last line break: point at the text's end
    line = min(line, len(error.lines) - 1)
    return message, (line, min(column, len(error.lines[line])))


#: A message and a 0-based (line, column) in the piece.
Said = tuple[str, tuple[int, int]]


class _Error:
    """One libyaml error and the text around it."""

    def __init__(self, exc: yaml.MarkedYAMLError, text: str, first_line: int,
                 ends_file: bool) -> None:
        self.exc = exc
        self.context = _respell(exc.context or "")
        self.lines = _BREAK.split(text)
        self.first_line = first_line
        self.ends_file = ends_file
        mark = exc.problem_mark
        assert mark is not None
        self.at = (mark.line, mark.column)
        context_mark = exc.context_mark
        self.opened = (context_mark.line, context_mark.column) if context_mark else None

    # -- reading the text --------------------------------------------------------------

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def char(self, position: tuple[int, int]) -> str:
        line = self.line(position[0])
        return line[position[1]] if position[1] < len(line) else ""

    def file_line(self, number: int) -> int:
        """The 1-based line of the file for a 0-based line of the piece."""
        return self.first_line + number + 1

    def where(self, position: tuple[int, int]) -> str:
        return f"line {self.file_line(position[0])}, column {position[1] + 1}"

    def at_end(self) -> bool:
        """Whether the error is where the text ends."""
        line, column = self.at
        return line >= len(self.lines) - 1 and not self.line(line)[column:].strip()

    def end(self) -> str:
        """Where the text ends: the file's end, or the document's ('...', or the next
        document's '---')."""
        last = len(self.lines) - 1
        while last > 0 and not self.lines[last].strip():
            last -= 1
        if self.ends_file:
            return f"the file ends at line {self.file_line(last)}"
        if self.lines[last].startswith("..."):
            return f"the document ends with the '...' of line {self.file_line(last)}"
        return f"the next document starts at line {self.file_line(len(self.lines) - 1)}"

    def first_on_line(self, position: tuple[int, int]) -> bool:
        return not self.line(position[0])[: position[1]].strip(" \t")

    def previous_content(self, number: int) -> int | None:
        """The nearest line above ``number`` holding something other than a comment."""
        for index in range(number - 1, -1, -1):
            stripped = self.line(index).strip()
            if stripped and not stripped.startswith("#"):
                return index
        return None

    def token(self, position: tuple[int, int]) -> str:
        """The text at a position, up to a comment or the end of its line, shortened."""
        return _shorten(_strip_comment(self.line(position[0])[position[1]:]))

    # -- causes shared by several messages --------------------------------------------

    def tab(self) -> Said | None:
        """A tab where YAML wants indentation: at the error, or in the indentation of
        the error's line (libyaml often stops after it)."""
        line_number, column = self.at
        line = self.line(line_number)
        if self.char(self.at) != "\t":
            lead = _LEAD.match(line)
            column = line.find("\t", 0, lead.end() if lead else 0)
            if column < 0:
                return None
        return "a tab character; YAML indents with spaces only", (line_number, column)

    def misindented(self, position: tuple[int, int], what: str) -> Said:
        """A line whose indentation lines it up with nothing above it: name the lines
        whose indentation it falls between (its would-be parent and sibling)."""
        indent = position[1]
        below, above = _neighbours(self, position[0], indent)
        if below is None:  # pragma: no cover - column 0 is always open
            return f"{what} is indented {_spaces(indent)}, which matches nothing above", position
        lower = f"{below.name} (line {self.file_line(below.line)}, {_spaces(below.column)})"
        if above is None:  # deeper than anything still open
            comment = self.comment_between(position[0])
            ended = (f"a comment line (line {self.file_line(comment)}) ends a plain value "
                     "that spans lines; remove the comment, or " if comment is not None
                     else "")
            return (f"{what} is indented {_spaces(indent)}, more than {lower}, whose value "
                    f"has ended: {ended}line it up with {below.name}", position)
        upper = f"{above.name} (line {self.file_line(above.line)}, {_spaces(above.column)})"
        return (f"{what} is indented {_spaces(indent)}, between {lower} and {upper}, so it "
                "belongs to neither: line it up with one of them", position)

    def comment_between(self, line_number: int) -> int | None:
        """A comment line between ``line_number`` and the content line above it."""
        for index in range(line_number - 1, -1, -1):
            stripped = self.line(index).strip()
            if stripped.startswith("#"):
                return index
            if stripped:
                return None
        return None

    def after_value(self, position: tuple[int, int]) -> Said | None:
        """Text after a value that ended on this line (a closing quote or bracket)."""
        before = self.line(position[0])[: position[1]].rstrip(" \t")
        token = self.token(position)
        if before.endswith("'") and token[:1].isalnum():
            return ("a ' inside a single-quoted value ends it: write it twice ('') to keep "
                    "it (it''s), or quote the value with double quotes",
                    (position[0], len(before) - 1))
        if before.endswith(("'", '"')):
            return (f"text after the closing quote ({token!r}): a quoted value ends at its "
                    "closing quote; put the whole value inside the quotes", position)
        if before.endswith(("]", "}")):
            return (f"text after the closing {before[-1]!r} ({token!r}): a list or mapping "
                    "in brackets ends there; put the text inside the brackets, or quote "
                    "the whole value", position)
        if not self.first_on_line(position):
            return (f"unexpected {token!r} after the value on this line: one line holds "
                    "one 'key: value' pair or list item", position)
        return None

    def unclosed(self, bracket: tuple[int, int] | None) -> Said | None:
        if bracket is None:
            return None
        char = self.char(bracket)
        closing = {"[": "]", "{": "}"}.get(char)
        if closing is None:
            return None
        what = "list" if char == "[" else "mapping"
        return (f"the {what} '{char}' opened at {self.where(bracket)} is never closed: "
                f"a '{closing}' is missing ({self.end()} without it)", bracket)


# -- the messages -----------------------------------------------------------------------


def _cannot_start(error: _Error) -> Said:
    char = error.char(error.at)
    value = error.token(error.at)
    if char in "@`":
        return (f"a plain value cannot start with {char!r} (YAML reserves it): quote the "
                f"value, {_quoted(value)}", error.at)
    if char == "%":
        return (f"a plain value cannot start with '%' (in column 1 it starts a directive): "
                f"quote the value, {_quoted(value)}", error.at)
    return f"{char!r} cannot start a value here: quote the value", error.at


def _mapping_values(error: _Error) -> Said:
    line_number, column = error.at
    line = error.line(line_number)
    entry = _KEY.match(line)
    if entry is not None and entry.end() <= column:
        key = entry.group("key")
        value = _strip_comment(line[entry.end():]).strip()
        return (f"the value of {key!r} contains ': ', which YAML reads as the start of a "
                f"mapping: quote the value, {key}: {_quoted(value)}", error.at)
    lead = _LEAD.match(line)
    if column - (lead.end() if lead else 0) > 1024:
        return ("a key may be at most 1024 characters long: shorten it, or write it as an "
                "explicit key ('? key')", (line_number, lead.end() if lead else 0))
    start = (line_number, len(line) - len(line.lstrip(" ")))
    key = error.token(start)
    key = key[: key.find(":")] if ":" in key else key
    above = error.previous_content(line_number)
    if above is None:
        return ("a mapping is not allowed here: check the indentation of this line",
                error.at)
    above_line = error.line(above)
    above_entry = _KEY.match(above_line)
    above_indent = len(above_line) - len(above_line.lstrip(" "))
    if above_entry is not None and _strip_comment(above_line[above_entry.end():]).strip():
        above_key = above_entry.group("key")
        above_value = _shorten(_strip_comment(above_line[above_entry.end():]).strip())
        return (f"{key!r} is indented more than {above_key!r} on line "
                f"{error.file_line(above)}, so YAML reads it as more of the value of "
                f"{above_key!r} ({above_value!r}), where a key cannot start: line it up "
                f"with {above_key!r}", start)
    item = re.match(r"[ ]*-[ ]+(?P<value>[^\s#'\"-].*)", above_line)
    if item is not None and ":" not in _strip_comment(item.group("value")):
        value = _shorten(_strip_comment(item.group("value")).strip())
        return (f"{key!r} is indented under the list item of line {error.file_line(above)}, "
                f"whose value is the text {value!r}, so YAML reads it as more of that "
                f"text: to make the item a mapping, give it a key there ('- {value}: ...'), "
                "or line this key up with the item", start)
    if ":" not in _strip_comment(above_line) and above_indent <= start[1]:
        first = above
        while True:
            earlier = error.previous_content(first)
            if earlier is None or ":" in _strip_comment(error.line(earlier)) or \
                    error.line(earlier).lstrip().startswith(("-", "[", "{")):
                break
            first = earlier
        text = _shorten(error.line(first).strip())
        return (f"line {error.file_line(first)} ({text!r}) is not 'key: value' (it has no "
                f"':'), so YAML joins it with the lines below into one key, up to the ':' "
                f"of line {error.file_line(line_number)}, and a key cannot span lines: add "
                f"the missing ':', or remove the line",
                (first, len(error.line(first)) - len(error.line(first).lstrip(" "))))
    return (f"a key cannot start here: YAML reads {key!r} as more of the value above "
            f"(line {error.file_line(above)}); check this line's indentation", start)


def _sequence_entries(error: _Error) -> Said:
    line = error.line(error.at[0])
    entry = _KEY.match(line)
    if entry is not None and entry.end() <= error.at[1]:
        key = entry.group("key")
        item = error.token(error.at)
        return (f"a list cannot start on the line of its key: put each item on a line of "
                f"its own below '{key}:', indented ('- ...'); if the value is text that "
                f"starts with '- ', quote it, {key}: {_quoted(item)}", error.at)
    if error.first_on_line(error.at):
        return error.misindented(error.at, "this list item")
    return ("a list item '- ' cannot start here: put it on a line of its own", error.at)


def _mapping_keys(error: _Error) -> Said:
    return ("'? ' (an explicit key) cannot stand here; if the value is text starting with "
            f"'? ', quote it, {_quoted(error.token(error.at))}", error.at)


def _no_colon(error: _Error) -> Said:
    key_at = error.opened or error.at
    key = error.token(key_at)
    if error.at[0] == key_at[0] and error.at[1] - key_at[1] > 1024:
        return ("a key may be at most 1024 characters long: shorten it, or write it as an "
                "explicit key ('? key')", key_at)
    if key[:1] in ("&", "!"):
        what = "an anchor" if key[0] == "&" else "a tag"
        return (f"{what} ({key!r}) alone on a line, where a key is expected: write it on the "
                "line of the value it names, after the key ('key: " + key + " ...')", key_at)
    parent = _key_above(error, key_at[0], key_at[1])
    indent = (f"indent it more than {parent[0]!r} (line {error.file_line(parent[1])})"
              if parent else "indent it more than the key of that value")
    return (f"{key!r} stands where a key is expected but has no ':' after it: write "
            f"'{key}: <value>'; if it continues the value above, {indent}", key_at)


def _key_above(error: _Error, line_number: int, column: int) -> tuple[str, int] | None:
    """The nearest key above ``line_number`` at ``column`` or left of it, and its line."""
    number = error.previous_content(line_number)
    while number is not None:
        line = error.line(number)
        entry = _KEY.match(line)
        if entry is not None and entry.start("key") <= column:
            return entry.group("key"), number
        number = error.previous_content(number)
    return None


def _tab_fallback(error: _Error) -> Said:  # pragma: no cover - tab() finds the tab first
    return "a tab character; YAML indents with spaces only", error.at


def _unclosed_quote(error: _Error) -> Said:
    opened = error.opened or error.at
    quote = error.char(opened) or '"'
    message = (f"the quote {quote} opened at {error.where(opened)} is never closed: "
               f"{error.end()} without a closing {quote}")
    rest = error.line(opened[0])[opened[1] + 1:]
    if quote == '"' and rest.rstrip().endswith('\\"'):
        message += (f"; the \\\" at the end of line {error.file_line(opened[0])} is an escaped "
                    "quote, not the closing one: write \\\\ for a backslash, or use single "
                    "quotes, where a backslash is an ordinary character")
    elif quote not in rest:
        message += f" (it is probably missing at the end of line {error.file_line(opened[0])})"
    return message, opened


def _quote_at_document_marker(error: _Error) -> Said:
    opened = error.opened or error.at
    quote = error.char(opened) or '"'
    marker = error.line(error.at[0])[:3]
    return (f"the quote {quote} opened at {error.where(opened)} is not closed before the "
            f"'{marker}' of line {error.file_line(error.at[0])}: a line starting with '---' "
            "or '...' ends the document, even inside quotes; close the quote, or indent "
            "the line", opened)


def _escape_start(error: _Error) -> tuple[int, int]:
    line = error.line(error.at[0])
    start = line.rfind("\\", 0, error.at[1] + 1)
    return (error.at[0], start if start >= 0 else error.at[1])


def _unknown_escape(error: _Error) -> Said:
    start = _escape_start(error)
    escape = error.line(start[0])[start[1]: start[1] + 2]
    return (f"{escape!r} is not an escape sequence in a double-quoted value: write '\\\\' "
            "for a backslash, or quote the value with single quotes, where a backslash is "
            "an ordinary character", start)


def _bad_hex(error: _Error) -> Said:
    start = _escape_start(error)
    escape = error.line(start[0])[start[1]: start[1] + 2]
    digits = {"\\x": 2, "\\u": 4, "\\U": 8}.get(escape, 2)
    return (f"the escape {escape!r} must be followed by {digits} hexadecimal digits; for a "
            "backslash write '\\\\', or quote the value with single quotes", start)


def _bad_code_point(error: _Error) -> Said:
    start = _escape_start(error)
    line = error.line(start[0])
    escape = re.match(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})", line[start[1]:])
    shown = escape.group() if escape else line[start[1]: start[1] + 6]
    return (f"{shown!r} is not a Unicode character (a surrogate, or past U+10FFFF)", start)


def _zero_indentation(error: _Error) -> Said:
    return ("a block scalar's indentation indicator is a digit from 1 to 9, not 0", error.at)


def _block_header(error: _Error) -> Said:
    if error.context.endswith("block scalar"):
        return (f"only a comment may follow '|' or '>' on its line (after an optional "
                f"indentation digit 1-9 and '+' or '-'): the text {error.token(error.at)!r} "
                "belongs on the next line, indented", error.at)
    return _directive(error)


def _anchor_name(error: _Error) -> Said:
    opened = error.opened or error.at
    char = error.char(opened)
    what = "an alias (a reference to an anchor '&name')" if char == "*" else \
        "an anchor (a name for the value, for '*name' to refer to)"
    return (f"a value starting with {char!r} is read as {what}, and {char!r} must be "
            f"followed by a name of letters, digits, '-' or '_'; if the value is text, quote "
            f"it, {_quoted(error.token(opened))}", opened)


def _tag(error: _Error) -> Said:
    if "directive" in error.context:
        return _directive(error)
    opened = error.opened or error.at
    return (f"a value starting with '!' is read as a tag, and {error.token(opened)!r} is not "
            f"a valid one; if the value is text, quote it, {_quoted(error.token(opened))}",
            opened)


def _undefined_handle(error: _Error) -> Said:
    token = error.token(error.at)
    handle = re.match(r"![\w-]*!", token)
    shown = handle.group() if handle else token
    return (f"the tag handle {shown!r} is not declared by a %TAG directive; if the value is "
            f"text, quote it, {_quoted(token)}", error.at)


def _directive(error: _Error) -> Said:
    opened = error.opened or error.at
    line = _shorten(error.line(opened[0]).strip())
    return (f"{line!r} is not a valid directive: a line starting with '%' in column 1 is one "
            "('%YAML 1.2' or '%TAG !handle! prefix'); if it is content, indent it or "
            "quote it", error.at)


def _duplicate_directive(error: _Error) -> Said:
    name = "%YAML" if "YAML" in (error.exc.problem or "") else "%TAG"
    return (f"{name} is given twice for this document: keep one", error.at)


def _incompatible(error: _Error) -> Said:
    line = error.line(error.at[0]).strip()
    return (f"{line!r}: only YAML 1.x documents can be read; write '%YAML 1.2'", error.at)


def _document_start(error: _Error) -> Said:
    char = error.char(error.at)
    if char in ("]", "}"):
        return (f"{char!r} closes nothing: no '{'[' if char == ']' else '{'}' is open here",
                error.at)
    return (f"more content after this document's value ended ({error.token(error.at)!r}): "
            "a document holds one value; check this line's indentation, or start a new "
            "document with '---'", error.at)


def _node_content(error: _Error) -> Said:
    char = error.char(error.at)
    if error.at_end() or (error.at[1] == 0 and error.line(error.at[0])[:3] in ("---", "...")):
        found = error.unclosed(_open_bracket(error.lines, error.at))
        if found is not None:
            return found
        return f"a value is missing: {error.end()} here", error.at
    if char == ",":
        return ("an empty entry: a ',' with no value before it; remove the extra ','",
                error.at)
    if char == "-":
        return ("a '- ' list item inside brackets: in [ ] the items are separated by ',' "
                "([a, b])", error.at)
    if char in ("]", "}"):
        opening = _open_bracket(error.lines, error.at)
        if opening is not None and error.char(opening) != {"]": "[", "}": "{"}[char]:
            return (f"{char!r} does not close the {error.char(opening)!r} opened at "
                    f"{error.where(opening)}", error.at)
    return (f"a value is expected here, not {error.token(error.at)!r}", error.at)


def _expected_item(error: _Error) -> Said:
    found = error.after_value(error.at)
    if found is not None:
        return found
    list_at = error.opened or error.at
    if error.at[1] == list_at[1]:
        return (f"{error.token(error.at)!r} is at the indentation of the list of line "
                f"{error.file_line(list_at[0])} but is not a list item: start it with '- ', "
                "or indent it under an item (a list and a mapping cannot share a level)",
                error.at)
    return error.misindented(error.at, _what(error, error.at))


def _expected_key(error: _Error) -> Said:
    found = error.after_value(error.at)
    if found is not None:
        return found
    mapping_at = error.opened or error.at
    char = error.char(error.at)
    if char in ("]", "}"):
        return (f"{char!r} closes nothing: no '{'[' if char == ']' else '{'}' is open here",
                error.at)
    if error.at[1] == mapping_at[1]:
        if char == "-":
            above = error.previous_content(error.at[0])
            above_entry = _KEY.match(error.line(above)) if above is not None else None
            owner = (f" ({above_entry.group('key')!r} on line {error.file_line(above)} "
                     "already has a value)" if above is not None and above_entry else "")
            return (f"a list item where the mapping of line {error.file_line(mapping_at[0])} "
                    f"expects its next key{owner}: a list must be the value of a key "
                    "('key:' alone on its line, the items below it)", error.at)
        return (f"a key is expected here, in the mapping of line "
                f"{error.file_line(mapping_at[0])}, not {error.token(error.at)!r}", error.at)
    return error.misindented(error.at, _what(error, error.at))


def _flow_entry(error: _Error) -> Said:
    opened = error.opened or error.at
    opened_line = error.line(opened[0])
    indent = len(opened_line) - len(opened_line.lstrip(" "))
    line_number, column = error.at
    line = error.line(line_number)
    if error.at_end() or (
            line_number > opened[0] and error.first_on_line(error.at)
            and column <= indent) or (
            line_number > opened[0] and len(line) - len(line.lstrip(" ")) <= indent):
        found = error.unclosed(opened)
        if found is not None:
            return found
    char = error.char(opened)
    what = "list" if char == "[" else "mapping"
    before = line[:column]
    words_before = before.strip()
    above = error.previous_content(line_number)
    if (line_number > opened[0] and words_before and " " not in words_before
            and not re.search(r"[,\[\]{}:]", words_before) and above is not None
            and above >= opened[0]):
        end_of_above = len(_strip_comment(error.line(above)).rstrip())
        return (f"a ',' is missing at the end of line {error.file_line(above)}, between two "
                f"entries of the {what} '{char}' opened at {error.where(opened)}",
                (above, end_of_above))
    return (f"a ',' is missing before this entry of the {what} '{char}' opened at "
            f"{error.where(opened)} (or its closing '{']' if char == '[' else '}'}' is)",
            error.at)


def _undefined_alias(error: _Error) -> Said:
    found = _NAME.match(error.line(error.at[0]), error.at[1])
    name = found.group(1) if found else "?"
    return (f"the alias '*{name}' refers to no anchor: '&{name}' must name a value before "
            f"it in the same document; if the value is text, quote it, "
            f"{_quoted(error.token(error.at))}", error.at)


def _duplicate_anchor(error: _Error) -> Said:
    found = _NAME.match(error.line(error.at[0]), error.at[1])
    name = found.group(1) if found else "?"
    first = f" (first at {error.where(error.opened)})" if error.opened else ""
    return (f"the anchor '&{name}' is defined a second time{first}: give each anchor its own "
            "name", error.at)


_HANDLERS: dict[str, Callable[[_Error], Said]] = {
    # scanner
    "found character that cannot start any token": _cannot_start,
    "mapping values are not allowed in this context": _mapping_values,
    "block sequence entries are not allowed in this context": _sequence_entries,
    "mapping keys are not allowed in this context": _mapping_keys,
    "could not find expected ':'": _no_colon,
    "found a tab character that violates indentation": _tab_fallback,
    "found a tab character where an indentation space is expected": _tab_fallback,
    "found unexpected end of stream": _unclosed_quote,
    "found unexpected document indicator": _quote_at_document_marker,
    "found unknown escape character": _unknown_escape,
    "did not find expected hexdecimal number": _bad_hex,
    "found invalid Unicode character escape code": _bad_code_point,
    "found an indentation indicator equal to 0": _zero_indentation,
    "did not find expected comment or line break": _block_header,
    "did not find expected alphabetic or numeric character": _anchor_name,
    "did not find the expected '>'": _tag,
    "did not find expected whitespace or line break": _tag,
    "did not find expected '!'": _tag,
    "did not find expected tag URI": _tag,
    "did not find URI escaped octet": _tag,
    "found an incorrect leading UTF-8 octet": _tag,
    "found an incorrect trailing UTF-8 octet": _tag,
    "found unexpected ':'": lambda error: (
        f"a ':' inside a value in brackets: quote the value, "
        f"{_quoted(error.token(error.opened or error.at))}", error.opened or error.at),
    "found unknown directive name": _directive,
    "could not find expected directive name": _directive,
    "found unexpected non-alphabetical character": _directive,
    "did not find expected digit or '.' character": _directive,
    "found extremely long version number": _directive,
    "did not find expected version number": _directive,
    "did not find expected whitespace": _directive,
    # parser
    "found duplicate %YAML directive": _duplicate_directive,
    "found duplicate %TAG directive": _duplicate_directive,
    "found incompatible YAML document": _incompatible,
    "did not find expected <document start>": _document_start,
    "found undefined tag handle": _undefined_handle,
    "did not find expected node content": _node_content,
    "did not find expected '-' indicator": _expected_item,
    "did not find expected key": _expected_key,
    "did not find expected ',' or ']'": _flow_entry,
    "did not find expected ',' or '}'": _flow_entry,
    # composer
    "found undefined alias": _undefined_alias,
}


def _reader_error(exc: yaml.reader.ReaderError, text: str, first_line: int) -> Explained:
    """A character libyaml refuses. Its position counts bytes: find the character."""
    found = next((m for m in _NOT_PRINTABLE.finditer(text)
                  if isinstance(exc.character, int) and ord(m.group()) == exc.character), None)
    found = found or _NOT_PRINTABLE.search(text)
    code = exc.character if isinstance(exc.character, int) else 0
    if found is None:  # pragma: no cover - libyaml refused a character the text has
        return Explained(f"a character YAML does not allow (libyaml: {exc.reason})",
                         first_line + 1, 1)
    before = text[: found.start()]
    breaks = _BREAK.findall(before)
    line_start = max((m.end() for m in _BREAK.finditer(before)), default=0)
    return Explained(
        f"a control character (U+{code:04X}) is not allowed in a YAML file: remove it, or, "
        f"inside a double-quoted value, write it as an escape (\\x{code & 0xFF:02x}) "
        f"(libyaml: {exc.reason})",
        first_line + len(breaks) + 1, found.start() - line_start + 1)


# -- helpers ----------------------------------------------------------------------------


def _what(error: _Error, position: tuple[int, int]) -> str:
    token = error.token(position)
    if token.startswith("-"):
        return f"the list item {token!r}"
    entry = _KEY.match(error.line(position[0]))
    if entry is not None:
        return repr(entry.group("key"))
    return repr(token)


@dataclass(frozen=True)
class _Level:
    """An indentation level open at some line: its column, what starts there, where."""

    column: int
    name: str
    line: int


def _neighbours(error: _Error, line_number: int, indent: int
                ) -> tuple[_Level | None, _Level | None]:
    """The indentation levels open at ``line_number`` (those of the line above and of
    its parents): the nearest below and above ``indent``."""
    levels: list[_Level] = []
    limit = 1 << 30
    number = error.previous_content(line_number)
    while number is not None and limit > 0:
        line = error.line(number)
        line_levels = _levels(line)
        if line_levels[0][0] < limit:
            levels.extend(_Level(level, _name(line, level, is_item), number)
                          for level, is_item in line_levels if level < limit)
            limit = line_levels[0][0]
        number = error.previous_content(number)
    below = max((lv for lv in levels if lv.column < indent), default=None,
                key=lambda lv: lv.column)
    above = min((lv for lv in levels if lv.column > indent), default=None,
                key=lambda lv: lv.column)
    return below, above


def _levels(line: str) -> list[tuple[int, bool]]:
    """The columns where the structure of a line starts: its indentation, and after each
    list indicator ``- `` the column of the item's content. ``True`` marks an item."""
    position = len(line) - len(line.lstrip(" "))
    levels = []
    while line[position: position + 1] == "-" and line[position + 1: position + 2] in (" ", ""):
        levels.append((position, True))
        position += 1
        while line[position: position + 1] == " ":
            position += 1
        if position >= len(line) or line[position] == "#":
            return levels
    levels.append((position, False))
    return levels


def _name(line: str, level: int, is_item: bool) -> str:
    if is_item:
        return "the list item"
    entry = _KEY.match(line[level:])
    return repr(entry.group("key")) if entry is not None else "the value"


def _open_bracket(lines: list[str], end: tuple[int, int]) -> tuple[int, int] | None:
    """The innermost '[' or '{' still open at ``end``, reading the lines the way YAML
    does closely enough to skip quoted text and comments (best effort)."""
    stack: list[tuple[int, int]] = []
    quote = ""
    for number, line in enumerate(lines[: end[0] + 1]):
        stop = end[1] if number == end[0] else len(line)
        column = 0
        while column < stop:
            char = line[column]
            previous = line[column - 1] if column else " "
            if quote:
                if char == "\\" and quote == '"':
                    column += 1
                elif char == quote:
                    if quote == "'" and line[column + 1: column + 2] == "'":
                        column += 1
                    else:
                        quote = ""
            elif char == "#" and previous in " \t":
                break
            elif char in "'\"" and (previous in " \t-:?,[{" or column == 0):
                quote = char
            elif char in "[{" and (stack or previous in " \t-:?" or column == 0):
                stack.append((number, column))
            elif char in "]}" and stack:
                stack.pop()
            column += 1
    return stack[-1] if stack else None


def _strip_comment(text: str) -> str:
    """``text`` without a trailing comment (a '#' after a blank), quotes respected."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].rstrip()
    return text.rstrip()


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _quoted(value: str) -> str:
    """``value`` as a quoted YAML scalar, the quotes chosen so nothing needs escaping
    where possible."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


#: Every phrase of libyaml's that :func:`explain` knows (the reader's refusal of a
#: character aside).
PHRASES = frozenset(_HANDLERS) | {"found duplicate anchor"}
