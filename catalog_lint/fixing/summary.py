"""What ``catalog-lint fix`` tells its user: the fixes refused and why, and one summary."""

from __future__ import annotations

from collections.abc import Iterator

from catalog_lint.fixing.engine import MAX_PASSES, FixResult
from catalog_lint.terminal import escape


def refusal_lines(result: FixResult) -> Iterator[str]:
    for finding, reason in result.refused:
        assert finding.fix is not None
        yield escape(f"{finding.file}:{finding.line}:{finding.column}: not fixed "
                     f"{finding.rule}: {finding.fix.message}: {reason}")


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def summary(result: FixResult, *, dry_run: bool) -> str:
    fixed = len(result.applied)
    files = len(result.changed)
    if fixed:
        verb = "Would fix" if dry_run else "Fixed"
        parts = [f"{verb} {_count(fixed, 'problem')} in {_count(files, 'file')}."]
    else:
        parts = ["Nothing to fix."]
    if result.unsafe_left:
        parts.append(f"{_count(result.unsafe_left, 'more fix', 'more fixes')} "
                     f"{'is' if result.unsafe_left == 1 else 'are'} unsafe: "
                     "rerun with --unsafe-fixes to apply "
                     f"{'it' if result.unsafe_left == 1 else 'them'}.")
    if result.unstable:
        parts.append(f"Stopped after {MAX_PASSES} passes with fixes left; run fix again.")
    left = len(result.remaining)
    if left:
        parts.append(f"{_count(left, 'problem')} {'remains' if left == 1 else 'remain'} "
                     "(catalog-lint validate shows them).")
    return " ".join(parts)
