"""A longer differential run of the fast readers against the exact one than the tests make.

Usage::

    python benchmarks/fuzz_fast_reader.py --mutants 300000 --generated 300000 --lines 1000000 --seed 1
    python benchmarks/fuzz_fast_reader.py --mutants 50000 --also FOLDER   # FOLDER's YAML too
    python benchmarks/fuzz_fast_reader.py --native ...   # the C reader (yaml_native), positions too

Without ``--native`` the reader under test is rapidyaml's (:mod:`catalog_lint.yaml_fast`);
with it, the C reader (:mod:`catalog_lint.yaml_native`), whose positions are compared
too: every key's and value's line and column, path by path.

Three kinds of input, each read by both readers (``tests/core/test_yaml_fast.py``'s
``disagreement``: the fast reader must give the exact reader's documents, starts and
values with every type, or decline):

- **mutants**: texts of the YAML test suite, the Backstage mutants, a generated realistic
  catalog (and the YAML files under ``--also``), with one to three line mutations each
  (a value, key or line replaced by something the two readers could disagree on, a line
  duplicated, deleted, indented, dedented, inserted or appended to);
- **generated**: random nested mappings and sequences written in block style, with
  values that hold indicators, quotes and comment signs, now and then a risky token, and
  sometimes one mutation;
- **lines**: two to seven lines of keys, items, quoted and plain scalars, empty values
  and comments, each at a random indentation;
- **characters** (``--characters N``, none by default): any of the texts with one to six
  characters inserted, deleted or replaced, among them every kind of white space YAML
  knows or refuses and characters of two to four bytes.

Prints how many inputs each kind had, how many the fast reader read, and every
disagreement (the first ten in full). Exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.real_catalogs import generate
from benchmarks.yaml_suite import load_cases
from catalog_lint.yaml_fast import read_plain
from catalog_lint.yaml_native import read_positioned
from catalog_lint.yaml_positions import WIDTH, Positions
from catalog_lint.yaml_reader import parse_stream

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def typed(value: Any) -> Any:
    """``value`` with every type spelled out: ``True`` is not ``1``, ``1.0`` not ``1``,
    NaN equals NaN, and key order counts."""
    if isinstance(value, dict):
        return ("map", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def exact_reading(text: str, positions: bool = False) -> list[tuple[Any, ...]] | None:
    """What the exact reader reads, or ``None`` where the fast reader must decline: a
    problem, a warning, a duplicate key, a YAML 1.1 look-alike, an empty document. With
    ``positions``, each document's :func:`positions_form` too."""
    stream = parse_stream(text)
    if stream.problems or stream.warnings or stream.pieced:
        return None
    if any(d.duplicate_keys or d.yaml11_suspects or d.empty for d in stream.documents):
        return None
    if positions:
        return [(d.line, d.column, typed(d.data), positions_form(d.positions))
                for d in stream.documents]
    return [(d.line, d.column, typed(d.data)) for d in stream.documents]


def positions_form(positions: Positions | None) -> Any:
    """A position table as the nested places it records, whatever its layout: the top
    value's line and column, then each block's entries (key, key line and column, value
    line and column, the value's block), and the width of its numbers."""
    if positions is None:
        return None
    numbers, keys = positions

    def block(offset: int) -> Any:
        if offset < 0:
            return None
        mapping, count = numbers[offset], numbers[offset + 1]
        entries = []
        for entry in range(offset + 2, offset + 2 + WIDTH * count, WIDTH):
            key = keys[numbers[entry]] if mapping else None
            entries.append((key, *numbers[entry + 1:entry + 5], block(numbers[entry + 5])))
        return (bool(mapping), entries)

    return (numbers[0], numbers[1], block(numbers[2]), numbers.typecode)


def native_disagreement(text: str) -> str | None:
    """Why the C reader's answer for ``text`` is wrong (documents, starts, values or
    positions), or ``None`` when it is right (the exact reader's, or declined)."""
    native = read_positioned(text)
    if native is None:
        return None
    exact = exact_reading(text, positions=True)
    if exact is None:
        return f"read natively, but the exact reader reports something: {text!r}"
    mine = [(d.line, d.column, typed(d.data), positions_form(d.positions)) for d in native]
    if mine != exact:
        return f"read differently: {text!r}\nnative: {mine}\nexact:  {exact}"
    return None


