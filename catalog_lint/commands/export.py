"""``catalog-lint export``: write every entity of a repository as a catalog export, for
other repositories (or a central catalog) to resolve references against."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import config_option, relative_to, resolve_config, snapshot_root
from catalog_lint.errors import FatalError
from catalog_lint.graph.options import graph_extra, url_options
from catalog_lint.terminal import escape


@click.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable); adds to or overrides the "
                   "built-in ones.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the export to this file instead of standard output.")
@click.option("--source", default=None, metavar="NAME",
              help="Name of this repository in the export (default: the repository's folder name).")
@url_options
def command(paths: tuple[Path, ...], config_path: Path | None, blueprint_dirs: tuple[Path, ...],
            output: Path | None, source: str | None, **urls: Any) -> None:
    """Export every entity found (the given files and folders, or everything under the
    current folder, following Location targets) as JSON: kind, namespace, name, file,
    line and the references of each. Load exports with --catalog.

    \b
    Examples:
      catalog-lint export -o catalog.json
      catalog-lint validate --catalog ../platform/catalog.json
    """
    from catalog_lint.graph.exchange import dumps, export
    from catalog_lint.graph.stage import graph_of
    from catalog_lint.pipeline import ENTITY_LINES, RunOptions
    from catalog_lint.snapshot import WorktreeSnapshot

    cwd = Path.cwd()
    config = resolve_config(config_path, cwd)
    root = snapshot_root(cwd, paths)
    options = RunOptions(paths=[relative_to(p, root) for p in paths],
                         blueprint_dirs=list(blueprint_dirs),
                         extra={**graph_extra(urls), ENTITY_LINES: True})
    with WorktreeSnapshot(root, cwd) as snapshot:
        _, graph = graph_of(snapshot, config, options)
        top = snapshot.git_dir
        name = source or (top or snapshot.root).name
        revision = _head(top) if top is not None else None
    data = export(graph, name, revision)
    text = dumps(data)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FatalError(f"{output}: cannot write export: {exc.strerror or exc}") from None
        count = len(data["entities"])
        click.echo(f"wrote {count} entit{'y' if count == 1 else 'ies'} to {escape(str(output))}",
                   err=True)


def _head(folder: Path) -> str | None:
    """The commit checked out, when there is one (a new repository has none)."""
    try:
        result = subprocess.run(["git", "-C", str(folder), "rev-parse", "--verify", "-q", "HEAD"],
                                capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() or None
