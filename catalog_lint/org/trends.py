"""How levels and failing rules moved, from reports of the same repositories made on
several dates.

The time axis is the day each report was made (``repository.checked_at``; the commit's
date for a report without it). On each day that has a report, the organisation is what
each repository's latest report made on or before that day says; a repository with no
report yet is not counted (``repositories`` says how many were). The most recent
:data:`MAX_DAYS` days are kept. Per repository, the last report is compared with the one
before it: each entity whose level moved is listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalog_lint.org.model import CardInfo, Source

#: Days kept on the time axis (the latest ones).
MAX_DAYS = 60
#: Rules shown in the trend of failing rules (those that held back the most, on any day).
MAX_RULES = 15


def _aggregate(source: Source) -> tuple[dict[str, dict[str, int]], dict[tuple[str, str], int]]:
    """Entities per level per scorecard, and subjects held back per rule."""
    levels: dict[str, dict[str, int]] = {}
    held: dict[tuple[str, str], int] = {}
    subjects = [record.scores for record in source.entities] + [source.repository_scores]
    for position, scores in enumerate(subjects):
        for card, score in scores.items():
            if position < len(subjects) - 1:  # the repository's own level is not an entity's
                counts = levels.setdefault(card, {})
                counts[score.level] = counts.get(score.level, 0) + 1
            for rule in score.blocking:
                held[(card, rule)] = held.get((card, rule), 0) + 1
    return levels, held


def trends(history: dict[str, list[Source]], cards: dict[str, CardInfo]) -> dict[str, Any] | None:
    """The trend section, or ``None`` when no repository has reports of two days."""
    if not any(len({s.day for s in reports if s.day}) > 1 for reports in history.values()):
        return None
    days = sorted({s.day for reports in history.values() for s in reports if s.day})[-MAX_DAYS:]
    aggregates = {id(s): _aggregate(s) for reports in history.values() for s in reports}
    series_levels: dict[str, list[dict[str, int]]] = {card: [] for card in cards}
    series_rules: dict[tuple[str, str], list[int]] = {}
    counted: list[int] = []
    for position, day in enumerate(days):
        totals: dict[str, dict[str, int]] = {card: dict.fromkeys(cards[card].levels, 0)
                                             for card in cards}
        held: dict[tuple[str, str], int] = {}
        present = 0
        for reports in history.values():
            latest = _as_of(reports, day)
            if latest is None:
                continue
            present += 1
            levels, rules = aggregates[id(latest)]
            for card, counts in levels.items():
                target = totals.setdefault(card, {})
                for level, count in counts.items():
                    target[level] = target.get(level, 0) + count
            for key, count in rules.items():
                held[key] = held.get(key, 0) + count
        counted.append(present)
        for card, counts in totals.items():
            series_levels.setdefault(card, []).append(counts)
        for key in set(series_rules) | set(held):
            series_rules.setdefault(key, [0] * position).append(held.get(key, 0))
    top = sorted(series_rules.items(), key=lambda item: (-max(item[1]), item[0]))[:MAX_RULES]
    return {
        "days": days,
        "repositories": counted,
        "levels": {card: {"levels": cards[card].levels if card in cards else sorted(
                              {lv for counts in series for lv in counts}),
                          "series": series}
                   for card, series in series_levels.items()},
        "rules": [{"scorecard": card, "rule": rule,
                   "title": cards[card].rules[rule].title if card in cards and rule in cards[card].rules
                   else rule,
                   "held_back": series, "change": series[-1] - series[0]}
                  for (card, rule), series in top],
        "moves": moves(history),
    }


def _as_of(reports: Sequence[Source], day: str) -> Source | None:
    """The latest report made on or before ``day`` (reports are oldest first)."""
    found = None
    for source in reports:
        if source.day and source.day <= day:
            found = source
    return found


def moves(history: dict[str, list[Source]]) -> list[dict[str, Any]]:
    """Each entity whose level changed between a repository's last two reports; up first
    (largest steps first), then down."""
    found: list[dict[str, Any]] = []
    for name, reports in history.items():
        if len(reports) < 2:
            continue
        before, after = reports[-2], reports[-1]
        earlier = {record.ref: record.scores for record in before.entities}
        for record in after.entities:
            old_scores = earlier.get(record.ref, {})
            for card, score in record.scores.items():
                old = old_scores.get(card)
                if old is None or old.rank == score.rank:
                    continue
                found.append({"repository": name, "entity": record.ref, "scorecard": card,
                              "from": old.level, "to": score.level,
                              "change": score.rank - old.rank,
                              "since": before.day or None, "on": after.day or None})
    found.sort(key=lambda m: (-m["change"], m["repository"], m["entity"], m["scorecard"]))
    return found
