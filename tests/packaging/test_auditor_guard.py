"""The plugin's PreToolUse hook keeps the harness-auditor subagent to reading and running the CLI.

The command rules are checked on the script's function; the decisions are checked as Claude
Code runs the hook: a separate process, the event as JSON on stdin, a JSON decision (or
nothing) on stdout.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = Path(__file__).resolve().parents[2] / "claude" / "hooks" / "auditor_guard.py"
_spec = importlib.util.spec_from_file_location("auditor_guard", GUARD)
guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(guard)


def decide(command: str, agent_type: str | None = "harness-audit:harness-auditor", tool: str = "Bash") -> str:
    event = {"session_id": "s", "hook_event_name": "PreToolUse", "tool_name": tool,
             "tool_input": {"command": command}, "tool_use_id": "t"}
    if agent_type is not None:
        event["agent_type"] = agent_type
    result = subprocess.run([sys.executable, str(GUARD)], input=json.dumps(event), capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    if not result.stdout.strip():
        return "allow"
    output = json.loads(result.stdout)["hookSpecificOutput"]
    assert output["hookEventName"] == "PreToolUse" and output["permissionDecisionReason"]
    return output["permissionDecision"]


@pytest.mark.parametrize("command", [
    "harness-audit audit . --format json --fail-on none",
    "harness-audit audit src/agent --format json --exclude 'vendor/**'",
    "harness-audit audit . --format=json --baseline .harness-audit-baseline.json --select P2,HA103",
    "harness-audit explain P5",
    "harness-audit rubric",
    'harness-audit design "a support bot that issues refunds" --format json',
    "harness-audit --version",
    "harness-audit ./service --format json",
    "uvx --from harness-audit harness-audit audit . --format json",
    "pipx run --spec harness-audit harness-audit explain HA101",
    "uvx --from harness-audit==0.1.0 harness-audit rubric",
])
def test_the_auditor_may_run_read_only_cli_commands(command: str):
    assert guard.refusal(command) == ""


@pytest.mark.parametrize("command", [
    "rm -rf /",
    "cat ~/.ssh/id_rsa",
    "pip install harness-audit",
    "harness-audit audit . -o report.json",
    "harness-audit audit . --output=report.json",
    "harness-audit audit . -oreport.json",
    "harness-audit audit . --emit-tests tests/harness",
    "harness-audit audit . --write-baseline base.json",
    "harness-audit design 'a bot' --output plan.md",
    "harness-audit scaffold out --prompt 'a bot'",
    "harness-audit skill install --target claude",
    "harness-audit audit . > report.json",
    "harness-audit audit . && rm -rf build",
    "harness-audit audit . | tee report.json",
    "harness-audit audit $(rm -rf ~)",
    "uvx --from evil-package harness-audit audit .",
    "uvx --from harness-audit-evil harness-audit audit .",
    "uvx --from harness-audit python -c 'import os'",
])
def test_the_auditor_may_not_run_anything_else(command: str):
    assert guard.refusal(command)


def test_the_hook_process_allows_and_denies_the_auditor():
    assert decide("harness-audit audit . --format json --fail-on none") == "allow"
    assert decide("harness-audit audit . -o report.json") == "deny"


def test_other_agents_and_the_main_session_pass_through():
    assert decide("rm -rf build", agent_type=None) == "allow"
    assert decide("rm -rf build", agent_type="Explore") == "allow"
    assert decide("rm -rf build", agent_type="other-plugin:reviewer") == "allow"
    assert decide("rm -rf build", agent_type="harness-auditor") == "deny"  # a user-level copy of the agent
    assert decide("anything", tool="Read") == "allow"
