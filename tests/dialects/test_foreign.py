"""Files that sit where entity files are expected but are something else: exactly one
``not-an-entity`` finding per file, saying what the file looks like instead.

Every sample below is written for these tests, in the shape of the format it imitates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli, write

EXCLUDE = "rename the file, or list it under exclude: in .catalog-lint.yaml"
PORT_ELSEWHERE = ("Port reads its own configuration from .port/; move it there, or "
                  "rename the file, or list it under exclude: in .catalog-lint.yaml")
PORT_FOLDER = "Port configuration kept in .port/ is read but not validated"
SHAPE = ("a Backstage descriptor needs apiVersion, kind and metadata.name; "
         "a Port entity needs identifier and blueprint")

GITLAB_CI = """\
stages: [build, test]
variables:
  PIP_CACHE_DIR: .cache/pip
build:
  stage: build
  script:
    - make
"""

GITLAB_COMPONENT = """\
---
# CI/CD catalog project: the header, then the jobs
spec:
  inputs:
    stage:
      default: test
---
unit-tests:
  stage: $[[ inputs.stage ]]
  script: [make test]
"""

KUBERNETES = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 2
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, image: "cart:1.4"}]
---
apiVersion: v1
kind: Service
metadata:
  name: cart
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cart
data:
  LOG_LEVEL: info
"""

ARGO_CD = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: port
  namespace: argocd
spec:
  project: default
  source: {repoURL: "https://github.com/example/port", path: chart}
  destination: {server: "https://kubernetes.default.svc", namespace: port}
"""

PORT_BLUEPRINT: dict[str, Any] = {
    "identifier": "microservice",
    "title": "Microservice",
    "icon": "Microservice",
    "schema": {"properties": {"language": {"type": "string"}}, "required": []},
    "relations": {},
}

PORT_MAPPING = """\
deleteDependentEntities: true
resources:
  - kind: repository
    selector:
      query: "true"
    port:
      entity:
        mappings:
          identifier: .name
          blueprint: '"service"'
          properties:
            url: .html_url
"""

PORT_MAPPING_LIST = """\
- kind: repository
  selector:
    query: "true"
  port:
    entity:
      mappings:
        identifier: .name
        blueprint: '"service"'
"""

PORT_ACTION: dict[str, Any] = {
    "identifier": "scaffold_service",
    "title": "Scaffold a service",
    "trigger": {"type": "self-service", "operation": "CREATE", "userInputs": {"properties": {}}},
    "invocationMethod": {"type": "GITHUB", "workflow": "scaffold.yml"},
}

PORT_SCORECARD: dict[str, Any] = {
    "identifier": "production_readiness",
    "title": "Production readiness",
    "rules": [{"identifier": "has_readme", "level": "Bronze", "query": {}}],
    "levels": [{"title": "Bronze", "color": "bronze"}],
}

CORTEX = """\
openapi: 3.0.1
info:
  title: Cart
  x-cortex-tag: cart
  x-cortex-type: service
  x-cortex-owners:
    - type: group
      name: cart-team
"""

OPSLEVEL = """\
---
version: 1
service:
  name: cart
  owner: cart-team
  tier: tier_1
"""

WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""

COMPOSE = """\
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
  db:
    image: postgres:16
"""

OPENAPI = """\
openapi: 3.1.0
info: {title: Cart API, version: 1.0.0}
paths:
  /carts: {get: {responses: {"200": {description: ok}}}}
"""

HELM_CHART = """\
apiVersion: v2
name: cart
description: The cart service
type: application
version: 0.3.1
appVersion: "1.4.0"
"""

CUSTOM_SERVICE_FILE = """\
# our own service metadata
steward: team-devx
tags:
  type: documentation
