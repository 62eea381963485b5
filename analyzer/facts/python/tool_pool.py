"""How a tool list is computed: whether an expression handed to a model or agent as its tools is assembled per
run (filtered, selected by mode, adjusted by flags), and which start-up conditions read a run flag. Not a check."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.permission_words import SETTINGS_OBJECTS, leaves, roots, tokens
from analyzer.facts.python.tools import assigned_values
from analyzer.parse.python import PythonModule, call_tail, find_all

# Option keywords that carry a per-run tool pool in the frameworks (besides `tools=`).
POOL_KEYWORDS = ("allowed_tools", "disallowed_tools", "tools", "agents", "toolsets", "functions")
# Method names that select part of a registry (used with the structure: a call with arguments).
_SELECTING = ("filter", "for_mode", "for_role", "for_agent", "select", "subset", "enabled", "available", "allowed",
              "pool", "tools_for", "get_tools", "resolve", "visible", "permitted", "build_tools", "assemble")
# Method-name shapes that select part of a registry for someone: `for_features(f)`, `by_tags(t)`, `tools_for(role)`.
_SELECTING_PREFIXES = ("for_", "by_", "only_", "matching", "tools_for", "where")
_MUTATORS = ("append", "extend", "remove", "pop", "discard", "add", "insert", "update", "__setitem__")
# Calls that add or remove a tool on a registry, an MCP server or a tool runner.
REGISTERING = ("register", "register_tool", "register_tools", "add_tool", "add_tools", "remove_tool", "remove_tools",
                "add_function", "register_function", "unregister")
_TYPE_CHECKS = ("isinstance", "issubclass", "hasattr", "callable", "type", "len", "getattr", "id")
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
    name = call_tail(call)
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
        selecting = any(word in call_tail(value).lower() for word in _SELECTING) \
            or call_tail(value).startswith(_SELECTING_PREFIXES) or call_tail(value).endswith("_for")
        if args and selecting and name not in ("sorted", "list"):
            return "full", f"selected per run by {module.code(value, 50)}"
        if args and call_tail(value) not in ("sorted", "list", "tuple", "set", "dict", "frozenset"):
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


def callable_filter(module: PythonModule, node: cst.BaseExpression) -> bool:
    """A filter function (decides per run with the run context), not `create_static_tool_filter(...)` (one fixed
    allow/deny list every run)."""
    if isinstance(node, cst.Lambda):
        return True
    if isinstance(node, cst.Name):
        return module.function_named(node.value) is not None or node.value in module.imports
    return isinstance(node, cst.Attribute) and not isinstance(node.value, cst.Call)


def registration_guards(module: PythonModule, call: cst.Call, function: cst.FunctionDef) -> list[cst.If]:
    """`if` statements in `function` holding `call`, and earlier ones in an enclosing loop body that `continue`."""
    guards = [a for a in module.ancestors(call) if isinstance(a, cst.If) and module.enclosing_function(a) is function]
    line = module.line(call)
    for loop in (a for a in module.ancestors(call) if isinstance(a, (cst.For, cst.While))):
        if module.enclosing_function(loop) is not function or not isinstance(loop.body, cst.IndentedBlock):
            continue
        guards += [s for s in loop.body.body if isinstance(s, cst.If) and module.line(s) < line and leaves(s.body)
                   and find_all(s.body, cst.Continue, shallow=True)]
    return guards


def run_flag(module: PythonModule, test: cst.BaseExpression, call: cst.CSTNode, function: cst.FunctionDef) -> str:
    """The run-time mode or flag a registration condition reads ("" when it only looks at the tool or the registry)."""
    loop_targets = {n.value for loop in module.ancestors(call) if isinstance(loop, cst.For)
                    for n in find_all(loop.target, cst.Name)}
    receiver = roots(call.func.value) if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) else set()
    # `isinstance(config, A2AConfig)` asks what an item is; class names are not run flags
    typing = {n for c in find_all(test, cst.Call) if call_tail(c) in _TYPE_CHECKS for n in roots(c)}
    used = {n for n in roots(test) - loop_targets - receiver - typing - {"None", "True", "False"}
            if not (n[:1].isupper() and not n.isupper())}
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
