"""The agent's anatomy in one file, as plain data for the project model: model calls, agent loops,
dispatch sites and tools, each with its line and the function holding it. Not a check; it reads the
shared look-ups the checks already computed (memoised on the module)."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.permission_words import leaves, roots
from analyzer.facts.python.shape import agent_loops, model_calls
from analyzer.facts.python.tools import dispatches, tool_functions, tools_registered_elsewhere
from analyzer.parse.python import PythonModule, find_all
from analyzer.project.resolve import resolver_for
from analyzer.project.summary import Site


def anatomy_sites(module: PythonModule) -> dict[str, list[Site]]:
    def holder(node: cst.CSTNode) -> str:
        function = node if isinstance(node, cst.FunctionDef) else module.enclosing_function(node)
        return module.qualname(function) if function is not None else ""

    return {
        "model_calls": [Site(module.line(m.node), holder(m.node), m.provider, m.name) for m in model_calls(module)],
        "loops": [Site(module.line(loop.node), holder(loop.node), loop.bound, "", loop.bounded,
                       stops_on=() if loop.bounded else _stops_on(module, loop.node))
                  for loop in agent_loops(module)],
        "dispatches": [Site(module.line(d.node), holder(d.node), d.kind, d.container) for d in dispatches(module)],
        "tools": [Site(module.line(t.node), module.qualname(t.node), t.how, t.name) for t in tool_functions(module)]
        + _registered_elsewhere(module, holder),
    }


def _registered_elsewhere(module: PythonModule, holder) -> list[Site]:
    """Tools registered here whose function another file defines, with that function as a dotted reference
    the project model resolves (`partial(shell.run_shell, root)` -> `codepilot.tools.shell.run_shell`)."""
    resolver = resolver_for(module)
    sites = set()
    for tool in tools_registered_elsewhere(module):
        function = module.enclosing_function(tool.node)
        target = resolver.dotted(tool.function, function, module.enclosing(tool.node, cst.ClassDef))
        if not target.startswith("?"):
            sites.add(Site(module.line(tool.node), holder(tool.node), tool.how, tool.name, target=target))
    return sorted(sites, key=lambda s: (s.line, s.name))


def _stops_on(module: PythonModule, loop: cst.For | cst.While) -> tuple[str, ...]:
    """The calls whose answer an `if` at the top of the loop body tests before leaving the loop (`stop = yield from
    self._before_call(); if stop: return`): whether one of them holds a limit is for the project model to see."""
    if not isinstance(loop.body, cst.IndentedBlock):
        return ()
    resolver = resolver_for(module)
    function = module.enclosing_function(loop)
    cls = module.enclosing(loop, cst.ClassDef)
    answers: dict[str, list[cst.Call]] = {}
    found: set[str] = set()
    for statement in loop.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for assign in find_all(statement, cst.Assign):
                for target in assign.targets:
                    for name in find_all(target.target, cst.Name):
                        answers[name.value] = find_all(assign.value, cst.Call)
        elif isinstance(statement, cst.If) and leaves(statement.body) and not find_all(statement.body, cst.Continue):
            calls = find_all(statement.test, cst.Call) + [c for n in sorted(roots(statement.test)) for c in answers.get(n, ())]
            found |= {resolver.dotted(c.func, function, cls) for c in calls if isinstance(c.func, (cst.Name, cst.Attribute))}
    return tuple(sorted(t for t in found if not t.startswith("?")))
