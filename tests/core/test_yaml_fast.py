"""The fast reader (catalog_lint.yaml_fast) reads a file exactly as the exact reader does,
or declines it: a differential test over the YAML test suite, the Backstage mutants,
generated realistic catalogs and thousands of mutants of them; then the run-level switch
and a whole parallel run with and without it.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest

from benchmarks.real_catalogs import generate
from benchmarks.yaml_suite import load_cases
from catalog_lint import parallel, yaml_fast
from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_fast import read_fast, read_plain
from catalog_lint.yaml_reader import parse_stream
from tests.cli_helpers import run_cli, write

pytestmark = pytest.mark.skipif(yaml_fast.ryml is None, reason="rapidyaml is not installed")

DATA = Path(__file__).parent.parent / "data"


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


def exact_reading(text: str) -> list[tuple[int, int, Any]] | None:
    """What the exact reader reads, or ``None`` where the fast reader must decline: a
    problem, a warning, a duplicate key, a YAML 1.1 look-alike, an empty document."""
    stream = parse_stream(text)
    if stream.problems or stream.warnings or stream.pieced:
        return None
    if any(d.duplicate_keys or d.yaml11_suspects or d.empty for d in stream.documents):
        return None
    return [(d.line, d.column, typed(d.data)) for d in stream.documents]


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


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Texts to read: the YAML test suite, the Backstage mutants, a realistic catalog."""
    texts = [case["yaml"] for case in load_cases()]
    texts += [path.read_text(encoding="utf-8")
              for path in sorted((DATA / "backstage_mutants").glob("*.yaml"))]
    for path in sorted((DATA / "backstage_mutants").glob("*.yaml")):  # each document
        texts += path.read_text(encoding="utf-8").split("\n---\n")
    texts += realistic_texts(tmp_path_factory.mktemp("catalog"), 120)
    return texts


def test_every_source_is_read_exactly_or_declined(sources: list[str]) -> None:
    wrong = [why for text in sources if (why := disagreement(text))]
    assert wrong == []
    # and the fast reader is not simply declining everything
    fast = sum(read_plain(text) is not None for text in sources)
    assert fast >= len(sources) // 3


def test_most_of_a_realistic_catalog_is_read_fast(tmp_path: Path) -> None:
    texts = realistic_texts(tmp_path, 100)
    assert sum(read_plain(text) is not None for text in texts) >= len(texts) * 6 // 10


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


def test_mutants_are_read_exactly_or_declined(sources: list[str]) -> None:
    plain = [text for text in sources if read_plain(text) is not None]
    rng = random.Random(20261201)
    wrong: list[str] = []
    read = 0
    for _ in range(6000):
        lines = rng.choice(plain).split("\n")
        index = rng.randrange(len(lines))
        mutant = "\n".join(rng.choice(MUTATIONS)(lines, index, rng.choice(TOKENS)))
        why = disagreement(mutant)
        if why:
            wrong.append(why)
        read += read_plain(mutant) is not None
    assert wrong[:5] == []
    assert read >= 1500  # many mutants stay plain and are read fast: a real comparison


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # a duplicate key
    "a:\n  b: 1\n  c: 2\n  b: 3\n",
    "a: x\n---\n",  # an empty document
    "---\n# nothing\n",
    "a: no\n",  # a YAML 1.1 look-alike
    "a: 012\n",  # an integer that is twelve, not a string
    "a: 9007199254740993\n",  # rounded by JavaScript
    "a: ~\n",
    "'a': b\n",  # a quoted key
    "a: 'x\n  y'\n",  # a quoted scalar over two lines
    "a: [x, y]\n",  # a flow collection
    "a: |\n  x\n",  # a block scalar
    "a: b: c\n",  # refused by both
])
def test_what_is_declined(text: str) -> None:
    assert read_plain(text) is None


def test_documents_start_where_libyaml_says(capfd: pytest.CaptureFixture[str]) -> None:
    text = "# head\n---\n# first\n\nkind: A\n---\n  - a\n  - b\n---\nplain\n"
    fast = read_plain(text)
    assert fast is not None
    assert [(d.line, d.column, d.data) for d in fast] == [
        (5, 1, {"kind": "A"}), (7, 3, ["a", "b"]), (10, 1, "plain")]
    assert exact_reading(text) == [(d.line, d.column, typed(d.data)) for d in fast]


