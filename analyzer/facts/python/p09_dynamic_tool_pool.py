"""P9 dynamic-tool-pool: the tools offered to the model are assembled per run from a wider registry."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tool_frameworks import is_anthropic, tool_server
from analyzer.facts.python.tool_pool import (
    POOL_KEYWORDS, REGISTERING, assembled, callable_filter, registration_guards, run_flag,
)
from analyzer.facts.python.tools import decorator_name, dispatches, is_toolish, tool_list_values
from analyzer.parse.python import PythonModule, call_tail, find_all

_AGENTS = frameworks.packages("openai-agents")
_PYDANTIC_AI = frameworks.packages("pydantic-ai")
_LLAMA = frameworks.packages("llamaindex")
_LANGCHAIN = frameworks.packages("langchain")


@python_check
class PerRunToolPool(PythonCheck):
    """The tool list handed to the model or agent is computed per run: a filtering comprehension over the
    registry, a registry selection by mode/permission/names (`registry.for_mode(mode)`,
    `registry.for_features(features)`), a list adjusted by run flags, a dispatch pool built from such a
    selection, tools registered at start-up only when a mode/flag allows (`if mode == "read-only" and not
    hints.readOnlyHint: continue` before `server.add_tool(...)`), Agents SDK `is_enabled=<callable>`,
    pydantic-ai `prepare=`/`prepare_tools=`/`.filtered()`, LangChain `LLMToolSelectorMiddleware`. A constant
    list, a registry filter used only to print a listing, or a duplicate check while registering, is not."""

    id = "p9.per-run-tool-pool"
    emits = ("P9/per-run-assembly",)
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(registry, mode, messages):
    tools = [s.api_schema() for s in registry.list() if mode in s.modes]
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=tools, messages=messages)
""", line=6, message="tools= filtered: [s.api_schema() for s in registry.list() if mode …"),
        """
from agents import Agent, function_tool

def admin_only(ctx, agent):
    return ctx.context.user.is_admin

@function_tool(is_enabled=admin_only)
def delete_user(user_id: str) -> str:
    \"\"\"Delete a user.\"\"\"
    return user_id
""",
        """
from claude_agent_sdk import ClaudeAgentOptions
import shutil
def build_options(run_tests):
    allowed = ["Read", "Grep"]
    if run_tests:
        allowed.append("Bash")
    return ClaudeAgentOptions(allowed_tools=allowed)
""",
        """
class Runner:
    def __init__(self, registry, scenario):
        self.pool = {s.name: s for s in registry.filter(names=scenario.tools)}
    def dispatch(self, call):
        spec = self.pool.get(call["name"])
        return spec.fn(**call["arguments"])
""",
        # A tool set assembled at start-up by a mode flag from a catalogue (MCP server, read-only mode).
        Example("""
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

def build_server(ws, mode):
    server = FastMCP("workspace")
    catalogue = [(ws.read_file, ToolAnnotations(readOnlyHint=True)),
                 (ws.delete_path, ToolAnnotations(readOnlyHint=False, destructiveHint=True))]
    for fn, hints in catalogue:
        if mode == "read-only" and not hints.readOnlyHint:
            continue
        server.add_tool(fn, name=fn.__name__, annotations=hints)
    return server
""", strength="full"),
        # The registry selects the tools a tenant's features allow, per request.
        Example("""
import anthropic
client = anthropic.AsyncAnthropic()

async def run_turn(registry, settings, state):
    tools = registry.for_features(settings.tenant_features[state.tenant_id])
    return await client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=state.messages,
                                        tools=[spec.to_param() for spec in tools])
""", strength="full"),
        # A tool registered only when a setting allows it.
        Example("""
def build_registry(settings):
    registry = ToolRegistry()
    registry.register(read_spec)
    if settings.allow_shell:
        registry.register(shell_spec)
    return registry
""", strength="full"),
        # Agents SDK MCP server with a tool filter function that sees the run context.
        Example("""
from agents import Agent
from agents.mcp import MCPServerStdio

def allowed_for_user(context, tool):
    return not tool.name.startswith("write_") or context.run_context.context.is_admin

server = MCPServerStdio(params={"command": "mcp-fs"}, tool_filter=allowed_for_user)
""", strength="full"),
        # A low-level MCP server answering tools/list by a read-only mode.
        Example("""
import os
import mcp.types as types
from mcp.server import Server

app = Server("ops")

@app.list_tools()
async def list_tools() -> list[types.Tool]:
    if os.getenv("OPS_READ_ONLY") == "1":
        return READ_TOOLS
    return READ_TOOLS + WRITE_TOOLS
""", strength="full"),
    )
    NEGATIVE = (
        # The same constant list every run.
        """
import anthropic
TOOLS = [{"name": "run", "description": "Run", "input_schema": {}}]
client = anthropic.Anthropic()
def run(messages):
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS, messages=messages)
""",
        # A registry filter used only by a listing command.
        """
def list_tools(registry, tier):
    for spec in registry.filter(tiers=[tier]):
        print(spec.name, spec.description)
""",
        # Skipping duplicates while registering a catalogue is not selection by a run flag.
        """
def build_registry(specs):
    registry = ToolRegistry()
    for spec in specs:
        if spec.name in registry.names():
            continue
        registry.register(spec)
    return registry
""",
        # An MCP server that registers every tool of its catalogue, always.
        """
from mcp.server.fastmcp import FastMCP

def build_server(ws):
    server = FastMCP("workspace")
    for fn in (ws.read_file, ws.write_file):
        if fn is None:
            continue
        server.add_tool(fn, name=fn.__name__)
    return server
""",
        # is_enabled with a constant is not per-run selection.
        """
from agents import function_tool
@function_tool(is_enabled=True)
def ping() -> str:
    \"\"\"Ping.\"\"\"
    return "pong"
""",
        # A static allow/deny filter gives the same tools every run.
        """
from agents.mcp import MCPServerStdio
from agents.mcp.util import create_static_tool_filter

server = MCPServerStdio(params={"command": "mcp-fs"},
                        tool_filter=create_static_tool_filter(allowed_tool_names=["read_file"], blocked_tool_names=["write_file"]))
""",
        # An MCP tools/list handler that always answers with the same catalogue.
        """
import mcp.types as types
from mcp.server import Server

app = Server("ops")

@app.list_tools()
async def list_tools() -> list[types.Tool]:
    return ALL_TOOLS
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            kwargs = module.kwargs(call)
            values = [(k, v) for k, v in kwargs.items() if k in POOL_KEYWORDS]
            values += [("tools", v) for v in tool_list_values(module, call) if all(v is not w for _, w in values)]
            for key, value in values:
                found = assembled(module, value, call)
                if found:
                    out.evidence("P9", "per-run-assembly", call, f"{key}= {found[1]}", found[0])
                    return
            if self._framework(module, call, kwargs, out):
                return
        if self._conditional_registration(module, out) or self._listing_handler(module, out):
            return
        self._dispatch_pool(module, out)

    def _listing_handler(self, module: PythonModule, out: FactWriter) -> bool:
        """An MCP `@server.list_tools()` handler whose answer depends on the run: it filters the catalogue or
        returns a different list under a mode flag."""
        for function in module.functions:
            if not any(decorator_name(module, d).endswith(".list_tools") for d in function.decorators):
                continue
            for ret in find_all(function, cst.Return):
                if ret.value is None:
                    continue
                found = assembled(module, ret.value, ret)
                if found:
                    out.evidence("P9", "per-run-assembly", ret, f"list_tools answers with {found[1]}", found[0])
                    return True
                for guard in (a for a in module.ancestors(ret) if isinstance(a, cst.If)):
                    flag = run_flag(module, guard.test, ret, function)
                    if flag:
                        out.evidence("P9", "per-run-assembly", guard, f"list_tools answers differently when "
                                     f"{module.code(guard.test, 40)} ({flag})")
                        return True
        return False

    def _conditional_registration(self, module: PythonModule, out: FactWriter) -> bool:
        """`for fn, hints in CATALOGUE: if mode == "read-only" and not hints.readOnlyHint: continue; server.add_tool(fn)`
        and `if settings.allow_shell: registry.register(shell_spec)`: the served tool set depends on a run flag."""
        for call in module.calls:
            if not self._registers(module, call):
                continue
            function = module.enclosing_function(call)
            if function is None:
                continue
            for guard in registration_guards(module, call, function):
                flag = run_flag(module, guard.test, call, function)
                if flag:
                    out.evidence("P9", "per-run-assembly", guard, f"tools registered only when {module.code(guard.test, 50)} "
                                 f"({flag})")
                    return True
        return False

    def _registers(self, module: PythonModule, call: cst.Call) -> bool:
        if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in REGISTERING:
            return False
        if call.func.attr.value in ("add_tools", "remove_tools") and is_anthropic(module, call):
            return True  # the anthropic tool runner's add_tools()/remove_tools()
        return tool_server(module, call.func.value) is not None or is_toolish(module.code(call.func.value))

    def _framework(self, module: PythonModule, call: cst.Call, kwargs: dict[str, cst.BaseExpression], out: FactWriter) -> bool:
        enabled = kwargs.get("is_enabled")
        if enabled is not None and module.imports_any(*_AGENTS) and not (
                isinstance(module.resolve(enabled), cst.Name) and module.resolve(enabled).value in ("True", "False")):
            out.evidence("P9", "per-run-assembly", call, f"is_enabled={module.code(enabled, 30)} decides per run")
            return True
        tool_filter = kwargs.get("tool_filter")
        if tool_filter is not None and module.imports_any(*_AGENTS) and callable_filter(module, tool_filter):
            out.evidence("P9", "per-run-assembly", call, f"tool_filter={module.code(tool_filter, 30)} picks the MCP "
                         "tools offered on each run")
            return True
        for key in ("prepare", "prepare_tools"):
            if key in kwargs and module.imports_any(*_PYDANTIC_AI):
                out.evidence("P9", "per-run-assembly", call, f"{key}= filters the tools for each step")
                return True
        if "tool_retriever" in kwargs and module.imports_any(*_LLAMA):
            out.evidence("P9", "per-run-assembly", call, "tool_retriever picks the tools for each request")
            return True
        leaf = call_tail(call)
        if leaf in ("filtered", "prepared") and module.imports_any(*_PYDANTIC_AI):
            out.evidence("P9", "per-run-assembly", call, f"toolset .{leaf}() chooses tools per run")
            return True
        if leaf == "LLMToolSelectorMiddleware" and module.imports_any(*_LANGCHAIN):
            out.evidence("P9", "per-run-assembly", call, "LLMToolSelectorMiddleware picks the tools for each query")
            return True
        if leaf == "override" and "tools" in kwargs and module.imports_any(*_LANGCHAIN):
            out.evidence("P9", "per-run-assembly", call, "wrap_model_call middleware overrides request.tools")
            return True
        return False

    def _dispatch_pool(self, module: PythonModule, out: FactWriter) -> None:
        containers = {d.container for d in dispatches(module) if d.kind in ("dict", "registry")}
        for container in containers:
            for value in module.assignments.get(container, []):
                found = assembled(module, value, value)
                if found and any(c.args for c in find_all(value, cst.Call)):
                    out.evidence("P9", "per-run-assembly", value, f"dispatch pool {container} {found[1]}", found[0])
                    return
