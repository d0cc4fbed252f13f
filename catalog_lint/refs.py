"""Entity references, parsed exactly as Backstage parses them.

``[<kind>:][<namespace>/]<name>``: a ``/`` before the first ``:`` means there is no kind;
kind and namespace fall back to the relation's default kind and the referring entity's
namespace; an empty part is an error. Matching is case-insensitive.
"""

from __future__ import annotations

from typing import Any, NamedTuple

DEFAULT_NAMESPACE = "default"


class RefError(ValueError):
    pass


class EntityRef(NamedTuple):
    kind: str
    namespace: str
    name: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind.lower(), self.namespace.lower(), self.name.lower())

    def __str__(self) -> str:
        return f"{self.kind.lower()}:{self.namespace.lower()}/{self.name.lower()}"


def split_ref(ref: str) -> tuple[str | None, str | None, str]:
    """The explicit parts of a reference string (Backstage's ``parseRefString``)."""
    colon = ref.find(":")
    slash = ref.find("/")
    if slash != -1 and slash < colon:
        colon = -1
    kind = None if colon == -1 else ref[:colon]
    namespace = None if slash == -1 else ref[colon + 1 : slash]
    name = ref[max(colon + 1, slash + 1) :]
    if kind == "" or namespace == "" or name == "":
        raise RefError(f'entity reference "{ref}" is not of the form [<kind>:][<namespace>/]<name>')
    return kind, namespace, name


def parse_ref(
    ref: object, default_kind: str | None = None, default_namespace: str | None = None
) -> EntityRef:
    """Backstage's ``parseEntityRef`` for a string or a ``{kind, namespace, name}`` object."""
    if not ref:
        raise RefError("entity reference must not be empty")
    kind: Any
    namespace: Any
    name: Any
    if isinstance(ref, str):
        kind, namespace, name = split_ref(ref)
    elif isinstance(ref, dict):
        kind, namespace, name = ref.get("kind"), ref.get("namespace"), ref.get("name")
    else:
        raise RefError(f"entity reference must be a string, got {type(ref).__name__}")
    kind = kind if kind is not None else default_kind
    namespace = namespace if namespace is not None else (default_namespace or DEFAULT_NAMESPACE)
    if not kind:
        raise RefError(
            f"entity reference {ref!r} has no kind and this field has no default kind "
            '(write it as "component:name", "resource:name", ...)'
        )
    if not namespace:
        raise RefError(f"entity reference {ref!r} has an empty namespace")
    if not name or not isinstance(name, str):
        raise RefError(f"entity reference {ref!r} has an empty name")
    return EntityRef(str(kind), str(namespace), name)