def test_rapidyaml_errors_never_reach_standard_error(capfd: pytest.CaptureFixture[str]) -> None:
    assert read_plain("a: b: c\n") is None
    assert read_plain("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 80)) + " " * 81
                      + "x\n") is None  # deeper than rapidyaml's writer goes
    captured = capfd.readouterr()
    assert captured.err == ""


def test_the_run_reads_exactly_once_fast_reads_stop_paying() -> None:
    plain = "kind: Component\nmetadata:\n  name: a\n"
    assert read_fast(plain) is None  # outside a parallel run: always the exact reader
    counts = [0, 0, 0, 0]
    yaml_fast.start(counts)
    try:
        for _ in range(yaml_fast.WARM_UP):
            assert read_fast(plain) is not None
        assert counts == [yaml_fast.WARM_UP, 0, 0, 0]
        yaml_fast.use_slot(1)
        for _ in range(yaml_fast.WARM_UP // 2):  # half of them needed positions
            yaml_fast.note_positions_needed()
        assert read_fast(plain) is not None
        assert counts[2:] == [1, yaml_fast.WARM_UP // 2]
        yaml_fast.note_positions_needed()
        yaml_fast.note_positions_needed()  # now more than half: exact from here on
        assert read_fast(plain) is None
    finally:
        yaml_fast.use_slot(0)
        yaml_fast.stop()
    assert read_fast(plain) is None


def _catalog(folder: Path, count: int, unresolved: bool) -> list[str]:
    """Each file defines its team, then a component the team owns (so references are
    answered as they are read, unless ``unresolved``: then they point elsewhere)."""
    files: dict[str, str | bytes] = {}
    for i in range(count):
        owner = f"team-elsewhere-{i}" if unresolved or i % 10 == 0 else f"team-{i}"
        text = (f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{i}\n"
                f"spec:\n  type: team\n  children:\n    - group:team-{i}\n---\n"
                f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
                f"  name: svc-{i}\n  description: The \"svc-{i}\" service's page # a comment\n"
                f"spec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n")
        if i % 13 == 0:
            text += "  lifecycle: experimental\n"  # a duplicate key
        if i % 17 == 0:
            text = text.replace("type: service", "type: no")  # a YAML 1.1 look-alike
        files[f"svc-{i:03d}/catalog-info.yaml"] = text
    write(folder, files)
    return sorted(files)


def test_a_parallel_run_reports_the_same_with_and_without_fast_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _catalog(tmp_path, 420, unresolved=False)
    state = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions())
    parallel.read_all(state, paths, 2)
    assert sum(file.read_fast for file in state.files) > 300  # most were read fast

    fast = run_cli(["validate", "--format", "json", "--jobs", "2"], tmp_path)
    monkeypatch.setattr(yaml_fast, "AVAILABLE", False)
    exact = run_cli(["validate", "--format", "json", "--jobs", "2"], tmp_path)
    assert fast.exit_code == exact.exit_code == 1
    assert fast.json() == exact.json()
    rules = {f["rule"] for f in fast.json()["findings"]}
    assert {"duplicate-key", "yaml11-value", "unresolved-reference"} <= rules
    assert fast.stderr == exact.stderr


def test_a_catalog_that_points_elsewhere_is_soon_read_exactly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file has a reference nothing answers, so every file read fast needs its
    positions after all: after the warm-up, the run reads exactly."""
    paths = _catalog(tmp_path, 900, unresolved=True)
    seen: list[list[int]] = []
    stop = yaml_fast.stop
    monkeypatch.setattr(yaml_fast, "stop", lambda: (seen.append(list(yaml_fast._counts)), stop()))
    state = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions())
    parallel.read_all(state, paths, 2)
    read_fast_files = sum(seen[0][0::2])
    assert yaml_fast.WARM_UP <= read_fast_files < 600
