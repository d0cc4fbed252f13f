"""The ``catalog-lint`` command. Thin: parse options, call the pipeline, pick a reporter,
map the outcome to an exit code. Subcommands live in :mod:`catalog_lint.commands` and are
imported only when used, so a one-file pre-commit run pays for nothing else."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from catalog_lint import __version__
from catalog_lint.errors import EXIT_FATAL, FatalError

#: command name -> module under catalog_lint.commands exposing ``command``.
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "rules": "rules",
    "diff": "diff",
    "comment": "comment",
    "export": "export",
    "graph": "graph",
    "score": "score",
    "check": "check",
    "facts": "facts",
    "blueprints": "blueprints",
    "fix": "fix",
    "init": "init",
    "org": "org",
}


class UsageFailure(click.UsageError):
    """Bad usage, shown like every other error: one line on standard error,
    ``catalog-lint: error: <what> (see 'catalog-lint <command> --help')``, exit code 2.
    (Click's own form takes three lines: usage, a hint and ``Error: ...``.)"""

    def __init__(self, error: click.ClickException, command_path: str | None = None) -> None:
        ctx = getattr(error, "ctx", None)
        super().__init__(error.format_message(), ctx)
        self.command_path = ctx.command_path if ctx is not None else command_path

    def show(self, file: Any = None) -> None:
        from catalog_lint.terminal import escape

        message = self.message.rstrip(".")
        if message[:1].isupper() and message[1:2].islower():  # click's "Missing option"
            message = message[0].lower() + message[1:]
        hint = f" (see '{self.command_path} --help')" if self.command_path else ""
        click.echo(f"catalog-lint: error: {escape(message)}{hint}", err=True)


def _one_line(error: click.ClickException, ctx: click.Context | None = None
              ) -> click.ClickException:
    """``error`` as one line; ``ctx`` (the group's) names the command when the error
    does not know it (some parse errors of a subcommand's options)."""
    if isinstance(error, (UsageFailure, click.exceptions.NoArgsIsHelpError)):
        return error  # already one line, or the help a bare `catalog-lint` asks for
    path = None
    if ctx is not None:
        path = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
    return UsageFailure(error, path)


class LazyGroup(click.Group):
    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Every error a user can cause ends here as one line and exit code 2."""
        from catalog_lint.terminal import escape  # messages quote file names and contents

        try:
            return super().invoke(ctx)
        except FatalError as exc:
            click.echo(f"catalog-lint: error: {escape(exc.message)}", err=True)
            ctx.exit(exc.exit_code)
        except click.ClickException as exc:
            raise _one_line(exc, ctx) from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("catalog-lint: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader of the output stopped early (``catalog-lint rules | head``): not a
            # bug, and nothing more can be written. Python would report the pipe again
            # when it flushes standard output at exit, so point that at /dev/null.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_FATAL)
        except Exception as exc:  # no traceback reaches a user
            if os.environ.get("CATALOG_LINT_DEBUG"):
                raise
            click.echo(
                f"catalog-lint: internal error: {type(exc).__name__}: {escape(str(exc))} "
                f"(catalog-lint {__version__}; set CATALOG_LINT_DEBUG=1 for details, and "
                "please report it)",
                err=True,
            )
            ctx.exit(EXIT_FATAL)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"catalog_lint.commands.{module_name}")
        return module.command

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            import difflib

            close = difflib.get_close_matches(name, COMMANDS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise UsageFailure(click.UsageError(f"No such command {name!r}.{hint}", ctx))
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="catalog-lint")
def cli() -> None:
    """Validate software catalog files (Backstage and Port), check the catalog graph,
    ownership and operational maturity, and gate pull requests on regressions.

    Exit codes: 0 nothing at or above the failing threshold; 1 findings (or regressions)
    at or above it; 2 the run could not do its job (usage, config, I/O, git).
    """


def main(argv: list[str] | None = None) -> Any:
    from catalog_lint.gcpause import collector_paused_until_exit

    with collector_paused_until_exit():
        return cli.main(args=argv, prog_name="catalog-lint")
