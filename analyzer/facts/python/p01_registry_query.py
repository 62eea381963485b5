"""P1 registry-query: tools held where they can be listed and filtered without running anything."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tool_frameworks import (
    CLAUDE_OPTIONS, claude_tool_options, framework_call, is_tool_runner, registration_call, tool_server_option,
)
from analyzer.facts.python.tools import (
    call_name, decorator_name, dispatches, is_toolish, spec_dicts, tool_decorator, tool_dicts, tool_functions,
    tool_list_values,
)
from analyzer.parse.python import PythonModule, call_tail, find_all


def _stores(cls: cst.ClassDef) -> set[str]:
    """Attributes of `self` the class writes tools into: `self._specs[name] = spec`, `self.tools.append(t)`."""
    stores = set()
    for node in find_all(cls, cst.Assign):
        for target in node.targets:
            if isinstance(target.target, cst.Subscript) and isinstance(target.target.value, cst.Attribute) \
                    and isinstance(target.target.value.value, cst.Name) and target.target.value.value.value == "self":
                stores.add(target.target.value.attr.value)
    for call in find_all(cls, cst.Call):
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("append", "extend", "add", "update", "setdefault") \
                and isinstance(func.value, cst.Attribute) and isinstance(func.value.value, cst.Name) \
                and func.value.value.value == "self":
            stores.add(func.value.attr.value)
    return stores


def _uses_store(node: cst.CSTNode, stores: set[str]) -> bool:
    return any(isinstance(a.value, cst.Name) and a.value.value == "self" and a.attr.value in stores
               for a in find_all(node, cst.Attribute))


@python_check
class RegistryQuery(PythonCheck):
    """A registry that can be listed and filtered without running anything: a class that stores tools and has
    a list or filter method (full; get-by-name only is weak), a function filtering a module-level spec list,
    an MCP `list_tools` handler or client call, an MCP server the code registers tools on (`add_tool`), the
    anthropic `tool_runner`, Claude Agent SDK options that choose the tool set, or a framework agent/tool node
    that holds tool objects it enumerates.
    `llm.bind_tools(tools)` alone is weak: the list only reaches the model."""

    id = "p1.registry-query"
    emits = ("P1/registry-query", "symbol:registry")
    POSITIVE = (
        Example("""
class ToolRegistry:
    def __init__(self):
        self._specs = {}
    def register(self, spec):
        self._specs[spec.name] = spec
    def get(self, name):
        return self._specs.get(name)
    def filter(self, tier):
        return [s for s in self._specs.values() if s.tier == tier]
""", expect="P1/registry-query", strength="full",
                line=9, message="ToolRegistry.filter() lists/filters registered tools"),
        Example("""
from langgraph.prebuilt import create_react_agent
from langchain_core.tools import tool

@tool
def search(q: str) -> str:
    \"\"\"Search.\"\"\"
    return ""

agent = create_react_agent("openai:gpt-4o", tools=[search])
""", expect="P1/registry-query", strength="full"),
        Example("""
TOOLS = [{"name": "read", "description": "Read", "input_schema": {}, "read_only": True}]
def read_only_tools():
    return [t for t in TOOLS if t["read_only"]]
""", expect="P1/registry-query", strength="full"),
        Example("""
class ToolBox:
    def __init__(self):
        self.tools = {}
    def add_tool(self, fn):
        self.tools[fn.__name__] = fn
    def get(self, name):
        return self.tools[name]
""", expect="P1/registry-query", strength="weak"),
        # FastMCP registration by code: the server lists its tools to clients (tools/list).
        Example("""
from mcp.server.fastmcp import FastMCP

def build_server(workspace):
    server = FastMCP("workspace")
    for fn in (workspace.read_file, workspace.list_dir):
        server.add_tool(fn, name=fn.__name__)
    return server
""", expect="P1/registry-query", strength="full"),
        # The anthropic SDK tool runner holds the tool objects and runs them by name.
        Example("""
