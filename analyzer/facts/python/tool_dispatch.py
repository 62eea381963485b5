"""Where a model's tool call is dispatched: the places a tool is run by a name the model chose
(`TOOLS[name](**args)`, `handlers.get(name)`, `getattr(self, name)`, `registry.execute(name, args)`,
`execute(call.name, args)` with the runner in another module, `if name == "x": ...` chains). Not a check;
memoised on the module."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer.facts.python.permission_words import tokens
from analyzer.facts.python.shape import model_calls
from analyzer.facts.python.tool_syntax import is_toolish
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

# Functions that run a tool by name, defined in another module or class (`execute(call.name, args)`):
# a run verb, and a tool noun in the name or a model called in the same file.
_RUN_VERBS = {"execute", "exec", "run", "call", "invoke", "dispatch", "handle", "perform", "use"}
_TOOL_NOUNS = {"tool", "tools", "function", "functions", "action", "actions"}
_RUNNER_FILLER = {"call", "calls", "by", "name", "async", "sync", "safe", "safely", "local", "named", "a", "one"}
_PLAIN_RUNNERS = {"execute", "dispatch", "invoke", "run", "call", "handle", "perform"}
# What a model's tool call calls its name: `call.name` (Responses API item, anthropic block),
# `tool_call.function.name` (chat completions), `pending.tool`, `call["name"]`, `tool_name`.
_NAME_FIELDS = {"name", "tool", "tool_name", "function_name", "toolname"}
_NAME_VARIABLES = {"name", "tool_name", "fn_name", "function_name", "tool", "toolname", "func_name"}
# Methods through which a registry runs a tool by name.
_REGISTRY_RUN_METHODS = {"call", "execute", "dispatch", "run", "invoke", "run_tool", "call_tool",
                         "execute_tool", "ainvoke", "arun", "acall"}


@dataclass(frozen=True)
class Dispatch:
    """A place where a tool is run by a name the model chose."""

    node: cst.Call  # the call that runs the tool
    function: cst.FunctionDef | None  # the dispatcher
    kind: str  # dict | getattr | globals | eval | registry | call | branch
    container: str  # the collection or object looked up ("TOOL_FUNCTIONS", "self", "registry")
    name_expr: cst.BaseExpression | None  # the expression giving the tool name


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
    delegated: list[Dispatch] = []
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
            continue
        # execute(call.name, args) / self.run_tool(tool_call.function.name, ...): the runner lives elsewhere
        if call.args and call.args[0].keyword is None and _runs_by_name(module, call):
            delegated.append(Dispatch(call, function, "call", call_tail(call), call.args[0].value))
    found.extend(_branch_dispatches(module))
    # a runner defined in this file is judged by its own body (its callers are on its dispatch path)
    local_dispatchers = {d.function.name.value for d in found if d.function is not None}
    found.extend(d for d in delegated if d.container not in local_dispatchers)
    module.memo["dispatches"] = found
    return found


def _tool_call_name(node: cst.BaseExpression) -> bool:
    """Is this how a model's tool call names its tool (`call.name`, `tc.function.name`, `block["name"]`)?"""
    if isinstance(node, cst.Attribute):
        return node.attr.value in _NAME_FIELDS
    if isinstance(node, cst.Subscript):
        key = _subscript_key(node)
        return string_value(key) in _NAME_FIELDS if key is not None else False
    return isinstance(node, cst.Name) and node.value in _NAME_VARIABLES


def _runs_by_name(module: PythonModule, call: cst.Call) -> bool:
    """`execute_tool(...)`, `run_tool_call(...)`, `call_function(...)`: a run verb and tool nouns only.
    `handle_tool_usage_started(event.tool_name)` or `on_tool_use(...)` report on a tool call; they do not run it."""
    callee = call_tail(call)
    words = tokens(callee)
    if not words & _RUN_VERBS or words - _RUN_VERBS - _TOOL_NOUNS - _RUNNER_FILLER \
            or not _tool_call_name(call.args[0].value):
        return False
    if words & _TOOL_NOUNS:
        return True
    says_tool = "tool" in module.code(call.args[0].value).lower()  # execute(pending.tool, ...)
    return callee in _PLAIN_RUNNERS and (says_tool or bool(model_calls(module)))


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
        for match in find_all(function, cst.Match, shallow=True):
            cases = [c for c in match.cases if isinstance(c.pattern, cst.MatchValue) and string_value(c.pattern.value)]
            # `match call.name:` / `match tool_name:`; not `match tool_choice:` or a computed subject
            if len(cases) < 2 or not _tool_call_name(match.subject):
                continue
            for case in cases:
                calls = find_all(case.body, cst.Call)
                if calls:
                    found.append(Dispatch(calls[0], function, "branch", module.code(match.subject), match.subject))
    return found


def dispatcher_functions(module: PythonModule) -> list[cst.FunctionDef]:
    seen, result = set(), []
    for dispatch in dispatches(module):
        if dispatch.function is not None and id(dispatch.function) not in seen:
            seen.add(id(dispatch.function))
            result.append(dispatch.function)
    return result
