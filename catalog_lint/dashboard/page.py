"""The dashboard: one self-contained HTML file from an org document.

Everything is inline (the style sheet, the script, the charts drawn as SVG by the
script); nothing is fetched, so the page works from ``file://`` and as a CI artifact. A
Content-Security-Policy allows exactly the page's own style and script (by hash), no
other source of anything.

Everything that came from a report is untrusted. The page's fixed parts quote only the
title (HTML-escaped here). The data travels as JSON in a ``<script
type="application/json">`` element, with ``<``, ``>``, ``&`` and the line separators
written as ``\\uXXXX`` escapes so that no string can end the element; the script reads
it with ``JSON.parse`` and puts every value on the page as text (``textContent``,
``setAttribute``), never as markup, and links only http(s) addresses.

The view model is the org document made compact for 100,000 entities: entities as
arrays, names (teams, systems, owners, relations) as indexes into shared tables, and
links composed from each repository's ``files_url``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from importlib import resources
from typing import Any

from catalog_lint import __version__

#: Relations the system graph does not draw (the table has owner, system and domain
#: columns; group membership is not a dependency): left out of the page's data.
NOT_DRAWN = frozenset({"owner", "system", "domain", "memberOf", "parent", "children", "members"})
#: Rows of each secondary table (dangling references, duplicates, moves) put in the
#: page; the JSON output has them all.
TABLE_LIMIT = 2000


def _asset(name: str) -> str:
    return (resources.files("catalog_lint.dashboard") / "assets" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def embed_json(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, nor start a comment."""
    import orjson  # compact, UTF-8, and fast on a page of 100,000 entities

    text = orjson.dumps(value).decode()
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _http(url: Any) -> str | None:
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


class _Table:
    """A table of distinct strings, each referred to by its position."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.items)
            self.items.append(value)
        return found


def view_model(document: dict[str, Any], title: str) -> dict[str, Any]:
    """The data the page's script reads (shape documented in assets/dashboard.js)."""
    cards = document["scorecards"]
    card_ids = [card["identifier"] for card in cards]
    rule_ids = {card["identifier"]: list(card["rules"]) for card in cards}
    rule_index = {card: {rule: i for i, rule in enumerate(rules)} for card, rules in rule_ids.items()}
    repos = document["repositories"]
    repo_index = {repo["name"]: i for i, repo in enumerate(repos)}
    entity_index = {entity["ref"]: i for i, entity in enumerate(document["entities"])}
    names = _Table()
    relations = _Table()
    kinds = _Table()
    rows = []
    for entity in document["entities"]:
        scores: list[Any] = []
        for card in card_ids:
            score = entity["scores"].get(card)
            if score is None:
                scores.append(None)
            else:
                scores.append([score["rank"], [rule_index[card][r] for r in score["blocking"]
                                               if r in rule_index[card]]])
        links: list[Any] = []
        for relation, targets in entity["relations"].items():
            if relation in NOT_DRAWN:
                continue  # shown in their own columns, or not a dependency
            for target in targets:
                links.append(relations(relation))
                links.append(entity_index.get(target, target))
        rows.append([
            entity["ref"], entity["title"], kinds(entity["kind"]), repo_index[entity["repository"]],
            entity["file"], entity["line"], 1 if _http(entity.get("url")) else 0,
            names(entity["owner"]), names(entity["team"]), names(entity["system"]),
            names(entity["domain"]), scores, entity["errors"], entity["warnings"], links,
        ])
    return {
        "title": title,
        "tool": f"catalog-lint {__version__}",
        "summary": document["summary"],
        "complete": document["complete"],
        "cards": [{"id": card["identifier"], "title": card["title"], "levels": card["levels"],
                   "rules": [[rule, card["rules"][rule]["title"], card["rules"][rule]["level"],
                              card["rules"][rule]["fix"]] for rule in rule_ids[card["identifier"]]]}
                  for card in cards],
        "repos": [{
            "name": repo["name"], "url": _http(repo["url"]),
            "files": _http(repo["files_url"]),
            "entities": repo["entities"], "findings": repo["findings"],
            "levels": {card: level["level"] for card, level in repo["levels"].items()},
            "dangling": repo["dangling"], "checked": repo["checked_at"] or repo["committed_at"],
            "commit": repo["commit"], "reports": repo["reports"], "notes": repo["notes"],
            "kind": repo["kind"],
        } for repo in repos],
        "names": names.items,
        "titles": document["titles"],
        "relations": relations.items,
        "kinds": kinds.items,
        "entities": rows,
        # what the page shows of the maturity: levels, counts, and per team
        "maturity": {card: {key: section[key] for key in ("levels", "entities", "repositories", "by_team")}
                     for card, section in document["maturity"].items()},
        "failing": document["failing_rules"],
        "dora": [{"repository": row["repository"], "tier": row["tier"], "window_days": row["window_days"],
                  "reason": "" if row["tier"] else row["reason"],
                  "figures": {name: [f["value"], f["unit"], f["tier"]] for name, f in row["figures"].items()}}
                 for row in document["dora"]],
        "dangling": document["dangling"][:TABLE_LIMIT],
        "duplicates": document["duplicates"][:TABLE_LIMIT],
        "owners": [{**owner, "entities": len(owner["entities"])} for owner in document["owners"]],
        "trends": _trends(document["trends"]),
        "skipped": document["skipped"],
        "limit": TABLE_LIMIT,
    }


def _trends(trend: dict[str, Any] | None) -> dict[str, Any] | None:
    if not trend:
        return None
    return {**trend, "moves": trend["moves"][:TABLE_LIMIT], "moves_total": len(trend["moves"])}


def render(document: dict[str, Any], *, title: str = "Organisation catalog") -> str:
    """The page, as text."""
    from catalog_lint.gcpause import collector_paused

    with collector_paused():  # 100,000 rows of plain data next to the document: see gcpause
        return _render(document, title)


def _render(document: dict[str, Any], title: str) -> str:
    style = _asset("dashboard.css")
    script = _asset("dashboard.js")
    data = embed_json(view_model(document, title))
    policy = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    values = {"policy": html.escape(policy, quote=False).replace('"', "&quot;"),
              "title": html.escape(title), "style": style, "script": script, "data": data}
    # one pass: a value that holds "{{...}}" (a title, say) is never filled in again
    return re.sub(r"\{\{(policy|title|style|script|data)\}\}", lambda m: values[m.group(1)],
                  _asset("dashboard.html"))
