"""Options and helpers shared by subcommands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from catalog_lint.config import Config, find_config, load_config
from catalog_lint.errors import FatalError

F = TypeVar("F", bound=Callable[..., Any])


def config_option(function: F) -> F:
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Configuration file (default: .catalog-lint.yaml or pyproject.toml "
             "[tool.catalog-lint] in this folder or the repository root).",
    )(function)


def jobs_option(function: F) -> F:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None,
        help="Processes that read files in parallel (default: every core once there are "
             "400 files or more; 1 reads serially). Also CATALOG_LINT_JOBS.",
    )(function)


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


def use_color(choice: str, output: Path | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def write_output(text: str, output: Path | None, color: bool = False) -> None:
    if output is None:
        # click strips colour codes when stdout is not a terminal unless told otherwise
        click.echo(text, nl=False, color=color or None)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"{output}: cannot write report: {exc.strerror or exc}") from None


def snapshot_root(cwd: Path, paths: tuple[Path, ...] | list[Path]) -> Path:
    """The folder a run reads from: the current folder, or the common ancestor of it and
    every path named outside it. Findings still name files relative to ``cwd``.

    Named paths are taken as written (``..`` folded, links not followed): a path through
    a linked folder stays inside the run's folder, where reading it checks where the link
    leads, instead of widening the run to wherever the link points."""
    absolute = [os.path.abspath(p if p.is_absolute() else cwd / p) for p in paths]
    return Path(os.path.commonpath([str(cwd.resolve()), *absolute]))


def relative_to(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path if path.is_absolute() else Path.cwd() / path))
    try:
        return absolute.relative_to(root).as_posix() or "."
    except ValueError:
        return absolute.as_posix()


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
