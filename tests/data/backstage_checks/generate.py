"""Write ``cases.json``: values that sit on an edge of each of Backstage's field checks
(``python generate.py``), and entity references for ``parseEntityRef``.

Each check gets the values on both sides of every boundary it has (lengths 0, 1, 63,
64, 253, 254; a separator at either end, doubled, missing; each character class; values
that are not strings) and, for links, URLs that take each branch of the WHATWG URL
parser (IPv4 numbers at 255/256 and in hex and octal, IPv6 with and without ``::`` and
an embedded IPv4, ports at 65535/65536, credentials, percent-encoding, international
host names, ``file:`` hosts, opaque hosts of other schemes).

``verdicts.json`` holds what ``@backstage/catalog-model`` says of each: rebuild it with
``node oracle.mjs checks`` (see docs/backstage-compatibility.md) whenever this changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: Not strings: every check must say no (the label-value check says yes only to "").
NOT_STRINGS: list[Any] = [None, 5, 0, True, False, 1.5, [], ["a"], {}, {"a": "b"}]


def subdomain(length: int) -> str:
    """A DNS subdomain of exactly ``length`` characters: 63-character labels and dots."""
    text = ".".join(["d" * 63] * 5)[:length]
    assert len(text) == length and not text.endswith("."), length
    return text


def unique(*groups: list[Any]) -> list[Any]:
    """The values of all groups, each once (``0`` and ``False`` are different values)."""
    seen: set[str] = set()
    out = []
    for value in (value for group in groups for value in group):
        key = json.dumps(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def lengths(char: str, *sizes: int) -> list[str]:
    return [char * size for size in sizes]


KINDS = ["", "a", "A", "Z", "1", "-", "a1", "A1b2", "Component", "component", "COMPONENT",
         "my-kind", "my_kind", "my.kind", "1a", "-a", "a-", "a b", "a\n", "\na", "é", "aé",
         *lengths("K", 62, 63, 64), "K" + "1" * 62, "K" + "1" * 63]

NAMES = ["", "a", "Z", "0", "ab", "a-b", "a_b", "a.b", "a-_.b", "a..b", "a--b", "-a", "a-",
         "_a", "a_", ".a", "a.", "-", "_", ".", "a b", "a/b", "a:b", "a#b", "a+b", "café",
         "a\n", "\na", "a\t", "ALLCAPS", *lengths("x", 62, 63, 64), "a" + "-" * 61 + "b",
         "a" + "-" * 62 + "b", "${{ values.name }}"]

DNS_LABELS = ["", "a", "0", "ab", "a-b", "a--b", "a---b", "-a", "a-", "-", "A", "aB",
              "a.b", "a_b", "a b", "ä", "a\n", *lengths("n", 62, 63, 64),
              "a" + "-" * 61 + "b", "a" + "-" * 62 + "b"]

SUBDOMAINS = ["", "a", "a.b", "a.b.c", "a..b", ".a", "a.", ".", "A.b", "a-.b", "a.-b",
              "a_b.c", "a.b c", "d" * 63 + ".e", "d" * 64 + ".e",
              subdomain(252), subdomain(253), subdomain(254), subdomain(300)]

API_VERSIONS = ["", "v1", "V1", "v1alpha1", "backstage.io/v1alpha1", "backstage.io/v1beta1",
                "example.com/v1", "Backstage.io/v1alpha1", "backstage.io/", "/v1", "/",
                "a/b/c", "backstage..io/v1", "backstage.io/v1-alpha", "backstage.io/v1_1",
                "backstage.io/v1.1", "backstage.io/v1 ", "v1\n",
                *lengths("v", 62, 63, 64), "a.b/" + "v" * 63, "a.b/" + "v" * 64,
                subdomain(253) + "/v1", subdomain(254) + "/v1", "v", "1", "a.b/v", "a.b/1"]

KEYS = ["", "a", "c", "a.b/c", "backstage.io/techdocs-ref", "/c", "a/", "/", "a//b",
        "a/b/c", "A.b/c", "a.b/C", "a.b/-c", "a.b/c-", "a-.b/c", "a_b/c", "a.b/c_d.e-f",
        "a..b/c", "a b/c", "a.b/c d", "é/c", "xn--bcher-kva.example/c", "1.2.3/x",
        *lengths("k", 63, 64), "a.b/" + "k" * 63, "a.b/" + "k" * 64,
        subdomain(253) + "/c", subdomain(254) + "/c", "d" * 63 + "/c", "d" * 64 + "/c"]

LABEL_VALUES = ["", "a", "v", "a-b", "a b", "-a", "a-", "a/b", "A", *lengths("v", 63, 64)]

TAGS = ["", "a", "java", "c++", "c#", "+", "#", ":", "::", "team:cart", "a:b:c", "a-b",
        "a-b-c", "a--b", "-a", "a-", "-", "a-:", "Java", "A", "a_b", "a.b", "a b", "a/b",
        "é", "a\n", *lengths("t", 62, 63, 64), "a-" * 31 + "b"]

#: What JavaScript's trim() removes and what it keeps.
NON_EMPTY = ["", " ", "a", " a ", "\t", "\n", "\r\n", "\v", "\f", "\u00a0", "\u1680",
             "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff",
             "\u0085", "\u180e", "\u200b", "\u00a0a\u00a0", "\x00", "\x1f"]

URLS = [
    # schemes
    "", "x", "http:", "https:", "http://", "http:/", "http:example.com", "http:/example.com",
    "https://example.com", "HTTPS://EXAMPLE.COM", "1http://x", "+http://x", "-a://x",
    "a+b.c-d://x", "a1://x", "http//x", "://x", ":", "mailto:team@example.com",
    "urn:isbn:0451450523", "javascript:void(0)", "tel:+15555550100", "data:,hello",
    "foo:", "foo:bar baz", "foo:/path", "foo:///path", "foo://", "foo://host",
    "foo://host:99999", "foo://ho st", "foo://a:b", "foo://a@", "foo://[::1]", "foo://[::1",
    "foo://[x]", "foo://h%zz", "foo://hé", "foo://a<b", "foo://a^b", "foo://a|b",
    "ws://x", "wss://", "ftp://files.example.com", "ftp://",
    # spaces, tabs, newlines, C0 controls
    " http://x ", "\x00http://x\x1f", "\u00a0http://x", "ht\ttp://x", "http://exa\nmple.com",
    "http://exa\rmple.com", "http://exa mple.com", "https://x.com/a b", "http://a\x01b",
    "http://a\x7fb", "http://a\x1fb",
    # slashes and backslashes
    "http:\\\\host", "http:\\/host", "http:///host", "http:////host", "http://host\\path",
    "foo://host\\path", "foo:\\\\host", "https:///x",
    # credentials and ports
    "http://user@host", "http://user:pass@host", "http://@host", "http://user@",
    "http://a@b@c", "http://a:b@", "http://host:", "http://host:0", "http://host:80",
    "http://host:65535", "http://host:65536", "http://host:99999", "http://host:0065535",
    "http://host:+80", "http://host:8a", "http://host:-1", "http://host: 80",
    "http://host:\u0663", "http://:80", "http://:", "http://host:80:90", "http://[::1]:8080/",
    "http://[::1]:", "http://[::1]:65536", "http://[::1]:x", "http://[::1]x", "http://[::1]]",
    "http://host?q", "http://host#f", "http://host/p?q#f", "http://?q", "http://#f",
    # IPv4 numbers
    "http://1.2.3.4", "http://255.1.1.1", "http://256.1.1.1", "http://1.255.1.1",
    "http://1.256.1.1", "http://1.1.255.1", "http://1.1.256.1", "http://1.1.1.255",
    "http://1.1.1.256", "http://255.255.255.255", "http://0.0.0.0", "http://0",
    "http://4294967295", "http://4294967296", "http://1.16777215", "http://1.16777216",
    "http://1.1.65535", "http://1.1.65536", "http://0xff.1.1.1", "http://0x100.1.1.1",
    "http://0XFF.1.1.1", "http://0x", "http://0x.0x.0x.0x", "http://0xg.1", "http://0377.1.1.1",
    "http://0400.1.1.1", "http://08.1.1.1", "http://09", "http://00", "http://1.2.3.4.",
    "http://1.2.3.4..", "http://1.2.3.4.5", "http://1.2.3", "http://1.2", "http://1..2",
    "http://.1", "http://1.", "http://.", "http://..", "http://a.1", "http://a.123",
    "http://a.0x7f", "http://a.0xg", "http://a.09", "http://a.1.", "http://1.a",
    "http://0x7f.1", "http://1e2", "http://1.2.3.4a", "http://\uff11.2.3.4",
    "http://1.2.3.\u0663", "http://0xffffffff", "http://0x100000000", "http://037777777777",
    "http://040000000000", "http://1.0x", "http://1.08",
    # IPv6
    "http://[::]", "http://[::1]", "http://[1:2:3:4:5:6:7:8]", "http://[1:2:3:4:5:6:7:8:9]",
    "http://[1:2:3:4:5:6:7]", "http://[1::8]", "http://[1:::8]", "http://[:1]", "http://[1:]",
    "http://[1::2::3]", "http://[12345::]", "http://[1234::]", "http://[abcd:EF01::]",
    "http://[g::]", "http://[::1", "http://[", "http://[]", "http://[:]", "http://[:::]",
    "http://[1:2:3:4:5:6:7::]", "http://[::2:3:4:5:6:7:8]", "http://[1:2:3:4:5:6:7:8::]",
    "http://[::1:2:3:4:5:6:7:8]", "http://[1::]", "http://[::ffff:1.2.3.4]",
    "http://[::1.2.3.4]", "http://[::ffff:1.2.3]", "http://[::ffff:1.2.3.4.5]",
    "http://[::ffff:256.1.1.1]", "http://[::ffff:255.255.255.255]", "http://[::ffff:01.2.3.4]",
    "http://[::ffff:0.0.0.0]", "http://[::ffff:1.2.3.]", "http://[::ffff:.1.2.3]",
    "http://[::ffff:1..2.3]", "http://[::ffff:1.2.3.4:5]", "http://[::ffff:1.2.3.4x]",
    "http://[1:2:3:4:5:6:1.2.3.4]", "http://[1:2:3:4:5:6:7:1.2.3.4]",
    "http://[1:2:3:4:5:1.2.3.4]", "http://[1:2:3:4:5::1.2.3.4]", "http://[::.1.2.3]",
    "http://[::1.]", "http://[::1.2..3]", "http://[0:0:0:0:0:0:0:0]", "http://[::0:0:0:0:0:0:0]",
    "http://[::0:0:0:0:0:0:0:0]", "http://[fe80::1%25eth0]", "http://[2001:db8::1]/path",
    "http://[::1]/", "http://[1:2]", "http://[1:2:3:4:5:6:7:8:]", "http://[:1:2:3:4:5:6:7]",
    "http://[1:2:3:4:5:6:7:]", "http://[::ffff:1.2.3.4]:443", "http://[12::34:1.2.3.255]",
    "http://[12::34:1.2.3.256]", "http://[0::0.0.0.0]", "http://[::1.2.3.4.]",
    "http://x[::1]", "file://[::1]/x", "file://[::1/x",
    # percent-encoding in hosts
    "http://%41.com", "http://%61%62.com", "http://%zz.com", "http://%2.com", "http://a%2",
    "http://a%", "http://%C3%A9.com", "http://%00.com", "http://%25.com", "http://%ff.com",
    "http://%2e.com", "http://a%2Eb", "http://%20.com", "http://exa%20mple.com",
    "http://%31.2.3.4", "http://%30x7f.1",
    # international and punycode host names
    "https://münchen.de/", "http://MÜNCHEN.de", "http://xn--mnchen-3ya.de",
    "http://XN--MNCHEN-3YA.de", "http://xn--.com", "http://xn--a.com", "http://xn--abc-.com",
    "http://xn--nxasmq6b.com", "http://xn--ls8h.la", "http://xn--55qx5d.cn",
    "http://xn--zz-zzzzzzzzzz.com", "http://xn--4gb.com", "http://xn--a-ecp.ru",
    "http://例え.jp", "http://a。b.c", "http://a．b", "http://a｡b", "http://faß.de",
    "http://ΑΒΓ.gr", "http://a\u200db.com", "http://\u0915\u094d\u200d.com",
    "http://a\u200cb.com", "http://\u200c.com", "http://\u0301a.com", "http://a\u0301.com",
    "http://\ue000.com", "http://\u0378.com", "http://\U0001f4a9.la", "http://\ufb01.com",
    "http://a\u00adb.com", "http://\u2488.com", "http://\uff21.com", "http://ab\u0300.com",
    "http://a.münchen", "http://münchen", "http://xn--mnchen-3ya", "http://a..münchen",
    "http://münchen.", "http://\u0663.com", "http://a\u3002", "http://\u3002",
    # forbidden host code points
    "http://a b", "http://a<b", "http://a>b", "http://a^b", "http://a|b", "http://a%b",
    "http://a[b", "http://a]b", "http://a@b", "http://a*b", "http://a_b.com", "http://a~b",
    "http://a'b", "http://a\"b", "http://a{b", "http://a`b", "http://a!b", "http://a$b",
    "http://a&b", "http://a(b", "http://a+b", "http://a,b", "http://a;b", "http://a=b",
    # file: URLs
    "file:", "file:x", "file:/x", "file://x", "file:///etc/hosts", "file://host/x",
    "file://HOST/x", "file://host:80/x", "file://C:/x", "file://c|/x", "file://C:x",
    "file://CC:/x", "file://1:/x", "file://é:/x", "file://ho st/x", "file://%41/x",
    "file://%zz/x", "file://a?b", "file://a#b", "file:\\\\host\\x", "file:/\\host/x",
    "file:\\/host", "file://host\\x", "file://", "file:///", "file:////x", "file://1.2.3.4/x",
    "file://256.1.1.1/x", "file://a.09/x", "file://xn--.com/x", "file://münchen.de/x",
    "file://localhost/x", "FILE://host/x", "file://a@b/x", "file://u:p@h/x",
    # each a small step from a case above, where a slip in one condition shows
    "file:X/a b", "file:/Xa b", "file://aXb c/x", "http://xn--.münchen", "http://XN--A.münchen",
    "http://xn--mnchen-3ya.münchen", "http://xn--ls8h.münchen", "http://münchen.1",
    "http://münchen.1.", "http://Xü.de", "http://\u200d\u0915\u094d.com", "http://xn--a-wbb.com",
    "http://xn--11b.com", "http://09.", "http://4294967296.", "http://1.2.3.4.0",
    "http://[1:2:3:4:5:6::7:8]", "http://[1:2:3:4:5:6:7::8]", "http://[1:2:3:4:5::6:7:8]",
    "http://[1:2:3:4:5::6:7]", "http://[1::2:3:4:5:6:7]", "http://[1::2:3:4:5:6:7:8]",
    "http://[1::3:4:5:6:7:1.2.3.4]", "http://[1::4:5:6:7:1.2.3.4]", "http://[::ffff:1.2.3x4]",
    "http://[::1.2:3.4]", "http://[::ffff:9.9.9.9]", "http://[::ffff:1.2.3.9]",
    "http:/\t/a b", "\x01http://a b", "http://a:99999\\x", "http:/a:99999", "foo://\\a b",
    "foo://a:99999", "http://a@b@c d", "http://a b:65535",
    # variables that Backstage does not expand
    "${VAR}/x", "https://${HOST}/x", "{{ url }}", "//example.com/x", "docs/readme.md",
    "github.com/org/repo", "git@github.com:org/repo.git",
]

#: Entity references as written in relation fields, with the field's default kind and
#: the referring entity's namespace; and as mappings.
REF_STRINGS = [
    "a", "team-a", "group:team-a", "group:payments/team-a", "payments/team-a",
    "Group:Payments/Team-A", "user:default/jane", "c:ns/a/b", "a/b:c", "c:a:b", "c:ns:x/a",
    "ns/a:b", "", ":", "/", ":/", ":a", "c:", "/a", "ns/", "c:/a", "c:ns/", ":ns/a",
    "c::a", "a//b", "c:ns//a", " ", "c: a", "component:default/x.y_z-1",
]
REF_CONTEXTS: list[dict[str, str | None]] = [
    {"defaultKind": None, "defaultNamespace": None},
    {"defaultKind": "group", "defaultNamespace": None},
    {"defaultKind": "group", "defaultNamespace": "payments"},
    {"defaultKind": "", "defaultNamespace": ""},
]
REF_MAPPINGS: list[Any] = [
    {"kind": "group", "namespace": "payments", "name": "team-a"},
    {"kind": "group", "name": "team-a"},
    {"namespace": "payments", "name": "team-a"},
    {"name": "team-a"},
    {"kind": "group", "namespace": "payments"},
    {"kind": "", "name": "team-a"},
    {"kind": "group", "namespace": "", "name": "team-a"},
    {"kind": "group", "name": ""},
    {"kind": None, "namespace": None, "name": "team-a"},
    {"kind": "Group", "namespace": "Payments", "name": "Team-A"},
    {"kind": "group", "name": "team-a", "extra": "ignored"},
]


def refs() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for ref in [*REF_STRINGS, *REF_MAPPINGS]:
        cases.extend({"ref": ref, **context} for context in REF_CONTEXTS)
    return cases


def cases() -> dict[str, Any]:
    return {
        "checks": {
            "isValidKind": unique(KINDS, NOT_STRINGS),
            "isValidEntityName": unique(NAMES, NOT_STRINGS),
            "isValidNamespace": unique(DNS_LABELS, NOT_STRINGS),
            "isValidDnsLabel": unique(DNS_LABELS, NOT_STRINGS),
            "isValidDnsSubdomain": unique(SUBDOMAINS, DNS_LABELS, NOT_STRINGS),
            "isValidApiVersion": unique(API_VERSIONS, NOT_STRINGS),
            "isValidLabelKey": unique(KEYS, NOT_STRINGS),
            "isValidAnnotationKey": unique(KEYS, NOT_STRINGS),
            "isValidLabelValue": unique(LABEL_VALUES, NAMES, NOT_STRINGS),
            "isValidTag": unique(TAGS, NOT_STRINGS),
            "isNonEmptyString": unique(NON_EMPTY, NOT_STRINGS),
            "isValidUrl": unique(URLS, NOT_STRINGS),
        },
        "refs": refs(),
    }


def main() -> None:
    data = cases()
    (HERE / "cases.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    count = sum(len(values) for values in data["checks"].values())
    print(f"{count} values in {len(data['checks'])} checks, {len(data['refs'])} references")


if __name__ == "__main__":
    main()
