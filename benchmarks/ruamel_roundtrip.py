"""How faithful ruamel.yaml's round trip is on real catalog files, with nothing edited.

Usage::

    python benchmarks/ruamel_roundtrip.py FOLDER    # every .yaml/.yml file below FOLDER

Each file is loaded with ruamel.yaml's round-trip loader (quotes preserved, lines never
wrapped, the indentation catalog files use most) and dumped again, unchanged. The figure
is how many files come back byte for byte. It is why ``catalog-lint fix`` edits the text
at the fixed node's exact span instead of dumping the file (see docs/fixing.md): a fix
must change nothing but the fixed value.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path


def same_after_round_trip(text: str) -> bool | None:
    """Whether ``text`` comes back unchanged; ``None`` when ruamel.yaml cannot read it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.explicit_start = text.lstrip().startswith("---")
    try:
        documents = list(yaml.load_all(text))
        out = io.StringIO()
        yaml.dump_all(documents, out)
    except (YAMLError, ValueError, TypeError):
        return None
    return out.getvalue() == text


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    paths = sorted(p for p in Path(argv[0]).rglob("*") if p.suffix in (".yaml", ".yml"))
    results = [same_after_round_trip(p.read_text(encoding="utf-8", errors="replace"))
               for p in paths]
    read = [r for r in results if r is not None]
    same = sum(1 for r in read if r)
    print(f"files: {len(paths)}; read by ruamel.yaml: {len(read)}; unchanged by its round "
          f"trip: {same} ({same / max(len(read), 1):.0%}); rewritten: {len(read) - same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
