"""The command-line options of the graph stage, shared by ``validate``, ``export`` and
``graph``: ``--complete``, ``--context``, ``--catalog`` (repeatable), ``--allow-url``,
``--catalog-timeout``, ``--catalog-max-bytes`` and ``--follow-urls``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from catalog_lint.graph.model import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

F = TypeVar("F", bound=Callable[..., Any])

#: The keyword arguments the options add, as click passes them.
OPTION_NAMES = ("complete", "context", "catalogs", "allow_url", "catalog_timeout",
                "catalog_max_bytes", "follow_urls")


def url_options(function: F) -> F:
    """``--allow-url``, ``--follow-urls`` and the download limits: what ``export`` takes."""
    function = click.option(
        "--follow-urls", is_flag=True, default=False,
        help="Fetch Location targets that are http(s) URLs (and the targets of the files "
             "fetched), with the --catalog-timeout and --catalog-max-bytes limits. Needs "
             "--allow-url.",
    )(function)
    function = click.option(
        "--catalog-max-bytes", type=click.IntRange(min=1), default=None, metavar="BYTES",
        help=f"Largest catalog export loaded, file or URL, and largest Location target "
             f"fetched (default {DEFAULT_MAX_BYTES:,}).",
    )(function)
    function = click.option(
        "--catalog-timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
        help=f"Deadline for each download of a catalog export or a Location target from a "
             f"URL, as a whole: redirects, headers and body (default {DEFAULT_TIMEOUT:g}).",
    )(function)
    function = click.option(
        "--allow-url", is_flag=True, default=False,
        help="Allow --catalog (and the config's catalogs) to load exports from http(s) URLs, "
             "$text/$json/$yaml placeholders to fetch URL targets, and --follow-urls to "
             "fetch Location targets.",
    )(function)
    return function


def catalog_options(function: F) -> F:
    """``--catalog`` and :func:`url_options`."""
    function = url_options(function)
    function = click.option(
        "--catalog", "catalogs", multiple=True, metavar="FILE_OR_URL",
        help="A catalog export (from `catalog-lint export`) whose entities are known when "
             "resolving references; repeatable. URLs need --allow-url.",
    )(function)
    return function


def graph_options(function: F) -> F:
    """:func:`catalog_options`, ``--context`` and ``--complete``."""
    function = catalog_options(function)
    function = click.option(
        "--context/--no-context", "context", default=None,
        help="When files are named (as the pre-commit hook names them): read the other "
             "entity files of the folder too, only to resolve the named files' references "
             "(the default). --no-context reads the named files alone and leaves their "
             "references to other files unjudged.",
    )(function)
    function = click.option(
        "--complete/--partial", "complete", default=None,
        help="Whether the catalog is complete: then a reference to an entity not in it is an "
             "error, not a warning (default: the config's catalog setting, else partial).",
    )(function)
    return function


def graph_extra(values: dict[str, Any]) -> dict[str, Any]:
    """``RunOptions.extra`` entries from the options' values (unset ones left out)."""
    extra: dict[str, Any] = {}
    for name in OPTION_NAMES:
        value = values.get(name)
        if value is not None and value != ():
            extra[name] = list(value) if name == "catalogs" else value
    return extra
