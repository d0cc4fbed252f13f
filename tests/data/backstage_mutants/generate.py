"""Write the Backstage mutant files of this folder (``python generate.py``).

Each file holds many small documents, most of them a valid entity with one thing
changed, chosen to sit on an edge of Backstage's validator: names of 63 and 64
characters, separators at the start or end, label keys with odd prefixes, URLs that the
WHATWG parser accepts or rejects, values that YAML types as numbers, missing ``spec``
fields for every kind, and so on. ``verdicts.json`` holds what Backstage's own validator
(``@backstage/catalog-model``) says of each document; regenerate it with the judging
script whenever the mutants change (see docs/backstage-compatibility.md).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
V1 = "backstage.io/v1alpha1"

SPECS = {
    "Component": "type: service\nlifecycle: production\nowner: team-a",
    "API": "type: openapi\nlifecycle: production\nowner: team-a\ndefinition: 'openapi: 3.0.0'",
    "Resource": "type: database\nowner: team-a",
    "System": "owner: team-a",
    "Domain": "owner: team-a",
    "Group": "type: team\nchildren: []",
    "User": "memberOf: []",
    "Location": "targets:\n  - ./one.yaml",
    "Template": "type: service\nowner: team-a\nsteps:\n  - id: fetch\n    action: fetch:template",
}
_DEFAULT = object()


def _indent(block: str) -> str:
    return "\n".join(("  " + line) if line else line for line in block.splitlines())


def doc(kind: str | None = "Component", meta: str | None = "name: sample",
        spec: object = _DEFAULT, api: str | None = V1, extra: str = "") -> str:
    """One document; ``None`` leaves a part out, a string replaces it verbatim."""
    lines = []
    if api is not None:
        lines.append(f"apiVersion: {api}")
    if kind is not None:
        lines.append(f"kind: {kind}")
    if meta is not None:
        lines.append("metadata:" + ("\n" + _indent(meta) if meta else " {}"))
    if spec is _DEFAULT:
        spec = SPECS.get(kind or "", SPECS["Component"])
    if spec is not None:
        lines.append("spec:" + ("\n" + _indent(str(spec)) if spec else " {}"))
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"


def meta(field: str, value: str) -> str:
    return f"name: sample\n{field}: {value}"


def names() -> list[str]:
    values = [
        "a", "Z", "0", "a-b", "a_b", "a.b", "a-_.b", "a..b", "a--b", "x" * 63, "x" * 64,
        "a" + "-" * 61 + "b", "-a", "a-", "_a", "a_", ".a", "a.", '"a b"', "a/b", "a:b",
        "café", '""', "42", "1.10", '"1.10"', "true", "null", "~", "[a]", "{a: b}",
        "|\n  multi", "'a\tb'", "ALLCAPS", "${{ values.name }}", "'${{ values.name }}'",
        "a#b", "a+b", "'  a'",
    ]
    out = [doc(meta=f"name: {v}") for v in values]
    out.append(doc(meta="title: No name"))
    out.append(doc(meta="namespace: default"))
    return out


def namespaces() -> list[str]:
    values = ["default", "team-a", "a", "a--b", "n" * 63, "n" * 64, "Team", "team_a",
              "team.a", "-a", "a-", '""', "123", '"123"', "null", "[x]", "ünï"]
    return [doc(meta=meta("namespace", v)) for v in values]


def labels() -> list[str]:
    keys = ["a", "a.b/c", "/c", "a//b", "a/b/c", "A.b/c", "a-.b/c", "a.b-/c", "a_b/c",
            "a.b/", "-a/c", "'1'", "1", "k" * 63, "k" * 64, "a.b/" + "k" * 63,
            ".".join(["d" * 63] * 4)[:253] + "/c", ".".join(["d" * 63] * 4)[:252] + "x.y/c",
            "a..b/c", "xn--bcher-kva.example/c", "example.com/c.d_e-f", "'a b'", "é/c"]
    out = [doc(meta=f"name: sample\nlabels:\n  {k}: v") for k in keys]
    values = ['""', "x", '"a b"', "v" * 63, "v" * 64, "1", "true", "null", "a.b", "-a",
              "a-", "no", "012", "[a]", "'a/b'"]
    out += [doc(meta=f"name: sample\nlabels:\n  k: {v}") for v in values]
    out.append(doc(meta="name: sample\nlabels: [a, b]"))
    out.append(doc(meta="name: sample\nlabels: just-text"))
    out.append(doc(meta="name: sample\nlabels: {}"))
    out.append(doc(meta="name: sample\nlabels:"))
    return out


def annotations() -> list[str]:
    keys = ["backstage.io/techdocs-ref", "github.com/project-slug", "/c", "a//b", "a/b/c",
            "Example.com/x", "example.com/-x", "x" * 64, "example.com/" + "x" * 63,
            "1.2.3/x", "a_b.com/x", "'a b'"]
    out = [doc(meta=f"name: sample\nannotations:\n  {k}: value") for k in keys]
    values = ['""', "plain text with spaces", "3", '"3"', "true", "yes", "null", "1.5",
              "012", "[a]", "{a: b}", "|\n    line one\n    line two", "on", "2024-01-01"]
    out += [doc(meta=f"name: sample\nannotations:\n  example.com/k: {v}") for v in values]
    out.append(doc(meta="name: sample\nannotations: text"))
    out.append(doc(meta="name: sample\nannotations: [a]"))
    return out


def tags() -> list[str]:
    values = ["java", "c++", "c#", "team:cart", "a:b:c", "spring-boot", "::", "#", "+",
              "a-:", "Java", "a_b", "a.b", '"a b"', "a--b", "-a", "a-", '""', "t" * 63,
              "t" * 64, "1", "1.5", "true", "null", "'123'", "é", "a/b"]
    out = [doc(meta=f"name: sample\ntags:\n  - {v}") for v in values]
    out.append(doc(meta="name: sample\ntags: java"))
    out.append(doc(meta="name: sample\ntags: {a: b}"))
    out.append(doc(meta="name: sample\ntags: []"))
    out.append(doc(meta="name: sample\ntags: [[a]]"))
    return out


URLS = [
    "https://example.com", "http://localhost:3000/x", "mailto:team@example.com", "'foo:'",
    "urn:isbn:0451450523", "HTTPS://EXAMPLE.COM", "http:example.com", "https:///x",
    "file:///etc/hosts", "http://1.2.3.4", "http://[::1]:8080/", "http://a.b.c/d?e#f",
    "'http://'", "'https://exa mple.com'", "//example.com/x", "'${VAR}/x'", "docs/readme.md",
    "'foo://a b'", "'http://x:99999'", "'http://x:65535'", "http://256.1.1.1",
    "http://a.123", "http://0x7f.1", "git@github.com:org/repo.git", "github.com/org/repo",
    "'http://[::1'", "'http://user@'", "'http://a b.com/'", "https://münchen.de/",
    "http://xn--mnchen-3ya.de", "http://xn--.com", "javascript:void(0)", "'https://x.com/a b'",
    "'  https://padded.example.com  '", "https://grafana.example.com/d/abc?orgId=1&x=y",
    "'http://exa%20mple.com'", "http://%41.com", "ftp://files.example.com", "ws://x",
    "'wss://'", "'1http://x'", "tel:+15555550100", "'http://a:b@c.com'", "https://a_b.com",
]


def links() -> list[str]:
    out = [doc(meta=f"name: sample\nlinks:\n  - url: {u}") for u in URLS]
    variants = [
        "- url: https://x.com\n  title: Dashboard\n  icon: dashboard\n  type: dash",
        "- url: https://x.com\n  title: ''", "- url: https://x.com\n  title: '   '",
        "- url: https://x.com\n  title: 5", "- url: https://x.com\n  icon: ''",
        "- url: https://x.com\n  icon: ' '", "- url: https://x.com\n  type: ''",
        "- url: https://x.com\n  type: ' '", "- url: https://x.com\n  extra: field",
        "- url: https://x.com\n  title: null", "- title: no url", "- url: ''",
        "- url: 42", "- url: null", "- https://x.com", "- [https://x.com]",
        "- url: https://x.com\n  title: \"\\u00a0\"", "- url: https://x.com\n  title: \"\\u0085\"",
    ]
    out += [doc(meta="name: sample\nlinks:\n" + _indent(v)) for v in variants]
    out.append(doc(meta="name: sample\nlinks: https://x.com"))
    out.append(doc(meta="name: sample\nlinks: []"))
    return out


def metadata_fields() -> list[str]:
    values = [("title", "''"), ("title", "5"), ("title", "Cart service"), ("title", "' '"),
              ("description", "''"), ("description", "5"), ("description", "null"),
              ("description", "[a]"), ("uid", "''"), ("uid", "abc-123"), ("etag", "''"),
              ("etag", "1"), ("owner", "team-a"), ("foo", "bar"), ("lifecycle", "1.10")]
    out = [doc(meta=meta(f, v)) for f, v in values]
    out.append(doc(meta=None))
    out.append(doc(meta="[name, sample]"))
    out.append("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: null\n"
               "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
    out.append("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: text\n"
               "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n")
    return out


def envelope() -> list[str]:
    out = [
        doc(api=None), doc(api="1.0"), doc(api="''"), doc(api="v1"),
        doc(api="backstage.io/v1alpha1/x"), doc(api="Backstage.io/v1alpha1"),
        doc(api="backstage.io/v1-alpha"), doc(api="backstage.io/v1beta1"),
        doc(api="backstage.io/v1beta2"), doc(api="backstage.io/"), doc(api="/v1alpha1"),
        doc(api="backstage..io/v1alpha1"), doc(api="[backstage.io/v1alpha1]"),
        doc(kind=None), doc(kind="''"), doc(kind="component"), doc(kind="my-kind"),
        doc(kind="1"), doc(kind="COMPONENT"), doc(kind="Service"), doc(kind="K" * 64),
        doc(extra="relations: []"), doc(extra="status: {}"), doc(extra="owner: team-a"),
        doc(extra="description: misplaced"), doc(extra="x-extra: 1"), doc(spec="'text'"),
        doc(spec=None), doc(spec="null"), doc(spec="[a, b]"), doc(kind="Domain", spec="null"),
        "- apiVersion: backstage.io/v1alpha1\n  kind: Component\n",
        "just a string\n", "42\n",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n"
        "  name: b\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [unclosed\n",
        "metadata:\n  name: sample\nspec:\n  type: service\n",
        doc(api="example.com/v1", kind="Database", spec="type: postgres"),
    ]
    return out


def specs() -> list[str]:
    out: list[str] = []
    edits = {
        "Component": [
            "lifecycle: production\nowner: team-a", "type: service\nowner: team-a",
            "type: service\nlifecycle: production", "type: ''\nlifecycle: production\nowner: a",
            "type: service\nlifecycle: production\nowner: 42",
            "type: service\nlifecycle: 1.10\nowner: team-a",
            "type: service\nlifecycle: production\nowner: true",
            "type: null\nlifecycle: production\nowner: team-a",
            "type: service\nlifecycle: production\nowner: team-a\nsystem: ''",
            "type: service\nlifecycle: production\nowner: team-a\nprovidesApis: api-a",
            "type: service\nlifecycle: production\nowner: team-a\nprovidesApis: [1]",
            "type: service\nlifecycle: production\nowner: team-a\nconsumesApis: ['']",
            "type: service\nlifecycle: production\nowner: team-a\ndependsOn: [db]",
            "type: service\nlifecycle: production\nowner: team-a\ndependsOn: ['']",
            "type: service\nlifecycle: production\nowner: team-a\ndependencyOf: 5",
            "type: service\nlifecycle: production\nowner: team-a\nsubcomponentOf: ''",
            "type: service\nlifecycle: production\nowner: group:/team-a",
            "type: service\nlifecycle: production\nowner: team-a\nextra: [any, thing]",
        ],
        "API": [
            "type: openapi\nlifecycle: production\nowner: team-a",
            "type: openapi\nlifecycle: production\nowner: team-a\ndefinition: ''",
            "type: openapi\nlifecycle: production\nowner: team-a\ndefinition: 3.0",
            "type: openapi\nlifecycle: production\nowner: team-a\ndefinition:\n"
            "  $text: ./openapi.yaml",
            "type: openapi\nlifecycle: production\nowner: team-a\ndefinition: {a: b}",
            "type: openapi\nlifecycle: production\nowner: team-a\ndefinition: x\nsystem: 3",
        ],
        "Resource": ["owner: team-a", "type: database", "type: db\nowner: a\ndependsOn: x",
                     "type: db\nowner: a\nsystem: null"],
        "System": ["{}", "owner: ''", "owner: a\ntype: ''", "owner: a\ndomain: 7",
                   "owner: a\ntype: product"],
        "Domain": ["{}", "owner: a\nsubdomainOf: ''", "owner: a\nsubdomainOf: d",
                   "owner: [a]"],
        "Group": [
            "type: team", "children: []", "type: team\nchildren: [a, b]",
            "type: team\nchildren: a", "type: team\nchildren: []\nmembers: [1]",
            "type: team\nchildren: []\nparent: ''", "type: team\nchildren: []\nprofile: x",
            "type: team\nchildren: []\nprofile:\n  email: ''",
            "type: team\nchildren: []\nprofile:\n  displayName: 5",
            "type: team\nchildren: []\nprofile:\n  other: fine",
            "type: team\nchildren: null",
        ],
        "User": ["{}", "memberOf: [team-a]", "memberOf: team-a", "memberOf: [1]",
                 "memberOf: []\nprofile:\n  picture: ''",
                 "memberOf: []\nprofile:\n  email: a@example.com"],
        "Location": [
            "target: ./a.yaml", "targets: [./a.yaml]", "target: ./a.yaml\ntargets: [./b.yaml]",
            "{}", "type: url\ntarget: https://x.com/a.yaml\npresence: optional",
            "target: a\npresence: maybe", "target: ''", "targets: ['']", "type: ''",
            "targets: ./a.yaml", "target: [a]",
        ],
    }
    for kind, variants in edits.items():
        out += [doc(kind=kind, spec=v) for v in variants]
        out.append(doc(kind=kind, spec=None))
        out.append(doc(kind=kind))  # the valid baseline
    return out


def templates() -> list[str]:
    v3 = "scaffolder.backstage.io/v1beta3"
    return [
        doc(kind="Template", api=v3),
        doc(kind="Template", api=v3, spec="type: service"),
        doc(kind="Template", api=v3, spec=None),
        doc(kind="Template", api=v3, spec="'text'"),
        doc(kind="Template", api=v3, spec="type: service\nsteps: not-a-list"),
        doc(kind="Template", api=v3, meta="name: ${{ values.name }}"),
        doc(kind="Template", api="backstage.io/v1beta2"),
        doc(kind="Template", api=V1),
        doc(kind="Template", api="scaffolder.backstage.io/v1beta2"),
        doc(kind="template", api=v3),
        doc(kind="Template", api=v3, spec="type: ''\nsteps: []\nparameters: text"),
    ]


#: The files placeholders point at, written into placeholder_targets/ beside the
#: mutants (the oracle reads them as the catalog would, from the mutants' repository).
TARGETS: dict[str, bytes] = {
    "description.txt": b"The cart service.\n",
    "bom.txt": b"\xef\xbb\xbfWith a byte-order mark.\n",
    "latin1.txt": b"caf\xe9\n",
    "empty.txt": b"",
    "owner.txt": b"team-a",
    "openapi.yaml": b"openapi: 3.0.0\ninfo:\n  title: Cart\n",
    "definition.json": b'{"openapi": "3.0.0"}\n',
    "links.yaml": b"- url: https://example.com/docs\n  title: Docs\n- url: https://example.com/runbook\n",
    "links.json": b'[{"url": "https://example.com", "title": "Home"}]\n',
    "links_bad_url.yaml": b"- url: https://example.com/ok\n- url: not a url\n",
    "links_no_url.yaml": b"- title: Docs\n",
    "tags.yaml": b"- java\n- payments\n",
    "tags_bad.yaml": b"- java\n- Bad Tag\n",
    "labels.yaml": b"tier: gold\n",
    "labels_bad.yaml": b"tier: gold plated\n",
    "groups.yaml": b"- team-a\n- team-b\n",
    "number.yaml": b"1.10\n",
    "null.yaml": b"---\n",
    "component_spec.yaml": b"type: service\nlifecycle: production\nowner: team-a\n",
    "spec_no_owner.yaml": b"type: service\nlifecycle: production\n",
    "spec_nested_owner.yaml": b"type: service\nlifecycle: production\nowner:\n  $text: ./owner.txt\n",
    "spec_nested_extra.yaml": (b"type: service\nlifecycle: production\nowner: team-a\n"
                               b"extra:\n  $text: ./owner.txt\n"),
    "two_documents.yaml": b"- url: https://example.com\n---\n- url: https://example.org\n",
    "comments_only.yaml": b"# nothing here\n",
    "broken.yaml": b"- url: [https://example.com\n",
    "duplicate_keys.yaml": b"- url: https://example.com\n  url: https://example.org\n",
    "broken.json": b'[{"url": "https://example.com",]\n',
    "bom.json": b'\xef\xbb\xbf[{"url": "https://example.com"}]\n',
    "name.txt": b"sample",
    "metadata.yaml": b"name: sample\n",
    "annotations.yaml": b"example.com/a: b\n",
}

_T = "./placeholder_targets/"


def placeholders() -> list[str]:
    """Placeholders as the catalog replaces them: each target exists in
    placeholder_targets/ unless the mutant is about a missing one; the verdicts come
    from Backstage's own PlaceholderProcessor reading them (see the oracle script)."""
    api = "type: openapi\nlifecycle: production\nowner: team-a\n"

    def on(field: str, kind: str, target: str) -> str:
        return f"name: sample\n{field}:\n  {kind}: {target}"

    out = [
        # the targets of the first mutants do not exist
        doc(meta="name: sample\ndescription:\n  $text: ./README.md"),
        doc(kind="API", spec=api + "definition:\n  $json: ./spec.json"),
        doc(kind="API", spec=api + "definition:\n  $yaml: ./spec.yaml"),
        doc(kind="User", spec="memberOf:\n  $text: ./groups.txt"),
        # replaced: the content is what gets judged
        doc(meta=on("description", "$text", _T + "description.txt")),
        doc(meta=on("description", "$text", _T + "bom.txt")),
        doc(meta=on("description", "$text", _T + "latin1.txt")),
        doc(meta=on("description", "$text", _T + "empty.txt")),
        doc(meta=on("title", "$text", _T + "empty.txt")),
        doc(meta=on("description", "$text", "./placeholder_targets/../placeholder_targets/"
                    "description.txt")),
        doc(meta=on("description", "$text", "placeholder_targets/description.txt")),
        doc(meta=on("description", "$text", "./placeholder_targets/description.txt#top")),
        doc(meta=on("description", "$text", "./placeholder%5Ftargets/description.txt")),
        doc(kind="API", spec=api + f"definition:\n  $text: {_T}openapi.yaml"),
        doc(kind="API", spec=api + f"definition:\n  $json: {_T}definition.json"),
        doc(kind="API", spec=api + f"definition:\n  $yaml: {_T}openapi.yaml"),
        doc(meta=on("links", "$yaml", _T + "links.yaml")),
        doc(meta=on("links", "$json", _T + "links.json")),
        doc(meta=on("links", "$yaml", _T + "links_bad_url.yaml")),
        doc(meta=on("links", "$yaml", _T + "links_no_url.yaml")),
        doc(meta=on("links", "$text", _T + "links.yaml")),
        doc(meta=f"name: sample\nlinks:\n  - $yaml: {_T}links.yaml"),
        doc(meta=f"name: sample\nlinks:\n  - url:\n      $text: {_T}description.txt"),
        doc(meta=on("tags", "$yaml", _T + "tags.yaml")),
        doc(meta=on("tags", "$yaml", _T + "tags_bad.yaml")),
        doc(meta=f"name: sample\ntags:\n  - java\n  - $text: {_T}owner.txt"),
        doc(meta=on("labels", "$yaml", _T + "labels.yaml")),
        doc(meta=on("labels", "$yaml", _T + "labels_bad.yaml")),
        doc(meta=f"name: sample\nannotations:\n  example.com/a:\n    $text: {_T}owner.txt"),
        doc(meta=f"name: sample\nannotations:\n  example.com/a:\n    $yaml: {_T}tags.yaml"),
        doc(spec=f"$yaml: {_T}component_spec.yaml"),
        doc(spec=f"$yaml: {_T}spec_no_owner.yaml"),
        doc(spec=f"$json: {_T}links.json"),
        doc(spec=f"type: service\nlifecycle: production\nowner:\n  $text: {_T}owner.txt"),
        doc(spec=f"type:\n  $text: {_T}empty.txt\nlifecycle: production\nowner: team-a"),
        doc(spec=f"type: service\nlifecycle:\n  $yaml: {_T}number.yaml\nowner: team-a"),
        doc(meta=on("description", "$yaml", _T + "null.yaml")),
        doc(kind="User", spec=f"memberOf:\n  $yaml: {_T}groups.yaml"),
        doc(kind="User", spec=f"memberOf:\n  $text: {_T}owner.txt"),
        doc(kind="Group", spec=f"type: team\nchildren:\n  $json: {_T}links.json"),
        # placeholders do not nest: the content's own placeholder stays a mapping
        doc(spec=f"$yaml: {_T}spec_nested_owner.yaml"),
        doc(spec=f"$yaml: {_T}spec_nested_extra.yaml"),
        # targets that cannot be used
        doc(meta=on("links", "$yaml", _T + "two_documents.yaml")),
        doc(meta=on("links", "$yaml", _T + "comments_only.yaml")),
        doc(meta=on("links", "$yaml", _T + "empty.txt")),
        doc(meta=on("links", "$yaml", _T + "broken.yaml")),
        doc(meta=on("links", "$yaml", _T + "duplicate_keys.yaml")),
        doc(meta=on("links", "$json", _T + "broken.json")),
        doc(meta=on("links", "$json", _T + "bom.json")),
        doc(meta=on("links", "$yaml", "./placeholder_targets")),
        doc(meta=on("description", "$text", _T + "missing.txt")),
        doc(meta="name: sample\ndescription:\n  $text: 5"),
        doc(meta="name: sample\ndescription:\n  $text: [a]"),
        doc(meta="name: sample\ndescription:\n  $text:"),
        doc(meta=on("description", "$text", "ftp://example.com/x.txt")),
        # where the catalog never replaces a placeholder
        doc(meta=f"name:\n  $text: {_T}name.txt"),
        doc(meta=f"name: sample\nnamespace:\n  $text: {_T}owner.txt"),
        doc(meta=f"$yaml: {_T}metadata.yaml"),
        doc(kind=f"\n  $text: {_T}owner.txt"),
        doc(meta=f"name: sample\nannotations:\n  $yaml: {_T}annotations.yaml"),
        # not placeholders: other $ keys, or a $ key among others
        doc(meta="name: sample\ndescription:\n  $ref: ./README.md"),
        doc(meta=f"name: sample\ndescription:\n  $text: {_T}description.txt\n  lang: en"),
        doc(spec="type: service\nlifecycle: production\nowner: team-a\nextra:\n  $ref: x"),
        doc(spec="type: service\nlifecycle: production\nowner: team-a\n"
                 "extra:\n  $text: ./x\n  $json: ./y"),
        # URLs: fetched by the catalog; their content is unknown here
        doc(meta="name: sample\ndescription:\n  $text: https://example.com/about.txt"),
        doc(meta="name: sample\nlinks:\n  $yaml: https://example.com/links.yaml"),
        # on a host the catalog knows, only the entity's own repository is read (the
        # oracle registers the mutants at github.com/catalog-lint/judged)
        doc(meta="name: sample\ndescription:\n  $text: https://github.com/catalog-lint/"
                 "judged/blob/main/placeholder_targets/description.txt"),
        doc(meta="name: sample\ndescription:\n  $text: https://github.com/someone/else/"
                 "blob/main/README.md"),
        doc(meta="name: sample\ndescription:\n  $text: https://gitlab.com/group/project/"
                 "-/raw/main/README.md"),
    ]
    return out


