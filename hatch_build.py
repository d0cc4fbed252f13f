"""Build hook: compile catalog-lint's optional C reader (catalog_lint/_libyaml_positions.c).

The reader needs a C compiler, Python's headers and libyaml's (Debian: ``libyaml-dev``;
Homebrew: ``libyaml``). Where one is missing, or ``CATALOG_LINT_NO_NATIVE=1`` is set, the
build says so and goes on without it: the package then reads every file with its Python
reader, with the same results, more slowly (docs/performance.md). Compiler and linker
options may be added with ``CFLAGS`` and ``LDFLAGS``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("catalog_lint") / "_libyaml_positions.c"
MODULE = "_libyaml_positions"


def compile_reader(source: Path, folder: Path) -> Path | None:
    """The compiled module in ``folder``, or ``None`` (with the reason on stderr)."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    target = folder / f"{MODULE}{suffix}"
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    linker = shlex.split(sysconfig.get_config_var("LDSHARED") or "cc -shared")
    shared = shlex.split(sysconfig.get_config_var("CCSHARED") or "-fPIC")
    include = sysconfig.get_paths()["include"]
    cflags = shlex.split(os.environ.get("CFLAGS", ""))
    ldflags = shlex.split(os.environ.get("LDFLAGS", ""))
    with tempfile.TemporaryDirectory() as scratch:
        objects = str(Path(scratch) / f"{MODULE}.o")
        steps = [
            [*compiler, *shared, "-O2", "-Wall", "-I", include, *cflags, "-c", str(source), "-o", objects],
            [*linker, objects, *ldflags, "-lyaml", "-o", str(target)],
        ]
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True, check=False)
            except OSError as exc:
                print(f"catalog-lint: C reader not built ({exc}); the Python reader will be used",
                      file=sys.stderr)
                return None
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
                print(f"catalog-lint: C reader not built ({reason}); the Python reader will be used",
                      file=sys.stderr)
                return None
    return target


class NativeReaderHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("CATALOG_LINT_NO_NATIVE") == "1":
            return
        root = Path(self.root)
        if version == "editable":  # next to the sources, which the editable install imports
            built = compile_reader(root / SOURCE, root / "catalog_lint")
            if built is not None:
                build_data["pure_python"] = False
                build_data["infer_tag"] = True
            return
        self._scratch = tempfile.mkdtemp(prefix="catalog-lint-native-")
        built = compile_reader(root / SOURCE, Path(self._scratch))
        if built is None:
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"catalog_lint/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:  # the module is in the wheel now
            shutil.rmtree(scratch, ignore_errors=True)
