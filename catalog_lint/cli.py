"""The ``catalog-lint`` command. Thin: parse options, call the pipeline, pick a reporter,
map the outcome to an exit code. Subcommands live in :mod:`catalog_lint.commands` and are
imported only when used, so a one-file pre-commit run pays for nothing else."""

from __future__ import annotations

import importlib
import os
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
}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        """Every error a user can cause ends here as one line and exit code 2."""
        try:
            return super().invoke(ctx)
        except FatalError as exc:
            click.echo(f"catalog-lint: error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("catalog-lint: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # no traceback reaches a user
            if os.environ.get("CATALOG_LINT_DEBUG"):
                raise
            click.echo(
                f"catalog-lint: internal error: {type(exc).__name__}: {exc} "
                "(set CATALOG_LINT_DEBUG=1 for details, and please report it)",
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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="catalog-lint")
def cli() -> None:
    """Validate software catalog files (Backstage and Port), check the catalog graph,
    ownership and operational maturity, and gate pull requests on regressions.

    Exit codes: 0 nothing at or above the failing threshold; 1 findings (or regressions)
    at or above it; 2 the run could not do its job (usage, config, I/O, git).
    """


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="catalog-lint")
