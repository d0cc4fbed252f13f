"""Reading with several processes gives exactly the report of a serial run."""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import run_cli, write

SERVICE = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-{i}
  tags: [{tag}]
spec:
  type: service
  lifecycle: production
  owner: team-{team}
  dependsOn: [resource:db-{i}]
"""


def test_parallel_and_serial_reports_are_identical(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "platform/catalog-info.yaml": "---\n".join(
            f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {{name: team-{t}}}\n"
            "spec: {type: team, children: []}\n" for t in range(5)),
    }
    for i in range(450):
        tag = "Java" if i % 50 == 0 else "java"  # an invalid tag now and then
        text = SERVICE.format(i=i, tag=tag, team=i % 7)  # teams 5 and 6 do not exist
        if i % 97 == 0:
            text += "broken: [\n"
        files[f"svc-{i:03d}/catalog-info.yaml"] = text
    write(tmp_path, files)
    serial = run_cli(["validate", "--format", "json", "--jobs", "1"], tmp_path)
    parallel = run_cli(["validate", "--format", "json", "--jobs", "2"], tmp_path)
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.json() == parallel.json()
    rules = {f["rule"] for f in serial.json()["findings"]}
    assert {"yaml-syntax", "metadata-tags"} <= rules
    # findings of the catalog-wide stages still point at the offending line after a
    # parallel read (node trees are rebuilt from the text)
    graph = [f for f in parallel.json()["findings"] if f["rule"] == "unresolved-reference"]
    assert graph and all(f["line"] == 9 for f in graph if f["path"] == "spec.owner")
