"""Show the ``scores`` section: a text table for a terminal, Markdown for a pull request
or a README badge, JSON for machines.

Per scorecard: one row per subject (the repository, then each entity) with the level
reached and a bar of passed rules per level; then, for each subject below the top level,
the next level's rules that do not pass, with what was seen and how to fix each. Rules
that read only repository facts are the same for every entity: they are listed once,
under the repository, and the entities point there. Either version of the section is
shown (:mod:`catalog_lint.scorecards.results` joins a rule's result with its definition).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from catalog_lint import __version__
from catalog_lint.scorecards.results import (
    SCORES_VERSION,
    RuleDefinitions,
    definitions,
    description,
    join_rule,
    joined_rules,
    leaves,
)

BAR_WIDTH = 5
_STATUS_TEXT = {"pass": "PASS", "fail": "FAIL", "unknown": "UNKNOWN"}
_STATUS_COLOR = {"pass": "32", "fail": "31", "unknown": "33"}
_STATUS_ICON = {"pass": "✅", "fail": "❌", "unknown": "❔"}
_BADGE_COLORS = ("red", "orange", "yellow", "green", "brightgreen")


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _subjects(scores: dict[str, Any], identifier: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(label, where, result)`` for the repository and every entity the card scored."""
    repository = scores.get("repository", {}).get("scorecards", {}).get(identifier)
    if repository is not None:
        yield "repository", "", repository
    for entity in scores.get("entities", []):
        result = entity["scorecards"].get(identifier)
        if result is not None:
            yield entity["ref"], f"{entity['file']}:{entity['line']}", result


def _shared_rules(scores: dict[str, Any], identifier: str, rules: RuleDefinitions) -> set[str]:
    """Rules of the card that the repository's result already shows, when it has one:
    rules every entity shares (a rule reading only repository facts has the same
    identifier in both)."""
    repository = scores.get("repository", {}).get("scorecards", {}).get(identifier)
    if repository is None:
        return set()
    return {rule["identifier"] for rule in joined_rules(repository, rules)
            if all(_reads_repository(leaf) for leaf in leaves(rule["conditions"]))}


def _reads_repository(leaf: dict[str, Any]) -> bool:
    fact = leaf.get("fact")
    return isinstance(fact, str) and not fact.startswith("entity.")


def bar(passed: int, total: int) -> str:
    """``[###--] 3/5``; ``-`` for a level without rules."""
    if total == 0:
        return "-"
    filled = round(BAR_WIDTH * passed / total)
    if passed < total:
        filled = min(filled, BAR_WIDTH - 1)  # never look complete when it is not
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {passed}/{total}"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def saw(rule: dict[str, Any], limit: int = 3) -> str:
    """What the (joined) rule's conditions read: ``spec.owner: null``, ``dora.tier:
    unknown (reason)``."""
    parts = []
    read = list(leaves(rule["conditions"]))
    for leaf in read[:limit]:
        subject = leaf.get("property", leaf.get("fact"))
        if leaf["status"] == "unknown":
            parts.append(f"{subject}: unknown ({leaf.get('reason', '')})")
        else:
            parts.append(f"{subject}: {_show(leaf['actual'])}")
    if len(read) > limit:
        parts.append(f"{len(read) - limit} more")
    return "; ".join(parts)


def blocking(result: dict[str, Any], rules: RuleDefinitions) -> list[dict[str, Any]]:
    """The next level's rules that do not pass, joined with their definitions (from
    ``rules``, the scorecard's)."""
    if result["next"] is None:
        return []
    found = []
    for rule in result["rules"]:
        definition = rules.get(rule["identifier"])
        if rule["status"] != "pass" and description(rule, definition).get("level") == result["next"]:
            found.append(join_rule(rule, definition))
    return found


# -- text -------------------------------------------------------------------------------


