"""P2 for a path restriction in another module, Fixit-style: file tools that resolve their path through a
workspace check (raise when outside) have part of a gate; a check nothing calls is no gate at all, and the
shell tool beside them stays ungated either way."""

from __future__ import annotations

from tests.decoys.test_project_crossfile import audit, findings, status

CORE = '''
    import json

    from openai import OpenAI

    from coder.tools import TOOL_SPECS, execute_tool

    client = OpenAI()


    def run_agent(messages):
        for _ in range(30):
            reply = client.chat.completions.create(model="gpt-4o", max_tokens=1500, tools=TOOL_SPECS,
                                                   messages=messages)
            message = reply.choices[0].message
            if not message.tool_calls:
                return message.content
            messages.append(message)
            for call in message.tool_calls:
                output = execute_tool(call.function.name, json.loads(call.function.arguments))
                messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(output)})


    if __name__ == "__main__":
        print(run_agent([{"role": "user", "content": input("task> ")}]))
'''

TOOLS = '''
    import subprocess

    from coder.paths import inside_workspace

    TOOL_SPECS = [
        {"type": "function", "function": {"name": "write_file", "description": "Write a file",
         "parameters": {"type": "object", "properties": {"path": {"type": "string"}, "text": {"type": "string"}}}}},
        {"type": "function", "function": {"name": "bash", "description": "Run a command",
         "parameters": {"type": "object", "properties": {"command": {"type": "string"}}}}},
    ]


    def write_file(path: str, text: str) -> dict:
        try:
            target = {target}
        except ValueError as error:
            return {"error": str(error)}
        with open(target, "w") as handle:
            handle.write(text)
        return {"written": target}


    def bash(command: str) -> dict:
        done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
        return {"stdout": done.stdout[-4000:]}


    def execute_tool(name: str, args: dict) -> dict:
        if name == "write_file":
            return write_file(**args)
        if name == "bash":
            return bash(**args)
        return {"error": f"unknown tool {name}"}
'''

PATHS = '''
    import os

    WORKSPACE = os.path.realpath(os.getcwd())


    def inside_workspace(path: str) -> str:
        full = os.path.realpath(os.path.join(WORKSPACE, path))
        if not full.startswith(WORKSPACE):
            raise ValueError(f"{path} is outside the workspace")
        return full
'''


def _project(target: str) -> dict[str, str]:
    return {"coder/__init__.py": "", "coder/core.py": CORE, "coder/paths.py": PATHS,
            "coder/tools.py": TOOLS.replace("{target}", target)}


def test_file_tool_behind_a_workspace_check_is_part_of_a_gate(tmp_path):
    report = audit(tmp_path, _project("inside_workspace(path)"))
    assert status(report, "P2") == "partial"
    gate = next(v for v in report.primitives if v.id == "P2")
    assert [(e.path, e.line, e.strength) for e in gate.evidence if e.component == "gate"] == [
        ("coder/paths.py", 8, "weak")]
    assert findings(report, "HA103") == [("coder/tools.py", 24)]  # the shell tool is still ungated


def test_a_workspace_check_nothing_calls_is_no_gate(tmp_path):
    """Decoy: the check is written out beside the tools, but the file tool writes wherever the model says."""
    files = _project("path")
    files["coder/tools.py"] = files["coder/tools.py"].replace("from coder.paths import inside_workspace", PATHS)
    del files["coder/paths.py"]
    report = audit(tmp_path, files)
    assert status(report, "P2") == "absent"
    assert findings(report, "HA103") == [("coder/tools.py", 35)]
