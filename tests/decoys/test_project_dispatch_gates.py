"""Gates by dominance, per tool (issue #9): a decision at the dispatch site, or in a dispatcher function in
another module, is credited for a tool's sink when it stands on every path from the dispatch into the tool and
is about that call. Decoys: the user's next chat message, a constant, an always-allow checker, a deny set that
leaves the tool out, a second path around the gate. Each case is a small real project audited whole and pins
the finding (rule, path, line) and the anatomy's `gated` mark of the tool's sink."""

from __future__ import annotations

import textwrap

import pytest

from tests.decoys.test_project_crossfile import audit, findings

RAW_LOOP = '''
import subprocess

import anthropic

client = anthropic.Anthropic()
TOOLS = [{"name": "run_shell", "description": "Run a shell command on this machine.",
          "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}]


def run_shell(command: str) -> str:
    proc = subprocess.run(command, shell=True, capture_output=True, text=True)
    return proc.stdout + proc.stderr


def approved(command: str) -> bool:
    answer = input(f"Run `{command}`? [y/N] ")
    return answer.strip().lower() == "y"


def main() -> None:
    messages = []
    while True:
        text = input("you> ")
        if text.strip() in ("quit", "exit"):
            return
        messages.append({"role": "user", "content": text})
        for _ in range(20):
            response = client.messages.create(model="claude-sonnet-4-5", max_tokens=2048, tools=TOOLS,
                                              messages=messages)
            messages.append({"role": "assistant", "content": response.content})
            if response.stop_reason != "tool_use":
                break
            results = []
            for block in response.content:
                if block.type == "tool_use":
{gate}
                    results.append({"type": "tool_result", "tool_use_id": block.id, "content": output})
            messages.append({"role": "user", "content": results})


if __name__ == "__main__":
    main()
'''
SHELL_SINK = 11  # `proc = subprocess.run(command, shell=True, ...)` in run_shell

ASKED = """
if not approved(block.input["command"]):
    output = "refused"
else:
    output = run_shell(**block.input)
"""
# Only the user's next chat message (`you> `, read at the top of the REPL) stands before the tool runs.
CHAT = """
output = run_shell(**block.input)
"""
CONSTANT = """
allowed = True
if not allowed:
    continue
output = run_shell(**block.input)
"""
# The gated dispatch is credited only when every path into the tool passes it: a retry shortcut does not.
AROUND = ASKED + """
if block.input.get("retry"):
    output = run_shell(**block.input)
"""


def raw_loop(gate: str) -> dict[str, str]:
    return {"agent.py": RAW_LOOP.replace("{gate}", textwrap.indent(gate.strip("\n"), " " * 20))}


def tool_sinks(report, tool: str) -> list[tuple[str, int, str, bool]]:
    return sorted((s["path"], s["line"], s["kind"], s["gated"]) for t in report.anatomy["tools"] if t["name"] == tool
                  for s in t["sinks"])


def test_approval_at_the_dispatch_site_gates_the_tool_sink(tmp_path):
    report = audit(tmp_path, raw_loop(ASKED))
    assert findings(report, "HA103") == []
    assert tool_sinks(report, "run_shell") == [("agent.py", SHELL_SINK, "shell", True)]


@pytest.mark.parametrize("gate", [CHAT, CONSTANT, AROUND], ids=["next-chat-message", "constant", "path-around"])
def test_a_decision_not_about_the_call_or_not_on_every_path_leaves_the_sink_ungated(tmp_path, gate):
    report = audit(tmp_path, raw_loop(gate))
    assert findings(report, "HA103") == [("agent.py", SHELL_SINK)]
    assert next(f for f in report.findings if f.rule == "HA103").severity == "critical"
    assert tool_sinks(report, "run_shell") == [("agent.py", SHELL_SINK, "shell", False)]


# --- a dispatcher function in another module ---------------------------------------------------------

LOOP = '''
import anthropic

from dispatch import dispatch
from tools import TOOLS

client = anthropic.Anthropic()


def main() -> None:
    messages = [{"role": "user", "content": input("task> ")}]
    for _ in range(20):
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=2048, tools=TOOLS, messages=messages)
        messages.append({"role": "assistant", "content": reply.content})
        calls = [b for b in reply.content if b.type == "tool_use"]
        if not calls:
            return
        messages.append({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": c.id, "content": dispatch(c.name, c.input)} for c in calls]})


if __name__ == "__main__":
    main()
'''
TOOLS_MODULE = '''
import os
import subprocess

TOOLS = [
    {"name": "run_shell", "description": "Run a shell command.",
     "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}}},
    {"name": "delete_file", "description": "Delete a file.",
     "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}}},
]


def run_shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


def delete_file(path: str) -> str:
    os.remove(path)
    return "deleted"


HANDLERS = {"run_shell": run_shell, "delete_file": delete_file}
'''
TOOLS_SHELL, TOOLS_DELETE = 13, 17
DISPATCH = '''
from permissions import confirm
from tools import HANDLERS

DANGEROUS = {dangerous}


def dispatch(name: str, args: dict) -> str:
    if name in DANGEROUS and not confirm(name, args):
        return f"denied: the operator refused {name}"
    return HANDLERS[name](**args)
'''
ASKS = '''
def confirm(name: str, args: dict) -> bool:
    return input(f"Allow {name}({args})? [y/N] ").strip().lower() == "y"
'''
ALWAYS = '''
def confirm(name: str, args: dict) -> bool:
    return True
'''


def dispatcher_project(dangerous: str, permissions: str) -> dict[str, str]:
    return {"agent.py": LOOP, "tools.py": TOOLS_MODULE, "dispatch.py": DISPATCH.replace("{dangerous}", dangerous),
            "permissions.py": permissions}


def test_dispatcher_in_another_module_that_asks_gates_every_dangerous_tool(tmp_path):
    report = audit(tmp_path, dispatcher_project('{"run_shell", "delete_file"}', ASKS))
    assert findings(report, "HA103") == [] and findings(report, "HA104") == []
    assert tool_sinks(report, "run_shell") == [("tools.py", TOOLS_SHELL, "shell", True)]
    assert tool_sinks(report, "delete_file") == [("tools.py", TOOLS_DELETE, "file-delete", True)]


def test_dispatcher_gate_is_per_tool_a_tool_left_out_of_the_dangerous_set_is_flagged(tmp_path):
    report = audit(tmp_path, dispatcher_project('{"delete_file"}', ASKS))
    assert findings(report, "HA103") == [("tools.py", TOOLS_SHELL)]
    assert findings(report, "HA104") == []
    assert tool_sinks(report, "run_shell") == [("tools.py", TOOLS_SHELL, "shell", False)]


def test_dispatcher_whose_check_always_allows_is_no_gate(tmp_path):
    report = audit(tmp_path, dispatcher_project('{"run_shell", "delete_file"}', ALWAYS))
    assert findings(report, "HA103") == [("tools.py", TOOLS_SHELL)]
    assert findings(report, "HA104") == [("tools.py", TOOLS_DELETE)]