def disagreement(text: str) -> str | None:
    """Why the fast reader's answer for ``text`` is wrong, or ``None`` when it is right
    (the exact reader's, or declined)."""
    fast = read_plain(text)
    if fast is None:
        return None
    exact = exact_reading(text)
    mine = [(d.line, d.column, typed(d.data)) for d in fast]
    if exact is None:
        return f"read fast, but the exact reader reports something: {text!r}"
    if mine != exact:
        return f"read differently: {text!r}\nfast:  {mine}\nexact: {exact}"
    return None


def realistic_texts(folder: Path, count: int) -> list[str]:
    generate(folder, "resolvable", count)
    return [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*"))
            if path.suffix in (".yaml", ".yml")]


#: What a mutant puts in place of a value, a line, or after it: each is something the
#: two readers could disagree on (typing, quoting, indicators, structure).
TOKENS = [
    "no", "No", "NO", "y", "n", "on", "off", "yes", "~", "null", "Null", "NULL", "", "''",
    '""', "'no'", '"012"', "012", "0o17", "0x1F", "0b1", "1e3", "1E3", ".5", "-.5", "+1",
    "-0", "0.0", "-0.0", "1.", "1:30", "-1:30", "1_000", ".inf", "-.Inf", ".NaN", "nan",
    "true", "True", "TRUE", "false", "9007199254740991", "9007199254740992",
    "9007199254740993", "-9007199254740993", "18446744073709551616",
    "123456789012345678901234567890", "1" + "0" * 400, "1e400", "a: b", "a:", "a:b", "]",
    "x]", "}", "x}", "@x", "x@y", "`x", "%x", "x%", "!x", "!!str x", "!!int 1", "! 12",
    "&a x", "x&y", "*a", "x*", "|", ">", "|-", ">+", "? x", "x?", "#", "x #c", "x#c",
    "'it''s'", "'it's'", '"say \'hi\'"', "\"a 'b' c\"", "'a \"b\" c'", "- x", "-x", "--x",
    "---", "...", "é", "日本語", "x\ty", "x\\y", "[a]", "{a: b}", "x: y", "'a", '"a', "a'",
    "'a' b", "'a'b", '"a"#c', "x  ", "'multi\n  line'", '"a\n  b"', "x\n  y", "x\n\n  y",
    "x\n  - y", "x\n  y: z", "x\n# c\n  y",
    # flow collections, read and declined
    "[]", "{}", "[a, 'b', \"c\"]", "{k: v, j: 'w'}", "[a b, c]", "[a,b]", "[ a ]", "[a, [b]]",
    "[a:b]", "[a: b]", "{a}", "{a: }", "[a, ]", "[,a]", "[-a]", "[- a]", "[?a]", "[a #b]",
    "[a]#c", "[a] #c", "{a: [b]}", "[no, 012]", "{k: ~}", "[a]\n  b: c", "[a\n  , b]",
    "{k: v, k: w}", "['a''b', \"\"]", "[a] x", "[group:a, b:c:d]", "[a:, b]", "[a:b: c]",
    "[:a]", "[a:]", "{k: a:b}", "{k:v}", "[http://x.org/a?b]", "[1:30]", "[a:1]",
]

#: Line-level mutations of a text's lines: each returns the new list of lines.
def _replace_value(lines: list[str], index: int, token: str) -> list[str]:
    line = lines[index]
    if ": " in line:
        line = line[: line.index(": ") + 2] + token
    elif line.lstrip().startswith("- "):
        line = line[: line.index("- ") + 2] + token
    else:
        line = line + token
    return [*lines[:index], *line.split("\n"), *lines[index + 1:]]


def _replace_key(lines: list[str], index: int, token: str) -> list[str]:
    line = lines[index]
    stripped = line.lstrip(" -")
    if ":" not in stripped or "\n" in token:
        return lines
    head = line[: len(line) - len(stripped)]
    return [*lines[:index], head + token + stripped[stripped.index(":"):], *lines[index + 1:]]


def _duplicate(lines: list[str], index: int, token: str) -> list[str]:
    return [*lines[: index + 1], lines[index], *lines[index + 1:]]


def _delete(lines: list[str], index: int, token: str) -> list[str]:
    return [*lines[:index], *lines[index + 1:]]


def _indent(lines: list[str], index: int, token: str) -> list[str]:
    return [*lines[:index], " " + lines[index], *lines[index + 1:]]


def _dedent(lines: list[str], index: int, token: str) -> list[str]:
    line = lines[index]
    return [*lines[:index], line[1:] if line.startswith(" ") else line, *lines[index + 1:]]


def _insert(lines: list[str], index: int, token: str) -> list[str]:
    return [*lines[:index], *token.split("\n"), *lines[index:]]


def _append(lines: list[str], index: int, token: str) -> list[str]:
    return [*lines[:index], lines[index] + " " + token, *lines[index + 1:]]


