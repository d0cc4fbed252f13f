"""Benchmark: the YAML reader (``parse_stream``) against another revision's, interleaved.

The reader is the hot path of every run. This measures it alone on the generated catalog
of ``bench_validate.py`` (a Component per file, every other one with an API too, and a
platform file of groups, systems and resources), against the reader of another git
revision: each revision runs in its own process, the two alternate, and each process
reports its best of a few passes, so that the machine's drift hits both alike. Times are
CPU time (``time.process_time``): on a shared machine wall time mostly measures the
other processes.

Usage::

    python benchmarks/bench_reader.py                    # against HEAD
    python benchmarks/bench_reader.py --against 71fd72e --rounds 9 --files 2000
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_validate import api, component, platform

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import sys, time, gc, pathlib
from catalog_lint.yaml_reader import parse_stream
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).iterdir())]
gc.disable()
best = float("inf")
for _ in range(int(sys.argv[2])):
    started = time.process_time()
    for text in texts:
        parse_stream(text)
    best = min(best, time.process_time() - started)
print(best)
"""


def corpus(folder: Path, files: int) -> None:
    rng = random.Random(7)
    for index in range(files):
        text = component(rng, index) + ("---\n" + api(index) if index % 2 else "")
        (folder / f"{index:05}.yaml").write_text(text, encoding="utf-8")
    (folder / "platform.yaml").write_text(platform(files), encoding="utf-8")


def checkout(revision: str, folder: Path) -> None:
    archive = subprocess.run(["git", "archive", revision, "catalog_lint"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def measure(source: Path, texts: Path, passes: int) -> float:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(texts), str(passes)],
                          env={"PYTHONPATH": str(source), "PATH": ""}, check=True,
                          capture_output=True, text=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="HEAD", help="the other revision (default HEAD)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7, help="alternations of the two")
    parser.add_argument("--passes", type=int, default=3, help="passes per process (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        texts, other = Path(scratch) / "texts", Path(scratch) / "other"
        texts.mkdir()
        other.mkdir()
        corpus(texts, args.files)
        checkout(args.against, other)
        times: dict[str, list[float]] = {"this tree": [], args.against: []}
        for round_ in range(args.rounds):
            order = [("this tree", ROOT), (args.against, other)]
            for name, source in order if round_ % 2 == 0 else reversed(order):
                times[name].append(measure(source, texts, args.passes))
    documents = args.files + args.files // 2 + 1
    for name, values in times.items():
        print(f"{name}: best {min(values):.3f} s, median {statistics.median(values):.3f} s CPU "
              f"for {documents:,} documents ({min(values) / documents * 1e6:.0f} µs each at best)")
    ratio_best = min(times["this tree"]) / min(times[args.against])
    ratio_median = statistics.median(times["this tree"]) / statistics.median(times[args.against])
    print(f"this tree / {args.against}: best {ratio_best:.3f}, median {ratio_median:.3f}")


if __name__ == "__main__":
    main()
