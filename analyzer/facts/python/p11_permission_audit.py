"""P11 permission-audit: permission decisions kept as structured records, a query over them, and distinct
handlers for the contexts a permission is asked in (interactive human, coordinator, autonomous worker)."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.permission_words import is_approval_prompt, tokens
from analyzer.facts.python.sql_tables import created_tables, executed, inserts, selects
from analyzer.parse.python import PythonModule, find_all, string_value

_TOOL_KEYS = {"tool", "tool_name", "toolname", "action", "capability", "command"}
_DECISION_KEYS = {"decision", "allowed", "approved", "granted", "outcome", "verdict", "permitted", "denied", "allow",
                  "result_decision", "behavior"}
_WHY_WHO_KEYS = {"reason", "decided_by", "approver", "by", "who", "user", "actor", "policy", "note", "rationale",
                 "operator", "reviewer", "source", "agent_id", "requested_by"}
_TIME_KEYS = {"ts", "time", "timestamp", "at", "decided_at", "created_at", "when", "date"}
_STORE_CALLS = {"append", "record", "emit", "log", "write", "insert", "add", "save", "put", "extend", "info",
                "insert_one", "execute", "publish", "track"}
# Where decisions are kept (used with the structure of a filter over them, not alone).
_DECISION_STORE_WORDS = {"decision", "decisions", "permission", "permissions", "approval", "approvals", "audit",
                         "grant", "grants", "denial", "denials"}


_COLUMN_CALLS = {"Column", "mapped_column", "Field", "CharField", "TextField", "BooleanField", "DateTimeField",
                 "JSONField", "ForeignKey", "IntegerField"}


def _keys_of_call(module: PythonModule, call: cst.Call) -> set[str]:
    keys = set(module.kwargs(call))
    for arg in call.args:
        if isinstance(arg.value, cst.Dict):
            keys |= {string_value(e.key) for e in arg.value.elements if isinstance(e, cst.DictElement)} - {None}
    return keys


def _coverage(keys: set[str]) -> tuple[bool, bool, bool, bool]:
    lowered = {k.lower() for k in keys}
    return (bool(lowered & _TOOL_KEYS), bool(lowered & _DECISION_KEYS), bool(lowered & _WHY_WHO_KEYS),
            bool(lowered & _TIME_KEYS))


def _record_classes(module: PythonModule) -> dict[str, tuple[bool, bool, bool, bool]]:
    """Classes (dataclass/TypedDict/pydantic) whose fields describe a permission decision."""
    found = {}
    for cls in module.classes:
        fields = {t.target.value for s in cls.body.body if isinstance(s, cst.SimpleStatementLine)
                  for t in s.body if isinstance(t, cst.AnnAssign) and isinstance(t.target, cst.Name)}
        # ORM columns: `tool = Column(String)`, `decided_by = models.CharField(...)`
        fields |= {t.target.value for s in cls.body.body if isinstance(s, cst.SimpleStatementLine)
                   for a in s.body if isinstance(a, cst.Assign) and isinstance(a.value, cst.Call)
                   and module.call_name(a.value).rsplit(".", 1)[-1] in _COLUMN_CALLS
                   for t in a.targets if isinstance(t.target, cst.Name)}
        tool, decision, why, when = _coverage(fields)
        if decision and why and (tool or when):
            found[cls.name.value] = (tool, decision, why, when)
    return found


@python_check
class DecisionRecord(PythonCheck):
    """Permission decisions stored as structured records: a call that appends/records/emits the tool, the
    decision and who or why (the time may be stamped by the store), or a decision record class whose
    instances are stored. A class that is never stored, or a log line of text, is weak at most."""

    id = "p11.decision-record"
    emits = ("P11/decision-record",)
    POSITIVE = (
        Example("""
def can_use_tool(tool_name, tool_input, context):
    allowed = tool_name in READ_TOOLS
    audit.record("permission", tool=tool_name, decision="allow" if allowed else "deny",
                 reason="read-only tool", decided_by="policy")
    return allowed
""", strength="full", line=4, message="audit.record() stores tool, decision and who/why"),
        Example("""
import time
from dataclasses import dataclass
@dataclass
class Decision:
    tool: str
    allowed: bool
    reason: str
    decided_by: str
    ts: float

class Gate:
    def check(self, name, args):
        decision = Decision(name, True, "read-only", "policy", time.time())
        self.decisions.append(decision)
        return decision
""", strength="full"),
        # Decisions inserted into a sqlite table.
        Example("""
import sqlite3

SCHEMA = \"\"\"
CREATE TABLE IF NOT EXISTS approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tool TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'denied')),
    decided_by TEXT NOT NULL,
    reason TEXT,
    decided_at TEXT NOT NULL
);
\"\"\"

