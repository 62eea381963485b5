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
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert upload["with"]["sarif_file"] == "${{ steps.audit.outputs.sarif-file }}"
    install = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    assert "$GITHUB_ACTION_PATH" in install["run"] and "HA_VERSION" in install["env"]


def test_the_tool_runs_once_per_job(action):
    scripts = [s.get("run", "") for s in action["runs"]["steps"]]
    assert sum(script.count('"$HA_BIN" audit') for script in scripts) == 1


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("id") == name or s.get("name") == name)


class _Runner:
    """Runs the action's shell steps as a GitHub runner would: inputs through env, GITHUB_OUTPUT files."""

    def __init__(self, action: dict, cwd, tmp_path):
        self.action, self.cwd, self.tmp = action, cwd, tmp_path
        self.tool = tmp_path / "harness-audit"
        self.tool.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m analyzer \"$@\"\n")
        self.tool.chmod(0o755)
        self.summary = tmp_path / "summary.md"

    def run(self, **inputs: str) -> tuple[subprocess.CompletedProcess, dict[str, str], int]:
        """The audit step, then (when it passed, as on GitHub) the gate step with its outputs; the job's status."""
        output = self.tmp / "github_output"
        output.write_text("")
        installed = {"bin": str(self.tool), "python": sys.executable}
        audit = self._step("Audit", output, inputs, {"install": installed})
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        if audit.returncode:
            return audit, outputs, audit.returncode  # a failed step skips the rest of the job
        gate = self._step("Gate on the verdict", output, inputs, {"audit": outputs})
        return audit, outputs, gate.returncode

    def _step(self, name, output, inputs, steps, github=None, path=None) -> subprocess.CompletedProcess:
        step = _step(self.action, name)
        env = {**os.environ, "RUNNER_TEMP": str(self.tmp), "GITHUB_OUTPUT": str(output),
               "GITHUB_STEP_SUMMARY": str(self.summary), **({"PATH": path} if path else {})}
        for variable, value in step["env"].items():
            given = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value)
            produced = re.fullmatch(r"\$\{\{ steps\.([a-z]+)\.outputs\.([a-z-]+) \}\}", value)
            context = re.fullmatch(r"\$\{\{ github\.([\w.]+) \}\}", value)
            if given:
                env[variable] = inputs.get(given.group(1), self.action["inputs"][given.group(1)].get("default", ""))
            elif context:
                env[variable] = (github or {})[context.group(1)]
            else:
                assert produced, value
                env[variable] = steps.get(produced.group(1), {}).get(produced.group(2), "")
        return subprocess.run(["bash", "-c", step["run"]], env=env, cwd=self.cwd, capture_output=True,
                              text=True, timeout=300)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not available")
def test_action_scripts_audit_once_write_every_output_and_gate_on_the_exit_code(action, agent_project, tmp_path):
    runner = _Runner(action, agent_project, tmp_path)
    sarif_file = tmp_path / "out.sarif"
    audit, outputs, gate = runner.run(**{"path": "opsbot", "sarif-file": str(sarif_file)})
    assert audit.returncode == 0, audit.stderr  # findings wait for the gate, after the SARIF upload
    assert gate == 1 and outputs["exit-code"] == "1"
    assert "::error file=opsbot/agent.py" in audit.stdout  # the log format, from the same run
    assert json.loads(sarif_file.read_text())["version"] == "2.1.0"
    assert outputs["sarif-file"] == str(sarif_file)
    assert "harness-audit" in runner.summary.read_text()  # the Markdown report in the job summary

    _, outputs, gate = runner.run(path="opsbot", **{"fail-on": "none", "summary": "false"})
    assert gate == 0 and outputs["exit-code"] == "0" and "sarif-file" not in outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not available")
