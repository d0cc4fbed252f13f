"""How long discovery takes on a large tree: 100,000 files in 100 folders, one entity file.

    python benchmarks/bench_discovery.py [--files N]

Prints the wall time of ``catalog-lint validate`` on the tree (outside git, so the folder
walk is what is measured) next to ``python -c "import click, yaml"`` as the floor. The
target (docs/performance.md): under 2 s for 100,000 files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTITY = ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n"
          "spec:\n  type: service\n  lifecycle: production\n  owner: team\n")


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        per_folder = max(1, args.files // 100)
        for folder in range(100):
            target = root / f"d{folder:03}"
            target.mkdir()
            for index in range(per_folder):
                (target / f"f{index}.txt").touch()
        (root / "d050" / "catalog-info.yaml").write_text(ENTITY, encoding="utf-8")
        runs, floors = [], []
        for _ in range(args.rounds):  # interleaved, best of each
            floors.append(timed([sys.executable, "-c", "import click, yaml"], root))
            runs.append(timed([sys.executable, "-m", "catalog_lint", "validate"], root))
        best = min(runs)
        print(f"{per_folder * 100:,} files: validate {best:.2f} s (best of {args.rounds}); "
              f"floor {min(floors):.2f} s; target < 2 s: {'met' if best < 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
