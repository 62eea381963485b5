"""P9 dynamic-tool-pool: the tools offered to the model are assembled per run from a wider registry."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.permission_words import SETTINGS_OBJECTS, leaves, roots, tokens
from analyzer.facts.python.tool_frameworks import is_anthropic, registration_call
from analyzer.facts.python.tools import assigned_values, callee_name, dispatches, is_toolish, tool_list_values
from analyzer.parse.python import PythonModule, find_all, string_value

# Option keywords that carry a per-run tool pool in the frameworks (besides `tools=`).
_POOL_KEYWORDS = ("allowed_tools", "disallowed_tools", "tools", "agents", "toolsets", "functions")
# Method names that select part of a registry (used with the structure: a call with arguments).
_SELECTING = ("filter", "for_mode", "for_role", "for_agent", "select", "subset", "enabled", "available", "allowed",
              "pool", "tools_for", "get_tools", "resolve", "visible", "permitted", "build_tools", "assemble")
# Method-name shapes that select part of a registry for someone: `for_features(f)`, `by_tags(t)`, `tools_for(role)`.
_SELECTING_PREFIXES = ("for_", "by_", "only_", "matching", "tools_for", "where")
_MUTATORS = ("append", "extend", "remove", "pop", "discard", "add", "insert", "update", "__setitem__")
# Calls that add or remove a tool on a registry, an MCP server or a tool runner.
_REGISTERING = ("register", "register_tool", "register_tools", "add_tool", "add_tools", "remove_tool", "remove_tools",
                "add_function", "register_function", "unregister")
# Word pieces of a run-time mode or flag a start-up condition reads.
_MODE_TOKENS = {"mode", "modes", "flag", "flags", "enable", "enabled", "allow", "allowed", "readonly", "read", "only",
                "profile", "role", "roles", "tier", "feature", "features", "permission", "permissions", "scope",
                "scopes", "safe", "dry", "debug", "config", "settings", "env", "environment", "tenant", "plan",
                "capabilities", "capability", "toolsets", "disabled", "disable", "include", "exclude", "sandbox"}


def _filtering_comprehension(node: cst.CSTNode) -> bool:
    return any(c.for_in.ifs for c in find_all(node, cst.ListComp, cst.GeneratorExp, cst.DictComp, cst.SetComp))


def _conditional_mutation(module: PythonModule, name: str, function: cst.FunctionDef) -> cst.CSTNode | None:
    """`if flag: tools.append(x)` / `else: allowed.remove(y)` / `if run_tests: agents["x"] = ...` in `function`."""
    for branch in find_all(function, cst.If):
        for call in find_all(branch, cst.Call):
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in _MUTATORS \
                    and module.code(call.func.value) == name:
                return branch
        for assign in find_all(branch, cst.Assign):
            for target in assign.targets:
                if isinstance(target.target, cst.Subscript) and module.code(target.target.value) == name:
                    return branch
    return None


def _local_function(module: PythonModule, call: cst.Call) -> cst.FunctionDef | None:
    name = callee_name(call)
    return module.function_named(name) if name else None


def assembled(module: PythonModule, value: cst.BaseExpression, where: cst.CSTNode, depth: int = 2) -> tuple[str, str] | None:
    """Is this tool-list expression computed per run? (strength, how) or None for a fixed list."""
    if isinstance(value, cst.Await):
        value = value.expression
    if _filtering_comprehension(value):
        return "full", f"filtered: {module.code(value, 50)}"
    if any(isinstance(n, cst.IfExp) for n in find_all(value, cst.IfExp)) and isinstance(value, (cst.List, cst.Tuple, cst.Dict)):
        return "full", f"conditional entries: {module.code(value, 50)}"
    if isinstance(value, (cst.ListComp, cst.GeneratorExp, cst.DictComp, cst.SetComp)) and depth:
        return assembled(module, value.for_in.iter, where, depth - 1)  # {s.name: s for s in registry.filter(...)}
    if isinstance(value, cst.Call):
        name = module.call_name(value)
        args = [a for a in value.args]
        local = _local_function(module, value)
        if local is not None and depth:
            for ret in find_all(local, cst.Return):
                if ret.value is not None:
                    found = assembled(module, ret.value, ret, depth - 1)
                    if found:
                        return found[0], f"{local.name.value}() -> {found[1]}"
            for variable in {module.code(r.value) for r in find_all(local, cst.Return) if isinstance(r.value, cst.Name)}:
                branch = _conditional_mutation(module, variable, local)
                if branch is not None:
                    return "full", f"{local.name.value}() adds/removes tools by {module.code(branch.test, 40)}"
            return None
        selecting = any(word in callee_name(value).lower() for word in _SELECTING) \
            or callee_name(value).startswith(_SELECTING_PREFIXES) or callee_name(value).endswith("_for")
        if args and selecting and name not in ("sorted", "list"):
            return "full", f"selected per run by {module.code(value, 50)}"
        if args and callee_name(value) not in ("sorted", "list", "tuple", "set", "dict", "frozenset"):
            return None
        if args and depth:  # sorted(filter(...)) / list(registry.for_mode(mode))
            return assembled(module, args[0].value, where, depth - 1)
        return None
    if isinstance(value, cst.Name) and depth:
        function = module.enclosing_function(where)
        if function is not None:
            branch = _conditional_mutation(module, value.value, function)
            if branch is not None:
                return "full", f"{value.value} adjusted per run ({module.code(branch.test, 40)})"
        for assigned in assigned_values(module, value.value, where):
            found = assembled(module, assigned, where, depth - 1)
            if found:
                return found
    return None


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
        """
