"""The property every fix must keep, checked on whole folders of files.

For a folder of entity files (each file named as it was found, so that discovery and
classification see it as in its repository), ``catalog-lint fix --unsafe-fixes`` runs
over a copy, and for every file:

- a file without an applied fix is byte for byte the same;
- a changed file parses, with the project's reader, to the same documents holding the
  same data, except exactly at the values replaced and the keys renamed by the fixes
  reported as applied;
- every comment survives byte for byte: each whole-line comment, and each trailing
  comment (from ``#`` to the end of its line).

The suite runs it on the Backstage mutants, the YAML test suite's valid inputs and the
example catalog. For a folder of real catalog files (development only)::

    python -m tests.fixing.roundtrip FOLDER

puts each of its files in a folder of its own, fixes them as they are and again with
slips planted (:func:`with_slips`), and prints the figures: files, files changed, fixes
by rule, fixes refused and why.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog_lint.config import Config
from catalog_lint.findings import Finding, JsonPath
from catalog_lint.fixing.engine import FixOptions, FixResult, run_fixes
from catalog_lint.pipeline import RunOptions
from catalog_lint.snapshot import WorktreeSnapshot

_TRAILING = re.compile(r"[ \t]#.*$")


@dataclass
class Figures:
    files: int = 0
    changed: int = 0
    fixes: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"files: {self.files}", f"files changed: {self.changed}",
               f"fixes applied: {sum(self.fixes.values())}"]
        out += [f"  {rule}: {count}" for rule, count in self.fixes.most_common()]
        out.append(f"fixes refused: {sum(self.refused.values())}")
        out += [f"  {reason}: {count}" for reason, count in self.refused.most_common()]
        out.append(f"property violations: {len(self.violations)}")
        out += [f"  {v}" for v in self.violations]
        return out


def check_files(files: dict[str, bytes], *, named: bool = False) -> Figures:
    """Write ``files`` (relative name -> content) into a temporary folder, fix them there
    and check the property. ``named``: the files are named on the command line (read
    whatever their names), rather than found by discovery."""
    figures = Figures()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        options = RunOptions(paths=list(files) if named else ())
        with WorktreeSnapshot(root, root) as snapshot:
            result = run_fixes(snapshot, Config(root=root), options, FixOptions(unsafe=True))
        for change in result.changed:
            (root / change.path).write_bytes(change.after)
        figures.files = len(files)
        figures.changed = len(result.changed)
        figures.fixes.update(f.rule for f in result.applied)
        figures.refused.update(f"{f.rule}: {reason}" for f, reason in result.refused)
        for name, content in files.items():
            after = (root / name).read_bytes()
            figures.violations += [f"{name}: {v}" for v in
                                   violations(content, after, _applied(result, name))]
    return figures


def in_folders(paths: list[Path], name: str | None = None) -> dict[str, bytes]:
    """Each file in a folder of its own, named as catalog-lint finds it: ``name``, else
    the part of its own name after the last ``__`` (the corpus names files
    ``owner__repo__catalog-info.yaml``)."""
    return {f"{index:04d}/{name or path.name.rsplit('__', 1)[-1]}": path.read_bytes()
            for index, path in enumerate(paths)}


def _applied(result: FixResult, name: str) -> list[Finding]:
    return [f for f in result.applied if f.file == name]


def violations(before: bytes, after: bytes, applied: list[Finding]) -> list[str]:
    """How ``after`` breaks the property, given the fixes applied to ``before``."""
    if not applied:
        return [] if after == before else ["changed without an applied fix"]
    problems: list[str] = []
    old_text, new_text = before.decode("utf-8-sig"), after.decode("utf-8-sig")
    if before.startswith(b"\xef\xbb\xbf") != after.startswith(b"\xef\xbb\xbf"):
        problems.append("the byte-order mark changed")
    problems += _comments_kept(old_text, new_text)
    old_docs, new_docs = _documents(old_text), _documents(new_text)
    if old_docs[1] != new_docs[1] or list(old_docs[0]) != list(new_docs[0]):
        return [*problems, "the documents changed in number or in what does not parse"]
    for index, old in old_docs[0].items():
        new = new_docs[0][index]
        fixes = [f.fix for f in applied if f.fix is not None and f.fix.document == index]
        replaced = {fix.path for fix in fixes if fix.action == "replace"}
        renamed = {fix.path: fix.value for fix in fixes if fix.action == "rename"}
        problems += [f"document {index + 1}: {p}"
                     for p in _differences(old, new, (), (), replaced, renamed)]
    return problems


def _comments_kept(old: str, new: str) -> list[str]:
    old_lines, new_lines = old.split("\n"), new.split("\n")
    whole_old = Counter(line for line in old_lines if line.lstrip().startswith("#"))
    whole_new = Counter(line for line in new_lines if line.lstrip().startswith("#"))
    problems = [f"comment line lost: {line!r}" for line in whole_old - whole_new]
    trailing_new = Counter(m.group() for line in new_lines
                           if not line.lstrip().startswith("#") and (m := _TRAILING.search(line)))
    for line in old_lines:
        match = _TRAILING.search(line)
        if match and not line.lstrip().startswith("#"):
            if trailing_new[match.group()] <= 0:
                problems.append(f"trailing comment lost: {match.group()!r}")
            trailing_new[match.group()] -= 1
    return problems


def _documents(text: str) -> tuple[dict[int, Any], list[str]]:
    """The data of each document that parses, by index, and what does not parse."""
    from catalog_lint.jsvalues import load_json
    from catalog_lint.yaml_reader import parse_stream

    if text.lstrip().startswith(("{", "[")):
        try:
            return {0: load_json(text)}, []
        except ValueError:
            pass
    stream = parse_stream(text)
    return ({parsed.index: parsed.data for parsed in stream.documents},
            [problem.message for problem in stream.problems])


def _differences(old: Any, new: Any, old_path: JsonPath, new_path: JsonPath,
                 replaced: set[JsonPath], renamed: dict[JsonPath, str]) -> list[str]:
    if old_path in replaced or new_path in replaced:
        return [] if isinstance(new, str) else [f"{new_path}: a fix left {new!r}, not a string"]
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [renamed.get((*new_path, k), renamed.get((*old_path, k), k)) for k in old]
        if keys != list(new):
            return [f"{new_path}: keys {list(old)} became {list(new)}"]
        out: list[str] = []
        for old_key, new_key in zip(old, keys, strict=True):
            out += _differences(old[old_key], new[new_key], (*old_path, old_key),
                                (*new_path, new_key), replaced, renamed)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            out += _differences(a, b, (*old_path, index), (*new_path, index), replaced, renamed)
        return out
    if type(old) is type(new) and old == new:
        return []
    return [f"{new_path}: {old!r} became {new!r} without a fix there"]


#: Slips planted line by line in real files, each one a fix is offered for: a kind and an
#: apiVersion in the wrong case, a misspelt required key, tags in capitals.
_SLIPS = [
    (re.compile(r"^(\s*kind:\s*)Component\b"), r"\1component"),
    (re.compile(r"^(\s*)lifecycle:"), r"\1lifecyle:"),
    (re.compile(r"^(\s*apiVersion:\s*backstage\.io/)v1alpha1\b"), r"\1V1alpha1"),
    (re.compile(r"^(\s*tags:\s*\[\s*)([a-z])"), lambda m: m.group(1) + m.group(2).upper()),
]


def with_slips(content: bytes) -> bytes:
    """``content`` with the :data:`_SLIPS` planted (every other byte kept)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for pattern, replacement in _SLIPS:
            line = pattern.sub(replacement, line)  # type: ignore[arg-type]
        if index and re.match(r"^\s*tags:\s*(#.*)?\r?$", lines[index - 1]):
            line = re.sub(r"^(\s*-\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), line)
        lines[index] = line
    return "\n".join(lines).encode("utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.fixing.roundtrip FOLDER", file=sys.stderr)
        return 2
    source = Path(argv[0])
    paths = sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml", ".json")
                   and not p.name.endswith("verdicts.json"))
    files = in_folders(paths)
    failed = False
    for title, content in (("as they are", files),
                           ("with slips planted", {n: with_slips(c) for n, c in files.items()})):
        figures = check_files(content, named=True)
        print(f"# {title}")
        print("\n".join(figures.lines()))
        failed = failed or bool(figures.violations)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
