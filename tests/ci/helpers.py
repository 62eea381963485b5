"""Shared pieces for the CI tests: a realistic naive agent, and helpers that audit it with the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

# A raw `anthropic` tool loop with a shell tool: no turn limit, no permission gate, no session.
AGENT = '''\
"""Ops helper: answers questions about the deploy host by running shell commands."""

import subprocess

import anthropic

client = anthropic.Anthropic()
MODEL = "claude-sonnet-4-5"

TOOLS = [
    {
        "name": "run_shell",
        "description": "Run a shell command on the deploy host and return its output.",
        "input_schema": {
            "type": "object",
            "properties": {"command": {"type": "string"}},
            "required": ["command"],
        },
    }
]


def run_shell(command: str) -> str:
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    return result.stdout + result.stderr


def run_agent(task: str) -> str:
    messages = [{"role": "user", "content": task}]
    while True:
        response = client.messages.create(model=MODEL, max_tokens=2048, tools=TOOLS, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return "".join(block.text for block in response.content if block.type == "text")
        results = []
        for block in response.content:
            if block.type == "tool_use":
                output = run_shell(**block.input)
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": output})
        messages.append({"role": "user", "content": results})


if __name__ == "__main__":
    print(run_agent("Why is the disk on the deploy host full?"))
'''

# A second loop added later in a pull request: a new finding for the baseline tests.
SECOND_LOOP = '''

def summarize_incident(notes: str) -> str:
    messages = [{"role": "user", "content": notes}]
    while True:
        reply = client.messages.create(model=MODEL, max_tokens=1024, messages=messages)
        if reply.stop_reason == "end_turn":
            return reply.content[0].text
        messages.append({"role": "assistant", "content": reply.content})
'''


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def audit(path: Path, *args: str, cwd: Path | None = None):
    return run_cli("audit", str(path), *args, cwd=cwd)


def audit_report(path: Path, *args: str, cwd: Path | None = None) -> dict:
    result = audit(path, "--format", "json", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)