from anthropic import Anthropic, beta_tool
client = Anthropic()

@beta_tool
def get_weather(city: str) -> str:
    \"\"\"Weather for a city.\"\"\"
    return "sunny"

runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=[get_weather], messages=[])
""", expect="P1/registry-query", strength="full"),
        # An MCP client lists the server's tools before handing them to the model.
        Example("""
from mcp import ClientSession

async def load_tools(session: ClientSession):
    listed = await session.list_tools()
    return [t for t in listed.tools if not t.name.startswith("admin_")]
""", expect="P1/registry-query", strength="full"),
        # Agents SDK agent whose tools come from an MCP server: the SDK lists them by name each run.
        Example("""
from agents import Agent
from agents.mcp import MCPServerStdio

async def build(root):
    server = MCPServerStdio(name="fs", params={"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", root]})
    return Agent(name="Files", instructions="Use the file tools.", mcp_servers=[server])
""", expect="P1/registry-query", strength="full"),
    )
    NEGATIVE = (
        # A static schema list plus a name->function dict: nothing lists or filters it.
        """
import anthropic
TOOLS = [{"name": "run", "description": "Run", "input_schema": {}}]
def run(cmd): ...
TOOL_FUNCTIONS = {"run": run}
client = anthropic.Anthropic()
client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS, messages=[])
""",
        # A registry class that only stores: no query at all.
        """
class ToolRegistry:
    def __init__(self):
        self._tools = {}
    def register(self, name, fn):
        self._tools[name] = fn
