"""P1 tool-registry: tools declared as data (tool-specs) held where they can be listed and filtered
(registry-query); plus the inventory of tool functions and dispatchers, and HA108."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tools import (
    call_name, class_attr, decorator_name, dispatcher_functions, dispatches, imported_tool_names, is_toolish, spec_dicts, tool_decorator,
    tool_dicts, tool_functions, tool_list_values, tool_names_declared,
)
from analyzer.parse.python import PythonModule, find_all, string_value

# Packages whose agent constructors hold tools as objects they enumerate (name, description, schema).
FRAMEWORK_PACKAGES = ("agents", "langgraph", "langchain", "langchain_core", "langchain_community", "langchain_experimental",
                      "pydantic_ai", "smolagents", "crewai", "crewai_tools", "autogen_agentchat", "autogen", "autogen_core",
                      "autogen_ext", "ag2", "llama_index", "claude_agent_sdk", "claude_code_sdk", "mcp", "fastmcp",
                      "semantic_kernel", "agno", "google.adk", "langgraph_supervisor", "langgraph_swarm")
# Claude Agent SDK options: the CLI's built-in tools (Read, Bash, ...) carry name, description and schema.
CLAUDE_OPTIONS = ("ClaudeAgentOptions", "ClaudeCodeOptions")
_SCHEMA_FIELDS = {"input_schema", "parameters", "schema", "args_schema", "inputs", "json_schema", "params_schema",
                  "params_json_schema", "input_model", "args_model", "arguments"}


def framework_call(module: PythonModule, call: cst.Call) -> bool:
    name = call_name(module, call)
    return any(name == p or name.startswith(p + ".") for p in FRAMEWORK_PACKAGES)


def _has_docstring(function: cst.FunctionDef) -> bool:
    body = function.body.body
    if body and isinstance(body[0], cst.SimpleStatementLine) and body[0].body:
        first = body[0].body[0]
        return isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString))
    return False


def _described(module: PythonModule, function: cst.FunctionDef, decorator: cst.Decorator | None) -> bool:
    if _has_docstring(function):
        return True
    if decorator is not None and isinstance(decorator.decorator, cst.Call):
        kwargs = module.kwargs(decorator.decorator)
        if {"description", "description_override", "desc"} & set(kwargs):
            return True
        positional = [a for a in decorator.decorator.args if a.keyword is None]
        return len(positional) >= 2  # claude_agent_sdk @tool("name", "description", {schema})
    return False


@python_check
class ToolInventory(PythonCheck):
    """Functions the file registers as tools (framework decorators, tool classes, tools= lists, name->function
    dicts, registry.register(fn), getattr prefixes, schema names) and the functions that dispatch a model's
    tool call by name (`TOOLS[name](**args)`, `handlers.get(name)`, `getattr(self, f"tool_{name}")`,
    `registry.execute(name, args)`, `if name == "x": ...` chains)."""

    id = "p1.tool-inventory"
    emits = ("tool", "symbol:tool", "symbol:dispatcher")
    POSITIVE = (
        Example("""
from agents import Agent, function_tool

@function_tool
def get_weather(city: str) -> str:
    \"\"\"Return the weather for a city.\"\"\"
    return "sunny"

agent = Agent(name="Weather", tools=[get_weather])
""", expect="symbol:tool"),
        Example("""
def run_shell(command): ...
def read_file(path): ...
TOOL_FUNCTIONS = {"run_shell": run_shell, "read_file": read_file}

def execute_tool(name, tool_input):
    return TOOL_FUNCTIONS[name](**tool_input)
""", expect="symbol:dispatcher"),
        Example("""
class Tools:
    def tool_search(self, query): ...
    def run(self, call):
        return getattr(self, f"tool_{call.name}")(**call.arguments)
""", expect="symbol:tool"),
        Example("""
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("files")

@mcp.tool()
def list_files(folder: str) -> list[str]:
    \"\"\"List files in a folder.\"\"\"
    return []
""", expect="tool"),
        Example("""
async def handle(name, args):
    if name == "read_file":
        return read_file(args["path"])
    elif name == "write_file":
        return write_file(args["path"], args["content"])
""", expect="symbol:dispatcher"),
    )
    NEGATIVE = (
        # A dict of CLI commands that nothing dispatches by a computed name.
        """
def show_help(): ...
def quit_app(): ...
COMMANDS = {"help": show_help, "quit": quit_app}
""",
        # Indexing data by a loop variable is not a dispatch.
        """
