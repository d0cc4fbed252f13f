"""Recognise files that sit where entity files are expected but are something else.

A ``port.yaml`` can be an Argo CD manifest, a ``catalog-info.yml`` a GitLab CI file, a
file under ``.port/`` a Port blueprint or mapping config. Validating those against the
Backstage or Port schema gives a wall of errors about fields nobody meant to write; one
finding that names the format, and how to fix or exclude the file, is what helps.

Each recogniser looks for the few keys that define a format and nothing else, and the
tests run from the most specific to the least. Port's own configuration (blueprints,
mappings, actions, scorecards, an Ocean integration's spec) is reported at ``info``
severity when it lives under ``.port/``, where it belongs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from catalog_lint.blueprints import json_type_name
from catalog_lint.dialects import Foreign
from catalog_lint.findings import Severity

EXCLUDE_HINT = "rename the file, or list it under exclude: in .catalog-lint.yaml"
_PORT_HINT = "Port reads its own configuration from .port/; move it there, or " + EXCLUDE_HINT
_PORT_FOLDER_HINT = "Port configuration kept in .port/ is read but not validated"

#: Backstage's built-in kinds: with ``metadata.name`` they are Backstage whatever the
#: apiVersion says (a wrong apiVersion is the Backstage rules' business).
BACKSTAGE_KINDS = frozenset(
    {"Component", "API", "Resource", "System", "Domain", "Group", "User", "Location", "Template"}
)

#: Kinds that only Kubernetes uses; with an unknown API group they still mean Kubernetes.
KUBERNETES_KINDS = frozenset({
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
    "ConfigMap", "Secret", "Namespace", "ServiceAccount", "Role", "RoleBinding",
    "ClusterRole", "ClusterRoleBinding", "Ingress", "IngressClass", "NetworkPolicy",
    "PersistentVolume", "PersistentVolumeClaim", "StorageClass", "HorizontalPodAutoscaler",
    "PodDisruptionBudget", "CustomResourceDefinition", "LimitRange", "ResourceQuota",
    "ServiceMonitor", "PodMonitor", "PrometheusRule", "Certificate", "ClusterIssuer",
    "Issuer", "VirtualService", "DestinationRule", "Gateway", "HTTPRoute", "SealedSecret",
    "ExternalSecret", "ScaledObject", "HelmRelease", "GitRepository", "Kustomization",
})

#: API groups of Kubernetes and its ecosystem, matched as domain suffixes.
_KUBERNETES_GROUPS = (
    "k8s.io", "apps", "batch", "policy", "autoscaling", "extensions", "istio.io",
    "cert-manager.io", "coreos.com", "keda.sh", "external-secrets.io", "bitnami.com",
    "traefik.io", "traefik.containo.us", "knative.dev", "karpenter.sh", "openshift.io",
    "kyverno.io", "linkerd.io", "projectcontour.io", "cilium.io", "gke.io", "amazonaws.com",
)
_ARGO_CD_KINDS = frozenset({"Application", "ApplicationSet", "AppProject"})
_CORE_VERSION = re.compile(r"^v\d+(?:(?:alpha|beta)\d+)?$")


def _in_group(group: str, suffixes: Sequence[str]) -> bool:
    return any(group == s or group.endswith("." + s) for s in suffixes)


def _family(group: str, version: str, kind: str) -> str | None:
    """Which member of the Kubernetes family an ``apiVersion``/``kind`` pair is."""
    if not group:
        return "a Kubernetes manifest" if _CORE_VERSION.match(version) else None
    if _in_group(group, ("backstage.io",)):
        return None
    if _in_group(group, ("kustomize.config.k8s.io",)):
        return "a Kustomize file"
    if _in_group(group, ("argoproj.io",)):
        return "an Argo CD manifest" if kind in _ARGO_CD_KINDS else "an Argo manifest"
    if _in_group(group, ("fluxcd.io",)):
        return "a Flux manifest"
    if _in_group(group, ("tekton.dev",)):
        return "a Tekton manifest"
    if _in_group(group, ("crossplane.io",)):
        return "a Crossplane manifest"
    if _in_group(group, _KUBERNETES_GROUPS) or kind in KUBERNETES_KINDS:
        return "a Kubernetes manifest"
    return None


def describe_manifest(data: dict[str, Any], path: str) -> Foreign | None:
    """Kubernetes and its ecosystem (Argo CD, Flux, Kustomize, ...): told apart from
    Backstage by the API group, since both have ``apiVersion``, ``kind`` and
    ``metadata.name``."""
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None
    metadata = data.get("metadata")
    if kind in BACKSTAGE_KINDS and isinstance(metadata, dict) and "name" in metadata:
        return None
    group, _, version = api_version.rpartition("/")
    family = _family(group, version, kind)
    if family is None:
        return None
    return Foreign(family, EXCLUDE_HINT, detail=kind)


# -- Port's own configuration ---------------------------------------------------------


def _port_config(looks_like: str, path: str, detail: object = "") -> Foreign:
    """Port configuration: info in ``.port/``, where it belongs; an error elsewhere."""
    in_port_folder = ".port" in path.split("/")[:-1]
    return Foreign(
        looks_like,
        _PORT_FOLDER_HINT if in_port_folder else _PORT_HINT,
        Severity.INFO if in_port_folder else None,
        detail if isinstance(detail, str) else "",
    )


def _is_mapping_resource(item: Any) -> bool:
    """One entry of a Port integration's ``resources``: a source ``kind`` and where its
    data goes (``port.entity.mappings``) or which of it to take (``selector``)."""
    return isinstance(item, dict) and "kind" in item and (
        isinstance(item.get("port"), dict) or isinstance(item.get("selector"), dict)
    )


_MAPPING_FLAGS = {"deleteDependentEntities", "createMissingRelatedEntities", "enableMergeEntity"}
_BLUEPRINT_KEYS = {"schema", "calculationProperties", "mirrorProperties",
                   "aggregationProperties", "teamInheritance", "changelogDestination"}


def _port(data: dict[str, Any], path: str) -> Foreign | None:
    keys = set(data)
    identifier = data.get("identifier", "")
    resources = data.get("resources")
    if (isinstance(resources, list) and any(_is_mapping_resource(r) for r in resources)) or (
        keys & _MAPPING_FLAGS
    ):
        kinds = [r["kind"] for r in resources or () if _is_mapping_resource(r)]
        return _port_config("a Port integration mapping configuration", path,
                            ", ".join(str(k) for k in kinds[:3]))
    if _is_mapping_resource(data) and "identifier" not in keys:
        return _port_config("a Port integration mapping configuration", path, data["kind"])
    if "identifier" in keys and "blueprint" not in keys and keys & _BLUEPRINT_KEYS:
        return _port_config("a Port blueprint definition", path, identifier)
    if "identifier" in keys and keys & {"trigger", "invocationMethod", "userInputs"}:
        return _port_config("a Port action definition", path, identifier)
    if "identifier" in keys and isinstance(data.get("rules"), list) and (
        "levels" in keys or "properties" not in keys
    ):
        return _port_config("a Port scorecard definition", path, identifier)
    if "blueprint" in keys and isinstance(data.get("data"), list) and "identifier" not in keys:
        return _port_config("a Port scorecards file", path, data["blueprint"])
    if {"features", "configurations"} <= keys:
        return _port_config("a Port Ocean integration specification", path)
    return None


# -- other formats --------------------------------------------------------------------


def _helm_chart(data: dict[str, Any]) -> bool:
    return (data.get("apiVersion") in ("v1", "v2") and "name" in data and "version" in data
            and "kind" not in data)


def _github_workflow(data: dict[str, Any]) -> bool:
    # The YAML 1.2 reader keeps ``on`` a string key (YAML 1.1 would make it ``True``).
    return "jobs" in data and "on" in data


def _github_action(data: dict[str, Any]) -> bool:
    return isinstance(data.get("runs"), dict) and ("name" in data or "description" in data)


_GITLAB_KEYWORDS = {"stages", "before_script", "after_script", "workflow"}


def _gitlab_ci(data: dict[str, Any]) -> bool:
    if set(data) & _GITLAB_KEYWORDS:
        return True
    if "identifier" in data or "blueprint" in data:
        return False  # a Port property named "script" is not a CI job
    return any(isinstance(value, dict) and "script" in value for value in data.values())


def _gitlab_component(data: dict[str, Any]) -> bool:
    """The header of a GitLab CI/CD component or catalog project: ``spec: {inputs: ...}``
    and no Backstage envelope."""
    spec = data.get("spec")
    return (isinstance(spec, dict) and "inputs" in spec and "metadata" not in data
            and "kind" not in data and "apiVersion" not in data)


def _compose(data: dict[str, Any]) -> bool:
    services = data.get("services")
    if not isinstance(services, dict) or not services:
        return False
    markers = {"image", "build", "ports", "environment", "volumes", "command", "depends_on"}
    return all(isinstance(s, dict) for s in services.values()) and any(
        markers & set(s) for s in services.values()
    )


def _cortex(data: dict[str, Any]) -> bool:
    info = data.get("info")
    return isinstance(info, dict) and any(str(k).startswith("x-cortex-") for k in info)


_OPSLEVEL_SECTIONS = {"service", "repository", "component", "infrastructure"}


def _opslevel(data: dict[str, Any]) -> bool:
    return "version" in data and any(isinstance(data.get(s), dict) for s in _OPSLEVEL_SECTIONS)


def _opslevel_config(data: dict[str, Any]) -> bool:
    return "integrationid" in data or "payloadcheckid" in data


_APP_CONFIG_KEYS = {"app", "backend", "catalog", "techdocs", "auth", "integrations",
                    "organization", "scaffolder", "proxy"}


def _backstage_app_config(data: dict[str, Any]) -> bool:
    return bool(set(data) & {"app", "backend"}) and len(set(data) & _APP_CONFIG_KEYS) >= 2


def _pre_commit_config(data: dict[str, Any]) -> bool:
    repos = data.get("repos")
    return isinstance(repos, list) and any(isinstance(r, dict) and "repo" in r for r in repos)


def _dependabot(data: dict[str, Any]) -> bool:
    return data.get("version") == 2 and isinstance(data.get("updates"), list)


def _cloudformation(data: dict[str, Any]) -> bool:
    resources = data.get("Resources")
    return "AWSTemplateFormatVersion" in data or (
        isinstance(resources, dict) and bool(resources)
        and all(isinstance(r, dict) and "Type" in r for r in resources.values())
    )


def _serverless(data: dict[str, Any]) -> bool:
    return "service" in data and isinstance(data.get("provider"), dict)


def _json_schema(data: dict[str, Any]) -> bool:
    return "$schema" in data and bool(
        set(data) & {"properties", "type", "definitions", "$defs", "items", "oneOf", "anyOf"}
    )


def _package_json(data: dict[str, Any]) -> bool:
    return "name" in data and bool(set(data) & {"dependencies", "devDependencies", "scripts"})


_KUSTOMIZE_KEYS = {"namePrefix", "nameSuffix", "patchesStrategicMerge", "patchesJson6902",
                   "configMapGenerator", "secretGenerator", "commonLabels", "images", "patches"}


def _kustomization(data: dict[str, Any]) -> bool:
    resources = data.get("resources")
    return bool(set(data) & _KUSTOMIZE_KEYS) or (
        isinstance(resources, list) and bool(resources)
        and all(isinstance(r, str) for r in resources) and "identifier" not in data
    )


#: (test, what it looks like, hint), most specific first.
_FORMATS: tuple[tuple[Callable[[dict[str, Any]], bool], str, str], ...] = (
    # Before the GitLab CI test: the header document of a CI/CD component file.
    (_gitlab_component, "a GitLab CI configuration", EXCLUDE_HINT),
    (_helm_chart, "a Helm chart (Chart.yaml)", EXCLUDE_HINT),
    (_github_workflow, "a GitHub Actions workflow", EXCLUDE_HINT),
    (_github_action, "a GitHub Action definition (action.yml)", EXCLUDE_HINT),
    (_gitlab_ci, "a GitLab CI configuration", EXCLUDE_HINT),
    (_compose, "a Docker Compose file", EXCLUDE_HINT),
    (_cortex, "a Cortex descriptor (cortex.yaml)",
     "catalog-lint reads Backstage and Port entities; " + EXCLUDE_HINT),
    (lambda d: "openapi" in d or "swagger" in d, "an OpenAPI document",
     "an API entity points at it from spec.definition (Backstage) or a property (Port); "
     + EXCLUDE_HINT),
    (lambda d: "asyncapi" in d, "an AsyncAPI document",
     "an API entity points at it from spec.definition; " + EXCLUDE_HINT),
    (_opslevel, "an OpsLevel descriptor (opslevel.yml)",
     "catalog-lint reads Backstage and Port entities; " + EXCLUDE_HINT),
    (_opslevel_config, "an OpsLevel integration configuration", EXCLUDE_HINT),
    (_backstage_app_config, "a Backstage app configuration (app-config.yaml)", EXCLUDE_HINT),
    (_pre_commit_config, "a pre-commit configuration", EXCLUDE_HINT),
    (_dependabot, "a Dependabot configuration", EXCLUDE_HINT),
    (_cloudformation, "an AWS CloudFormation template", EXCLUDE_HINT),
    (_serverless, "a Serverless Framework configuration", EXCLUDE_HINT),
    (_json_schema, "a JSON Schema", EXCLUDE_HINT),
    (_package_json, "an npm package manifest (package.json)", EXCLUDE_HINT),
    (_kustomization, "a Kustomize file", EXCLUDE_HINT),
)


def describe(data: dict[str, Any], path: str) -> Foreign | None:
    """What a mapping looks like when it is clearly not a catalog entity, else ``None``."""
    found = describe_manifest(data, path) or _port(data, path)
    if found is not None:
        return found
    for test, looks_like, hint in _FORMATS:
        if test(data):
            detail = "a CI/CD component's spec: inputs header" if test is _gitlab_component else ""
            return Foreign(looks_like, hint, detail=detail)
    return None


def _list_item_format(items: list[Any], path: str) -> Foreign | None:
    dicts = [item for item in items if isinstance(item, dict)]
    if not dicts or len(dicts) != len(items):
        return None
    if all(_is_mapping_resource(item) for item in dicts):
        kinds = ", ".join(str(item["kind"]) for item in dicts[:3])
        return _port_config("a Port integration mapping configuration", path, kinds)
    if all("id" in item and "entry" in item for item in dicts):
        return Foreign("a pre-commit hooks definition (.pre-commit-hooks.yaml)", EXCLUDE_HINT)
    if all("hosts" in item for item in dicts):
        return Foreign("an Ansible playbook", EXCLUDE_HINT)
    first = describe(dicts[0], path)
    if first is not None:
        return Foreign(first.looks_like, first.hint, first.severity, first.detail)
    return None


def describe_other(data: Any, path: str) -> Foreign:
    """A document that is not a mapping: a list of something, or a plain value."""
    if isinstance(data, list):
        return _list_item_format(data, path) or unknown(data, path)
    return unknown(data, path)


_SHAPE_HINT = ("a Backstage descriptor needs apiVersion, kind and metadata.name; "
               "a Port entity needs identifier and blueprint")


def unknown(data: Any, path: str) -> Foreign:
    """Nothing we recognise: describe the shape, and say what an entity looks like."""
    if isinstance(data, list):
        count = f"{len(data)} item{'' if len(data) == 1 else 's'}"
        return Foreign(f"a list of {count}",
                       "an entity file holds mappings, one per document, or a list of Port "
                       "entities (each with identifier and blueprint)")
    if isinstance(data, dict):
        keys = [str(k) for k in data]
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        return Foreign(f"a mapping with the keys {shown}" if keys else "an empty mapping",
                       _SHAPE_HINT)
    return Foreign(f"a plain {json_type_name(data)}", _SHAPE_HINT)




def summarise(found: Sequence[Foreign]) -> tuple[str, Severity | None]:
    """One message (and severity) for every foreign document of a file, so that a
    Kubernetes file of ten manifests gives one finding, not ten."""
    first = found[0]
    same = [f for f in found if f.looks_like == first.looks_like]
    details = list(dict.fromkeys(f.detail for f in same if f.detail))
    subject = first.looks_like
    if details:
        subject += f" ({', '.join(details[:5])}{', ...' if len(details) > 5 else ''})"
    if len(found) == 1:
        message = f"looks like {subject}, not a catalog entity"
    elif len(same) == len(found):
        message = f"{len(found)} documents look like {subject}, not catalog entities"
    else:
        others = dict.fromkeys(f.looks_like for f in found if f.looks_like != first.looks_like)
        message = (f"{len(found)} documents are not catalog entities: they look like {subject}"
                   f" and {' and '.join(others)}")
    if first.hint:
        message += f" ({first.hint})"
    if any(f.severity is None for f in found):
        severity = None
    else:
        severity = max((f.severity for f in found if f.severity is not None),
                       key=lambda s: s.rank)
    return message, severity
