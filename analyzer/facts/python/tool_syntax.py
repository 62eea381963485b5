"""Syntax look-ups shared by the tool checks: dotted call names (also of generic classes), decorator names,
class attributes, the tool list a call receives, list elements and assigned values, and the words that make
a container look like a tool collection. Not a check."""

from __future__ import annotations

import libcst as cst

from analyzer.parse.python import PythonModule, find_all, string_value

# Keywords through which a tool list reaches a model or an agent.
TOOL_LIST_KEYWORDS = ("tools", "functions")
# Calls that take the tool list positionally (`llm.bind_tools(tools)`, `ToolNode(tools)`).
_POSITIONAL_TOOL_LIST_CALLS = {"bind_tools": 0, "ToolNode": 0, "create_react_agent": 1, "ToolExecutor": 0,
                               "bind_functions": 0}
# Words that make a container or receiver look like a tool collection. Used only together with
# structure (a call through it by a computed name), never as evidence on their own.
TOOLISH_WORDS = ("tool", "handler", "function", "func", "action", "command", "registry", "dispatch",
                 "capabilit", "skill", "available", "fn_map", "mapping", "routes", "pool")


def is_toolish(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in TOOLISH_WORDS)


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


def class_attr(cls: cst.ClassDef, name: str) -> cst.BaseExpression | None:
    """The value assigned to `name` in a class body (`name = "search"`, `name: str = "search"`)."""
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


def fstring_prefix(node: cst.BaseExpression | None) -> str:
    """The literal start of an f-string or `"prefix" + name` expression ("" when there is none)."""
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        return node.parts[0].value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return string_value(node.left) or ""
    return ""