def total(rows):
    out = 0
    for i in range(len(rows)):
        out += rows[i]
    return out
""",
        # A bare @tool decorator nobody imported or defined is not a framework tool.
        Example("""
@tool
def helper(x):
    return x
""", expect="symbol:tool"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for tool in tool_functions(module):
            out.tool(tool.name)
            out.symbol("tool", tool.node)
        for name in tool_names_declared(module) | imported_tool_names(module):
            out.tool(name)
        for function in dispatcher_functions(module):
            out.symbol("dispatcher", function)


@python_check
class ToolSpecs(PythonCheck):
    """Tools declared as data: JSON-schema dicts with name, description and input schema; framework tools whose
    decorator/docstring/signature produce the schema; tool classes with name and description; spec classes
    (a dataclass with name, description and schema fields). Weak when the description is missing."""

    id = "p1.tool-specs"
    emits = ("P1/tool-specs",)
    POSITIVE = (
        Example("""
TOOLS = [{
    "name": "run_shell",
    "description": "Run a shell command.",
    "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}},
}]
""", strength="full"),
        Example("""
from langchain_core.tools import tool

@tool
def search(query: str) -> str:
    \"\"\"Search the web for a query.\"\"\"
    return ""
""", strength="full"),
        Example("""
from claude_agent_sdk import tool

@tool("greet", "Greet a user by name", {"name": str})
async def greet(args):
    return {"content": [{"type": "text", "text": f"Hello, {args['name']}"}]}
""", strength="full"),
        Example("""
from crewai.tools import BaseTool
from pydantic import BaseModel

class Query(BaseModel):
    q: str

class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the docs."
    args_schema: type[BaseModel] = Query
    def _run(self, q: str) -> str:
        return ""
""", strength="full"),
        Example("""
from dataclasses import dataclass
@dataclass
class ToolSpec:
    name: str
    description: str
    input_schema: dict
    handler: object
""", strength="full"),
        Example("""
from agents import function_tool

@function_tool
def fetch(url: str) -> str:
    return ""
