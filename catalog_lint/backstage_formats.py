"""The field formats Backstage's validator enforces, reproduced exactly.

Backstage (``@backstage/catalog-model``) checks entity fields with small functions
borrowed from Kubernetes (object names, DNS labels and subdomains, label and
annotation keys) and with the WHATWG URL parser (``new URL(value)``) for links. The
functions here give the same answer for every input, so a catalog-lint error means the
catalog would reject the file, and the other way round.

JavaScript detail that matters: its regular expressions' ``$`` does not match before a
trailing newline (Python's does), so every pattern is used with ``fullmatch``; and
``String.prototype.trim`` removes a different set of characters than ``str.strip``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType


def _unicode() -> tuple[ModuleType, ModuleType]:
    """unicodedata and the IDNA codec, needed only for non-ASCII host names (rare, and
    slow to import for every pre-commit run)."""
    import unicodedata
    from encodings import idna

    return unicodedata, idna

_DNS_LABEL = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+)*")
_OBJECT_NAME = re.compile(r"(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_KIND = re.compile(r"[a-zA-Z][a-z0-9A-Z]*")
_API_VERSION_SUFFIX = re.compile(r"[a-z0-9A-Z]+")
#: ``makeValidator``'s tag check, which (unlike the deprecated one) also allows ``:``.
_TAG = re.compile(r"[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*")

#: What JavaScript's ``String.prototype.trim`` removes: WhiteSpace and LineTerminator.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def is_dns_label(value: object) -> bool:
    """RFC 1123 label: ``[a-z0-9]`` runs joined by dashes, 1 to 63 characters."""
    return isinstance(value, str) and 1 <= len(value) <= 63 and (
        _DNS_LABEL.fullmatch(value) is not None
    )


def is_dns_subdomain(value: object) -> bool:
    """Dot-separated DNS labels, at most 253 characters in total."""
    return isinstance(value, str) and 1 <= len(value) <= 253 and all(
        is_dns_label(part) for part in value.split(".")
    )


def is_object_name(value: object) -> bool:
    """``metadata.name``: ``[a-zA-Z0-9]`` runs separated by ``-``, ``_`` or ``.``, 1 to 63
    characters, starting and ending with a letter or digit."""
    return isinstance(value, str) and 1 <= len(value) <= 63 and (
        _OBJECT_NAME.fullmatch(value) is not None
    )


def is_namespace(value: object) -> bool:
    return is_dns_label(value)


def is_kind(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 63 and _KIND.fullmatch(value) is not None


def _prefix_and_or_suffix(value: object, prefix_ok: Callable[[str], bool],
                          suffix_ok: Callable[[str], bool]) -> bool:
    """``<suffix>`` or ``<prefix>/<suffix>``; a second ``/`` makes it invalid."""
    if not isinstance(value, str):
        return False
    parts = value.split("/")
    if len(parts) == 1:
        return suffix_ok(parts[0])
    if len(parts) == 2:
        return prefix_ok(parts[0]) and suffix_ok(parts[1])
    return False


def _api_version_suffix(value: str) -> bool:
    return 1 <= len(value) <= 63 and _API_VERSION_SUFFIX.fullmatch(value) is not None


# The same few apiVersions, annotation keys and link hosts recur in every file of a
# catalog: the string-keyed checks below remember their answers.


@lru_cache(maxsize=4096)
def _api_version(value: str) -> bool:
    return _prefix_and_or_suffix(value, is_dns_subdomain, _api_version_suffix)


@lru_cache(maxsize=4096)
def _prefixed_name(value: str) -> bool:
    return _prefix_and_or_suffix(value, is_dns_subdomain, is_object_name)


def is_api_version(value: object) -> bool:
    """``[<dns subdomain>/]<version>``, e.g. ``backstage.io/v1alpha1``."""
    return type(value) is str and _api_version(value)


def is_label_key(value: object) -> bool:
    """``[<dns subdomain>/]<object name>``, e.g. ``backstage.io/custom``."""
    return type(value) is str and _prefixed_name(value)


def is_annotation_key(value: object) -> bool:
    return type(value) is str and _prefixed_name(value)


def is_label_value(value: object) -> bool:
    """The empty string or an object name."""
    return value == "" or is_object_name(value)


def is_tag(value: object) -> bool:
    """``[a-z0-9:+#]`` runs joined by single dashes, 1 to 63 characters."""
    return isinstance(value, str) and 1 <= len(value) <= 63 and _TAG.fullmatch(value) is not None


def is_non_empty_string(value: object) -> bool:
    """A string with something left after JavaScript's ``trim()``."""
    return isinstance(value, str) and bool(value.strip(JS_WHITESPACE))


# -- WHATWG URL ----------------------------------------------------------------------
#
# Backstage accepts a link when ``new URL(value)`` does not throw. What follows is the
# URL Standard's basic URL parser without a base URL, reduced to the question "does it
# return failure?". Paths, queries and fragments never fail (they are percent-encoded),
# so only the scheme, the authority, the host and the port are examined.

_SPECIAL = frozenset({"ftp", "http", "https", "ws", "wss", "file"})
_SCHEME_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_FORBIDDEN_HOST = frozenset("\0\t\n\r #/:<>?@[\\]^|")
_FORBIDDEN_DOMAIN = _FORBIDDEN_HOST | frozenset(chr(c) for c in range(0x20)) | {"%", "\x7f"}
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_HEX = frozenset("0123456789abcdefABCDEF")


def is_url(value: object) -> bool:
    """Whether ``new URL(value)`` succeeds in a browser or Node.js (no base URL)."""
    return type(value) is str and _url(value)


@lru_cache(maxsize=4096)
def _url(value: str) -> bool:
    text = value.strip(_C0_OR_SPACE)
    if "\t" in text or "\n" in text or "\r" in text:
        text = _TAB_NEWLINE.sub("", text)
    match = _SCHEME_START.match(text)
    if match is None:
        return False  # "no scheme state" without a base URL is failure
    scheme = match.group()[:-1].lower()
    rest = text[match.end() :]
    if scheme == "file":
        return _file_rest_ok(rest)
    if scheme in _SPECIAL:
        # special authority (ignore) slashes: any run of / and \ is skipped
        return _authority_ok(rest.lstrip("/\\"), special=True)
    if rest.startswith("//"):
        return _authority_ok(rest[2:], special=False)
    return True  # a path or an opaque path: never a failure


def _split_authority(rest: str, special: bool) -> str:
    """The authority: everything up to the first /, ?, # (or \\ for special schemes)."""
    end = (_SPECIAL_AUTHORITY_END if special else _AUTHORITY_END).search(rest)
    return rest if end is None else rest[: end.start()]


_AUTHORITY_END = re.compile(r"[/?#]")
_SPECIAL_AUTHORITY_END = re.compile(r"[/?#\\]")


def _authority_ok(rest: str, special: bool) -> bool:
    authority = _split_authority(rest, special)
    at = authority.rfind("@")
    if at != -1:
        authority = authority[at + 1 :]
        if not authority:
            return False  # credentials but no host
    # host and port: a ':' outside brackets starts the port
    colon = authority.find(":") if "[" not in authority else _port_colon(authority)
    if colon == -1:
        host, port = authority, None
    else:
        host, port = authority[:colon], authority[colon + 1 :]
        if not host:
            return False
    if not host:
        return not special  # special schemes need a host; others may have an empty one
    if _parse_host(host, opaque=not special) is None:
        return False
    if port is not None and port:
        if not port.isascii() or not port.isdigit():
            return False
        if _port_number(port) > 65535:
            return False
    return True


def _port_colon(authority: str) -> int:
    """Where the port starts in an authority with brackets (an IPv6 host): the first ':'
    outside them, or -1."""
    inside_brackets = False
    for index, char in enumerate(authority):
        if char == "[":
            inside_brackets = True
        elif char == "]":
            inside_brackets = False
        elif char == ":" and not inside_brackets:
            return index
    return -1


def _file_rest_ok(rest: str) -> bool:
    """file: URLs have a host only after two slashes (either kind)."""
    if len(rest) < 2 or rest[0] not in "/\\" or rest[1] not in "/\\":
        return True
    host = _split_authority(rest[2:], special=True)
    if not host:
        return True
    if len(host) == 2 and host[0].isascii() and host[0].isalpha() and host[1] in ":|":
        return True  # a Windows drive letter, taken as the path
    return _parse_host(host, opaque=False) is not None


@lru_cache(maxsize=4096)
def _parse_host(text: str, opaque: bool) -> str | None:
    """The URL Standard's host parser: the host, or ``None`` for failure. (Memoised: a
    catalog's links point at a few hosts, and IDNA is slow in Python.)"""
    if text.startswith("["):
        if not text.endswith("]"):
            return None
        return text if _ipv6_ok(text[1:-1]) else None
    if opaque:
        return None if any(char in _FORBIDDEN_HOST for char in text) else text
    domain = _percent_decode(text)
    ascii_domain = _domain_to_ascii(domain)
    if ascii_domain is None:
        return None
    if _ends_in_number(ascii_domain):
        return ascii_domain if _ipv4_ok(ascii_domain) else None
    return ascii_domain


def _percent_decode(text: str) -> str:
    if "%" not in text:
        return text
    data = text.encode("utf-8")
    out = bytearray()
    index = 0
    while index < len(data):
        byte = data[index]
        if (
            byte == 0x25
            and index + 2 < len(data)
            and chr(data[index + 1]) in _HEX
            and chr(data[index + 2]) in _HEX
        ):
            out.append(int(data[index + 1 : index + 3], 16))
            index += 3
        else:
            out.append(byte)
            index += 1
    return out.decode("utf-8", "replace")


def _domain_to_ascii(domain: str) -> str | None:
    """UTS #46 ToASCII (non-transitional, no STD3 rules, no length check), then the
    URL Standard's check for forbidden domain code points.

    ASCII input is exact: it is only lower-cased, and ``xn--`` labels must decode.
    Other input goes through IDNA 2003's nameprep (the standard library has no UTS #46
    tables): ordinary internationalised names (``münchen.de``, ``例え.jp``) get the same
    answer; exotic mixes of scripts, symbols and format characters may not.
    """
    if domain.isascii():
        result = domain.lower()
        if "xn--" in result:
            for label in result.split("."):
                if label.startswith("xn--") and _decode_punycode(label[4:]) is None:
                    return None
    else:
        labels = []
        for label in _DOTS.split(domain):
            if label.isascii():
                label = label.lower()
                if label.startswith("xn--") and _decode_punycode(label[4:]) is None:
                    return None
                labels.append(label)
                continue
            if not _joiners_ok(label) or not _assigned(label):
                return None
            unicodedata, idna = _unicode()
            try:
                mapped = idna.nameprep(label)
            except UnicodeError:
                return None
            if "." in mapped:
                return None  # UTS #46 disallows what maps to a full stop: ⒈ ("1."), ‥, …
            if mapped.isascii():
                labels.append(mapped)
                continue
            if unicodedata.category(mapped[0]).startswith("M"):
                return None
            try:
                labels.append("xn--" + mapped.encode("punycode").decode("ascii"))
            except UnicodeError:
                return None
        result = ".".join(labels)
    if not result or any(char in _FORBIDDEN_DOMAIN for char in result):
        return None
    return result


def _assigned(label: str) -> bool:
    """UTS #46 disallows unassigned, private-use and surrogate code points."""
    unicodedata, _ = _unicode()
    return all(unicodedata.category(char) not in ("Cn", "Co", "Cs") for char in label)


def _joiners_ok(label: str) -> bool:
    """UTS #46 CheckJoiners, simplified: a zero-width (non-)joiner must follow a virama."""
    unicodedata, _ = _unicode()
    for index, char in enumerate(label):
        if char in "\u200c\u200d" and (
            index == 0 or unicodedata.combining(label[index - 1]) != 9
        ):
            return False
    return True


def _decode_punycode(text: str) -> str | None:
    """A label after ``xn--``: it must decode to a non-empty, valid label. (Browsers
    and Node.js still accept a label that decodes to plain ASCII.)"""
    try:
        decoded = text.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError, IndexError, OverflowError):
        return None
    if not decoded:
        return None
    if decoded.isascii():
        return decoded
    if not _assigned(decoded):
        return None
    unicodedata, idna = _unicode()
    try:
        if idna.nameprep(decoded) != decoded:
            return None  # not in the normalised, mapped form: invalid under UTS #46
    except UnicodeError:
        return None
    if unicodedata.category(decoded[0]).startswith("M"):
        return None
    return decoded


