"""A platform team's blueprint set, written into a folder, published as a git repository
with tags, or built into a wheel and installed with pip, all offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import GitRepo

MANIFEST = "name: acme-blueprints\nversion: 1.4.0\ndescription: The ACME platform's kinds.\n"

#: A Port blueprint, in YAML.
SERVICE = """\
identifier: service
title: Service
description: A deployable service.
schema:
  properties:
    language:
      type: string
      title: Language
      description: The main language.
      enum: [Go, Python, Rust]
    tier:
      type: string
      enum: [critical, standard]
  required: [language]
  additionalProperties: false
relations:
  owner: {title: Owner, target: group, required: true}
  system: {title: System, target: system}
"""

#: Organisation rules on the built-in Component kind, in JSON.
COMPONENT = {
    "identifier": "Component", "dialect": "backstage", "extends": "Component",
    "metadataSchema": {
        "required": ["description"],
        "properties": {
            "description": {"type": "string", "minLength": 10,
                            "description": "What it does, in a sentence or two."},
            "annotations": {"properties": {"acme.com/cost-center": {
                "type": "string", "pattern": "^cc-[0-9]{4}$"}}},
        },
    },
    "relations": {"owner": {"target": ["Group"]}},
}

#: A scorecard reading the service blueprint's properties.
SCORECARD = """\
identifier: service-readiness
title: Service readiness
appliesTo: {blueprints: [service]}
levels: [Draft, Ready]
rules:
  - identifier: tier
    title: Has a tier
    level: Ready
    description: Set the tier property.
    query:
      combinator: and
      conditions:
        - {property: tier, operator: isNotEmpty}
"""


def set_files(service: str = SERVICE, component: dict | None = None) -> dict[str, str]:
    """The files of the set, relative to its folder."""
    return {
        "blueprint-set.yaml": MANIFEST,
        "port/service.yaml": service,
        "backstage/component.json": json.dumps(component or COMPONENT, indent=2) + "\n",
        "scorecards/service-readiness.yaml": SCORECARD,
    }


def platform_repo(path: Path, folder: str = "blueprints", tag: str = "v1.4.0") -> GitRepo:
    """The platform team's repository: the set in ``folder``, tagged ``tag``."""
    repo = GitRepo.init(path)
    repo.commit("blueprint set", {f"{folder}/{name}": text for name, text in set_files().items()})
    repo.tag(tag, message=f"release {tag}")
    return repo


def build_and_install(source: Path, target: Path) -> Path:
    """Build the set as a package with hatchling (the project's build backend) and
    install the wheel with pip into ``target``, without the network. ``source`` gets a
    ``pyproject.toml`` and an ``acme_blueprints`` package holding the set."""
    from hatchling.builders.wheel import WheelBuilder

    package = source / "acme_blueprints"
    for name, text in set_files().items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    (package / "__init__.py").write_text('"""The ACME blueprint set."""\n', encoding="utf-8")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "acme-blueprints"\nversion = "1.4.0"\n\n'
        '[project.entry-points."catalog_lint.blueprints"]\nacme = "acme_blueprints"\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["acme_blueprints"]\n',
        encoding="utf-8")
    wheel = next(iter(WheelBuilder(str(source)).build(directory=str(source / "dist"),
                                                      versions=["standard"])))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    "--disable-pip-version-check", "--target", str(target), wheel],
                   check=True, capture_output=True)
    return target
