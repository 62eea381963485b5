"""P2 permission-tiers in hand-written harnesses: a gate on the dispatch path, tools classified by risk,
and a human approval step. Framework equivalents live in p02_framework_permissions.py."""

from __future__ import annotations

import re

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.shape import model_calls
from analyzer.facts.python.tools import Dispatch, callee_name, dispatches, is_toolish
from analyzer.parse.python import PythonModule, find_all, string_value

# Calls in an `if` test that inspect data rather than decide a permission.
_NOT_GATE_CALLS = {"isinstance", "len", "hasattr", "callable", "getattr", "str", "int", "bool", "type", "keys",
                   "values", "items", "get", "strip", "lower", "upper", "startswith", "endswith", "loads", "dumps",
                   "iscoroutinefunction", "iscoroutine", "isawaitable", "ismethod", "isfunction", "exists", "is_file",
                   "is_dir", "isdir", "isfile", "print", "format", "join", "split", "time", "monotonic", "now",
                   "keys", "debug", "info", "warning", "error"}
# Human prompts: the answer decides whether the call goes ahead.
_PROMPT_CALLS = ("input", "click.confirm", "typer.confirm", "rich.prompt.Confirm.ask", "Confirm.ask",
                 "questionary.confirm", "inquirer.confirm", "prompt_toolkit.prompt", "prompt_toolkit.PromptSession.prompt")
_YES_NO = {"y", "yes", "n", "no", "approve", "approved", "ok", "allow", "reject", "deny", "a", "r"}
# Word pieces that say a collection or attribute classifies tools by risk (used only with the structure
# that consults it in a decision, never alone).
RISK_TOKENS = {"deny", "denied", "denylist", "block", "blocked", "blocklist", "blacklist", "forbid", "forbidden",
               "danger", "dangerous", "destructive", "destroy", "risky", "risk", "sensitive", "unsafe", "safe",
               "allow", "allowed", "allowlist", "whitelist", "permit", "permitted", "read", "readonly", "write",
               "mutating", "mutate", "mutation", "approval", "approve", "confirm", "confirmation", "require",
               "requires", "protected", "privileged", "restricted", "trusted", "tier", "tiers", "level", "needs",
               "auto", "side", "effects", "critical", "high", "low", "medium", "prohibited", "exempt"}
_RISK_ATTRS = {"tier", "risk", "risk_level", "read_only", "readonly", "is_read_only", "destructive", "is_destructive",
               "dangerous", "is_dangerous", "requires_approval", "needs_approval", "require_approval",
               "requires_confirmation", "mutating", "is_mutating", "side_effects", "has_side_effects", "permission",
               "permission_level", "safe", "is_safe", "level", "sensitive"}


_SETTINGS_OBJECTS = {"args", "opts", "options", "config", "settings", "cfg", "ns", "parsed", "params", "conf", "env"}


def tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1_\2", name)
    return {t for t in re.split(r"[^a-zA-Z]+", spaced.lower()) if t}


def is_risk_name(name: str) -> bool:
    return bool(tokens(name) & RISK_TOKENS) and not (tokens(name) <= {"read", "thread"})


def is_prompt_call(module: PythonModule, call: cst.Call) -> bool:
    name = module.call_name(call)
    return name in _PROMPT_CALLS or name.endswith(("Confirm.ask", ".confirm")) and name != "confirm"


