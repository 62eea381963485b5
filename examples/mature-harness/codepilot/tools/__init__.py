"""Built-in tools."""

from __future__ import annotations

from functools import partial

from codepilot.registry import Risk, ToolRegistry, ToolSpec
from codepilot.tools import fs, shell


def _schema(required: list[str], **props: str) -> dict:
    return {"type": "object", "properties": {k: {"type": "string", "description": v} for k, v in props.items()},
            "required": required}


def builtin_registry(root: str) -> ToolRegistry:
    reg = ToolRegistry()
    reg.register(ToolSpec("read_file", "Read a text file in the workspace.",
                          _schema(["path"], path="Workspace-relative path"), Risk.READ, partial(fs.read_file, root)))
    reg.register(ToolSpec("list_dir", "List a directory in the workspace.",
                          _schema([], path="Workspace-relative directory"), Risk.READ, partial(fs.list_dir, root)))
    reg.register(ToolSpec("write_file", "Create a file, or overwrite one (overwriting needs approval).",
                          _schema(["path", "content"], path="Workspace-relative path", content="Full file text"),
                          Risk.WRITE, partial(fs.write_file, root)))
    reg.register(ToolSpec("edit_file", "Replace one exact occurrence of `old` with `new` in a file.",
                          _schema(["path", "old", "new"], path="File", old="Exact text to replace", new="Replacement"),
                          Risk.WRITE, partial(fs.edit_file, root)))
    reg.register(ToolSpec("delete_file", "Delete a file in the workspace.",
                          _schema(["path"], path="Workspace-relative path"), Risk.DESTRUCTIVE,
                          partial(fs.delete_file, root)))
    reg.register(ToolSpec("run_shell", "Run a shell command in the workspace. Known-safe commands run at once; "
                          "others need approval.", _schema(["command"], command="Command line"),
                          Risk.WRITE, partial(shell.run_shell, root)))
    return reg
