"""The wheel a user installs: the build hook (hatch_build.py) compiles the C reader into
it where libyaml's header is at hand, and builds a pure-Python wheel when told not to
(or when it cannot), which reads the same. Builds with the installed hatchling, offline
(integration stage: a compiler at work takes seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


def _wheel(folder: Path, **env: str) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(folder), str(ROOT)],
                   check=True, env={**os.environ, **env}, capture_output=True, text=True)
    (wheel,) = folder.glob("catalog_lint-*.whl")
    return wheel


@pytest.mark.skipif(not Path("/usr/include/yaml.h").exists()
                    and os.environ.get("CATALOG_LINT_REQUIRE_NATIVE") != "1",
                    reason="libyaml's header is not installed (Debian: libyaml-dev)")
def test_the_wheel_carries_the_c_reader_and_it_reads(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "dist")
    assert "-py3-none-any" not in wheel.name  # a platform wheel
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    modules = list((tmp_path / "site" / "catalog_lint").glob("_libyaml_positions*"))
    assert [m.suffix for m in modules if m.suffix != ".c"] == [".so"]
    probe = ("from catalog_lint import _libyaml_positions, yaml_native; "
             "assert yaml_native.AVAILABLE; print(_libyaml_positions.__file__); "
             "[d] = yaml_native.read_positioned('kind: A\\nspec:\\n  owner: x\\n'); "
             "print(d.data, list(d.positions[0]))")
    # run from elsewhere: ``-c`` puts the working directory (this checkout) first
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "site")}, check=True)
    loaded, read = done.stdout.splitlines()
    assert Path(loaded).parent == tmp_path / "site" / "catalog_lint"  # the wheel's, not the tree's
    assert read.startswith("{'kind': 'A', 'spec': {'owner': 'x'}} [0, 0, ")


def test_without_the_c_reader_the_wheel_is_pure_python(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "dist", CATALOG_LINT_NO_NATIVE="1")
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert not [name for name in archive.namelist() if name.endswith((".so", ".pyd"))]
