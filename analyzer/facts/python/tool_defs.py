"""Which functions and classes a file registers as tools (framework decorators, tool classes, tools= lists,
name->function dicts, registry.register(fn), getattr prefixes, schema names), and the JSON-schema tool specs
it declares. Not a check; memoised on the module."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer import frameworks
from analyzer.facts.python.tool_dispatch import dispatches
from analyzer.facts.python.tool_frameworks import registration_call
from analyzer.facts.python.tool_syntax import (
    call_name, class_attr, decorator_name, fstring_prefix, is_toolish, list_elements, tool_list_values,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

# Decorator leaf names that make a function a tool: the frameworks' (`@function_tool`, `@tool`,
# `@agent.tool_plain`, `@kernel_function`, ...; see analyzer/frameworks/) and home-made `@register_tool`.
_TOOL_DECORATOR_LEAVES = frameworks.tool_decorators() | {"register_tool", "ai_function", "llm_tool"}
# Base classes whose subclasses are tools (LangChain/CrewAI BaseTool, smolagents Tool, anthropic memory tool, ...),
# and the packages they come from.
_TOOL_BASES = frameworks.tool_classes()
_TOOL_BASE_PACKAGES = frameworks.tool_class_packages()
# Keywords through which a registration call receives the tool's implementation.
_CALLABLE_KEYWORDS = {"fn", "func", "function", "handler", "callable", "callback", "tool", "coroutine", "async_fn",
                      "implementation", "run", "execute", "impl"}
# Constructors that wrap a function into a tool object: the wrapped function is a tool.
_TOOL_WRAPPERS = frameworks.tool_wrappers()


@dataclass(frozen=True)
class ToolFunction:
    """A function (or tool class) the file registers as a tool."""

    name: str  # the function or class name (what exposures' `functions` are matched against)
    node: cst.FunctionDef | cst.ClassDef
    how: str  # in words: "@function_tool", "value of TOOL_FUNCTIONS", ...


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
        if leaf == "BaseTool" and any(class_attr(cls, a) is not None for a in ("name", "description")):
            return True  # a project's own BaseTool imported from its own package
    return False


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
                and isinstance(call.func, cst.Attribute) and (is_toolish(module.dotted(call.func.value) or "")
                                                              or registration_call(module, call) is not None):
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
            prefix = fstring_prefix(dispatch.name_expr)
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
    also inside a spec constructor argument (`ToolSpec("read", ..., partial(read_file, root))`) or a wrapper
    (`audited(log, fn)`), and through a loop over a catalogue (`for fn, hints in CATALOGUE: add_tool(fn)` with
    `CATALOGUE = [(ws.read_file, READ_ONLY), ...]`). Classes and constants (`Risk.READ`) are not functions."""
    refs: set[str] = set()
    local = {f.name.value for f in module.functions}
    values = [a.value for a in register.args if _callable_slot(a)]
    for arg in register.args:
        if isinstance(arg.value, cst.Call) and call_tail(arg.value) != "partial":
            values.extend(a.value for a in arg.value.args if _callable_slot(a))
    for value in list(values):
        if isinstance(value, cst.Name):
            for item in _loop_values(module, value, register):  # `for spec in SPECS: reg.register(spec)`
                values.append(item)
                if isinstance(item, cst.Call) and call_tail(item) != "partial":
                    values.extend(a.value for a in item.args if _callable_slot(a))
    for value in values:
        if isinstance(value, cst.Call) and call_tail(value) == "partial" and value.args:
            value = value.args[0].value
        if isinstance(value, cst.Name):
            name = value.value
            if name in local or (name in module.imports and name[:1].islower()
                                 and not module.imports[name].startswith("__future__")):
                refs.add(name)
        elif isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.attr.value[:1].islower() \
                and (value.value.value in module.imports or value.attr.value in local):
            refs.add(value.attr.value)  # fs.read_file (imported module) / ws.read_file (a method defined here)
    return refs


def _callable_slot(arg: cst.Arg) -> bool:
    """A positional argument or a keyword that takes a callable (`handler=`), not `name=` or `annotations=`."""
    return arg.keyword is None and not arg.star or arg.keyword is not None and arg.keyword.value in _CALLABLE_KEYWORDS


def _loop_values(module: PythonModule, name: cst.Name, where: cst.CSTNode) -> list[cst.BaseExpression]:
    """What a `for` loop around `where` binds to `name`: the matching item of each catalogue element."""
    found: list[cst.BaseExpression] = []
    for loop in (a for a in module.ancestors(where) if isinstance(a, cst.For)):
        target = loop.target
        position = None
        if isinstance(target, cst.Name) and target.value == name.value:
            position = -1
        elif isinstance(target, (cst.Tuple, cst.List)):
            names = [e.value.value if isinstance(e.value, cst.Name) else None for e in target.elements]
            position = names.index(name.value) if name.value in names else None
        if position is None:
            continue
        for element in list_elements(module, loop.iter, loop):
            if position == -1:
                found.append(element)
            elif isinstance(element, (cst.Tuple, cst.List)) and position < len(element.elements):
                found.append(element.elements[position].value)
        break
    return found


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