def _ends_in_number(domain: str) -> bool:
    parts = domain.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and last.isascii() and last.isdigit():
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(text: str) -> int | None:
    if not text:
        return None
    radix = 10
    if len(text) >= 2 and text[:2] in ("0x", "0X"):
        text, radix = text[2:], 16
    elif len(text) >= 2 and text[0] == "0":
        text, radix = text[1:], 8
    if not text:
        return 0
    digits = {10: "0123456789", 16: "0123456789abcdefABCDEF", 8: "01234567"}[radix]
    if any(char not in digits for char in text):
        return None
    if len(text.lstrip("0")) > 16:
        # Past 2**64, the exact value cannot matter (every part must stay below 2**32);
        # and a decimal string of thousands of digits is not worth converting.
        return 2**64
    return int(text, radix)


def _ipv4_ok(text: str) -> bool:
    parts = text.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return False
    numbers = []
    for part in parts:
        number = _ipv4_number(part)
        if number is None:
            return False
        numbers.append(number)
    if any(number > 255 for number in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))


def _ipv6_ok(text: str) -> bool:
    """The URL Standard's IPv6 parser, reduced to success or failure."""
    length = len(text)
    piece = 0
    compress = False
    pointer = 0
    if text.startswith(":"):
        if not text.startswith("::"):
            return False
        pointer, piece, compress = 2, 1, True
    while pointer < length:
        if piece == 8:
            return False
        if text[pointer] == ":":
            if compress:
                return False
            pointer += 1
            piece += 1
            compress = True
            continue
        digits = 0
        while digits < 4 and pointer < length and text[pointer] in _HEX:
            pointer += 1
            digits += 1
        if pointer < length and text[pointer] == ".":
            if digits == 0 or piece > 6:
                return False
            return _embedded_ipv4_ok(text[pointer - digits :], piece, compress)
        if pointer < length and text[pointer] == ":":
            pointer += 1
            if pointer == length:
                return False
        elif pointer < length:
            return False
        piece += 1
    return compress or piece == 8


