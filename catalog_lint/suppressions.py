"""Inline suppression comments.

``# catalog-lint: disable=RULE[,RULE...]`` (or ``disable=all``):

- at the end of a line, it silences those rules on that line;
- on a line of its own, it silences them on the next line that holds content, or, when
  that line starts a document, in the whole document;
- ``# catalog-lint: disable-document=RULE`` anywhere in a document silences them in the
  whole document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(
    r"#\s*catalog-lint:\s*(?P<scope>disable|disable-document)\s*=\s*(?P<rules>[\w,\s-]+?)\s*$"
)


@dataclass
class Suppressions:
    lines: dict[int, set[str]] = field(default_factory=dict)
    documents: dict[int, set[str]] = field(default_factory=dict)  # by document start line
    starts: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, document_starts: list[int]) -> Suppressions:
        """Every directive of a file, in one pass over its lines: a run of findings then
        looks each one up by line (a dict) and document (a binary search)."""
        result = cls(starts=sorted(document_starts))
        if "catalog-lint:" not in text:
            return result
        starts = set(result.starts)
        waiting: set[str] = set()  # own-line directives waiting for the next content line
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if waiting and stripped and not stripped.startswith("#") and stripped != "---":
                if number in starts:
                    result._add_document(number, waiting)
                else:
                    result.lines.setdefault(number, set()).update(waiting)
                waiting = set()
            if "catalog-lint:" not in line:
                continue
            match = _DIRECTIVE.search(line)
            if match is None:
                continue
            rules = {r.strip() for r in match.group("rules").split(",") if r.strip()}
            if match.group("scope") == "disable-document":
                result._add_document(result._document_at(number), rules)
            elif stripped.startswith("#"):
                waiting |= rules
            else:
                result.lines.setdefault(number, set()).update(rules)
        return result

    def _document_at(self, line: int) -> int | None:
        position = bisect_right(self.starts, line)
        if position == 0:
            return self.starts[0] if self.starts else None
        return self.starts[position - 1]

    def _add_document(self, start: int | None, rules: set[str]) -> None:
        if start is not None:
            self.documents.setdefault(start, set()).update(rules)

    def covers(self, line: int, document_start: int | None, rule_id: str) -> bool:
        on_line = self.lines.get(line, ())
        if rule_id in on_line or "all" in on_line:
            return True
        start = document_start if document_start is not None else self._document_at(line)
        in_document = self.documents.get(start, ()) if start is not None else ()
        return rule_id in in_document or "all" in in_document
