"""Near misses: which known name a written one was probably meant to be.

One measure serves every "did you mean" about a slip of the keyboard: entity references
(``system: chekout`` when the System ``checkout`` exists) and keys (``spec.lifecyle``
next to a missing ``spec.lifecycle``). A fix that rewrites the file asks for the one
:func:`certain` candidate; a message lists the :func:`candidates`.

The measure is the optimal string alignment distance (Damerau–Levenshtein where swapping
two neighbouring characters is one edit, and no part is edited twice) between the
lower-cased names, so ``chekout``/``checkout`` (a letter left out), ``lifecyle``/
``lifecycle`` and ``descripton``/``description`` are one edit apart, ``ownr``/``owner``
one, ``sytsem``/``system`` one (a swap), and a difference of case alone is none (Port
identifiers are compared exactly: ``Checkout`` is then a near miss of ``checkout``).
A name is a near miss of another when that distance is at most:

- 0 when the shorter name has fewer than 4 characters: ``db`` and ``dc`` are as likely
  two names as one slip;
- 1 when it has 4 to 7 characters;
- 2 when it has 8 or more.

Two names are never near misses when they differ in their numbers (``db-0001`` and
``db-0002``, ``api-v1`` and ``api-v2`` name different things), nor when every difference
lies in a part of one or two characters between separators (``team-a`` and ``team-b``,
``eu-west`` and ``us-west``): catalogs are full of names made on one pattern, and a
reference to a sibling that lives in another repository is not a typo.

This measure is strict because it decides what is an error (a reference that would be a
warning becomes a ``reference-typo``). Where a suggestion only decorates a message that is
an error anyway (an unknown command, rule ID, fact or operator on the command line or in
a configuration), a looser one (``difflib``'s) serves better and is kept there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[-_./:]")


def max_edits(length: int) -> int:
    """The most edits between two names whose shorter one has ``length`` characters."""
    if length < 4:
        return 0
    return 1 if length < 8 else 2


def distance(a: str, b: str, limit: int) -> int:
    """The optimal string alignment distance between ``a`` and ``b``, or ``limit + 1``
    as soon as it is known to exceed ``limit`` (so a far name costs little)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        char = a[i - 1]
        smallest = i
        for j in range(1, len(b) + 1):
            cost = 0 if char == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            smallest = min(smallest, value)
        if smallest > limit:
            return limit + 1
        previous2, previous = previous, current
    # every row had a cell within the limit, but the last cell may still exceed it
    return min(previous[-1], limit + 1)


def _short_parts_only(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` have the same parts between separators except for parts
    of at most two characters (``team-a``/``team-b``)."""
    parts_a, parts_b = _SEPARATORS.split(a), _SEPARATORS.split(b)
    if len(parts_a) != len(parts_b):
        return False
    differing = [(x, y) for x, y in zip(parts_a, parts_b, strict=True) if x != y]
    return bool(differing) and all(len(x) <= 2 and len(y) <= 2 for x, y in differing)


def edits(written: str, known: str) -> int | None:
    """How many edits make ``written`` into ``known`` when it is a near miss of it;
    ``None`` when it is not (or when the two are the same name)."""
    if written == known:
        return None
    a, b = written.lower(), known.lower()
    limit = max_edits(min(len(a), len(b)))
    if abs(len(a) - len(b)) > limit or _DIGITS.findall(a) != _DIGITS.findall(b):
        return None
    found = distance(a, b, limit)
    if found > limit or _short_parts_only(a, b):
        return None
    return found


class NameIndex(Generic[T]):
    """Known names, each with a value (the entity or key it names), indexed by their
    numbers and length: the near misses of a name are then found among the few names
    that could be one, not by comparing it with every name of a large catalog."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        self._buckets: dict[tuple[tuple[str, ...], int], list[tuple[str, T]]] = {}
        for name, value in items:
            lowered = name.lower()
            key = (tuple(_DIGITS.findall(lowered)), len(lowered))
            self._buckets.setdefault(key, []).append((name, value))

    def candidates(self, written: str) -> list[tuple[str, T]]:
        """The names (with their values) ``written`` is a near miss of, the closest first,
        then in alphabetical order; a name equal to ``written`` is not one."""
        lowered = written.lower()
        digits = tuple(_DIGITS.findall(lowered))
        reach = max_edits(len(lowered))  # the shorter name decides: never more than this
        scored: list[tuple[int, str, int, T]] = []
        for length in range(len(lowered) - reach, len(lowered) + reach + 1):
            for position, (name, value) in enumerate(self._buckets.get((digits, length), ())):
                found = edits(written, name)
                if found is not None:
                    scored.append((found, name, position, value))
        scored.sort(key=lambda item: (item[0], item[1], item[2]))
        return [(name, value) for _, name, _, value in scored]

    def certain(self, written: str) -> tuple[str, T] | None:
        """The one name ``written`` is a near miss of, when there is exactly one: what a
        fix may write in its place without asking."""
        found = self.candidates(written)
        return found[0] if len(found) == 1 else None


def candidates(written: str, known: Iterable[str]) -> list[str]:
    """The known names ``written`` is a near miss of, the closest first (then in
    alphabetical order); a name equal to ``written`` is not a candidate."""
    return [name for name, _ in NameIndex((name, name) for name in set(known)).candidates(written)]


def certain(written: str, known: Iterable[str]) -> str | None:
    """The one known name ``written`` is a near miss of, when there is exactly one."""
    found = candidates(written, known)
    return found[0] if len(found) == 1 else None