""",
        # Claude Agent SDK options that choose no tool: nothing is listed or filtered by the project.
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(system_prompt="You are terse.", max_turns=3)
""",
        # A cache class with list/get has nothing to do with tools.
        """
class LRUCache:
    def __init__(self):
        self._items = {}
    def put(self, key, value):
        self._items[key] = value
    def keys(self):
        return list(self._items)
""",
        # An agent given no tools and no tool servers.
        """
from agents import Agent
agent = Agent(name="Haiku", instructions="Answer in haiku.", mcp_servers=[])
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        tool_file = bool(tool_functions(module) or spec_dicts(module) or tool_dicts(module) or dispatches(module))
        for cls in module.classes:
            self._registry_class(module, cls, tool_file, out)
        self._module_filters(module, out)
        self._frameworks(module, out)

    def _registry_class(self, module: PythonModule, cls: cst.ClassDef, tool_file: bool, out: FactWriter) -> None:
        stores = _stores(cls)
        if not stores or not (is_toolish(cls.name.value) or tool_file):
            return
        listing, getting = None, None
        for method in find_all(cls, cst.FunctionDef):
            if method.name.value.startswith("__"):
                continue
            for ret in find_all(method, cst.Return):
                if ret.value is None or not _uses_store(ret.value, stores) and not _returns_self_listing(ret.value):
                    continue
                if find_all(ret.value, cst.ListComp, cst.GeneratorExp, cst.DictComp) or \
                        any(module.call_name(c) in ("sorted", "list", "tuple", "filter") for c in find_all(ret.value, cst.Call)) \
                        or any(isinstance(c.func, cst.Attribute) and c.func.attr.value in ("values", "keys", "items")
                               for c in find_all(ret.value, cst.Call)):
                    listing = listing or method
                elif find_all(ret.value, cst.Subscript) or any(
                        isinstance(c.func, cst.Attribute) and c.func.attr.value == "get" for c in find_all(ret.value, cst.Call)):
                    getting = getting or method
        if listing is not None:
            out.evidence("P1", "registry-query", listing, f"{cls.name.value}.{listing.name.value}() lists/filters registered tools")
            out.symbol("registry", cls)
        elif getting is not None:
            out.evidence("P1", "registry-query", getting,
                         f"{cls.name.value}.{getting.name.value}() looks a tool up by name; nothing lists or filters", "weak")
            out.symbol("registry", cls)

    def _module_filters(self, module: PythonModule, out: FactWriter) -> None:
        collections = {name for name, values in module.assignments.items()
                       if any(isinstance(v, (cst.List, cst.Tuple)) and any(d in spec_dicts(module) for d in find_all(v, cst.Dict))
                              for v in values)}
        collections |= set(tool_dicts(module))
        if not collections:
            return
        for function in module.functions:
            for comp in find_all(function, cst.ListComp, cst.GeneratorExp, cst.DictComp):
                generator = comp.for_in
                if generator.ifs and module.code(generator.iter).split(".")[0].split("(")[0] in collections | {
                        c + "" for c in collections}:
                    out.evidence("P1", "registry-query", comp, f"{function.name.value}() filters {module.code(generator.iter)}")
                    return

    def _frameworks(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            holder = registration_call(module, call)
            if holder is not None:
                out.evidence("P1", "registry-query", call, f"{holder.rsplit('.', 1)[-1]} registers the tool and lists "
                             "its tools to clients (tools/list)")
                return
            if is_tool_runner(module, call) and tool_list_values(module, call):
                out.evidence("P1", "registry-query", call, "anthropic tool_runner holds the tool objects (name, "
                             "description, schema) and runs them by name")
                return
            server_option = tool_server_option(module, call)
            if server_option:
                out.evidence("P1", "registry-query", call, f"{call_name(module, call).rsplit('.', 1)[-1]}({server_option}=...) "
                             "lists the servers' tools by name on each run")
                return
            if call_tail(call) == "list_tools" and not call.args and module.imports_any(*frameworks.packages("mcp"), "agents.mcp") \
                    and module.enclosing_function(call) is not None and not isinstance(module.parent(call), cst.Decorator):
                out.evidence("P1", "registry-query", call, f"{module.code(call.func, 40)}() lists the MCP server's tools")
                return
            if not framework_call(module, call):
                continue
            leaf = call_name(module, call).rsplit(".", 1)[-1]
            if leaf in CLAUDE_OPTIONS:
                configured = claude_tool_options(module, call)
                if configured:
                    out.evidence("P1", "registry-query", call, f"{leaf}: Claude Code's tool registry, chosen and "
                                 f"filtered by {', '.join(configured)}")
                    return
                continue
            if leaf in ("AgentDefinition",):
                continue  # its tools= are names of tools held elsewhere
            values = tool_list_values(module, call)
            if values:
                weak = leaf in ("bind_tools", "bind_functions")
                out.evidence("P1", "registry-query", call,
                             f"{leaf}(...) {'binds' if weak else 'holds'} tool objects"
                             + (" to the model only" if weak else " the framework lists by name"),
                             "weak" if weak else "full")
                return
        # @agent.tool / @mcp.tool(): the object the decorator registers on holds the tools.
        for function in module.functions:
            decorator = tool_decorator(module, function)
            target = decorator.decorator if decorator is not None else None
            target = target.func if isinstance(target, cst.Call) else target
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
                holder = module.assignments.get(target.value.value, [])
                node = holder[0] if holder else decorator
                if holder and isinstance(holder[0], cst.Call) and framework_call(module, holder[0]):
                    out.evidence("P1", "registry-query", node,
                                 f"{target.value.value} ({module.call_name(holder[0])}) registers and lists its tools")
                    return
        for function in module.functions:
            for decorator in function.decorators:
                if decorator_name(module, decorator).endswith(".list_tools"):
                    out.evidence("P1", "registry-query", decorator, "MCP list_tools handler enumerates the tools")
                    return


def _returns_self_listing(node: cst.BaseExpression) -> bool:
    # return [s for s in self.list() if ...]
    return any(isinstance(c.func, cst.Attribute) and isinstance(c.func.value, cst.Name) and c.func.value.value == "self"
               for c in find_all(node, cst.Call)) and bool(find_all(node, cst.ListComp, cst.GeneratorExp))
