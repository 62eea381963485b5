"""P2 gate in hand-written harnesses: an `if` on the dispatch path that decides about this tool call."""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.p02_decisions import asks_a_human, local_definitions, never_refuses
from analyzer.facts.python.p02_gate_shapes import decides_about, match_gate, raised_refusal, try_gate
from analyzer.facts.python.permission_words import (
    APPROVAL_WORDS, NOT_GATE_CALLS, is_chat_prompt, is_prompt_call, is_recording, is_risk_name, leaves, roots, tokens,
)
from analyzer.facts.python.shape import model_calls
from analyzer.facts.python.tools import dispatches
from analyzer.parse.python import PythonModule, call_tail, find_all


def _path_sites(module: PythonModule) -> list[tuple[cst.Call, cst.FunctionDef, set[str], str]]:
    """(call that runs a tool, function holding it, names carrying the tool call, dispatch container).

    Callers of a dispatcher count as well: `if not approve(block.name): continue; run_tool(block.name, ...)`.
    """
    sites = []
    model_nodes = {id(m.node) for m in model_calls(module)}
    for dispatch in dispatches(module):
        if dispatch.function is None:
            continue
        carried = roots(dispatch.node) | (roots(dispatch.name_expr) if dispatch.name_expr is not None else set())
        carried -= {"self", "cls"}
        sites.append((dispatch.node, dispatch.function, carried, dispatch.container))
        name = dispatch.function.name.value
        for call in module.calls:
            if call_tail(call) == name and id(call) not in model_nodes:
                caller = module.enclosing_function(call)
                if caller is not None and caller is not dispatch.function:
                    sites.append((call, caller, roots(call) - {"self", "cls", name}, dispatch.container))
    return sites


def _assigned_from_call(module: PythonModule, function: cst.FunctionDef) -> dict[str, cst.Call]:
    """name -> the call whose answer it holds: `decision = gate.check(...)`, `ok = input("Run? [y/N]") == "y"`."""
    table = {}
    for assign in find_all(function, cst.Assign):
        if isinstance(assign.value, cst.Await):
            value = assign.value.expression
        else:
            value = assign.value
        if not isinstance(value, cst.Call):
            value = next((c for c in find_all(value, cst.Call) if is_prompt_call(module, c)), value)
        if isinstance(value, cst.Call):
            for target in assign.targets:
                for name in find_all(target.target, cst.Name):
                    table[name.value] = value
    return table


def gate_reason(module: PythonModule, test: cst.BaseExpression, carried: set[str], container: str,
                assigned: dict[str, cst.Call], function: cst.FunctionDef) -> tuple[str, str] | None:
    """Why an `if` test is a permission decision about this tool call: (strength, words), else None. A prompt
    whose answer is the next chat message, a constant, a flag fixed before the call or an always-allow function
    of this file decides nothing."""
    model_nodes = {id(m.node) for m in model_calls(module)}
    container_leaf = container.split(".")[-1].split("(")[0]
    for call in find_all(test, cst.Call):
        tail = call_tail(call)
        if is_prompt_call(module, call):
            if is_chat_prompt(module, call):
                continue
            return "full", f"asks a human ({module.code(call, 40)})"
        if tail in NOT_GATE_CALLS or id(call) in model_nodes or never_refuses(module, call):
            continue
        if roots(call) & carried or is_risk_name(tail):
            return "full", _called(module, call)
    for name in roots(test) & set(assigned):
        origin = assigned[name]
        tail = call_tail(origin)
        if tail in NOT_GATE_CALLS or id(origin) in model_nodes or tail == container_leaf or never_refuses(module, origin):
            continue
        if is_prompt_call(module, origin):
            if is_chat_prompt(module, origin):
                continue  # `user = input("you> ")`: the user's next message, not a yes/no about the call
            return "full", f"asks a human ({module.code(origin, 40)})"
        if roots(origin) & carried and not _is_lookup(origin, container_leaf):
            return "full", f"checks the result of {module.code(origin.func, 40)}"
    decided = sorted({n.value for n in find_all(test, cst.Name)
                      if tokens(n.value) & APPROVAL_WORDS and not tokens(n.value) & {"require", "requires", "needs"}
                      and decides_about(module, n.value, function)})
    if decided:  # `if approved:` — the call runs only once a decision said yes
        return "full", f"waits for {decided[0]!r}"
    for compare in find_all(test, cst.Comparison):
        for target in compare.comparisons:
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            collection = module.code(target.comparator)
            leaf = collection.split(".")[-1]
            if leaf == container_leaf or not (roots(compare.left) & carried):
                continue  # `if name not in TOOLS` is registry membership, not permission
            if is_risk_name(leaf):
                return ("weak" if tokens(leaf) & {"allow", "allowed", "allowlist", "whitelist", "permitted"} else "full",
                        f"checks the tool call against {leaf}")
    return None


