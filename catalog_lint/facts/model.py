"""Fact values: plain JSON data, or :class:`Unknown` where a fact cannot be computed."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A fact that could not be computed, and why (shown to the user)."""

    reason: str = "not known"

    def __bool__(self) -> bool:  # an unknown never passes a truthiness test by accident
        return False

    def to_json(self) -> dict[str, Any]:
        return {"unknown": True, "reason": self.reason}


UNKNOWN = Unknown()


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


class FactSet(Mapping[str, Any]):
    """A tree of facts addressed by dotted names (``repo.codeowners.exists``).

    ``get`` returns the value, or an :class:`Unknown` when the name is missing or any
    step of it is unknown. ``sources`` records where each subtree came from.
    """

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self._data: dict[str, Any] = data or {}
        self.sources: dict[str, str] = {}

    def set(self, dotted: str, value: Any, source: str | None = None) -> None:
        parts = _SPLIT.get(dotted) or _split(dotted)
        node = self._data
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value
        if source is not None:
            self.sources[dotted] = source

    @classmethod
    def made_of(cls, values: Mapping[str, Any], source: str) -> FactSet:
        """A fact set of ``values`` (dotted names → values), each from ``source``: the
        same as :meth:`set_all` on an empty one, made without its checks (a large run
        makes one for each of 80,000 entities)."""
        made = cls()
        tree = made._data
        for dotted, value in values.items():
            parents, last = _PLACES.get(dotted) or _place(dotted)
            node = tree
            for part in parents:
                child = node.get(part)
                if child is None:
                    child = node[part] = {}
                elif child.__class__ is not dict:  # a value there: replaced, as set does
                    made.set(dotted, value)
                    break
                node = child
            else:
                node[last] = value
        made.sources = dict.fromkeys(values, source)
        return made

    def set_all(self, values: Mapping[str, Any], source: str | None = None) -> None:
        """:meth:`set` each of ``values`` (dotted names → values)."""
        for dotted, value in values.items():
            self.set(dotted, value, source)

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self._data
        for part in _SPLIT.get(dotted) or _split(dotted):
            if isinstance(node, Unknown):
                return node
            if not isinstance(node, dict) or part not in node:
                return default if default is not None else Unknown(f"{dotted} is not computed")
            node = node[part]
        return node

    def source(self, dotted: str) -> str | None:
        """The source recorded for this name or its nearest parent."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            key = ".".join(parts[:end])
            if key in self.sources:
                return self.sources[key]
        return None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def to_json(self) -> dict[str, Any]:
        return _jsonable(self._data)

    @property
    def tree(self) -> dict[str, Any]:
        """The facts as nested dicts (``{"entity": {"files": {"readme": ...}}}``), to
        read (a scorecard program walks it: see ``scorecards.programs``)."""
        return self._data


#: Dotted names split into their parts: a run sets the same few names for thousands of
#: entities (a name is never changed in place: the lists are only read).
_SPLIT: dict[str, list[str]] = {}
_SPLIT_KEPT = 4096


def _split(dotted: str) -> list[str]:
    parts = dotted.split(".")
    if len(_SPLIT) < _SPLIT_KEPT:
        _SPLIT[dotted] = parts
    return parts


#: Dotted names as (the parents' parts, the last part), for :meth:`FactSet.made_of`.
_PLACES: dict[str, tuple[tuple[str, ...], str]] = {}


def _place(dotted: str) -> tuple[tuple[str, ...], str]:
    parts = _SPLIT.get(dotted) or _split(dotted)
    place = (tuple(parts[:-1]), parts[-1])
    if len(_PLACES) < _SPLIT_KEPT:
        _PLACES[dotted] = place
    return place


#: Values that are JSON as they are (the common case, checked without isinstance).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """``value`` as JSON holds it: an unknown fact as its JSON, a tuple as a list. A
    mapping or list that holds nothing to change is returned as it is, not copied (the
    report shares it with the facts, read-only): a large run writes the facts of
    28,000 entities, and most hold plain values alone."""
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, Unknown):
        return value.to_json()
    if isinstance(value, dict):
        copied: dict[Any, Any] | None = None
        for key, item in value.items():
            made = item if item.__class__ in _PLAIN else _jsonable(item)
            if copied is None:
                if made is item:
                    continue
                copied = {}
                for before, kept in value.items():  # the members before it, as they are
                    if before == key:
                        break
                    copied[before] = kept
            copied[key] = made
        return value if copied is None else copied
    if isinstance(value, list):
        made_items = [v if v.__class__ in _PLAIN else _jsonable(v) for v in value]
        return value if all(map(operator.is_, made_items, value)) else made_items
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
