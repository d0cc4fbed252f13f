"""``catalog-lint`` and ``python -m catalog_lint``: the command line, with Python's cyclic
garbage collector paused from the first import on.

Importing the command line (click, and what it imports) creates objects that live until
the process ends: collecting them is wasted work, 2% of a one-file pre-commit run. So
the entry point pauses the collector before importing :mod:`catalog_lint.cli`, whose
:func:`~catalog_lint.cli.main` then keeps it paused for the command (see
:mod:`catalog_lint.gcpause`).
"""

from __future__ import annotations

from typing import Any


def main() -> Any:
    from catalog_lint.gcpause import collector_paused_until_exit

    with collector_paused_until_exit():
        from catalog_lint.cli import main as command_line

        return command_line()


if __name__ == "__main__":
    main()
