"""P2 classification in hand-written harnesses: tools or commands classified by risk, and the
classification consulted in a decision."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.p02_decisions import depends_on_call
from analyzer.facts.python.permission_words import (
    RISK_ATTRS, RISK_TOKENS, SETTINGS_OBJECTS, is_approval_prompt, is_approver_call, is_risk_name, leaves, tokens,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value


def _consulted(module: PythonModule, name: str) -> cst.CSTNode | None:
    """Where a module/class-level collection is used to decide: membership tests and pattern matching."""
    for compare in module.find_all(cst.Comparison):
        for target in compare.comparisons:
            if isinstance(target.operator, (cst.In, cst.NotIn)) and module.code(target.comparator).split(".")[-1] == name \
                    and module.enclosing_function(compare) is not None:
                return compare
    for comp in module.find_all(cst.GeneratorExp, cst.ListComp):
        if module.code(comp.for_in.iter).split(".")[-1] == name and any(
                module.call_name(c).startswith("re.") or call_tail(c) in ("search", "match", "fullmatch", "fnmatch")
                for c in find_all(comp.elt, cst.Call)):
            return comp
    for loop in module.find_all(cst.For):
        if module.code(loop.iter).split(".")[-1] == name and any(
                module.call_name(c).startswith("re.") or call_tail(c) in ("search", "match", "fullmatch", "fnmatch")
                for c in find_all(loop.body, cst.Call)):
            return loop
    return _looked_up_to_decide(module, name)


def _looked_up_to_decide(module: PythonModule, name: str) -> cst.CSTNode | None:
    """`risk = TOOL_RISK.get(tool)` then `if risk == "read":`, or `if TOOL_RISK[tool] == "payment":` — a
    tool -> class mapping read in a decision."""
    for node in module.find_all(cst.Call, cst.Subscript):
        if isinstance(node, cst.Call):
            func = node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args
                    and module.code(func.value).split(".")[-1] == name):
                continue
        elif module.code(node.value).split(".")[-1] != name or string_value(_key(node)) is not None:
            continue
        function = module.enclosing_function(node)
        if function is None:
            continue
        if module.enclosing(node, cst.Comparison) is not None:
            return node
        statement = module.statement_of(node)
        targets = {t.target.value for a in find_all(statement, cst.Assign) for t in a.targets
                   if isinstance(t.target, cst.Name)} if isinstance(statement, cst.SimpleStatementLine) else set()
        for compare in find_all(function, cst.Comparison):
            if targets & {n.value for n in find_all(compare, cst.Name)} and module.line(compare) > module.line(node):
                return node
    return None


def _key(node: cst.Subscript) -> cst.BaseExpression | None:
    return node.slice[0].slice.value if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) else None


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
""", expect="P2/classification", line=5, message="DANGEROUS consulted to classify tool calls"),
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
        # A tool -> risk class mapping read in the gate.
        Example("""
TOOL_RISK = {"lookup_customer": "read", "issue_refund": "payment", "post_announcement": "message"}

def gate(name, args):
    risk = TOOL_RISK.get(name)
    if risk is None:
        return "deny", "unknown tool"
    if risk == "read":
        return "allow", None
    return "ask", None
""", expect="P2/classification", strength="full"),
    )
    NEGATIVE = (
        # A command-line flag that skips the question for every call sorts no tool by risk.
        """
import sys

def execute_tool(name, args):
    if len(sys.argv) > 1 and sys.argv[1] == "--yes":
        ok = True
    else:
        ok = input(f"Run {name}? [y/N] ").strip().lower() == "y"
    if not ok:
        return "declined"
    return TOOL_FUNCTIONS[name](**args)
""",
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
        # A risk label looked up only to show it.
        """
TOOL_RISK = {"lookup_customer": "read", "issue_refund": "payment"}

def describe(name):
    label = TOOL_RISK.get(name, "unknown")
    return f"{name} ({label})"
""",
        # Picking tool_use blocks out of a reply before asking is not a pre-approval rule.
        """
def handle(response):
    for block in response.content:
        if block.type != "tool_use":
            continue
        ask_approval(block.name, block.input)
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
                if field in RISK_ATTRS | {"effect", "effects", "access"} or risky_literal:
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
                if receiver in SETTINGS_OBJECTS:
                    continue  # `if args.tier:` reads a command-line option, not a tool's class
                if attr in RISK_ATTRS and module.enclosing_function(node) is not None and attr != "level":
                    out.evidence("P2", "classification", node, f"tool risk attribute {attr!r} decides a branch")
                    self._gate_symbol(module, node, out)
                    return

    def _approval_split(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            if not (call_tail(call) == "interrupt" or is_approval_prompt(module, call) or is_approver_call(call)):
                continue
            for guard in _enclosing_or_earlier_ifs(module, call):
                if any(a is guard.test for a in module.ancestors(call)):
                    continue  # the prompt's own `if input(...) != "y":` asks; it does not sort calls
                in_body = any(a is guard.body for a in module.ancestors(call))
                other = guard.orelse if in_body else guard.body
                if other is None and in_body and _decides(module, guard.test):
                    out.evidence("P2", "classification", guard,
                                 f"only calls where {module.code(guard.test, 50)} ask for approval")
                    return
                if other is not None and not any(call_tail(c) == "interrupt" or is_approval_prompt(module, c)
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
        found += [s for s in block.body if isinstance(s, cst.If) and module.line(s) < line and leaves(s.body)]
        if function is not None and block is function.body:
            break
    return found


def _decides(module: PythonModule, test: cst.BaseExpression) -> bool:
    """A real condition about the call (not `if interactive:`, a None check, `block.type != "tool_use"` picking tool
    calls out of a reply, or `len(sys.argv) > 1` / an environment flag fixed before any call is known)."""
    if not depends_on_call(module, test, module.enclosing_function(test)):
        return False
    text = module.code(test, 200)
    comparisons = find_all(test, cst.Comparison)
    about_kind = all(module.code(c.left).split(".")[-1].strip("[]\"'") in ("type", "kind", "role") for c in comparisons)
    return bool(comparisons) and not about_kind and " is None" not in text and "is not None" not in text
