"""``catalog-lint facts``: the ownership, history and branch-protection facts of a
repository and of each entity, with where each came from, so a person can see why a
rule or a score said what it said."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import config_option, resolve_config, write_output
from catalog_lint.errors import EXIT_OK


@click.command("facts")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--rev", help="Read this commit (branch, tag, SHA) instead of the working tree.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@config_option
def command(path: Path | None, rev: str | None, output_format: str, output: Path | None,
            config_path: Path | None) -> None:
    """Print the facts computed from git for PATH (default: the current folder).

    \b
    Examples:
      catalog-lint facts
      catalog-lint facts services/cart --format json
      catalog-lint facts --rev origin/main
    """
    from catalog_lint.errors import FatalError
    from catalog_lint.facts import dora
    from catalog_lint.facts.dora_figures import dora_figures
    from catalog_lint.facts.repository import compute
    from catalog_lint.facts.stage import publish
    from catalog_lint.pipeline import Run, RunOptions, resolve_targets
    from catalog_lint.snapshot import CommitSnapshot, Snapshot, WorktreeSnapshot, git_toplevel

    cwd = Path.cwd()
    folder = (path if path is None or path.is_absolute() else cwd / path) or cwd
    folder = folder.resolve()
    if rev is None and not folder.is_dir():
        raise FatalError(f"{path}: no such folder")
    config = resolve_config(config_path, folder if folder.is_dir() else cwd)
    snapshot: Snapshot
    if rev is not None:
        top = git_toplevel(folder if folder.is_dir() else cwd)
        if top is None:
            raise FatalError(f"{folder}: not a git repository, so --rev cannot be read")
        try:
            subdir = folder.relative_to(top.resolve()).as_posix()
        except ValueError:
            subdir = ""
        snapshot = CommitSnapshot(top, rev, "" if subdir == "." else subdir)
    else:
        snapshot = WorktreeSnapshot(folder, cwd)
    with snapshot:
        state = Run(snapshot, config, RunOptions())
        for target in resolve_targets(snapshot, config, []):
            state.read(target)
        settings: dict[str, Any] = dict(config.get("ownership", {}) or {})
        result = compute(snapshot, settings, state.entities)
        # DORA from the same history, as score and check compute it
        dora_settings = dora.DoraSettings.from_config(config.get("dora"),
                                                      config.source or "config")
        for name, value in dora.compute(snapshot.git_dir, snapshot.revision,
                                        dora_settings).items():
            result.facts.set(name, value, dora.SOURCE)
        publish(state, result)
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
    """Facts as indented ``name: value  [source]`` lines."""
    lines = [f"repository {data['root']}" + (f" at {data['revision']}" if data.get("revision")
                                              else " (working tree)")]
    for note in data.get("notes", []):
        lines.append(f"  note: {note}")
    sources: dict[str, str] = data.get("sources", {})
    lines.extend(_tree(data["repository"], "", sources, "  "))
    for ref, facts in data.get("entities", {}).items():
        lines.append("")
        lines.append(f"{ref}  ({files.get(ref, '?')})")
        lines.extend(_tree(facts, "", {}, "  "))
    return "\n".join(lines) + "\n"


def _tree(node: dict[str, Any], prefix: str, sources: dict[str, str], indent: str
          ) -> list[str]:
    lines = []
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and not value.get("unknown"):
            lines.extend(_tree(value, name, sources, indent))
            continue
        source = sources.get(name)
        lines.append(f"{indent}{name}: {_value(value)}" + (f"  [{source}]" if source else ""))
    return lines


def _value(value: Any) -> str:
    if isinstance(value, dict) and value.get("unknown"):
        return f"unknown ({value.get('reason')})"
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