notion: https://www.notion.so/example
"""


def findings(root: Path, *args: str) -> list[dict[str, Any]]:
    outcome = run_cli(["validate", "--format", "json", *args], root)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()["findings"]


def only_finding(root: Path, name: str, content: str) -> dict[str, Any]:
    """Write one file, lint it, and return its single finding (failing on any other)."""
    write(root, {name: content})
    found = findings(root, name)
    assert len(found) == 1, found
    [finding] = found
    assert finding["rule"] == "not-an-entity"
    assert finding["file"] == name
    return finding


CASES: list[tuple[str, str, str, int, str, str]] = [
    # (id, file name, content, line, severity, message)
    ("gitlab-ci", "catalog-info.yml", GITLAB_CI, 1, "error",
     f"looks like a GitLab CI configuration, not a catalog entity ({EXCLUDE})"),
    ("gitlab-component", "catalog-info.yml", GITLAB_COMPONENT, 3, "error",
     "2 documents look like a GitLab CI configuration (a CI/CD component's spec: inputs "
     f"header), not catalog entities ({EXCLUDE})"),
    ("kubernetes", "catalog-info.yaml", KUBERNETES, 1, "error",
     "3 documents look like a Kubernetes manifest (Deployment, Service, ConfigMap), "
     f"not catalog entities ({EXCLUDE})"),
    ("argo-cd", "port.yaml", ARGO_CD, 1, "error",
     f"looks like an Argo CD manifest (Application), not a catalog entity ({EXCLUDE})"),
    ("port-blueprint-in-port-folder", ".port/blueprints/microservice.json",
     json.dumps(PORT_BLUEPRINT, indent=2), 1, "info",
     f"looks like a Port blueprint definition (microservice), not a catalog entity "
     f"({PORT_FOLDER})"),
    ("port-blueprint-elsewhere", "port.json", json.dumps(PORT_BLUEPRINT, indent=2), 1, "error",
     f"looks like a Port blueprint definition (microservice), not a catalog entity "
     f"({PORT_ELSEWHERE})"),
    ("port-mapping-in-port-folder", ".port/resources/port-app-config.yml", PORT_MAPPING, 1,
     "info", "looks like a Port integration mapping configuration (repository), not a "
     f"catalog entity ({PORT_FOLDER})"),
    ("port-mapping-list-elsewhere", "port.yml", PORT_MAPPING_LIST, 1, "error",
     "looks like a Port integration mapping configuration (repository), not a catalog "
     f"entity ({PORT_ELSEWHERE})"),
    ("port-action", ".port/actions/scaffold.json", json.dumps(PORT_ACTION), 1, "info",
     f"looks like a Port action definition (scaffold_service), not a catalog entity "
     f"({PORT_FOLDER})"),
    ("port-scorecard", ".port/scorecards.json", json.dumps(PORT_SCORECARD), 1, "info",
     f"looks like a Port scorecard definition (production_readiness), not a catalog entity "
     f"({PORT_FOLDER})"),
    ("cortex", "port.yaml", CORTEX, 1, "error",
     "looks like a Cortex descriptor (cortex.yaml), not a catalog entity (catalog-lint "
     f"reads Backstage and Port entities; {EXCLUDE})"),
    ("opslevel", "port.yml", OPSLEVEL, 2, "error",
     "looks like an OpsLevel descriptor (opslevel.yml), not a catalog entity (catalog-lint "
     f"reads Backstage and Port entities; {EXCLUDE})"),
    ("github-workflow", "catalog-info.yaml", WORKFLOW, 1, "error",
     f"looks like a GitHub Actions workflow, not a catalog entity ({EXCLUDE})"),
    ("docker-compose", "catalog-info.yaml", COMPOSE, 1, "error",
     f"looks like a Docker Compose file, not a catalog entity ({EXCLUDE})"),
    ("openapi", "catalog-info.yaml", OPENAPI, 1, "error",
     "looks like an OpenAPI document, not a catalog entity (an API entity points at it "
     f"from spec.definition (Backstage) or a property (Port); {EXCLUDE})"),
    ("helm-chart", "catalog-info.yaml", HELM_CHART, 1, "error",
     f"looks like a Helm chart (Chart.yaml), not a catalog entity ({EXCLUDE})"),
    ("unknown-mapping", "port.yaml", CUSTOM_SERVICE_FILE, 2, "error",
     f"looks like a mapping with the keys steward, tags, notion, not a catalog entity ({SHAPE})"),
    ("plain-string", "catalog-info.yaml", "just a string\n", 1, "error",
     f"looks like a plain string, not a catalog entity ({SHAPE})"),
    ("list-of-strings", "catalog-info.yaml", "- a\n- b\n", 1, "error",
     "looks like a list of 2 items, not a catalog entity (an entity file holds mappings, "
     "one per document, or a list of Port entities (each with identifier and blueprint))"),
]


@pytest.mark.parametrize(("name", "content", "line", "severity", "message"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_one_clear_finding_per_foreign_file(
    tmp_path: Path, name: str, content: str, line: int, severity: str, message: str
) -> None:
    finding = only_finding(tmp_path, name, content)
    assert finding["message"] == message
    assert finding["severity"] == severity
    assert finding["line"] == line
    assert finding["entity"] is None


def test_a_list_of_port_blueprints_is_one_finding_naming_them(tmp_path: Path) -> None:
    second = {**PORT_BLUEPRINT, "identifier": "cluster"}
    finding = only_finding(tmp_path, ".port/resources/blueprints.json",
                           json.dumps([PORT_BLUEPRINT, second], indent=2))
    assert finding["message"] == (
        "2 documents look like a Port blueprint definition (microservice, cluster), not "
        f"catalog entities ({PORT_FOLDER})")
    assert (finding["severity"], finding["line"], finding["column"]) == ("info", 2, 3)


def test_info_findings_do_not_fail_the_run(tmp_path: Path) -> None:
    write(tmp_path, {".port/resources/port-app-config.yml": PORT_MAPPING})
    assert run_cli(["validate"], tmp_path).exit_code == 0
    write(tmp_path, {"port.yml": PORT_MAPPING_LIST})
    assert run_cli(["validate"], tmp_path).exit_code == 1


def test_a_kubernetes_manifest_beside_an_entity_is_reported_once(tmp_path: Path) -> None:
    entity = ("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: cart-team\n"
              "spec:\n  type: team\n  children: []\n")
    write(tmp_path, {"catalog-info.yaml": entity + "---\n" + KUBERNETES})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    report = outcome.json()
    assert report["summary"]["entities"] == 1
    [finding] = report["findings"]
    assert finding["rule"] == "not-an-entity" and finding["line"] == 9
    assert finding["message"].startswith("3 documents look like a Kubernetes manifest")


def test_mixed_foreign_documents_are_summed_up_in_one_finding(tmp_path: Path) -> None:
    finding = only_finding(tmp_path, "catalog-info.yaml",
                           ARGO_CD + "---\n" + HELM_CHART + "---\n" + ARGO_CD)
    assert finding["message"] == (
        "3 documents are not catalog entities: they look like an Argo CD manifest "
        f"(Application) and a Helm chart (Chart.yaml) ({EXCLUDE})")


@pytest.mark.parametrize("content", [
    # A custom kind in a custom API group: a Backstage document, not Kubernetes.
    "apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: cart\nspec: {}\n",
    # A Kubernetes-sounding kind in Backstage's group stays Backstage.
    "apiVersion: backstage.io/v1alpha1\nkind: Deployment\nmetadata:\n  name: cart\nspec: {}\n",
    # A built-in Backstage kind with a Kubernetes-style apiVersion: still Backstage.
    "apiVersion: v1\nkind: Component\nmetadata:\n  name: cart\nspec: {}\n",
    # Backstage keys with a GitLab-looking spec: metadata.name makes it Backstage.
    "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n"
    "spec:\n  inputs: {}\n  stages: [a]\n",
])
def test_backstage_documents_with_custom_kinds_are_not_foreign(
    tmp_path: Path, content: str
) -> None:
    from catalog_lint.dialects import BACKSTAGE, classify
    from catalog_lint.yaml_reader import parse_stream

    [parsed] = parse_stream(content).documents
    assert classify(parsed.data, "catalog-info.yaml") == BACKSTAGE
    write(tmp_path, {"catalog-info.yaml": content})
    assert "not-an-entity" not in [f["rule"] for f in findings(tmp_path)]


def test_port_entities_with_misleading_keys_stay_port() -> None:
    from catalog_lint.dialects import PORT, classify

    data = {"identifier": "x", "blueprint": "component", "properties": {"script": "make"}}
    assert classify(data, "port.yml") == PORT
    assert classify({"identifier": "x", "blueprint": "component", "kind": "service"},
                    "port.yml") == PORT
    assert classify({"blueprint": "component", "title": "no identifier yet"}, "port.yml") == PORT


def test_not_an_entity_can_be_suppressed_for_the_whole_file(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "# catalog-lint: disable=not-an-entity\n" + KUBERNETES})
    assert findings(tmp_path) == []


@pytest.mark.parametrize(("path", "data", "looks_like", "severity"), [
    ("kustomization.yaml", {"apiVersion": "kustomize.config.k8s.io/v1beta1",
                            "kind": "Kustomization", "resources": ["deploy.yaml"]},
     "a Kustomize file", None),
    ("kustomization.yaml", {"resources": ["deploy.yaml"], "namePrefix": "dev-"},
     "a Kustomize file", None),
    ("flux.yaml", {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                   "metadata": {"name": "x"}}, "a Flux manifest", None),
    ("crd.yaml", {"apiVersion": "example.dev/v1", "kind": "CustomResourceDefinition",
                  "metadata": {"name": "x"}}, "a Kubernetes manifest", None),
    ("action.yml", {"name": "x", "runs": {"using": "node20", "main": "index.js"}},
     "a GitHub Action definition (action.yml)", None),
    ("events.yaml", {"asyncapi": "2.6.0", "info": {"title": "x"}}, "an AsyncAPI document", None),
    ("app-config.yaml", {"app": {"title": "x"}, "backend": {"baseUrl": "http://x"}},
     "a Backstage app configuration (app-config.yaml)", None),
    (".pre-commit-config.yaml", {"repos": [{"repo": "https://x", "hooks": []}]},
     "a pre-commit configuration", None),
    ("dependabot.yml", {"version": 2, "updates": []}, "a Dependabot configuration", None),
    ("stack.yaml", {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}},
     "an AWS CloudFormation template", None),
    ("serverless.yml", {"service": "x", "provider": {"name": "aws"}},
     "a Serverless Framework configuration", None),
    ("schema.json", {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
     "a JSON Schema", None),
    ("port.json", {"name": "x", "version": "1.0.0", "scripts": {}},
     "an npm package manifest (package.json)", None),
    ("port.yml", {"integrationid": "", "payloadcheckid": "", "deployments": True},
     "an OpsLevel integration configuration", None),
    (".port/spec.yaml", {"type": "x", "features": [], "configurations": []},
     "a Port Ocean integration specification", "info"),
    (".port/resources/scorecards.json", {"blueprint": "service", "data": []},
     "a Port scorecards file", "info"),
    ("port.yml", [{"id": "lint", "name": "lint", "entry": "lint"}],
     "a pre-commit hooks definition (.pre-commit-hooks.yaml)", None),
    ("port.yml", [{"hosts": "all", "tasks": []}], "an Ansible playbook", None),
])
def test_more_recognised_formats(path: str, data: Any, looks_like: str,
                                 severity: str | None) -> None:
    from catalog_lint.dialects import Foreign, classify

    found = classify(data, path)
    assert isinstance(found, Foreign)
    assert found.looks_like == looks_like
    assert (found.severity.value if found.severity else None) == severity
