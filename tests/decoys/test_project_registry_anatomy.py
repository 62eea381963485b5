"""The anatomy of a harness built on a tool registry (issue #9): tools registered as data
(`registry.register(ToolSpec("run_shell", ..., partial(shell.run_shell, root)))`) appear with the sinks their
functions reach in other modules and the gate on the registry's dispatch path (`if not decision.allowed:` on the
answer of a permission check), and a loop that a budget check stops on every pass is bounded. Decoys: a registry
dispatch with no decision before it, a stop check that holds no limit."""

from __future__ import annotations

from pathlib import Path

from tests.decoys.test_project_crossfile import audit, findings

MATURE = Path(__file__).resolve().parents[2] / "examples" / "mature-harness"


def test_mature_harness_registry_tools_have_their_sinks_gated_and_the_loop_is_bounded():
    from analyzer.audit import AuditOptions, run_audit
    from analyzer.rubric import load_rubric

    report = run_audit(load_rubric(), [MATURE], AuditOptions(fail_on="none"))
    tools = {t["name"]: (t["path"], t["line"], t["registered"], [(s["kind"], s["line"], s["gated"]) for s in t["sinks"]])
             for t in report.anatomy["tools"]}
    assert tools["run_shell"] == ("codepilot/tools/shell.py", 8, "registered by register()", [("shell", 10, True)])
    assert tools["delete_file"][3] == [("file-delete", 44, True)]
    assert sorted(tools) == ["delete_file", "edit_file", "list_dir", "read_file", "run_shell", "write_file"]
    assert [(loop["path"], loop["line"], loop["bounded"], loop["bound"]) for loop in report.anatomy["loops"]] == [
        ("codepilot/loop.py", 92, True,
         "stops when codepilot.loop.Harness._before_call() says so (limit in codepilot.budget.Budget.check)")]


REGISTRY = '''
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    handler: Callable[..., str]


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, ToolSpec] = {}

    def register(self, spec: ToolSpec) -> None:
        self._tools[spec.name] = spec

    def get(self, name: str) -> ToolSpec | None:
        return self._tools.get(name)

    def schemas(self) -> list[dict]:
        return [{"name": s.name, "description": s.description, "input_schema": {"type": "object"}}
                for s in self._tools.values()]
'''
SHELL = '''
import subprocess


def run_shell(root: str, command: str) -> str:
    proc = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True)
    return proc.stdout + proc.stderr
'''
TOOLS_INIT = '''
from functools import partial

from bot.registry import ToolRegistry, ToolSpec
from bot.tools import shell


def builtin_registry(root: str) -> ToolRegistry:
    registry = ToolRegistry()
    registry.register(ToolSpec("run_shell", "Run a shell command in the workspace.", partial(shell.run_shell, root)))
    return registry
'''
BUDGET = '''
class Budget:
    def __init__(self, max_turns: int) -> None:
        self.max_turns, self.turns = max_turns, 0

    def record(self) -> None:
        self.turns += 1

    def check(self) -> str | None:
        if self.turns >= self.max_turns:
            return "max_turns"
        return None
'''
LOOP = '''
import anthropic

from bot.budget import Budget
from bot.tools import builtin_registry


class Agent:
    def __init__(self, root: str) -> None:
        self.client = anthropic.Anthropic()
        self.registry = builtin_registry(root)
        self.budget = Budget(max_turns=25)
        self.messages: list[dict] = []
        self.cancelled = False

    def run(self, task: str) -> str:
        self.messages.append({"role": "user", "content": task})
        while True:
            stop = self._before_call()
            if stop:
                return stop
            reply = self.client.messages.create(model="claude-sonnet-4-5", max_tokens=2048,
                                                tools=self.registry.schemas(), messages=self.messages)
            self.budget.record()
            self.messages.append({"role": "assistant", "content": reply.content})
            if reply.stop_reason != "tool_use":
                return "".join(b.text for b in reply.content if b.type == "text")
            self.messages.append({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": b.id, "content": self._run_tool(b.name, b.input)}
                for b in reply.content if b.type == "tool_use"]})

    def _before_call(self) -> str | None:
        return {stop}

    def _run_tool(self, name: str, tool_input: dict) -> str:
        spec = self.registry.get(name)
        if spec is None:
            return f"unknown tool {name!r}"
{run}


if __name__ == "__main__":
    print(Agent(".").run(input("task> ")))
'''
GATED = '''        answer = input(f"Allow {name} {tool_input}? [y/N] ")
        if answer.strip().lower() != "y":
            return "Permission denied by the operator"
        return spec.handler(**tool_input)'''
UNGATED = '''        return spec.handler(**tool_input)'''
SHELL_SINK = 5  # `proc = subprocess.run(command, shell=True, ...)` in bot/tools/shell.py


def project(run: str, stop: str) -> dict[str, str]:
    return {"bot/__init__.py": "", "bot/__main__.py": "from bot.loop import Agent\n\nprint(Agent('.').run(input()))\n",
            "bot/registry.py": REGISTRY, "bot/tools/__init__.py": TOOLS_INIT, "bot/tools/shell.py": SHELL,
            "bot/budget.py": BUDGET, "bot/loop.py": LOOP.replace("{run}", run).replace("{stop}", stop)}


def anatomy_of(report) -> tuple[list, list]:
    tools = [(t["name"], t["path"], t["line"], [(s["kind"], s["line"], s["gated"]) for s in t["sinks"]])
             for t in report.anatomy["tools"]]
    loops = [(loop["path"], loop["line"], loop["bounded"]) for loop in report.anatomy["loops"]]
    return tools, loops


def test_registry_tool_behind_an_operator_answer_is_gated_and_a_budget_stop_bounds_the_loop(tmp_path):
    report = audit(tmp_path, project(GATED, "self.budget.check()"))
    tools, loops = anatomy_of(report)
    assert tools == [("run_shell", "bot/tools/shell.py", 4, [("shell", SHELL_SINK, True)])]
    assert loops == [("bot/loop.py", 17, True)]
    assert findings(report, "HA103") == [] and findings(report, "HA101") == []


def test_registry_dispatch_with_no_decision_leaves_the_tool_ungated(tmp_path):
    report = audit(tmp_path, project(UNGATED, "self.budget.check()"))
    tools, _ = anatomy_of(report)
    assert tools == [("run_shell", "bot/tools/shell.py", 4, [("shell", SHELL_SINK, False)])]
    assert findings(report, "HA103") == [("bot/tools/shell.py", SHELL_SINK)]


def test_a_stop_check_that_holds_no_limit_does_not_bound_the_loop(tmp_path):
    report = audit(tmp_path, project(GATED, '"cancelled" if self.cancelled else None'))
    _, loops = anatomy_of(report)
    assert loops == [("bot/loop.py", 17, False)]
