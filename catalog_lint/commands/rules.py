"""``catalog-lint rules``: every rule with its ID, severity, summary and documentation."""

from __future__ import annotations

import json

import click

from catalog_lint.rules import all_rules


@click.command("rules")
@click.argument("rule_ids", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
def command(rule_ids: tuple[str, ...], output_format: str) -> None:
    """List the rules, or explain the given ones (with passing and failing examples)."""
    rules = [r for r in all_rules() if not rule_ids or r.rule.id in rule_ids]
    unknown = set(rule_ids) - {r.rule.id for r in rules}
    if unknown:
        raise click.UsageError(f"unknown rule {sorted(unknown)[0]!r} (run catalog-lint rules)")
    if output_format == "json":
        click.echo(json.dumps([
            {"id": r.rule.id, "severity": r.rule.severity.value, "scope": r.rule.scope,
             "family": r.rule.family, "summary": r.rule.summary, "doc": r.doc}
            for r in rules
        ], indent=2))
    elif output_format == "markdown":
        from catalog_lint.rules.docs import markdown

        click.echo(markdown(rules), nl=False)
    else:
        width = max(len(r.rule.id) for r in rules)
        for r in rules:
            click.echo(f"{r.rule.id:<{width}}  {r.rule.severity.value:<7}  {r.rule.summary}")
            if rule_ids:
                click.echo("")
                click.echo("    " + r.doc.replace("\n", "\n    "))
                click.echo("")