class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.executescript(SCHEMA)

    def record_approval(self, tool, decision, decided_by, reason=None):
        self.conn.execute("INSERT INTO approvals (tool, decision, decided_by, reason, decided_at) "
                          "VALUES (?, ?, ?, ?, datetime('now'))", (tool, decision, decided_by, reason))
""", strength="full"),
    )
    NEGATIVE = (
        # A text log line is not a record.
        """
import logging
log = logging.getLogger(__name__)
def check(name):
    log.info("allowed %s", name)
    return True
""",
        # Tool results are not permission decisions.
        """
def run(name, args):
    results.append({"tool": name, "output": TOOLS[name](**args)})
""",
        # Parked calls with a status are workflow state, not decisions with who and why.
        """
import sqlite3
conn = sqlite3.connect("bot.db")
conn.execute("CREATE TABLE IF NOT EXISTS pending_calls (call_id TEXT, tool TEXT, arguments TEXT, status TEXT)")

def add_pending(call):
    conn.execute("INSERT INTO pending_calls VALUES (?, ?, ?, ?)", (call.id, call.tool, call.arguments, "waiting"))
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            tail = call.func.attr.value if isinstance(call.func, cst.Attribute) else ""
            if tail not in _STORE_CALLS:
                continue
            tool, decision, why, when = _coverage(_keys_of_call(module, call))
            if tool and decision and why:
                out.evidence("P11", "decision-record", call, f"{module.code(call.func, 40)}() stores tool, decision and "
                             "who/why" + (" and time" if when else ""))
                return
        for insert in inserts(module):
            tool, decision, why, when = _coverage(set(insert.columns))
            if tool and decision and why and executed(module, insert.node):
                out.evidence("P11", "decision-record", insert.node, f"rows inserted into table {insert.table!r} hold "
                             "tool, decision and who/why" + (" and time" if when else ""))
                return
        classes = _record_classes(module)
        for name, (tool, decision, why, when) in classes.items():
            stored = self._stored(module, name)
            fields = "tool, " * tool + "decision, who/why" + ", time" * when
            if stored is not None and tool and when:
                out.evidence("P11", "decision-record", stored, f"{name} records ({fields}) are stored")
                return
            cls = next(c for c in module.classes if c.name.value == name)
            out.evidence("P11", "decision-record", cls, f"{name} holds {fields}"
                         + ("" if stored is not None else "; nothing here stores it"), "weak")
            return

    def _stored(self, module: PythonModule, cls_name: str) -> cst.CSTNode | None:
        """A call that stores an instance of `cls_name` (or a variable built from one)."""
        built = {cls_name}
        for target, values in module.assignments.items():
            if any(isinstance(v, cst.Call) and module.code(v.func).split(".")[-1] == cls_name for v in values):
                built.add(target)
        for call in module.calls:
            tail = call.func.attr.value if isinstance(call.func, cst.Attribute) else ""
            if tail in _STORE_CALLS and any(module.code(n) in built or
                                            (isinstance(n, cst.Call) and module.code(n.func).split(".")[-1] == cls_name)
                                            for a in call.args for n in [a.value, *find_all(a.value, cst.Name)]):
                return call
            if tail in _STORE_CALLS and any(module.code(a.value).split(".")[0].lstrip("*") in built for a in call.args):
                return call
        for ret in module.find_all(cst.Return, cst.DictElement):
            value = ret.value
            if isinstance(value, cst.Call) and module.code(value.func).split(".")[-1] == cls_name and isinstance(ret, cst.DictElement):
                return ret  # returned into graph state, which the checkpointer stores
        return None