def _embedded_ipv4_ok(text: str, piece: int, compress: bool) -> bool:
    """The dotted-decimal tail of an IPv6 address (``::ffff:1.2.3.4``)."""
    pointer = 0
    length = len(text)
    seen = 0
    while pointer < length:
        if seen > 0:
            if text[pointer] == "." and seen < 4:
                pointer += 1
            else:
                return False
        if pointer == length or not "0" <= text[pointer] <= "9":
            return False
        value: int | None = None
        while pointer < length and "0" <= text[pointer] <= "9":
            if value == 0:
                return False  # no leading zeros
            value = int(text[pointer]) if value is None else value * 10 + int(text[pointer])
            if value > 255:
                return False
            pointer += 1
        seen += 1
        if seen in (2, 4):
            piece += 1
    return seen == 4 and (compress or piece == 8)


# -- explanations ---------------------------------------------------------------------
#
# Why a value fails, in words, for the messages. Each is called only after the check
# above said no, so the happy path never pays for it.

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _show(char: str) -> str:
    return repr(char) if char.isprintable() and char != " " else f"U+{ord(char):04X}"


def explain_object_name(value: str, limit: int = 63) -> str:
    if value == "":
        return "it is empty"
    if len(value) > limit:
        return f"it is {len(value)} characters long, more than {limit}"
    for char in value:
        if char not in _ALNUM and char not in "-_.":
            return f"it contains {_show(char)}; only letters, digits, '-', '_' and '.' are allowed"
    if value[0] not in _ALNUM:
        return f"it starts with {_show(value[0])}; it must start with a letter or digit"
    return f"it ends with {_show(value[-1])}; it must end with a letter or digit"


