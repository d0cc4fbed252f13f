"""``catalog-lint facts``: the ownership, history and branch-protection facts of a
repository and of each entity, with where each came from, so a person can see why a
rule or a score said what it said."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import (
    config_option,
    resolve_config,
    subdir_of,
    write_output,
)
from catalog_lint.errors import EXIT_OK
from catalog_lint.github.options import github_api_option


@click.command("facts")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--rev", help="Read this commit (branch, tag, SHA) instead of the working tree.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@config_option
@github_api_option
def command(path: Path | None, rev: str | None, output_format: str, output: Path | None,
            config_path: Path | None, github_api_url: str | None) -> None:
    """Print the facts computed from git for PATH (default: the current folder).

    \b
    Examples:
      catalog-lint facts
      catalog-lint facts services/cart --format json
      catalog-lint facts --rev origin/main
    """
    import os

    from catalog_lint.errors import FatalError
    from catalog_lint.facts import dora
    from catalog_lint.facts.dora_figures import dora_figures
    from catalog_lint.facts.repository import compute
    from catalog_lint.facts.stage import publish
    from catalog_lint.github.access import ApiAccess
    from catalog_lint.pipeline import Run, RunOptions, resolve_targets
    from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot

    cwd = Path.cwd()
    folder = (path if path is None or path.is_absolute() else cwd / path) or cwd
    folder = folder.resolve()
    if rev is None and not folder.is_dir():
        raise FatalError(f"{path}: no such folder")
    config = resolve_config(config_path, folder if folder.is_dir() else cwd)
    snapshot: Snapshot
    if rev is not None:
        start = folder if folder.is_dir() else cwd
        snapshot = CommitSnapshot(start, rev, subdir_of(folder) if folder.is_dir() else "")
    else:
        snapshot = WorktreeSnapshot(folder, cwd)
    with snapshot:
        state = Run(snapshot, config, RunOptions())
        targets = resolve_targets(snapshot, config, [])
        snapshot.prefetch(targets)
        for target in targets:
            state.read(target)
        settings: dict[str, Any] = dict(config.get("ownership", {}) or {})
        access = ApiAccess.from_environment(os.environ, github_api_url)
        result = compute(snapshot, settings, state.entities, api=access,
                         config_file=config.source)
        # DORA from the same history, as score and check compute it
        dora_settings = dora.DoraSettings.from_config(config.get("dora"),
                                                      config.source or "config")
        for name, value in dora.compute(snapshot.git_dir, snapshot.revision,
                                        dora_settings).items():
            result.facts.set(name, value, dora.SOURCE)
        publish(state, result)
        state.write_facts_section()
        data = state.sections["facts"]
        data["dora"] = dora_figures(data["repository"])
        data["revision"] = snapshot.revision
        data["root"] = str(snapshot.root)
        data["timings"] = {k: round(v, 3) for k, v in result.timings.items()}
        files = {e.ref: e.file for e in state.entities}
    if output_format == "json":
        text = json.dumps(data, indent=2, sort_keys=False) + "\n"
    else:
        text = render_text(data, files)
    write_output(text, output)
    raise SystemExit(EXIT_OK)


def render_text(data: dict[str, Any], files: dict[str, str]) -> str:
    """Facts as indented ``name: value  [source]`` lines.

    A reason shared by several unknown facts (outside a git repository, every fact has
    the same one) is printed once, as a numbered note at the top, and each fact refers
    to it: ``unknown (note 1)``. A reason given once stays on its fact's line."""
    from catalog_lint.terminal import escape_data

    # Names, paths, authors and values come from the repository: shown, never obeyed.
    data, files = escape_data(data), escape_data(files)
    entities: dict[str, Any] = data.get("entities", {})
    reasons = _shared_reasons([data["repository"], *entities.values()])
    lines = [f"repository {data['root']}" + (f" at {data['revision']}" if data.get("revision")
                                              else " (working tree)")]
    for note in data.get("notes", []):
        if note not in reasons:
            lines.append(f"  note: {note}")
    lines.extend(f"  note {number}: {reason}" for reason, number in reasons.items())
    sources: dict[str, str] = data.get("sources", {})
    lines.extend(_tree(data["repository"], "", sources, "  ", reasons))
    for ref, facts in entities.items():
        lines.append("")
        lines.append(f"{ref}  ({files.get(ref, '?')})")
        lines.extend(_tree(facts, "", {}, "  ", reasons))
    return "\n".join(lines) + "\n"


def _shared_reasons(trees: list[Any]) -> dict[str, int]:
    """Each reason that more than one unknown fact gives, numbered in order of first use."""
    counts: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("unknown"):
                reason = str(node.get("reason"))
                counts[reason] = counts.get(reason, 0) + 1
                return
            for value in node.values():
                walk(value)

    for tree in trees:
        walk(tree)
    shared = [reason for reason, count in counts.items() if count > 1]
    return {reason: number for number, reason in enumerate(shared, 1)}


def _tree(node: dict[str, Any], prefix: str, sources: dict[str, str], indent: str,
          reasons: dict[str, int]) -> list[str]:
    lines = []
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and not value.get("unknown"):
            lines.extend(_tree(value, name, sources, indent, reasons))
            continue
        source = sources.get(name)
        lines.append(f"{indent}{name}: {_value(value, reasons)}"
                     + (f"  [{source}]" if source else ""))
    return lines


def _value(value: Any, reasons: dict[str, int]) -> str:
    if isinstance(value, dict) and value.get("unknown"):
        reason = str(value.get("reason"))
        return f"unknown (note {reasons[reason]})" if reason in reasons else f"unknown ({reason})"
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "date" in v and "name" in v for v in value):
            return ", ".join(  # DORA deployments
                f"{v['name']} ({str(v['date'])[:10]}, {v.get('changes')} change"
                f"{'s' if v.get('changes') != 1 else ''}{', failed' if v.get('failed') else ''})"
                for v in value)
        if value and all(isinstance(v, dict) and "email" in v for v in value):
            return ", ".join(f"{v['name']} <{v['email']}> ({v['changes']})" for v in value) \
                or "[]"
        return ", ".join(str(v) for v in value) if value else "[]"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
