"""``catalog-lint blueprints``: tools for the platform teams that publish blueprints.

Thin: each subcommand parses its options and calls :mod:`catalog_lint.blueprint_tools`
or :mod:`catalog_lint.blueprint_sets`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from catalog_lint.commands.common import config_option, resolve_config, write_output
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK, FatalError
from catalog_lint.findings import Severity

LINT_FORMATS = ["text", "json", "github", "sarif"]

F = TypeVar("F", bound=Callable[..., Any])


def _blueprints_option(function: F) -> F:
    return click.option(
        "--blueprints", "blueprint_dirs", multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of blueprints (repeatable), after those of the configuration.",
    )(function)


@click.group("blueprints")
def command() -> None:
    """Publish, pin, check and document blueprint sets.

    \b
    A blueprint set is a folder of blueprints (JSON or YAML: Backstage kinds and Port
    blueprints), a scorecards/ folder and a manifest (blueprint-set.yaml: name, version),
    published as a Python package (entry point group catalog_lint.blueprints) or in a git
    repository pinned in catalog-lint.lock. See docs/platform-teams.md.
    """


@command.command("list")
@config_option
@_blueprints_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def list_command(config_path: Path | None, blueprint_dirs: tuple[Path, ...],
                 output_format: str) -> None:
    """Every blueprint in force, its source (built-in, folder, package and version, git
    commit) and the blueprint it replaces or extends; then the scorecards."""
    from catalog_lint.blueprint_tools.listing import inventory, render_text
    from catalog_lint.blueprints import load_configured
    from catalog_lint.scorecards.stage import select_scorecards

    config = resolve_config(config_path, Path.cwd())
    registry = load_configured(config, blueprint_dirs)
    data = inventory(registry, select_scorecards(config, None, registry.scorecard_folders()))
    if output_format == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(render_text(data), nl=False)


@command.command("lock")
@config_option
@click.option("--update", is_flag=True,
              help="Take the commit each ref names now (every git set, or the URLs given).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 when the lock file is out of date or a locked ref "
                   "moved on the remote.")
@click.argument("urls", nargs=-1, metavar="[URL]...")
def lock_command(config_path: Path | None, update: bool, check: bool,
                 urls: tuple[str, ...]) -> None:
    """Fetch the git blueprint sets of the configuration and record their commit and
    content hash in catalog-lint.lock (beside the configuration file).

    \b
    Exit codes: 0 the lock file is (now) up to date; 1 with --check, it is not, or a
    locked tag or branch moved; 2 a set cannot be fetched or does not match its hash.

    \b
    Examples:
      catalog-lint blueprints lock
      catalog-lint blueprints lock --update https://github.com/acme/blueprints
      catalog-lint blueprints lock --check
    """
    from catalog_lint.blueprint_sets.locking import lock

    if urls and not update:
        raise click.UsageError("URLs choose which sets --update takes anew; add --update")
    config = resolve_config(config_path, Path.cwd())
    result = lock(config, update=update, only=urls, check=check)
    for line in result.lines:
        click.echo(line)
    if check and (result.changed or result.moved):
        click.echo("catalog-lint.lock is not up to date (run: catalog-lint blueprints lock"
                   f"{' --update' if result.moved else ''})", err=True)
        raise SystemExit(EXIT_FINDINGS)
    raise SystemExit(EXIT_OK)


@command.command("lint")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path),
                default=Path("blueprints"))
@config_option
@_blueprints_option
@click.option("--format", "output_format", type=click.Choice(LINT_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the findings to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Lowest severity that fails the run.")
def lint_command(folder: Path, config_path: Path | None, blueprint_dirs: tuple[Path, ...],
                 output_format: str, output: Path | None, fail_on: str) -> None:
    """Check a blueprint set (FOLDER, default: blueprints): each blueprint against the
    blueprint schema and its schema against JSON Schema draft-07, patterns that compile,
    relation targets that are in force, scorecard rules that read properties the
    blueprints have, and the manifest. Findings name the file and line.

    \b
    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 the
    folder cannot be read.
    """
    from catalog_lint.blueprint_tools.lint import lint_folder
    from catalog_lint.blueprint_tools.output import render_lint
    from catalog_lint.blueprints import configured_sources

    if not folder.is_dir():
        raise FatalError(f"{folder}: no such folder (name the blueprint set's folder)")
    config = resolve_config(config_path, Path.cwd())
    here = folder.resolve()
    context = [s for s in configured_sources(config, blueprint_dirs)
               if s.folder.resolve() != here]
    result = lint_folder(folder, context, folder.as_posix().rstrip("/"))
    write_output(render_lint(result, output_format), output)
    failed = fail_on != "never" and result.fails(Severity.parse(fail_on))
    raise SystemExit(EXIT_FINDINGS if failed else EXIT_OK)


@command.command("schema")
@config_option
@_blueprints_option
@click.option("-o", "--output", "output_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the schemas into (created when missing).")
def schema_command(config_path: Path | None, blueprint_dirs: tuple[Path, ...],
                   output_dir: Path) -> None:
    """Write JSON Schemas for editors and check-jsonschema: catalog-info.schema.json for
    Backstage entity files (every kind in force) and <identifier>.schema.json for each
    Port blueprint.

    \b
    Use them in VS Code (YAML extension): a first line
      # yaml-language-server: $schema=schemas/catalog-info.schema.json
    or the yaml.schemas setting; in CI:
      check-jsonschema --schemafile schemas/catalog-info.schema.json catalog-info.yaml
    """
    from catalog_lint.blueprint_tools.editor_schema import write_schemas
    from catalog_lint.blueprints import load_configured

    config = resolve_config(config_path, Path.cwd())
    written = write_schemas(load_configured(config, blueprint_dirs), output_dir)
    click.echo(f"wrote {len(written)} schema{'s' if len(written) != 1 else ''} to {output_dir}",
               err=True)
