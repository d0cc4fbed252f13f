"""The fix property (see :mod:`tests.fixing.roundtrip`) on every file the suite holds:
the Backstage mutants, the YAML test suite's valid inputs and the example catalog, as
they are and with slips planted; and on entity files hypothesis writes in many layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_lint.findings import Finding, Fix, Severity
from tests.fixing.roundtrip import check_files, violations, with_slips

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


MUTANTS = sorted((DATA / "backstage_mutants").glob("*.yaml"))
#: A rule each mutant file surely gets fixes from, as it is: the round trip is no idle one.
FIXED_IN = {
    "annotations": "metadata-annotations", "envelope": "backstage-envelope",
    "labels": "metadata-labels", "links": "metadata-links", "metadata_fields": "metadata-fields",
    "names": "metadata-name", "namespaces": "metadata-namespace", "specs": "blueprint-schema",
    "tags": "metadata-tags", "templates": "unknown-kind", "yaml_types": "yaml11-value",
}


#: Mutant files fixed again with the corpus slips planted (the others' layouts are alike).
SLIPPED = ("envelope", "specs", "tags", "yaml_types")


@pytest.mark.parametrize(("mutant", "slips"), [
    *((p, False) for p in MUTANTS), *((p, True) for p in MUTANTS if p.stem in SLIPPED)],
    ids=[*(p.stem for p in MUTANTS), *(f"{p.stem}-with-slips" for p in MUTANTS if p.stem in SLIPPED)])
def test_the_backstage_mutants(mutant: Path, slips: bool) -> None:
    content = mutant.read_bytes()
    figures = check_files({"catalog-info.yaml": with_slips(content) if slips else content})
    assert figures.violations == []
    if mutant.stem in FIXED_IN and not slips:
        assert figures.fixes[FIXED_IN[mutant.stem]] > 0


def test_the_yaml_test_suite_inputs_are_left_as_they_are() -> None:
    cases = json.loads((DATA / "yaml-test-suite" / "cases.json").read_text(encoding="utf-8"))
    files = {f"{case['id']}/catalog-info.yaml": case["yaml"].encode("utf-8")
             for case in cases if not case["error"] and case["json"] is not None}
    figures = check_files(files)
    assert figures.files > 250 and figures.violations == [] and figures.changed == 0


def test_the_example_catalog() -> None:
    files = {p.relative_to(EXAMPLES).as_posix(): p.read_bytes()
             for p in sorted(EXAMPLES.rglob("*")) if p.is_file()}
    figures = check_files(files)
    assert figures.violations == []
    # the planted mistakes: shop's tag and lifecycle, and the payments repository's typo of
    # a shop library's name (one catalog here, as the organisation sees it)
    assert figures.fixes == {"metadata-tags": 1, "blueprint-schema": 1, "reference-typo": 1}
    slipped = check_files({name: with_slips(content) for name, content in files.items()})
    assert slipped.violations == [] and slipped.changed > figures.changed


def _finding(fix: Fix) -> Finding:
    return Finding("metadata-tags", Severity.ERROR, "m", "f.yaml", 1, 1, fix=fix)


def test_the_property_catches_what_it_is_for() -> None:
    """The checker itself: a lost comment, a value changed where no fix was, and a file
    changed without any fix are each reported."""
    before = b"# head\nmetadata:\n  tags: [Java]  # note\n  title: x\n"
    fix = _finding(Fix("replace", ("metadata", "tags", 0), "java", "m"))
    assert violations(before, before.replace(b"Java", b"java"), [fix]) == []
    assert any("comment line lost" in v for v in violations(
        before, before.replace(b"Java", b"java").replace(b"# head\n", b""), [fix]))
    assert any("trailing comment lost" in v for v in violations(
        before, before.replace(b"[Java]  # note", b"[java]"), [fix]))
    assert any("without a fix there" in v for v in violations(
        before, before.replace(b"Java", b"java").replace(b"title: x", b"title: y"), [fix]))
    assert violations(before, before.replace(b"title: x", b"title: y"), []) == [
        "changed without an applied fix"]


_WORDS = st.sampled_from(["Java", "spring_boot", "node.js", "go", "c++", "Two Words", "3.10"])
_STYLES = st.sampled_from(["{}", "'{}'", '"{}"'])
_COMMENTS = st.sampled_from(["", "  # note", "\t# tab", "  #", "  # key: value, [x]"])


@st.composite
def entity_files(draw: st.DrawFn) -> bytes:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    tags = [draw(_STYLES).format(draw(_WORDS)) for _ in range(draw(st.integers(1, 4)))]
    if draw(st.booleans()):
        tag_lines = [f"  tags: [{', '.join(tags)}]{draw(_COMMENTS)}"]
    else:
        tag_lines = ["  tags:" + draw(_COMMENTS)] + [f"    - {t}{draw(_COMMENTS)}" for t in tags]
    lines = [
        "# " + draw(st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20)),
        "apiVersion: backstage.io/v1alpha1",
        "kind: " + draw(st.sampled_from(["Component", "component"])) + draw(_COMMENTS),
        "metadata:",
        "  name: cart" + draw(_COMMENTS),
        *tag_lines,
        "spec:" + draw(_COMMENTS),
        "  type: service",
        "  " + draw(st.sampled_from(["lifecycle", "lifecyle"])) + ": "
        + draw(st.sampled_from(["production", "1", "'1'", "no"])) + draw(_COMMENTS),
        "  owner: team-cart",
    ]
    documents = newline.join(lines) + newline
    if draw(st.booleans()):
        documents = "---" + newline + documents + "---" + draw(_COMMENTS) + newline + documents
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + documents.encode("utf-8")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entity_files())
def test_written_entity_files_keep_everything_but_the_fixes(content: bytes) -> None:
    figures = check_files({"catalog-info.yaml": content})
    assert figures.violations == []
