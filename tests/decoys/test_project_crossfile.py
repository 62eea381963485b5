"""Cross-file decoys and disguises for the project model (analyzer/project): the idiom spans files, so
each case is a small real project written to a temp folder and audited whole. Each pins the rule,
path and line of what is (or is not) reported."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analyzer.audit import AuditOptions, run_audit
from analyzer.rubric import load_rubric

LOOP = '''
import anthropic
from tools import HANDLERS, TOOLS

client = anthropic.Anthropic()


def main() -> None:
    messages = [{"role": "user", "content": input("task> ")}]
    for _ in range(20):
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=2048, tools=TOOLS, messages=messages)
        messages.append({"role": "assistant", "content": reply.content})
        calls = [b for b in reply.content if b.type == "tool_use"]
        if not calls:
            return
        results = []
        for call in calls:
            {gate}
            results.append({"type": "tool_result", "tool_use_id": call.id, "content": HANDLERS[call.name](**call.input)})
        messages.append({"role": "user", "content": results})


if __name__ == "__main__":
    main()
'''

TOOLS = '''
from envs.local import LocalEnv

ENV = LocalEnv()
TOOLS = [
    {"name": "run", "description": "Run a command", "input_schema": {"type": "object", "properties": {"cmd": {"type": "string"}}}},
    {"name": "remove", "description": "Remove a file", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}}},
]


def run(cmd: str) -> str:
    return ENV.execute(cmd)


def remove(path: str) -> str:
    return ENV.delete(path)


HANDLERS = {"run": run, "remove": remove}
'''

ENV = '''
import os
import subprocess


class LocalEnv:
    def execute(self, cmd: str) -> str:
        proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)
        return proc.communicate()[0].decode()

    def delete(self, path: str) -> str:
        os.remove(path)
        return "removed"
'''


def audit(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip())
    return run_audit(load_rubric(), [tmp_path], AuditOptions(fail_on="none"))


def findings(report, rule: str) -> list[tuple[str, int]]:
    return sorted((f.path, f.line) for f in report.findings if f.rule == rule)


def status(report, primitive: str) -> str:
    return next(v.status for v in report.primitives if v.id == primitive)


def project(gate: str = "pass", **extra: str) -> dict[str, str]:
    return {"agent.py": LOOP.replace("{gate}", gate), "tools.py": TOOLS, "envs/__init__.py": "", "envs/local.py": ENV,
            **extra}


def test_tool_sink_two_modules_away_is_critical_at_the_sink(tmp_path):
    report = audit(tmp_path, project())
    assert findings(report, "HA103") == [("envs/local.py", 7)]
    assert findings(report, "HA104") == [("envs/local.py", 11)]
    shell = next(f for f in report.findings if f.rule == "HA103")
    assert shell.severity == "critical"
    assert "reached by tool run (tools.py:" in shell.message
    assert report.exposure.level == "high" and {"shell", "file-delete"} <= set(report.exposure.kinds)


def test_always_allow_permission_manager_in_another_file_is_no_gate(tmp_path):
    """Decoy: the dispatcher asks `PermissionManager.check`, which says yes to everything."""
    gate = 'if not PERMISSIONS.check(call.name, call.input):\n                continue'
    files = project(gate, **{"permissions.py": '''
        class PermissionManager:
            def check(self, name: str, arguments: dict) -> bool:
                return True
        '''})
    files["agent.py"] = files["agent.py"].replace("from tools import", "from permissions import PermissionManager\nfrom tools import") \
        .replace("client = anthropic.Anthropic()", "client = anthropic.Anthropic()\nPERMISSIONS = PermissionManager()")
    report = audit(tmp_path, files)
    assert status(report, "P2") == "absent"
    assert findings(report, "HA103") == [("envs/local.py", 7)]


def test_real_permission_manager_in_another_file_is_a_gate(tmp_path):
    """Disguise of the same shape: the check can say no, so the dispatch is gated."""
    gate = 'if not PERMISSIONS.check(call.name, call.input):\n                continue'
    files = project(gate, **{"permissions.py": '''
        DENY = {"remove"}

        class PermissionManager:
            def check(self, name: str, arguments: dict) -> bool:
                return name not in DENY
        '''})
    files["agent.py"] = files["agent.py"].replace("from tools import", "from permissions import PermissionManager\nfrom tools import") \
        .replace("client = anthropic.Anthropic()", "client = anthropic.Anthropic()\nPERMISSIONS = PermissionManager()")
    report = audit(tmp_path, files)
    assert status(report, "P2") != "absent"
    assert findings(report, "HA103") == []


def test_self_guarded_tool_is_credited_and_the_ungated_one_beside_it_is_not(tmp_path):
    files = project()
    files["tools.py"] = files["tools.py"].replace('''def run(cmd: str) -> str:
    return ENV.execute(cmd)''', '''BLOCKED = ("rm ", "sudo", "curl", ">")


def run(cmd: str) -> str:
    if any(word in cmd for word in BLOCKED):
        return "refused: command not allowed"
    return ENV.execute(cmd)''')
    report = audit(tmp_path, files)
    assert findings(report, "HA103") == []
    assert findings(report, "HA104") == [("envs/local.py", 11)]


def test_existence_check_is_not_a_guard(tmp_path):
    """Decoy: `if not os.path.exists(path): return` validates; it does not decide about deleting."""
    files = project()
    files["tools.py"] = files["tools.py"].replace('''def remove(path: str) -> str:
    return ENV.delete(path)''', '''def remove(path: str) -> str:
    import os
    if not os.path.exists(path):
        return "no such file"
    return ENV.delete(path)''')
    report = audit(tmp_path, files)
    assert findings(report, "HA104") == [("envs/local.py", 11)]


def test_fixed_program_without_a_shell_is_no_shell_tool(tmp_path):
    files = project()
    files["envs/local.py"] = ENV.replace('proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)',
                                         'proc = subprocess.Popen(["git", "log", "--oneline", cmd], stdout=subprocess.PIPE)')
    report = audit(tmp_path, files)
    assert findings(report, "HA103") == []
    assert "shell" in report.exposure.kinds  # still what the agent can reach


def test_dead_code_that_mentions_the_names_is_not_credited(tmp_path):
    """Decoy: an approval helper in a module nothing imports, and a dead function in a used one."""
    files = project(**{"legacy_gate.py": '''
        def approve_tool_call(name: str, arguments: dict) -> bool:
            answer = input(f"Run {name} with {arguments}? [y/N] ")
            return answer.strip().lower() == "y"


        def dispatch(name, arguments, handlers):
            if not approve_tool_call(name, arguments):
                return "denied by the user"
            return handlers[name](**arguments)
        '''})
    report = audit(tmp_path, files)
    p2 = next(v for v in report.primitives if v.id == "P2")
    assert p2.status == "absent"
    assert any(e.path == "legacy_gate.py" for e in p2.discounted)
    assert findings(report, "HA103") == [("envs/local.py", 7)]


def test_harness_that_never_calls_a_model_is_agent_code(tmp_path):
    """A port of a harness: registry, permission context, session store, query engine with limits; no model call."""
    report = audit(tmp_path, {
        "harness/__init__.py": "",
        "harness/registry.py": '''
            from dataclasses import dataclass, field
            from typing import Callable


            @dataclass(frozen=True)
            class ToolSpec:
                name: str
                description: str
                input_schema: dict
                handler: Callable[..., str]
                read_only: bool = True


            @dataclass
            class ToolRegistry:
                tools: dict[str, ToolSpec] = field(default_factory=dict)

                def register(self, spec: ToolSpec) -> None:
                    self.tools[spec.name] = spec

                def list(self, read_only: bool | None = None) -> list[ToolSpec]:
                    return [t for t in self.tools.values() if read_only is None or t.read_only == read_only]

                def get(self, name: str) -> ToolSpec | None:
                    return self.tools.get(name)
            ''',
        "harness/permissions.py": '''
            from dataclasses import dataclass, field


            @dataclass
            class PermissionContext:
                denied: set[str] = field(default_factory=set)

                def blocks(self, name: str) -> bool:
                    return name in self.denied
            ''',
        "harness/session.py": '''
            import json
            from pathlib import Path


            def save_session(path: Path, messages: list, usage: dict) -> None:
                path.write_text(json.dumps({"messages": messages, "usage": usage}))


            def load_session(path: Path) -> dict:
                return json.loads(path.read_text())
            ''',
        "harness/engine.py": '''
            from dataclasses import dataclass
            from pathlib import Path

            from .permissions import PermissionContext
            from .registry import ToolRegistry
            from .session import load_session, save_session


            @dataclass
            class QueryEngine:
                registry: ToolRegistry
                permissions: PermissionContext
                session_path: Path
                max_turns: int = 8
                max_budget_tokens: int = 20_000

                def submit(self, requests: list[dict]) -> dict:
                    state = load_session(self.session_path) if self.session_path.exists() else {"messages": [], "usage": {"tokens": 0}}
                    turns = 0
                    for request in requests:
                        turns += 1
                        if turns > self.max_turns:
                            return {"stop_reason": "max_turns", **state}
                        if state["usage"]["tokens"] > self.max_budget_tokens:
                            return {"stop_reason": "max_budget_reached", **state}
                        spec = self.registry.get(request["tool"])
                        if spec is None:
                            continue
                        if self.permissions.blocks(request["tool"]):
                            state["messages"].append({"denied": request["tool"]})
                            continue
                        output = spec.handler(**request["input"])
                        state["messages"].append({"tool": spec.name, "output": output})
                        state["usage"]["tokens"] += len(output)
                        save_session(self.session_path, state["messages"], state["usage"])
                    return {"stop_reason": "completed", **state}
            ''',
        "harness/__main__.py": '''
            import json
            import sys
            from pathlib import Path

            from .engine import QueryEngine
            from .permissions import PermissionContext
            from .registry import ToolRegistry, ToolSpec

            registry = ToolRegistry()
            registry.register(ToolSpec("echo", "Echo text", {"type": "object"}, lambda text: text))
            engine = QueryEngine(registry, PermissionContext({"shell"}), Path(".session.json"))
            print(json.dumps(engine.submit(json.loads(Path(sys.argv[1]).read_text()))))
            ''',
    })
    assert report.agent_detected is True
    assert "No LLM or agent code" not in report.summary
    assert status(report, "P2") != "absent"


def test_a_shell_run_as_a_list_is_still_a_shell(tmp_path):
    """Decoy for the fixed-program credit: `["bash", "-c", cmd]` runs whatever the model wrote."""
    files = project()
    files["envs/local.py"] = ENV.replace('proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)',
                                         'proc = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.PIPE)')
    report = audit(tmp_path, files)
    assert findings(report, "HA103") == [("envs/local.py", 7)]


def test_command_router_with_saved_state_is_not_agent_code(tmp_path):
    """Decoy for the model-less harness rule: a CLI that dispatches sub-commands by name and keeps a
    state file is plumbing, but not an agent's (no tools, no turn or token limits, no permissions)."""
    report = audit(tmp_path, {
        "tasks/__init__.py": "",
        "tasks/state.py": '''
            import json
            from pathlib import Path

            STATE = Path(".tasks.json")


            def load() -> dict:
                return json.loads(STATE.read_text()) if STATE.exists() else {"done": []}


            def save(state: dict) -> None:
                STATE.write_text(json.dumps(state))
            ''',
        "tasks/__main__.py": '''
            import sys

            from .state import load, save


            def build(state):
                state["done"].append("build")


            def clean(state):
                state["done"].clear()


            COMMANDS = {"build": build, "clean": clean}


            def main(argv):
                state = load()
                for name in argv:
                    COMMANDS[name](state)
                save(state)


            main(sys.argv[1:])
            ''',
    })
    assert report.agent_detected is False


def test_anatomy_names_each_tool_and_the_sinks_it_reaches(tmp_path):
    files = project()
    files["tools.py"] = files["tools.py"].replace('''def run(cmd: str) -> str:
    return ENV.execute(cmd)''', '''BLOCKED = ("rm ", "sudo")


def run(cmd: str) -> str:
    if any(word in cmd for word in BLOCKED):
        return "refused"
    return ENV.execute(cmd)''')
    anatomy = audit(tmp_path, files).anatomy
    assert anatomy["entry_points"] == [{"node": "agent", "kind": "script"}]
    assert [(c["path"], c["line"], c["function"]) for c in anatomy["model_calls"]] == [("agent.py", 10, "main")]
    assert [(loop["line"], loop["bounded"]) for loop in anatomy["loops"]] == [(9, True)]
    tools = {t["name"]: [(s["kind"], s["path"], s["line"], s["gated"]) for s in t["sinks"]] for t in anatomy["tools"]}
    assert tools == {"run": [("shell", "envs/local.py", 7, True)], "remove": [("file-delete", "envs/local.py", 11, False)]}
