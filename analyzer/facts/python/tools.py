"""Shared look-ups for tools: which functions are tools, where the model's tool call is dispatched,
and which functions of the file reach which nodes.

Not a check. The P1, P2, P9, P11, P12 and exposure checks build on these so that "is this a
tool" and "is this the dispatch path" are decided in one place. Everything is memoised on the
module (`module.memo`) because several checks ask the same questions of one file.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer.parse.python import PythonModule, find_all, string_value

# Decorator leaf names that make a function a tool in the frameworks we know:
# agents SDK `@function_tool`, LangChain/smolagents/CrewAI/Claude SDK `@tool`, pydantic-ai
# `@agent.tool`/`@agent.tool_plain`, MCP `@mcp.tool()`, Semantic Kernel `@kernel_function`,
# AutoGen 0.2 `@assistant.register_for_llm`, anthropic `@beta_tool`, and home-made `@register_tool`.
_TOOL_DECORATOR_LEAVES = {"tool", "function_tool", "tool_plain", "kernel_function", "register_for_llm",
                          "register_tool", "ai_function", "llm_tool",
                          "beta_tool", "beta_async_tool"}  # anthropic SDK tool runner
# Base classes whose subclasses are tools (LangChain/CrewAI BaseTool, smolagents Tool, ...).
_TOOL_BASES = {"BaseTool", "Tool", "StructuredTool", "AsyncBaseTool", "FunctionTool"}
_TOOL_BASE_PACKAGES = ("langchain", "langchain_core", "langchain_community", "crewai", "crewai_tools",
                       "smolagents", "llama_index", "autogen_core", "autogen_ext", "transformers")
# Constructors that wrap a function into a tool object: the wrapped function is a tool.
_TOOL_WRAPPERS = {"from_defaults", "from_function", "FunctionTool", "StructuredTool", "Tool", "tool",
                  "function_tool", "FunctionDeclaration"}
# Keywords through which a tool list reaches a model or an agent.
TOOL_LIST_KEYWORDS = ("tools", "functions")
# Calls that take the tool list positionally (`llm.bind_tools(tools)`, `ToolNode(tools)`).
_POSITIONAL_TOOL_LIST_CALLS = {"bind_tools": 0, "ToolNode": 0, "create_react_agent": 1, "ToolExecutor": 0,
                               "bind_functions": 0}
# Methods through which a registry runs a tool by name.
_REGISTRY_RUN_METHODS = {"call", "execute", "dispatch", "run", "invoke", "run_tool", "call_tool",
                         "execute_tool", "ainvoke", "arun", "acall"}
# Words that make a container or receiver look like a tool collection. Used only together with
# structure (a call through it by a computed name), never as evidence on their own.
TOOLISH_WORDS = ("tool", "handler", "function", "func", "action", "command", "registry", "dispatch",
                 "capabilit", "skill", "available", "fn_map", "mapping", "routes", "pool")


@dataclass(frozen=True)
class ToolFunction:
    """A function (or tool class) the file registers as a tool."""

    name: str  # the function or class name (what exposures' `functions` are matched against)
    node: cst.FunctionDef | cst.ClassDef
    how: str  # in words: "@function_tool", "value of TOOL_FUNCTIONS", ...


@dataclass(frozen=True)
class Dispatch:
    """A place where a tool is run by a name the model chose."""

    node: cst.Call  # the call that runs the tool
    function: cst.FunctionDef | None  # the dispatcher
    kind: str  # dict | getattr | globals | eval | registry | branch
    container: str  # the collection or object looked up ("TOOL_FUNCTIONS", "self", "registry")
    name_expr: cst.BaseExpression | None  # the expression giving the tool name


def is_toolish(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in TOOLISH_WORDS)


def _text(module: PythonModule, node: cst.CSTNode) -> str:
    return module.code(node, 200)


def call_name(module: PythonModule, call: cst.Call) -> str:
    """`module.call_name`, also for generic classes: `Agent[Context](...)` is a call of `agents.Agent`."""
    func = call.func
    if isinstance(func, cst.Subscript):
        return module.dotted(func.value) or ""
    return module.call_name(call)


def decorator_name(module: PythonModule, decorator: cst.Decorator) -> str:
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    return module.dotted(target) or ""


def tool_decorator(module: PythonModule, function: cst.FunctionDef) -> cst.Decorator | None:
    """The decorator that makes `function` a tool, if any."""
    for decorator in function.decorators:
        name = decorator_name(module, decorator)
        leaf = name.rsplit(".", 1)[-1]
        if leaf in _TOOL_DECORATOR_LEAVES:
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if isinstance(target, cst.Name) and target.value not in module.imports \
                    and module.function_named(target.value) is None:
                continue  # a bare `@tool` that is neither imported nor defined here is not ours to judge
            return decorator
        if leaf == "register" and is_toolish(name.rsplit(".", 1)[0] if "." in name else ""):
            return decorator  # @registry.register / @tools.register("name")
    return None


def _is_tool_class(module: PythonModule, cls: cst.ClassDef) -> bool:
    for base in cls.bases:
        dotted = module.dotted(base.value) or ""
        leaf = dotted.rsplit(".", 1)[-1]
        if leaf not in _TOOL_BASES:
            continue
        origin = dotted.split(".")[0]
        if origin in _TOOL_BASE_PACKAGES or any(dotted.startswith(p + ".") for p in _TOOL_BASE_PACKAGES):
            return True
        if leaf == "BaseTool" and any(_class_attr(cls, a) is not None for a in ("name", "description")):
            return True  # a project's own BaseTool imported from its own package
    return False


def _class_attr(cls: cst.ClassDef, name: str) -> cst.BaseExpression | None:
    for statement in cls.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                        isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets):
                    return small.value
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                        and small.target.value == name and small.value is not None:
                    return small.value
    return None


def class_attr(cls: cst.ClassDef, name: str) -> cst.BaseExpression | None:
    return _class_attr(cls, name)


def tool_list_values(module: PythonModule, call: cst.Call) -> list[cst.BaseExpression]:
    """The expressions a call receives as its tool list (`tools=[...]`, `bind_tools(tools)`)."""
    values = [v for k, v in module.kwargs(call).items() if k in TOOL_LIST_KEYWORDS]
    leaf = call_name(module, call).rsplit(".", 1)[-1]
    if leaf in _POSITIONAL_TOOL_LIST_CALLS:
        value = module.arg(call, _POSITIONAL_TOOL_LIST_CALLS[leaf])
        if value is not None and value not in values:
            values.append(value)
    return values


def list_elements(module: PythonModule, value: cst.BaseExpression, where: cst.CSTNode,
                  depth: int = 2) -> list[cst.BaseExpression]:
    """Elements of a list/tuple expression, following a name assigned in the same function or module."""
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        out: list[cst.BaseExpression] = []
        for element in value.elements:
            if isinstance(element, cst.StarredElement) and depth:
                out.extend(list_elements(module, element.value, where, depth - 1))
            elif isinstance(element, cst.Element):
                out.append(element.value)
        return out
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add) and depth:
        return list_elements(module, value.left, where, depth - 1) + list_elements(module, value.right, where, depth - 1)
    if isinstance(value, cst.Name) and depth:
        for assigned in assigned_values(module, value.value, where):
            found = list_elements(module, assigned, where, depth - 1)
            if found:
                return found
    return []


def assigned_values(module: PythonModule, name: str, where: cst.CSTNode) -> list[cst.BaseExpression]:
    """Values assigned to a plain name in the function holding `where`, then at module level."""
    function = module.enclosing_function(where) if not isinstance(where, cst.FunctionDef) else where
    scopes = [function] if function is not None else []
    scopes.append(module.module)
    for scope in scopes:
        found = []
        for node in find_all(scope, cst.Assign, cst.AnnAssign):
            if scope is module.module and module.enclosing_function(node) is not None:
                continue
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            if node.value is not None and any(isinstance(t, cst.Name) and t.value == name for t in targets):
                found.append(node.value)
        if found:
            return found
    return []


# --- tool functions ------------------------------------------------------------------------


def tool_functions(module: PythonModule) -> list[ToolFunction]:
    """Functions and classes this file registers as tools, each once, in source order."""
    if "tool_functions" in module.memo:
        return module.memo["tool_functions"]
    local = {f.name.value: f for f in module.functions}
    found: dict[int, ToolFunction] = {}
    imported: set[str] = set()

    def add(node: cst.FunctionDef | cst.ClassDef | None, how: str) -> None:
        if node is not None and id(node) not in found:
            found[id(node)] = ToolFunction(node.name.value, node, how)

    for function in module.functions:
        decorator = tool_decorator(module, function)
        if decorator is not None:
            add(function, "@" + decorator_name(module, decorator).rsplit(".", 1)[-1])
    for cls in module.classes:
        if _is_tool_class(module, cls):
            add(cls, "subclass of " + "/".join(module.code(b.value) for b in cls.bases))
    for call in module.calls:
        leaf = call_name(module, call).rsplit(".", 1)[-1]
        # Tool lists handed to a model or agent: Agent(tools=[search, get_weather])
        for value in tool_list_values(module, call):
            for element in list_elements(module, value, call):
                if isinstance(element, cst.Name) and element.value in local:
                    add(local[element.value], "in a tools= list")
        # FunctionTool.from_defaults(fn=f), StructuredTool.from_function(func=f), Tool(f), tool(f)
        if leaf in _TOOL_WRAPPERS:
            for arg in call.args:
                if isinstance(arg.value, cst.Name) and arg.value.value in local \
                        and (arg.keyword is None or arg.keyword.value in ("fn", "func", "function", "handler", "coroutine", "async_fn")):
                    add(local[arg.value.value], f"wrapped by {leaf}()")
        # registry.register(ToolSpec("read", ..., partial(read_file, workdir))): any local function in the args
        if leaf in ("register", "add_tool", "register_tool", "add_function", "register_function") \
                and isinstance(call.func, cst.Attribute) and is_toolish(module.dotted(call.func.value) or ""):
            for ref in _callable_refs(module, call):
                if ref in local:
                    add(local[ref], f"registered by {leaf}()")
                else:
                    imported.add(ref)  # implemented in another file of the project
    for name, container in tool_dicts(module).items():
        for value in _dict_function_values(container):
            if value in local:
                add(local[value], f"value of {name}")
    for dispatch in dispatches(module):
        if dispatch.kind == "getattr":
            prefix = _fstring_prefix(dispatch.name_expr)
            if prefix:  # getattr(self, f"tool_{name}") makes every tool_* method a tool
                owner = module.enclosing(dispatch.node, cst.ClassDef)
                for function in (find_all(owner, cst.FunctionDef) if owner is not None else module.functions):
                    if function.name.value.startswith(prefix):
                        add(function, f"reached by getattr prefix {prefix!r}")
        if dispatch.kind == "branch":
            for callee in find_all(module.statement_of(dispatch.node), cst.Call):
                if isinstance(callee.func, cst.Name) and callee.func.value in local:
                    add(local[callee.func.value], "called from a branch on the tool name")
    for spec_name in spec_names(module):
        if spec_name in local:
            add(local[spec_name], "named by a tool schema")
    result = sorted(found.values(), key=lambda t: module.line(t.node))
    module.memo["tool_functions"] = result
    module.memo["imported_tools"] = imported
    return result


def _callable_refs(module: PythonModule, register: cst.Call) -> set[str]:
    """Functions a `register(...)` call hands over: `fn`, `partial(fs.read_file, root)`, `handler=run_shell`,
    also inside a spec constructor argument (`ToolSpec("read", ..., partial(read_file, root))`). Classes and
    constants (`Risk.READ`) are not functions."""
    refs: set[str] = set()
    args = list(register.args)
    for arg in register.args:
        if isinstance(arg.value, cst.Call) and callee_name(arg.value) != "partial":
            args.extend(arg.value.args)
    for arg in args:
        value = arg.value
        if isinstance(value, cst.Call) and callee_name(value) == "partial" and value.args:
            value = value.args[0].value
        if isinstance(value, cst.Name):
            name = value.value
            if name in {f.name.value for f in module.functions} or (name in module.imports and name[:1].islower()):
                refs.add(name)
        elif isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) \
                and value.value.value in module.imports and value.attr.value[:1].islower():
            refs.add(value.attr.value)
    return refs


def imported_tool_names(module: PythonModule) -> set[str]:
    """Names imported from elsewhere and registered as tools here (`reg.register(ToolSpec(..., run_shell))`)."""
    tool_functions(module)
    names = set(module.memo["imported_tools"])
    for container in tool_dicts(module).values():  # {"run": run_shell} with run_shell imported
        names |= {n for n in _dict_function_values(container) if n in module.imports}
    return {n for n in names if n not in module.imports or module.imports[n].split(".")[0] not in ("functools", "typing")}


def tool_names_declared(module: PythonModule) -> set[str]:
    """Tool names the file declares that are not function names (schema names, dict keys)."""
    names = set(spec_names(module))
    for container in tool_dicts(module).values():
        for element in container.elements:
            if isinstance(element, cst.DictElement):
                key = string_value(element.key)
                if key:
                    names.add(key)
    return names


def _dict_function_values(node: cst.Dict) -> list[str]:
    return [e.value.value for e in node.elements
            if isinstance(e, cst.DictElement) and isinstance(e.value, cst.Name)]


def tool_dicts(module: PythonModule) -> dict[str, cst.Dict]:
    """name -> dict literal mapping tool names (strings) to functions.

    A dict counts when its values are mostly function names and it is either used to dispatch
    in this file or named like a tool collection (it is then typically imported by the loop).
    """
    if "tool_dicts" in module.memo:
        return module.memo["tool_dicts"]
    local = {f.name.value for f in module.functions}
    dispatched = {d.container.split(".")[-1] for d in dispatches(module) if d.kind in ("dict", "registry")}
    found: dict[str, cst.Dict] = {}
    for target, values in module.assignments.items():
        for value in values:
            if not isinstance(value, cst.Dict) or not value.elements:
                continue
            elements = [e for e in value.elements if isinstance(e, cst.DictElement)]
            keyed = [e for e in elements if string_value(e.key) is not None and isinstance(e.value, (cst.Name, cst.Attribute))]
            if len(keyed) < max(1, len(elements) // 2 + 1):
                continue
            callables = [e for e in keyed if isinstance(e.value, cst.Name)
                         and (e.value.value in local or e.value.value in module.imports)]
            leaf = target.split(".")[-1]
            # a CLI's COMMANDS dict is not a tool dict unless the file dispatches through it
            if callables and (leaf in dispatched or "tool" in leaf.lower()):
                found[target] = value
    module.memo["tool_dicts"] = found
    return found


def spec_dicts(module: PythonModule) -> list[cst.Dict]:
    """JSON-schema tool specs: dicts with a name and an input schema (Anthropic/OpenAI/MCP shapes)."""
    if "spec_dicts" in module.memo:
        return module.memo["spec_dicts"]
    found = []
    for node in module.find_all(cst.Dict):
        keys = {string_value(e.key) for e in node.elements if isinstance(e, cst.DictElement)}
        if "name" in keys and keys & {"input_schema", "parameters", "inputSchema"}:
            found.append(node)
    module.memo["spec_dicts"] = found
    return found


def spec_names(module: PythonModule) -> list[str]:
    names = []
    for node in spec_dicts(module):
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == "name":
                value = string_value(element.value)
                if value:
                    names.append(value)
    return names


# --- dispatch ------------------------------------------------------------------------------


def _fstring_prefix(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        return node.parts[0].value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return string_value(node.left) or ""
    return ""


def _is_computed(node: cst.BaseExpression | None) -> bool:
    """A tool name that is not a literal (it comes from the model's tool call, or a variable)."""
    return node is not None and string_value(node) is None and not isinstance(node, (cst.Integer, cst.Float))


def _subscript_key(node: cst.Subscript) -> cst.BaseExpression | None:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def dispatches(module: PythonModule) -> list[Dispatch]:
    """Every place the file runs a tool chosen by a computed name."""
    if "dispatches" in module.memo:
        return module.memo["dispatches"]
    module.memo["dispatches"] = []  # guards against re-entry through tool_dicts()
    found: list[Dispatch] = []
    looked_up = _looked_up_variables(module)
    for call in module.calls:
        function = module.enclosing_function(call)
        func = call.func
        # TOOLS[name](**args) and TOOLS[name].invoke(args)
        target = func.value if isinstance(func, cst.Attribute) and func.attr.value in _REGISTRY_RUN_METHODS | {"func", "fn", "handler", "function"} else func
        if isinstance(target, cst.Subscript) and _is_computed(_subscript_key(target)):
            container = module.code(target.value)
            if container in ("globals()", "locals()", "vars()"):
                found.append(Dispatch(call, function, "globals", container, _subscript_key(target)))
            elif _not_data_index(module, target):
                found.append(Dispatch(call, function, "dict", container, _subscript_key(target)))
            continue
        if isinstance(target, cst.Call):
            inner = module.call_name(target)
            if inner == "getattr" and len(target.args) >= 2 and _is_computed(target.args[1].value):
                found.append(Dispatch(call, function, "getattr", module.code(target.args[0].value), target.args[1].value))
                continue
            if inner == "eval" and target.args and _is_computed(target.args[0].value):
                found.append(Dispatch(call, function, "eval", "eval", target.args[0].value))
                continue
            if isinstance(target.func, cst.Attribute) and target.func.attr.value == "get" and target.args \
                    and _is_computed(target.args[0].value) and is_toolish(module.code(target.func.value)):
                found.append(Dispatch(call, function, "dict", module.code(target.func.value), target.args[0].value))
                continue
        # handler = HANDLERS.get(name); handler(**args)   /  fn = getattr(self, name); fn()
        variable = module.code(target) if isinstance(target, (cst.Name, cst.Attribute)) else ""
        if variable in looked_up and function is not None and id(function) in looked_up[variable]:
            kind, container, key = looked_up[variable][id(function)]
            found.append(Dispatch(call, function, kind, container, key))
            continue
        # registry.execute(name, args) / self.tools.call(tool_call.name, ...)
        if isinstance(func, cst.Attribute) and func.attr.value in _REGISTRY_RUN_METHODS and call.args \
                and _is_computed(call.args[0].value) and is_toolish(module.code(func.value)) \
                and not isinstance(call.args[0].value, (cst.Dict, cst.List)):
            found.append(Dispatch(call, function, "registry", module.code(func.value), call.args[0].value))
    found.extend(_branch_dispatches(module))
    module.memo["dispatches"] = found
    return found


def _not_data_index(module: PythonModule, target: cst.Subscript) -> bool:
    """`self.handlers[name]` is a dispatch; `results[i]` in a numeric loop or `row["x"]` is not."""
    key = _subscript_key(target)
    if isinstance(key, (cst.Name, cst.Attribute, cst.Subscript)):
        text = module.code(key).lower()
        return "name" in text or "tool" in text or "action" in text or "type" in text or "cmd" in text \
            or "command" in text or "func" in text or is_toolish(module.code(target.value)) or "method" in text
    return isinstance(key, cst.Call)


def _looked_up_variables(module: PythonModule) -> dict[str, dict[int, tuple[str, str, cst.BaseExpression]]]:
    """variable -> {function id: (kind, container, key)} for `v = X.get(name)` / `v = getattr(o, name)` / `v = X[name]`."""
    table: dict[str, dict[int, tuple[str, str, cst.BaseExpression]]] = {}
    for assign in module.find_all(cst.Assign):
        function = module.enclosing_function(assign)
        if function is None or len(assign.targets) != 1:
            continue
        target = module.code(assign.targets[0].target)
        value = assign.value
        entry = None
        if isinstance(value, cst.Call):
            name = module.call_name(value)
            if name == "getattr" and len(value.args) >= 2 and _is_computed(value.args[1].value):
                entry = ("getattr", module.code(value.args[0].value), value.args[1].value)
            elif isinstance(value.func, cst.Attribute) and value.func.attr.value in ("get", "get_tool", "lookup", "resolve") \
                    and value.args and _is_computed(value.args[0].value) and is_toolish(module.code(value.func.value)):
                entry = ("dict", module.code(value.func.value), value.args[0].value)
        elif isinstance(value, cst.Subscript) and _is_computed(_subscript_key(value)):
            container = module.code(value.value)
            if container in ("globals()", "locals()", "vars()"):
                entry = ("globals", container, _subscript_key(value))
            elif is_toolish(container):
                entry = ("dict", container, _subscript_key(value))
        if entry is not None:
            table.setdefault(target, {})[id(function)] = entry
            # spec = registry.get(name); spec.handler(**args) runs the tool too
            for attr in ("handler", "fn", "func", "function", "run", "execute", "invoke", "call", "ainvoke",
                         "arun", "callable", "forward", "_run"):
                table.setdefault(f"{target}.{attr}", {})[id(function)] = entry
    return table


def _branch_dispatches(module: PythonModule) -> list[Dispatch]:
    """`if name == "read_file": return read_file(**args)` chains (and `match name:`) on one variable."""
    found = []
    for function in module.functions:
        chains: dict[str, list[tuple[cst.If, str]]] = {}
        for node in find_all(function, cst.If, shallow=True):
            compare = node.test
            if isinstance(compare, cst.Comparison) and len(compare.comparisons) == 1 \
                    and isinstance(compare.comparisons[0].operator, cst.Equal):
                literal = string_value(compare.comparisons[0].comparator)
                if literal and isinstance(compare.left, (cst.Name, cst.Attribute, cst.Subscript)):
                    chains.setdefault(module.code(compare.left), []).append((node, literal))
        for variable, branches in chains.items():
            lowered = variable.lower()
            # `args.cmd == "run"` chains are CLI sub-commands; a model's tool call carries a name
            if len(branches) < 2 or not ("name" in lowered or "tool" in lowered or "function" in lowered):
                continue
            for branch, _ in branches:
                calls = find_all(branch.body, cst.Call)
                if calls:
                    key = branch.test.left  # type: ignore[union-attr]
                    found.append(Dispatch(calls[0], function, "branch", variable, key))
    return found


def dispatcher_functions(module: PythonModule) -> list[cst.FunctionDef]:
    seen, result = set(), []
    for dispatch in dispatches(module):
        if dispatch.function is not None and id(dispatch.function) not in seen:
            seen.add(id(dispatch.function))
            result.append(dispatch.function)
    return result


# --- reachability --------------------------------------------------------------------------


def callee_name(call: cst.Call) -> str:
    if isinstance(call.func, cst.Name):
        return call.func.value
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return ""


def callers_of(module: PythonModule) -> dict[str, set[str]]:
    """function name -> names of the functions of this file that reach it (itself included)."""
    if "callers_of" in module.memo:
        return module.memo["callers_of"]
    local = {f.name.value for f in module.functions}
    calls: dict[str, set[str]] = {}
    for function in module.functions:
        callees = {callee_name(c) for c in find_all(function, cst.Call)} & local
        # functions handed over as values (`Thread(target=worker)`, `TOOLS = {"x": fn}`) count as calls
        callees |= {n.value for n in find_all(function, cst.Name)} & local
        calls.setdefault(function.name.value, set()).update(callees - {function.name.value})
    reached: dict[str, set[str]] = {name: {name} for name in local}
    changed = True
    while changed:
        changed = False
        for caller, callees in calls.items():
            for callee in callees:
                before = len(reached[callee])
                reached[callee] |= reached[caller]
                changed |= len(reached[callee]) != before
    module.memo["callers_of"] = reached
    return reached


def functions_reaching(module: PythonModule, node: cst.CSTNode) -> set[str]:
    """Names of the functions of this file that reach `node` directly or through local calls."""
    names: set[str] = set()
    table = callers_of(module)
    for ancestor in module.ancestors(node):
        if isinstance(ancestor, cst.FunctionDef):
            names |= table.get(ancestor.name.value, {ancestor.name.value})
    return names


def tool_names_reaching(module: PythonModule, node: cst.CSTNode) -> set[str]:
    """Tool functions (and tool classes) of this file that reach `node`."""
    tools = tool_functions(module)
    reaching = functions_reaching(module, node)
    names = {t.name for t in tools if isinstance(t.node, cst.FunctionDef) and t.name in reaching}
    for cls in (a for a in module.ancestors(node) if isinstance(a, cst.ClassDef)):
        if any(t.node is cls for t in tools):
            names.add(cls.name.value)
    # a helper method of a tool class reached from the tool's _run
    return names
