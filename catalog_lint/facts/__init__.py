"""Facts about a repository and its entities, computed once per snapshot.

Every fact carries its source (``api``, ``settings``, ``codeowners``, ``history``,
``files``, ...). A fact that cannot be computed is :class:`Unknown`, with the reason:
never a silent pass.
"""

from catalog_lint.facts.model import UNKNOWN, FactSet, Unknown, is_unknown

__all__ = ["UNKNOWN", "FactSet", "Unknown", "is_unknown"]
