"""The fix loop: run the checks, apply the fixes their findings carry, run again.

Each pass reads the files through an :class:`~catalog_lint.fixing.overlay.OverlaySnapshot`
holding what the earlier passes made of them, and runs the document rules and the catalog
graph (the rules that offer fixes; git facts and scores offer none and are not computed).
A fix can make another possible (a key renamed to ``lifecycle`` whose value then needs
quoting), and two fixes on the same value wait for each other, so passes repeat until
nothing changes, at most :data:`MAX_PASSES` times.

A file is never made worse: a fix whose result does not read back exactly as intended is
refused, and the file keeps its text (see :mod:`catalog_lint.fixing.edit`). A fix may
let other checks through that the old value stopped (a kind written ``Component`` at
last gets its ``spec`` checked): those findings were there to find all along.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from catalog_lint.config import Config
from catalog_lint.findings import Finding, Fix
from catalog_lint.fixing.edit import apply_fixes
from catalog_lint.fixing.overlay import OverlaySnapshot
from catalog_lint.pipeline import RunOptions
from catalog_lint.report import Report
from catalog_lint.snapshot import Snapshot

#: The most passes: each fixes what the previous one made fixable.
MAX_PASSES = 5
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ChangedFile:
    path: str  # relative to the snapshot root
    display: str  # as findings name it
    before: bytes
    after: bytes


@dataclass
class FixResult:
    changed: list[ChangedFile] = field(default_factory=list)
    applied: list[Finding] = field(default_factory=list)  # each as found, in its pass
    refused: list[tuple[Finding, str]] = field(default_factory=list)
    report: Report | None = None  # the findings left after the last pass
    unsafe_left: int = 0  # fixes left because they are unsafe (without --unsafe-fixes)
    unstable: bool = False  # still finding fixes after the last pass

    @property
    def remaining(self) -> list[Finding]:
        return list(self.report.findings) if self.report else []


@dataclass(frozen=True)
class FixOptions:
    unsafe: bool = False
    wanted: Callable[[str], bool] = lambda rule: True  # the rules whose fixes to apply


def run_fixes(snapshot: Snapshot, config: Config, options: RunOptions,
              fix_options: FixOptions | None = None) -> FixResult:
    fix_options = fix_options or FixOptions()
    overlay = OverlaySnapshot(snapshot)
    result = FixResult()
    refused: set[tuple[str, Fix]] = set()
    originals: dict[str, bytes] = {}
    displays: dict[str, str] = {}
    for pass_number in range(1, MAX_PASSES + 2):
        report, paths = _check(overlay, config, options)
        displays.update({display: path for display, path in paths.items()})
        usable = [f for f in report.findings
                  if f.fix is not None and fix_options.wanted(f.rule) and f.file in paths
                  and (f.fix.safe or fix_options.unsafe) and (f.file, f.fix) not in refused]
        if not usable or pass_number > MAX_PASSES:
            result.unstable = bool(usable)
            result.report = report
            break
        progress = False
        for display, findings in _by_file(usable).items():
            path = paths[display]
            data = overlay.read_bytes(path)
            originals.setdefault(path, data)
            bom = data[:3] if data.startswith(_BOM) else b""
            try:
                text = data[len(bom):].decode("utf-8")
            except UnicodeDecodeError:  # the encoding rule says so; nothing to fix here
                continue
            edit = apply_fixes(text, [f.fix for f in findings if f.fix],
                               json_file=path.endswith(".json"))
            applied = set(edit.applied)
            result.applied += [f for f in findings if f.fix in applied]
            for fix, reason in edit.refused:
                refused.add((display, fix))
                result.refused += [(f, reason) for f in findings if f.fix == fix]
            if edit.text != text:
                overlay.replace(path, bom + edit.text.encode("utf-8"))
                progress = True
        if not progress:
            result.report = report
            break
    assert result.report is not None
    result.changed = [
        ChangedFile(path, _display_of(displays, path), originals[path], data)
        for path, data in overlay.files.items() if data != originals[path]
    ]
    result.unsafe_left = sum(1 for f in result.report.findings
                             if f.fix is not None and not f.fix.safe and fix_options.wanted(f.rule))
    return result


def _check(snapshot: OverlaySnapshot, config: Config, options: RunOptions
           ) -> tuple[Report, dict[str, str]]:
    """One pass of the checks that offer fixes: the report, and each file's path by the
    name its findings give."""
    from catalog_lint.graph.stage import graph_of

    state, _ = graph_of(snapshot, config, options)
    return state.report(), {f.display: f.path for f in state.files
                            if snapshot.is_file(f.path)}  # not a fetched Location target


def _by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.file, []).append(finding)
    return grouped


def _display_of(displays: dict[str, str], path: str) -> str:
    return next((display for display, p in displays.items() if p == path), path)
