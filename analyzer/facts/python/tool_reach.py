"""Reachability inside one file: which functions reach a node through local calls, and which tools do.
Not a check; memoised on the module."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.tool_defs import tool_functions
from analyzer.parse.python import PythonModule, call_tail, find_all

def callers_of(module: PythonModule) -> dict[str, set[str]]:
    """function name -> names of the functions of this file that reach it (itself included)."""
    if "callers_of" in module.memo:
        return module.memo["callers_of"]
    local = {f.name.value for f in module.functions}
    calls: dict[str, set[str]] = {}
    for function in module.functions:
        callees = {call_tail(c) for c in find_all(function, cst.Call)} & local
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
