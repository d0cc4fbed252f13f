"""Catalog files must be UTF-8 text.

Backstage reads every catalog file as UTF-8. A file in another encoding (UTF-16 with a
byte-order mark, Latin-1 with accented characters), or a binary file that happens to
have an entity file's name, is reported once, with the line and column of the first byte
that is not UTF-8. A UTF-8 byte-order mark is accepted (and ignored).

PASS (UTF-8)::

    metadata:
      description: Zahlungsdienst für Bestellungen

FAIL (the same line saved as Latin-1: the byte ``0xFC`` is not UTF-8)::

    catalog-info.yaml:3:34: error file-encoding not valid UTF-8 (byte 0xfc); save the file as UTF-8
"""

from catalog_lint.findings import Severity
from catalog_lint.rules.base import Rule

RULE = Rule(
    id="file-encoding",
    severity=Severity.ERROR,
    summary="The file is not UTF-8 text.",
    scope="file",
)