def _called(module: PythonModule, call: cst.Call) -> str:
    prompt = asks_a_human(module, call)
    if prompt is not None:  # `ask(name, args)` defined here around `input("Allow? [y/N]")`
        return f"asks a human ({module.code(call, 40)})"
    return f"calls {module.code(call.func, 40)} on the tool call"


def _is_lookup(call: cst.Call, container_leaf: str) -> bool:
    """`spec = registry.get(name)`, `pending = store.get_pending(call_id)`: a None check on it finds, not decides."""
    return isinstance(call.func, cst.Attribute) and (
        call.func.attr.value in ("get", "get_tool", "lookup") or container_leaf in cst.Module([]).code_for_node(call.func)
        or re.split(r"_|(?<=[a-z])(?=[A-Z])", call.func.attr.value)[0].lower() in _LOOKUP_WORDS)


# Method names that fetch a record (`get_pending`, `load_session`, `find_order`): checking what they return finds.
_LOOKUP_WORDS = {"get", "find", "load", "lookup", "fetch", "read"}


def _guards(module: PythonModule, site: cst.Call, function: cst.FunctionDef) -> list[cst.If]:
    """`if` statements that can stop `site` from running: ones holding it, or earlier ones that leave."""
    guards = []
    line = module.line(site)
    holders = [a for a in module.ancestors(site) if isinstance(a, cst.If)]
    for node in holders:
        if module.enclosing_function(node) is function:
            guards.append(node)
    blocks = [a for a in module.ancestors(site) if isinstance(a, cst.IndentedBlock)]
    for block in blocks:
        if module.enclosing_function(block) is not function and block is not function.body:
            continue
        for statement in block.body:
            if module.line(statement) >= line:
                break
            if isinstance(statement, cst.If) and leaves(statement.body):
                guards.append(statement)
        if block is function.body:
            break
    return guards


def site_gates(module: PythonModule, site: cst.Call, function: cst.FunctionDef, carried: set[str],
               container: str) -> Iterator[tuple[cst.CSTNode, str, str]]:
    """Decisions that can stop `site`, nearest kinds first: `if`s, then a `match`, then a `try` around or before it."""
    assigned = _assigned_from_call(module, function)
    for guard in _guards(module, site, function):
        # `if name == "delete_file": ok = input(...); if ok != "y": continue` decides in a nested test
        tests = [guard.test] + [inner.test for inner in find_all(guard.body, cst.If) if leaves(inner.body)]
        found = next(filter(None, (gate_reason(module, t, carried, container, assigned, function) for t in tests)), None)
        if found:
            yield guard, found[0], found[1]
    for shape in (match_gate, try_gate):
        found = shape(module, site, function, carried)
        if found:
            yield found


