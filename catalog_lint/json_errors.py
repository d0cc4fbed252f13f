"""Python's JSON errors, said in words a catalog author understands.

Python's reader stops with a terse phrase ("Expecting ',' delimiter", "Expecting
property name enclosed in double quotes", "Extra data") where its grammar broke, which
is often a line after the mistake: a missing comma is reported at the value after it, a
trailing comma at the bracket that follows it. :func:`explain_json` looks at the text
around the error, says what is most likely wrong and points at the place to fix. Python's
own words stay at the end, in parentheses after ``json:``.
"""

from __future__ import annotations

import json
import re

from catalog_lint.yaml_errors import Explained

_WORD = re.compile(r"[A-Za-z_$][\w$.-]*")
_SHOWN = 40  # the most characters of a word quoted in a message
#: Words other languages write for JSON's literals.
_LITERALS = {"True": "true", "False": "false", "None": "null", "TRUE": "true",
             "FALSE": "false", "NULL": "null", "Null": "null", "undefined": "null",
             "nil": "null"}


def explain_json(exc: json.JSONDecodeError) -> Explained:
    """What Python's ``exc`` means in the text it read, and where to fix it."""
    text, position, phrase = exc.doc, exc.pos, exc.msg
    if phrase.endswith("(JSON has no NaN or Infinity; write a string or null)"):
        return Explained(phrase, exc.lineno, exc.colno)  # already ours
    reader = _Reader(text, position)
    message, at = _explain(reader, phrase)
    line, column = reader.line_column(at)
    return Explained(f"{message} (json: {phrase})", line, column)


