"""Findings: what a rule reports, where, and a fingerprint that survives unrelated edits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from operator import attrgetter
from typing import Any, Literal

from catalog_lint.pickling import quick_pickling

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
#: Each severity's word: a look-up, where ``.value`` goes through the enum's descriptor
#: (a report of 50,000 findings asks 100,000 times).
SEVERITY_TEXT = {severity: severity.value for severity in Severity}

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


FixAction = Literal["replace", "rename"]


@dataclass(frozen=True)
class Fix:
    """An edit that mends a problem, offered by the rule and applied by ``catalog-lint fix``
    (the rules produce fixes, the command applies them, as in ruff).

    ``replace``: the scalar at ``path`` becomes the string ``value`` (written in the same
    quoting style when that still reads as the string, quoted otherwise: a fix that only
    quotes a value replaces it with its own text). ``rename``: the mapping key at ``path``
    becomes ``value``. ``path`` is relative to the document, like a problem's;
    ``document`` (which YAML document of the file) and the document's own place in the
    file (a Port list item) are added when the problem becomes a finding. A fix is
    ``safe`` when it keeps what the author meant; an unsafe one changes the data in a way
    a person should look at, and is applied only with ``--unsafe-fixes``.
    """

    action: FixAction
    path: JsonPath
    value: str
    message: str
    safe: bool = True
    document: int = 0

    def bound(self, document: int, base_path: JsonPath) -> Fix:
        """This fix with the document's index and its place in the file's JSON value."""
        if document == self.document and not base_path:
            return self
        return replace(self, document=document, path=(*base_path, *self.path))

    def to_dict(self) -> dict[str, object]:
        return {
            "action": self.action,
            "path": list(self.path),
            "value": self.value,
            "message": self.message,
            "applicability": "safe" if self.safe else "unsafe",
            "document": self.document,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Fix:
        action = str(data["action"])
        if action not in ("replace", "rename"):
            raise ValueError(f"unknown fix action {action!r}")
        raw_path = data.get("path")
        path = tuple(p for p in raw_path if isinstance(p, (str, int))) if isinstance(raw_path, list) else ()
        return cls(
            action="replace" if action == "replace" else "rename",
            path=path,
            value=str(data["value"]),
            message=str(data.get("message") or ""),
            safe=data.get("applicability") == "safe",
            document=int(data.get("document") or 0),  # type: ignore[call-overload]
        )


# Problem and Finding are never changed once made, but they are not frozen dataclasses:
# a run makes hundreds of thousands, and a frozen dataclass takes 2.7 times as long to
# build (each field set through object.__setattr__). They stay hashable.
@dataclass(slots=True, unsafe_hash=True)
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
    fix: Fix | None = None  # how to mend it, when the rule knows


@quick_pickling
@dataclass(slots=True, unsafe_hash=True)
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
    fix: Fix | None = field(default=None, compare=False)  # bound to its document

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rule": self.rule,
            "severity": SEVERITY_TEXT[self.severity],
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "entity": self.entity,
            "fingerprint": self.fingerprint,
        }
        if self.fix is not None:  # only fixable findings carry the key (ruff's "fix")
            data["fix"] = self.fix.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Finding:
        fix = data.get("fix")
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
            fix=Fix.from_dict(fix) if isinstance(fix, dict) else None,
        )


def fingerprint(rule: str, file: str, entity: str | None, path: str, message: str) -> str:
    """A stable identity for a finding: no line or column goes in, so moving unrelated
    lines keeps it; the entity, the JSON path and the message tell findings apart."""
    global _sha256
    if _sha256 is None:  # imported on the first finding: clean runs never need it
        _sha256 = _builtin_sha256()
    digest = _sha256("\x1f".join((rule, file, entity or "", path, message)).encode("utf-8"))
    return digest.hexdigest()[:16]


_sha256: Any = None


def _builtin_sha256() -> Any:
    """SHA-256 from Python's own module where it has one (the same digests): hashlib
    first loads OpenSSL, a fiftieth of a one-file run."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]  # 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:  # a Python built without it
            from hashlib import sha256  # type: ignore[assignment, unused-ignore]
    return sha256


#: The order of a report's findings: file, line, column, rule (one C call a finding).
sort_key: Callable[[Finding], tuple[str, int, int, str]] = attrgetter("file", "line", "column", "rule")