MUTATIONS = [_replace_value, _replace_value, _replace_value, _replace_key, _duplicate,
             _delete, _indent, _dedent, _insert, _append]

KEYS = ["a", "b", "name", "kind", "spec", "metadata", "x-y", "a.b/c", "$text", "title",
        "owner", "a b", "a:b", "_k", "/p", "k1", "Key", "x_1", "on"]
WORDS = ["foo", "bar baz", "R&D", "a -> b", "x | y", "mail@x.org", "100%", "it's",
         'say "hi"', "C#", "a #b", "a#b", "a:b", "é", "v1.2.3", "2024-01-01", "x]", "x}",
         "x?", "x!", "x*", "x`", "'q'", '"q"', "'a''b'", "'x: y'", '"#x"', "12abc", "-x",
         "x-", "~x", "x~"]


def sources(folder: Path, realistic: int, also: tuple[Path, ...] = ()) -> list[str]:
    """Texts to read: the YAML test suite's, the Backstage mutants (whole and each
    document), a realistic catalog of ``realistic`` files generated in ``folder``, and
    the YAML files under each of ``also``."""
    texts = [case["yaml"] for case in load_cases()]
    for path in sorted((DATA / "backstage_mutants").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        texts += [text, *text.split("\n---\n")]
    texts += realistic_texts(folder, realistic)
    for place in also:
        texts += [path.read_text(encoding="utf-8", errors="replace")
                  for path in sorted(place.rglob("*")) if path.suffix in (".yaml", ".yml")]
    return texts


#: Characters a character-level mutant inserts or puts in place of another: indicators,
#: quotes, white space of every kind YAML knows or refuses (tab, carriage return, byte-order
#: mark, next line, line separator, NUL) and characters of two, three and four bytes.
CHARACTERS = [*"abc:- \n\t\r#'\"[]{},&*!|>?%@`~0123456789.\\", "\r\n", "é", "\u2028", "\ufeff",
              "\x00", "\x85", "日", "\U0001F600"]


def mutate_characters(rng: random.Random, text: str) -> str:
    """One to six characters of ``text`` inserted, deleted or replaced (this is what found
    the C reader counting a byte-order mark as a column)."""
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        roll, position = rng.random(), rng.randrange(len(chars) + 1)
        if roll < 0.4 or not chars:
            chars.insert(position, rng.choice(CHARACTERS))
        elif roll < 0.7:
            del chars[min(position, len(chars) - 1)]
        else:
            chars[min(position, len(chars) - 1)] = rng.choice(CHARACTERS)
    return "".join(chars)


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    return "\n".join(rng.choice(MUTATIONS)(lines, rng.randrange(len(lines)), rng.choice(TOKENS)))


def value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.5:
        if rng.random() < 0.1:
            return block_scalar(rng, depth)
        if rng.random() < 0.1:
            return rng.choice(["[a, b]", "[]", "{}", "{k: v}", "['q', \"d\"]", "[x y, z]",
                               "{a: 'b', c: d}", "[1, 2]", "[a: b]", "[a, [b]]"])
        return rng.choice(TOKENS) if rng.random() < 0.04 else rng.choice(WORDS)
    if roll < 0.8:
        return {rng.choice(KEYS): value(rng, depth + 1) for _ in range(rng.randint(1, 4))}
    return [value(rng, depth + 1) for _ in range(rng.randint(1, 3))]


def block_scalar(rng: random.Random, depth: int) -> str:
    """A block scalar (header, then content lines) as one string starting with "|" or
    ">": content at a random indentation, with blank and more-indented lines now and then
    (the caller writes the header after its key)."""
    header = rng.choice(["|", "|-", ">", ">-", "|+", ">+", "|2", "| #c", "|#c"])
    indent = " " * (2 * depth + rng.choice([-1, 0, 1, 2, 2]))
    lines = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if roll < 0.15:
            lines.append("")
        elif roll < 0.25:
            lines.append(indent + "  " + rng.choice(WORDS))
        elif roll < 0.3:
            lines.append(indent + rng.choice(WORDS) + " ")
        else:
            lines.append(indent + rng.choice([*WORDS, "{a: b}", "[x]", "# not a comment", "k: v"]))
    return "\n".join([header, *lines])


def block(rng: random.Random, data: Any, indent: int, out: list[str], dash: str = "") -> None:
    """``data`` written in block style, with indentation chosen at random per level."""
    pad = " " * indent
    if isinstance(data, dict):
        for number, (key, item) in enumerate(data.items()):
            head = pad + ((dash if number == 0 else " " * len(dash)) if dash else "")
            if isinstance(item, dict) and item:
                out.append(f"{head}{key}:")
                block(rng, item, len(head) + rng.choice([2, 2, 4, 1]), out)
            elif isinstance(item, list) and item:
                out.append(f"{head}{key}:")
                block(rng, item, len(head) + rng.choice([0, 2, 2]), out)
            elif isinstance(item, str) and item.startswith("|"):  # a block scalar
                out.append(f"{head}{key}: {item.split(chr(10))[0]}")
                out.extend(item.split(chr(10))[1:])
            else:
                out.append(f"{head}{key}: {item}" if not isinstance(item, (dict, list)) else f"{head}{key}:")
    else:
        for item in data:
            if isinstance(item, dict) and item:
                block(rng, item, indent, out, "- ")
            elif isinstance(item, list) and item:
                out.append(pad + "-")
                block(rng, item, indent + 2, out)
            else:
                out.append(f"{pad}- {item}")


#: Lines for :func:`lines`: keys, items, quoted and plain scalars, empty values, comments.
LINES = ["k{i}: pv", "k{i}: 'sq'", 'k{i}: "dq"', "k{i}:", "- pv", "- 'sq'", '- "dq"',
         "- k{i}: pv", "- k{i}: 'sq'", "- k{i}:", "-", "- - pv", "cont text", "# c", "",
         "k{i}: a b", '- k{i}: "d q" # c', "k{i}: x # c",
         # block scalars and what their content may hold
         "k{i}: |", "k{i}: >", "k{i}: |-", "k{i}: >-", "- |", "- >-", "k{i}: | # c",
         "paths: {{}}", "x: [a, b]", "text 'q' #h", "  more text", "a: b: c", "---",
         "k{i}: [a, 'b']", "- [x, y]", "k{i}: {{a: b, c: 'd'}}", "- {{k: v}}", "k{i}: []",
         "k{i}: [a] # c", "k{i}: [a: b]", "k{i}: [group:a, resource:b-1]"]


def lines(rng: random.Random) -> str:
    """A few of :data:`LINES` at random indentations: mostly invalid, and the valid ones
    nest in every way (this is what found rapidyaml's reading of a line indented past a
    quoted item as a key with spaces in it)."""
    return "\n".join(" " * rng.choice([0, 0, 1, 2, 2, 3, 4, 4, 5, 6])
                     + rng.choice(LINES).format(i=rng.randint(0, 5))
                     for _ in range(rng.randint(2, 7))) + "\n"


def generated(rng: random.Random) -> str:
    documents = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        out: list[str] = []
        block(rng, {rng.choice(KEYS): value(rng, 1) for _ in range(rng.randint(1, 5))}, 0, out)
        documents.append("\n".join(out))
    text = ("---\n" if rng.random() < 0.3 else "") + "\n---\n".join(documents) + "\n"
    return mutate(rng, text) if rng.random() < 0.25 else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=100_000)
    parser.add_argument("--generated", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--characters", type=int, default=0,
                        help="character-level mutants of the texts (inserted, deleted, replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="a folder whose YAML files join the texts that are mutated")
    parser.add_argument("--native", action="store_true",
                        help="test the C reader (catalog_lint.yaml_native), not rapidyaml's")
    args = parser.parse_args()
    reads: Any = read_positioned if args.native else read_plain
    differs = native_disagreement if args.native else disagreement
    rng = random.Random(args.seed)
    texts = sources(Path(tempfile.mkdtemp()), 300, tuple(args.also))
    plain = [text for text in texts if reads(text) is not None]
    wrong: list[str] = []
    for kind, count in (("mutants", args.mutants), ("generated", args.generated),
                        ("lines", args.lines), ("characters", args.characters)):
        started, read = time.perf_counter(), 0
        for _ in range(count):
            if kind == "mutants":
                text = rng.choice(plain)
                for _ in range(rng.choice([1, 1, 2, 3])):
                    text = mutate(rng, text)
            elif kind == "generated":
                text = generated(rng)
            elif kind == "characters":
                text = mutate_characters(rng, rng.choice(texts))
            else:
                text = lines(rng)
            read += reads(text) is not None
            if (why := differs(text)) is not None:
                wrong.append(why)
        print(f"{kind}: {count:,} texts, {read:,} read {'natively' if args.native else 'fast'}, "
              f"{sum(1 for _ in wrong):,} disagreements so far "
              f"({time.perf_counter() - started:.0f} s)")
    for why in wrong[:10]:
        print(why)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
