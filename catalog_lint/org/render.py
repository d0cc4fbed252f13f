"""The org document as text (a terminal) and Markdown (a job summary, a wiki page).

Both render :func:`catalog_lint.org.build.build`'s document and compute nothing. Long
lists are cut ("… and N more"): the JSON and HTML formats have everything. Everything in
the document came from reports, so it is escaped for its output: control characters
shown as escapes on a terminal, Markdown made inert.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

#: Rows shown per table in text and Markdown (teams, systems, rules, moves).
TABLE_ROWS = 15
#: Dangling references and duplicates listed before "… and N more".
PROBLEM_ROWS = 200
DORA_COLUMNS = (("deployments_per_week", "deploys/week"), ("lead_time_median", "lead time"),
                ("change_failure_rate", "failure rate"), ("time_to_restore_median", "restore"))


def json_document(document: dict[str, Any]) -> str:
    """The document with one top-level key per line and one item of each long list per
    line: readable, diffable, and written by JSON's fast encoder."""
    import orjson  # five times as fast as json.dumps on 100,000 entities

    lines = []
    for key, value in document.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            items = ",\n".join("  " + orjson.dumps(item).decode() for item in value)
            lines.append(f" {name}: [\n{items}\n ]")
        else:
            lines.append(f" {name}: {orjson.dumps(value).decode()}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def figure(figure: dict[str, Any] | None) -> str:
    """A DORA figure in words: ``2.5``, ``18.0 h``, ``12%``; ``-`` when unknown."""
    if not isinstance(figure, dict) or figure.get("value") is None:
        return "-"
    value = figure["value"]
    unit = figure.get("unit")
    if unit == "ratio":
        return f"{value:.0%}"
    if unit == "hours":
        return f"{value:g} h"
    return f"{value:g}"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def summary_line(document: dict[str, Any]) -> str:
    summary = document["summary"]
    problems = summary["problems"]
    parts = [plural(summary["repositories"], "repository", "repositories"),
             plural(summary["entities"], "entity", "entities"),
             plural(summary["cross_repository"], "cross-repository reference"),
             f"{summary['dangling']} dangling", f"{summary['duplicates']} defined twice"]
    if summary["skipped"]:
        parts.append(plural(summary["skipped"], "report") + " skipped")
    return (", ".join(parts) + f": {plural(problems['error'], 'error')}, "
            f"{plural(problems['warning'], 'warning')}")


def _more(total: int, shown: int, prefix: str = "  ") -> list[str]:
    return [f"{prefix}… and {total - shown} more (see --format json or html)"] if total > shown else []


def _table(header: list[str], rows: Iterable[list[str]], indent: str = "  ") -> list[str]:
    rows = list(rows)
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]
    lines = [indent + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += [indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in rows]
    return lines


def text(document: dict[str, Any]) -> str:
    from catalog_lint.terminal import escape_data

    doc = escape_data(document)  # names, titles and fixes come from repositories
    cards = {card["identifier"]: card for card in doc["scorecards"]}
    out = [f"Organisation: {summary_line(doc)}", ""]
    out.append("Repositories")
    out += _table(["REPOSITORY", "ENTITIES", "ERRORS", "WARNINGS", *[c.upper() for c in cards],
                   "DANGLING", "CHECKED"],
                  [[r["name"], str(r["entities"]), str(r["findings"].get("error", 0)),
                    str(r["findings"].get("warning", 0)),
                    *[(r["levels"].get(c) or {}).get("level", "-") for c in cards],
                    str(r["dangling"]), (r["checked_at"] or r["committed_at"] or "-")[:10]]
                   for r in doc["repositories"]])
    out.append("")
    for identifier, section in doc["maturity"].items():
        levels = section["levels"]
        out.append(f"{cards[identifier]['title']} ({identifier})")
        for what in ("entities", "repositories"):
            if any(section[what].values()):
                out.append(f"  {what}: " + " · ".join(f"{level} {section[what].get(level, 0)}"
                                                      for level in levels))
        for label, key in (("TEAM", "by_team"), ("DOMAIN", "by_domain"), ("SYSTEM", "by_system")):
            table = section[key]
            if not table:
                continue
            rows = list(table.items())[:TABLE_ROWS]
            out += _table([label, "TOTAL", *levels],
                          [[name, str(sum(counts.values())), *[str(counts.get(lv, 0)) for lv in levels]]
                           for name, counts in rows])
            out += _more(len(table), len(rows))
        out.append("")
    rules = doc["failing_rules"]
    if rules:
        out.append("Failing rules, by the entities they hold back")
        for rule in rules[:TABLE_ROWS]:
            held = [plural(rule["holds_back"], "entity", "entities")] if rule["holds_back"] else []
            if rule["repositories_held_back"]:
                held.append(plural(rule["repositories_held_back"], "repository", "repositories"))
            failing = rule["failing"] + rule["repositories_failing"]
            out.append(f"  {rule['scorecard']}/{rule['rule']} {rule['title']} ({rule['level']}): "
                       f"holds back {' and '.join(held) or 'nothing'}; fails {failing}, "
                       f"unknown {rule['unknown']}")
            if rule["fix"]:
                out.append(f"    fix: {rule['fix']}")
        out += _more(len(rules), min(len(rules), TABLE_ROWS))
        out.append("")
    out += _problems_text(doc)
    owners = doc["owners"]
    if owners:
        out.append("Owners")
        for owner in owners[:TABLE_ROWS]:
            where = f" in {owner['repository']}" if owner["repository"] else " (not in any report)"
            title = f" {owner['title']}" if owner["title"] else ""
            out.append(f"  {owner['ref']}{title}{where}: "
                       f"{plural(len(owner['entities']), 'entity', 'entities')}")
        out += _more(len(owners), min(len(owners), TABLE_ROWS))
        out.append("")
    if doc["dora"]:
        out.append("DORA")
        out += _table(["REPOSITORY", "TIER", *[label.upper() for _, label in DORA_COLUMNS]],
                      [[row["repository"], row["tier"] or "unknown",
                        *[figure(row["figures"].get(key)) for key, _ in DORA_COLUMNS]]
                       for row in doc["dora"]])
        out.append("")
    out += _trends_text(doc)
    for item in doc["skipped"]:
        out.append(f"skipped {item['file']}: {item['reason']}")
    out.append(summary_line(doc))
    return "\n".join(out) + "\n"


def _problems_text(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if doc["dangling"]:
        out.append("Dangling references (no repository defines them)")
        for item in doc["dangling"][:PROBLEM_ROWS]:
            hint = (f" (did you mean {' or '.join(item['suggestions'])}?)"
                    if item["suggestions"] else "")
            out.append(f"  {item['severity']} {item['repository']}: {item['file']}:{item['line']}: "
                       f"{item['entity']} {item['relation']} → {item['target']}{hint}")
        out += _more(len(doc["dangling"]), min(len(doc["dangling"]), PROBLEM_ROWS))
        out.append("")
    if doc["duplicates"]:
        out.append("Entities defined in more than one repository")
        for item in doc["duplicates"][:PROBLEM_ROWS]:
            places = ", ".join(f"{d['repository']} ({d['file']}:{d['line']})"
                               for d in item["definitions"])
            out.append(f"  error {item['ref']}: {places}")
        out += _more(len(doc["duplicates"]), min(len(doc["duplicates"]), PROBLEM_ROWS))
        out.append("")
    return out


def _trends_text(doc: dict[str, Any]) -> list[str]:
    trend = doc["trends"]
    if not trend:
        return []
    days = trend["days"]
    counted = trend["repositories"]
    out = [f"Trends, {days[0]} → {days[-1]} ({len(days)} days with reports; "
           f"{counted[0]} → {counted[-1]} repositories reporting)"]
    for card, section in trend["levels"].items():
        first, last = section["series"][0], section["series"][-1]
        if not any(first.values()) and not any(last.values()):
            continue  # a scorecard of repositories only
        moved = [f"{level} {first.get(level, 0)} → {last.get(level, 0)}" for level in section["levels"]]
        out.append(f"  {card}: " + ", ".join(moved))
    for rule in trend["rules"][:TABLE_ROWS]:
        series = rule["held_back"]
        out.append(f"  {rule['scorecard']}/{rule['rule']}: holds back {series[0]} → {series[-1]}")
    moves = trend["moves"]
    for move in moves[:TABLE_ROWS]:
        arrow = "up" if move["change"] > 0 else "down"
        out.append(f"  {arrow}: {move['repository']} {move['entity']} {move['scorecard']} "
                   f"{move['from']} → {move['to']}")
    out += _more(len(moves), min(len(moves), TABLE_ROWS))
    out.append("")
    return out


# -- Markdown ---------------------------------------------------------------------------


def _url(url: str | None) -> str | None:
    """An http(s) address safe inside Markdown's ``(...)``."""
    if not url or not url.startswith(("https://", "http://")):
        return None
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E"),
                       ("\n", ""), ("\r", "")):
        url = url.replace(char, code)
    return url


def markdown(document: dict[str, Any]) -> str:
    from catalog_lint.reporters.markdown import text as inert

    doc = document
    cards = {card["identifier"]: card for card in doc["scorecards"]}
    out = ["## Organisation catalog", "", f"<sub>{inert(summary_line(doc))}</sub>", ""]
    out += ["### Repositories", "",
            "| Repository | Entities | Errors | " + " | ".join(inert(c["title"]) for c in cards.values())
            + " | Dangling |",
            "| --- | ---: | ---: |" + " --- |" * len(cards) + " ---: |"]
    for repo in doc["repositories"][:PROBLEM_ROWS]:
        name = inert(repo["name"])
        url = _url(repo["url"])
        out.append(f"| {f'[{name}]({url})' if url else name} | {repo['entities']} | "
                   f"{repo['findings'].get('error', 0)} | "
                   + " | ".join(inert((repo["levels"].get(c) or {}).get("level", "-")) for c in cards)
                   + f" | {repo['dangling']} |")
    out += _more(len(doc["repositories"]), min(len(doc["repositories"]), PROBLEM_ROWS), "- ")
    out.append("")
    for identifier, section in doc["maturity"].items():
        levels = section["levels"]
        out += [f"### {inert(cards[identifier]['title'])}", ""]
        for what in ("entities", "repositories"):
            if any(section[what].values()):
                out += [f"{what.capitalize()}: " + " · ".join(
                    f"**{inert(level)}** {section[what].get(level, 0)}" for level in levels), ""]
        rows = list(section["by_team"].items())
        if not rows:
            continue
        out += ["| Team | Total | " + " | ".join(inert(level) for level in levels) + " |",
                "| --- | ---: |" + " ---: |" * len(levels)]
        for team, counts in rows[:TABLE_ROWS]:
            out.append(f"| {inert(team)} | {sum(counts.values())} | "
                       + " | ".join(str(counts.get(level, 0)) for level in levels) + " |")
        out += _more(len(rows), min(len(rows), TABLE_ROWS), "- ")
        out.append("")
    if doc["failing_rules"]:
        out += ["### Failing rules, by the entities they hold back", "",
                "| Rule | Level | Holds back | Fails | Fix |", "| --- | --- | ---: | ---: | --- |"]
        for rule in doc["failing_rules"][:TABLE_ROWS]:
            held = rule["holds_back"] + rule["repositories_held_back"]
            out.append(f"| {inert(rule['title'])} (`{inert(rule['rule'])}`) | {inert(rule['level'])} | "
                       f"{held} | {rule['failing']} | {inert(rule['fix'])} |")
        out.append("")
    if doc["dangling"] or doc["duplicates"]:
        out += ["### Cross-repository problems", ""]
        for item in doc["duplicates"][:PROBLEM_ROWS]:
            places = ", ".join(inert(d["repository"]) for d in item["definitions"])
            out.append(f"- ❌ `{inert(item['ref'])}` is defined in {places}")
        for item in doc["dangling"][:PROBLEM_ROWS]:
            icon = "❌" if item["severity"] == "error" else "⚠️"
            hint = (f" (did you mean {' or '.join(inert(s) for s in item['suggestions'])}?)"
                    if item["suggestions"] else "")
            where = inert(f"{item['file']}:{item['line']}")
            url = _url(item["url"])
            out.append(f"- {icon} {inert(item['repository'])} {f'[{where}]({url})' if url else where}: "
                       f"{inert(item['entity'])} {inert(item['relation'])} → "
                       f"{inert(item['target'])}{hint}")
        out.append("")
    if doc["dora"]:
        out += ["### DORA", "", "| Repository | Tier | " + " | ".join(label for _, label in DORA_COLUMNS)
                + " |", "| --- | --- |" + " ---: |" * len(DORA_COLUMNS)]
        for row in doc["dora"][:PROBLEM_ROWS]:
            out.append(f"| {inert(row['repository'])} | {inert(row['tier'] or 'unknown')} | "
                       + " | ".join(figure(row["figures"].get(key)) for key, _ in DORA_COLUMNS) + " |")
        out.append("")
    out += _trends_markdown(doc, inert)
    for item in doc["skipped"][:PROBLEM_ROWS]:
        out.append(f"- skipped {inert(item['file'])}: {inert(item['reason'])}")
    text_out = "\n".join(out).rstrip("\n") + "\n"
    return text_out


def _trends_markdown(doc: dict[str, Any], inert: Any) -> list[str]:
    trend = doc["trends"]
    if not trend:
        return []
    days, counted = trend["days"], trend["repositories"]
    out = [f"### Trends, {days[0]} → {days[-1]}", "",
           f"{len(days)} days with reports; {counted[0]} → {counted[-1]} repositories reporting.", ""]
    for card, section in trend["levels"].items():
        first, last = section["series"][0], section["series"][-1]
        if any(first.values()) or any(last.values()):
            out.append(f"- `{inert(card)}`: " + ", ".join(
                f"{inert(level)} {first.get(level, 0)} → {last.get(level, 0)}" for level in section["levels"]))
    for move in trend["moves"][:TABLE_ROWS]:
        arrow = "⬆️" if move["change"] > 0 else "⬇️"
        out.append(f"- {arrow} {inert(move['entity'])} ({inert(move['repository'])}): "
                   f"{inert(move['from'])} → {inert(move['to'])}")
    if len(trend["moves"]) > TABLE_ROWS:
        out.append(f"- … and {len(trend['moves']) - TABLE_ROWS} more moves")
    out.append("")
    return out
