"""The GitHub Action (``action.yml``): valid against GitHub's action metadata schema, and
its steps run here as a runner would run them: the same scripts, with the Actions
environment variables, an event payload, ``$GITHUB_OUTPUT`` and ``$GITHUB_STEP_SUMMARY``,
against a temporary repository with a base and a head commit, and the fake GitHub API
for the pull-request comment. Only ``actions/setup-python`` cannot run here: it is
stood in for by this interpreter (its ``python-path`` output).

The install step finds catalog-lint already installed (see :func:`provision`), except in
the one test that installs it for real from the package index, in the ``integration``
stage."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.github_server import GitHubAPI
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
REPO = "acme/shop"
PR = 17

GOOD = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  labels:
    legacy: "no"
spec:
  type: service
  lifecycle: production
  owner: team-cart
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-cart
spec:
  type: team
  children: []
"""
BAD = GOOD.replace('legacy: "no"', "legacy: no")


def check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                     "check-jsonschema")
    if not Path(found).exists():
        pytest.fail("check-jsonschema is not installed (it is a test dependency)")
    return found


def test_action_metadata_is_valid() -> None:
    result = subprocess.run([check_jsonschema(), "--builtin-schema", "vendor.github-actions",
                             str(ACTION)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_action(tmp_path: Path) -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    action["runs"]["using"] = "docker-compose"
    broken = tmp_path / "action.yml"
    broken.write_text(yaml.safe_dump(action), encoding="utf-8")
    result = subprocess.run([check_jsonschema(), "--builtin-schema", "vendor.github-actions",
                             str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode == 1


def test_scripts_take_values_from_the_environment_only() -> None:
    """No ${{ }} expression inside a run: script (the script-injection hazard)."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
    assert set(action["inputs"]) >= {"paths", "config", "fail-on", "comment", "sarif-file",
                                     "python-version"}
    assert set(action["outputs"]) == {"regressions", "errors", "level", "report"}


# -- running the steps --------------------------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Runner:
    """Just enough of the Actions runner for this action: expressions over the
    ``inputs``, ``github``, ``runner`` and ``steps`` contexts (``||``, ``==``, ``!=``,
    string literals), step ``if:``, ``env:`` and ``run:``, outputs and exit codes."""

    temp: Path
    github: dict[str, Any]
    env: dict[str, str]
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)

    def value(self, expression: str, inputs: dict[str, str]) -> Any:
        expression = expression.strip()
        if "||" in expression:
            for part in expression.split("||"):
                result = self.value(part, inputs)
                if result:
                    return result
            return result
        for operator in ("!=", "=="):
            if operator in expression:
                left, right = (self.value(p, inputs) for p in expression.split(operator))
                return (left != right) if operator == "!=" else (left == right)
        if expression.startswith("'") and expression.endswith("'"):
            return expression[1:-1]
        head, _, rest = expression.partition(".")
        contexts = {"inputs": inputs, "github": self.github, "runner": {"temp": str(self.temp)},
                    "steps": self.steps}
        node: Any = contexts[head]
        for part in rest.split(".") if rest else []:
            node = node.get(part, "") if isinstance(node, dict) else ""
        return node

    def render(self, text: str, inputs: dict[str, str]) -> str:
        return _EXPRESSION.sub(lambda m: str(self.value(m.group(1), inputs)), text)

    def run(self, action: dict[str, Any], with_: dict[str, str], cwd: Path
            ) -> tuple[int, str, str]:
        """Run every step; returns the exit code of the step that stopped, and the
        output of the gate step."""
        inputs = {name: self.render(str(spec.get("default", "")), {})
                  for name, spec in action["inputs"].items()}
        inputs.update(with_)
        self.steps = {}
        stdout = stderr = ""
        for step in action["runs"]["steps"]:
            condition = step.get("if")
            if condition is not None and not self.value(condition, inputs):
                continue
            if "uses" in step:
                assert step["uses"].startswith("actions/setup-python@")
                assert step["with"]["update-environment"] is False
                # The one step that cannot run here: this interpreter stands in for it.
                self.steps[step["id"]] = {"outputs": {"python-path": sys.executable}}
                continue
            output_file = self.temp / f"output-{len(self.steps)}"
            output_file.write_text("")
            env = {**self.env, "GITHUB_OUTPUT": str(output_file),
                   **{k: self.render(str(v), inputs) for k, v in step.get("env", {}).items()}}
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600,
            )
            outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines()
                           if "=" in line)
            if "id" in step:
                self.steps[step["id"]] = {"outputs": outputs}
            stdout, stderr = result.stdout, result.stderr
            if result.returncode != 0:
                return result.returncode, stdout, stderr
        return 0, stdout, stderr


def provision(venv: Path) -> None:
    """What the action's install step leaves in ``RUNNER_TEMP``, made from this interpreter
    (where the README's install step put catalog-lint): the step then finds catalog-lint
    installed and installs nothing, so these tests need no package index. The install
    itself is tested in the integration stage (test_install_step_...)."""
    bin_dir = venv / "bin"
    bin_dir.mkdir(parents=True)
    python = shlex.quote(sys.executable)
    for name, command in (("python", python), ("catalog-lint", f"{python} -m catalog_lint")):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
    (venv / "installed-from").write_text(str(ROOT), encoding="utf-8")


def make_workflow(runner_temp: Path, tmp_path: Path, github_api: GitHubAPI
                  ) -> tuple[Runner, GitRepo, str]:
    github_api.add_repository(REPO)
    repo = GitRepo.init(tmp_path / "workspace")
    base = repo.commit("base", {"catalog-info.yaml": GOOD})
    repo.branch("feature")
    repo.checkout("feature")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({
        "action": "opened", "number": PR,
        "pull_request": {"number": PR, "base": {"sha": base, "ref": "main"},
                         "head": {"sha": "0" * 40, "ref": "feature"}},
    }))
    summary = tmp_path / "step-summary.md"
    summary.write_text("")
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "CI": "true",
        "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": REPO, "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event), "GITHUB_API_URL": github_api.url,
        "GITHUB_SERVER_URL": "https://github.com", "GITHUB_WORKSPACE": str(repo.path),
        "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTION_PATH": str(ROOT),
        "RUNNER_TEMP": str(runner_temp),
        **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "SSL_", "REQUESTS_"))},
    }
    github = {"action_path": str(ROOT), "token": github_api.token,
              "event": json.loads(event.read_text()), "workspace": str(repo.path)}
    return Runner(runner_temp, github, env), repo, base


@pytest.fixture
def workflow(tmp_path: Path, github_api: GitHubAPI) -> tuple[Runner, GitRepo, str]:
    runner_temp = tmp_path / "runner-temp"
    provision(runner_temp / "catalog-lint-venv")
    return make_workflow(runner_temp, tmp_path, github_api)


def read_summary(runner: Runner) -> str:
    return Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


def test_action_gates_a_pull_request(workflow: tuple[Runner, GitRepo, str],
                                     github_api: GitHubAPI, tmp_path: Path) -> None:
    runner, repo, _ = workflow
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    repo.commit("make it worse", {"catalog-info.yaml": BAD})
    sarif = tmp_path / "results.sarif"

    code, stdout, stderr = runner.run(action, {"sarif-file": str(sarif)}, repo.path)

    assert code == 1, stdout + stderr
    assert stdout.startswith("::warning file=catalog-info.yaml,line=6,col=13,"), stdout
    assert runner.steps["gate"]["outputs"]["regressions"] == "1"
    assert runner.steps["gate"]["outputs"]["errors"] == "0"
    assert "level" in runner.steps["gate"]["outputs"]
    # the report, for an artifact that catalog-lint org reads
    report = json.loads(Path(runner.steps["gate"]["outputs"]["report"]).read_text(encoding="utf-8"))
    assert report["repository"]["commit"] == repo.git("rev-parse", "HEAD")
    assert report["entities"][0]["relations"]["owner"]
    assert read_summary(runner).startswith("### ❌ catalog-lint: 1 regression")
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert {(r["ruleId"], r["baselineState"]) for r in results} >= {("yaml11-value", "new")}
    (comment,) = github_api.comments(REPO, PR)
    assert "❌ catalog-lint: 1 regression" in comment["body"]
    assert github_api.token not in stdout + stderr

    # The author fixes it and pushes again: the same comment is updated, the check passes.
    repo.commit("fix it", {"catalog-info.yaml": GOOD})
    code, stdout, stderr = runner.run(action, {"sarif-file": str(sarif)}, repo.path)

    assert code == 0, stdout + stderr
    assert runner.steps["gate"]["outputs"]["regressions"] == "0"
    (comment,) = github_api.comments(REPO, PR)
    assert "✅ catalog-lint: no regressions" in comment["body"]


def test_action_without_comment_and_with_paths(workflow: tuple[Runner, GitRepo, str],
                                               github_api: GitHubAPI) -> None:
    runner, repo, _ = workflow
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    repo.commit("new service", {"payments/catalog-info.yaml": BAD.replace("cart", "payments"),
                                "catalog-info.yaml": GOOD})

    code, stdout, _ = runner.run(action, {"comment": "off", "paths": "catalog-info.yaml"},
                                 repo.path)
    assert code == 0, stdout
    code, stdout, _ = runner.run(action, {"comment": "off", "paths": "payments\nmissing-ok"},
                                 repo.path)
    assert code == 2  # a path that is nowhere is a usage error
    code, stdout, _ = runner.run(action, {"comment": "off", "paths": " payments ",
                                          "fail-on": "never"}, repo.path)
    assert code == 0
    assert "::warning file=payments/catalog-info.yaml" in stdout
    assert github_api.comments(REPO, PR) == []


def test_action_keeps_the_verdict_when_commenting_is_refused(
        workflow: tuple[Runner, GitRepo, str], github_api: GitHubAPI) -> None:
    """A pull request from a fork gets a read-only token: the comment fails, the gate's
    verdict stands, and a warning says why."""
    runner, repo, _ = workflow
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    repo.commit("worse", {"catalog-info.yaml": BAD})
    github_api.fail("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", 403)

    code, stdout, _ = runner.run(action, {}, repo.path)

    assert code == 1
    assert "::warning title=catalog-lint comment::could not post the comment" in stdout
    assert "pull-requests: write" in stdout


def test_action_says_how_to_fetch_a_missing_base(workflow: tuple[Runner, GitRepo, str],
                                                 tmp_path: Path) -> None:
    runner, repo, _ = workflow
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    repo.commit("worse", {"catalog-info.yaml": BAD})
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature",
                    f"file://{repo.path}", str(clone)], check=True, capture_output=True)

    code, _, stderr = runner.run(action, {"comment": "off"}, clone)

    assert code == 2
    assert "fetch-depth: 0" in stderr


@pytest.mark.integration
def test_install_step_installs_catalog_lint_once(tmp_path: Path, github_api: GitHubAPI) -> None:
    """The install step for real: a fresh virtualenv in RUNNER_TEMP, catalog-lint installed
    into it from the action's folder (not this checkout's editable install), used by the
    gate step; a second use in the same job installs nothing."""
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    runner, repo, _ = make_workflow(runner_temp, tmp_path, github_api)
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    repo.commit("worse", {"catalog-info.yaml": BAD})

    code, stdout, stderr = runner.run(action, {"comment": "off"}, repo.path)

    assert code == 1, stdout + stderr
    assert runner.steps["gate"]["outputs"]["regressions"] == "1"
    venv = runner_temp / "catalog-lint-venv"
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import catalog_lint; print(catalog_lint.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where

    left_by_the_first_run = venv / "left-by-the-first-run"
    left_by_the_first_run.write_text("")
    code, stdout, stderr = runner.run(action, {"comment": "off"}, repo.path)
    assert code == 1, stdout + stderr
    assert left_by_the_first_run.exists()  # `venv --clear` did not run again
