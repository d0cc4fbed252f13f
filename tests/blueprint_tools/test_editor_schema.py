"""``catalog-lint blueprints schema``: JSON Schemas for editors and check-jsonschema that
never reject what Backstage (or catalog-lint) accepts, and reject most of what it does not."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from benchmarks.editor_schema_agreement import agreement
from catalog_lint import backstage_formats as formats
from catalog_lint.blueprint_tools import editor_schema as es
from tests.blueprint_sets.helpers import set_files
from tests.cli_helpers import run_cli, write

DATA = Path(__file__).resolve().parents[1] / "data"
MUTANTS = DATA / "backstage_mutants"


def _strings(alphabet: str, longest: int) -> list[str]:
    found = [""]
    for length in range(1, longest + 1):
        found.extend("".join(p) for p in itertools.product(alphabet, repeat=length))
    return found


SAMPLES = [
    *_strings("aZ0-_./:#+ ", 3),
    "a" * 63, "a" * 64, "a-" * 31 + "a", ("a" * 63 + ".") * 3 + "b/c", "a--b", "a..b", "-a",
    "backstage.io/v1alpha1", "scaffolder.backstage.io/v1beta3", "x/" + "a" * 64, "Aa0", "9abc",
    "example.com/owner", "EXAMPLE.com/x", "ab:cd", "c++", "#cpp", "a:b-c", "ä", "a\n",
]


@pytest.mark.parametrize(("pattern", "check", "limit"), [
    (es.NAME_PATTERN, formats.is_object_name, 63),
    (es.NAMESPACE_PATTERN, formats.is_namespace, 63),
    (es.KEY_PATTERN, formats.is_label_key, None),
    (es.LABEL_VALUE_PATTERN, formats.is_label_value, 63),
    (es.TAG_PATTERN, formats.is_tag, 63),
    (es.KIND_PATTERN, formats.is_kind, None),
    (es.API_VERSION_PATTERN, formats.is_api_version, None),
])
def test_each_pattern_says_what_backstage_says(pattern: str, check: Callable[[object], bool],
                                               limit: int | None) -> None:
    """Equal on every short string of a telling alphabet and on the edge cases; the
    253-character limit of DNS names is the one thing a pattern does not check."""
    compiled = re.compile(pattern)
    for text in SAMPLES:
        matched = compiled.fullmatch(text) is not None and (limit is None or len(text) <= limit)
        if len(text) > 253:
            assert not check(text) or matched, text  # never stricter
        else:
            assert matched == check(text), text


def test_the_url_pattern_never_rejects_a_url_backstage_accepts() -> None:
    urls: dict[str, bool] = json.loads((DATA / "whatwg_urls.json").read_text())["urls"]
    compiled = re.compile(es.URL_PATTERN)
    accepted = [url for url, valid in urls.items() if valid]
    assert accepted and all(compiled.search(url) for url in accepted)
    rejected = [url for url, valid in urls.items() if not valid and not compiled.search(url)]
    assert len(rejected) >= 200  # of the 650 it rejects: no scheme, empty or spaced hosts


def test_the_catalog_schema_agrees_with_backstage_on_the_mutants(tmp_path: Path) -> None:
    """One check-jsonschema run over every mutant document, against the verdicts of
    Backstage's own validator: no false squiggle, and nearly every rejection."""
    verdicts = json.loads((MUTANTS / "verdicts.json").read_text(encoding="utf-8"))
    result = agreement(MUTANTS, verdicts, [], tmp_path)
    assert result.rejected_valid == []
    assert result.valid >= 120 and result.invalid >= 250
    # the boundary documents (boundaries.yaml) sit on every edge of the URL parser, so the
    # share is lower there than on the ordinary mutants
    assert result.rejected_invalid / result.invalid >= 0.89
    ordinary = [key for key in result.accepted_invalid if not key.startswith("boundaries.yaml")]
    ordinary_invalid = result.invalid - (len(result.accepted_invalid) - len(ordinary)) - sum(
        1 for key, verdict in verdicts.items()
        if key.startswith("boundaries.yaml") and not verdict.get("valid", True)
        and key not in result.accepted_invalid)
    assert 1 - len(ordinary) / ordinary_invalid >= 0.95
    # what is left is the URL Standard's finer points and the 253-character DNS limit
    for key in result.accepted_invalid:
        error = verdicts[key]["error"]
        assert re.search(r'"links\.\d+\.url" is not valid', error) or re.search(
            r"[a-z0-9.-]{254,}/", error), (key, error)


def _check(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
                           "-o", "json", *map(str, files)], capture_output=True, text=True,
                          check=False)


