"""HA108: a tool the model chose is looked up by getattr/globals/eval with no allowlist on the dispatch path."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tools import dispatches
from analyzer.parse.python import PythonModule, call_tail, find_all


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
        Example("""
class Agent:
    def run_tool(self, call):
        return getattr(self, call.name)(**call.arguments)
""", line=4, message="getattr dispatch by a computed name (call.name) with no allowlist check"),
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
                       if any(call_tail(c) == dispatch.function.name.value for c in find_all(f, cst.Call))]
            if _allowlisted(module, dispatch.function, callers):
                continue
            out.hit("HA108", dispatch.node,
                    f"{dispatch.kind} dispatch by a computed name ({module.code(dispatch.name_expr or dispatch.node, 40)}) "
                    f"with no allowlist check")


def _prefix(node: cst.FormattedString) -> str:
    first = node.parts[0] if node.parts else None
    return first.value if isinstance(first, cst.FormattedStringText) else ""
