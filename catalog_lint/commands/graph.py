"""``catalog-lint graph``: draw the catalog as Mermaid or Graphviz DOT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import config_option, relative_to, resolve_config, snapshot_root
from catalog_lint.errors import FatalError
from catalog_lint.graph.options import catalog_options, graph_extra


@click.command("graph")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--blueprints", "blueprint_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of blueprint JSON files (repeatable); adds to or overrides the "
                   "built-in ones.")
@click.option("--format", "output_format", type=click.Choice(["mermaid", "dot"]),
              default="mermaid", show_default=True,
              help="Mermaid (renders in GitHub Markdown) or Graphviz DOT.")
@click.option("--focus", metavar="REF",
              help="Draw only the entities around this one: component:cart-service, "
                   "group:team-a, port:component/cart-service.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many relations away from it to draw.")
@click.option("--markdown", is_flag=True,
              help="Wrap Mermaid output in a ```mermaid block, ready to paste into Markdown.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the drawing to this file instead of standard output.")
@catalog_options
def command(paths: tuple[Path, ...], config_path: Path | None, blueprint_dirs: tuple[Path, ...],
            output_format: str, focus: str | None, depth: int, markdown: bool,
            output: Path | None, **catalog: Any) -> None:
    """Draw the catalog graph: every entity found (the given files and folders, or
    everything under the current folder) and its relations. References to entities that
    are not in the catalog are drawn dashed, in red.

    \b
    Examples:
      catalog-lint graph > catalog.mmd
      catalog-lint graph --focus component:cart-service --depth 2 --markdown
      catalog-lint graph --format dot | dot -Tsvg > catalog.svg
    """
    from catalog_lint.graph.render import render
    from catalog_lint.graph.stage import graph_of
    from catalog_lint.pipeline import RunOptions
    from catalog_lint.snapshot import WorktreeSnapshot

    if markdown and output_format != "mermaid":
        raise click.UsageError("--markdown wraps Mermaid output; it does not apply to --format dot")
    cwd = Path.cwd()
    config = resolve_config(config_path, cwd)
    root = snapshot_root(cwd, paths)
    options = RunOptions(paths=[relative_to(p, root) for p in paths],
                         blueprint_dirs=list(blueprint_dirs), extra=graph_extra(catalog))
    with WorktreeSnapshot(root, cwd) as snapshot:
        _, graph = graph_of(snapshot, config, options)
    text = render(graph, output_format, focus, depth)
    if markdown:
        text = f"```mermaid\n{text}```\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"{output}: cannot write graph: {exc.strerror or exc}") from None
