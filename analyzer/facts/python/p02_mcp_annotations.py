"""P2 classification from MCP tool annotations (`ToolAnnotations(readOnlyHint=..., destructiveHint=...)`)."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.parse.python import PythonModule, find_all, string_value


_MCP_HINTS = ("readOnlyHint", "destructiveHint", "read_only_hint", "destructive_hint")


def _hint_reads(module: PythonModule) -> list[cst.CSTNode]:
    """Tests that read an MCP hint: `if not tool.annotations.readOnlyHint:`, `[t for t in tools if t.annotations...]`."""
    tests: list[cst.CSTNode] = [n.test for n in module.find_all(cst.If, cst.IfExp, cst.While)]
    tests += [i.test for c in module.find_all(cst.CompFor) for i in c.ifs]
    found = []
    for test in tests:
        attrs = {a.attr.value for a in find_all(test, cst.Attribute)}
        keys = {string_value(s) for s in find_all(test, cst.SimpleString)}
        if (attrs | keys) & set(_MCP_HINTS) and module.enclosing_function(test) is not None:
            found.append(test)
    return found


@python_check
class McpToolAnnotations(PythonCheck):
    """MCP tool annotations classify tools: `ToolAnnotations(readOnlyHint=True)` / `destructiveHint=True` (or an
    `annotations={"readOnlyHint": ...}` dict) on the tools a server registers. Weak when only declared (hints a
    client may ignore); full when the code decides on them (a read-only mode that drops every tool without
    `readOnlyHint`, a client that asks before a `destructiveHint` tool)."""

    id = "p2.mcp-tool-annotations"
    emits = ("P2/classification",)
    POSITIVE = (
        Example("""
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

READ_ONLY = ToolAnnotations(readOnlyHint=True)
DELETES = ToolAnnotations(readOnlyHint=False, destructiveHint=True)

def build_server(workspace, mode):
    server = FastMCP("workspace")
    for fn, hints in [(workspace.read_file, READ_ONLY), (workspace.delete_path, DELETES)]:
        if mode == "read-only" and not hints.readOnlyHint:
            continue
        server.add_tool(fn, name=fn.__name__, annotations=hints)
    return server
""", strength="full", line=11, message="MCP tool hints decide: mode == \"read-only\" and not hints.readOnlyHint"),
        Example("""
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations
mcp = FastMCP("notes")

@mcp.tool(annotations=ToolAnnotations(destructiveHint=True, readOnlyHint=False))
def delete_note(note_id: str) -> str:
    \"\"\"Delete a note.\"\"\"
    return note_id
""", strength="weak"),
    )
    NEGATIVE = (
        # Annotations that only give a title say nothing about risk.
        """
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations
mcp = FastMCP("notes")

@mcp.tool(annotations=ToolAnnotations(title="List notes"))
def list_notes() -> list[str]:
    \"\"\"List notes.\"\"\"
    return []
""",
        # A hint-named key in a file that is not MCP code.
        """
settings = {"readOnlyHint": True}
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if not module.imports_any(*frameworks.packages("mcp")):
            return
        declared = []
        for call in module.calls:
            if module.call_name(call).rsplit(".", 1)[-1] == "ToolAnnotations" and set(module.kwargs(call)) & set(_MCP_HINTS):
                declared.append(call)
        for node in module.find_all(cst.Dict):
            keys = {string_value(e.key) for e in node.elements if isinstance(e, cst.DictElement)}
            if keys & set(_MCP_HINTS):
                declared.append(node)
        reads = _hint_reads(module)
        if reads:
            out.evidence("P2", "classification", reads[0], f"MCP tool hints decide: {module.code(reads[0], 50)}")
        elif declared:
            out.evidence("P2", "classification", declared[0], f"{len(declared)} MCP tool annotation(s) mark tools "
                         "read-only/destructive; hints only, nothing here decides on them", "weak")
