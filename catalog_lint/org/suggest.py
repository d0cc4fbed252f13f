""""Did you mean": the entities a dangling reference may have meant.

One small function over an index of every entity of the organisation. It looks, in
order, for the same name under another kind or namespace (``component:cart`` written for
``api:cart``), the same name written differently (case, ``-``/``_``/``.``), a name one
edit away (a typo), and, for kinds with few enough entities, names ``difflib`` finds
close. Each step is a few dictionary look-ups or bounded work, so tens of thousands of
dangling references against 100,000 entities stay fast.

(The near-miss engine of single-repository findings may replace the last step; the
index and the function's signature are what callers use.)
"""

from __future__ import annotations

import difflib
import re

#: Kinds with more entities than this skip the ``difflib`` step (it compares the name
#: with every candidate): the look-ups before it still run.
DIFFLIB_LIMIT = 2000
#: Kinds with more entities than this get no index of deletions (it would take about
#: 150 bytes per character of every name): only a character too many or two characters
#: swapped are found for them.
INDEXED_LIMIT = 20_000
#: Longer names skip the "one edit away" step (its index grows with the length).
MAX_EDITED = 100
_SEPARATORS = re.compile(r"[-_. ]")


def split_ref(ref: str) -> tuple[str, str, str]:
    """``("component", "default", "cart")`` from ``component:default/cart``;
    ``("port:service", "", "cart")`` from ``port:service/cart``."""
    if ref.startswith("port:"):
        blueprint, _, name = ref[5:].partition("/")
        return f"port:{blueprint}", "", name
    kind, _, rest = ref.partition(":")
    namespace, _, name = rest.partition("/")
    return kind, namespace, name


def _loose(name: str) -> str:
    return _SEPARATORS.sub("", name.lower())


class SuggestionIndex:
    """Every known reference, indexed for :meth:`suggest`."""

    def __init__(self, refs: list[str]) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.by_kind: dict[tuple[str, str], dict[str, str]] = {}
        self.loose: dict[tuple[str, str, str], str] = {}
        for ref in refs:
            kind, namespace, name = split_ref(ref)
            self.by_name.setdefault(name.lower(), []).append(ref)
            self.by_kind.setdefault((kind, namespace), {}).setdefault(name, ref)
            self.loose.setdefault((kind, namespace, _loose(name)), ref)
        self._deletes: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._initials: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._cache: dict[str, list[str]] = {}

    def suggest(self, target: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` references ``target`` may have meant, best first."""
        if target not in self._cache:
            self._cache[target] = self._suggest(target)[:limit]
        return self._cache[target]

    def _suggest(self, target: str) -> list[str]:
        kind, namespace, name = split_ref(target)
        found = [ref for ref in self.by_name.get(name.lower(), ()) if ref != target]
        if found:
            return found  # the right name under another kind or namespace
        names = self.by_kind.get((kind, namespace), {})
        loose = self.loose.get((kind, namespace, _loose(name)))
        if loose is not None and loose != target:
            return [loose]
        if len(name) <= MAX_EDITED and names:
            close = self._one_edit_away(kind, namespace, name, names)
            if close:
                return close
        if len(names) > DIFFLIB_LIMIT:
            return []
        # names that could reach the cutoff at all: starting alike, about as long
        starting = self._initials.get((kind, namespace))
        if starting is None:
            starting = self._initials[(kind, namespace)] = {}
            for known in names:
                starting.setdefault(known[:1], []).append(known)
        near = [n for n in starting.get(name[:1], ()) if abs(len(n) - len(name)) <= 3]
        return [names[n] for n in difflib.get_close_matches(name, near, n=3, cutoff=0.8)]

    def _one_edit_away(self, kind: str, namespace: str, name: str, names: dict[str, str]) -> list[str]:
        """Names one deletion, insertion, replacement or swap of neighbours away, through
        an index of every name with one character deleted (built for a kind the first
        time a reference of that kind dangles): a handful of look-ups per reference."""
        if len(names) > INDEXED_LIMIT:  # no index: a character too many, or two swapped
            swaps = {name[:i] + name[i + 1] + name[i] + name[i + 2:] for i in range(len(name) - 1)}
            return sorted(names[n] for n in (_deletions(name) | swaps) if n in names and n != name)
        deletes = self._deletes.get((kind, namespace))
        if deletes is None:
            deletes = self._deletes[(kind, namespace)] = {}
            for known in names:
                if len(known) <= MAX_EDITED:
                    for variant in _deletions(known):
                        deletes.setdefault(variant, []).append(known)
        found: set[str] = set()
        mine = _deletions(name)
        found.update(n for n in mine if n in names)  # one character too many
        found.update(deletes.get(name, ()))  # one character too few
        for variant in mine:  # one character different, or two swapped
            found.update(n for n in deletes.get(variant, ()) if _one_apart(n, name))
        found.discard(name)
        return sorted(names[n] for n in found)


def _deletions(name: str) -> set[str]:
    return {name[:i] + name[i + 1:] for i in range(len(name))}


def _one_apart(a: str, b: str) -> bool:
    """Same length, and one character replaced or two neighbours swapped."""
    if len(a) != len(b):
        return True  # a deletion or insertion, found by the look-ups that test it
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                               and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
