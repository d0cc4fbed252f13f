"""The Backstage validation rules: what each reports, where, and in which words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_lint import backstage_formats as bf
from catalog_lint.config import Config
from catalog_lint.findings import Finding, Severity
from catalog_lint.pipeline import RunOptions, run
from catalog_lint.snapshot import WorktreeSnapshot

DATA = Path(__file__).resolve().parent.parent / "data"

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart-service
spec:
  type: service
  lifecycle: production
  owner: team-cart
"""

BACKSTAGE_RULES = {
    "backstage-envelope", "metadata-name", "metadata-namespace", "metadata-labels",
    "metadata-annotations", "metadata-tags", "metadata-links", "metadata-fields",
    "unknown-kind", "blueprint-schema", "entity-ref-syntax",
}


def lint(tmp_path: Path, text: str, name: str = "catalog-info.yaml",
         blueprints: tuple[Path, ...] = ()) -> list[Finding]:
    """Findings of the Backstage validation rules on one file."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    report = run(WorktreeSnapshot(tmp_path), Config(root=tmp_path),
                 RunOptions(blueprint_dirs=blueprints), targets=[name])
    return [f for f in report.findings if f.rule in BACKSTAGE_RULES]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f"{f.rule} {f.message}" for f in findings]
    return findings[0]


def test_a_valid_component_has_no_finding(tmp_path: Path) -> None:
    assert lint(tmp_path, COMPONENT) == []


# -- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "valid"), [
    ("a", True), ("x" * 63, True), ("x" * 64, False), ("a-_.b", True), ("a..b", True),
    ("-a", False), ("a-", False), ("_a", False), (".a", False), ("a b", False),
    ("café", False), ("", False), ("a\n", False), (42, False),
])
def test_object_names(value: object, valid: bool) -> None:
    assert bf.is_object_name(value) is valid


@pytest.mark.parametrize(("value", "valid"), [
    ("a.b/c", True), ("c", True), ("/c", False), ("a//b", False), ("a/b/c", False),
    ("A.b/c", False), ("a-.b/c", False), ("a_b/c", False), ("a.b/", False),
    ("a..b/c", False), (".".join(["d" * 63] * 4)[:253] + "/c", True),
    (".".join(["d" * 63] * 4)[:252] + "x.y/c", False), ("a.b/" + "k" * 64, False),
])
def test_label_and_annotation_keys(value: str, valid: bool) -> None:
    assert bf.is_label_key(value) is valid
    assert bf.is_annotation_key(value) is valid


@pytest.mark.parametrize(("value", "valid"), [
    ("java", True), ("c++", True), ("c#", True), ("team:cart", True), ("a-b", True),
    ("Java", False), ("a_b", False), ("a.b", False), ("a--b", False), ("-a", False),
    ("t" * 63, True), ("t" * 64, False), ("", False),
])
def test_tags(value: str, valid: bool) -> None:
    assert bf.is_tag(value) is valid


def test_namespaces_are_lowercase_dns_labels() -> None:
    assert bf.is_namespace("team-a") and bf.is_namespace("a--b")
    assert not bf.is_namespace("Team") and not bf.is_namespace("team.a")
    assert not bf.is_namespace("n" * 64)


def test_trim_is_javascript_trim() -> None:
    # U+0085 is whitespace to Python but not to JavaScript; U+FEFF the other way round
    assert bf.is_non_empty_string("\u0085")
    assert not bf.is_non_empty_string("\ufeff \u00a0\u3000")


def test_urls_match_the_whatwg_parser_of_node() -> None:
    """Verdicts of ``new URL(value)`` in Node.js, recorded in tests/data/whatwg_urls.json."""
    recorded = json.loads((DATA / "whatwg_urls.json").read_text(encoding="utf-8"))["urls"]
    assert len(recorded) > 1000
    wrong = {url: valid for url, valid in recorded.items() if bf.is_url(url) is not valid}
    assert wrong == {}


# -- envelope --------------------------------------------------------------------------


def test_misplaced_root_field_is_reported_at_its_key(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT + "owner: team-cart\n"))
    assert finding.rule == "backstage-envelope"
    assert (finding.line, finding.column) == (9, 1)
    assert "unknown top-level field \"owner\"" in finding.message
    assert finding.message.endswith("move it under spec")


def test_relations_and_status_are_the_catalogs(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT + "relations: []\n"))
    assert "filled in by the catalog" in finding.message


@pytest.mark.parametrize(("line", "message"), [
    ("apiVersion: backstage.io/v1-alpha", 'apiVersion "backstage.io/v1-alpha" is not valid: '
     "the version contains '-'; only letters and digits are allowed"),
    ("apiVersion: 1.0", "apiVersion must be a string, got the number 1; YAML reads the "
     'unquoted 1.0 as the number 1; quote it: "1.0"'),
])
def test_api_version(tmp_path: Path, line: str, message: str) -> None:
    text = COMPONENT.replace("apiVersion: backstage.io/v1alpha1", line)
    finding = only(lint(tmp_path, text))
    assert (finding.rule, finding.message, finding.line, finding.column) == (
        "backstage-envelope", message, 1, 13)


def test_missing_kind_and_spec_that_is_not_a_mapping(tmp_path: Path) -> None:
    text = "apiVersion: backstage.io/v1alpha1\nmetadata:\n  name: a\nspec: text\n"
    messages = {f.message for f in lint(tmp_path, text)}
    assert messages == {"kind is missing (such as Component)",
                        'spec must be a mapping, got "text"'}


# -- metadata --------------------------------------------------------------------------


def test_name_too_long(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("cart-service", "x" * 64)))
    assert finding.rule == "metadata-name"
    assert "it is 64 characters long, more than 63" in finding.message
    assert (finding.line, finding.column) == (4, 9)


def test_name_that_yaml_reads_as_a_number_gets_a_hint(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("cart-service", "1.10")))
    assert finding.message == ('metadata.name must be a string, got the number 1.1; YAML '
                               'reads the unquoted 1.10 as the number 1.1; quote it: "1.10"')
    assert finding.path == "metadata.name"


def test_missing_name(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("  name: cart-service\n", "  title: x\n")))
    assert finding.message == "metadata.name is missing; every entity needs a name"
    assert finding.line == 3  # at the parent key: metadata


def test_namespace_with_capitals(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n", "  name: a\n  namespace: Shop\n")
    finding = only(lint(tmp_path, text))
    assert finding.rule == "metadata-namespace"
    assert finding.message == ('metadata.namespace "Shop" is not a valid namespace: it has '
                               "capital letters; use lowercase")


def test_label_key_is_reported_at_the_key_and_value_at_the_value(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n",
                             "  name: a\n  labels:\n    a//b: ok\n    tier: gold plated\n")
    key, value = sorted(lint(tmp_path, text), key=lambda f: f.line)
    assert (key.line, key.column) == (6, 5)
    assert key.message == ("label key \"a//b\" is not valid: it has more than one '/'; "
                           "expected [<prefix>/]<name>")
    assert (value.line, value.column) == (7, 11)
    assert "gold plated" in value.message and "use an annotation" in value.message


def test_annotation_value_must_be_a_string(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n",
                             "  name: a\n  annotations:\n    example.com/replicas: 3\n")
    finding = only(lint(tmp_path, text))
    assert finding.rule == "metadata-annotations"
    assert finding.message == ('annotation "example.com/replicas" must have a string value, '
                               'got the number 3; YAML reads the unquoted 3 as a number; '
                               'quote it: "3"')
    assert (finding.line, finding.column) == (6, 27)


def test_tag_with_capitals(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n", "  name: a\n  tags: [java, Java]\n")
    finding = only(lint(tmp_path, text))
    assert finding.message == 'tag "Java" is not valid: it has capital letters; tags are lowercase'
    assert finding.path == "metadata.tags[1]"
    assert (finding.line, finding.column) == (5, 16)


def test_links(tmp_path: Path) -> None:
    text = COMPONENT.replace(
        "  name: cart-service\n",
        "  name: a\n  links:\n    - url: ${GRAFANA}/d/1\n    - url: https://x.com\n"
        "      title: '  '\n",
    )
    url, title = sorted(lint(tmp_path, text), key=lambda f: f.line)
    assert url.message == ('metadata.links[0].url "${GRAFANA}/d/1" is not a URL Backstage '
                           "accepts: it has no scheme (a variable in a URL is not expanded "
                           "by Backstage)")
    assert (url.line, url.column) == (6, 12)
    assert title.message == ("metadata.links[1].title is only blanks; give it a value or "
                             "leave it out")


def test_metadata_fields_and_misplaced_spec_fields(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n",
                             "  name: a\n  title: ''\n  system: shop\n")
    title, system = sorted(lint(tmp_path, text), key=lambda f: f.line)
    assert title.severity == Severity.ERROR
    assert title.message == "metadata.title is empty; give it a value or leave it out"
    assert system.severity == Severity.WARNING
    assert system.message == "metadata.system is not read by Backstage; system belongs under spec"


# -- kinds and spec --------------------------------------------------------------------


def test_unknown_kind_lists_the_kinds_and_the_way_out(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("kind: Component", "kind: Database")))
    assert finding.rule == "unknown-kind"
    assert "API, Component, Domain, Group, Location, Resource, System, Template, User" in (
        finding.message)
    assert "--blueprints" in finding.message
    assert (finding.line, finding.column) == (2, 7)


def test_kinds_are_case_sensitive(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("kind: Component", "kind: component")))
    assert finding.message.endswith("did you mean Component?")


def test_known_kind_at_an_unknown_api_version(tmp_path: Path) -> None:
    text = COMPONENT.replace("backstage.io/v1alpha1", "backstage.io/v2")
    finding = only(lint(tmp_path, text))
    assert finding.message == ('Component entities use apiVersion backstage.io/v1alpha1 or '
                               'backstage.io/v1beta1, not "backstage.io/v2"')
    assert finding.path == "apiVersion"


def test_a_custom_kind_is_accepted_with_a_blueprint(tmp_path: Path) -> None:
    folder = tmp_path / "bp"
    folder.mkdir()
    (folder / "database.json").write_text(json.dumps({
        "identifier": "Database", "dialect": "backstage", "kind": "Database",
        "apiVersions": ["example.com/v1"],
        "schema": {"type": "object", "required": ["engine"],
                   "properties": {"engine": {"type": "string"}}},
    }), encoding="utf-8")
    text = ("apiVersion: example.com/v1\nkind: Database\nmetadata:\n  name: cart-db\n"
            "spec:\n  engine: 15\n")
    finding = only(lint(tmp_path / "bp", text, blueprints=(folder,)))
    assert finding.rule == "blueprint-schema"
    assert finding.message.startswith("spec.engine must be a string, got the number 15")


def test_missing_spec_field_points_at_spec(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("  owner: team-cart\n", "")))
    assert finding.rule == "blueprint-schema"
    assert finding.path == "spec.owner"
    assert finding.message == ("spec.owner is missing; a Component needs spec.type, "
                               "spec.lifecycle and spec.owner")
    assert (finding.line, finding.column) == (5, 1)


def test_spec_value_that_yaml_typed(tmp_path: Path) -> None:
    finding = only(lint(tmp_path, COMPONENT.replace("production", "1.10")))
    assert finding.message == ('spec.lifecycle must be a string, got the number 1.1; YAML '
                               'reads the unquoted 1.10 as the number 1.1; quote it: "1.10"')
    assert (finding.line, finding.column) == (7, 14)


@pytest.mark.parametrize(("spec", "message"), [
    ("type: team", "spec.children is missing; a Group needs spec.type and spec.children"),
    ("type: team\n  children: [a, 1]", "spec.children[1] must be a string, got the number 1; "
     'YAML reads the unquoted 1 as a number; quote it: "1"'),
])
def test_group(tmp_path: Path, spec: str, message: str) -> None:
    text = ("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\n"
            f"spec:\n  {spec}\n")
    assert only(lint(tmp_path, text)).message == message


def test_location_needs_a_spec(tmp_path: Path) -> None:
    text = "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: l\n"
    assert only(lint(tmp_path, text)).message == "spec is missing; a Location needs a spec mapping"


def test_template_spec_problems_are_warnings(tmp_path: Path) -> None:
    text = ("apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n"
            "  name: t\nspec:\n  type: service\n")
    finding = only(lint(tmp_path, text))
    assert finding.severity == Severity.WARNING
    assert finding.message == "spec.steps is missing; a Template needs spec.type and spec.steps"


def test_reference_without_kind_is_a_warning(tmp_path: Path) -> None:
    text = COMPONENT + "  dependsOn: [resource:db, db]\n"
    finding = only(lint(tmp_path, text))
    assert (finding.rule, finding.severity) == ("entity-ref-syntax", Severity.WARNING)
    assert finding.path == "spec.dependsOn[1]"
    assert "has no kind" in finding.message and '"resource:db"' in finding.message


# -- placeholders ----------------------------------------------------------------------


def test_placeholders_stand_for_values_that_are_not_judged(tmp_path: Path) -> None:
    text = ("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: a\n"
            "  description:\n    $text: ./README.md\nspec:\n  type: openapi\n"
            "  lifecycle: production\n  owner: team-a\n  definition:\n    $json: ./api.json\n")
    assert lint(tmp_path, text) == []


def test_a_text_placeholder_is_still_a_string(tmp_path: Path) -> None:
    text = COMPONENT.replace("  name: cart-service\n", "  name: a\n  tags:\n    $text: t.txt\n")
    finding = only(lint(tmp_path, text))
    assert finding.message == "metadata.tags must be a list, got a $text placeholder"


# -- Port ------------------------------------------------------------------------------


def test_port_properties_are_checked_against_their_blueprint(tmp_path: Path) -> None:
    folder = tmp_path / "bp"
    folder.mkdir()
    (folder / "service.json").write_text(json.dumps({
        "identifier": "service", "title": "Service",
        "schema": {"properties": {"tier": {"type": "string", "enum": ["gold", "silver"]}}},
    }), encoding="utf-8")
    text = "identifier: cart\nblueprint: service\nproperties:\n  tier: bronze\n"
    findings = [f for f in lint(tmp_path / "bp", text, "port.yaml", blueprints=(folder,))
                if f.rule == "blueprint-schema"]
    finding = only(findings)
    assert finding.path == "properties.tier"
    assert (finding.line, finding.column) == (4, 9)
    assert "bronze" in finding.message


def test_positions_stay_true_after_a_broken_document(tmp_path: Path) -> None:
    """A syntax error makes the reader parse document by document; the positions of the
    other documents must still be lines of the whole file."""
    text = "a: [unclosed\n---\n" + COMPONENT.replace("cart-service", "cart service")
    finding = only(lint(tmp_path, text))
    assert (finding.line, finding.column) == (6, 9)
