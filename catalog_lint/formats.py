"""The JSON Schema ``format`` checks blueprints can use.

One set of functions serves both schema engines (fastjsonschema for the fast yes/no,
jsonschema for the detailed errors), so the two can never disagree about a format.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$"
)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TIME = re.compile(r"^\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)$")


def is_email(value: object) -> bool:
    return not isinstance(value, str) or _EMAIL.match(value) is not None


def is_uri(value: object) -> bool:
    """An absolute URI: a scheme, a colon, no whitespace (RFC 3986 in its general shape)."""
    if not isinstance(value, str):
        return True
    if _URI.match(value) is None:
        return False
    scheme = value.split(":", 1)[0].lower()
    if scheme in ("http", "https"):
        rest = value[len(scheme) + 1 :]
        return rest.startswith("//") and len(rest) > 2 and rest[2] not in "/?#"
    return True


def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    text = value.strip()
    if len(text) < 20 or text[10] not in "Tt ":
        return False
    try:
        from datetime import datetime

        datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return text[-1] in "Zz" or re.search(r"[+-]\d\d:\d\d$", text) is not None


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d\d-\d\d$", value):
        return False
    try:
        from datetime import date

        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _TIME.match(value):
        return False
    try:
        from datetime import time

        time.fromisoformat(value[:8])
    except ValueError:
        return False
    return True


def is_ipv4(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        import ipaddress

        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def is_ipv6(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        import ipaddress

        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def is_hostname(value: object) -> bool:
    return not isinstance(value, str) or _HOSTNAME.match(value) is not None


def is_uuid(value: object) -> bool:
    return not isinstance(value, str) or _UUID.match(value) is not None


def is_regex(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        re.compile(value)
    except re.error:
        return False
    return True


FORMATS: dict[str, Callable[[object], bool]] = {
    "email": is_email,
    "uri": is_uri,
    "url": is_uri,  # Port's name for it
    "date-time": is_date_time,
    "date": is_date,
    "time": is_time,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "hostname": is_hostname,
    "uuid": is_uuid,
    "regex": is_regex,
}
