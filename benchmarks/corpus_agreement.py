"""How often catalog-lint and Backstage's own validator agree, document by document.

Usage::

    python benchmarks/corpus_agreement.py CORPUS_DIR VERDICTS_JSON [--blueprints DIR]

``VERDICTS_JSON`` maps ``<file>#<document index>`` to Backstage's verdict
(``{"valid": bool, "stage": ..., "error": ...}``), as produced by running
``@backstage/catalog-model``'s entity policies and kind validators on each document
(document indexes count every ``---``-separated chunk, empty ones included).

A document agrees when catalog-lint reports at least one ``error`` on it exactly when
Backstage rejects it. Only the per-file and per-document rules run (the rules that say
whether one file is valid); the catalog-wide stages (graph, ownership, scores) judge
other things and are left out. The corpus folder is read as the oracle registers it
(``https://github.com/catalog-lint/judged``): placeholders read the folder's own files.
Verdicts marked ``unresolvedPlaceholders`` (a ``$json``/``$yaml`` placeholder whose
target is a URL, which neither side fetches) are counted apart.

Prints the figures and every disagreement; exits 1 when there is a disagreement.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.config import Config
from catalog_lint.findings import Finding, Problem, Severity
from catalog_lint.model import Document, Entity, SourceFile
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.placeholders import REPOSITORY_URL
from catalog_lint.snapshot import WorktreeSnapshot

#: Where the oracle registers the judged folder: relative placeholders read its files.
ORACLE_REPOSITORY = "https://github.com/catalog-lint/judged"


@dataclass
class Chunk:
    text: str
    line: int  # 0-based line of the chunk's first line in the file
    empty: bool


_MARKER = re.compile(r"^---(?:\s|$)")
_END = re.compile(r"^\.\.\.(?:\s|$)")


def split_documents(text: str) -> list[Chunk]:
    """Split a stream at column-0 ``---``/``...`` markers, as the reference verdicts do
    (``splitDocuments`` of the oracle script that produced them): their document indexes
    count these chunks.

    Text before the first ``---`` is a document only if it holds more than blank lines,
    comments and directives.
    """
    lines = text.splitlines(keepends=True)
    chunks: list[Chunk] = []
    current: list[str] = []
    current_start = 0
    explicit = False
    saw_marker = False

    def flush(is_explicit: bool) -> None:
        body = "".join(current)
        meaningful = any(
            ln.strip() and not ln.lstrip().startswith("#") and not ln.startswith("%")
            for ln in body.splitlines()
        )
        if is_explicit or meaningful:
            chunks.append(Chunk(body, current_start, not meaningful))

    for number, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        if _MARKER.match(bare):
            if saw_marker or current:
                flush(explicit)
            saw_marker = True
            explicit = True
            rest = bare[3:]
            # Content after "--- " on the same line belongs to the new document; pad it
            # so that columns stay true.
            current = ["   " + rest + "\n"] if rest.strip() else []
            current_start = number if rest.strip() else number + 1
            continue
        if _END.match(bare):
            flush(explicit)
            current = []
            current_start = number + 1
            explicit = False
            continue
        if not current:
            current_start = number
        current.append(line)
    if current or explicit:
        flush(explicit)
    return chunks


class _RecordingRun(Run):
    """A run that remembers which file each finding came from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: per file: each finding with the line of its document (or of itself)
        self.by_file: dict[str, list[tuple[int, Finding]]] = defaultdict(list)

    def emit(self, problem: Problem, *, doc: Document | None = None,
             file: SourceFile | None = None, entity: Entity | None = None,
             display: str | None = None) -> Finding | None:
        finding = super().emit(problem, doc=doc, file=file, entity=entity, display=display)
        if doc is None and entity is not None:  # in a placeholder's target: its entity's
            doc = entity.document
        source = doc.file if doc is not None else file
        if finding is not None and source is not None:
            # a document's own line is reliable even where a finding's is not
            self.by_file[source.path].append((doc.line if doc else finding.line, finding))
        return finding


