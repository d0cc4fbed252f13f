"""What every rule module provides, and the context its ``check`` receives.

A rule module holds one concern: a module docstring (the user documentation, with a
passing and a failing example), a ``RULE`` describing it, and, for document rules, a
``check(ctx)`` generator of :class:`~catalog_lint.findings.Problem`. Rules whose problems
come from the reader (syntax, encoding, limits) have no ``check``: the reader reports
under their ID, and the module is still where they are documented and configured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from catalog_lint.findings import Problem, Severity

if TYPE_CHECKING:
    from yaml.nodes import Node

    from catalog_lint.blueprints import BlueprintRegistry
    from catalog_lint.model import Document

Scope = Literal["file", "document", "catalog", "repository"]
#: Whether a rule's findings can carry a fix (``catalog-lint fix``), and how safe it is:
#: ``safe`` fixes keep what the author meant and are applied by default, ``unsafe`` ones
#: change the data and need ``--unsafe-fixes``, ``mixed`` rules offer both kinds. A
#: fixable rule need not fix every finding: its docstring says which ones it fixes.
Fixable = Literal["no", "safe", "unsafe", "mixed"]


class Rule(NamedTuple):
    id: str
    severity: Severity
    summary: str
    scope: Scope
    #: Which dialects a document rule applies to; empty means every document.
    dialects: tuple[str, ...] = ()
    #: The family the rule belongs to, for the docs (validation, graph, ownership, ...).
    family: str = "validation"
    #: Whether its findings can be fixed by ``catalog-lint fix`` (see :data:`Fixable`).
    fixable: Fixable = "no"


@dataclass
class DocumentContext:
    """What a document rule may look at."""

    doc: Document
    blueprints: BlueprintRegistry
    #: The configuration's settings (``Config.raw``), for the few rules a setting shapes.
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> object:
        return self.doc.data

    def tree(self) -> Node | None:
        """The document's node tree, for positions. Where a placeholder was replaced by
        another file's content, that file's tree stands in its place, so a position
        inside the content is the other file's (see :mod:`catalog_lint.placeholders`)."""
        if self.doc.substitutions:
            from catalog_lint.placeholders import grafted_tree

            return grafted_tree(self.doc)
        return self.doc.tree()


DocumentCheck = Callable[[DocumentContext], Iterable[Problem]]


class LoadedRule(NamedTuple):
    rule: Rule
    doc: str
    check: DocumentCheck | None
