"""``--format github``: workflow commands escaped as @actions/core escapes them, checked
by parsing the output the way the Actions runner parses a step's log."""

from __future__ import annotations

import dataclasses

from catalog_lint.github.workflow import command, escape_data, escape_property, output_lines
from catalog_lint.reporters.github import render
from tests.reporters.samples import HOSTILE, gate_report, hostile_report, plain_report


def unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return unescape_data(value.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """A workflow command as the runner reads one log line (``::name props::data``), or
    ``None`` for a line that is no command."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    head, data = line[2:end], line[end + 2:]
    name, _, raw_props = head.partition(" ")
    properties = {}
    for pair in filter(None, raw_props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape_property(value)
    return name, properties, unescape_data(data)


def test_escaping_matches_actions_core() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c") == "a:b,c"  # data keeps ':' and ','
    assert command("error", {"file": "x,y:z", "line": 3, "title": None}, "m") == (
        "::error file=x%2Cy%3Az,line=3::m")


def test_plain_report_annotations() -> None:
    lines = render(plain_report()).splitlines()
    assert lines[0] == ("::error file=catalog-info.yaml,line=4,col=3,title=catalog-lint%3A "
                        "duplicate-key::key 'name' appears more than once "
                        "(component:default/cart)")
    assert lines[1].startswith("::warning file=catalog-info.yaml,line=9,col=3,")
    assert lines[2].startswith("::notice file=other/catalog-info.yaml,line=12,col=3,")
    assert lines[3] == "catalog-lint: 1 error, 1 warning, 1 info"


def test_no_injection_from_catalog_content() -> None:
    for report in (hostile_report(), gate_report(hostile=True)):
        output = render(report)
        lines = output.splitlines()
        commands = [parse(line) for line in lines]
        # Every line is one of ours: an annotation, or the last plain summary line.
        assert all(c is not None and c[0] in ("error", "warning", "notice")
                   for c in commands[:-1]), lines
        assert commands[-1] is None and lines[-1].startswith("catalog-lint: ")
        # ... and it carries the catalog text back intact, as data, not as commands.
        messages = [c[2] for c in commands[:-1] if c is not None]
        assert any(m.startswith(HOSTILE) for m in messages)
        assert "::set-output" not in "".join(line.split("::", 2)[1] for line in lines[:-1])


def test_properties_with_commas_and_colons_survive() -> None:
    lines = render(hostile_report()).splitlines()
    parsed = parse(lines[1])
    assert parsed is not None
    name, properties, message = parsed
    assert name == "warning"
    assert properties == {"file": "we,ird:dir/cat #1.yaml", "line": "5", "col": "3",
                          "title": "catalog-lint: yaml11-value"}
    assert message == "plain %25 and 50% and a:b,c (component:default/@acme-team|x<b>)"


def test_gate_annotates_regressions_only() -> None:
    lines = render(gate_report()).splitlines()
    parsed = [parse(line) for line in lines]
    titles = [p[1]["title"] for p in parsed if p is not None]
    assert titles == ["catalog-lint: duplicate-key (new)", "catalog-lint: gate-fact-regressed"]
    # one annotation for the cause; its consequences and the fix are lines of its message
    cause = parsed[1]
    assert cause is not None and cause[0] == "error"
    assert cause[1]["file"] == "catalog-info.yaml"
    assert cause[2].split("\n") == [
        "README.md was removed (component:default/cart)",
        "→ Production: rule 'Has a README' (Gold) fails now for component:default/cart",
        "→ Production: level dropped from Gold to Silver for component:default/cart",
        "fix: Add a README.md beside the entity file"]
    assert lines[-1] == "catalog-lint: 2 regressions (1 new, 1 fixed, 1 already on the base)"


def test_fail_on_any_also_annotates_old_errors() -> None:
    report = gate_report()
    report.sections["diff"]["fail_on"] = "any"
    report.findings.append(dataclasses.replace(report.findings[0], message="an old error",
                                               fingerprint="old"))
    titles = [p[1]["title"] for p in map(parse, render(report).splitlines()) if p]
    assert titles.count("catalog-lint: duplicate-key") == 1


def test_output_lines_refuse_newlines() -> None:
    assert output_lines({"regressions": 2, "level": "Gold"}) == "regressions=2\nlevel=Gold\n"
    try:
        output_lines({"level": "x\ny=1"})
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a newline in an output must be refused")


def test_repository_level_findings_have_no_file() -> None:
    report = plain_report()
    report.findings[0] = dataclasses.replace(report.findings[0], file=".", entity=None)
    first = render(report).splitlines()[0]
    assert first.startswith("::error title=catalog-lint%3A duplicate-key::")
