"""Findings: what a rule reports, where, and a fingerprint that survives unrelated edits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

PathPart = str | int
JsonPath = tuple[PathPart, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def format_path(path: JsonPath) -> str:
    """Render a JSON path the way people write it: ``spec.owner``, ``metadata.tags[0]``,
    ``metadata.annotations["backstage.io/techdocs-ref"]``. The document itself is ``""``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            out.append(f".{part}" if out else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """What a rule says, before the pipeline knows the line and column.

    ``path`` points at the offending value; when that value is missing, at the missing
    field: the position resolver then falls back to the nearest existing parent's key.
    ``line``/``column`` are set directly by checks that know them (the YAML reader).
    """

    rule: str
    message: str
    path: JsonPath = ()
    line: int | None = None
    column: int | None = None
    severity: Severity | None = None  # overrides the rule's default for this one problem
    #: What the fingerprint reads instead of the message, when the message names a line
    #: elsewhere (``did you mean "checkout" (catalog-info.yaml:11)?``): a fingerprint
    #: must survive lines moving, in this file or another.
    identity: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str = ""
    entity: str | None = None
    fingerprint: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "entity": self.entity,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Finding:
        return cls(
            rule=str(data["rule"]),
            severity=Severity.parse(str(data["severity"])),
            message=str(data["message"]),
            file=str(data["file"]),
            line=int(data["line"]),  # type: ignore[call-overload]
            column=int(data["column"]),  # type: ignore[call-overload]
            path=str(data.get("path") or ""),
            entity=None if data.get("entity") is None else str(data["entity"]),
            fingerprint=str(data.get("fingerprint") or ""),
        )


def fingerprint(rule: str, file: str, entity: str | None, path: str, message: str) -> str:
    """A stable identity for a finding: no line or column goes in, so moving unrelated
    lines keeps it; the entity, the JSON path and the message tell findings apart."""
    import hashlib  # imported on the first finding: clean runs never need it

    digest = hashlib.sha256(
        "\x1f".join((rule, file, entity or "", path, message)).encode("utf-8")
    )
    return digest.hexdigest()[:16]


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file, finding.line, finding.column, finding.rule)
