"""How the exported editor schema (``catalog-lint blueprints schema``) judges Backstage
documents, against the verdicts of Backstage's own validator.

Usage::

    python benchmarks/editor_schema_agreement.py CORPUS_DIR VERDICTS_JSON [--blueprints DIR]

Every document of every file (``<file>#<index>`` in ``VERDICTS_JSON``) is written to a
file of its own, and check-jsonschema checks all of them in one run against
``catalog-info.schema.json``. The goal: no document Backstage accepts is rejected (no
false squiggle in an editor), and most documents it rejects are. Documents whose verdict
is marked ``unresolvedPlaceholders``, and those Backstage could not parse, are left out;
documents with placeholders are counted apart (Backstage judged them with the content
of other files, which the schema cannot see);
templates judged by the catalog's policies only (``kindChecked: false``) are counted
apart, since their spec is checked by the scaffolder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus_agreement import split_documents
from catalog_lint.blueprint_tools.editor_schema import write_schemas
from catalog_lint.blueprints import load_blueprints


@dataclass
class Agreement:
    accepted_valid: int = 0
    rejected_valid: list[str] = field(default_factory=list)  # false squiggles
    rejected_invalid: int = 0
    accepted_invalid: list[str] = field(default_factory=list)  # missed
    apart: Counter[str] = field(default_factory=Counter)

    @property
    def valid(self) -> int:
        return self.accepted_valid + len(self.rejected_valid)

    @property
    def invalid(self) -> int:
        return self.rejected_invalid + len(self.accepted_invalid)


def split(corpus: Path, verdicts: dict[str, Any], out: Path) -> dict[str, str]:
    """One file per judged document; returns file name -> verdict key."""
    names: dict[str, str] = {}
    for file in sorted({key.rsplit("#", 1)[0] for key in verdicts}):
        text = (corpus / file).read_text(encoding="utf-8", errors="replace")
        for index, chunk in enumerate(split_documents(text)):
            key = f"{file}#{index}"
            if key not in verdicts:
                continue
            name = f"{len(names):05d}.yaml"
            (out / name).write_text(chunk.text, encoding="utf-8")
            names[name] = key
    return names


def read_alike(text: str) -> bool:
    """Whether check-jsonschema's YAML parser (ruamel.yaml, with dates kept as strings)
    reads the document as catalog-lint's reader (and Backstage's) does. Where they differ
    (ruamel.yaml reads 1_000 and 0b101 as numbers and merges ``<<`` keys), the schema is
    not what is judged."""
    import ruamel.yaml

    from catalog_lint.yaml_reader import parse_stream

    ours = [d.data for d in parse_stream(text).documents if not d.empty]
    loader = ruamel.yaml.YAML(typ="safe")
    loader.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = (
        loader.constructor.yaml_constructors["tag:yaml.org,2002:str"])
    try:
        theirs = loader.load(text)
    except ruamel.yaml.YAMLError:
        return False
    return bool(ours) and json.dumps(ours[0], sort_keys=True, default=str) == json.dumps(
        theirs, sort_keys=True, default=str)


def rejected(schema: Path, files: list[Path]) -> set[str]:
    """The names of the files check-jsonschema rejects (one run for all of them)."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
         "-o", "json", *map(str, files)],
        capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    bad = {Path(error["filename"]).name for error in report.get("errors", [])}
    bad |= {Path(error["filename"]).name for error in report.get("parse_errors", [])}
    return bad


def agreement(corpus: Path, verdicts: dict[str, Any], blueprints: list[Path],
              work: Path) -> Agreement:
    schema_dir = work / "schemas"
    write_schemas(load_blueprints(blueprints), schema_dir)
    docs = work / "docs"
    docs.mkdir()
    names = split(corpus, verdicts, docs)
    judged = {name: key for name, key in names.items()
              if not verdicts[key].get("unresolvedPlaceholders")
              and verdicts[key].get("stage") != "parse"}
    bad = rejected(schema_dir / "catalog-info.schema.json", [docs / n for n in sorted(judged)])
    result = Agreement()
    for name, key in sorted(judged.items()):
        verdict = verdicts[key]
        said_no = name in bad
        if not read_alike((docs / name).read_text(encoding="utf-8")):
            result.apart["read differently by check-jsonschema's YAML parser"] += 1
            continue
        if verdict.get("placeholders"):  # judged after the catalog replaced them: the
            # content of another file, which an editor's schema cannot see
            result.apart[f"placeholders, {'rejected' if said_no else 'accepted'} by the "
                         f"schema, {'valid' if verdict['valid'] else 'invalid'} after "
                         "replacement"] += 1
            continue
        if verdict.get("kind") == "Template" and not verdict.get("kindChecked", True):
            result.apart[f"template, {'rejected' if said_no else 'accepted'} by the schema, "
                         f"{'valid' if verdict['valid'] else 'invalid'} by the policies"] += 1
            continue
        if verdict["valid"]:
            if said_no:
                result.rejected_valid.append(key)
            else:
                result.accepted_valid += 1
        elif said_no:
            result.rejected_invalid += 1
        else:
            result.accepted_invalid.append(key)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("verdicts", type=Path)
    parser.add_argument("--blueprints", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    verdicts = json.loads(args.verdicts.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        result = agreement(args.corpus, verdicts, args.blueprints, Path(work))
    print(f"valid documents: {result.valid}, accepted by the schema: {result.accepted_valid}, "
          f"rejected (false squiggles): {len(result.rejected_valid)}")
    share = result.rejected_invalid / result.invalid if result.invalid else 1.0
    print(f"invalid documents: {result.invalid}, rejected by the schema: "
          f"{result.rejected_invalid} ({share:.0%}), accepted: {len(result.accepted_invalid)}")
    for label, count in sorted(result.apart.items()):
        print(f"apart: {count} {label}")
    for key in result.rejected_valid:
        print(f"FALSE SQUIGGLE {key}")
    for key in result.accepted_invalid:
        print(f"missed {key}: {verdicts[key].get('error')}")
    return 1 if result.rejected_valid else 0


if __name__ == "__main__":
    sys.exit(main())
