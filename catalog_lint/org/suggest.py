""""Did you mean": the entities a dangling reference may have meant.

One small function over an index of every entity of the organisation. It looks, in
order, for the same name under another kind or namespace (``component:cart`` written for
``api:cart``), the same name written differently (case, ``-``/``_``/``.``), a name one
edit away (a typo), and, for kinds with few enough entities, names ``difflib`` finds
close. Each step is a dictionary look-up or bounded work, so tens of thousands of
dangling references against 100,000 entities stay fast.

(The near-miss engine of single-repository findings may replace the last step; the
index and the function's signature are what callers use.)
"""

from __future__ import annotations

import difflib
import re
import string

#: Kinds with more entities than this skip the ``difflib`` step (it compares the name
#: with every candidate): the look-ups before it still run.
DIFFLIB_LIMIT = 2000
#: Longer names skip the "one edit away" step (its work grows with the length).
MAX_EDITED = 100
#: Characters tried at each position for "one edit away".
_ALPHABET = string.ascii_lowercase + string.digits + "-_."
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
        self.lengths: dict[tuple[str, str], set[int]] = {}
        for ref in refs:
            kind, namespace, name = split_ref(ref)
            self.lengths.setdefault((kind, namespace), set()).add(len(name))
            self.by_name.setdefault(name.lower(), []).append(ref)
            self.by_kind.setdefault((kind, namespace), {}).setdefault(name, ref)
            self.loose.setdefault((kind, namespace, _loose(name)), ref)
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
        lengths = self.lengths.get((kind, namespace), set())
        near_length = bool(lengths & {len(name) - 1, len(name), len(name) + 1})
        edits = _one_edit(name) if near_length and len(name) <= MAX_EDITED else set()
        close = [names[n] for n in edits if n in names and names[n] != target]
        if close:
            return sorted(set(close))
        if len(names) > DIFFLIB_LIMIT:
            return []
        # names that could reach the cutoff at all: about as long, starting alike
        near = [n for n in names if abs(len(n) - len(name)) <= 3 and n[:1] == name[:1]]
        return [names[n] for n in difflib.get_close_matches(name, near, n=3, cutoff=0.8)]


def _one_edit(name: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away."""
    splits = [(name[:i], name[i:]) for i in range(len(name) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | transposes | replaces | inserts