@python_check
class DispatchGate(PythonCheck):
    """A gate on the dispatch path: an `if` that holds the tool call, or leaves before it, whose test decides
    about this call (a permission/approval check taking the tool name or arguments, a human prompt, or the
    call checked against a deny list). A registry membership test (`if name not in TOOLS`), a block-type
    test or a gate function that the dispatcher never calls is not a gate."""

    id = "p2.dispatch-gate"
    emits = ("P2/gate",)
    POSITIVE = (
        Example("""
class Agent:
    def dispatch(self, name, tool_input):
        spec = self.registry.get(name)
        if spec is None:
            return "unknown tool"
        decision = self.gate.check(spec, tool_input)
        if not decision.allowed:
            return f"denied: {decision.reason}"
        return spec.handler(**tool_input)
""", strength="full", line=8, message="dispatch: checks the result of self.gate.check before running the tool"),
        Example("""
DESTRUCTIVE = {"delete_file", "run_shell"}
def execute_tool(name, args):
    if name in DESTRUCTIVE and input(f"Run {name}? [y/N] ").lower() != "y":
        return "user declined"
    return TOOL_FUNCTIONS[name](**args)
""", strength="full"),
        Example("""
def loop(response):
    for block in response.content:
        if block.type != "tool_use":
            continue
        if not approve(block.name, block.input):
            continue
        run_tool(block.name, block.input)

def run_tool(name, args):
    return HANDLERS[name](**args)
""", strength="full"),
        # Responses API loop: the gate lives in another module and returns a verdict per call.
        Example("""
import json
from openai import OpenAI
from .tools import TOOLS, execute, gate

client = OpenAI()

def step(items):
    response = client.responses.create(model="gpt-4.1", input=items, tools=TOOLS)
    for call in [i for i in response.output if i.type == "function_call"]:
        args = json.loads(call.arguments)
        verdict, reason = gate(call.name, args)
        if verdict == "deny":
            output = f"{call.name} is not allowed: {reason}"
        else:
            output = execute(call.name, args)
        items.append({"type": "function_call_output", "call_id": call.call_id, "output": output})
""", strength="full"),
        # A parked call resumed by an approver's answer (Slack button, web endpoint).
        Example("""
from .tools import execute

def on_answer(store, call_id, approved, approver):
    pending = store.get_pending(call_id)
    if approved:
        return execute(pending.tool, pending.arguments, idempotency_key=call_id)
    return f"{approver} denied it"
""", strength="full"),
        # A gate written as `match`: some names are refused before the tool runs.
        Example("""
def execute_tool(name, args):
    match name:
        case "rm" | "shell":
            return f"denied: {name} needs an operator"
        case _:
            return TOOL_FUNCTIONS[name](**args)
""", strength="full"),
        # A checker that can raise, caught by a handler that skips the tool.
        Example("""
class Refused(Exception):
    pass

def vet(name, args):
    if "rm -rf" in args.get("command", ""):
        raise Refused(name)

def execute_tool(name, args):
    try:
        vet(name, args)
    except Refused as refusal:
        return f"refused: {refusal}"
    return TOOL_FUNCTIONS[name](**args)
""", strength="full"),
    )
    NEGATIVE = (
        # A constant is no decision.
        """
def execute_tool(name, args):
    approved = True
    if not approved:
        return f"{name} was not approved"
    return TOOL_FUNCTIONS[name](**args)
""",
        # A permission method of this file that always says yes.
        """
class PermissionManager:
    def check(self, name, args):
        return True

class ToolRunner:
    def __init__(self):
        self.permissions = PermissionManager()

    def run(self, name, args):
        if not self.permissions.check(name, args):
            return "denied"
        return self.tools[name](**args)
""",
        # The REPL prompt for the user's next message, before the model answers and the tool runs.
        """
def main():
    while True:
        user = input("you> ")
        if user.strip() in ("exit", "quit"):
            break
        messages.append({"role": "user", "content": user})
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, tools=SCHEMAS)
        for call in reply.choices[0].message.tool_calls or []:
            TOOL_FUNCTIONS[call.function.name](**json.loads(call.function.arguments))
""",
        # Routing by name with a default for unknown tools: every named case runs a tool.
        """
def execute_tool(name, args):
    match name:
        case "read_file":
            return read_file(**args)
        case "list_dir":
            return list_dir(**args)
        case _:
            return f"unknown tool {name}"
""",
        # Registry membership and block type only.
        """
def execute_tool(name, args):
    if name not in TOOL_FUNCTIONS:
        return f"unknown tool {name}"
    return TOOL_FUNCTIONS[name](**args)
""",
        # A gate function exists but the dispatcher never calls it.
        """
DENY = {"rm"}
def is_allowed(name):
    return name not in DENY

def execute_tool(name, args):
    handler = TOOLS.get(name)
    if handler is None:
        return "unknown"
    return handler(**args)
""",
        # An if after the call does not gate it.
        """
def execute_tool(name, args):
    result = TOOLS[name](**args)
    if check_output(name, result):
        return "flagged"
    return result
""",
        # Finding the parked call and recording the answer decide nothing about running it.
        """
from .tools import execute

def replay(store, call_id, approver):
    pending = store.get_pending(call_id)
    if pending is None:
        return "gone"
    store.record_approval(call_id, pending.tool, "approved", approver)
    return execute(pending.tool, pending.arguments)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        seen: set[int] = set()
        for site, function, carried, container in _path_sites(module):
            found = list(site_gates(module, site, function, carried, container))
            if not found:
                self._bare_check(module, site, function, carried, out, seen)
            for where, strength, words in found:
                if id(where) not in seen:
                    seen.add(id(where))
                    out.evidence("P2", "gate", where, f"{function.name.value}: {words} before running the tool", strength)
                    break

    def _bare_check(self, module: PythonModule, site: cst.Call, function: cst.FunctionDef, carried: set[str],
                    out: FactWriter, seen: set[int]) -> None:
        """`self.policy.authorize(name, args)` as a statement before the call: blocks only by raising."""
        line = module.line(site)
        for statement in find_all(function, cst.SimpleStatementLine):
            if module.line(statement) >= line:
                break
            for expr in statement.body:
                call = expr.value.expression if isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Await) else (
                    expr.value if isinstance(expr, cst.Expr) else None)
                if not isinstance(call, cst.Call) or not roots(call) & carried or is_recording(call_tail(call)) \
                        or never_refuses(module, call) or id(statement) in seen:
                    continue
                definitions = local_definitions(module, call)
                if is_risk_name(call_tail(call)) or raised_refusal(definitions):
                    seen.add(id(statement))
                    raises = any(find_all(f.body, cst.Raise, cst.Assert, shallow=True) for f in definitions)
                    out.evidence("P2", "gate", statement, f"{function.name.value}: {module.code(call.func, 40)}() runs "
                                 "before the tool" + ("" if raises else " (blocks only if it raises)"),
                                 "full" if raises else "weak")
                    return