def explain_dns_label(value: str) -> str:
    if value == "":
        return "it is empty"
    if len(value) > 63:
        return f"it is {len(value)} characters long, more than 63"
    if any("A" <= char <= "Z" for char in value):
        return "it has capital letters; use lowercase"
    for char in value:
        if char not in _LOWER_ALNUM and char != "-":
            return f"it contains {_show(char)}; only lowercase letters, digits and '-' are allowed"
    return "it starts or ends with '-'"


def explain_dns_subdomain(value: str) -> str:
    if value == "":
        return "it is empty"
    if len(value) > 253:
        return f"it is {len(value)} characters long, more than 253"
    for label in value.split("."):
        if not is_dns_label(label):
            if label == "":
                return "it has an empty part between dots"
            return f"its part {label!r}: {explain_dns_label(label)}"
    return "it is not a DNS name"  # pragma: no cover - every failure is named above


def explain_prefixed(value: str, explain_suffix: Callable[[str], str]) -> str:
    """``[<prefix>/]<name>`` keys and apiVersions."""
    parts = value.split("/")
    if len(parts) > 2:
        return "it has more than one '/'; expected [<prefix>/]<name>"
    if len(parts) == 2 and not is_dns_subdomain(parts[0]):
        if parts[0] == "":
            return "the prefix before '/' is empty"
        return f"the prefix {parts[0]!r} is not a DNS name: {explain_dns_subdomain(parts[0])}"
    name = parts[-1]
    if len(parts) == 2 and name == "":
        return "the name after '/' is empty"
    return explain_suffix(name)


