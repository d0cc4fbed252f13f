"""``benchmarks/mutation_check.py``: the parts that decide what mutmut is asked to do.

Running mutmut takes minutes and is not a test; these check that the script names the
right module and tests, writes a configuration mutmut can read, and never empties a
folder it did not make.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import mutation_check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@pytest.mark.parametrize("module", ["catalog_lint/refs.py", "catalog_lint.refs",
                                    str(mutation_check.ROOT / "catalog_lint" / "refs.py")])
def test_a_module_is_named_by_path_or_dotted_name(module: str) -> None:
    assert mutation_check.module_path(module) == Path("catalog_lint/refs.py")


@pytest.mark.parametrize("module", ["catalog_lint/nosuch.py", "tests/conftest.py", "refs"])
def test_anything_but_a_module_of_the_package_is_refused(module: str) -> None:
    with pytest.raises(SystemExit, match="not a module of catalog_lint/"):
        mutation_check.module_path(module)


def test_the_configuration_mutates_one_module_against_the_chosen_tests() -> None:
    section = mutation_check.mutmut_section(Path("catalog_lint/gate/compare.py"),
                                            ["tests/gate", "tests/reporters"])
    config = tomllib.loads(section)["tool"]["mutmut"]
    assert config["only_mutate"] == ["catalog_lint/gate/compare.py"]
    assert config["source_paths"] == ["catalog_lint"]
    assert config["pytest_add_cli_args_test_selection"] == ["tests/gate", "tests/reporters"]
    assert config["process_isolation"] == "forkserver"
    assert {"tests", "blueprints", "benchmarks"} <= set(config["also_copy"])


def test_the_work_folder_is_a_configured_copy_outside_the_repository(tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    mutation_check.prepare(workdir, Path("catalog_lint/refs.py"), ["tests/core"])
    text = (workdir / "pyproject.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["tool"]["mutmut"]["only_mutate"] == ["catalog_lint/refs.py"]
    assert (workdir / "catalog_lint" / "refs.py").read_bytes() == (
        mutation_check.ROOT / "catalog_lint" / "refs.py").read_bytes()
    assert (workdir / "tests" / "conftest.py").is_file()
    (workdir / "mutants").mkdir()
    mutation_check.prepare(workdir, Path("catalog_lint/refs.py"), ["tests/core"])
    assert not (workdir / "mutants").exists()  # each run starts afresh


def test_a_mutmut_table_of_the_project_gives_way_to_the_runs(tmp_path: Path) -> None:
    text = ('[project]\nname = "x"\n\n[tool.mutmut]\nsource_paths = ["src"]\n'
            'debug = true\n\n[tool.ruff]\nline-length = 120\n')
    stripped = mutation_check._MUTMUT_TABLE.sub("", text)
    assert stripped == '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 120\n'
    config = tomllib.loads(stripped + mutation_check.mutmut_section(Path("catalog_lint/refs.py"), ["tests"]))
    assert config["tool"]["mutmut"]["source_paths"] == ["catalog_lint"]
    assert "debug" not in config["tool"]["mutmut"]


def test_a_folder_the_script_did_not_make_is_never_emptied(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a work folder of this script"):
        mutation_check.prepare(tmp_path, Path("catalog_lint/refs.py"), ["tests"])
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    with pytest.raises(SystemExit, match="outside the repository"):
        mutation_check.prepare(mutation_check.ROOT / "build" / "m", Path("catalog_lint/refs.py"),
                               ["tests"])