def yaml_types() -> list[str]:
    """Scalars that one YAML reader may type differently from another."""
    values = ["1_000", "0x1F", "0o17", "0b101", "1e3", "012", "1.0", "0.1_0", "True",
              "TRUE", "tRUE", "Null", "NULL", ".inf", "-.inf", ".NaN", ".nan", "1.", "0e0",
              "+12", "12:30", "2024-01-01", "yes", "off", "!!str 123", "!!int '5'",
              "!!binary aGVsbG8=", "!custom x", "'1'", "1_", "0x", "0b", "1__0", "._1",
              "0.", "-0", "+0x1f", "-0o7", "0X1F"]
    out = [doc(meta=f"name: {v}") for v in values]
    out.append("base: &base\n  type: service\n" + doc())
    out.append(doc(spec="<<: {type: service, lifecycle: production}\nowner: team-a"))
    out.append(doc(meta="name: sample\n<<: {title: Merged}"))
    out.append(doc(meta="&m\nname: sample", spec="type: service\nlifecycle: production\n"
                   "owner: team-a\nextra: *m"))
    out.append(doc(meta="name: sample\n? [complex, key]\n: value"))
    out.append(doc(meta="name: sample\n? {a: b}\n: value"))
    out.append(doc(meta="name: sample\nannotations:\n  ? [a]\n  : v"))
    return out


