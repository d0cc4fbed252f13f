"""``--format markdown``: the reviewer's summary, and that catalog text stays inert."""

from __future__ import annotations

import re

from catalog_lint.report import Report
from catalog_lint.reporters.markdown import MAX_LENGTH, render, text
from tests.reporters.samples import HOSTILE, finding, gate_report, hostile_report, plain_report

OUR_TAGS = re.compile(r"</?(sub|details|summary)>")
MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")  # what GitHub would turn into a mention
ISSUE_REF = re.compile(r"(?<![\w&])#\d")


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def assert_inert(markdown: str) -> None:
    without_ours = OUR_TAGS.sub("", markdown)
    assert "<" not in without_ours.replace("\\<", ""), "raw HTML from catalog text"
    assert not MENTION.search(markdown), MENTION.search(markdown)
    assert not ISSUE_REF.search(markdown)
    assert "](https://evil" not in markdown
    assert "\r" not in markdown
    assert "\n::" not in markdown
    # Tables: every row has as many cell separators as its header.
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("| ---") or line.startswith("| :"):
            header = unescaped_pipes(lines[number - 1])
            for row in lines[number + 1:]:
                if not row.startswith("|"):
                    break
                assert unescaped_pipes(row) == header, row


def test_text_escapes_every_trick() -> None:
    assert text("<b>") == "\\<b\\>"
    assert text("a | b") == "a \\| b"
    assert text("@acme/team") == "@&#8203;acme/team"
    assert text("see #12") == "see \\#&#8203;12"
    assert text("line\nbreak\r\nand\ttab") == "line break and tab"
    assert text("[x](y) ![i](j) `c` *e* _u_ ~s~ $m$ &amp;") == (
        "\\[x\\]\\(y\\) \\!\\[i\\]\\(j\\) \\`c\\` \\*e\\* \\_u\\_ \\~s\\~ \\$m\\$ \\&amp;"
    )
    assert text("spec.owner: group:team-a") == "spec.owner: group:team-a"  # readable


def test_gate_summary_shape() -> None:
    url = "https://github.com/acme/shop/blob/" + "2" * 40 + "/"
    markdown = render(gate_report(url=url))

    lines = markdown.splitlines()
    assert lines[0] == "### ❌ catalog-lint: 2 regressions"
    assert "base `111111111111` → head `222222222222`" in lines[2]
    assert lines[lines.index("#### Entities") + 2:lines.index("#### Entities") + 5] == [
        "| Entity | Change | What changed |", "| --- | --- | --- |",
        "| ❌ component:default/cart | changed | Production: Gold → Silver, rules passing "
        "9 → 7 of 10; 1 new finding; 1 fixed |"]
    assert "#### New findings (1)" in lines
    assert any(line.startswith("- ❌ **error** `duplicate-key` [catalog-info.yaml:4]"
                               f"({url}catalog-info.yaml#L4)") for line in lines)
    assert "#### Other regressions (1)" in lines
    # one cause, its consequences and the fix nested under it
    cause = lines.index(f"- ❌ **error** `gate-fact-regressed` [catalog-info.yaml:1]({url}"
                        "catalog-info.yaml#L1): README.md was removed — component:default/cart")
    assert lines[cause + 1:cause + 4] == [
        "  - ❌ Production: rule 'Has a README' \\(Gold\\) fails now for component:default/cart",
        "  - ❌ Production: level dropped from Gold to Silver for component:default/cart",
        "  - Fix: Add a README.md beside the entity file"]
    assert "#### Fixed and improved (1)" in lines
    assert any(line.startswith("- ✅ **info** `empty-document` catalog-info.yaml:20")
               for line in lines)
    assert "<details><summary>Findings that were already on the base (1)" in markdown
    assert_inert(markdown)


def test_no_regressions_headline() -> None:
    report = gate_report()
    report.sections["diff"]["regressions"] = []
    report.sections["diff"]["counts"]["head_errors"] = 0
    assert render(report).startswith("### ✅ catalog-lint: no regressions\n")


def test_hostile_gate_content_is_inert() -> None:
    markdown = render(gate_report(hostile=True, url="https://github.com/a/b/blob/c/"))
    assert_inert(markdown)
    assert "@&#8203;acme/platform\\-team" in markdown or "@&#8203;acme/platform-team" in markdown


def test_hostile_plain_report_is_inert() -> None:
    markdown = render(hostile_report())
    assert markdown.startswith("### ❌ catalog-lint: 2 errors, 1 warning\n")
    assert_inert(markdown)
    # The file name with a comma, colon and hash shows escaped, not as a heading or ref.
    assert "we,ird:dir/cat \\#&#8203;1.yaml:5:3" in markdown


def test_plain_report_table() -> None:
    markdown = render(plain_report())
    assert markdown.startswith("### ❌ catalog-lint: 1 error, 1 warning, 1 info\n")
    assert "| ❌ | `duplicate-key` | catalog-info.yaml:4:3 |" in markdown
    clean = Report(root="", files=[], findings=[])
    assert render(clean).startswith("### ✅ catalog-lint: no findings")


def test_long_reports_fit_in_a_comment() -> None:
    report = plain_report()
    report.findings = [finding("duplicate-key", HOSTILE + str(n), line=n) for n in range(3000)]
    markdown = render(report)
    assert len(markdown) <= MAX_LENGTH
    assert "… and" in markdown
    assert_inert(markdown)


def test_entities_table_says_what_changed_and_nothing_else() -> None:
    from catalog_lint.gate import compare
    from tests.gate.scores import finding as a_finding
    from tests.gate.scores import leaf, report, result, rule, scores

    cart, api, team = "component:default/cart", "component:default/api", "group:default/team"
    passing = result(1, rule("owner", "pass", leaf("spec.owner", "team", kind="property")))
    base = report(scores(entities={cart: passing}), refs=(cart, team))
    head = report(scores(entities={cart: passing, api: result(0, rule(
        "owner", "fail", leaf("spec.owner", None, "fail", kind="property")))}),
        refs=(cart, api, team), findings=[a_finding("yaml11-value", "unquoted no", entity=api)])
    head.sections["diff"] = compare(base, head).to_dict()

    markdown = render(head)

    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows[2:] == ["| ❌ component:default/api | added | Ownership: None, rules passing 0 "
                        "of 1; 1 new finding |"]
    assert "- component:default/cart — Ownership: Listed" in markdown.splitlines()
    assert "- group:default/team" in markdown.splitlines()  # not scored: its name alone
    assert_inert(markdown)
