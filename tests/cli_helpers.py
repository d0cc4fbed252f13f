"""Run the real ``catalog-lint`` command line in-process, in a chosen folder."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from catalog_lint.cli import cli


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(cli, args, env=env, catch_exceptions=False,
                               prog_name="catalog-lint")
    finally:
        os.chdir(previous)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def modules_loaded(folder: Path, args: list[str], names: tuple[str, ...],
                   env: dict[str, str] | None = None) -> list[str]:
    """Which of the modules ``names`` a run of ``catalog-lint ARGS`` in ``folder`` loads,
    sorted: the run in a fresh Python process, as a user starts it (the test process
    has imported everything already)."""
    import subprocess
    import sys

    code = ("import sys\nfrom catalog_lint.cli import cli\n"
            "try:\n    cli.main(args=sys.argv[2:], prog_name='catalog-lint')\n"
            "except SystemExit:\n    pass\n"
            "names = sys.argv[1].split(',')\n"
            "print(sorted(m for m in sys.modules if m in names))\n")
    result = subprocess.run([sys.executable, "-c", code, ",".join(names), *args], cwd=folder,
                            env=env, capture_output=True, text=True, check=True)
    return list(json.loads(result.stdout.splitlines()[-1].replace("'", '"')))