class _RootNames(cst.CSTVisitor):
    """Variable names used in an expression (`block` in `block.name`, not the attribute `name`)."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.found.add(node.value)

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # not the keyword's name
        return False


def is_approval_prompt(module: PythonModule, call: cst.Call) -> bool:
    """A yes/no question to a human (`input("allow? [y/N]") == "y"`, `click.confirm(...)`), not a REPL prompt."""
    if not is_prompt_call(module, call):
        return False
    if module.call_name(call) != "input":
        return True  # confirm-style prompts are yes/no by construction
    statement = module.statement_of(call)
    literals = {s.lower().strip() for s in (string_value(n) for n in find_all(statement, cst.SimpleString)) if s}
    literals |= {p.value.lower().strip() for p in find_all(statement, cst.FormattedStringText)}
    return bool(literals & _YES_NO) or any("y/n" in s for s in literals)


def _roots(node: cst.CSTNode) -> set[str]:
    visitor = _RootNames()
    node.visit(visitor)
    return visitor.found


def _leaves(body: cst.BaseSuite) -> bool:
    """Does the branch leave (return / raise / continue / break) before falling through?"""
    return bool(find_all(body, cst.Return, cst.Raise, cst.Continue, cst.Break, shallow=True))


# --- the dispatch path --------------------------------------------------------------------


def _path_sites(module: PythonModule) -> list[tuple[cst.Call, cst.FunctionDef, set[str], str]]:
    """(call that runs a tool, function holding it, names carrying the tool call, dispatch container).

    Callers of a dispatcher count as well: `if not approve(block.name): continue; run_tool(block.name, ...)`.
    """
    sites = []
    model_nodes = {id(m.node) for m in model_calls(module)}
    for dispatch in dispatches(module):
        if dispatch.function is None:
            continue
        carried = _roots(dispatch.node) | (_roots(dispatch.name_expr) if dispatch.name_expr is not None else set())
        carried -= {"self", "cls"}
        sites.append((dispatch.node, dispatch.function, carried, dispatch.container))
        name = dispatch.function.name.value
        for call in module.calls:
            if callee_name(call) == name and id(call) not in model_nodes:
                caller = module.enclosing_function(call)
                if caller is not None and caller is not dispatch.function:
                    sites.append((call, caller, _roots(call) - {"self", "cls", name}, dispatch.container))
    return sites


def _assigned_from_call(module: PythonModule, function: cst.FunctionDef) -> dict[str, cst.Call]:
    table = {}
    for assign in find_all(function, cst.Assign):
        if isinstance(assign.value, cst.Await):
            value = assign.value.expression
        else:
            value = assign.value
        if isinstance(value, cst.Call):
            for target in assign.targets:
                for name in find_all(target.target, cst.Name):
                    table[name.value] = value
    return table


def gate_reason(module: PythonModule, test: cst.BaseExpression, carried: set[str], container: str,
                assigned: dict[str, cst.Call]) -> tuple[str, str] | None:
    """Why an `if` test is a permission decision about this tool call: (strength, words), else None."""
    model_nodes = {id(m.node) for m in model_calls(module)}
    container_leaf = container.split(".")[-1].split("(")[0]
    for call in find_all(test, cst.Call):
        tail = callee_name(call)
        if is_prompt_call(module, call):
            return "full", f"asks a human ({module.code(call, 40)})"
        if tail in _NOT_GATE_CALLS or id(call) in model_nodes:
            continue
        if _roots(call) & carried or is_risk_name(tail):
            return "full", f"calls {module.code(call.func, 40)} on the tool call"
    for name in _roots(test) & set(assigned):
        origin = assigned[name]
        tail = callee_name(origin)
        if tail in _NOT_GATE_CALLS or id(origin) in model_nodes or tail == container_leaf:
            continue
        if is_prompt_call(module, origin):
            return "full", f"asks a human ({module.code(origin, 40)})"
        if _roots(origin) & carried and not _is_lookup(origin, container_leaf):
            return "full", f"checks the result of {module.code(origin.func, 40)}"
    for compare in find_all(test, cst.Comparison):
        for target in compare.comparisons:
            if not isinstance(target.operator, (cst.In, cst.NotIn)):
                continue
            collection = module.code(target.comparator)
            leaf = collection.split(".")[-1]
            if leaf == container_leaf or not (_roots(compare.left) & carried):
                continue  # `if name not in TOOLS` is registry membership, not permission
            if is_risk_name(leaf):
                return ("weak" if tokens(leaf) & {"allow", "allowed", "allowlist", "whitelist", "permitted"} else "full",
                        f"checks the tool call against {leaf}")
    return None


def _is_lookup(call: cst.Call, container_leaf: str) -> bool:
    return isinstance(call.func, cst.Attribute) and (
        call.func.attr.value in ("get", "get_tool", "lookup") or container_leaf in cst.Module([]).code_for_node(call.func))


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
            if isinstance(statement, cst.If) and _leaves(statement.body):
                guards.append(statement)
        if block is function.body:
            break
    return guards


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
""", strength="full"),
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
    )
    NEGATIVE = (
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
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        seen = set()
        for site, function, carried, container in _path_sites(module):
            assigned = _assigned_from_call(module, function)
            for guard in _guards(module, site, function):
                # `if name == "delete_file": ok = input(...); if ok != "y": continue` decides in a nested test
                tests = [guard.test] + [inner.test for inner in find_all(guard.body, cst.If) if _leaves(inner.body)]
                found = next(filter(None, (gate_reason(module, t, carried, container, assigned) for t in tests)), None)
                if found and id(guard) not in seen:
                    seen.add(id(guard))
                    strength, words = found
                    out.evidence("P2", "gate", guard, f"{function.name.value}: {words} before running the tool", strength)
                    break
            else:
                self._bare_check(module, site, function, carried, out, seen)

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
                if isinstance(call, cst.Call) and is_risk_name(callee_name(call)) and _roots(call) & carried \
                        and id(statement) not in seen:
                    seen.add(id(statement))
                    local = module.function_named(callee_name(call))
                    raises = local is not None and bool(find_all(local, cst.Raise))
                    out.evidence("P2", "gate", statement, f"{function.name.value}: {module.code(call.func, 40)}() runs "
                                 "before the tool" + ("" if raises else " (blocks only if it raises)"),
                                 "full" if raises else "weak")
                    return


def _consulted(module: PythonModule, name: str) -> cst.CSTNode | None:
    """Where a module/class-level collection is used to decide: membership tests and pattern matching."""
    for compare in module.find_all(cst.Comparison):
        for target in compare.comparisons:
            if isinstance(target.operator, (cst.In, cst.NotIn)) and module.code(target.comparator).split(".")[-1] == name \
                    and module.enclosing_function(compare) is not None:
                return compare
    for comp in module.find_all(cst.GeneratorExp, cst.ListComp):
        if module.code(comp.for_in.iter).split(".")[-1] == name and any(
                module.call_name(c).startswith("re.") or callee_name(c) in ("search", "match", "fullmatch", "fnmatch")
                for c in find_all(comp.elt, cst.Call)):
            return comp
    for loop in module.find_all(cst.For):
        if module.code(loop.iter).split(".")[-1] == name and any(
                module.call_name(c).startswith("re.") or callee_name(c) in ("search", "match", "fullmatch", "fnmatch")
                for c in find_all(loop.body, cst.Call)):
            return loop
    return None


def _collection_constants(module: PythonModule) -> dict[str, cst.BaseExpression]:
    found = {}
    for target, values in module.assignments.items():
        leaf = target.split(".")[-1]
        value = values[0]
        if isinstance(value, cst.Call) and module.call_name(value) in ("set", "frozenset", "tuple", "list") and value.args:
            value = value.args[0].value
        if isinstance(value, (cst.List, cst.Set, cst.Tuple, cst.Dict)) and (
                [e for e in find_all(value, cst.SimpleString)]):
            found[leaf] = value
    return found


@python_check
class ToolClassification(PythonCheck):
    """Tools or commands classified by risk, and the classification consulted in a decision: a deny/allow/
    destructive list or pattern list used in a membership test or regex match, a tier enum compared in a
    branch, a risk attribute of a tool spec read in a test, or an `if` that sends some calls to a human and
    pre-approves the rest. A list that nothing consults is not a classification."""

    id = "p2.classification"
    emits = ("P2/classification", "symbol:permission-gate")
    POSITIVE = (
        Example("""
import re
DANGEROUS = [r"\\brm\\s+-rf", r"\\bmkfs", r"git push --force"]
def is_destructive(command):
    return any(re.search(p, command) for p in DANGEROUS)
""", expect="P2/classification"),
        Example("""
import enum
class Tier(enum.Enum):
    READ_ONLY = "read_only"
    DESTRUCTIVE = "destructive"
class Gate:
    def check(self, spec, args):
        if spec.tier is Tier.READ_ONLY:
            return True
        return self.approver(spec.name, args)
""", expect="P2/classification"),
        Example("""
from dataclasses import dataclass
from typing import Literal
Effect = Literal["read", "write", "delete"]
@dataclass
class ToolSpec:
    name: str
    description: str
    effect: Effect
""", expect="P2/classification", strength="weak"),
        Example("""
def approve(state):
    if state["total"] <= LIMIT:
        return {"approved": True, "by": "policy"}
    answer = interrupt({"total": state["total"]})
    return {"approved": answer["ok"], "by": "human"}
""", expect="P2/classification"),
    )
    NEGATIVE = (
        # A deny list that nothing consults.
        """
DENY_TOOLS = ["delete_file", "run_shell"]
def execute_tool(name, args):
    return TOOLS[name](**args)
""",
        # An enum defined and never compared.
        """
import enum
class Risk(enum.Enum):
    LOW = 1
    HIGH = 2
""",
        # A config class with a name and a level is not a tool spec.
        """
from dataclasses import dataclass
@dataclass
class Logger:
    name: str
    path: str
""",
        # A list of file extensions checked in a loader.
        """
EXTENSIONS = [".md", ".txt"]
def wanted(path):
    return path.suffix in EXTENSIONS
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for name in sorted(_collection_constants(module)):
            if not is_risk_name(name):
                continue
            where = _consulted(module, name)
            if where is not None:
                out.evidence("P2", "classification", where, f"{name} consulted to classify tool calls")
                self._gate_symbol(module, where, out)
                break
        self._tier_enums(module, out)
        self._risk_attributes(module, out)
        self._approval_split(module, out)
        self._declared_on_specs(module, out)

    def _declared_on_specs(self, module: PythonModule, out: FactWriter) -> None:
        """A spec class with a risk field (`effect: Literal["read", "write", "delete"]`, `tier: Tier`): the tools are
        classified, though nothing in this file decides on it (weak; a consulting gate elsewhere is full)."""
        for cls in module.classes:
            fields = {t.target.value: t.annotation.annotation for st in cls.body.body if isinstance(st, cst.SimpleStatementLine)
                      for t in st.body if isinstance(t, cst.AnnAssign) and isinstance(t.target, cst.Name)}
            if not {"name", "description"} <= set(fields):
                continue
            for field, annotation in fields.items():
                values = [string_value(v) or "" for v in find_all(module.resolve(annotation) or annotation, cst.SimpleString)]
                risky_literal = len([v for v in values if tokens(v) & (RISK_TOKENS | {"delete"})]) >= 2
                if field in _RISK_ATTRS | {"effect", "effects", "access"} or risky_literal:
                    out.evidence("P2", "classification", cls, f"{cls.name.value}.{field} classifies each tool "
                                 f"({module.code(annotation, 40)}); not consulted here", "weak")
                    return

    def _gate_symbol(self, module: PythonModule, node: cst.CSTNode, out: FactWriter) -> None:
        function = module.enclosing_function(node)
        if function is not None:
            out.symbol("permission-gate", function)

    def _tier_enums(self, module: PythonModule, out: FactWriter) -> None:
        for cls in module.classes:
            if not any((module.dotted(b.value) or "").split(".")[-1] in ("Enum", "StrEnum", "IntEnum") for b in cls.bases):
                continue
            members = {t.target.value for s in cls.body.body if isinstance(s, cst.SimpleStatementLine)
                       for a in s.body if isinstance(a, cst.Assign) for t in a.targets if isinstance(t.target, cst.Name)}
            if len([m for m in members if is_risk_name(m)]) < 2:
                continue
            for compare in module.find_all(cst.Comparison):
                text = module.code(compare, 200)
                if f"{cls.name.value}." in text and module.enclosing_function(compare) is not None:
                    out.evidence("P2", "classification", compare,
                                 f"{cls.name.value} tiers ({', '.join(sorted(members))}) decide in {module.code(compare, 50)}")
                    self._gate_symbol(module, compare, out)
                    return

    def _risk_attributes(self, module: PythonModule, out: FactWriter) -> None:
        for node in module.find_all(cst.If, cst.IfExp):
            for part in find_all(node.test, cst.Attribute, cst.Subscript):
                attr = part.attr.value if isinstance(part, cst.Attribute) else string_value(
                    part.slice[0].slice.value if len(part.slice) == 1 and isinstance(part.slice[0].slice, cst.Index) else None)
                receiver = module.code(part.value).split(".")[-1] if isinstance(part, (cst.Attribute, cst.Subscript)) else ""
                if receiver in _SETTINGS_OBJECTS:
                    continue  # `if args.tier:` reads a command-line option, not a tool's class
                if attr in _RISK_ATTRS and module.enclosing_function(node) is not None and attr != "level":
                    out.evidence("P2", "classification", node, f"tool risk attribute {attr!r} decides a branch")
                    self._gate_symbol(module, node, out)
                    return

    def _approval_split(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            if not (callee_name(call) == "interrupt" or is_approval_prompt(module, call) or _is_approver_call(call)):
                continue
            for guard in _enclosing_or_earlier_ifs(module, call):
                in_body = any(a is guard.body for a in module.ancestors(call))
                other = guard.orelse if in_body else guard.body
                if other is None and in_body and _decides(module, guard.test):
                    out.evidence("P2", "classification", guard,
                                 f"only calls where {module.code(guard.test, 50)} ask for approval")
                    return
                if other is not None and not any(callee_name(c) == "interrupt" or is_approval_prompt(module, c)
                                                 for c in find_all(other, cst.Call)) and _decides(module, guard.test):
                    out.evidence("P2", "classification", guard,
                                 f"pre-approves when {module.code(guard.test, 50)}; otherwise asks for approval")
                    return


def _enclosing_or_earlier_ifs(module: PythonModule, node: cst.CSTNode) -> list[cst.If]:
    """`if` statements holding `node`, then earlier ones in its function that return before reaching it."""
    function = module.enclosing_function(node)
    found = [a for a in module.ancestors(node) if isinstance(a, cst.If) and module.enclosing_function(a) is function]
    line = module.line(node)
    for block in (a for a in module.ancestors(node) if isinstance(a, cst.IndentedBlock)):
        if module.enclosing_function(block) is not function and (function is None or block is not function.body):
            continue
        found += [s for s in block.body if isinstance(s, cst.If) and module.line(s) < line and _leaves(s.body)]
        if function is not None and block is function.body:
            break
    return found


def _decides(module: PythonModule, test: cst.BaseExpression) -> bool:
    """A real condition (not `if interactive:` or a None check)."""
    text = module.code(test, 200)
    return bool(find_all(test, cst.Comparison)) and " is None" not in text and "is not None" not in text


def _is_approver_call(call: cst.Call) -> bool:
    tail = callee_name(call)
    return bool(tokens(tail) & {"approver", "approve", "approval", "confirm", "ask"}) and bool(call.args)


@python_check
class HumanApproval(PythonCheck):
    """A human approval step: a function whose yes/no prompt (`input()`, `click.confirm`, `Confirm.ask`)
    decides its result, or an injected approver callback invoked with the tool call inside a decision.
    A REPL's `input("> ")` is not an approval."""

    id = "p2.approval"
    emits = ("P2/approval",)
    POSITIVE = (
        """
def console_approver(tool, tool_input, reason):
    print(reason)
    return input("allow? [y/N] ").strip().lower() == "y"
""",
        """
class PermissionGate:
    def check(self, spec, tool_input):
        if spec.tier == "read_only":
            return True
        return bool(self.approver(spec.name, tool_input, "needs approval"))
""",
        """
import click
def confirm_shell(command):
    if not click.confirm(f"Run {command}?"):
        raise PermissionError(command)
""",
    )
    NEGATIVE = (
        # The REPL prompt for the next task.
        """
def main():
    while True:
        prompt = input("> ").strip()
        if prompt in {"exit", "quit"}:
            break
        run_agent(prompt)
""",
        # Asking for a file name is not approval.
        """
def pick():
    path = input("file name: ")
    return open(path).read()
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            if is_approval_prompt(module, call):
                function = module.enclosing_function(call)
                out.evidence("P2", "approval", call, f"{function.name.value if function else 'module'} asks a human "
                             f"to approve ({module.code(call, 40)})")
                return
        for call in module.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self" \
                    and _is_approver_call(call) and module.enclosing_function(call) is not None \
                    and any(isinstance(a, (cst.If, cst.Return, cst.Assign)) for a in module.ancestors(call)):
                out.evidence("P2", "approval", call, f"approver callback {module.code(func, 30)}() decides the call")
                return

