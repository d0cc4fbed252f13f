"""``catalog-lint rules``: every rule with its ID, severity, summary and documentation."""

from __future__ import annotations

import json

import click

from catalog_lint.rules import all_rules, matching_rules, rules_by_id, unknown_rule
from catalog_lint.rules.base import LoadedRule


@click.command("rules")
@click.argument("rule_ids", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
def command(rule_ids: tuple[str, ...], output_format: str) -> None:
    """List the rules, or explain the given ones (with passing and failing examples).
    RULE_IDS may be patterns: 'codeowners-*'. The third column says whether
    `catalog-lint fix` mends the rule's findings: fix (safe fixes), unsafe (only with
    --unsafe-fixes), mixed (both), or nothing."""
    rules = _chosen(rule_ids) if rule_ids else list(all_rules())
    if output_format == "json":
        click.echo(json.dumps([
            {"id": r.rule.id, "severity": r.rule.severity.value, "scope": r.rule.scope,
             "family": r.rule.family, "fixable": r.rule.fixable, "summary": r.rule.summary,
             "doc": r.doc}
            for r in rules
        ], indent=2))
    elif output_format == "markdown":
        from catalog_lint.rules.docs import markdown

        click.echo(markdown(rules), nl=False)
    else:
        from catalog_lint.rules.docs import plain_text
        from catalog_lint.terminal import escape

        width = max(len(r.rule.id) for r in rules)
        for r in rules:
            fix = _FIX_MARK[r.rule.fixable]
            click.echo(escape(f"{r.rule.id:<{width}}  {r.rule.severity.value:<7}  {fix:<6}  "
                              f"{r.rule.summary}"))
            if rule_ids:
                click.echo("")
                for line in plain_text(r.doc).splitlines():
                    click.echo(f"    {escape(line)}" if line else "")
                click.echo("")


#: The third column of the text listing.
_FIX_MARK = {"no": "", "safe": "fix", "unsafe": "unsafe", "mixed": "mixed"}


def _chosen(patterns: tuple[str, ...]) -> list[LoadedRule]:
    """The rules named, in the order named, each once."""
    by_id = rules_by_id()
    chosen: dict[str, LoadedRule] = {}
    for pattern in patterns:
        found = matching_rules(pattern)
        if not found:
            raise click.UsageError(unknown_rule(pattern))
        chosen.update((rule_id, by_id[rule_id]) for rule_id in found if rule_id not in chosen)
    return list(chosen.values())