def key_typos() -> list[str]:
    """Keys a slip of the keyboard away from a field: Backstage keeps unknown keys under
    ``spec`` and ``metadata`` (catalog-lint only warns), and rejects what is then missing
    or unknown at the top."""
    spec = SPECS["Component"]
    return [
        doc(spec=spec + "\nsytem: shop"),
        doc(spec=spec + "\ndependson: [component:a]"),
        doc(spec=spec + "\nsubComponentOf: a"),
        doc(spec=spec + "\nconsumesApi: [a]"),
        doc(meta="name: sample\ndescripton: Keeps the carts"),
        doc(meta="name: sample\nannotation:\n  a: b"),
        doc(meta="name: sample\nTitle: Sample"),
        doc(meta="name: sample\nnamepsace: default"),
        doc(spec=spec.replace("lifecycle:", "lifecyle:")),
        doc(spec=spec.replace("owner:", "ownr:")),
        doc(kind="System", spec="ownr: team-a"),
        doc(kind="Group", spec="type: team\nchildern: []"),
        doc(kind="User", spec="memberof: []"),
        doc(kind="Location", spec="targets:\n  - ./one.yaml\ntargts: [./two.yaml]"),
        doc(meta=None, extra="metdata:\n  name: sample"),
        doc(spec=None, extra="speck:\n  type: service\n  lifecycle: production\n  owner: team-a"),
        doc(api=None, extra="apiversion: backstage.io/v1alpha1"),
    ]


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar, in ASCII (JSON's escapes are YAML's too)."""
    return json.dumps(value)


def _subdomain(length: int) -> str:
    """A DNS subdomain of exactly ``length`` characters: 63-character labels and dots."""
    return ".".join(["d" * 63] * 5)[:length]


#: Links on an edge of the WHATWG URL parser: IPv4 numbers, IPv6 pieces, ports.
BOUNDARY_URLS = [
    "http://255.1.1.1", "http://256.1.1.1", "http://1.255.1.1", "http://1.1.1.256",
    "http://4294967295", "http://4294967296", "http://1.16777215", "http://1.16777216",
    "http://0xff.1.1.1", "http://0x100.1.1.1", "http://0377.1.1.1", "http://0400.1.1.1",
    "http://08.1.1.1", "http://1.2.3.4.", "http://256.1.1.1.", "http://1.2.3.4.5",
    "http://a.09", "http://a.0xg", "http://[::]", "http://[1:2:3:4:5:6:7:8]",
    "http://[1:2:3:4:5:6:7:8:9]", "http://[1:2:3:4:5:6:7]", "http://[1::8]", "http://[1:::8]",
    "http://[::ffff:1.2.3.4]", "http://[::ffff:256.1.1.1]", "http://[::ffff:1.2.3]",
    "http://[::ffff:01.2.3.4]", "http://[1:2:3:4:5:6:1.2.3.4]", "http://[12345::]",
    "http://[::1]:65535", "http://[::1]:65536", "http://x:0", "http://x:65535", "http://x:65536",
    "http://user:pass@x", "http://user@", "http://%41.com", "http://%zz.com",
    "file://host/x", "file://host:80/x", "file://C:/x", "foo://ho st", "foo://host:99999",
    "http://\u2488.com", "http://\uff21.com",
]


def boundaries() -> list[str]:
    """Each length limit at its edge (1, 63 and 64 characters; DNS prefixes of 253 and
    254), JavaScript's idea of blank, URLs on the parser's edges, mapping references."""
    out = [doc(meta=f"name: {_quoted(v)}") for v in
           ["a", "x" * 62, "x" * 63, "x" * 64, "a" + "-" * 61 + "b", "a" + "-" * 62 + "b",
            "0" * 63, "0" * 64, "a" + "." * 61 + "b"]]
    out += [doc(meta=meta("namespace", _quoted(v))) for v in
            ["n", "n" * 63, "n" * 64, "a" + "-" * 61 + "b", "a" + "-" * 62 + "b"]]
    keys = [_subdomain(253) + "/c", _subdomain(254) + "/c", "a.b/" + "k" * 63,
            "a.b/" + "k" * 64, "k" * 63, "k" * 64, "d" * 63 + "/c", "d" * 64 + "/c", "k"]
    for field in ("labels", "annotations"):
        out += [doc(meta=f"name: sample\n{field}:\n  {_quoted(k)}: v") for k in keys]
    out += [doc(meta=f"name: sample\nlabels:\n  k: {_quoted(v)}") for v in
            ["", "v", "v" * 63, "v" * 64]]
    out += [doc(meta=f"name: sample\ntags:\n  - {_quoted(v)}") for v in
            ["t", "t" * 63, "t" * 64, "a-" * 31 + "b", "a-" * 32 + "b"]]
    out += [doc(meta=f"name: sample\ntitle: {_quoted(v)}") for v in
            ["\u00a0", "\u0085", "\ufeff", "\u180e", "\u200b", "\u3000", " x "]]
    out += [doc(meta=f"name: sample\nlinks:\n  - url: {_quoted(u)}") for u in BOUNDARY_URLS]
    out += [
        doc(spec="type: service\nlifecycle: production\nowner:\n  kind: group\n  name: team-a"),
        doc(spec="type: service\nlifecycle: production\nowner: team-a\n"
                 "dependsOn:\n  - kind: component\n    name: db"),
        doc(spec="type: service\nlifecycle: production\nowner: group:payments/team-a"),
        doc(spec="type: service\nlifecycle: production\nowner: payments/team-a"),
    ]
    return out


FILES = {
    "boundaries.yaml": boundaries,
    "names.yaml": names, "namespaces.yaml": namespaces, "labels.yaml": labels,
    "annotations.yaml": annotations, "tags.yaml": tags, "links.yaml": links,
    "metadata_fields.yaml": metadata_fields, "envelope.yaml": envelope, "specs.yaml": specs,
    "templates.yaml": templates, "placeholders.yaml": placeholders,
    "yaml_types.yaml": yaml_types,
    "key_typos.yaml": key_typos,
}


def main() -> None:
    total = 0
    for name, make in FILES.items():
        documents = make()
        total += len(documents)
        header = "# Generated by generate.py; see verdicts.json for Backstage's verdicts.\n"
        (HERE / name).write_text(header + "---\n".join(documents), encoding="utf-8")
    targets = HERE / "placeholder_targets"
    targets.mkdir(exist_ok=True)
    for name, data in TARGETS.items():
        (targets / name).write_bytes(data)
    print(f"{total} documents in {len(FILES)} files, {len(TARGETS)} placeholder targets")


if __name__ == "__main__":
    main()