def explain_api_version(value: str) -> str:
    def suffix(name: str) -> str:
        if name == "":
            return "it is empty"
        if len(name) > 63:
            return f"the version is {len(name)} characters long, more than 63"
        bad = next(char for char in name if char not in _ALNUM)
        return f"the version contains {_show(bad)}; only letters and digits are allowed"

    return explain_prefixed(value, suffix)


def explain_key(value: str) -> str:
    return explain_prefixed(value, explain_object_name)


def explain_kind(value: str) -> str:
    if value == "":
        return "it is empty"
    if len(value) > 63:
        return f"it is {len(value)} characters long, more than 63"
    if value[0] not in _ALNUM or value[0].isdigit():
        return f"it starts with {_show(value[0])}; it must start with a letter"
    bad = next(char for char in value if char not in _ALNUM)
    return f"it contains {_show(bad)}; only letters and digits are allowed"


def explain_tag(value: str) -> str:
    if value == "":
        return "it is empty"
    if len(value) > 63:
        return f"it is {len(value)} characters long, more than 63"
    if any("A" <= char <= "Z" for char in value):
        return "it has capital letters; tags are lowercase"
    for char in value:
        if char not in _LOWER_ALNUM and char not in ":+#-":
            return (f"it contains {_show(char)}; only lowercase letters, digits and "
                    "':', '+', '#' are allowed, joined by single '-'")
    if "--" in value:
        return "it has '--'; words are joined by a single '-'"
    return "it starts or ends with '-'"


def explain_url(value: str) -> str:
    text = _TAB_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    match = _SCHEME_START.match(text)
    if match is None:
        if text.startswith("//"):
            return "it has no scheme; write https://..."
        if "${" in text or "{{" in text:
            return "it has no scheme (a variable in a URL is not expanded by Backstage)"
        return "it has no scheme (such as https:)"
    scheme = match.group()[:-1].lower()
    rest = text[match.end() :]
    if scheme == "file":
        return "its host is not valid"
    authority = _split_authority(rest.lstrip("/\\") if scheme in _SPECIAL else rest[2:],
                                 scheme in _SPECIAL)
    host = authority[authority.rfind("@") + 1 :]
    if not host or host.startswith(":"):
        return "it has no host name"
    port_sep = host.rfind(":")
    if port_sep != -1 and "]" not in host[port_sep:] and not _port_ok(host[port_sep + 1 :]):
        return f"the port {host[port_sep + 1:]!r} is not a number from 0 to 65535"
    bad = next((char for char in host if char in _FORBIDDEN_DOMAIN), None)
    if bad is not None:
        return f"its host name contains {_show(bad)}"
    return f"its host name {host!r} is not valid"


def _port_ok(port: str) -> bool:
    return port == "" or (port.isascii() and port.isdigit() and _port_number(port) <= 65535)


def _port_number(digits: str) -> int:
    """The value of an ASCII digit string, capped past 65535 (leading zeros are allowed,
    so the length alone does not say; thousands of digits are not converted)."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 5 else 65536
