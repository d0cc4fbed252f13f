"""Options and helpers shared by subcommands."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from catalog_lint.config import Config, find_config, load_config
from catalog_lint.errors import FatalError

if TYPE_CHECKING:
    from catalog_lint.findings import Finding
    from catalog_lint.report import Report

F = TypeVar("F", bound=Callable[..., Any])


def config_option(function: F) -> F:
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Configuration file (default: .catalog-lint.yaml or pyproject.toml "
             "[tool.catalog-lint] in this folder or the repository root).",
    )(function)


def blueprints_option(function: F) -> F:
    return click.option(
        "--blueprints", "blueprint_dirs", multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of blueprint JSON files (repeatable); adds to or overrides the built-in ones.",
    )(function)


def jobs_option(function: F) -> F:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None,
        help="Processes that read files in parallel (default: every core once there are "
             "400 files or more; 1 reads serially). Also CATALOG_LINT_JOBS.",
    )(function)


def _rule_patterns(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
                   ) -> tuple[str, ...]:
    """Every rule ID or pattern given (repeated, or separated by commas), each checked to
    name at least one rule: a mistyped ID would otherwise filter everything out."""
    from catalog_lint.rules import matching_rules, unknown_rule

    patterns = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for pattern in patterns:
        if not matching_rules(pattern):
            raise click.BadParameter(unknown_rule(pattern), ctx, param)
    return patterns


def rule_selection_options(function: F) -> F:
    function = click.option(
        "--ignore", "ignored", multiple=True, metavar="RULE", callback=_rule_patterns,
        help="Leave out these rules (repeatable or comma-separated; patterns such as "
             "'codeowners-*').",
    )(function)
    return click.option(
        "--select", "selected", multiple=True, metavar="RULE", callback=_rule_patterns,
        help="Report only these rules (repeatable or comma-separated; patterns such as "
             "'codeowners-*').",
    )(function)


def selected_findings(findings: list[Finding], selected: tuple[str, ...],
                      ignored: tuple[str, ...]) -> list[Finding]:
    """The findings of the rules ``--select`` names (all when none), less those
    ``--ignore`` names."""
    return [f for f in findings if rule_selected(f.rule, selected, ignored)]


def rule_selected(rule: str, selected: tuple[str, ...], ignored: tuple[str, ...]) -> bool:
    """Whether ``--select`` (every rule when empty) and ``--ignore`` leave ``rule`` in."""
    import fnmatch

    def named(patterns: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatchcase(rule, pattern) for pattern in patterns)

    return (not selected or named(selected)) and not named(ignored)


def output_options(formats: list[str]) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        function = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to this file instead of standard output.",
        )(function)
        function = click.option(
            "--format", "output_format", type=click.Choice(formats), default=formats[0],
            show_default=True, help="Output format.",
        )(function)
        function = click.option(
            "--color", type=click.Choice(["auto", "always", "never"]), default="auto",
            show_default=True, help="Colour text output (auto: on a terminal, unless NO_COLOR is set).",
        )(function)
        return function
    return decorate


def comment_options_keyed(default_key: str) -> Callable[[F], F]:
    """Options shared by ``comment``, ``diff --comment`` and ``blueprints diff --comment``;
    ``default_key`` names the comment when ``--comment-key`` is not given."""
    def decorate(function: F) -> F:
        for option in reversed([
            click.option("--repo", "repository", metavar="OWNER/NAME",
                         help="Repository (default: GITHUB_REPOSITORY)."),
            click.option("--pr", "number", type=click.IntRange(min=1), metavar="NUMBER",
                         help="Pull request number (default: from the event payload at "
                              "GITHUB_EVENT_PATH)."),
            click.option("--comment-key", "key", default=default_key, show_default=True,
                         help="Names this comment, so that several workflows can each keep "
                              "one on the same pull request."),
            click.option("--comment-always/--comment-on-regression", "always", default=None,
                         help="Create a comment even when nothing regressed (default: then "
                              "only update an existing one; diff reads gate.comment-always "
                              "from the config)."),
        ]):
            function = option(function)
        return function
    return decorate


comment_options = comment_options_keyed("default")


def resolve_config(config_path: Path | None, start: Path) -> Config:
    """The explicit config, else the first found in ``start`` and its parents up to the
    repository root."""
    if config_path is not None:
        if not os.path.lexists(config_path) or config_path.is_dir():
            raise FatalError(f"{config_path}: config file not found")
        return load_config(config_path, config_path.parent)
    folder = start.resolve()
    while True:
        found = find_config(folder)
        if found is not None:
            return load_config(found, folder)
        if (folder / ".git").exists() or folder.parent == folder:
            return Config(root=start.resolve())
        folder = folder.parent


def show_source_option(function: F) -> F:
    return click.option(
        "--show-source/--no-show-source", "show_source", default=None,
        help="Under each finding of the text format, show its line of the file with a caret "
             "under the column (default: the config's show-source, else on a terminal and "
             "in the pre-commit hook).",
    )(function)


def use_source(choice: bool | None, config: Config, output: Path | None) -> bool:
    """Whether the text format shows source lines: ``--show-source`` or
    ``--no-show-source``, else the config's ``show-source``, else on when the report goes
    to a terminal or to pre-commit (which runs hooks without one, and replays a failing
    hook's output on the developer's terminal: there the line shows what to fix)."""
    if choice is not None:
        return choice
    configured = config.get("show-source")
    if isinstance(configured, bool):
        return configured
    if output is not None:
        return False
    return sys.stdout.isatty() or os.environ.get("PRE_COMMIT") == "1"


def use_color(choice: str, output: Path | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def write_output(text: str | Callable[[TextIO], None], output: Path | None,
                 color: bool = False) -> None:
    """Write ``text`` (or what a writer writes to a stream, as it goes) to ``output``, or
    to standard output."""
    if output is None:
        # click strips colour codes when stdout is not a terminal unless told otherwise
        if isinstance(text, str):
            click.echo(text, nl=False, color=color or None)
        else:
            text(_Echo(color))
        return
    try:
        if isinstance(text, str):
            output.write_text(text, encoding="utf-8")
        else:
            with output.open("w", encoding="utf-8") as handle:
                text(handle)
    except OSError as exc:
        raise FatalError(f"{output}: cannot write report: {exc.strerror or exc}") from None


class _Echo(io.StringIO):
    """Standard output as a stream, written through ``click.echo`` as text is."""

    def __init__(self, color: bool) -> None:
        super().__init__()
        self.color = color

    def write(self, text: str) -> int:
        click.echo(text, nl=False, color=self.color or None)
        return len(text)


def snapshot_root(cwd: Path, paths: tuple[Path, ...] | list[Path]) -> Path:
    """The folder a run reads from: the current folder, when every named path is inside
    it; else the common ancestor of the named paths alone (the folder named, or the
    folder of the file named), never widened to the current folder's ancestors (a folder
    under /tmp named from the home folder would make ``/`` the run's folder, and its
    repository facts those of the whole disk), unless the current folder's git work tree
    holds them all. Findings still name files relative to ``cwd``.

    Named paths are taken as written (``..`` folded, links not followed): a path through
    a linked folder stays inside the run's folder, where reading it checks where the link
    leads, instead of widening the run to wherever the link points."""
    here = str(cwd.resolve())
    absolute = [os.path.abspath(p if p.is_absolute() else cwd / p) for p in paths]
    if all(_inside(path, here) for path in absolute):
        return Path(here)
    from catalog_lint.snapshot import git_toplevel

    top = git_toplevel(Path(here))
    if top is not None and all(_inside(path, str(top)) for path in absolute):
        # one repository holds them all: the run's folder is bounded by it, and named
        # files are resolved against the rest of it (see graph/context.py)
        return Path(os.path.commonpath([here, *absolute]))
    folders = [path if os.path.isdir(path) else os.path.dirname(path) for path in absolute]
    return Path(os.path.commonpath(folders))


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def relative_to(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path if path.is_absolute() else Path.cwd() / path))
    try:
        return absolute.relative_to(root).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


def warn_if_nothing_matched(paths: tuple[Path, ...], report: Report, config: Config) -> None:
    """Say on standard error which searched folder (each folder named, else the current
    one) held no entity file, with the patterns searched for: a run that reads nothing
    passes, and would otherwise pass in silence. Files named one by one (the pre-commit
    hook) are read whatever their names, so they never get here."""
    from catalog_lint.discovery import patterns_from_config
    from catalog_lint.terminal import escape

    folders = [p for p in paths if p.is_dir()] if paths else [Path(".")]
    if not folders:
        return
    cwd = Path.cwd().resolve()
    read = [record.path for record in report.files]  # relative to the current folder
    include, exclude = patterns_from_config(config.raw)
    for folder in folders:
        where = Path(os.path.relpath((cwd / folder).resolve(), cwd)).as_posix()
        if any(where == "." or path.startswith(where + "/") for path in read):
            continue
        click.echo(f"catalog-lint: warning: no entity file matched under {escape(str(folder))} "
                   f"(include: {escape(', '.join(include))}; exclude: {escape(', '.join(exclude))})",
                   err=True)


def subdir_of(folder: Path) -> str:
    """``folder`` relative to the top of its git work tree (``""`` at the top, in a bare
    repository, or outside any repository): what a commit is read from for a run there."""
    from catalog_lint.snapshot import git_toplevel

    top = git_toplevel(folder)
    if top is None:
        return ""
    try:
        relative = folder.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative
