"""Backstage's field checks, value by value, on both sides of every boundary.

``tests/data/backstage_checks/verdicts.json`` records what ``@backstage/catalog-model``
itself (``makeValidator()`` and ``CommonValidatorFunctions``) says of several hundred
values: names, kinds and tags of 0, 1, 63 and 64 characters, DNS names of 253 and 254,
separators at either end, values that are not strings, and URLs that take each branch
of the WHATWG URL parser. ``catalog_lint.backstage_formats`` must give the same answer
for every one; and for every value it rejects, say why in words that name the problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalog_lint import backstage_formats as bf

VERDICTS = Path(__file__).resolve().parent.parent / "data" / "backstage_checks" / "verdicts.json"

#: Backstage's name for each check, and catalog-lint's function for it.
CHECKS: dict[str, Callable[[object], bool]] = {
    "isValidApiVersion": bf.is_api_version,
    "isValidKind": bf.is_kind,
    "isValidEntityName": bf.is_object_name,
    "isValidNamespace": bf.is_namespace,
    "isValidLabelKey": bf.is_label_key,
    "isValidLabelValue": bf.is_label_value,
    "isValidAnnotationKey": bf.is_annotation_key,
    "isValidTag": bf.is_tag,
    "isValidDnsLabel": bf.is_dns_label,
    "isValidDnsSubdomain": bf.is_dns_subdomain,
    "isValidUrl": bf.is_url,
    "isNonEmptyString": bf.is_non_empty_string,
}

#: The explanation the rules print for a value the check rejects.
EXPLAIN: dict[str, Callable[[str], str]] = {
    "isValidApiVersion": bf.explain_api_version,
    "isValidKind": bf.explain_kind,
    "isValidEntityName": bf.explain_object_name,
    "isValidNamespace": bf.explain_dns_label,
    "isValidLabelKey": bf.explain_key,
    "isValidLabelValue": bf.explain_object_name,
    "isValidAnnotationKey": bf.explain_key,
    "isValidTag": bf.explain_tag,
    "isValidDnsLabel": bf.explain_dns_label,
    "isValidDnsSubdomain": bf.explain_dns_subdomain,
    "isValidUrl": bf.explain_url,
}


def _recorded() -> dict[str, Any]:
    return json.loads(VERDICTS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


RECORDED = _recorded()


def test_the_verdicts_are_backstages_own() -> None:
    assert RECORDED["packages"]["@backstage/catalog-model"] == "1.10.3"
    assert set(RECORDED["checks"]) == set(CHECKS)


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_each_check_agrees_with_backstage_on_every_recorded_value(check: str) -> None:
    function = CHECKS[check]
    wrong = [(value, valid) for value, valid in RECORDED["checks"][check]
             if function(value) is not valid]
    assert wrong == [], f"{check}: catalog-lint answers the opposite of Backstage for {wrong}"


@pytest.mark.parametrize(("check", "boundaries"), [
    ("isValidKind", {0, 1, 63, 64}),
    ("isValidEntityName", {0, 1, 63, 64}),
    ("isValidNamespace", {0, 1, 63, 64}),
    ("isValidDnsLabel", {0, 1, 63, 64}),
    ("isValidDnsSubdomain", {0, 1, 63, 64, 253, 254}),
    ("isValidApiVersion", {0, 63, 64}),
    ("isValidLabelKey", {0, 1, 63, 64}),
    ("isValidLabelValue", {0, 1, 63, 64}),
    ("isValidTag", {0, 1, 63, 64}),
])
def test_the_recorded_values_sit_on_both_sides_of_each_length_limit(check: str,
                                                                    boundaries: set[int]) -> None:
    """The table keeps its edge cases: a value of each limiting length is there."""
    pairs = RECORDED["checks"][check]
    lengths = {len(value) for value, _ in pairs if isinstance(value, str)}
    assert boundaries <= lengths
    assert {valid for _, valid in pairs} == {True, False}
    assert [value for value, valid in pairs if not isinstance(value, str) and valid] == []


def test_prefixed_values_are_checked_on_both_sides_of_the_slash() -> None:
    """A 253-character prefix is a DNS name, 254 is not; a 63-character name after the
    slash is one, 64 is not (Backstage's verdicts)."""
    verdicts = dict((value, valid) for value, valid in RECORDED["checks"]["isValidLabelKey"]
                    if isinstance(value, str))
    prefix_253 = next(v for v in verdicts if "/" in v and len(v.split("/")[0]) == 253)
    prefix_254 = next(v for v in verdicts if "/" in v and len(v.split("/")[0]) == 254)
    assert (verdicts[prefix_253], verdicts[prefix_254]) == (True, False)
    assert (verdicts["a.b/" + "k" * 63], verdicts["a.b/" + "k" * 64]) == (True, False)
    assert bf.is_label_key(prefix_253) and not bf.is_label_key(prefix_254)


@pytest.mark.parametrize("check", sorted(EXPLAIN))
def test_every_rejected_value_is_explained(check: str) -> None:
    """The rules call ``explain_*`` after the check said no: it never fails, and it
    never falls back to a vague answer where a precise one exists."""
    explain = EXPLAIN[check]
    for value, valid in RECORDED["checks"][check]:
        if valid or not isinstance(value, str) or (check == "isValidLabelValue" and value == ""):
            continue
        reason = explain(value)
        assert reason and "\n" not in reason, (check, value, reason)
        assert reason != "it is not a DNS name", (check, value)


# -- the words of each explanation ------------------------------------------------------


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("x" * 64, "it is 64 characters long, more than 63"),
    ("a b", "it contains U+0020; only letters, digits, '-', '_' and '.' are allowed"),
    ("a/b", "it contains '/'; only letters, digits, '-', '_' and '.' are allowed"),
    ("café", "it contains 'é'; only letters, digits, '-', '_' and '.' are allowed"),
    ("a\u00a0b", "it contains U+00A0; only letters, digits, '-', '_' and '.' are allowed"),
    ("a\nb", "it contains U+000A; only letters, digits, '-', '_' and '.' are allowed"),
    ("-a", "it starts with '-'; it must start with a letter or digit"),
    ("_a", "it starts with '_'; it must start with a letter or digit"),
    ("a.", "it ends with '.'; it must end with a letter or digit"),
    ("Z-", "it ends with '-'; it must end with a letter or digit"),
    ("abc-", "it ends with '-'; it must end with a letter or digit"),
    ("-" + "x" * 62, "it starts with '-'; it must start with a letter or digit"),  # 63: not too long
])
def test_object_name_explanations(value: str, reason: str) -> None:
    assert not bf.is_object_name(value)
    assert bf.explain_object_name(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("n" * 64, "it is 64 characters long, more than 63"),
    ("Team", "it has capital letters; use lowercase"),
    ("teAm", "it has capital letters; use lowercase"),
    ("teY", "it has capital letters; use lowercase"),
    ("aZ", "it has capital letters; use lowercase"),
    ("-" + "n" * 62, "it starts or ends with '-'"),
    ("team_a", "it contains '_'; only lowercase letters, digits and '-' are allowed"),
    ("team.a", "it contains '.'; only lowercase letters, digits and '-' are allowed"),
    ("ünï", "it contains 'ü'; only lowercase letters, digits and '-' are allowed"),
    ("-a", "it starts or ends with '-'"),
    ("a-", "it starts or ends with '-'"),
])
def test_dns_label_explanations(value: str, reason: str) -> None:
    assert not bf.is_dns_label(value)
    assert bf.explain_dns_label(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("a" + ".b" * 127, "it is 255 characters long, more than 253"),
    ("a..b", "it has an empty part between dots"),
    (".a", "it has an empty part between dots"),
    ("a.B", "its part 'B': it has capital letters; use lowercase"),
    ("a.b-", "its part 'b-': it starts or ends with '-'"),
    ("d" * 63 + "." + "d" * 63 + "." + "d" * 63 + "." + "d" * 60 + "-",  # 253: not too long
     f"its part '{'d' * 60}-': it starts or ends with '-'"),
    ("a." + "d" * 64, f"its part '{'d' * 64}': it is 64 characters long, more than 63"),
])
def test_dns_subdomain_explanations(value: str, reason: str) -> None:
    assert not bf.is_dns_subdomain(value)
    assert bf.explain_dns_subdomain(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("a/b/c", "it has more than one '/'; expected [<prefix>/]<name>"),
    ("/c", "the prefix before '/' is empty"),
    ("A.b/c", "the prefix 'A.b' is not a DNS name: its part 'A': it has capital letters; "
              "use lowercase"),
    ("a_b/c", "the prefix 'a_b' is not a DNS name: its part 'a_b': it contains '_'; only "
              "lowercase letters, digits and '-' are allowed"),
    ("a.b/", "the name after '/' is empty"),
    ("a.b/-c", "it starts with '-'; it must start with a letter or digit"),
    ("a.b/c d", "it contains U+0020; only letters, digits, '-', '_' and '.' are allowed"),
    ("-c", "it starts with '-'; it must start with a letter or digit"),
    ("", "it is empty"),
])
def test_label_and_annotation_key_explanations(value: str, reason: str) -> None:
    assert not bf.is_label_key(value) and not bf.is_annotation_key(value)
    assert bf.explain_key(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("backstage.io/", "the name after '/' is empty"),
    ("/v1", "the prefix before '/' is empty"),
    ("a/b/c", "it has more than one '/'; expected [<prefix>/]<name>"),
    ("Backstage.io/v1", "the prefix 'Backstage.io' is not a DNS name: its part 'Backstage': "
                        "it has capital letters; use lowercase"),
    ("v" * 64, "the version is 64 characters long, more than 63"),
    ("a.b/" + "v" * 64, "the version is 64 characters long, more than 63"),
    ("backstage.io/v1-alpha", "the version contains '-'; only letters and digits are allowed"),
    ("v" * 62 + "-", "the version contains '-'; only letters and digits are allowed"),
    ("v1.1", "the version contains '.'; only letters and digits are allowed"),
    ("v1 ", "the version contains U+0020; only letters and digits are allowed"),
])
def test_api_version_explanations(value: str, reason: str) -> None:
    assert not bf.is_api_version(value)
    assert bf.explain_api_version(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("K" * 64, "it is 64 characters long, more than 63"),
    ("1a", "it starts with '1'; it must start with a letter"),
    ("-a", "it starts with '-'; it must start with a letter"),
    ("éa", "it starts with 'é'; it must start with a letter"),
    ("my-kind", "it contains '-'; only letters and digits are allowed"),
    ("K" * 62 + "-", "it contains '-'; only letters and digits are allowed"),
    ("a b", "it contains U+0020; only letters and digits are allowed"),
])
def test_kind_explanations(value: str, reason: str) -> None:
    assert not bf.is_kind(value)
    assert bf.explain_kind(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("", "it is empty"),
    ("t" * 64, "it is 64 characters long, more than 63"),
    ("Java", "it has capital letters; tags are lowercase"),
    ("javA", "it has capital letters; tags are lowercase"),
    ("aY", "it has capital letters; tags are lowercase"),
    ("Z", "it has capital letters; tags are lowercase"),
    ("t" * 62 + "_", "it contains '_'; only lowercase letters, digits and ':', '+', '#' are "
                     "allowed, joined by single '-'"),
    ("a_b", "it contains '_'; only lowercase letters, digits and ':', '+', '#' are allowed, "
            "joined by single '-'"),
    ("a b", "it contains U+0020; only lowercase letters, digits and ':', '+', '#' are "
            "allowed, joined by single '-'"),
    ("a--b", "it has '--'; words are joined by a single '-'"),
    ("-a", "it starts or ends with '-'"),
    ("a:-", "it starts or ends with '-'"),
])
def test_tag_explanations(value: str, reason: str) -> None:
    assert not bf.is_tag(value)
    assert bf.explain_tag(value) == reason


