"""Bad input never crashes: each case gives a clear finding with file and line, or exit 2."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli, write

GOOD = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: cart-team
spec:
  type: team
  children: []
"""


def findings(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    outcome = run_cli(["validate", "--format", "json", *args], tmp_path)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return outcome.json()["findings"]  # type: ignore[no-any-return]


def rules_at(found: list[dict[str, object]]) -> list[tuple[object, object, object, object]]:
    return [(f["rule"], f["file"], f["line"], f["column"]) for f in found]


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "metadata:\n  name: cart\n description: x\n"})
    [finding] = findings(tmp_path)
    assert (finding["rule"], finding["file"], finding["line"]) == (
        "yaml-syntax", "catalog-info.yaml", 3)
    assert finding["severity"] == "error"


def test_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": b"metadata:\n  description: f\xfcr alle\n"})
    [finding] = findings(tmp_path)
    assert rules_at([finding]) == [("file-encoding", "catalog-info.yaml", 2, 17)]
    assert "0xfc" in str(finding["message"])


def test_utf16_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": GOOD.encode("utf-16")})
    [finding] = findings(tmp_path)
    assert finding["rule"] == "file-encoding" and "UTF-16" in str(finding["message"])


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    report = outcome.json()
    assert [f["rule"] for f in report["findings"]] == []
    assert report["summary"]["entities"] == 1


def test_binary_file(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": bytes(range(256)) * 4})
    [finding] = findings(tmp_path)
    assert finding["rule"] == "file-encoding" and "binary" in str(finding["message"])


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n# nothing\n"])
def test_empty_files_are_reported_not_skipped(tmp_path: Path, content: str) -> None:
    write(tmp_path, {"catalog-info.yaml": content})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.exit_code == 0  # a warning does not fail the default threshold
    report = outcome.json()
    assert [f["rule"] for f in report["findings"]] == ["empty-file"]
    assert report["files"] == [{"path": "catalog-info.yaml", "documents": 0, "entities": 0}]


def test_empty_document_in_a_stream(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": GOOD + "---\n---\n" + GOOD.replace("cart-team", "b")})
    found = findings(tmp_path)
    assert [(f["rule"], f["line"]) for f in found] == [("empty-document", 9)]


def test_duplicate_keys_are_errors_at_the_second_key(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": GOOD.replace("  name: cart-team\n",
                                                       "  name: cart-team\n  name: cart\n")})
    found = findings(tmp_path)
    assert ("duplicate-key", "catalog-info.yaml", 5, 3) in rules_at(found)


def test_duplicate_keys_in_json(tmp_path: Path) -> None:
    write(tmp_path, {"port.json": '{"identifier": "a", "identifier": "b", "blueprint": "service"}'})
    found = findings(tmp_path)
    assert "duplicate-key" in [f["rule"] for f in found]


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "identifier": "cart",\n}\n'
    write(tmp_path, {"port.json": text})
    [finding] = findings(tmp_path)
    # at the trailing comma, whether the parser gave up there (Python 3.13+) or at the brace
    with pytest.raises(json.JSONDecodeError) as parser:
        json.loads(text)
    assert (parser.value.lineno, parser.value.colno) in ((3, 1), (2, 23))
    assert rules_at([finding]) == [("json-syntax", "port.json", 2, 23)]
    assert finding["message"].startswith("a trailing comma")


def test_non_mapping_documents(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "just a string\n"})
    [finding] = findings(tmp_path)
    assert finding["rule"] == "not-an-entity"


def test_alias_bomb_through_the_cli(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    write(tmp_path, {"catalog-info.yaml": "\n".join(lines) + "\n"})
    started = time.perf_counter()
    [finding] = findings(tmp_path)
    assert time.perf_counter() - started < 2
    assert finding["rule"] == "input-limits"


def test_deep_nesting_through_the_cli(tmp_path: Path) -> None:
    write(tmp_path, {"catalog-info.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
                     "port.json": '{"a": ' + "[" * 100000 + "]" * 100000 + "}"})
    found = findings(tmp_path)
    assert sorted((f["rule"], f["file"]) for f in found) == [
        ("input-limits", "catalog-info.yaml"), ("input-limits", "port.json")]


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "catalog-info.yaml"
    with big.open("w") as handle:
        line = "# " + "x" * 1000 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    started = time.perf_counter()
    [finding] = findings(tmp_path)
    assert time.perf_counter() - started < 2
    assert finding["rule"] == "input-limits" and "max-file-size" in str(finding["message"])


def test_a_big_file_within_a_raised_limit_is_read(tmp_path: Path) -> None:
    docs = "".join(GOOD.replace("cart-team", f"team-{i}") + "---\n" for i in range(20000))
    write(tmp_path, {"catalog-info.yaml": docs,
                     ".catalog-lint.yaml": "max-file-size: 100000000\n"})
    outcome = run_cli(["validate", "--format", "json"], tmp_path)
    assert outcome.json()["summary"]["entities"] == 20000


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "catalog-info.yaml").symlink_to(tmp_path / "gone.yaml")  # dangling link
    [finding] = findings(tmp_path)
    assert finding["rule"] == "file-unreadable"
    assert finding["file"] == "catalog-info.yaml"


def test_missing_path_is_exit_2_with_one_line(tmp_path: Path) -> None:
    outcome = run_cli(["validate", "nope/catalog-info.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.strip() == "catalog-lint: error: nope/catalog-info.yaml: no such file or folder"


def test_a_folder_of_many_files_finds_the_one_entity_file(tmp_path: Path) -> None:
    """Discovery walks a large tree and reads only what matches (the time it takes at
    100,000 files is measured by benchmarks/bench_discovery.py, not asserted here)."""
    root = tmp_path / "big"
    for folder in range(20):
        target = root / f"d{folder:03}"
        target.mkdir(parents=True)
        for index in range(250):
            (target / f"f{index}.txt").touch()
    write(root, {"d010/catalog-info.yaml": GOOD})
    outcome = run_cli(["validate", "--format", "json"], root)
    assert outcome.json()["files"] == [{"path": "d010/catalog-info.yaml", "documents": 1, "entities": 1}]
