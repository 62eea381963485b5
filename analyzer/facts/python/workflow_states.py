"""Shared look-ups for P4: workflow step values (enums, status fields, SQL CHECK lists) and the
fields that hold a run's own status. Not a check; `p04_workflow_state.py` builds on these."""

from __future__ import annotations

import re

import libcst as cst

from analyzer import frameworks
from analyzer.facts.python.loops import literal_strings_in, words_in
from analyzer.facts.python.runtime_apis import LANGGRAPH
from analyzer.facts.python.sql_tables import sql_texts
from analyzer.parse.python import PythonModule, find_all, string_value, target_text

ACTIVE = ("plan", "pending", "queued", "running", "execut", "in_progress", "await", "waiting", "review",
           "verif", "draft", "gather", "started", "processing", "approv", "paused", "blocked")
TERMINAL = ("done", "complet", "finish", "fail", "cancel", "stopped", "success", "published", "invoiced",
             "rejected", "closed", "abort", "error")
STATUS_FIELDS = ("status", "stage", "phase", "step", "workflow", "state")
FRAMEWORK_ROOTS = frameworks.packages("langgraph", "langchain", "crewai", "openai-agents", "pydantic-ai", "llamaindex")


def workflow_values(values: list[str]) -> bool:
    """At least three steps, some still going and some finished: a workflow, not a flag."""
    terminal = {v for v in values if words_in(v, TERMINAL)}
    active = {v for v in values if words_in(v, ACTIVE)} - terminal  # "verification_failed" is an outcome
    return len(set(values)) >= 3 and bool(active) and bool(terminal)


# Enums named like these list outcomes or categories, not the steps of a workflow.
NOT_STEPS = ("reason", "outcome", "result", "error", "level", "severity", "role", "tier", "kind", "type", "risk")


def enum_members(module: PythonModule, cls: cst.ClassDef) -> dict[str, str]:
    if not any(words_in(module.code(b.value), ("enum",)) for b in cls.bases):
        return {}
    members = {}
    for assign in find_all(cls.body, cst.Assign, shallow=True):
        for target in assign.targets:
            if isinstance(target.target, cst.Name):
                members[target.target.value] = string_value(assign.value) or target.target.value
    return members


def run_status_target(module: PythonModule, target: cst.CSTNode) -> bool:
    """A status field of the run's own state (`self.state.stage`, `session.status`,
    `state.workflow["phase"]`), not of a business record the agent edits (`order.status`)."""
    text = target_text(target)
    if isinstance(target, cst.Subscript):
        text = " ".join(literal_strings_in(target.slice[0])) if target.slice else text
    if not words_in(text, STATUS_FIELDS) or words_in(text, ("stop_reason", "state_dict")):
        return False
    owner = module.code(target.value, 80) if isinstance(target, (cst.Attribute, cst.Subscript)) else ""
    return words_in(owner, RUN_OWNERS) or (not owner and isinstance(target, cst.Name))


# What owns a run's status: its state, session, workflow, job or step (an order or a ticket does not).
RUN_OWNERS = ("state", "session", "workflow", "run", "job", "task", "step", "flow", "phase", "plan", "agent",
               "conv", "thread")


def status_assignments(module: PythonModule) -> dict[str, list[cst.CSTNode]]:
    """Step value -> where a status-like field of the run is set to it (`state.stage = "planned"`,
    `self.state.workflow["phase"] = Phase.DONE.value`, a LangGraph node returning `{"status": "drafted"}`)."""
    found: dict[str, list[cst.CSTNode]] = {}
    for assign in module.find_all(cst.Assign):
        value = string_value(assign.value) or member_name(assign.value)
        if value and any(run_status_target(module, t.target) for t in assign.targets):
            found.setdefault(value, []).append(assign)
    if module.imports_any(*LANGGRAPH, "pydantic_graph"):  # node updates are the graph's state transitions
        for element in module.find_all(cst.DictElement):
            key, value = string_value(element.key), string_value(element.value)
            if key and value and words_in(key, STATUS_FIELDS) and key not in ("state_dict", "stop_reason"):
                found.setdefault(value, []).append(element)
    return found


def member_name(node: cst.CSTNode) -> str | None:
    """`Phase.DONE` or `Phase.DONE.value` -> "DONE"."""
    if isinstance(node, cst.Attribute) and node.attr.value == "value":
        node = node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.attr.value.isupper():
        return node.attr.value
    return None


def compared_status_values(module: PythonModule) -> dict[str, cst.CSTNode]:
    """Step value -> where a run's status is compared with it (`conv.status == "awaiting_approval"`),
    or passed as a literal to a function that sets the status from a parameter
    (`save(db, conv, ..., "awaiting_approval")` with `conv.status = status` inside)."""
    found: dict[str, cst.CSTNode] = {}
    for comparison in module.find_all(cst.Comparison):
        if run_status_target(module, comparison.left) or any(
                run_status_target(module, t.comparator) for t in comparison.comparisons):
            for value in literal_strings_in(comparison):
                found.setdefault(value, comparison)
    setters: dict[str, int] = {}
    for function in module.functions:
        params = [p.name.value for p in function.params.params]
        for assign in find_all(function, cst.Assign):
            if isinstance(assign.value, cst.Name) and assign.value.value in params and any(
                    run_status_target(module, t.target) for t in assign.targets):
                setters[function.name.value] = params.index(assign.value.value)
    for call in module.calls:
        name = call.func.value if isinstance(call.func, cst.Name) else None
        if name in setters and len(call.args) > setters[name]:
            value = string_value(call.args[setters[name]].value)
            if value:
                found.setdefault(value, call)
    return found


_CHECK_IN = re.compile(r"\b(status|state|stage|phase|step)\b[^,]*?\bcheck\s*\(\s*\w+\s+in\s*\(([^)]*)\)", re.I)
_TABLE = re.compile(r"create\s+table\s+(?:if\s+not\s+exists\s+)?[`\"\[]?(\w+)", re.I)
# Tables that hold the agent's own work (pending tool calls, approvals, runs), not business records.
_RUN_TABLES = ("call", "approval", "run", "job", "task", "step", "session", "thread", "conversation", "workflow")


def sql_status_states(module: PythonModule) -> list[tuple[cst.CSTNode, str, list[str]]]:
    """(node, table, values) for a status column declared with `CHECK (status IN ('a', 'b', ...))`
    in a CREATE TABLE of the agent's own work."""
    found = []
    for sql in sql_texts(module):
        tables = list(_TABLE.finditer(sql.text))
        for match in _CHECK_IN.finditer(sql.text):
            table = next((t.group(1) for t in reversed(tables) if t.start() < match.start()), "")
            values = re.findall(r"'([^']+)'", match.group(2))
            if words_in(table, _RUN_TABLES) and workflow_values(values):
                found.append((sql.node, table, values))
    return found