def text(scores: dict[str, Any], *, color: bool = False, next_steps: bool = True) -> str:
    from catalog_lint.terminal import escape_data

    if not next_steps:  # the table shows no rule: escape (copy) only what it shows
        scores = _without_rules(scores)
    scores = escape_data(scores)  # names, files and values come from the repository
    rule_definitions = definitions(scores)
    lines: list[str] = []
    for card in scores.get("scorecards", []):
        identifier = card["identifier"]
        subjects = list(_subjects(scores, identifier))
        lines.append(_paint(f"{card['title']} ({identifier})", "1", color))
        if not subjects:
            lines.append("  nothing to score: no entity of the kinds it applies to")
            lines.append("")
            continue
        levels = card["levels"][1:]
        label_width = max(len("SUBJECT"), *(len(label) for label, _, _ in subjects))
        level_width = max(len("LEVEL"), *(len(title) for title in card["levels"]))
        widths = [max(len(title), len(bar(9, 10))) for title in levels]
        header = f"  {'SUBJECT':<{label_width}}  {'LEVEL':<{level_width}}  " + "  ".join(
            f"{title:<{width}}" for title, width in zip(levels, widths, strict=True))
        lines.append(header.rstrip())
        for label, _, result in subjects:
            cells = [f"{bar(level['passed'], level['total']):<{width}}"
                     for level, width in zip(result["levels"][1:], widths, strict=True)]
            level = f"{result['level']:<{level_width}}"
            lines.append(f"  {label:<{label_width}}  {_paint(level, '1', color)}  "
                         + "  ".join(cells).rstrip())
        if next_steps:
            lines.extend(_text_next_steps(scores, identifier, subjects, color,
                                          rule_definitions.get(identifier, {})))
        lines.append("")
    return "\n".join(lines)


def _without_rules(scores: dict[str, Any]) -> dict[str, Any]:
    """``scores`` without the rules of each result and of each scorecard (most of its
    size)."""

    def bare(results: dict[str, Any]) -> dict[str, Any]:
        return {card: {key: value for key, value in result.items() if key != "rules"}
                for card, result in results.items()}

    repository = scores.get("repository", {})
    return {
        **scores,
        "scorecards": [{key: value for key, value in card.items() if key != "rules"}
                       for card in scores.get("scorecards", [])],
        "repository": {**repository, "scorecards": bare(repository.get("scorecards", {}))},
        "entities": [{**entity, "scorecards": bare(entity["scorecards"])}
                     for entity in scores.get("entities", [])],
    }


def _text_next_steps(scores: dict[str, Any], identifier: str,
                     subjects: list[tuple[str, str, dict[str, Any]]], color: bool,
                     definitions: RuleDefinitions) -> list[str]:
    shared = _shared_rules(scores, identifier, definitions)
    out: list[str] = []
    for label, where, result in subjects:
        rules = blocking(result, definitions)
        if label != "repository":
            hidden = [r for r in rules if r["identifier"] in shared]
            rules = [r for r in rules if r["identifier"] not in shared]
        else:
            hidden = []
        if not rules and not hidden:
            continue
        if not out:
            out.append("")
            out.append("  Next steps")
        place = f" ({where})" if where else ""
        out.append(f"  {label}{place}: {result['level']} -> {result['next']}")
        for rule in rules:
            status = _paint(f"{_STATUS_TEXT[rule['status']]:<7}", _STATUS_COLOR[rule["status"]],
                            color)
            out.append(f"    {status} {rule['identifier']}: {rule['title']} (saw {saw(rule)})")
            out.append(f"            fix: {rule['fix']}")
        if hidden:
            names = ", ".join(r["identifier"] for r in hidden)
            out.append(f"    and the repository's: {names} (see repository)")
    return out


def summary(scores: dict[str, Any]) -> str:
    """One line: ``operational-maturity: repository Defined; entities 2 Managed, 1 Initial``."""
    parts = []
    for card in scores.get("scorecards", []):
        identifier = card["identifier"]
        repository = scores.get("repository", {}).get("scorecards", {}).get(identifier)
        counts = scores.get("summary", {}).get(identifier, {})
        bits = []
        if repository is not None:
            bits.append(f"repository {repository['level']}")
        spread = [f"{count} {level}" for level, count in reversed(list(counts.items())) if count]
        if spread:
            bits.append("entities " + ", ".join(spread))
        if bits:
            parts.append(f"{identifier}: {'; '.join(bits)}")
    return " | ".join(parts)


