"""What a worker sends back keeps every field (catalog_lint.pickling).

The parallel identity tests compare whole reports; these check the pickled classes
field by field, so that a field added later cannot be left behind silently."""

from __future__ import annotations

import copy
import pickle
from dataclasses import fields
from typing import Any

import pytest

from catalog_lint.findings import Finding, Severity
from catalog_lint.model import Document, Entity, SourceFile
from catalog_lint.pickling import quick_pickling
from catalog_lint.report import FileRecord

CLASSES = [SourceFile, Document, Entity, FileRecord, Finding]


def _filled(cls: type) -> Any:
    """An instance whose every field holds a value of its own (no defaults)."""
    values = {spec.name: [f"{cls.__name__}.{spec.name}", index] for index, spec in enumerate(fields(cls))}
    return cls(**values)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_field_survives_a_round_trip(cls: type) -> None:
    original = _filled(cls)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        copied = pickle.loads(pickle.dumps(original, protocol=protocol))
        assert type(copied) is cls
        for spec in fields(cls):
            assert getattr(copied, spec.name) == getattr(original, spec.name), spec.name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_state_is_the_fields_in_order(cls: type) -> None:
    """One tuple of values, no field names beside them (the dataclass default sends a
    list and calls ``fields()`` for every object)."""
    original = _filled(cls)
    assert original.__getstate__() == tuple(getattr(original, s.name) for s in fields(cls))


def test_a_document_and_its_entity_refer_to_each_other_after_the_trip() -> None:
    file = SourceFile("a/catalog-info.yaml", "a/catalog-info.yaml", "kind: Component\n")
    document = Document(file, 0, 1, 1, {"kind": "Component"})
    entity = Entity("backstage", "Component", "default", "cart", document.data, document)
    document.entity = entity
    finding = Finding("rule", Severity.WARNING, "says", file.display, 1, 1, fingerprint="f")
    sent = pickle.loads(pickle.dumps([document, entity, finding], protocol=pickle.HIGHEST_PROTOCOL))
    document_copy, entity_copy, finding_copy = sent
    assert document_copy.entity is entity_copy and entity_copy.document is document_copy
    assert entity_copy.data is document_copy.data  # shared values stay shared
    assert finding_copy == finding and finding_copy.fingerprint == "f"


def test_copies_keep_working() -> None:
    document = _filled(Document)
    assert copy.copy(document).data is document.data
    deep = copy.deepcopy(document)
    assert deep.data == document.data and deep.data is not document.data


def test_a_class_without_fields_is_refused() -> None:
    from dataclasses import dataclass

    @dataclass
    class Empty:
        pass

    with pytest.raises(TypeError):
        quick_pickling(Empty)