class _Reader:
    def __init__(self, text: str, position: int) -> None:
        self.text = text
        self.position = position
        self.char = text[position] if position < len(text) else ""
        before = text[:position].rstrip()
        self.previous = len(before) - 1  # the last character before the error, or -1

    def line_column(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        line_start = self.text.rfind("\n", 0, index) + 1
        return self.text.count("\n", 0, index) + 1, index - line_start + 1

    def where(self, index: int) -> str:
        line, column = self.line_column(index)
        return f"line {line}, column {column}"

    def line_of(self, index: int) -> int:
        return self.line_column(index)[0]

    def word(self) -> str:
        found = _WORD.match(self.text, self.position)
        word = found.group() if found else self.text[self.position: self.position + 1]
        return word if len(word) <= _SHOWN else word[: _SHOWN - 3] + "..."

    def open_brackets(self) -> list[int]:
        """Where the brackets still open at the error start, outermost first."""
        stack: list[int] = []
        in_string = False
        index = 0
        text, end = self.text, self.position
        while index < end:
            char = text[index]
            if in_string:
                if char == "\\":
                    index += 1
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "[{":
                stack.append(index)
            elif char in "]}" and stack:
                stack.pop()
            index += 1
        return stack

    def string_start(self) -> int:
        """Where the string holding the error opens."""
        index, start = 0, self.position
        while index < self.position:
            char = self.text[index]
            if char == '"':
                start = index
                index += 1
                while index < self.position and self.text[index] != '"':
                    index += 2 if self.text[index] == "\\" else 1
            index += 1
        return start

    def unclosed(self) -> tuple[str, int]:
        """The innermost open bracket at the end of the text, said."""
        stack = self.open_brackets()
        if not stack:
            return "the file ends where a value is expected", self.position
        opening = stack[-1]
        bracket = self.text[opening]
        closing = "]" if bracket == "[" else "}"
        last = self.line_of(max(self.previous, 0))
        return (f"the '{bracket}' opened at {self.where(opening)} is never closed: a "
                f"'{closing}' is missing (the file ends at line {last})", opening)


def _explain(reader: _Reader, phrase: str) -> tuple[str, int]:
    text, position, char, previous = reader.text, reader.position, reader.char, reader.previous
    after_previous = previous + 1
    if not char:
        return reader.unclosed()
    if text.startswith(("//", "/*"), position) or (char == "#" and phrase.startswith("Expecting")):
        return "JSON has no comments; remove it", position
    if phrase.startswith("Expecting ',' delimiter"):
        return _missing_comma(reader)
    if phrase.startswith("Expecting property name"):
        if char == "}" and previous >= 0 and text[previous] == ",":
            return ("a trailing comma: JSON allows no ',' after the last member of an "
                    "object; remove it", previous)
        if char == "'":
            return "keys need double quotes in JSON, not single quotes", position
        if _WORD.match(text, position):
            return (f"the key {reader.word()} needs double quotes in JSON: "
                    f"\"{reader.word()}\"", position)
        return "a key in double quotes is expected here", position
    if phrase.startswith("Illegal trailing comma"):  # Python 3.13 says it itself
        return ("a trailing comma: JSON allows no ',' after the last item; remove it",
                position)
    if phrase.startswith("Expecting value"):
        if char in "]}" and previous >= 0 and text[previous] == ",":
            return ("a trailing comma: JSON allows no ',' after the last item; remove it",
                    previous)
        if char == "'":
            return "strings need double quotes in JSON, not single quotes", position
        if char == "," or char in "]}":
            return f"a value is missing before {char!r}", position
        word = reader.word()
        if word in _LITERALS:
            return (f"{word} is not a JSON value: write {_LITERALS[word]} (lowercase)",
                    position)
        if _WORD.match(text, position):
            return f"text needs double quotes in JSON: \"{word}\"", position
        if char in ".+" or (char == "-" and not text[position + 1: position + 2].isdigit()):
            return ("not a JSON number: a number starts with a digit or '-' and a digit "
                    "(0.5, not .5)", position)
        return ("a value is expected here: a string in double quotes, a number, true, "
                "false, null, an object or a list", position)
    if phrase.startswith("Expecting ':' delimiter"):
        return f"a ':' is missing after the key, before {reader.word()!r}", after_previous
    if phrase.startswith("Unterminated string"):
        return (f"the string opened at {reader.where(position)} is never closed: the file "
                "ends without its closing '\"'", position)
    if phrase.startswith("Invalid control character"):
        start = reader.string_start()
        if char in "\r\n":
            return (f"the string opened at {reader.where(start)} is not closed on its line: "
                    "a JSON string cannot span lines (write \\n for a line break)", start)
        if char == "\t":
            return "a tab inside a string: write it as \\t", position
        return (f"a control character (U+{ord(char):04X}) inside a string: write it as "
                f"\\u{ord(char):04x}", position)
    if phrase.startswith("Invalid \\uXXXX"):
        backslash = text.rfind("\\", 0, position + 1)
        return "'\\u' must be followed by 4 hexadecimal digits", backslash
    if phrase.startswith("Invalid \\escape"):
        backslash = text.rfind("\\", 0, position + 1)
        shown = text[backslash: backslash + 2]
        return (f"{shown!r} is not a JSON escape: write '\\\\' for a backslash (JSON knows "
                "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", backslash)
    if phrase.startswith("Extra data"):
        if char in "]}":
            return f"{char!r} closes nothing: there is one too many", position
        if char in "{[" and previous >= 0 and text[previous] in "]}":
            return ("a JSON file holds one value, and a second starts here: to hold several, "
                    "put them in a list ([{...}, {...}]) or separate them with ','", position)
        if char == ",":
            return ("a ',' after the end of the file's value: the value closed too early "
                    "(one '}' or ']' too many before it?)", position)
        return (f"more text after the end of the file's value (which ends at line "
                f"{reader.line_of(max(previous, 0))})", position)
    return phrase, position  # pragma: no cover - every message of Python's reader is above


def _missing_comma(reader: _Reader) -> tuple[str, int]:
    text, position, char, previous = reader.text, reader.position, reader.char, reader.previous
    stack = reader.open_brackets()
    if char in "]}" and stack:
        opening = stack[-1]
        return (f"{char!r} does not close the '{text[opening]}' opened at "
                f"{reader.where(opening)}", position)
    if previous >= 0 and text[previous] == "0" and char.isdigit() and (
            previous == 0 or not text[previous - 1].isdigit()):
        return "a JSON number cannot start with 0 (012): write 12, or a string \"012\"", previous
    return (f"a ',' is missing between two values (after line {reader.line_of(previous)})",
            previous + 1)
