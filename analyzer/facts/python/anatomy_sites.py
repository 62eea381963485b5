"""The agent's anatomy in one file, as plain data for the project model: model calls, agent loops,
dispatch sites and tools, each with its line and the function holding it. Not a check; it reads the
shared look-ups the checks already computed (memoised on the module)."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.shape import agent_loops, model_calls
from analyzer.facts.python.tools import dispatches, tool_functions
from analyzer.parse.python import PythonModule
from analyzer.project.summary import Site


def anatomy_sites(module: PythonModule) -> dict[str, list[Site]]:
    def holder(node: cst.CSTNode) -> str:
        function = node if isinstance(node, cst.FunctionDef) else module.enclosing_function(node)
        return module.qualname(function) if function is not None else ""

    return {
        "model_calls": [Site(module.line(m.node), holder(m.node), m.provider, m.name) for m in model_calls(module)],
        "loops": [Site(module.line(loop.node), holder(loop.node), loop.bound, "", loop.bounded)
                  for loop in agent_loops(module)],
        "dispatches": [Site(module.line(d.node), holder(d.node), d.kind, d.container) for d in dispatches(module)],
        "tools": [Site(module.line(t.node), module.qualname(t.node), t.how, t.name) for t in tool_functions(module)],
    }
