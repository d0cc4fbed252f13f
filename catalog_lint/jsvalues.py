"""Values as JavaScript has them, since Backstage and Port are JavaScript programs.

Numbers are doubles (an integer past 2**53 is rounded, one too large is ``Infinity``),
mapping keys are strings made with ``String(key)``, and JSON is what ``JSON.parse``
accepts (no ``NaN``, no ``Infinity``). Every reader of user JSON goes through
:func:`load_json`, so no file can crash one with a number of thousands of digits
(Python refuses to convert more than 4,300 and would take quadratic time).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Largest magnitude up to which every integer is exactly a JavaScript number.
_MAX_SAFE = 2**53


def js_integer(text: str) -> int | float:
    """The number JavaScript reads from an integer literal (YAML 1.2 core or JSON).

    JavaScript numbers are doubles: past 2**53 an integer is rounded, and past about
    1.8e308 it is ``Infinity``. Backstage sees those values, so they are returned as
    floats. This also never converts a decimal string of thousands of digits to a Python
    ``int`` (Python refuses more than 4,300 digits, and the conversion is quadratic).
    """
    if text[:2] in ("0x", "0o"):
        value = int(text[2:], 16 if text[1] == "x" else 8)  # linear for these bases
        if value <= _MAX_SAFE:
            return value
        try:
            return float(value)
        except OverflowError:
            return math.inf
    if len(text) <= 15:  # below 10**15 < 2**53: exact either way
        return int(text, 10)  # "012" is twelve: YAML 1.2 has no implicit octal
    number = float(text)
    return int(number) if abs(number) <= _MAX_SAFE else number


def js_key(value: Any) -> str:
    """The property name JavaScript gives a mapping key (js-yaml does ``String(key)``)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ",".join("" if v is None else js_key(v) for v in value)
    return "[object Object]"


def js_number(value: float) -> str:
    """``String(value)`` in JavaScript: shortest round-trip digits, laid out as
    ECMAScript's Number::toString does (``1e+21``, ``1e-7``, ``0.00001``,
    ``12345678901234567000``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    if value.is_integer() and abs(value) < _MAX_SAFE:
        return str(int(value))
    mantissa, _, exponent = repr(abs(value)).partition("e")  # Python's shortest digits
    whole, _, fraction = mantissa.partition(".")
    if whole == "0":  # 0.000ddd
        digits = fraction.lstrip("0")
        point = len(digits) - len(fraction)  # value = 0.digits × 10**point
    else:
        digits = whole + fraction
        point = len(whole)
    point += int(exponent or 0)
    digits = digits.rstrip("0") or "0"
    count = len(digits)
    if count <= point <= 21:
        return sign + digits + "0" * (point - count)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    shown = digits if count == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{shown}e{'+' if power >= 0 else '-'}{abs(power)}"


def load_json(text: str, **options: Any) -> Any:
    """``json.loads`` as ``JSON.parse`` reads: numbers as JavaScript's, and ``NaN``,
    ``Infinity`` and ``-Infinity`` refused with a :class:`json.JSONDecodeError` at their
    place, like any other syntax error."""
    try:
        return json.loads(text, parse_int=js_integer, parse_constant=_refuse, **options)
    except _NotJson as exc:
        position = next((m.start() for m in _STRING_OR_CONSTANT.finditer(text) if m.group(1)), 0)
        raise json.JSONDecodeError(f"{exc.word} is not a JSON value (JSON has no NaN or "
                                   "Infinity; write a string or null)", text, position) from None


def load_json_with_duplicates(text: str) -> tuple[Any, list[str]]:
    """:func:`load_json`, and the keys that appeared more than once in a mapping (in the
    order met): ``JSON.parse`` keeps the last value of each, and so does this."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    return load_json(text, object_pairs_hook=pairs), duplicates


#: A JSON string, or one of the words Python's reader takes and JSON does not.
_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|-?\b(NaN|Infinity)\b')


class _NotJson(ValueError):
    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def _refuse(word: str) -> Any:
    raise _NotJson(word)
