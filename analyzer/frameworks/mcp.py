"""Model Context Protocol servers and clients (`mcp`, `fastmcp`)."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework

FRAMEWORK = Framework(
    id="mcp",
    title="Model Context Protocol",
    kind=AGENT_FRAMEWORK,
    packages=("mcp", "fastmcp"),
    signal_names=("FastMCP", "Server", "ClientSession"),
    tool_decorators=("tool",),  # @mcp.tool()
    permission_hooks=("readOnlyHint", "destructiveHint"),  # ToolAnnotations
    example='''
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP("notes")


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))
def read_note(name: str) -> str:
    """Read a note."""
    with open(f"notes/{name}.md") as handle:
        return handle.read()


if __name__ == "__main__":
    mcp.run()
''',
)
