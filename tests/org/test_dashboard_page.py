"""The page builder: data embedded so that nothing in it can end its element, a policy
that admits exactly the page's own style and script."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from catalog_lint.dashboard.page import embed_json, render
from catalog_lint.org.build import build
from catalog_lint.org.model import EntityRecord, Source


def test_embedded_json_cannot_end_its_script_element() -> None:
    hostile = {"a": "</script><script>alert(1)</script>", "b": "<!-- x", "c": "\u2028&"}
    text = embed_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def page_of(title: str, entity_title: str) -> str:
    source = Source(file="r.json", kind="report", name="acme/x", entities=[
        EntityRecord("component:default/x", "Component", "x", entity_title, "catalog-info.yaml", 1, {}, {})])
    return render(build([source]), title=title)


def test_the_policy_hashes_the_inline_style_and_script() -> None:
    page = page_of("T", "t")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    for text, directive in ((style, "style-src"), (script, "script-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert policy.startswith("default-src 'none';")


def test_the_title_is_escaped_and_filled_in_once() -> None:
    page = page_of('<b>"{{script}}"</b>', "</script><b>")
    assert "<title>&lt;b&gt;&quot;{{script}}&quot;&lt;/b&gt;</title>" in page
    assert "</script><b>" not in page
    assert page.count("<script") == 2  # the data and the script, nothing injected
