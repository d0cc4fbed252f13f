"""Who the catalog says owns an entity, in the names CODEOWNERS uses.

An entity's owner (Backstage ``spec.owner``, Port ``team``) is a catalog name such as
``group:default/team-payments``; CODEOWNERS names ``@acme/payments``, ``@alice`` or an
email. They are matched through, in this order:

1. the ``ownership.owners`` mapping in the config (catalog owner -> CODEOWNERS owners);
2. the owner's own entity in the catalog: a Group's ``github.com/team-slug`` annotation
   (``acme/payments`` -> ``@acme/payments``), a User's ``github.com/user-login``
   annotation and ``spec.profile.email``;
3. its name: a group ``team-payments`` matches the team ``@<any org>/team-payments``, a
   user ``alice`` matches ``@alice``.

The same names tell which commit authors belong to the owning group (for the share of
changes made by the owners): members' emails and GitHub logins (a login is recognised in
GitHub's ``users.noreply.github.com`` addresses).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog_lint.facts.history import Members
from catalog_lint.findings import JsonPath
from catalog_lint.model import Entity
from catalog_lint.refs import EntityRef, RefError, parse_ref

TEAM_SLUG = "github.com/team-slug"
USER_LOGIN = "github.com/user-login"


@dataclass(frozen=True)
class Owner:
    """An entity's owner as written, where it is written, and its parsed reference."""

    raw: str
    path: JsonPath
    ref: EntityRef | None = None  # None for Port teams

    @property
    def label(self) -> str:
        return str(self.ref) if self.ref else self.raw


def owners_of(entity: Entity) -> list[Owner]:
    """The owners an entity names (none when it names none, or not readably)."""
    data = entity.data
    if entity.dialect == "port":
        team = data.get("team")
        teams = [team] if isinstance(team, str) else team if isinstance(team, list) else []
        return [Owner(t, ("team",) if isinstance(team, str) else ("team", i))
                for i, t in enumerate(teams) if isinstance(t, str) and t]
    spec = data.get("spec")
    raw = spec.get("owner") if isinstance(spec, dict) else None
    if not isinstance(raw, str) or not raw:
        return []
    try:
        ref = parse_ref(raw, default_kind="group", default_namespace=entity.namespace)
    except RefError:
        return []
    return [Owner(raw, ("spec", "owner"), ref)]


