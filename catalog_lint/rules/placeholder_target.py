"""A ``$text``, ``$json`` or ``$yaml`` placeholder cannot be replaced as Backstage would.

The catalog replaces a placeholder with the content of the file it names before it
validates the entity (``$text``: the text, ``$json``: its JSON, ``$yaml``: its one YAML
document), and catalog-lint does the same: the entity is then checked with that content,
and a problem inside it is reported in the target file, at its line, naming the
placeholder that brought it in::

    links.yaml:3:8: error metadata-links metadata.links[1].url "not a url" is not a URL
    Backstage accepts: it has no scheme (such as https:) (from $yaml: ./links.yaml at
    catalog-info.yaml:8)

This rule reports, at the placeholder, what stops the replacement (the catalog would
reject the entity for each of them):

- the target does not exist, is a folder, is larger than ``max-file-size``, or is not
  a regular file (a device, a FIFO);
- the path leads outside the repository (``../../etc/passwd``, an absolute path on the
  disk, a symbolic link out of it): refused and not read;
- a ``$yaml`` target holds no document or more than one;
- the placeholder's value is not a string, or is a URL of another scheme than http(s);
- the placeholder stands where the catalog never replaces one: ``apiVersion``, ``kind``,
  ``metadata``, ``metadata.name`` and ``metadata.namespace`` are checked before
  placeholders are replaced, and a placeholder at ``metadata.annotations`` is read as an
  annotation named ``$yaml`` (the catalog adds its own annotations to that mapping
  first);
- an entity brings in more than ``max-file-size`` bytes through its placeholders, or
  has more than 1,000 of them.

Syntax errors in a ``$json``/``$yaml`` target are ``json-syntax``/``yaml-syntax``
findings at their line in the target. A placeholder written *inside* a target's
content is a warning: the catalog replaces placeholders only in the entity file, so it
stays a mapping there (placeholders do not nest, so a target that includes itself
cannot loop).

URL targets (``$text: https://...``) are fetched only with ``--allow-url``, with the
``--catalog-timeout`` and ``--catalog-max-bytes`` limits (and at most ``max-file-size``
bytes), at most 100 URLs per run; without it the placeholder counts as a value of
unknown content and nothing is reported.

PASS::

    apiVersion: backstage.io/v1alpha1
    kind: API
    metadata:
      name: cart-api
      links:
        $yaml: ./links.yaml     # a list of links, in this folder
    spec:
      type: openapi
      lifecycle: production
      owner: team-cart
      definition:
        $text: ./openapi.yaml

FAIL::

    apiVersion: backstage.io/v1alpha1
    kind: API
    metadata:
      name:
        $text: ./name.txt       # checked before placeholders are replaced
    spec:
      type: openapi
      lifecycle: production
      owner: team-cart
      definition:
        $text: ./openapi.yml    # the file is openapi.yaml
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="placeholder-target",
    severity=Severity.ERROR,
    summary="A $text, $json or $yaml placeholder's target is missing, outside the "
            "repository, or not what the placeholder needs.",
    scope="document",
)
