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

from catalog_lint.commands.common import (
    comment_options_keyed,
    config_option,
    resolve_config,
    write_output,
)
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK, FatalError
from catalog_lint.findings import Severity
from catalog_lint.terminal import escape

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
        click.echo(escape(render_text(data)), nl=False)


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
        click.echo(escape(line))
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


def _output_dir_option(what: str) -> Callable[[F], F]:
    return click.option("-o", "--output", "output_dir", required=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help=f"Folder to write the {what} into (created when missing).")


@command.command("schema")
@config_option
@_blueprints_option
@_output_dir_option("schemas")
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
    click.echo(f"wrote {len(written)} schema{'s' if len(written) != 1 else ''} to "
               f"{escape(str(output_dir))}",
               err=True)


@command.command("diff")
@click.argument("folder", required=False, default="blueprints")
@click.option("--base", "base_ref", required=True, metavar="REF",
              help="The commit to compare against: a SHA, branch or tag.")
@click.option("--head", "head_ref", metavar="REF",
              help="The commit to check (default: the working tree as it is).")
@click.option("--catalog", "catalogs", multiple=True, metavar="EXPORT",
              type=click.Path(dir_okay=False, path_type=Path),
              help="A catalog export (catalog-lint export -o FILE) of a consumer repository "
                   "whose entities are checked against the new blueprints (repeatable).")
@config_option
@click.option("--fail-on", type=click.Choice(["regression", "any", "never"]),
              default="regression", show_default=True,
              help="regression: fail when a breaking change breaks an exported entity; any: "
                   "also on a breaking change that breaks none; never: always exit 0.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result to this file instead of standard output.")
@click.option("--comment", is_flag=True,
              help="Post the Markdown result as a pull-request comment (token from "
                   "GITHUB_TOKEN), updating the one an earlier run posted.")
@comment_options_keyed("blueprints")
def diff_command(folder: str, base_ref: str, head_ref: str | None, catalogs: tuple[Path, ...],
                 config_path: Path | None, fail_on: str, output_format: str,
                 output: Path | None, comment: bool, repository: str | None,
                 number: int | None, key: str, always: bool | None) -> None:
    """Classify every change of the blueprint set in FOLDER (default: blueprints) between
    two commits as breaking or compatible, and list every entity of the given catalog
    exports that the new blueprints would reject, with its repository, file and line.

    \b
    Exit codes: 0 nothing fails (see --fail-on); 1 a breaking change breaks an exported
    entity (with --fail-on any: any breaking change); 2 the check could not run.

    \b
    Examples:
      catalog-lint blueprints diff --base origin/main --catalog exports/cart.json
      catalog-lint blueprints diff --base v1.4.0 --head v1.5.0 --format markdown
    """
    from catalog_lint.blueprint_tools.diff import diff_sets
    from catalog_lint.blueprint_tools.diff_render import render_markdown, render_text
    from catalog_lint.blueprints import configured_sources
    from catalog_lint.graph.exchange import FetchLimits, read_export
    from catalog_lint.snapshot import git_toplevel

    cwd = Path.cwd()
    repo = git_toplevel(cwd)
    if repo is None:
        raise FatalError(f"{cwd}: not inside a git repository; blueprints diff compares commits")
    relative = _inside(repo, cwd / folder)
    base = _commit(repo, base_ref, "base")
    head = _commit(repo, head_ref, "head") if head_ref else None
    config = resolve_config(config_path, cwd)
    here = (repo / relative).resolve()
    context = [s for s in configured_sources(config) if s.folder.resolve() != here]
    exports = [read_export(str(path), cwd, FetchLimits()) for path in catalogs]
    result = diff_sets(repo, relative, base, head, context, exports, [str(c) for c in catalogs])
    if output_format == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif output_format == "markdown":
        text = render_markdown(result)
    else:
        text = render_text(result)
    write_output(text, output)
    if comment:
        from catalog_lint.github.comment import post_markdown

        try:
            click.echo(escape(post_markdown(render_markdown(result), repository=repository,
                                     number=number, key=key,
                                     create=bool(always) or result.fails("any"))), err=True)
        except FatalError as exc:  # the verdict stands when the comment cannot be posted
            click.echo(f"catalog-lint: warning: could not post the comment: {escape(exc.message)}",
                       err=True)
    raise SystemExit(EXIT_FINDINGS if result.fails(fail_on) else EXIT_OK)


def _inside(repo: Path, folder: Path) -> str:
    try:
        return folder.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise FatalError(f"{folder}: outside the repository {repo}") from None


def _commit(repo: Path, ref: str, side: str) -> str:
    import subprocess

    if ref.startswith("-"):
        raise FatalError(f"{side} {ref!r}: not a commit (a reference cannot start with '-')")
    found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                            "--end-of-options", f"{ref}^{{commit}}"],
                           capture_output=True, text=True, check=False)
    if found.returncode != 0:
        raise FatalError(f"{side} {ref}: no such commit, branch or tag in {repo}")
    return found.stdout.strip()


@command.command("docs")
@config_option
@_blueprints_option
@_output_dir_option("pages")
def docs_command(config_path: Path | None, blueprint_dirs: tuple[Path, ...],
                 output_dir: Path) -> None:
    """Write a Markdown reference page per blueprint in force (properties with types,
    allowed values, required marks, descriptions and examples; relations and their
    targets; the scorecard rules that read each property; a minimal example) and an
    index.md, for the people who write entity files."""
    from catalog_lint.blueprint_tools.reference import write_docs
    from catalog_lint.blueprints import load_configured
    from catalog_lint.scorecards.stage import select_scorecards

    config = resolve_config(config_path, Path.cwd())
    registry = load_configured(config, blueprint_dirs)
    scorecards = select_scorecards(config, None, registry.scorecard_folders())
    written = write_docs(registry, scorecards, output_dir)
    click.echo(f"wrote {len(written)} pages to {escape(str(output_dir))}", err=True)