""", strength="weak"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(allowed_tools=["Read", "Grep"])
""", strength="full"),
    )
    NEGATIVE = (
        # A function dict with no schema is not a spec.
        """
def run(cmd): ...
TOOL_FUNCTIONS = {"run": run}
""",
        # An empty placeholder class.
        """
class ToolSpec:
    pass
""",
        # A config dict with a name but no schema.
        'SETTINGS = {"name": "bot", "model": "gpt-4o"}\n',
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        specs = spec_dicts(module)
        if specs:
            described = [s for s in specs if any(isinstance(e, cst.DictElement) and string_value(e.key) == "description"
                                                 for e in s.elements)]
            out.evidence("P1", "tool-specs", specs[0], f"{len(specs)} JSON-schema tool spec(s) with name and input schema",
                         "full" if described else "weak")
        for tool in tool_functions(module):
            if isinstance(tool.node, cst.FunctionDef):
                decorator = tool_decorator(module, tool.node)
                if decorator is None:
                    continue
                strength = "full" if _described(module, tool.node, decorator) else "weak"
                out.evidence("P1", "tool-specs", decorator, f"{tool.how} tool {tool.name} (schema from signature)", strength)
            else:
                has = {a for a in ("name", "description") if class_attr(tool.node, a) is not None}
                if "description" in has or _has_docstring_class(tool.node):
                    out.evidence("P1", "tool-specs", tool.node, f"tool class {tool.name} with name/description", "full")
        for call in module.calls:
            self._wrapper(module, call, out)
            if module.call_name(call).rsplit(".", 1)[-1] in CLAUDE_OPTIONS and framework_call(module, call):
                out.evidence("P1", "tool-specs", call, "Claude Code built-in tools (name, description, schema in the CLI)")
        for cls in module.classes:
            fields = _field_names(cls)
            if "name" in fields and "description" in fields and fields & _SCHEMA_FIELDS:
                out.evidence("P1", "tool-specs", cls, f"spec class {cls.name.value} ({', '.join(sorted(fields))})", "full")

    def _wrapper(self, module: PythonModule, call: cst.Call, out: FactWriter) -> None:
        """FunctionTool(name=..., description=..., params_json_schema=...), StructuredTool.from_function(...)."""
        leaf = call_name(module, call).rsplit(".", 1)[-1]
        if not framework_call(module, call):
            return
        if leaf.endswith("Tool") and leaf not in ("FunctionTool", "StructuredTool", "Tool", "BaseTool"):
            # a ready-made framework tool (ShellTool, QueryEngineTool, PythonCodeExecutionTool) carries its own spec
            out.evidence("P1", "tool-specs", call, f"framework tool object {leaf}")
            return
        if leaf not in ("from_defaults", "from_function", "FunctionTool", "StructuredTool", "Tool"):
            return
        kwargs = module.kwargs(call)
        strength = "full" if "description" in kwargs else "weak"
        out.evidence("P1", "tool-specs", call, f"framework tool object {module.code(call, 60)}", strength)


def _has_docstring_class(cls: cst.ClassDef) -> bool:
    body = cls.body.body
    return bool(body) and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
        and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _field_names(cls: cst.ClassDef) -> set[str]:
    names = set()
    for statement in cls.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    names.add(small.target.value)
    return names


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
    an MCP `list_tools` handler, or a framework agent/tool node that holds tool objects it enumerates.
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
""", expect="P1/registry-query", strength="full"),
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
            if not framework_call(module, call):
                continue
            leaf = call_name(module, call).rsplit(".", 1)[-1]
            if leaf in CLAUDE_OPTIONS:
                out.evidence("P1", "registry-query", call, f"{leaf}: Claude Code's built-in tool registry, "
                             "filtered by name through allowed_tools/disallowed_tools")
                return
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


def _allowlisted(module: PythonModule, function: cst.FunctionDef, callers: list[cst.FunctionDef]) -> bool:
    """Is there a membership/prefix check on a name on the dispatch path (the dispatcher or its callers)?"""
    for scope in [function, *callers]:
        for node in find_all(scope, cst.If, cst.Assert, cst.IfExp, cst.While):
            test = node.test
            for compare in find_all(test, cst.Comparison):
                if any(isinstance(t.operator, (cst.In, cst.NotIn)) for t in compare.comparisons):
                    return True
            if any(isinstance(c.func, cst.Attribute) and c.func.attr.value == "startswith" for c in find_all(test, cst.Call)):
                return True
    return False


@python_check
class UncheckedDispatch(PythonCheck):
    """HA108: a tool chosen by the model is looked up with `getattr(obj, name)`, `globals()[name]` or
    `eval(name)` and called, with no allowlist (membership or prefix check) on the dispatch path, so the
    model can reach any attribute or function, not only the tools."""

    id = "p1.unchecked-dispatch"
    emits = ("HA108",)
    POSITIVE = (
        """
class Agent:
    def run_tool(self, call):
        return getattr(self, call.name)(**call.arguments)
""",
        """
def dispatch(tool_call):
    fn = globals()[tool_call["name"]]
    return fn(**tool_call["args"])
""",
    )
    NEGATIVE = (
        # Checked against an allowlist first.
        """
ALLOWED = {"search", "read"}
class Agent:
    def run_tool(self, call):
        if call.name not in ALLOWED:
            return "unknown tool"
        return getattr(self, call.name)(**call.arguments)
""",
        # Only methods with the tool_ prefix are reachable.
        """
class Agent:
    def run_tool(self, call):
        return getattr(self, f"tool_{call.name}")(**call.arguments)
""",
        # A dict lookup can only reach what the dict holds.
        """
def execute(name, args):
    return TOOL_FUNCTIONS[name](**args)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for dispatch in dispatches(module):
            if dispatch.kind not in ("getattr", "globals", "eval") or dispatch.function is None:
                continue
            if dispatch.kind == "getattr" and dispatch.name_expr is not None and (
                    isinstance(dispatch.name_expr, cst.FormattedString) and _prefix(dispatch.name_expr)):
                continue
            callers = [f for f in module.functions
                       if any(isinstance(c.func, (cst.Name, cst.Attribute)) and
                              (c.func.value if isinstance(c.func, cst.Name) else c.func.attr.value) == dispatch.function.name.value
                              for c in find_all(f, cst.Call))]
            if _allowlisted(module, dispatch.function, callers):
                continue
            out.hit("HA108", dispatch.node,
                    f"{dispatch.kind} dispatch by a computed name ({module.code(dispatch.name_expr or dispatch.node, 40)}) "
                    f"with no allowlist check")


def _prefix(node: cst.FormattedString) -> str:
    first = node.parts[0] if node.parts else None
    return first.value if isinstance(first, cst.FormattedStringText) else ""
