"""Reports come from many repositories' CI: a broken, huge or hostile one is skipped with
a warning that names it (or stops the run with --strict), never a traceback."""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli
from tests.org.repos import Reports


def good(reports: Reports, folder: Path) -> dict[str, Any]:
    shutil.copy(reports.folder / "cart.json", folder / "cart.json")
    return reports.load("cart")


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "broken.json": (b'{"version": 1,\n  "tool": ', "invalid JSON at line 2, column 11: unexpected end of data"),
    "latin1.json": ("{\"x\": \"caf\xe9\"}".encode("latin-1"), "not UTF-8 text"),
    "nan.json": (b'{"version": 1, "tool": {"name": "catalog-lint"}, "x": NaN}',
                 "invalid JSON at line 1, column 55: unexpected character"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "nests too deep"),
    "sarif.json": (b'{"version": "2.1.0", "runs": []}', "not a catalog-lint report or catalog export"),
    "future.json": (b'{"version": 9, "tool": {"name": "catalog-lint", "version": "9.0"}}',
                    "report version 9 is newer than this catalog-lint understands (1)"),
}


def test_bad_reports_are_skipped_with_a_warning_naming_each(reports: Reports, tmp_path: Path) -> None:
    good(reports, tmp_path)
    for name, (content, _) in BAD_FILES.items():
        (tmp_path / name).write_bytes(content)
    started = time.monotonic()
    outcome = run_cli(["org", ".", "--format", "json"], tmp_path)
    assert time.monotonic() - started < 10
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == len(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        [line] = [line for line in lines if f" {name}:" in line]
        assert line.startswith(f"catalog-lint: warning: {name}: skipped: ") and reason in line
    data = outcome.json()
    assert data["summary"]["skipped"] == len(BAD_FILES)
    assert {s["file"] for s in data["skipped"]} == set(BAD_FILES)
    assert [r["name"] for r in data["repositories"]] == ["acme/cart"]


def test_a_report_that_breaks_its_schema_is_skipped(reports: Reports, tmp_path: Path) -> None:
    data = copy.deepcopy(good(reports, tmp_path))
    data["entities"][0]["line"] = "one"
    (tmp_path / "wrong.json").write_text(json.dumps(data), encoding="utf-8")
    outcome = run_cli(["org", "."], tmp_path)
    assert outcome.exit_code == 0
    assert "wrong.json: skipped: not a valid report at entities[0].line: " in outcome.stderr


def test_strict_stops_at_the_first_bad_file(reports: Reports, tmp_path: Path) -> None:
    good(reports, tmp_path)
    (tmp_path / "broken.json").write_bytes(b"{")
    outcome = run_cli(["org", ".", "--strict"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr == "catalog-lint: error: broken.json: invalid JSON at line 1, column 2: " \
                             "unexpected end of data\n"
    assert outcome.stdout == ""


def test_size_cap(reports: Reports, tmp_path: Path) -> None:
    good(reports, tmp_path)
    outcome = run_cli(["org", ".", "--max-report-bytes", "1000"], tmp_path)
    assert outcome.exit_code == 2
    size = (tmp_path / "cart.json").stat().st_size
    assert f"cart.json: skipped: report is {size:,} bytes, more than the limit of 1,000 " \
           "(--max-report-bytes)" in outcome.stderr
    assert outcome.stderr.splitlines()[-1] == "catalog-lint: error: no catalog-lint report or " \
                                              "export was read from ."


def test_links_out_of_the_folder_and_pipes_are_not_read(reports: Reports, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    good(reports, folder)
    (tmp_path / "secret.json").write_text('{"token": "x"}', encoding="utf-8")
    (folder / "link.json").symlink_to(tmp_path / "secret.json")
    os.mkfifo(folder / "pipe.json")
    outcome = run_cli(["org", "reports"], tmp_path)
    assert outcome.exit_code == 0
    assert "reports/link.json: skipped: a symbolic link that leads outside" in outcome.stderr
    assert "reports/pipe.json: skipped: cannot read: not a regular file but a named pipe (FIFO)" \
        in outcome.stderr or "reports/pipe.json: skipped: not a regular file but a named pipe" \
        in outcome.stderr


def test_paths_that_do_not_exist_and_empty_folders(tmp_path: Path) -> None:
    outcome = run_cli(["org", "missing"], tmp_path)
    assert (outcome.exit_code, outcome.stderr) == (2, "catalog-lint: error: missing: no such file or folder\n")
    (tmp_path / "empty").mkdir()
    outcome = run_cli(["org", "empty"], tmp_path)
    assert outcome.exit_code == 2
    assert "no catalog-lint report or export was read from empty" in outcome.stderr
    outcome = run_cli(["org"], tmp_path)
    assert outcome.exit_code == 2 and "missing argument" in outcome.stderr.lower()


def hostile_report(reports: Reports) -> dict[str, Any]:
    data = copy.deepcopy(reports.load("cart"))
    data["repository"]["name"] = "acme/\x1b]8;;https://evil.example\x07cart\u202e"
    data["repository"]["files_url"] = 'https://evil.example/"><script>alert(1)</script>/'
    entity = data["entities"][0]
    entity["title"] = "<img src=x onerror=alert(1)>" + "A" * 10_000
    entity["file"] = "../\x1b[2J</script><script>alert(1)</script>"
    return data


def test_hostile_text_is_escaped_in_text_and_markdown(reports: Reports, tmp_path: Path) -> None:
    (tmp_path / "evil.json").write_text(json.dumps(hostile_report(reports)), encoding="utf-8")
    outcome = run_cli(["org", ".", "--fail-on", "never"], tmp_path)
    assert outcome.exit_code == 0
    assert "\x1b" not in outcome.stdout and "\u202e" not in outcome.stdout
    assert "acme/\\x1b]8;;https://evil.example\\x07cart\\u202e" in outcome.stdout
    data = run_cli(["org", ".", "--format", "json", "--fail-on", "never"], tmp_path).json()
    entity = next(e for e in data["entities"] if e["title"].startswith("<img"))
    assert len(entity["title"]) == 2000  # cut to MAX_TEXT
    assert entity["url"] is None  # not a file inside the repository
    markdown = run_cli(["org", ".", "--format", "markdown", "--fail-on", "never"], tmp_path).stdout
    assert "<img" not in markdown and "javascript:" not in markdown


@pytest.mark.parametrize("name", ["report.json", "catalog-lint-report.json"])
def test_a_generic_file_name_takes_its_folder_name(reports: Reports, tmp_path: Path, name: str) -> None:
    data = reports.load("cart")
    del data["repository"]
    folder = tmp_path / "artifacts" / "catalog-lint-cart"
    folder.mkdir(parents=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")
    document = run_cli(["org", "artifacts", "--format", "json"], tmp_path).json()
    [repository] = document["repositories"]
    assert repository["name"] == "catalog-lint-cart"
    assert "no repository section" in repository["notes"][0]


def test_a_link_that_is_not_http_is_refused(reports: Reports, tmp_path: Path) -> None:
    data = reports.load("cart")
    data["repository"]["files_url"] = "javascript:alert(1)//"
    (tmp_path / "evil.json").write_text(json.dumps(data), encoding="utf-8")
    outcome = run_cli(["org", "."], tmp_path)
    assert outcome.exit_code == 2
    assert "evil.json: skipped: not a valid report at repository.files_url: " in outcome.stderr
