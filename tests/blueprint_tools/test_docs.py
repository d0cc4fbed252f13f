"""``catalog-lint blueprints docs``: a reference page per blueprint and an index."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.blueprint_sets.helpers import set_files
from tests.cli_helpers import run_cli, write


def test_pages_say_what_an_author_needs(tmp_path: Path) -> None:
    write(tmp_path, {f"platform/{n}": t for n, t in set_files().items()})
    write(tmp_path, {".catalog-lint.yaml": "blueprints: [platform]\n",
                     "platform/port/svc.json": json.dumps({"identifier": "Service"})})
    outcome = run_cli(["blueprints", "docs", "-o", "reference"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == "wrote 20 pages to reference\n"
    reference = tmp_path / "reference"
    component = (reference / "backstage-component.md").read_text()
    assert component.startswith("# Component (Backstage kind `Component`)\n\nA piece of software")
    assert "- Source: folder platform (`platform/backstage/component.json`)\n" \
           "- Extends the blueprint of built-in\n" in component
    assert "| `spec.lifecycle` | string | **yes** | not empty | Where it is in its life. | " \
           "`experimental`, `production`, `deprecated` |" in component
    assert "## metadata: organisation rules" in component
    assert "| `metadata.description` | string | **yes** | at least 10 characters | What it " \
           "does, in a sentence or two. |  |" in component
    assert '| `metadata.annotations["acme.com/cost-center"]` | string | no | matches ' \
           '`^cc-[0-9]{4}$` |' in component
    assert "| `owner` (owned by) | `spec.owner` | Group | **yes** | no | Default kind: Group. |" \
           in component
    assert "| Operational maturity (`operational-maturity`) | `owner`: Has an owner | Managed | " \
           "`spec.owner` |" in component

    service = (reference / "port-service.md").read_text()
    assert "| `tier` | string | no | `critical`, `standard` |" in service
    assert "Other properties are not allowed." in service
    assert "| `owner` (Owner) | group | **yes** | no |  |" in service
    example = yaml.safe_load(service.split("```yaml\n")[1].split("```")[0])
    assert example == {"identifier": "my-service", "blueprint": "service",
                       "properties": {"language": "Go"}, "relations": {"owner": "my-group"}}
    # the example is a valid entity of the blueprint
    write(tmp_path, {"port.yaml": yaml.safe_dump(example)})
    assert run_cli(["validate", "--select", "blueprint-schema", "port.yaml"],
                   tmp_path).exit_code == 0
    # two identifiers that differ by case get two pages
    assert (reference / "port-service-2.md").read_text().startswith("# Service (Port blueprint")

    index = (reference / "index.md").read_text()
    assert "| [Component](backstage-component.md) | backstage.io/v1alpha1, backstage.io/v1beta1 |" \
           in index
    assert "| Service readiness (`service-readiness`) | Draft → Ready | 1 |" in index
