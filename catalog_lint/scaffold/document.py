"""Writing the first entity file: a Backstage Component, or a Port entity of a blueprint.

The file is built as a ruamel.yaml document (so comments sit where a person reads them)
and dumped by ruamel.yaml, which quotes whatever a plain scalar cannot hold: a
repository's README may say anything (``key: value``, ``# not a comment``, ``{{ }}``),
and it must land in the file as the text it was, not as YAML. Then the text is read back
with the project's reader and must give exactly the values meant; otherwise nothing is
written (:class:`NotWritable`).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from catalog_lint.blueprints import Blueprint

LIFECYCLES = ("experimental", "production", "deprecated")
BACKSTAGE_FILE = "catalog-info.yaml"
PORT_FILE = "port.yml"
HEADER = "Written by catalog-lint init from what the repository says: check every value."


class NotWritable(Exception):
    """The values cannot be written so that they read back as they are."""


@dataclass
class Entry:
    """One value of the file and the comment beside it."""

    value: str
    comment: str | None = None


@dataclass
class Values:
    """What goes into the file (``None``: left out)."""

    name: str
    owner: Entry
    type: Entry
    lifecycle: Entry
    description: str | None = None
    annotations: dict[str, str] = field(default_factory=dict)
    repository_url: str | None = None


def backstage(values: Values) -> tuple[str, dict[str, Any]]:
    """The text of a ``catalog-info.yaml`` and the data it must read back as."""
    from ruamel.yaml.comments import CommentedMap

    metadata = CommentedMap(name=values.name)
    if values.description:
        metadata["description"] = values.description
    if values.annotations:
        metadata["annotations"] = CommentedMap(values.annotations)
    spec = CommentedMap()
    for key, entry in (("type", values.type), ("lifecycle", values.lifecycle),
                       ("owner", values.owner)):
        spec[key] = entry.value
        _comment(spec, key, entry, indent=2)
    document = CommentedMap([("apiVersion", "backstage.io/v1alpha1"), ("kind", "Component"),
                             ("metadata", metadata), ("spec", spec)])
    return _dump(document), _plain(document)


def port(values: Values, blueprint: Blueprint) -> tuple[str, dict[str, Any]]:
    """The text of a ``port.yml`` holding one entity of ``blueprint``, with the
    properties it has among those known, and the data it must read back as."""
    from ruamel.yaml.comments import CommentedMap

    known = blueprint.schema.get("properties") or {}
    properties = CommentedMap()
    candidates: list[tuple[str, Entry | None]] = [
        ("description", Entry(values.description) if values.description else None),
        ("type", values.type),
        ("lifecycle", _port_lifecycle(values.lifecycle, known.get("lifecycle") or {})),
        ("repository", Entry(values.repository_url) if values.repository_url else None),
    ]
    for key, entry in candidates:
        if entry is None or key not in known:
            continue
        properties[key] = entry.value
        _comment(properties, key, entry, indent=2)
    title = " ".join(word.capitalize() for word in values.name.replace("_", "-").split("-") if word)
    document = CommentedMap([("identifier", values.name), ("title", title or values.name),
                             ("blueprint", blueprint.identifier)])
    if properties:
        document["properties"] = properties
    if "owner" in blueprint.relations:
        relations = CommentedMap(owner=values.owner.value)
        _comment(relations, "owner", values.owner, indent=2)
        document["relations"] = relations
    else:
        document["team"] = values.owner.value
        _comment(document, "team", values.owner, indent=0)
    return _dump(document), _plain(document)


def _comment(mapping: Any, key: str, entry: Entry, indent: int) -> None:
    """The entry's comment at the end of its line, two spaces after the value."""
    if entry.comment:
        column = indent + len(key) + 2 + len(entry.value) + 2
        mapping.yaml_add_eol_comment(entry.comment, key, column=column)


def _port_lifecycle(entry: Entry, schema: dict[str, Any]) -> Entry:
    """The lifecycle in the blueprint's own spelling (Port's is ``Experimental``)."""
    choices = [c for c in schema.get("enum") or [] if isinstance(c, str)]
    for choice in choices:
        if choice.lower() == entry.value.lower():
            return Entry(choice, entry.comment)
    return Entry(choices[0], entry.comment) if choices else entry


def _dump(document: Any) -> str:
    from ruamel.yaml import YAML

    writer = YAML()
    writer.width = 4096  # a long description stays on its line
    writer.indent(mapping=2, sequence=4, offset=2)
    document.yaml_set_start_comment(HEADER)
    out = io.StringIO()
    writer.dump(document, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """The ruamel.yaml document as plain data, to compare with what is read back."""
    return json.loads(json.dumps(value))


def check(text: str, expected: dict[str, Any]) -> None:
    """Raise :class:`NotWritable` unless ``text`` reads back, with the project's reader
    (YAML 1.2) and a YAML 1.1 reader, as exactly ``expected``."""
    import yaml

    from catalog_lint.yaml_reader import parse_stream

    stream = parse_stream(text)
    if stream.problems or len(stream.documents) != 1 or stream.documents[0].data != expected:
        raise NotWritable("the file would not read back as the values meant")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml.load(text, Loader=loader) != expected:
        raise NotWritable("a YAML 1.1 reader would read the file differently")