import anthropic
client = anthropic.Anthropic()
def run(registry, mode, messages):
    tools = [s.api_schema() for s in registry.list() if mode in s.modes]
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=tools, messages=messages)
""",
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
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            kwargs = module.kwargs(call)
            values = [(k, v) for k, v in kwargs.items() if k in _POOL_KEYWORDS]
            values += [("tools", v) for v in tool_list_values(module, call) if all(v is not w for _, w in values)]
            for key, value in values:
                found = assembled(module, value, call)
                if found:
                    out.evidence("P9", "per-run-assembly", call, f"{key}= {found[1]}", found[0])
                    return
            if self._framework(module, call, kwargs, out):
                return
        if self._conditional_registration(module, out):
            return
        self._dispatch_pool(module, out)

    def _conditional_registration(self, module: PythonModule, out: FactWriter) -> bool:
        """`for fn, hints in CATALOGUE: if mode == "read-only" and not hints.readOnlyHint: continue; server.add_tool(fn)`
        and `if settings.allow_shell: registry.register(shell_spec)`: the served tool set depends on a run flag."""
        for call in module.calls:
            if not self._registers(module, call):
                continue
            function = module.enclosing_function(call)
            if function is None:
                continue
            for guard in _registration_guards(module, call, function):
                flag = _run_flag(module, guard.test, call, function)
                if flag:
                    out.evidence("P9", "per-run-assembly", guard, f"tools registered only when {module.code(guard.test, 50)} "
                                 f"({flag})")
                    return True
        return False

    def _registers(self, module: PythonModule, call: cst.Call) -> bool:
        if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _REGISTERING:
            return False
        if call.func.attr.value in ("add_tools", "remove_tools") and is_anthropic(module, call):
            return True  # the anthropic tool runner's add_tools()/remove_tools()
        return registration_call(module, call) is not None or is_toolish(module.code(call.func.value))

    def _framework(self, module: PythonModule, call: cst.Call, kwargs: dict[str, cst.BaseExpression], out: FactWriter) -> bool:
        enabled = kwargs.get("is_enabled")
        if enabled is not None and module.imports_any("agents") and not (
                isinstance(module.resolve(enabled), cst.Name) and module.resolve(enabled).value in ("True", "False")):
            out.evidence("P9", "per-run-assembly", call, f"is_enabled={module.code(enabled, 30)} decides per run")
            return True
        for key in ("prepare", "prepare_tools"):
            if key in kwargs and module.imports_any("pydantic_ai"):
                out.evidence("P9", "per-run-assembly", call, f"{key}= filters the tools for each step")
                return True
        if "tool_retriever" in kwargs and module.imports_any("llama_index"):
            out.evidence("P9", "per-run-assembly", call, "tool_retriever picks the tools for each request")
            return True
        leaf = callee_name(call)
        if leaf in ("filtered", "prepared") and module.imports_any("pydantic_ai"):
            out.evidence("P9", "per-run-assembly", call, f"toolset .{leaf}() chooses tools per run")
            return True
        if leaf == "LLMToolSelectorMiddleware" and module.imports_any("langchain"):
            out.evidence("P9", "per-run-assembly", call, "LLMToolSelectorMiddleware picks the tools for each query")
            return True
        if leaf == "override" and "tools" in kwargs and module.imports_any("langchain"):
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


def _registration_guards(module: PythonModule, call: cst.Call, function: cst.FunctionDef) -> list[cst.If]:
    """`if` statements in `function` holding `call`, and earlier ones in an enclosing loop body that `continue`."""
    guards = [a for a in module.ancestors(call) if isinstance(a, cst.If) and module.enclosing_function(a) is function]
    line = module.line(call)
    for loop in (a for a in module.ancestors(call) if isinstance(a, (cst.For, cst.While))):
        if module.enclosing_function(loop) is not function or not isinstance(loop.body, cst.IndentedBlock):
            continue
        guards += [s for s in loop.body.body if isinstance(s, cst.If) and module.line(s) < line and leaves(s.body)
                   and find_all(s.body, cst.Continue, shallow=True)]
    return guards


def _run_flag(module: PythonModule, test: cst.BaseExpression, call: cst.Call, function: cst.FunctionDef) -> str:
    """The run-time mode or flag a registration condition reads ("" when it only looks at the tool or the registry)."""
    loop_targets = {n.value for loop in module.ancestors(call) if isinstance(loop, cst.For) for n in find_all(loop.target, cst.Name)}
    receiver = roots(call.func.value) if isinstance(call.func, cst.Attribute) else set()
    used = roots(test) - loop_targets - receiver - {"None", "True", "False"}
    text = module.code(test, 200)
    if not used or (" is None" in text or "is not None" in text) and not find_all(test, cst.BooleanOperation):
        return ""
    params = {p.name.value for p in function.params.params + function.params.kwonly_params}
    for name in sorted(used):
        if name in params and name not in ("self", "cls"):
            return f"parameter {name}"
        if name in SETTINGS_OBJECTS or name == "os" or tokens(name) & _MODE_TOKENS:
            return f"run setting {name}"
    if any(module.call_name(c) in ("os.getenv", "os.environ.get") for c in find_all(test, cst.Call)):
        return "environment variable"
    return ""


def literal_names(module: PythonModule, value: cst.BaseExpression) -> list[str]:
    value = module.resolve(value)
    return [s for s in (string_value(e) for e in find_all(value, cst.SimpleString)) if s] if value is not None else []
