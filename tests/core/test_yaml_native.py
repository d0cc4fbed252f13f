"""The C reader (catalog_lint.yaml_native) reads a file exactly as the exact reader does,
values and positions, or declines it: a differential test over the YAML test suite, the
Backstage mutants, generated realistic catalogs and thousands of mutants of them; what it
declines; and whole runs with and without it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from benchmarks.fuzz_fast_reader import (
    generated,
    lines,
    mutate,
    mutate_characters,
    native_disagreement,
    positions_form,
    realistic_texts,
    sources,
)
from catalog_lint import yaml_native
from catalog_lint.yaml_native import read_positioned
from catalog_lint.yaml_reader import parse_stream
from tests.cli_helpers import run_cli, write

# CI builds the C reader and says so (.ci/run): there, a build that quietly failed is a
# failure, not a skipped module.
if os.environ.get("CATALOG_LINT_REQUIRE_NATIVE") == "1":
    assert yaml_native.AVAILABLE, "the C reader (catalog_lint._libyaml_positions) is not built"
pytestmark = pytest.mark.skipif(not yaml_native.AVAILABLE, reason="the C reader is not built")


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return sources(tmp_path_factory.mktemp("catalog"), 120)


def test_every_source_is_read_exactly_or_declined(texts: list[str]) -> None:
    wrong = [why for text in texts if (why := native_disagreement(text))]
    assert wrong == []
    # and the reader is not simply declining everything
    assert sum(read_positioned(text) is not None for text in texts) >= len(texts) // 3


def test_a_realistic_catalog_is_read_natively(tmp_path: Path) -> None:
    texts = realistic_texts(tmp_path, 100)
    assert sum(read_positioned(text) is not None for text in texts) >= len(texts) * 9 // 10


def _compared(texts: Iterable[str]) -> tuple[list[str], int]:
    """Each text read here and, where it was read, compared with the exact reader: the
    disagreements, and how many texts were read here."""
    wrong: list[str] = []
    read = 0
    for text in texts:
        if read_positioned(text) is not None:
            read += 1
            if (why := native_disagreement(text)) is not None:
                wrong.append(why)
    return wrong, read


def test_mutants_are_read_exactly_or_declined(texts: list[str]) -> None:
    read_here = [text for text in texts if read_positioned(text) is not None]
    rng = random.Random(20261201)
    # benchmarks/fuzz_fast_reader.py --native makes millions
    wrong, read = _compared(mutate(rng, rng.choice(read_here)) for _ in range(1500))
    assert wrong[:5] == []
    assert read >= 450  # many mutants are still read here (600): a real comparison


def test_character_mutants_are_read_exactly_or_declined(texts: list[str]) -> None:
    rng = random.Random(99)
    wrong, read = _compared(mutate_characters(rng, rng.choice(texts)) for _ in range(1500))
    assert wrong[:5] == []
    assert read >= 350  # 437 with this seed


def test_generated_texts_and_random_lines_are_read_exactly_or_declined() -> None:
    rng = random.Random(11)
    wrong, read = _compared(generated(rng) if number % 2 else lines(rng) for number in range(4000))
    assert wrong[:5] == []
    assert read >= 600  # 726 with this seed


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # an anchor and an alias
    "a: !!str 1\n",  # a tag
    "a: ! 12\n",  # the non-specific tag: a string to YAML 1.2, a number to libyaml
    "a: 1\na: 2\n",  # a duplicate key
    "a:\n  b: 1\n  b: 2\n",
    "a: no\n",  # YAML 1.1 look-alikes (the yaml11-value rule reads the node tree)
    "on: x\n",
    "a: 012\n",
    "a: 1:30\n",
    "1: a\n",  # keys JavaScript converts
    "true: a\n",
    ": a\n",
    "? [a]\n: b\n",  # a collection as a key
    "a: x\n---\n",  # an empty document
    "plain\n",  # a scalar document
    "%YAML 1.2\n---\na: b\n",  # a directive
    "a: 'x\n  y'\n",  # a quoted scalar over two lines
    "a: 'x'#c\n",  # ... with a comment touching it (an error)
    "é: \"ü\"#c\n",  # ... after characters of two bytes: marks count characters
    "a: [x\n  , z]\n",  # a flow collection over two lines
    "a: [x #c\n  ]\n",
    "a: [x]#c\n",
    "a: [-x]\n",  # a plain scalar starting with '-' in a flow collection
    "a: [- x]\n",
    "a: [?x]\n",  # '?' before a key in a flow collection
    "a: {?x: y}\n",
    "a: |\n\n  x\n",  # a block scalar whose leading blank lines are measured
    "a: |\n",
    "a: |#c\n  x\n",  # ... with a comment touching its header (an error)
    "a: b: c\n",  # refused by libyaml
    "a: \ud800\n",  # a lone surrogate
    "a:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 120)) + "  " * 120 + "v: 1\n",
    "a: " + "[" * 200 + "]" * 200 + "\n",
    "\t a: b\n",
])
def test_what_is_declined(text: str) -> None:
    assert read_positioned(text) is None


@pytest.mark.parametrize("text", [
    "a: 'x' # c\nb: \"y\"\n",
    "é: 'ü' #c\nkey: \"日本語\" # c\n",  # characters of two and three bytes before a quote
    "a: |2\n   x\nb: >-\n  folded\n  text\n\n    more\n  end\n",
    "a: |+\n  x\n\nb: c\n",
    "tags: [java, go]\nlinks: []\nspec: {type: service, owner: 'team-a'}\n",
    "- [a b , c ]\n- {k: \"v, w\"}\n",
    "a: [x, [w, {z: 1}]]\n",
    "a: 1\nb: 1.5\nc: -.inf\nd: .nan\ne: true\nf: null\ng: ~\nh:\ni: 0x1F\nj: 9007199254740993\n",
    "nothing: none\nnumbers: 12abc\ntilde: ~x\n",
    "# head\n---\n# first\n\nkind: A\n---\n  - a\n  - b\n---\n- c\n",
    "a: b\n...\n---\nc: d\n",
    "a:\n- b\n- c: d\n  e:\n  - f\n",
    "a: b\n  \n ",  # a last line of spaces (parse_stream adds the line break)
    "k: *x\n".replace("*", "x*"),  # a '*' that is no alias
    "\ufeffa: b\nc: d\n",  # a byte-order mark: libyaml skips it, and columns start after it
    "\ufeff[3, {k: v}]\n",
])
def test_what_is_read_here_exactly(text: str) -> None:
    assert read_positioned(text) is not None
    assert native_disagreement(text) is None


def test_positions_are_the_exact_readers_path_by_path() -> None:
    text = ("apiVersion: v1\nkind: Component\nmetadata:\n  name: x\n  tags: [a, b]\n"
            "spec:\n  deps:\n    - group:a\n    - {k: v}\n")
    native = read_positioned(text)
    assert native is not None
    form = positions_form(native[0].positions)
    assert form == positions_form(parse_stream(text).documents[0].positions)
    # and what it says, spelled out: spec.deps[1].k is on line 9, column 8 (0-based: 8, 7)
    spec = dict((entry[0], entry) for entry in form[2][1])["spec"]
    deps = spec[5][1][0]
    second_item = deps[5][1][1]
    assert second_item[3:5] == (8, 6)
    assert second_item[5][1][0][:5] == ("k", 8, 7, 8, 10)


def test_a_run_reports_the_same_with_and_without_the_c_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, str | bytes] = {}
    for number in range(60):
        owner = "team-a" if number % 3 else "team-missing"
        quoted = "'quoted: value'" if number % 4 == 0 else "plain value"
        files[f"svc{number}/catalog-info.yaml"] = (
            f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-{number}\n"
            f"  description: {quoted}\n  tags: [java, web]\n"
            f"spec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n"
            f"  dependsOn:\n    - resource:db-{number}\n"
            + ("  lifecycle: duplicate\n" if number == 7 else "")
            + ("  type: no\n" if number == 8 else "")
            + ("---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\n"
               "spec:\n  type: team\n  children: []\n" if number == 0 else ""))
    write(tmp_path, files)
    native = run_cli(["check", "--format", "json"], tmp_path)
    monkeypatch.setattr(yaml_native, "AVAILABLE", False)
    python = run_cli(["check", "--format", "json"], tmp_path)
    assert native.exit_code == python.exit_code == 1
    assert native.json() == python.json()
    assert native.stderr == python.stderr
    findings = native.json()["findings"]
    assert {"duplicate-key", "yaml11-value", "unresolved-reference"} <= {f["rule"] for f in findings}
    # positions came from the C reader's tables: the unresolved db of svc-5 is on line 12
    where = [f for f in findings
             if f["rule"] == "unresolved-reference" and f["file"] == "svc5/catalog-info.yaml"]
    assert [(f["line"], f["column"]) for f in where] == [(12, 7)]


def test_the_typed_words_are_every_letter_initial_scalar_the_reader_types() -> None:
    """The C reader asks the exact reader's resolver about a plain scalar starting with a
    letter only when it is one of TYPED_WORDS: every other must be a string to it."""
    from catalog_lint.yaml_core import LOOK_ALIKE, NOTABLE_FIRST_CHARACTERS, TYPED_WORDS, plain_value

    letters = [c for c in NOTABLE_FIRST_CHARACTERS if c.isalpha()]
    candidates = set(TYPED_WORDS)
    rng = random.Random(3)
    alphabet = "aeilnorstuyAEILNORSTUY0_-. :"
    for word in [*TYPED_WORDS, "nan", "inf", "nil", "none", "yes", "off"]:
        for cut in range(len(word) + 1):
            candidates.add(word[:cut])
            candidates.add(word[:cut] + "x")
        candidates.update({word.upper(), word.lower(), word.title(), word + " ", word + "."})
    for letter in letters:
        for _ in range(3000):
            candidates.add(letter + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))))
    typed = {text for text in candidates if text[:1].isalpha()
             and (plain_value(text) is LOOK_ALIKE or not isinstance(plain_value(text), str))}
    assert typed == {text for text in candidates if text in TYPED_WORDS}


def test_a_file_past_two_byte_lines_has_four_byte_positions() -> None:
    text = "# a long file\n" * 33_000 + "items:\n  - name: a\n    value: 1\n  - [b, c]\n"
    native = read_positioned(text)
    assert native is not None
    assert native[0].positions[0].typecode == "i"  # line 33,001 does not fit in two bytes
    assert native_disagreement(text) is None


def _modules_loaded_by_a_run(folder: Path, *names: str) -> list[str]:
    import subprocess
    import sys

    code = ("import sys\nfrom catalog_lint.cli import cli\n"
            "try:\n    cli.main(args=['validate', *sys.argv[1:]], prog_name='catalog-lint')\n"
            "except SystemExit as exc:\n    print('exit', exc.code)\n"
            "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('catalog_lint.yaml_r')))\n")
    result = subprocess.run([sys.executable, "-c", code, *names], cwd=folder, capture_output=True,
                            text=True, check=True)
    return [line for line in result.stdout.splitlines() if line.startswith(("exit", "["))]


def test_a_run_the_c_reader_reads_never_loads_pyyaml(tmp_path: Path) -> None:
    """PyYAML's import is a tenth of a one-file run: only a file the C reader declines
    (here, one with an anchor) loads it, with the exact reader."""
    write(tmp_path, {
        "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                             "  name: cart\n  tags: [Web]\n  labels:\n    Bad Key: x\n"
                             "spec:\n  type: service\n"
                             "  lifecycle: production\n  owner: team-a\n  system: [shop]\n",
        "anchored.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n"
                         "  name: &n team-a\nspec:\n  type: team\n  children: []\n"})
    # findings placed from the position table: a schema error, a tag, a label's key, a
    # reference (a number where a string is wanted reads the file's node tree, for its hint)
    assert _modules_loaded_by_a_run(tmp_path, "catalog-info.yaml") == ["exit 1", "[]"]
    assert _modules_loaded_by_a_run(tmp_path, "catalog-info.yaml", "anchored.yaml") == [
        "exit 1", "['catalog_lint.yaml_reader', 'yaml']"]
