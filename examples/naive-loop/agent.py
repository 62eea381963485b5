"""A minimal coding assistant: Claude plus a shell and the file system, in a loop.

    export ANTHROPIC_API_KEY=...
    python agent.py "make the tests in tests/test_parser.py pass"
"""

import subprocess
import sys
from pathlib import Path

import anthropic

MODEL = "claude-sonnet-4-5"
SYSTEM = "You are a coding assistant working in the current directory. Inspect before you edit; keep edits small."

TOOLS = [
    {
        "name": "bash",
        "description": "Run a bash command and return its combined output.",
        "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]},
    },
    {
        "name": "read_file",
        "description": "Return the contents of a file.",
        "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]},
    },
    {
        "name": "write_file",
        "description": "Write a file, replacing it if it exists.",
        "input_schema": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["path", "content"],
        },
    },
    {
        "name": "edit_file",
        "description": "Replace the first occurrence of old with new in a file.",
        "input_schema": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "old": {"type": "string"}, "new": {"type": "string"}},
            "required": ["path", "old", "new"],
        },
    },
]


def bash(command: str) -> str:
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    return (result.stdout + result.stderr)[-10_000:] or f"(exit {result.returncode}, no output)"


def read_file(path: str) -> str:
    return Path(path).read_text()


def write_file(path: str, content: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(content)
    return f"Wrote {path}"


def edit_file(path: str, old: str, new: str) -> str:
    text = Path(path).read_text()
    if old not in text:
        return f"'{old[:40]}' not found in {path}"
    Path(path).write_text(text.replace(old, new, 1))
    return f"Edited {path}"


HANDLERS = {"bash": bash, "read_file": read_file, "write_file": write_file, "edit_file": edit_file}


def main() -> None:
    client = anthropic.Anthropic()
    messages = [{"role": "user", "content": " ".join(sys.argv[1:]) or input("task> ")}]

    while True:
        response = client.messages.create(
            model=MODEL, max_tokens=8000, system=SYSTEM, tools=TOOLS, messages=messages
        )
        messages.append({"role": "assistant", "content": response.content})

        results = []
        for block in response.content:
            if block.type == "text":
                print(block.text)
            elif block.type == "tool_use":
                print(f"$ {block.name} {block.input}")
                try:
                    output = HANDLERS[block.name](**block.input)
                except Exception as exc:
                    output = f"error: {exc}"
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": output})

        if not results:
            break
        messages.append({"role": "user", "content": results})


if __name__ == "__main__":
    main()
