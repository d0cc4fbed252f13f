"""Quick pickling for the slotted dataclasses a worker sends back (:mod:`catalog_lint.parallel`).

A dataclass with ``slots=True`` pickles its state through ``dataclasses``' own
``__getstate__``/``__setstate__``, which call ``fields()`` and ``getattr``/
``object.__setattr__`` once per field, in Python, for every object; and the state
pickled is a list that the field names travel beside. A large run sends tens of
thousands of files, documents, entities and findings from its workers: that cost a
third of the time spent pickling and unpickling them.

:func:`quick_pickling` gives a class a ``__getstate__`` that returns its fields' values
as one tuple and a ``__setstate__`` that assigns them all in one statement, both written
for the class's own fields (as ``dataclasses`` writes ``__init__``). Objects are still
made by ``__new__`` and filled afterwards, so references between them that go round in
a circle (a document and its entity) pickle as before.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TypeVar

T = TypeVar("T", bound=type)


def quick_pickling(cls: T) -> T:
    """Give the dataclass ``cls`` a ``__getstate__``/``__setstate__`` pair made for its
    fields (apply it above ``@dataclass``). Every field travels, in the order declared."""
    names = [spec.name for spec in fields(cls)]
    if not names:
        raise TypeError(f"{cls.__name__}: no fields to pickle")
    attributes = ", ".join(f"self.{name}" for name in names)
    source = (
        f"def __getstate__(self):\n    return ({attributes},)\n"
        f"def __setstate__(self, state):\n    {attributes}, = state\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(source, f"<quick pickling of {cls.__qualname__}>", "exec"), namespace)
    for name in ("__getstate__", "__setstate__"):
        method = namespace[name]
        method.__qualname__ = f"{cls.__qualname__}.{name}"  # type: ignore[attr-defined]
        setattr(cls, name, method)
    return cls
