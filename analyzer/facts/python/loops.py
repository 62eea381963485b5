"""Shared look-ups for the run-time checks (P3-P8, P10): where the agent loop runs, what a run
does each turn, what happens only at exit, and which exits the model decides.

Not a check. Built on `shape.py` (model calls and agent loops) and memoised on the module,
because the budget, session, compaction and event checks ask the same questions of one file.
"""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.shape import agent_loops, functions_calling_model, model_calls, terminates
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, string_value

# Words that make a name look like the conversation. Used together with structure (an append in
# the agent loop, a write of the value) and never as evidence alone.
HISTORY_WORDS = ("message", "history", "conversation", "transcript", "chat_log", "dialog", "turns", "context")
SESSION_WORDS = HISTORY_WORDS + ("session", "state", "checkpoint", "snapshot", "memory")


def words_in(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words)


def matches_api(name: str, packages: tuple[str, ...], tails: tuple[str, ...]) -> bool:
    """Is the resolved dotted `name` one of `tails` (`Runner.run`) from one of `packages`?"""
    if not any(name == p or name.startswith(p + ".") for p in packages):
        return False
    return any(name == tail or name.endswith("." + tail) for tail in tails)


def resolved_name(module: PythonModule, call: cst.Call) -> str:
    """`module.call_name(call)`, memoised: the framework tables ask it of every call many times."""
    names = module.memo.setdefault("resolved_call_names", {})
    key = id(call)
    if key not in names:
        names[key] = module.call_name(call)
    return names[key]


def framework_calls(module: PythonModule, packages: tuple[str, ...], tails: tuple[str, ...]) -> list[cst.Call]:
    """Calls to these APIs. A tail written ".run" is a method on an object we cannot resolve
    (`agent.run(...)`), accepted in a file that imports one of the packages."""
    methods = {t[1:] for t in tails if t.startswith(".")}
    imported = bool(methods) and module.imports_any(*packages)
    return [
        c for c in module.calls
        if matches_api(resolved_name(module, c), packages, tails) or (imported and call_tail(c) in methods)
    ]


def keyword_value(module: PythonModule, call: cst.Call, *names: str) -> cst.BaseExpression | None:
    """The first of `names` passed to `call` with a value other than None."""
    kwargs = module.kwargs(call)
    for name in names:
        value = kwargs.get(name)
        if value is not None and not (isinstance(value, cst.Name) and value.value == "None"):
            return value
    return None