def test_schemas_for_a_set_with_org_rules_and_port_blueprints(tmp_path: Path) -> None:
    write(tmp_path, {f"platform/{n}": t for n, t in set_files().items()})
    write(tmp_path, {".catalog-lint.yaml": "blueprints: [platform]\n"})
    outcome = run_cli(["blueprints", "schema", "-o", "schemas"], tmp_path)
    assert outcome.exit_code == 0 and outcome.stderr == "wrote 9 schemas to schemas\n"
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == ["api.schema.json", "catalog-info.schema.json", "component.schema.json",
                       "domain.schema.json", "group.schema.json", "resource.schema.json",
                       "service.schema.json", "system.schema.json", "user.schema.json"]
    for name in written:
        jsonschema.Draft7Validator.check_schema(json.loads((tmp_path / "schemas" / name).read_text()))
    catalog = json.loads((tmp_path / "schemas" / "catalog-info.schema.json").read_text())
    assert catalog["properties"]["kind"]["enum"][:3] == ["API", "Component", "Domain"]
    assert "folder platform" in catalog["description"]

    head = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n"
    spec = "spec:\n  type: service\n  lifecycle: production\n  owner: team-cart\n"
    write(tmp_path, {
        "good.yaml": head + "  description: The cart of the shop.\n  annotations:\n"
                            "    acme.com/cost-center: cc-1234\n" + spec,
        "no-description.yaml": head + spec,
        "bad-cost-center.yaml": head + "  description: The cart of the shop.\n  annotations:\n"
                                       "    acme.com/cost-center: marketing\n" + spec,
        "api-placeholder.yaml": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n"
                                "  name: cart-api\nspec:\n  type: openapi\n  lifecycle: production\n"
                                "  owner: team-cart\n  definition:\n    $text: ./openapi.yaml\n",
        "service-good.yaml": "- identifier: cart\n  blueprint: service\n  properties: "
                             "{language: Go}\n  relations: {owner: team-cart}\n",
        "service-bad.yaml": "identifier: cart service\nblueprint: service\n"
                            "properties: {language: Cobol, colour: red}\nrelations: {}\n",
    })
    schemas = tmp_path / "schemas"
    result = _check(schemas / "catalog-info.schema.json",
                    *(tmp_path / n for n in ("good.yaml", "no-description.yaml",
                                             "bad-cost-center.yaml", "api-placeholder.yaml")))
    failed = {Path(e["filename"]).name: e for e in json.loads(result.stdout)["errors"]}
    assert sorted(failed) == ["bad-cost-center.yaml", "no-description.yaml"]
    assert "'marketing' does not match '^cc-[0-9]{4}$'" in json.dumps(
        failed["bad-cost-center.yaml"])
    port = _check(schemas / "service.schema.json", tmp_path / "service-good.yaml",
                  tmp_path / "service-bad.yaml")
    failed_port = {Path(e["filename"]).name for e in json.loads(port.stdout)["errors"]}
    assert failed_port == {"service-bad.yaml"}
    problems = jsonschema.Draft7Validator(json.loads((schemas / "service.schema.json").read_text())
                                          ["definitions"]["entity"]).iter_errors(
        {"identifier": "cart service", "blueprint": "service",
         "properties": {"language": "Cobol", "colour": "red"}, "relations": {}})
    paths = sorted("/".join(map(str, e.absolute_path)) for e in problems)
    assert paths == ["identifier", "properties", "properties/language", "relations"]


def test_placeholders_where_the_envelope_check_refuses_them(tmp_path: Path) -> None:
    """Backstage checks the envelope before it replaces placeholders: one standing for
    metadata, metadata.name or metadata.namespace is refused (the oracle's verdict), one
    elsewhere in metadata or spec is accepted."""
    outcome = run_cli(["blueprints", "schema", "-o", "schemas"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    schema = json.loads((tmp_path / "schemas" / "catalog-info.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    spec = {"type": "service", "lifecycle": "production", "owner": "team-cart"}

    def component(metadata: object) -> dict[str, object]:
        return {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                "metadata": metadata, "spec": spec}

    text = {"$text": "./name.txt"}
    refused = [component(text), component({"name": text}),
               component({"name": "cart", "namespace": text})]
    accepted = [component({"name": "cart", "description": text}),
                component({"name": "cart", "annotations": {"acme.com/x": text}}),
                {**component({"name": "cart"}), "spec": {**spec, "owner": text}}]
    assert [validator.is_valid(doc) for doc in refused] == [False, False, False]
    assert [validator.is_valid(doc) for doc in accepted] == [True, True, True]


def test_port_formats_become_patterns_an_editor_checks() -> None:
    schema = es.editor_formats({"type": "object", "properties": {
        "url": {"type": "string", "format": "url"},
        "both": {"type": "string", "format": "email", "pattern": "@acme[.]com$"},
        "v6": {"type": "string", "format": "ipv6"},
        "md": {"type": "string", "format": "markdown"}}})
    assert schema["properties"]["url"] == {"type": "string", "pattern": es.FORMAT_PATTERNS["url"]}
    assert schema["properties"]["both"]["allOf"] == [{"pattern": es.FORMAT_PATTERNS["email"]}]
    assert schema["properties"]["v6"] == {"type": "string"}
    assert schema["properties"]["md"]["format"] == "markdown"  # unknown to engines: harmless
    from catalog_lint.formats import FORMATS

    samples = ["https://a.example/x", "a@b.co", "2024-05-01T10:00:00Z", "2024-05-01",
               "10:00:00Z", "10.0.0.1", "01.2.3.4", "host.example", "-bad", "x y", "no",
               "550e8400-e29b-41d4-a716-446655440000", "mailto:x@y.z", "http:/x"]
    for name, pattern in es.FORMAT_PATTERNS.items():
        for text in samples:  # a pattern is never stricter than catalog-lint's check
            assert not FORMATS[name](text) or re.search(pattern, text), (name, text)