def test_action_args_keep_their_quotes_and_nothing_is_expanded_or_run(action, agent_project, tmp_path):
    runner = _Runner(action, agent_project, tmp_path)
    legacy = agent_project / "legacy"
    legacy.mkdir()
    (legacy / "old_agent.py").write_text((agent_project / "opsbot" / "agent.py").read_text())
    audit, _, _ = runner.run(path="opsbot legacy", args="--format json --exclude 'legacy/**' --fail-on none")
    report = json.loads(audit.stdout)
    assert not any(p.startswith("legacy/") for p in report["files"]["scanned"]), report["files"]["scanned"]
    assert any(p.startswith("opsbot/") for p in report["files"]["scanned"])

    spaced = agent_project / "my agent"
    spaced.mkdir()
    (spaced / "agent.py").write_text((agent_project / "opsbot" / "agent.py").read_text())
    audit, outputs, _ = runner.run(path="'my agent'", args="--format json --fail-on none")
    assert audit.returncode == 0, audit.stderr
    assert json.loads(audit.stdout)["files"]["scanned"] == ["agent.py"]

    audit, outputs, gate = runner.run(path="opsbot; touch pwned", args="$(touch pwned2) `touch pwned3` *")
    assert gate == 2 and outputs["exit-code"] == "2"
    assert not any((agent_project / name).exists() for name in ("pwned", "pwned2", "pwned3"))
    audit, _, gate = runner.run(path="opsbot", args="--exclude 'unclosed")
    assert gate == 2 and "not valid shell words" in audit.stdout
    _, _, gate = runner.run(path="opsbot", **{"fail-on": "severe"})
    assert gate == 2


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="bash and git are needed")
def test_the_pull_request_comment_step_posts_the_harness_diff(action, agent_project, tmp_path):
    comment = _step(action, "Comment the harness diff on the pull request")
    assert comment["if"] == "inputs.pr-comment == 'true' && github.event_name == 'pull_request'"
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"],
                    ["remote", "add", "origin", str(agent_project)], ["checkout", "-q", "-b", "pr"]):
        subprocess.run([*git, *command], cwd=agent_project, check=True, capture_output=True)
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text("# Copyright 2026 Example Ops Ltd.\n" + agent.read_text())  # lines move; the harness does not
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    calls, posted, existing = tmp_path / "gh-calls", tmp_path / "posted.md", tmp_path / "existing-id"
    gh = fake_bin / "gh"  # the GitHub API as `gh api` sees it: list comments, then POST or PATCH one
    gh.write_text(f"""#!/bin/sh
echo "$@" >> {calls}
case "$*" in
  *--paginate*) cat {existing} 2>/dev/null ;;
  *--method*) for arg in "$@"; do case "$arg" in body=@*) cp "${{arg#body=@}}" {posted} ;; esac; done ;;
esac
""")
    gh.chmod(0o755)
    runner = _Runner(action, agent_project, tmp_path)
    github = {"base_ref": "main", "event.pull_request.number": "7", "token": "t0ken", "repository": "acme/ops"}

    def comment(**inputs):
        return runner._step("Comment the harness diff on the pull request", tmp_path / "out", inputs,
                            {"install": {"bin": str(runner.tool), "python": sys.executable}}, github=github,
                            path=f"{fake_bin}:{os.environ['PATH']}")

    result = comment(path="opsbot")
    assert result.returncode == 0, result.stdout + result.stderr
    asked = calls.read_text().splitlines()
    assert asked[-1].startswith("api --method POST repos/acme/ops/issues/7/comments")
    text = posted.read_text()
    assert text.startswith("## harness-audit: harness diff `origin/main") and "did not change" in text
    assert "✅ no regression at or above high" in text and text.endswith("<!-- harness-audit diff: harness-audit -->\n")

    existing.write_text("4242\n")  # a later push: our marked comment exists, so it is edited in place
    assert comment(path="opsbot").returncode == 0
    assert calls.read_text().splitlines()[-1].startswith("api --method PATCH repos/acme/ops/issues/comments/4242")

    gh.write_text("#!/bin/sh\nexit 1\n")  # a fork's read-only token: a warning, never a failed job
    failed = comment(path="opsbot")
    assert failed.returncode == 0 and "could not comment on the pull request" in failed.stdout


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "harness-audit" and hook["name"]
    assert hook["language"] == "python" and hook["entry"].split()[:2] == ["harness-audit", "audit"]
    assert hook["pass_filenames"] is False and not hook.get("always_run", False)
    for touched in ("agent.py", "CLAUDE.md", ".claude/settings.json", ".codex/config.toml", "langgraph.json",
                    ".mcp.json", "crew/config/agents.yaml", ".claude/hooks/guard.sh", ".claude/hooks/check.mjs"):
        assert re.search(hook["files"], touched), touched
    for untouched in ("logo.png", "notes.txt", "Dockerfile"):
        assert not re.search(hook["files"], untouched), untouched
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'harness-audit = "analyzer.cli:main"' in pyproject  # the entry is the package's console script
