"""The JSON is malformed.

The message says what is most likely wrong, at the place to fix it: a missing comma
(after the value it should follow), a trailing comma (at the comma), a key or string in
single quotes or none, ``True`` or ``None`` for ``true`` and ``null``, a comment, a string
across lines, a bracket that closes the wrong one or is never closed (where it opened).
Python's own words follow in parentheses (``(json: Expecting ',' delimiter)``). ``NaN``,
``Infinity`` and
``-Infinity`` are not JSON (JavaScript's ``JSON.parse``, and so Backstage and Port, refuse
them), though some JSON readers take them. Numbers are read as JavaScript reads them:
an integer past 2^53 is rounded, and one too large for a double is ``Infinity``.

FAIL::

    {"identifier": "cart", "title": "Cart",}

gives, at 1:39 (one line; wrapped here)::

    a trailing comma: JSON allows no ',' after the last member of an object; remove it
    (json: Expecting property name enclosed in double quotes)

FAIL::

    {"identifier": "cart", "properties": {"replicas": NaN}}
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="json-syntax",
    severity=Severity.ERROR,
    summary="The JSON is malformed (NaN and Infinity included).",
    scope="file",
)
