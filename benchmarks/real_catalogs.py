"""Generated catalogs shaped like real ones, for ``bench_real.py``.

A platform-wide catalog is many repositories' entity files, and its entities point at
entities other repositories define: the owning group (in the organisation's repository),
the system, the APIs they consume and the resources they depend on. Each catalog here is
a folder of ``repo-NNN/`` folders, one service each:

``issue``
    The case measured in the issue: every file one Component with 5 references to
    entities of other repositories (50,000 ``unresolved-reference`` warnings at 10,000
    files), nothing else.
``realistic``
    Backstage files, one in four holding a second document (the service's API) and one
    in eight a third (its database); one in ten files Port entities instead, as JSON
    (``.port/entities.json``, a list) or YAML (``port.yml``); about 5 references per
    file lead into other repositories; one file in ten has a mistake (a schema error, a
    bad name, a YAML syntax error, a duplicate key, an unknown field, a reference that
    does not parse, a Port value outside its enum).
``resolvable``
    ``realistic`` plus the other repositories' entities (groups, systems, APIs,
    resources and Port groups, in a ``platform/`` folder of multi-document files), so
    that every well-formed reference resolves.

Everything is derived from the file's index: the same arguments give the same files.
To write one for a measurement of your own::

    python benchmarks/real_catalogs.py FOLDER realistic 2000
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

GROUPS, SYSTEMS, APIS, RESOURCES = 200, 500, 2000, 5000
LANGUAGES = ["java", "python", "go", "typescript", "kotlin", "rust"]
LIFECYCLES = ["production", "experimental", "deprecated"]
KINDS = ("issue", "realistic", "resolvable")


def _name(index: int) -> str:
    return f"service-{index:05d}"


def issue_component(rng: random.Random, index: int) -> str:
    """A Component with 5 references that no file of the catalog defines."""
    name = _name(index)
    return f"""\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {name}
  description: Handles part {index} of the order flow.
  annotations:
    github.com/project-slug: shop/{name}
  tags:
    - {rng.choice(LANGUAGES)}
spec:
  type: service
  lifecycle: {rng.choice(LIFECYCLES)}
  owner: group:default/team-{rng.randrange(GROUPS):03d}
  system: system-{rng.randrange(SYSTEMS):03d}
  dependsOn:
    - resource:db-{rng.randrange(RESOURCES):04d}
    - resource:cache-{rng.randrange(RESOURCES):04d}
  consumesApis:
    - shared-api-{rng.randrange(APIS):04d}
"""


def component(rng: random.Random, index: int, with_api: bool) -> str:
    name = _name(index)
    provides = f"  providesApis:\n    - {name}-api\n" if with_api else ""
    return f"""\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {name}
  title: Service {index}
  description: Handles part {index} of the order flow for the shop.
  annotations:
    github.com/project-slug: shop/{name}
    backstage.io/techdocs-ref: dir:.
    pagerduty.com/service-id: P{index:06d}
  tags:
    - {rng.choice(LANGUAGES)}
    - {rng.choice(["grpc", "rest", "kafka", "batch"])}
  links:
    - url: https://dashboards.example.com/d/{name}
      title: Dashboard
      icon: dashboard
spec:
  type: service
  lifecycle: {rng.choice(LIFECYCLES)}
  owner: group:default/team-{rng.randrange(GROUPS):03d}
  system: system-{rng.randrange(SYSTEMS):03d}
  dependsOn:
    - resource:db-{rng.randrange(RESOURCES):04d}
    - resource:queue-{rng.randrange(RESOURCES):04d}
  consumesApis:
    - shared-api-{rng.randrange(APIS):04d}
{provides}"""


def api(rng: random.Random, index: int) -> str:
    name = _name(index)
    return f"""\
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: {name}-api
  description: The public API of service {index}.
spec:
  type: openapi
  lifecycle: production
  owner: group:default/team-{rng.randrange(GROUPS):03d}
  system: system-{rng.randrange(SYSTEMS):03d}
  definition: |
    openapi: 3.0.0
    info:
      title: Service {index}
      version: 1.0.0
    paths: {{}}
"""


def database(rng: random.Random, index: int) -> str:
    return f"""\
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: {_name(index)}-db
spec:
  type: database
  owner: team-{rng.randrange(GROUPS):03d}
  system: system-{rng.randrange(SYSTEMS):03d}
