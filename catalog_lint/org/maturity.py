"""Maturity across the organisation: how many entities sit at each level of each
scorecard, overall and per team, domain and system; which rules hold the most entities
(and repositories) back; the DORA figures of each repository.

A rule *holds back* a subject when it belongs to the level the subject would reach next
and does not pass: fixing it is what moves the subject up. Rules of higher levels that
fail too are counted as *failing*, not as holding back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalog_lint.org.build import NO_TEAM, Placed
from catalog_lint.org.model import CardInfo, Source

#: The DORA figures shown per repository, from the report's ``dora.figures``.
DORA_FIGURES = ("deployments", "deployments_per_week", "lead_time_median", "lead_time_p90",
                "change_failure_rate", "time_to_restore_median")


def _count(table: dict[str, dict[str, int]], key: str, level: str, levels: list[str]) -> None:
    counts = table.get(key)
    if counts is None:
        counts = table[key] = dict.fromkeys(levels, 0)
    counts[level] = counts.get(level, 0) + 1


def distributions(cards: dict[str, CardInfo], placed: Sequence[Placed],
                  current: Sequence[Source]) -> dict[str, Any]:
    """Per scorecard: the levels, the count of entities at each, and the same per team,
    domain, system and repository; the repositories' own levels."""
    result: dict[str, Any] = {}
    for identifier, card in cards.items():
        levels = card.levels
        total = dict.fromkeys(levels, 0)
        by_team: dict[str, dict[str, int]] = {}
        by_domain: dict[str, dict[str, int]] = {}
        by_system: dict[str, dict[str, int]] = {}
        by_repository: dict[str, dict[str, int]] = {}
        for item in placed:
            score = item.record.scores.get(identifier)
            if score is None:
                continue
            total[score.level] = total.get(score.level, 0) + 1
            _count(by_team, item.team or NO_TEAM, score.level, levels)
            _count(by_domain, item.domain or "(no domain)", score.level, levels)
            _count(by_system, item.system or "(no system)", score.level, levels)
            _count(by_repository, item.repository, score.level, levels)
        repositories = dict.fromkeys(levels, 0)
        for source in current:
            score = source.repository_scores.get(identifier)
            if score is not None:
                repositories[score.level] = repositories.get(score.level, 0) + 1
        result[identifier] = {
            "levels": levels,
            "entities": total,
            "repositories": repositories,
            "by_team": _by_size(by_team),
            "by_domain": _by_size(by_domain),
            "by_system": _by_size(by_system),
            "by_repository": _by_size(by_repository),
        }
    return result


def _by_size(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The largest groups first (then by name), so a chart shows the biggest teams."""
    return dict(sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def failing_rules(cards: dict[str, CardInfo], placed: Sequence[Placed],
                  current: Sequence[Source]) -> list[dict[str, Any]]:
    """Every rule that does not pass somewhere, ranked by the subjects it holds back."""
    tally: dict[tuple[str, str], list[int]] = {}

    def add(card: str, rules: Sequence[str], position: int) -> None:
        for rule in rules:
            counts = tally.get((card, rule))
            if counts is None:
                counts = tally[(card, rule)] = [0, 0, 0, 0, 0]
            counts[position] += 1

    for item in placed:
        for card, score in item.record.scores.items():
            add(card, score.blocking, 0)
            add(card, score.failing, 1)
            add(card, score.unknown, 2)
    for source in current:
        for card, score in source.repository_scores.items():
            add(card, score.blocking, 3)
            add(card, (*score.failing, *score.unknown), 4)
    ranked: list[dict[str, Any]] = []
    for (card, rule), (held, failing, unknown, repos_held, repos_failing) in tally.items():
        info = cards[card].rules.get(rule) if card in cards else None
        ranked.append({
            "scorecard": card,
            "rule": rule,
            "title": info.title if info else rule,
            "level": info.level if info else "",
            "fix": info.fix if info else "",
            "holds_back": held,
            "failing": failing,
            "unknown": unknown,
            "repositories_held_back": repos_held,
            "repositories_failing": repos_failing,
        })
    ranked.sort(key=lambda r: (-(r["holds_back"] + r["repositories_held_back"]),
                               -(r["failing"] + r["unknown"] + r["repositories_failing"]),
                               r["scorecard"], r["rule"]))
    return ranked


def dora_table(current: Sequence[Source]) -> list[dict[str, Any]]:
    """One row per repository whose report has DORA figures."""
    rows = []
    for source in current:
        dora = source.dora
        if not isinstance(dora, dict):
            continue
        figures = dora.get("figures") if isinstance(dora.get("figures"), dict) else {}
        assert isinstance(figures, dict)
        window = dora.get("window") if isinstance(dora.get("window"), dict) else {}
        assert isinstance(window, dict)
        row: dict[str, Any] = {
            "repository": source.name,
            "tier": dora.get("tier") if isinstance(dora.get("tier"), str) else None,
            "reason": str(dora.get("reason") or "")[:500],
            "window_days": window.get("days") if isinstance(window.get("days"), int) else None,
            "figures": {},
        }
        for name in DORA_FIGURES:
            figure = figures.get(name)
            if not isinstance(figure, dict):
                continue
            value = figure.get("value")
            row["figures"][name] = {
                "value": value if isinstance(value, (int, float)) and not isinstance(value, bool)
                else None,
                "unit": str(figure.get("unit") or ""),
                "tier": figure.get("tier") if isinstance(figure.get("tier"), str) else None,
                "sample": figure.get("sample") if isinstance(figure.get("sample"), int) else None,
            }
        rows.append(row)
    return rows
