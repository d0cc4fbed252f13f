"""``catalog-lint init``: write a first entity file from what the repository says."""

from __future__ import annotations

import os
from pathlib import Path

import click

from catalog_lint.commands.common import blueprints_option, config_option, resolve_config
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK, FatalError


@click.command("init")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@config_option
@click.option("--dialect", type=click.Choice(["backstage", "port"]), default="backstage",
              show_default=True,
              help="backstage: a catalog-info.yaml with a Component; port: a port.yml with an "
                   "entity of --blueprint.")
@click.option("--blueprint", "blueprint_id", default="component", show_default=True,
              metavar="IDENTIFIER", help="The Port blueprint of the entity (--dialect port).")
@blueprints_option
@click.option("--interactive", is_flag=True, default=False,
              help="Ask for each value, with the guesses as defaults.")
@click.option("--force", is_flag=True, default=False,
              help="Replace an entity file that is already there.")
def command(path: Path | None, config_path: Path | None, dialect: str, blueprint_id: str,
            blueprint_dirs: tuple[Path, ...], interactive: bool, force: bool) -> None:
    """Write a first catalog-info.yaml (or, with --dialect port, a port.yml) for the
    repository in PATH (default: the current folder), from what the repository says: the
    name from the git remote or the folder, the owner from CODEOWNERS, the description
    from the README, the type from the files present, project-slug and TechDocs
    annotations. It prints each value and where it came from; the lifecycle is left for
    you, with a comment in the file.

    Exit codes: 0 written, and it validates; 1 written, with errors to fix (listed);
    2 not written (an entity file is already there: --force replaces it).

    \b
    Examples:
      catalog-lint init
      catalog-lint init services/cart --interactive
      catalog-lint init --dialect port
    """
    from catalog_lint.atomic_write import atomic_write
    from catalog_lint.blueprints import load_configured
    from catalog_lint.scaffold import document
    from catalog_lint.scaffold.guess import Repository, guess_all
    from catalog_lint.scaffold.plan import decide
    from catalog_lint.terminal import escape

    folder = (path or Path.cwd()).absolute()
    if not folder.is_dir():
        raise FatalError(f"{path}: no such folder")
    config = resolve_config(config_path, folder)
    name = document.PORT_FILE if dialect == "port" else document.BACKSTAGE_FILE
    _refuse_existing(folder, name, force)
    blueprint = None
    if dialect == "port":
        blueprint = load_configured(config, blueprint_dirs).port(blueprint_id)
        if blueprint is None:
            raise FatalError(f"no Port blueprint {blueprint_id!r} (catalog-lint blueprints "
                             "list shows them)")
    repository = Repository(folder, config)
    try:
        guesses = guess_all(repository)
    finally:
        repository.close()
    values, lines = decide(guesses, _ask if interactive else None, port=blueprint is not None)
    text, expected = (document.port(values, blueprint) if blueprint is not None
                      else document.backstage(values))
    try:
        document.check(text, expected)
    except document.NotWritable as exc:
        raise FatalError(f"{name}: not written: {exc}") from None
    target = folder / name
    try:
        atomic_write(str(target), text.encode("utf-8"))
    except OSError as exc:
        raise FatalError(f"{target}: cannot write: {exc.strerror or exc}") from None
    shown = os.path.relpath(target, Path.cwd())
    click.echo(f"Wrote {escape(shown)}:")
    width = max(len(line.field) for line in lines)
    value_width = min(max(len(line.value) for line in lines), 40)
    for line in lines:
        value = _short(line.value, 40)
        click.echo(escape(f"  {line.field:<{width}}  {value:<{value_width}}  from {line.source}"))
    errors = _errors(folder, name, config, blueprint_dirs)
    for error in errors:
        click.echo(escape(error), err=True)
    click.echo(f"Check it with: catalog-lint validate {escape(shown)}")
    raise SystemExit(EXIT_FINDINGS if errors else EXIT_OK)


def _refuse_existing(folder: Path, name: str, force: bool) -> None:
    """An entity file of the dialect already in the folder (``catalog-info.yml``,
    ``x.catalog-info.yaml``; ``port.json``) stays, unless ``--force`` (which replaces
    only the file ``init`` writes)."""
    if force:
        return
    stem = name.rsplit(".", 1)[0]

    def same_kind(entry: str) -> bool:
        base, dot, extension = entry.rpartition(".")
        if not dot or extension not in ("yaml", "yml", "json"):
            return False
        return base == stem or (stem == "catalog-info" and base.endswith(".catalog-info"))

    present = sorted(entry.name for entry in folder.iterdir()
                     if entry.name == name or same_kind(entry.name))
    if present:
        shown = os.path.relpath(folder / present[0], Path.cwd())
        raise FatalError(f"{shown} is already there; not replaced (--force replaces it)")


def _ask(field: str, default: str, choices: tuple[str, ...]) -> str:
    from catalog_lint.backstage_formats import is_object_name

    def valid_name(value: str) -> str:
        if not is_object_name(value.strip()):
            raise click.BadParameter("an entity name is 1-63 letters, digits, '-', '_' or "
                                     "'.', starting and ending with a letter or digit")
        return value

    kind = click.Choice(choices) if choices else None
    return str(click.prompt(field, default=default or "", show_default=bool(default), type=kind,
                            value_proc=valid_name if field == "name" else None))


def _short(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _errors(folder: Path, name: str, config: object, blueprint_dirs: tuple[Path, ...]) -> list[str]:
    """The errors ``validate`` reports on the file written, one line each."""
    from catalog_lint.config import Config
    from catalog_lint.findings import Severity
    from catalog_lint.pipeline import RunOptions, run
    from catalog_lint.snapshot import WorktreeSnapshot

    assert isinstance(config, Config)
    with WorktreeSnapshot(folder, folder) as snapshot:
        report = run(snapshot, config, RunOptions(paths=[name], blueprint_dirs=list(blueprint_dirs)))
    return [f"{name}:{f.line}:{f.column}: {f.severity.value} {f.rule} {f.message}"
            for f in report.findings if f.severity is Severity.ERROR]
