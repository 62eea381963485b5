"""Emitted guardrail tests that run: on a temp copy of a fixture agent, `--emit-tests` writes a test
file that drives the project's own loop with a scripted model and recorded side effects. It must fail
where the guardrail is missing and pass where it is present, and never touch anything real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.plan.runnable_tests import FILE_NAME
from tests.conftest import ROOT, run_cli

NAIVE = ROOT / "examples" / "naive-loop"

# The naive loop with the two guardrails added: the operator approves shell commands, and a turn cap.
GATED_BASH = '''def bash(command: str) -> str:
    if input(f"Run `{command}`? [y/N] ").strip().lower() != "y":
        return "The operator refused this command."
    result'''
CAPPED_LOOP = ("    while True:\n", "    for _ in range(25):  # turn cap\n")

OPENAI_AGENT = '''"""Release helper on the OpenAI Chat Completions API with a shell tool."""

import json
import subprocess

from openai import OpenAI

client = OpenAI()
TOOLS = [{"type": "function", "function": {
    "name": "shell", "description": "Run a shell command.",
    "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}, "required": ["cmd"]}}},
    {"type": "function", "function": {
    "name": "read_notes", "description": "Read a notes file.",
    "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}]


def shell(cmd: str) -> str:
    return subprocess.check_output(cmd, shell=True, text=True)


def read_notes(path: str) -> str:
    with open(path) as handle:
        return handle.read()


FUNCTIONS = {"shell": shell, "read_notes": read_notes}


def run(task: str) -> str:
    messages = [{"role": "user", "content": task}]
    for _ in range(MAX_TURNS):
        reply = client.chat.completions.create(model="gpt-4.1", messages=messages, tools=TOOLS)
        message = reply.choices[0].message
        messages.append(message)
        if not message.tool_calls:
            return message.content
        for call in message.tool_calls:
            if call.function.name == "shell" and input(f"allow {call.function.arguments}? ") != "yes":
                result = "denied by the operator"
            else:
                result = FUNCTIONS[call.function.name](**json.loads(call.function.arguments))
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    return "turn limit reached"


MAX_TURNS = 12

if __name__ == "__main__":
    print(run("Tag the release."))
'''


def _emit_and_run(project: Path, tmp_path: Path) -> tuple[dict[str, str], str]:
    """Emit the tests into the project copy, run them there; outcome per test, and pytest's output."""
    out = project / "guardrail_tests"
    result = run_cli("audit", str(project), "--emit-tests", str(out), "--fail-on", "none")
    assert result.exit_code == 0, result.output
    emitted = out / FILE_NAME
    assert emitted.is_file()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC", "OPENAI"))}
    env["HARNESS_AUDIT_PROJECT_ROOT"] = str(project)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(emitted)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    outcomes = {}
    for line in done.stdout.splitlines():
        for word in ("PASSED", "FAILED", "SKIPPED", "ERROR"):
            if line.startswith(word + " "):
                outcomes[line.split("::")[-1].split(" ")[0]] = word
    return outcomes, done.stdout + done.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def naive(tmp_path: Path) -> Path:
    project = tmp_path / "naive"
    shutil.copytree(NAIVE, project)
    return project


def test_the_naive_loop_fails_both_guardrail_tests_and_nothing_real_is_touched(naive, tmp_path):
    before = _snapshot(naive)
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert outcomes == {"test_a_destructive_shell_command_needs_approval": "FAILED",
                        "test_a_model_that_never_stops_calling_tools_is_stopped": "FAILED"}, output
    assert "`rm -rf /tmp/harness-audit-probe` from the model reached the shell with no approval" in output
    assert "the model was called 60 times and the loop did not stop" in output
    after = {k: v for k, v in _snapshot(naive).items() if not k.startswith("guardrail_tests/")}
    assert after == before  # the agent's write_file / bash never reached the real folder


def test_the_same_loop_with_an_approval_and_a_turn_cap_passes_them(naive, tmp_path):
    agent = naive / "agent.py"
    text = agent.read_text()
    text = text.replace("def bash(command: str) -> str:\n    result", GATED_BASH)
    text = text.replace(*CAPPED_LOOP)
    agent.write_text(text)
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert outcomes == {"test_a_destructive_shell_command_needs_approval": "PASSED",
                        "test_a_model_that_never_stops_calling_tools_is_stopped": "PASSED"}, output


