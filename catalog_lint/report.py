"""The report: everything a run found, JSON-serialisable, and nothing about how to show it.

The JSON form is a stable, versioned interface (``REPORT_VERSION``); see
``docs/output-formats.md`` and ``catalog_lint/schemas/report.schema.json``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from catalog_lint import __version__
from catalog_lint.findings import Finding, Severity
from catalog_lint.pickling import quick_pickling

REPORT_VERSION = 1

T = TypeVar("T")


@quick_pickling
@dataclass(slots=True)
class FileRecord:
    path: str
    documents: int = 0
    entities: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "documents": self.documents, "entities": self.entities}


@dataclass
class Report:
    root: str
    files: list[FileRecord]
    findings: list[Finding]
    #: Each entity's summary (a :class:`LazyDicts` from a run: made as they are written).
    entities: list[dict[str, Any]] | LazyDicts = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)
    revision: str | None = None
    #: The folder (absolute) that the findings' and entities' file paths are relative to:
    #: the current folder for a working tree, the repository root for a commit. Not part
    #: of the JSON form (it names a folder of this machine); empty for a report read back.
    display_root: str = ""
    #: The text of each file the run read, by the path its findings show, for reporters
    #: that quote source lines (text ``--show-source``). Not part of the JSON form; empty
    #: for a report read back.
    sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        tally = Counter(map(attrgetter("severity"), self.findings))
        return {severity.value: tally[severity] for severity in Severity}

    def summary(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "entities": len(self.entities),
            "findings": len(self.findings),
            **self.counts(),
        }

    def worst(self) -> Severity | None:
        ranks = [f.severity for f in self.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.rank >= threshold.rank for f in self.findings)

    def to_dict(self, *, lazy: bool = False) -> dict[str, Any]:
        """The JSON form. ``lazy``: the findings and entities as :class:`LazyDicts`,
        each made as a writer reaches it."""
        data: dict[str, Any] = {
            "version": REPORT_VERSION,
            "tool": {"name": "catalog-lint", "version": __version__},
            "revision": self.revision,
            "files": [record.to_dict() for record in self.files],
            "findings": FindingDicts(self.findings) if lazy else
            [finding.to_dict() for finding in self.findings],
            "entities": self.entities if lazy else list(self.entities),
            "summary": self.summary(),
        }
        data.update(self.sections)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        known = {"version", "tool", "revision", "files", "findings", "entities", "summary"}
        return cls(
            root="",
            revision=data.get("revision"),
            files=[FileRecord(**record) for record in data.get("files", [])],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            entities=list(data.get("entities", [])),
            sections={k: v for k, v in data.items() if k not in known},
        )


class LazyDicts:
    """A list of JSON dicts made one at a time, as a writer or a loop reaches each (a
    report's 50,000 findings or 15,000 entity summaries would otherwise all be dicts at
    once, for the moment it takes to write them). Iterable any number of times; each
    pass makes the dicts again. ``nested``, when given: the only keys whose values may be
    containers (every other value is a string, a number, a boolean or None), for a
    writer that lays containers out differently: it then finds them without looking at
    every value of every dict."""

    __slots__ = ("items", "make", "nested")

    def __init__(self, items: Sequence[T], make: Callable[[T], dict[str, Any]],
                 nested: tuple[str, ...] | None = None) -> None:
        self.items: Sequence[Any] = items
        self.make: Callable[[Any], dict[str, Any]] = make
        self.nested = nested

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self.make, self.items)


class FindingDicts(LazyDicts):
    """Findings in their JSON form, one dict at a time (see ``Report.to_dict(lazy=True)``)."""

    __slots__ = ()

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(findings, Finding.to_dict, nested=("fix",))