# -- markdown ---------------------------------------------------------------------------


def badge(label: str, level: str, rank: int, color: str | None = None) -> str:
    """A shields.io badge: ``![label: level](https://img.shields.io/badge/...)``."""

    def escape(value: str) -> str:
        return quote(value.replace("-", "--").replace("_", "__"), safe="")

    chosen = color or _BADGE_COLORS[min(rank, len(_BADGE_COLORS) - 1)]
    url = f"https://img.shields.io/badge/{escape(label)}-{escape(level)}-{quote(chosen)}"
    return f"![{label}: {level}]({url})"


def markdown(scores: dict[str, Any], level_colors: dict[str, dict[str, str]] | None = None) -> str:
    from catalog_lint.reporters.markdown import text as inert

    rule_definitions = definitions(scores)
    lines: list[str] = []
    for card in scores.get("scorecards", []):
        identifier = card["identifier"]
        subjects = list(_subjects(scores, identifier))
        lines.append(f"### {inert(card['title'])}")
        lines.append("")
        repository = scores.get("repository", {}).get("scorecards", {}).get(identifier)
        if repository is not None:
            colors = (level_colors or {}).get(identifier, {})
            lines.append(badge(card["title"].lower(), repository["level"], repository["rank"],
                               colors.get(repository["level"])))
            lines.append("")
        if not subjects:
            lines.append("Nothing to score: no entity of the kinds it applies to.")
            lines.append("")
            continue
        levels = card["levels"][1:]
        lines.append("| Subject | Level | " + " | ".join(inert(t) for t in levels) + " |")
        lines.append("| --- | --- |" + " --- |" * len(levels))
        for label, _, result in subjects:
            name = "**repository**" if label == "repository" else inert(label)
            cells = []
            for level in result["levels"][1:]:
                if level["total"] == 0:
                    cells.append("–")
                else:
                    icon = "✅" if level["passed"] == level["total"] else "❌"
                    cells.append(f"{icon} {level['passed']}/{level['total']}")
            lines.append(f"| {name} | **{inert(result['level'])}** | " + " | ".join(cells) + " |")
        lines.append("")
        steps = _markdown_next_steps(scores, identifier, subjects, inert,
                                     rule_definitions.get(identifier, {}))
        if steps:
            lines.append("<details><summary>Next steps</summary>")
            lines.append("")
            lines.extend(steps)
            lines.append("</details>")
            lines.append("")
    return "\n".join(lines)


def _markdown_next_steps(scores: dict[str, Any], identifier: str,
                         subjects: list[tuple[str, str, dict[str, Any]]], inert: Any,
                         definitions: RuleDefinitions) -> list[str]:
    shared = _shared_rules(scores, identifier, definitions)
    out: list[str] = []
    for label, where, result in subjects:
        rules = blocking(result, definitions)
        if label != "repository":
            rules = [r for r in rules if r["identifier"] not in shared]
        if not rules:
            continue
        name = ("**repository**" if label == "repository"
                else f"{inert(label)} ({inert(where)})")
        out.append(f"{name}: to reach *{inert(result['next'])}*")
        out.append("")
        for rule in rules:
            out.append(f"- {_STATUS_ICON[rule['status']]} **{inert(rule['title'])}** "
                       f"(`{rule['identifier']}`): saw {inert(saw(rule))}. "
                       f"Fix: {inert(rule['fix'])}")
        out.append("")
    return out


# -- json -------------------------------------------------------------------------------


def json_document(scores: dict[str, Any], revision: str | None,
                  dora: dict[str, Any] | None = None) -> str:
    """``catalog-lint score --format json``: the scores section, with the tool, the
    revision it describes and the DORA figures (``dora``, see
    :mod:`catalog_lint.facts.dora_figures`)."""
    document = {
        "version": scores.get("version", SCORES_VERSION),
        "tool": {"name": "catalog-lint", "version": __version__},
        "revision": revision,
        **{k: v for k, v in scores.items() if k != "version"},
    }
    if dora is not None:
        document["dora"] = dora
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