@dataclass
class Directory:
    """The groups and users the catalog knows, and the configured mapping."""

    groups: dict[tuple[str, str], Entity] = field(default_factory=dict)
    users: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mapping: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity], mapping: Mapping[str, Any] | None) -> Directory:
        directory = cls()
        for entity in entities:
            if entity.dialect != "backstage":
                continue
            key = (entity.namespace.lower(), entity.name.lower())
            if entity.kind.lower() == "group":
                directory.groups[key] = entity
            elif entity.kind.lower() == "user":
                directory.users[key] = entity
        for name, values in (mapping or {}).items():
            items = [values] if isinstance(values, str) else list(values or [])
            directory.mapping[_normal(str(name))] = [str(v) for v in items]
        return directory

    @property
    def knows_anyone(self) -> bool:
        return bool(self.groups or self.users or self.mapping)

    def handles(self, owner: Owner) -> list[str]:
        """CODEOWNERS names for ``owner``; ``@*/slug`` stands for a team of any org."""
        found: list[str] = []
        for name in _mapping_keys(owner):
            found.extend(self.mapping.get(name, []))
        ref = owner.ref
        if ref is None:  # a Port team: its name is the team slug
            found.append(f"@*/{owner.raw}")
            return _unique(found)
        key = (ref.namespace.lower(), ref.name.lower())
        if ref.kind.lower() == "group":
            group = self.groups.get(key)
            slug = _annotation(group, TEAM_SLUG) if group else None
            if slug:
                found.append("@" + slug.lstrip("@"))
            found.append(f"@*/{ref.name}")
        elif ref.kind.lower() == "user":
            found.extend(_user_handles(self.users.get(key), ref.name))
        return _unique(found)

    def known_handles(self) -> set[str]:
        """Every CODEOWNERS name the catalog or the mapping accounts for (lower case)."""
        known: set[str] = set()
        for values in self.mapping.values():
            known.update(v.lower() for v in values)
        for group in self.groups.values():
            slug = _annotation(group, TEAM_SLUG)
            if slug:
                known.add("@" + slug.lstrip("@").lower())
            known.add(f"@*/{group.name.lower()}")
        for user in self.users.values():
            known.update(h.lower() for h in _user_handles(user, user.name))
        return known

    def members(self, owner: Owner) -> Members | None:
        """The people of the owning group, or ``None`` when the catalog does not list them
        with emails or logins."""
        ref = owner.ref
        if ref is None:
            return None
        key = (ref.namespace.lower(), ref.name.lower())
        if ref.kind.lower() == "user":
            users: list[tuple[Entity | None, str]] = [(self.users.get(key), ref.name)]
        elif ref.kind.lower() == "group" and key in self.groups:
            users = self._group_users(self.groups[key], ref)
        else:
            return None
        emails: set[str] = set()
        logins: set[str] = set()
        for user, name in users:
            for handle in _user_handles(user, name):
                if handle.startswith("@"):
                    logins.add(handle[1:].lower())
                else:
                    emails.add(handle.lower())
        members = Members(frozenset(emails), frozenset(logins))
        return members or None

    def _group_users(self, group: Entity, ref: EntityRef) -> list[tuple[Entity | None, str]]:
        spec = group.data.get("spec")
        listed = spec.get("members") if isinstance(spec, dict) else None
        result: list[tuple[Entity | None, str]] = []
        for member in listed if isinstance(listed, list) else []:
            try:
                member_ref = parse_ref(member, default_kind="user",
                                       default_namespace=group.namespace)
            except RefError:
                continue
            key = (member_ref.namespace.lower(), member_ref.name.lower())
            result.append((self.users.get(key), member_ref.name))
        for user in self.users.values():  # users that say they belong (spec.memberOf)
            spec = user.data.get("spec")
            member_of = spec.get("memberOf") if isinstance(spec, dict) else None
            for item in member_of if isinstance(member_of, list) else []:
                try:
                    parent = parse_ref(item, default_kind="group",
                                       default_namespace=user.namespace)
                except RefError:
                    continue
                if parent.key == ref.key and all(u is not user for u, _ in result):
                    result.append((user, user.name))
        return result


def matches(handles: Sequence[str], codeowners_owners: Iterable[str]) -> list[str]:
    """The CODEOWNERS owners that are one of ``handles``."""
    wanted = [h.lower() for h in handles]
    hits = []
    for owner in codeowners_owners:
        low = owner.lower()
        for handle in wanted:
            if handle == low or (handle.startswith("@*/") and low.startswith("@")
                                 and "/" in low and low.rsplit("/", 1)[1] == handle[3:]):
                hits.append(owner)
                break
    return hits


def is_known(owner: str, known: set[str]) -> bool:
    low = owner.lower()
    if low in known:
        return True
    return "/" in low and f"@*/{low.rsplit('/', 1)[1]}" in known


def _user_handles(user: Entity | None, name: str) -> list[str]:
    handles: list[str] = []
    login = _annotation(user, USER_LOGIN) if user else None
    if login:
        handles.append("@" + login.lstrip("@"))
    if user is not None:
        spec = user.data.get("spec")
        profile = spec.get("profile") if isinstance(spec, dict) else None
        email = profile.get("email") if isinstance(profile, dict) else None
        if isinstance(email, str) and email:
            handles.append(email)
    handles.append("@" + name)
    return _unique(handles)


def _annotation(entity: Entity | None, name: str) -> str | None:
    if entity is None:
        return None
    metadata = entity.data.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    value = annotations.get(name) if isinstance(annotations, dict) else None
    return value if isinstance(value, str) and value else None


def _normal(name: str) -> str:
    return name.strip().lower()


def _mapping_keys(owner: Owner) -> list[str]:
    keys = [_normal(owner.raw)]
    if owner.ref is not None:
        ref = owner.ref
        keys += [str(ref), f"{ref.kind.lower()}:{ref.name.lower()}", ref.name.lower()]
    return list(dict.fromkeys(keys))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
