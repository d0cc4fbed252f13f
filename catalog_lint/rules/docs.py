"""The rules reference page (docs/rules.md) generated from the rule modules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from catalog_lint.rules.base import LoadedRule

#: How the docs say what ``catalog-lint fix`` does with a rule's findings.
FIXABLE = {
    "no": "Not fixable.",
    "safe": "Fixable: **safe** (`catalog-lint fix`).",
    "unsafe": "Fixable: **unsafe** (`catalog-lint fix --unsafe-fixes`).",
    "mixed": "Fixable: **safe and unsafe** fixes (the unsafe ones with `--unsafe-fixes`).",
}

FAMILIES = {
    "validation": "Reading and validating entity files",
    "graph": "The catalog graph",
    "ownership": "Ownership and branch protection",
    "maturity": "Maturity scorecards",
}


def markdown(rules: Sequence[LoadedRule]) -> str:
    out = [
        "# Rules",
        "",
        "Generated from the rule modules by `catalog-lint rules --format markdown`; do not edit.",
        "Every rule can be set to `error`, `warning`, `info` or `off` under `rules:` in the",
        "configuration, ignored for some files with `per-file-ignores`, or silenced inline with",
        "`# catalog-lint: disable=RULE` (see configuration.md).",
        "",
        "The *Fix* column says whether `catalog-lint fix` can mend the rule's findings (see",
        "fixing.md): *safe* fixes are applied by default, *unsafe* ones only with",
        "`--unsafe-fixes`, and a *mixed* rule offers both; each rule's section says which",
        "findings it fixes.",
        "",
        "| Rule | Default severity | Fix | What it checks |",
        "| --- | --- | --- | --- |",
    ]
    for r in rules:
        fix = "" if r.rule.fixable == "no" else r.rule.fixable
        out.append(f"| [`{r.rule.id}`](#{r.rule.id}) | {r.rule.severity.value} | {fix} | "
                   f"{r.rule.summary} |")
    out.append("")
    for family, title in FAMILIES.items():
        members = [r for r in rules if r.rule.family == family]
        if not members:
            continue
        out += [f"## {title}", ""]
        for r in members:
            out += [f"### {r.rule.id}", "",
                    f"Default severity: **{r.rule.severity.value}**. Applies to: {r.rule.scope}"
                    + (f" ({', '.join(r.rule.dialects)} documents)" if r.rule.dialects else "")
                    + f". {FIXABLE[r.rule.fixable]}",
                    "", _rst_to_md(r.doc), ""]
    return "\n".join(out).rstrip() + "\n"


def _rst_to_md(doc: str) -> str:
    """Docstrings use ``::`` literal blocks; turn them into fenced code for Markdown."""
    lines = doc.splitlines()
    out: list[str] = []
    in_block = False
    for line in lines:
        if in_block:
            if line.strip() and not line.startswith("    "):
                out.append("```")
                in_block = False
            else:
                out.append(line[4:] if line.startswith("    ") else line)
                continue
        if line.rstrip().endswith("::"):
            text = line.rstrip()[:-1].replace("``", "`")
            out.append(text.rstrip(":") + ":" if text.strip() else "")
            out.append("")
            out.append("```yaml")
            in_block = True
            continue
        out.append(line.replace("``", "`"))
    if in_block:
        while out and not out[-1].strip():
            out.pop()
        out.append("```")
    # drop blank lines right after an opening fence
    cleaned: list[str] = []
    for line in out:
        if cleaned and cleaned[-1] == "```yaml" and not line.strip():
            continue
        cleaned.append(line)
    return "\n".join(cleaned)


_INLINE = re.compile(r"``(.+?)``|\*\*(.+?)\*\*", re.S)  # may span a line break


def plain_text(doc: str) -> str:
    """The docstring for a terminal (``catalog-lint rules ID``): literal blocks (``::``)
    stay indented, ``code`` is shown in quotes and **strong** text plain."""
    out: list[str] = []
    prose: list[str] = []  # lines outside literal blocks, marked up as a whole
    in_block = False

    def flush() -> None:
        if prose:
            out.extend(_inline("\n".join(prose)).split("\n"))
            prose.clear()

    for line in doc.splitlines():
        line = line.rstrip()
        if in_block and line and not line.startswith("    "):
            in_block = False
        if in_block:
            out.append(line)
        elif line.endswith("::"):
            text = line[:-2]  # "PASS::" reads "PASS:"; a lone "::" goes
            prose.append(f"{text}:" if text.strip() else "")
            flush()
            in_block = True
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def _inline(text: str) -> str:
    return _INLINE.sub(lambda m: f"'{m.group(1)}'" if m.group(1) is not None else m.group(2),
                       text)