@python_check
class DecisionQuery(PythonCheck):
    """A query over recorded permission decisions: a function that filters the decision store (a
    comprehension with a condition over `decisions`/`audit`/`approvals` records, or a SQL SELECT on such a
    table). Printing one record is not a query."""

    id = "p11.decision-query"
    emits = ("P11/query",)
    POSITIVE = (
        Example("""
class AuditTrail:
    def __init__(self):
        self.decisions = []
    def denied(self, tool=None):
        return [d for d in self.decisions if not d.allowed and (tool is None or d.tool == tool)]
""", line=6, message="denied() filters permission decisions by not d.allowed and (tool is None or d.tool == tool)"),
        """
import json
def decisions_for(path, tool):
    with open(path) as fh:
        records = [json.loads(line) for line in fh]
    return [r for r in records if r["category"] == "permission" and r["tool"] == tool]
""",
        # A SELECT over a table whose columns hold tool and decision.
        """
import sqlite3
conn = sqlite3.connect("audit.db")
conn.execute("CREATE TABLE IF NOT EXISTS tool_calls (tool_name TEXT, verdict TEXT, approver TEXT, ts TEXT)")

def refusals(tool_name):
    return conn.execute("SELECT * FROM tool_calls WHERE tool_name = ? AND verdict = 'deny'", (tool_name,)).fetchall()
""",
    )
    NEGATIVE = (
        """
def show(state):
    print(state["approval"])
""",
        # Filtering tool results is not a permission query.
        """
def errors(results):
    return [r for r in results if r["is_error"]]
""",
        # Reading chat messages back is not a permission query.
        """
import sqlite3
conn = sqlite3.connect("chat.db")
conn.execute("CREATE TABLE IF NOT EXISTS messages (session_id TEXT, role TEXT, content TEXT)")

def history(session_id):
    return conn.execute("SELECT role, content FROM messages WHERE session_id = ?", (session_id,)).fetchall()
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for comp in module.find_all(cst.ListComp, cst.GeneratorExp):
            if not comp.for_in.ifs or module.enclosing_function(comp) is None:
                continue
            source = module.code(comp.for_in.iter, 200)
            condition = " ".join(module.code(i.test, 200) for i in comp.for_in.ifs)
            about_decisions = bool(tokens(source) & _DECISION_STORE_WORDS) or "permission" in condition.lower()
            keyed = bool(tokens(condition) & (_TOOL_KEYS | _DECISION_KEYS | _WHY_WHO_KEYS))
            if about_decisions and keyed:
                function = module.enclosing_function(comp)
                out.evidence("P11", "query", comp, f"{function.name.value}() filters permission decisions by {condition[:50]}")
                return
        tables = created_tables(module)
        for select in selects(module):
            text = select.text.lower()
            tool, decision, _, _ = _coverage(set(tables.get(select.table, ())))
            if any(w in text for w in ("permission", "decision", "approval", "audit")) or (tool and decision):
                out.evidence("P11", "query", select.node, f"SQL query over recorded permission decisions ({select.table})")
                return


@python_check
class ContextHandlers(PythonCheck):
    """Distinct permission handlers per context: approver functions or handler classes chosen by where the
    permission is asked (`console_approver if interactive else deny_all`, a mapping from context to handler,
    or several subclasses of one handler base). Two contexts are weak; three (human, coordinator, worker) full."""

    id = "p11.context-handlers"
    emits = ("P11/context-handlers",)
    POSITIVE = (
        Example("""
def console_approver(tool, tool_input, reason):
    return input(f"{reason} allow? [y/N] ").lower() == "y"

def build(interactive):
    return PermissionGate(approver=console_approver if interactive else deny_all)
""", strength="weak",
                line=6, message="permission handler chosen by context: console_approver if interactive else deny_all"),
        Example("""
class PermissionHandler:
    def decide(self, request): raise NotImplementedError
class InteractiveHandler(PermissionHandler):
    def decide(self, request): return input("allow? [y/N]") == "y"
class CoordinatorHandler(PermissionHandler):
    def decide(self, request): return self.coordinator.grant(request)
class WorkerHandler(PermissionHandler):
    def decide(self, request): return request.tool in self.pre_approved
""", strength="full"),
    )
    NEGATIVE = (
        # One approver for every context.
        """
def approver(tool, tool_input, reason):
    return input("allow? [y/N]") == "y"
gate = PermissionGate(approver=approver)
""",
        # Choosing a model by flag is not a permission handler.
        """
model = "gpt-4o" if fast else "o3"
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        approvers = self._approver_functions(module)
        for node in module.find_all(cst.IfExp):
            names = {module.code(node.body), module.code(node.orelse)}
            if len(names) == 2 and all(isinstance(n, (cst.Name, cst.Attribute)) for n in (node.body, node.orelse)) \
                    and (names & approvers or any(tokens(n) & {"approver", "approve", "deny", "handler", "permission", "allow"}
                                                  for n in names)):
                out.evidence("P11", "context-handlers", node, f"permission handler chosen by context: {module.code(node, 60)}",
                             "weak")
                return
        self._handler_hierarchy(module, out)

    def _approver_functions(self, module: PythonModule) -> set[str]:
        return {f.name.value for f in module.functions if any(is_approval_prompt(module, c) for c in find_all(f, cst.Call))}

    def _handler_hierarchy(self, module: PythonModule, out: FactWriter) -> None:
        by_base: dict[str, list[cst.ClassDef]] = {}
        for cls in module.classes:
            for base in cls.bases:
                by_base.setdefault(module.code(base.value), []).append(cls)
        for base, subclasses in by_base.items():
            if len(subclasses) < 2 or not tokens(base) & {"permission", "approval", "approver", "handler", "policy", "consent"}:
                continue
            methods = [{f.name.value for f in find_all(c, cst.FunctionDef)} for c in subclasses]
            shared = set.intersection(*methods) - {"__init__"}
            if shared:
                out.evidence("P11", "context-handlers", subclasses[0],
                             f"{len(subclasses)} {base} handlers ({', '.join(c.name.value for c in subclasses)})",
                             "full" if len(subclasses) >= 3 else "weak")
                return