def findings_by_document(corpus: Path, blueprint_dirs: Sequence[Path] = (),
                         files: Iterable[str] | None = None) -> dict[str, list[Finding]]:
    """Run the per-document checks on every file of ``corpus`` (not recursive) and
    group the findings by ``<file>#<document index>``."""
    snapshot = WorktreeSnapshot(corpus)
    # registered at the repository URL the verdicts assume (see the oracle script): a
    # placeholder URL elsewhere on github.com is refused on both sides
    extra = {REPOSITORY_URL: ORACLE_REPOSITORY}
    run = _RecordingRun(snapshot, Config(root=corpus),
                        RunOptions(blueprint_dirs=blueprint_dirs, extra=extra))
    names = sorted(files) if files is not None else sorted(
        p.name for p in corpus.iterdir() if p.is_file() and not p.name.endswith(".json")
    )
    grouped: dict[str, list[Finding]] = {}
    for name in names:
        run.read(name)
        text = (corpus / name).read_text(encoding="utf-8", errors="replace")
        starts = [chunk.line + 1 for chunk in split_documents(text)]  # 1-based first lines
        for index in range(len(starts)):
            grouped[f"{name}#{index}"] = []
        recorded = run.by_file.get(name, [])
        # one not-an-entity finding speaks for every foreign document of the file
        foreign = [f for _, f in recorded if f.rule == "not-an-entity"]
        recorded += [(doc.line, finding) for doc in run.documents
                     if doc.file.path == name and doc.dialect is None for finding in foreign]
        for line, finding in recorded:
            index = max((i for i, start in enumerate(starts) if start <= line), default=0)
            grouped.setdefault(f"{name}#{index}", []).append(finding)
    return grouped


@dataclass
class Agreement:
    judged: int = 0
    agreed: int = 0
    valid_agreed: int = 0
    invalid_agreed: int = 0
    placeholders_skipped: int = 0
    disagreements: list[tuple[str, dict[str, Any], list[Finding]]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.agreed / self.judged if self.judged else 1.0


def compare(verdicts: dict[str, dict[str, Any]],
            findings: dict[str, list[Finding]]) -> Agreement:
    result = Agreement()
    for key in sorted(verdicts):
        verdict = verdicts[key]
        ours = findings.get(key, [])
        rejected = any(f.severity == Severity.ERROR for f in ours)
        if verdict.get("unresolvedPlaceholders"):
            result.placeholders_skipped += 1
            continue
        result.judged += 1
        if rejected != (not verdict["valid"]):
            result.disagreements.append((key, verdict, ours))
            continue
        result.agreed += 1
        if verdict["valid"]:
            result.valid_agreed += 1
        else:
            result.invalid_agreed += 1
    return result


def report(result: Agreement, out: Any = None) -> None:
    out = out or sys.stdout  # looked up now: a test runner may have replaced it since import
    print(f"documents judged: {result.judged}", file=out)
    print(f"agree: {result.agreed} ({result.rate:.2%}); valid both: {result.valid_agreed}, "
          f"rejected both: {result.invalid_agreed}", file=out)
    if result.placeholders_skipped:
        print(f"not judged ($json/$yaml placeholders): {result.placeholders_skipped}", file=out)
    print(f"disagreements: {len(result.disagreements)}", file=out)
    for key, verdict, ours in result.disagreements:
        side = "Backstage accepts, catalog-lint rejects" if verdict["valid"] else (
            "Backstage rejects, catalog-lint accepts")
        print(f"\n{key}: {side}", file=out)
        if verdict.get("error"):
            print(f"  Backstage: {verdict['error'][:300]}", file=out)
        for finding in ours:
            print(f"  catalog-lint: {finding.line}:{finding.column} {finding.severity.value} "
                  f"{finding.rule} {finding.message}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("verdicts", type=Path)
    parser.add_argument("--blueprints", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    verdicts = json.loads(args.verdicts.read_text(encoding="utf-8"))
    files = sorted({key.rsplit("#", 1)[0] for key in verdicts})
    findings = findings_by_document(args.corpus, args.blueprints, files)
    result = compare(verdicts, findings)
    report(result)
    return 1 if result.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
