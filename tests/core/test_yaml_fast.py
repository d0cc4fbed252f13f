"""The fast reader (catalog_lint.yaml_fast) reads a file exactly as the exact reader does,
or declines it: a differential test over the YAML test suite, the Backstage mutants,
generated realistic catalogs and thousands of mutants of them; then the run-level switch
and a whole parallel run with and without it.
"""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

import pytest

from benchmarks.fuzz_fast_reader import (
    MUTATIONS,
    TOKENS,
    disagreement,
    exact_reading,
    lines,
    realistic_texts,
    sources,
    typed,
)
from catalog_lint import parallel, yaml_fast, yaml_native
from catalog_lint.config import Config
from catalog_lint.pipeline import Run, RunOptions, prepare_entities
from catalog_lint.snapshot import WorktreeSnapshot
from catalog_lint.yaml_fast import read_fast, read_plain
from tests.cli_helpers import run_cli, write

pytestmark = pytest.mark.skipif(yaml_fast.ryml is None, reason="rapidyaml is not installed")


@pytest.fixture(autouse=True)
def _without_the_c_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast reader serves runs where the C reader is not built (which reads first
    where it is: tests/core/test_yaml_native.py)."""
    monkeypatch.setattr(yaml_native, "AVAILABLE", False)

@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return sources(tmp_path_factory.mktemp("catalog"), 120)


def test_every_source_is_read_exactly_or_declined(texts: list[str]) -> None:
    wrong = [why for text in texts if (why := disagreement(text))]
    assert wrong == []
    # and the fast reader is not simply declining everything
    fast = sum(read_plain(text) is not None for text in texts)
    assert fast >= len(texts) // 3


def test_most_of_a_realistic_catalog_is_read_fast(tmp_path: Path) -> None:
    texts = realistic_texts(tmp_path, 100)
    assert sum(read_plain(text) is not None for text in texts) >= len(texts) * 6 // 10


def test_mutants_are_read_exactly_or_declined(texts: list[str]) -> None:
    plain = [text for text in texts if read_plain(text) is not None]
    rng = random.Random(20261201)
    wrong: list[str] = []
    read = 0
    for _ in range(1500):  # benchmarks/fuzz_fast_reader.py makes millions
        lines = rng.choice(plain).split("\n")
        index = rng.randrange(len(lines))
        mutant = "\n".join(rng.choice(MUTATIONS)(lines, index, rng.choice(TOKENS)))
        why = disagreement(mutant)
        if why:
            wrong.append(why)
        read += read_plain(mutant) is not None
    assert wrong[:5] == []
    assert read >= 375  # many mutants stay plain and are read fast: a real comparison


def test_lines_at_random_indentations_are_read_exactly_or_declined() -> None:
    rng = random.Random(7)
    wrong, read = [], 0
    for _ in range(10_000):  # benchmarks/fuzz_fast_reader.py makes millions
        text = lines(rng)
        if read_plain(text) is not None:
            read += 1
            if (why := disagreement(text)) is not None:
                wrong.append(why)
    assert wrong[:5] == []
    assert read >= 420  # 529 with this seed


@pytest.mark.parametrize("text", [
    # rapidyaml reads a line indented past a quoted item as a key with spaces in it
    "k:\n- a: x\n  b:\n  - 'pp'\n    c: z\n",
    "k:\n- a: x\n  b:\n  - \"pp\"\n     c: z\nd: q\n",
    "- k0:\n  - \"dq\"\n      k1: 'sq'\n- \"dq\"\n",
    "a: 'x'\n  b: c\n",
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
    "a: [x, [z]]\n",  # a flow collection with one inside it
    "a: [x] # c\n",  # ... with a comment after it (the exact reader checks those)
    "a: [x: z]\n",  # ... holding a mapping
    "a: [x\n  , z]\n",  # ... over two lines
    "a: [x]\n  b: c\n",  # ... with a line indented past it
    "a: [http:?/x]\n",  # ... holding ':?' in a plain item, which libyaml refuses
    "- { url: http:?/example.org }\n",
    "a: |\n\n  x\n",  # a block scalar with a leading blank line (the exact reader checks it)
    "a: |2\n   x\n",  # ... with its indentation given
    "a: |+\n  x\n\nb: c\n",  # ... keeping its trailing lines
    "a: |#c\n  x\n",  # ... with a comment touching its header (an error)
    "a: | # c -x\n  y\n",  # ... with a comment after its header (rapidyaml reads its "-")
    "a: |\n  x \n",  # ... with a line ending in a space
    "a: |\n  x\n y\n",  # ... with a line less indented than its first
    "a: |\n  x",  # ... at the end of a text with no last line break
    "|\n x\n",  # ... as a whole document
    "a: b: c\n",  # refused by both
])
def test_what_is_declined(text: str) -> None:
    assert read_plain(text) is None


@pytest.mark.parametrize("text", [
    "a: |\n  {x: 1}\n  [y] 'q' # not a comment\n\n  k: v\nb: c\n",
    "a: >-\n  folded\n  text\n\n    more indented\n  end\n",
    "- |\n  x\n- >\n  y\n",
    "a:\n  - b: |-\n      x\n    c: d\n",
    "tags: [java, go]\nlinks: []\nspec: {type: service, owner: 'team-a'}\n",
    "- [a b , c ]\n- {k: \"v, w\"}\n",
])
def test_block_scalars_and_flow_collections_are_read_fast_and_exactly(text: str) -> None:
    assert read_plain(text) is not None
    assert disagreement(text) is None


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
    monkeypatch.setattr(yaml_fast, "AVAILABLE", True)  # whatever CATALOG_LINT_FAST_YAML says
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


def test_a_catalog_that_points_elsewhere_is_read_exactly_after_the_warm_up(
        tmp_path: Path) -> None:
    """Every file has a reference nothing answers, so every file read fast needs its
    positions after all: once the warm-up's files are read, the rest are read exactly.
    Chunk after chunk in one process, as a parallel run's main process reads and
    prepares them (which process notices first is a matter of scheduling there)."""
    paths = _catalog(tmp_path, 500, unresolved=True)
    state = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions())
    counts = multiprocessing.get_context("fork").RawArray("q", 4)
    yaml_fast.start(counts)
    taken: list[bool] = []  # for each YAML file, in order: read fast?

    def reading(text: str) -> list[yaml_fast.FastDocument] | None:
        documents = yaml_fast.read_fast(text)
        taken.append(documents is not None)
        return documents

    state.read_fast = reading
    try:
        for start in range(0, len(paths), parallel.CHUNK):
            batch = parallel._read_chunk(state, paths[start:start + parallel.CHUNK])
            prepare_entities(state, batch.entities)
            parallel._merge(state, batch)
    finally:
        yaml_fast.stop()
    assert counts[:2] == [yaml_fast.WARM_UP, yaml_fast.WARM_UP]  # read fast, then needed
    assert len(taken) == len(paths) and sum(taken) == yaml_fast.WARM_UP
    last = max(index for index, fast in enumerate(taken) if fast)
    assert last < 300 and not any(taken[last + 1:])  # none read fast after the switch


def test_a_parallel_run_over_such_a_catalog_switches_to_the_exact_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_fast, "AVAILABLE", True)
    paths = _catalog(tmp_path, 900, unresolved=True)
    seen: list[list[int]] = []
    stop = yaml_fast.stop
    monkeypatch.setattr(yaml_fast, "stop", lambda: (seen.append(list(yaml_fast._counts)), stop()))
    state = Run(WorktreeSnapshot(tmp_path), Config(root=tmp_path), RunOptions())
    parallel.read_all(state, paths, 2)
    read_fast_files, needed = sum(seen[0][0::2]), sum(seen[0][1::2])
    # how many more than the warm-up depends on when the main process hears of the
    # worker's files: never all of them
    assert yaml_fast.WARM_UP <= read_fast_files < len(paths)
    assert needed <= read_fast_files