"""


def port_entities(rng: random.Random, index: int, count: int) -> list[dict[str, object]]:
    entities: list[dict[str, object]] = []
    for item in range(count):
        identifier = f"port-{index:05d}-{item}"
        entities.append({
            "identifier": identifier,
            "title": f"Port service {index}.{item}",
            "blueprint": "component",
            "properties": {"type": "service", "lifecycle": rng.choice(["Production", "Experimental"]),
                           "language": rng.choice(["Python", "Go", "Java"])},
            "relations": {"owner": f"port-team-{rng.randrange(GROUPS):03d}",
                          "system": f"port-system-{rng.randrange(SYSTEMS):03d}"},
        })
    return entities


def _port_yaml(entities: list[dict[str, object]]) -> str:
    lines = ["# Port entities of this repository"]
    for entity in entities:
        properties = entity["properties"]
        relations = entity["relations"]
        assert isinstance(properties, dict) and isinstance(relations, dict)
        lines += [f"- identifier: {entity['identifier']}", f"  title: {entity['title']}",
                  f"  blueprint: {entity['blueprint']}", "  properties:"]
        lines += [f"    {key}: {value}" for key, value in properties.items()]
        lines += ["  relations:"]
        lines += [f"    {key}: {value}" for key, value in relations.items()]
    return "\n".join(lines) + "\n"


#: Mistakes people make, one per broken file: (what, how the text is changed).
MISTAKES = [
    ("no owner (schema error)", lambda text: text.replace("  owner: group:default/", "  maintainer: ")),
    ("invalid name", lambda text: text.replace("  name: service-", "  name: service ", 1)),
    ("YAML syntax error", lambda text: text.replace("  type: service\n", "  type: service\n   oops: [\n", 1)),
    ("duplicate key", lambda text: text.replace("  type: service\n", "  type: service\n  type: website\n", 1)),
    ("unknown top-level field", lambda text: text + "specs:\n  note: misplaced\n"),
    ("reference that does not parse", lambda text: text.replace("    - resource:db-", "    - :db-", 1)),
    ("a number where a string belongs", lambda text: text.replace("  lifecycle: ", "  lifecycle: 12\n  x-was: ", 1)),
    ("invalid tag", lambda text: text.replace("  tags:\n    - ", "  tags:\n    - Not A Tag\n    - ", 1)),
]


def realistic_file(rng: random.Random, index: int) -> tuple[str, str, bool]:
    """(path inside the repository folder, text, whether it has a mistake) of service
    ``index``."""
    broken = rng.random() < 0.1
    if index % 10 == 5:  # Port entities, JSON or YAML
        entities = port_entities(rng, index, 3 if index % 20 == 5 else 2)
        if broken:
            properties = entities[0]["properties"]
            assert isinstance(properties, dict)
            properties["lifecycle"] = "prod"  # not in the blueprint's enum
        if index % 20 == 5:
            return ".port/entities.json", json.dumps(entities, indent=2) + "\n", broken
        return "port.yml", _port_yaml(entities), broken
    text = component(rng, index, with_api=index % 4 == 0)
    if index % 4 == 0:
        text += api(rng, index)
    if index % 8 == 0:
        text += database(rng, index)
    if broken:
        _, change = MISTAKES[rng.randrange(len(MISTAKES))]
        text = change(text)
    return "catalog-info.yaml", text, broken


def platform_files() -> Iterator[tuple[str, str]]:
    """The other repositories' entities that ``realistic`` refers to, 100 per file."""
    docs: list[str] = []
    for team in range(GROUPS):
        docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{team:03d}\n"
                    "spec:\n  type: team\n  children: []\n")
    for system in range(SYSTEMS):
        docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-{system:03d}\n"
                    f"spec:\n  owner: team-{system % GROUPS:03d}\n")
    for number in range(APIS):
        docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: shared-api-{number:04d}\n"
                    f"spec:\n  type: openapi\n  lifecycle: production\n  owner: team-{number % GROUPS:03d}\n"
                    "  definition: 'openapi: 3.0.0'\n")
    for prefix in ("db", "queue"):
        for number in range(RESOURCES):
            docs.append(f"apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n"
                        f"  name: {prefix}-{number:04d}\nspec:\n  type: database\n"
                        f"  owner: team-{number % GROUPS:03d}\n")
    for start in range(0, len(docs), 100):
        yield f"platform/repo-{start // 100:03d}/catalog-info.yaml", "---\n".join(docs[start:start + 100])
    port: list[dict[str, object]] = [
        {"identifier": f"port-team-{team:03d}", "title": f"Team {team}", "blueprint": "group",
         "properties": {"type": "team"}, "relations": {}} for team in range(GROUPS)]
    port += [{"identifier": f"port-system-{system:03d}", "title": f"System {system}",
              "blueprint": "system", "properties": {},
              "relations": {"owner": f"port-team-{system % GROUPS:03d}"}} for system in range(SYSTEMS)]
    yield "platform/.port/org.json", json.dumps(port, indent=2) + "\n"


def generate(folder: Path, kind: str, files: int, seed: int = 7) -> dict[str, int]:
    """Write catalog ``kind`` with ``files`` service files into ``folder``; what it holds."""
    rng = random.Random(seed)
    counts = {"files": 0, "backstage files": 0, "port json files": 0, "port yaml files": 0,
              "multi-document files": 0, "broken files": 0}
    for index in range(files):
        if kind == "issue":
            name, text, broken = "catalog-info.yaml", issue_component(rng, index), False
        else:
            name, text, broken = realistic_file(rng, index)
        counts["broken files"] += broken
        target = folder / f"repo-{index // 100:03d}" / f"svc-{index:05d}" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts["files"] += 1
        if name.endswith(".json"):
            counts["port json files"] += 1
        elif name == "port.yml":
            counts["port yaml files"] += 1
        else:
            counts["backstage files"] += 1
            counts["multi-document files"] += text.count("\n---\n") > 0
    if kind == "resolvable":
        for name, text in platform_files():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            counts["files"] += 1
    return counts


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 4 or sys.argv[2] not in KINDS or not sys.argv[3].isdigit():
        raise SystemExit(f"usage: python benchmarks/real_catalogs.py FOLDER {{{'|'.join(KINDS)}}} FILES")
    print(generate(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
