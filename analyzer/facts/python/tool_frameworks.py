"""What the agent frameworks provide for tools: the packages whose agent constructors hold tool objects,
the Claude Agent SDK options that configure the tool set, MCP servers that register and list tools, and
the anthropic SDK's tool runner and ready-made tools. Not a check."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.python.tool_syntax import call_name
from analyzer.parse.python import PythonModule, call_tail

# Packages whose agent constructors hold tools as objects they enumerate (name, description, schema).
FRAMEWORK_PACKAGES = frameworks.agent_framework_packages()
_CLAUDE = frameworks.framework("claude-agent-sdk")
# Claude Agent SDK options: the CLI's built-in tools (Read, Bash, ...) carry name, description and schema.
CLAUDE_OPTIONS = _CLAUDE.options_classes
# Options that choose the tools a Claude Code session has: built-in tools by name, MCP servers, sub-agents.
# `system_prompt`, `can_use_tool` or `max_turns` alone configure no tool: the session then has the CLI's
# default toolset, which the project neither declares nor filters.
CLAUDE_TOOL_OPTIONS = _CLAUDE.tool_options
# Methods that register a tool on an MCP server or a framework tool holder (`server.add_tool(fn, name=...)`).
TOOL_REGISTRATION_METHODS = ("add_tool", "add_tools", "register_tool", "register_tools", "add_function")
# Keywords through which a framework agent receives tool servers rather than tools (Agents SDK `mcp_servers=`,
# pydantic-ai `toolsets=`): the framework lists the servers' tools (name, description, schema) on each run.
TOOL_SERVER_KEYWORDS = frameworks.tool_server_keywords()
# The anthropic SDK's tool runner holds tool objects (name, description, input schema) and runs them by name.
_ANTHROPIC = frameworks.framework("anthropic")
ANTHROPIC_RUNNERS = _ANTHROPIC.run_calls
# anthropic helpers that turn an MCP tool into a runnable tool with the MCP tool's name, description and schema.
ANTHROPIC_MCP_WRAPPERS = ("mcp_tool", "async_mcp_tool")


def framework_call(module: PythonModule, call: cst.Call) -> bool:
    name = call_name(module, call)
    return any(name == p or name.startswith(p + ".") for p in FRAMEWORK_PACKAGES)


def non_empty(module: PythonModule, node: cst.BaseExpression) -> bool:
    """Not a literal empty collection and not None (a computed value counts as non-empty)."""
    node = module.resolve(node)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
        return bool(node.elements)
    return not (isinstance(node, cst.Name) and node.value == "None")


def claude_tool_options(module: PythonModule, call: cst.Call) -> list[str]:
    """The options of a `ClaudeAgentOptions(...)` call that configure its tool set (non-empty values only)."""
    if call_name(module, call).rsplit(".", 1)[-1] not in CLAUDE_OPTIONS or not framework_call(module, call):
        return []
    kwargs = module.kwargs(call)
    return [key for key in CLAUDE_TOOL_OPTIONS if key in kwargs and non_empty(module, kwargs[key])]


def is_anthropic(module: PythonModule, call: cst.Call) -> bool:
    name = call_name(module, call)
    return _ANTHROPIC.owns(name) and "." in name or module.imports_any(*_ANTHROPIC.packages) and "." in name


def is_tool_runner(module: PythonModule, call: cst.Call) -> bool:
    """`client.beta.messages.tool_runner(tools=[...], ...)` of the anthropic SDK."""
    return call_tail(call) in ANTHROPIC_RUNNERS and is_anthropic(module, call)


def anthropic_tool_object(module: PythonModule, call: cst.Call) -> str | None:
    """A ready-made anthropic SDK tool (`BetaLocalFilesystemMemoryTool()`) or an MCP tool wrapped for the runner
    (`async_mcp_tool(t, session)`): its leaf name, else None."""
    name = call_name(module, call)
    leaf = name.rsplit(".", 1)[-1]
    if not (_ANTHROPIC.owns(name) and "." in name):
        return None
    if leaf.endswith("Tool") or leaf in ANTHROPIC_MCP_WRAPPERS:
        return leaf
    return None


def tool_server(module: PythonModule, receiver: cst.BaseExpression) -> str | None:
    """The framework class a receiver was built from, when it is a tool holder (`server = FastMCP("x")`)."""
    dotted = module.dotted(receiver) or ""
    framework = any(dotted == p or dotted.startswith(p + ".") for p in FRAMEWORK_PACKAGES)
    if framework and dotted.split(".")[-1][:1].isupper():
        return dotted
    return None


def registration_call(module: PythonModule, call: cst.Call) -> str | None:
    """`server.add_tool(fn, name=..., annotations=...)` on an MCP server or framework tool holder: the holder's
    class, else None."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in TOOL_REGISTRATION_METHODS:
        return None
    return tool_server(module, call.func.value)


def tool_server_option(module: PythonModule, call: cst.Call) -> str | None:
    """`Agent(mcp_servers=[server])` / `Agent(toolsets=[...])` of a framework (not Claude options): the keyword."""
    if not framework_call(module, call) or call_name(module, call).rsplit(".", 1)[-1] in CLAUDE_OPTIONS:
        return None
    kwargs = module.kwargs(call)
    return next((k for k in TOOL_SERVER_KEYWORDS if k in kwargs and non_empty(module, kwargs[k])), None)
