"""The fixes rules offer (not a rule itself): each function answers "how would this be
mended?" with a :class:`~catalog_lint.findings.Fix`, or ``None`` when there is no edit a
tool can be sure of. ``catalog-lint fix`` applies them (:mod:`catalog_lint.fixing`).

- :func:`retyped` quotes a value that YAML typed as a number or a boolean where a string
  is wanted (``lifecycle: 1`` -> ``"1"``): the string is the text the author wrote;
- :func:`normal_tag` maps a tag onto the tag alphabet (``spring_boot`` -> ``spring-boot``);
- :func:`key_typo` and :func:`misspelt_key_of` rename a misspelt key when exactly one
  known key is near it (``lifecyle`` -> ``lifecycle``; the measure is
  :mod:`catalog_lint.near_miss`'s);
- :func:`reference_fix` rewrites the name in a reference, keeping the form it is
  written in (``group:team-kart`` -> ``group:team-cart``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from catalog_lint.findings import Fix, JsonPath, format_path
from catalog_lint.near_miss import certain
from catalog_lint.rules._backstage import written_plain
from catalog_lint.rules.base import DocumentContext


def retyped(ctx: DocumentContext, path: JsonPath, value: object) -> Fix | None:
    """``value`` (at ``path``) as the string its author wrote, when YAML read an unquoted
    number or boolean there and a string is wanted. Nothing for a missing value (``~``,
    ``null``, or nothing at all): no text says what was meant."""
    if value is None or not isinstance(value, (bool, int, float)):
        return None
    written = written_plain(ctx, path, value)
    if written is None:  # quoted: YAML did not retype it
        return None
    return Fix("replace", path, written,
               f"quote {written} so that it is the string {json.dumps(written)}")


#: Characters that separate words in tags people write, mapped to the tag's dash.
_SEPARATORS = re.compile(r"[_\s./]+")
_DASHES = re.compile(r"-{2,}")
_TAG = re.compile(r"[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*")


def normal_tag(tag: str) -> str | None:
    """``tag`` in lower case with ``_``, ``.``, ``/`` and spaces turned into single dashes,
    when that makes a valid tag (``Java`` -> ``java``, ``spring_boot`` ->
    ``spring-boot``, ``Node.js`` -> ``node-js``); ``None`` when other characters would
    have to go (``café``, ``@scope``): what to write instead is for a person to say."""
    if not tag.isascii():
        return None
    mapped = _DASHES.sub("-", _SEPARATORS.sub("-", tag.lower())).strip("-")
    if not 1 <= len(mapped) <= 63 or _TAG.fullmatch(mapped) is None or mapped == tag:
        return None
    return mapped


def key_typo(mapping: Mapping[str, Any], key: str, known: Iterable[str],
             path: JsonPath) -> Fix | None:
    """Renaming ``key`` (of ``mapping``, at ``path``) to the one known key it misspells,
    when that key is not already there. ``known`` are the keys the mapping may hold."""
    if key in known:
        return None
    meant = certain(key, [k for k in known if k not in mapping])
    if meant is None:
        return None
    return Fix("rename", path, meant, f"rename {format_path(path)} to {meant}")


def misspelt_key_of(mapping: Mapping[str, Any], missing: str, known: Iterable[str],
                    prefix: JsonPath) -> Fix | None:
    """For a required key ``missing`` from ``mapping`` (at ``prefix``): renaming the one
    unknown key there that surely misspells it (``lifecyle`` for ``lifecycle``)."""
    known_keys = set(known)
    found = [key for key in mapping
             if isinstance(key, str) and key not in known_keys
             and certain(key, [k for k in known_keys if k not in mapping]) == missing]
    if len(found) != 1:
        return None
    return key_typo(mapping, found[0], known_keys, (*prefix, found[0]))


def reference_fix(written: str, meant_name: str, path: JsonPath) -> Fix:
    """The reference ``written`` (at ``path``) naming ``meant_name`` instead, in the same
    form: ``team-kart``, ``group:team-kart`` and ``group:default/team-kart`` each keep
    their kind and namespace as written; only the name changes."""
    colon = written.find(":")
    slash = written.find("/")
    if slash != -1 and slash < colon:
        colon = -1
    start = max(colon + 1, slash + 1)
    new = written[:start] + meant_name
    return Fix("replace", path, new, f"change {json.dumps(written)} to {json.dumps(new)}")