@pytest.mark.parametrize(("value", "reason"), [
    ("//example.com/x", "it has no scheme; write https://..."),
    ("${VAR}/x", "it has no scheme (a variable in a URL is not expanded by Backstage)"),
    ("{{ url }}", "it has no scheme (a variable in a URL is not expanded by Backstage)"),
    ("docs/readme.md", "it has no scheme (such as https:)"),
    ("1http://x", "it has no scheme (such as https:)"),
    ("  \t", "it has no scheme (such as https:)"),
    ("file://ho st/x", "its host is not valid"),
    ("http://", "it has no host name"),
    ("https:///", "it has no host name"),
    ("https://?q", "it has no host name"),
    ("http://user@", "it has no host name"),
    ("http://:80", "it has no host name"),
    ("http://x:99999", "the port '99999' is not a number from 0 to 65535"),
    ("http://x:65536/", "the port '65536' is not a number from 0 to 65535"),
    ("http://x:8a", "the port '8a' is not a number from 0 to 65535"),
    ("http://[::1]:x", "the port 'x' is not a number from 0 to 65535"),
    ("http://a b:/", "its host name contains U+0020"),
    ("http://a b:80/", "its host name contains U+0020"),
    ("http://u:p@a<b/", "its host name contains '<'"),
    ("http://a%zz.com", "its host name contains '%'"),
    ("http://xn--.com", "its host name 'xn--.com' is not valid"),
    ("http://XN--.com", "its host name 'XN--.com' is not valid"),  # as written
    ("http://256.1.1.1", "its host name '256.1.1.1' is not valid"),
    ("http://[::1", "its host name contains '['"),
    ("foo://ho st", "its host name contains U+0020"),
    ("ht\ttp://a b", "its host name contains U+0020"),
    ("HTTP:\\\\a b", "its host name contains U+0020"),
    ("http:/\t/a b", "its host name contains U+0020"),  # the tab is removed first
    ("\x01http://a b", "its host name contains U+0020"),  # C0 controls are stripped
    ("http://a:99999\\x", "the port '99999' is not a number from 0 to 65535"),
    ("http:/a:99999", "the port '99999' is not a number from 0 to 65535"),
    ("foo://a:99999", "the port '99999' is not a number from 0 to 65535"),
    ("foo://\\a b", "its host name contains '\\\\'"),  # not a separator outside http(s)
    ("http://a@b@c d", "its host name contains U+0020"),  # credentials end at the last '@'
    ("http://a b:65535", "its host name contains U+0020"),
    ("http://[1:2:3:4:5:6:7:8:9]", "its host name contains '['"),
])
def test_url_explanations(value: str, reason: str) -> None:
    assert not bf.is_url(value)
    assert bf.explain_url(value) == reason


def test_a_character_is_shown_as_itself_or_by_code_point() -> None:
    assert bf.explain_kind("a!") == "it contains '!'; only letters and digits are allowed"
    assert bf.explain_kind("a\u200b") == "it contains U+200B; only letters and digits are allowed"
    assert bf.explain_kind("a\U0001f4a9") == "it contains '\U0001f4a9'; only letters and digits are allowed"
