"""``catalog-lint fix``: apply the fixes the rules offer, keeping every other byte."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from catalog_lint.commands.common import (
    blueprints_option,
    config_option,
    relative_to,
    resolve_config,
    rule_selected,
    rule_selection_options,
    snapshot_root,
)
from catalog_lint.errors import EXIT_FINDINGS, EXIT_OK
from catalog_lint.graph.options import catalog_options, graph_extra


@click.command("fix")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@blueprints_option
@click.option("--diff", "show_diff", is_flag=True, default=False,
              help="Print the changes as a unified diff and write nothing; exit code 1 when "
                   "there is something to fix.")
@click.option("--unsafe-fixes", "unsafe", is_flag=True, default=False,
              help="Also apply the fixes that change what a value means (each rule's page "
                   "says which are unsafe).")
@click.option("--exit-non-zero-on-fix", "strict", is_flag=True, default=False,
              help="Exit with code 1 when a file was changed (as pre-commit's fixers do).")
@rule_selection_options
@catalog_options
def command(paths: tuple[Path, ...], config_path: Path | None, blueprint_dirs: tuple[Path, ...],
            show_diff: bool, unsafe: bool, strict: bool, selected: tuple[str, ...],
            ignored: tuple[str, ...], **graph: Any) -> None:
    """Fix what can be fixed in entity files: the given files and folders, or every entity
    file under the current folder. Only the fixed value or key changes: comments, key
    order, quoting, indentation and document markers stay as they were. Safe fixes only,
    unless --unsafe-fixes.

    Exit codes: 0 done (or nothing to fix); 1 with --diff when something would change,
    with --exit-non-zero-on-fix when something changed, or when a fix could not be
    applied; 2 the run could not do its job.

    \b
    Examples:
      catalog-lint fix
      catalog-lint fix --diff
      catalog-lint fix services/cart/catalog-info.yaml --select metadata-tags
    """
    from catalog_lint.fixing.engine import FixOptions, run_fixes
    from catalog_lint.fixing.summary import refusal_lines, summary
    from catalog_lint.fixing.writing import NotWritten, unified_diff, write
    from catalog_lint.pipeline import RunOptions
    from catalog_lint.snapshot import WorktreeSnapshot
    from catalog_lint.terminal import escape

    cwd = Path.cwd()
    config = resolve_config(config_path, cwd)
    root = snapshot_root(cwd, paths)
    options = RunOptions(paths=[relative_to(p, root) for p in paths],
                         blueprint_dirs=list(blueprint_dirs), extra=graph_extra(graph))

    def wanted(rule: str) -> bool:
        return rule_selected(rule, selected, ignored)

    with WorktreeSnapshot(root, cwd) as snapshot:
        result = run_fixes(snapshot, config, options, FixOptions(unsafe=unsafe, wanted=wanted))
        boundary = snapshot.git_dir
    out = sys.stderr if show_diff else sys.stdout  # with --diff, standard output is the diff
    terminal = sys.stdout.isatty()
    failed = bool(result.refused)
    for change in result.changed:
        if show_diff:
            for line in unified_diff(change):
                if terminal:  # read, not applied: show what is in it, escaped
                    click.echo(escape(line[:-1]), color=False)
                else:  # for git apply or patch: the bytes as they are, line endings too
                    click.echo(line.encode("utf-8", "surrogateescape"), nl=False)
            continue
        try:
            write(root, change, boundary)
        except NotWritten as exc:
            failed = True
            click.echo(f"catalog-lint: error: {escape(change.display)}: not written: {exc}",
                       err=True)
    for line in refusal_lines(result):
        click.echo(line, file=out)
    for finding in result.applied:
        assert finding.fix is not None
        verb = "would fix" if show_diff else "fixed"
        click.echo(escape(f"{finding.file}:{finding.line}:{finding.column}: {verb} "
                          f"{finding.rule}: {finding.fix.message}"), file=out)
    click.echo(summary(result, dry_run=show_diff), file=out)
    if failed or ((show_diff or strict) and result.changed):
        raise SystemExit(EXIT_FINDINGS)
    raise SystemExit(EXIT_OK)

