"""Microsoft's SARIF Multitool (``@microsoft/sarif-multitool-linux`` on npm), run with
GitHub's ingestion rules (``--rule-kind "Gh;Sarif"``): the rules whose errors make GitHub
code scanning reject an upload (GH1015: a result without ``locations``...).

The binary is ``$SARIF_MULTITOOL``, or the copy that ``.ci/run`` installs into the
git-ignored folder ``.ci/node`` of the repository::

    npm install --no-audit --no-fund --ignore-scripts --prefix .ci/node \\
        @microsoft/sarif-multitool-linux@5.7.0

Tests never install it (no network at test time): without it they are skipped, and say
how to install it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

#: The version ``.ci/run`` installs.
MULTITOOL_VERSION = "5.7.0"
INSTALLED = (Path(__file__).resolve().parents[2] / ".ci" / "node" / "node_modules"
             / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool")

#: SARIF2006 ("URIs should be reachable") fetches every URI of a log over HTTP: the tests
#: need no network, so it is switched off (and the Multitool says so in a notification,
#: WRN999, which is ignored below).
POLICY = """\
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
"""
_DISABLED_NOTICE = "WRN999.RuleExplicitlyDisabled"


@pytest.fixture(scope="session")
def multitool() -> Path:
    """The SARIF Multitool binary, or the test is skipped with how to install it."""
    given = os.environ.get("SARIF_MULTITOOL")
    binary = Path(given) if given else INSTALLED
    if not binary.is_file():
        pytest.skip(f"the SARIF Multitool is not installed ({binary}): run .ci/run, or "
                    "npm install --prefix .ci/node "
                    f"@microsoft/sarif-multitool-linux@{MULTITOOL_VERSION}, or set "
                    "SARIF_MULTITOOL to its Sarif.Multitool binary")
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)  # npm's --ignore-scripts skips the package's chmod
    return binary


def multitool_validate(multitool: Path, logs: dict[str, dict[str, Any]], folder: Path
                       ) -> dict[str, list[tuple[str, str]]]:
    """``(level, rule)`` of every error or warning the Multitool reports, per log.

    The tool spends about a second on each file it reads, so every log's runs go into one
    file, and what it reports for ``runs[N]`` is given back to the log that run came from;
    what concerns the file as a whole (``$schema``, ``version``) to every log."""
    names: list[str] = []
    combined: dict[str, Any] = {}
    for name, document in logs.items():
        combined = combined or {key: value for key, value in document.items() if key != "runs"}
        combined.setdefault("runs", [])
        for run in document["runs"]:
            combined["runs"].append(run)
            names.append(name)
    log, out, policy = folder / "all.sarif", folder / "validation.sarif.out", folder / "policy.xml"
    log.write_text(json.dumps(combined), encoding="utf-8")
    policy.write_text(POLICY, encoding="utf-8")
    result = subprocess.run(
        [str(multitool), "validate", str(log), "-o", str(out), "--log", "ForceOverwrite",
         "--level", "Error;Warning", "--rule-kind", "Gh;Sarif", "-c", str(policy)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    validation = json.loads(out.read_text(encoding="utf-8-sig"))
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in logs}
    tool: list[tuple[str, str]] = []
    for run in validation["runs"]:
        for item in run.get("results", []):
            reported = (item.get("level", "warning"), item["ruleId"])
            message = item["message"]  # the JSON path is its text's or first argument's start
            path = message.get("text") or next(iter(message.get("arguments") or []), "")
            where = re.match(r"runs\[(\d+)\]", str(path))
            for name in [names[int(where.group(1))]] if where else list(logs):
                found[name].append(reported)
        for invocation in run.get("invocations", []):
            for kind in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for notice in invocation.get(kind, []):
                    rule = (notice.get("descriptor") or {}).get("id", "notification")
                    if rule != _DISABLED_NOTICE and notice.get("level") in (None, "error",
                                                                             "warning"):
                        tool.append((notice.get("level") or "warning", rule))
    assert tool == [], tool
    return found
