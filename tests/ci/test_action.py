"""The composite action and the pre-commit hook: structure, safe use of inputs, and a dry run of the scripts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_action_is_a_composite_with_documented_inputs(action):
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    for name in ("path", "format", "fail-on", "sarif-file", "upload-sarif", "version", "baseline", "config"):
        assert name in inputs and inputs[name]["description"], name
        assert isinstance(inputs[name].get("default", ""), str), f"{name}: defaults must be strings"
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step["shell"] == "bash", step.get("name")


def test_inputs_reach_scripts_only_through_env(action):
    text = ACTION.read_text(encoding="utf-8")
    declared = set(action["inputs"])
    used = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", text))
    assert used <= declared, f"undeclared inputs used: {used - declared}"
    assert declared <= used, f"inputs never used: {declared - used}"
    for step in action["runs"]["steps"]:
        script = step.get("run", "")
        assert "${{" not in script, f"step {step.get('name')!r} interpolates an expression into its script"
        assert "${{ inputs." not in script


def test_sarif_upload_uses_codeql_action_with_the_written_file(action):
    upload = next(s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert upload["with"]["sarif_file"] == "${{ steps.sarif.outputs.file }}"
    install = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    assert "$GITHUB_ACTION_PATH" in install["run"] and "HA_VERSION" in install["env"]


def _script(action: dict, step_id: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not available")
def test_action_scripts_run_the_tool_and_gate_on_its_exit_code(action, agent_project, tmp_path):
    """Run the SARIF and audit steps' scripts as the runner would, with the CLI from this checkout."""
    tool = tmp_path / "harness-audit"
    tool.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m analyzer \"$@\"\n")
    tool.chmod(0o755)
    output, summary = tmp_path / "github_output", tmp_path / "summary.md"

    def run(step_id: str, **inputs: str) -> subprocess.CompletedProcess:
        step = _script(action, step_id)
        env = {**os.environ, "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output),
               "GITHUB_STEP_SUMMARY": str(summary)}
        for name, value in step["env"].items():
            match = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value)
            if match:
                env[name] = inputs.get(match.group(1), action["inputs"][match.group(1)].get("default", ""))
            else:
                env[name] = str(tool)  # steps.install.outputs.bin
        return subprocess.run(["bash", "-c", step["run"]], env=env, cwd=agent_project, capture_output=True,
                              text=True, timeout=300)

    sarif_file = tmp_path / "out.sarif"
    sarif = run("sarif", **{"path": "opsbot", "sarif-file": str(sarif_file)})
    assert sarif.returncode == 0, sarif.stderr  # findings do not stop the SARIF step
    assert json.loads(sarif_file.read_text())["version"] == "2.1.0"
    assert f"file={sarif_file}" in output.read_text()

    gate = run("audit", path="opsbot", args="--select HA101 --exclude *.md")
    assert gate.returncode == 1 and "::error file=opsbot/agent.py" in gate.stdout
    assert "exit-code=1" in output.read_text()
    passing = run("audit", path="opsbot", **{"fail-on": "none"})
    assert passing.returncode == 0, passing.stdout + passing.stderr
    broken = run("audit", path="opsbot", **{"fail-on": "severe"})
    assert broken.returncode == 2
    hostile = run("audit", path="opsbot; touch pwned", args="$(touch pwned2)")
    assert hostile.returncode == 2 and not (agent_project / "pwned").exists() and not (agent_project / "pwned2").exists()


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "harness-audit" and hook["name"]
    assert hook["language"] == "python" and hook["entry"].split()[0] == "harness-audit"
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'harness-audit = "analyzer.cli:main"' in pyproject  # the entry is the package's console script