def is_none(node: cst.CSTNode | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


# --- where the agent runs ------------------------------------------------------------------


def _callees(function: cst.CSTNode) -> set[str]:
    return {call_tail(c) for c in find_all(function, cst.Call, shallow=True)}


def loop_path_functions(module: PythonModule) -> set[str]:
    """Names of functions of this file called, directly or through each other, from an agent loop."""
    if "loop_path_functions" in module.memo:
        return module.memo["loop_path_functions"]
    by_name = {f.name.value: f for f in module.functions}
    found: set[str] = set()
    frontier = set()
    for loop in agent_loops(module):
        frontier |= _callees(loop.node)
    while frontier:
        name = frontier.pop()
        if name in found or name not in by_name:
            continue
        found.add(name)
        frontier |= _callees(by_name[name])
    module.memo["loop_path_functions"] = found
    return found


def enclosing_agent_loop(module: PythonModule, node: cst.CSTNode):
    """The agent loop whose body holds `node` in the same function, if any."""
    loops = {id(loop.node): loop for loop in agent_loops(module)}
    for ancestor in module.ancestors(node):
        if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return None
        if id(ancestor) in loops:
            return loops[id(ancestor)]
    return None


def on_agent_path(module: PythonModule, node: cst.CSTNode) -> bool:
    """Inside an agent loop, or in a function the loop calls (in this file)."""
    if enclosing_agent_loop(module, node) is not None:
        return True
    function = module.enclosing_function(node)
    return function is not None and function.name.value in loop_path_functions(module)




def exit_position(module: PythonModule, node: cst.CSTNode) -> str | None:
    """Why `node` only runs when the program ends, or None.

    `finally:` blocks, `except KeyboardInterrupt` handlers, and statements that follow a
    `while` loop in the same block (code after the chat loop) run once, at shutdown.
    """
    child = node
    for ancestor in module.ancestors(node):
        if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            break
        if isinstance(ancestor, cst.Finally):
            return "in a finally block"
        if isinstance(ancestor, cst.ExceptHandler) and ancestor.type is not None and \
                names_in(ancestor.type) & {"KeyboardInterrupt", "SystemExit"}:
            return "in a KeyboardInterrupt handler"
        if isinstance(ancestor, (cst.For, cst.While)):
            return None  # anything inside a loop runs every pass
        if isinstance(ancestor, cst.IndentedBlock) or isinstance(ancestor, cst.Module):
            body = list(ancestor.body)
            index = next((i for i, s in enumerate(body) if s is child), None)
            if index is not None and any(_main_loop(module, s) for s in body[:index]):
                return "after the main loop"
        child = ancestor
    return None


def _main_loop(module: PythonModule, node: cst.CSTNode) -> bool:
    """A program's main loop: `while True`, an agent loop, or a loop reading user input."""
    if not isinstance(node, cst.While):
        return False
    if isinstance(node.test, cst.Name) and node.test.value == "True":
        return True
    if any(loop.node is node for loop in agent_loops(module)):
        return True
    return any(call_tail(c) == "input" for c in find_all(node, cst.Call, shallow=True))


def exit_registered(module: PythonModule) -> dict[str, cst.Call]:
    """Functions registered to run at exit: `atexit.register(save)`, `@atexit.register`, signal handlers."""
    found: dict[str, cst.Call] = {}
    for call in module.calls:
        name = module.call_name(call)
        if name in ("atexit.register", "signal.signal") and call.args:
            target = call.args[-1 if name == "signal.signal" else 0].value
            tail = target.attr.value if isinstance(target, cst.Attribute) else getattr(target, "value", None)
            if isinstance(tail, str):
                found[tail] = call
    for function in module.functions:
        for decorator in function.decorators:
            if module.dotted(decorator.decorator) == "atexit.register":
                found[function.name.value] = function  # type: ignore[assignment]
    return found


# --- the model's own decisions ---------------------------------------------------------------


def model_derived_names(module: PythonModule, loop: cst.CSTNode) -> set[str]:
    """Names assigned (directly or through each other) from a model call's result inside `loop`.

    A loop exit tested on these (`if response.stop_reason != "tool_use": break`) is the model
    deciding to stop, which bounds nothing.
    """
    model_nodes = {id(m.node) for m in model_calls(module)}
    model_functions = functions_calling_model(module)
    derived: set[str] = set()

    def from_model(value: cst.CSTNode) -> bool:
        for call in find_all(value, cst.Call):
            if id(call) in model_nodes or call_tail(call) in model_functions:
                return True
        return bool(names_in(value) & derived)

    assigns = find_all(loop, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.For, cst.With, cst.NamedExpr, shallow=True)
    mutations = [
        c for c in find_all(loop, cst.Call, shallow=True)
        if isinstance(c.func, cst.Attribute) and isinstance(c.func.value, cst.Name)
        and c.func.attr.value in ("append", "extend", "add", "insert", "update")
    ]
    changed = True
    while changed:
        changed = False
        for node in assigns:
            if isinstance(node, cst.For):
                targets, value = [node.target], node.iter
            elif isinstance(node, cst.With):
                targets = [i.asname.name for i in node.items if i.asname]
                value = node
            elif isinstance(node, cst.Assign):
                targets, value = [t.target for t in node.targets], node.value
            elif isinstance(node, cst.NamedExpr):
                targets, value = [node.target], node.value
            else:
                targets, value = [node.target], node.value
            if value is None or not from_model(value):
                continue
            for target in targets:
                for name in _target_names(target):
                    if name not in derived:
                        derived.add(name)
                        changed = True
        # `results.append({... block.id ...})`: a list filled from the model's answer follows it
        for call in mutations:
            receiver = call.func.value.value
            # the history grows from every answer; `len(messages) > N` is still a bound, not a model decision
            if receiver not in derived and not words_in(receiver, HISTORY_WORDS) and \
                    any(names_in(a.value) & derived for a in call.args):
                derived.add(receiver)
                changed = True
    return derived


def _target_names(target: cst.CSTNode) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, cst.Attribute):
        return {target.attr.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        found: set[str] = set()
        for element in target.elements:
            found |= _target_names(element.value)
        return found
    return set()


def exits_of(loop: cst.For | cst.While) -> list[cst.If]:
    """`if` statements in the loop body (this function only) whose branch leaves the loop, the
    `if` branch or the `else` one (`if calls: dispatch(...) else: return reply`)."""
    return [
        guard for guard in find_all(loop.body, cst.If, shallow=True)
        if terminates(guard.body) or (isinstance(guard.orelse, cst.Else) and terminates(guard.orelse.body))
    ]


def function_consulted(module: PythonModule, node: cst.CSTNode) -> bool:
    """Is the check holding `node` consulted? It runs in the agent loop or a function the loop
    calls, its function is named somewhere else in the file, or the file has no agent loop of its
    own (a library module whose callers live elsewhere)."""
    if not agent_loops(module) or on_agent_path(module, node):
        return True
    function = module.enclosing_function(node)
    if function is None:
        return True
    if any(loop.function is function for loop in agent_loops(module)):
        return True
    name = function.name.value
    return any(n.value == name and n is not function.name for n in module.find_all(cst.Name))


ORDER_OPERATORS = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual)


def ordered_comparisons(node: cst.CSTNode) -> list[cst.Comparison]:
    return [
        c for c in find_all(node, cst.Comparison)
        if any(isinstance(t.operator, ORDER_OPERATORS) for t in c.comparisons)
    ]


def literal_strings_in(node: cst.CSTNode) -> list[str]:
    return [v for v in (string_value(s) for s in find_all(node, cst.SimpleString)) if v is not None]