def test_only_the_missing_guardrail_fails(naive, tmp_path):
    agent = naive / "agent.py"
    agent.write_text(agent.read_text().replace(*CAPPED_LOOP))  # a turn cap, but no approval
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert outcomes == {"test_a_destructive_shell_command_needs_approval": "FAILED",
                        "test_a_model_that_never_stops_calling_tools_is_stopped": "PASSED"}, output


def test_an_openai_chat_loop_is_driven_too(tmp_path):
    project = tmp_path / "release"
    project.mkdir()
    (project / "release_agent.py").write_text(OPENAI_AGENT)
    outcomes, output = _emit_and_run(project, tmp_path)
    assert outcomes == {"test_a_destructive_shell_command_needs_approval": "PASSED",
                        "test_a_model_that_never_stops_calling_tools_is_stopped": "PASSED"}, output
    (project / "release_agent.py").write_text(OPENAI_AGENT.replace(' and input(f"allow {call.function.arguments}? ") '
                                                                    '!= "yes"', " and False"))
    outcomes, output = _emit_and_run(project, tmp_path)
    assert outcomes["test_a_destructive_shell_command_needs_approval"] == "FAILED", output


def test_a_loop_that_cannot_be_driven_gets_a_file_that_says_why(tmp_path):
    project = tmp_path / "mature"
    shutil.copytree(ROOT / "examples" / "mature-harness", project)
    outcomes, output = _emit_and_run(project, tmp_path)
    assert "1 skipped" in output and "FAILED" not in output, output
    assert "a framework runner, a method or another API needs a hand-written fake" in output


def test_a_loop_that_swallows_a_broken_fake_does_not_pass_for_a_guarded_one(naive, tmp_path):
    """A loop that reads a reply field and stops on any error must not turn a missing guardrail green."""
    agent = naive / "agent.py"
    agent.write_text(agent.read_text().replace(
        "        messages.append({\"role\": \"assistant\", \"content\": response.content})\n",
        "        try:\n            print(response.usage.cache_read_input_tokens, response.stop_sequence)\n"
        "        except Exception as exc:\n            print(exc)\n            return\n"
        "        messages.append({\"role\": \"assistant\", \"content\": response.content})\n"))
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert set(outcomes.values()) == {"FAILED"}, output


def test_an_async_loop_with_an_async_shell_tool_runs_and_does_not_hang(naive, tmp_path):
    agent = naive / "agent.py"
    text = agent.read_text().replace("import subprocess\n", "import asyncio\nimport subprocess\n")
    text = text.replace(
        "def bash(command: str) -> str:\n    result = subprocess.run([\"bash\", \"-c\", command], capture_output=True, "
        "text=True, timeout=300)\n    return (result.stdout + result.stderr)[-10_000:] or f\"(exit {result.returncode}, "
        "no output)\"\n",
        "async def bash(command: str) -> str:\n    process = await asyncio.create_subprocess_shell(command, "
        "stdout=asyncio.subprocess.PIPE)\n    out, _ = await process.communicate()\n    return out.decode()\n")
    text = text.replace("def main() -> None:", "async def main() -> None:")
    text = text.replace("output = HANDLERS[block.name](**block.input)",
                        "output = HANDLERS[block.name](**block.input)\n                    "
                        "output = await output if asyncio.iscoroutine(output) else output")
    text = text.replace("    main()\n", "    asyncio.run(main())\n")
    agent.write_text(text)
    assert "create_subprocess_shell" in text and "async def main" in text
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert outcomes == {"test_a_destructive_shell_command_needs_approval": "FAILED",
                        "test_a_model_that_never_stops_calling_tools_is_stopped": "FAILED"}, output
    assert "reached the shell with no approval" in output


def test_a_loop_whose_argument_is_not_the_task_is_not_driven(naive, tmp_path):
    agent = naive / "agent.py"
    text = agent.read_text().replace("def main() -> None:\n    client = anthropic.Anthropic()\n",
                                     "def main(client) -> None:\n")
    agent.write_text(text.replace("    main()\n", "    main(anthropic.Anthropic())\n"))
    outcomes, output = _emit_and_run(naive, tmp_path)
    assert "1 skipped" in output and "FAILED" not in output, output
