"""P4 workflow-state: "what step are we in" kept apart from "what have we said", persisted as it
moves, with markers that make side effects safe to retry.

Explicit states are an Enum/Literal of workflow steps (planned, executing, awaiting approval,
done, failed) that the code really moves through, a status field assigned those steps, a typed
LangGraph StateGraph, or a CrewAI Flow with structured state. A stop reason is an outcome, not a
state; a permission tier or a chat role is not a workflow step.
"""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import keyword_value, literal_strings_in, words_in
from analyzer.facts.python.runtime_apis import CREW, LANGGRAPH, langgraph_saver_kind, string_keys
from analyzer.facts.python.shape import terminates
from analyzer.facts.python.storage import durable_writes
from analyzer.facts.python.workflow_states import (
    ACTIVE, FRAMEWORK_ROOTS, NOT_STEPS, enum_members, run_status_target, status_assignments, workflow_values,
    compared_status_values, sql_status_states,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, string_value

_CREW_PERSIST = frameworks.framework("crewai").sessions  # Flow @persist


def _state_fields(module: PythonModule, graph: cst.Call) -> set[str]:
    """Fields of a StateGraph's state class when it is defined in this file."""
    if not graph.args or not isinstance(graph.args[0].value, cst.Name):
        return set()
    cls = next((c for c in module.classes if c.name.value == graph.args[0].value.value), None)
    if cls is None:
        return set()
    return {n.target.value for n in find_all(cls.body, cst.AnnAssign) if isinstance(n.target, cst.Name)}


@python_check
class ExplicitWorkflowStates(PythonCheck):
    """Workflow steps as data the code moves through: an Enum or Literal of steps with
    transitions (a status field assigned the steps, a transition table), a typed LangGraph
    StateGraph with named nodes, or a CrewAI Flow over structured state."""

    id = "p4.explicit-states"
    emits = ("P4/explicit-states",)
    POSITIVE = (
        Example("""
import enum
class Phase(str, enum.Enum):
    PLANNING = "planning"
    EXECUTING = "executing"
    AWAITING_APPROVAL = "awaiting_approval"
    DONE = "done"
    FAILED = "failed"
TRANSITIONS = {Phase.PLANNING: {Phase.EXECUTING, Phase.DONE}, Phase.EXECUTING: {Phase.AWAITING_APPROVAL, Phase.FAILED}}
""", strength="full", line=3, message="workflow states Phase: planning, executing, awaiting_approval, done, failed"),
        # LangGraph nodes returning status updates.
        Example("""
from langgraph.graph import StateGraph
def draft(state):
    return {"draft": make_draft(state), "status": "drafted"}
def approve(state):
    return {"status": "awaiting_approval"}
def execute(state):
    if state.get("invoice_id"):
        return {"status": "invoiced"}
    return {"status": "failed"}
""", strength="full"),
        Example("""
from crewai.flow.flow import Flow, listen, start
from pydantic import BaseModel
class ArticleState(BaseModel):
    topic: str = ""
    post_url: str | None = None
class ArticleFlow(Flow[ArticleState]):
    @start()
    def plan(self):
        pass
    @listen(plan)
    def publish(self):
        pass
"""),
    )
    POSITIVE = POSITIVE + (
        # Pending tool calls whose status column lists the steps, moved by compare-and-set.
        Example("""
SCHEMA = \"\"\"
CREATE TABLE IF NOT EXISTS pending_calls (
    call_id TEXT PRIMARY KEY,
    tool TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'approved', 'denied', 'executed', 'failed'))
);
\"\"\"
def transition(conn, call_id, from_status, to_status):
    cur = conn.execute("UPDATE pending_calls SET status = ? WHERE call_id = ? AND status = ?",
                       (to_status, call_id, from_status))
    return cur.rowcount == 1
""", strength="full"),
        # Conversation status strings compared and set through a save helper: weak (nothing declares them).
        Example("""
def save(db, conv, messages, status):
    conv.messages_json = messages
    conv.status = status
    db.commit()
async def run_turn(db, conv, agent, prompt):
    if conv.status == "awaiting_approval":
        prompt = ask_operator(db, conv)
    elif conv.status == "stopped_budget":
        return
    result = await agent.run(prompt)
    save(db, conv, result.all_messages_json(), "active")
""", strength="weak"),
    )
    NEGATIVE = (
        # An orders table with a status list is a business record, not the agent's workflow.
        """
SCHEMA = "CREATE TABLE orders (id INTEGER, status TEXT CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled')))"
""",
        # A business record the agent edits is not the agent's workflow state.
        """
def cancel_order(order):
    if order.status == "pending":
        order.status = "cancelled"
    elif order.status == "processing":
        order.status = "refund_requested"
    else:
        order.status = "failed"
    order.save()
""",
        # Permission tiers are not workflow steps.
        """
import enum
class Tier(str, enum.Enum):
    READ_ONLY = "read_only"
    MUTATING = "mutating"
    DESTRUCTIVE = "destructive"
""",
        # A stop reason is an outcome, not a state.
        """
import enum
class StopReason(str, enum.Enum):
    COMPLETED = "completed"
    MAX_TURNS = "max_turns"
    VERIFICATION_FAILED = "verification_failed"
    ERROR = "error"
def finish(state, reason):
    state.stop_reason = reason
    return {"stop_reason": "max_turns"}
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        assigned = status_assignments(module)
        for cls in module.classes:
            members = enum_members(module, cls)
            if members and workflow_values(list(members.values())) and not words_in(cls.name.value, NOT_STEPS):
                moved = self._moves(module, cls.name.value) or set(members) & set(assigned)
                out.evidence("P4", "explicit-states", cls, f"workflow states {cls.name.value}: "
                             + ", ".join(list(members.values())[:6]), "full" if moved else "weak")
        literals = [
            v for node in module.find_all(cst.Subscript)
            if isinstance(node.value, cst.Name) and node.value.value == "Literal"
            for v in [[string_value(e.slice.value) for e in node.slice if isinstance(e.slice, cst.Index)]]
            if all(v) and workflow_values(v)
        ]
        for values in literals[:1]:
            node = next(n for n in module.find_all(cst.Subscript) if isinstance(n.value, cst.Name)
                        and n.value.value == "Literal")
            moved = set(values) & set(assigned)
            out.evidence("P4", "explicit-states", node, "workflow states: " + ", ".join(values[:6]),
                         "full" if len(moved) >= 2 else "weak")
        if not literals and workflow_values(list(assigned)):
            first = min((n for nodes in assigned.values() for n in nodes), key=module.line)
            steps = ", ".join(sorted(assigned)[:6])
            out.evidence("P4", "explicit-states", first, f"status field moves through {steps}")
        for node, table, values in sql_status_states(module)[:1]:
            out.evidence("P4", "explicit-states", node, f"{table}.status limited to the steps " + ", ".join(values[:6]))
        compared = {**compared_status_values(module), **{k: v[0] for k, v in assigned.items()}}
        if not literals and not workflow_values(list(assigned)) and workflow_values(list(compared)):
            first = min(compared.values(), key=module.line)
            out.evidence("P4", "explicit-states", first, "status strings compared and set, not declared: "
                         + ", ".join(sorted(compared)[:6]), "weak")
        self._frameworks(module, out)

    def _moves(self, module: PythonModule, enum_name: str) -> bool:
        """Members of the enum are keys of a transition table or compared in the code."""
        for element in module.find_all(cst.DictElement):
            if enum_name in names_in(element.key) and enum_name in names_in(element.value):
                return True
        return sum(1 for c in module.find_all(cst.Comparison) if enum_name in names_in(c)) >= 2

    def _frameworks(self, module: PythonModule, out: FactWriter) -> None:
        if module.imports_any(*LANGGRAPH):
            graphs = [c for c in module.calls
                      if call_tail(c) == "StateGraph" and module.call_name(c).startswith(LANGGRAPH)]
            nodes = [c for c in module.calls if call_tail(c) == "add_node"]
            for graph in graphs[:1]:
                fields = _state_fields(module, graph)
                if len(nodes) >= 3 and fields - {"messages", "remaining_steps"}:
                    out.evidence("P4", "explicit-states", graph,
                                 f"StateGraph steps over typed state ({', '.join(sorted(fields)[:5])})", "weak")
        for cls in module.classes:
            if not any((module.dotted(b.value.value if isinstance(b.value, cst.Subscript) else b.value) or "")
                       .startswith(CREW) for b in cls.bases):
                continue
            decorators = {call_tail(d.decorator) if isinstance(d.decorator, cst.Call) else module.code(d.decorator)
                          for f in find_all(cls.body, cst.FunctionDef) for d in f.decorators}
            if "start" in decorators and decorators & {"listen", "router"}:
                typed = any(isinstance(b.value, cst.Subscript) for b in cls.bases)
                out.evidence("P4", "explicit-states", cls, "CrewAI Flow steps (@start/@listen/@router)",
                             "full" if typed else "weak")


@python_check
class WorkflowCheckpoint(PythonCheck):
    """The workflow state persisted as it moves: a transition followed by a save in the same
    function, a durable write of a record holding the status, a LangGraph StateGraph compiled
    with a durable checkpointer, or a CrewAI Flow under @persist."""

    id = "p4.checkpoint"
    emits = ("P4/checkpoint",)
    POSITIVE = (
        Example("""
def enter(self, phase):
    check_transition(self.phase, phase)
    self.state.workflow["phase"] = phase.value
    self.store.save(self.state)
""", strength="full", line=5, message="enter() saves the state on each transition"),
        Example("""
from langgraph.checkpoint.sqlite import SqliteSaver
from invoicing.graph import build_graph
with SqliteSaver.from_conn_string("invoices.db") as checkpointer:
    graph = build_graph(services, checkpointer)
""", strength="full"),
    )
    NEGATIVE = (
        # A chat agent with a checkpointer has no workflow state to checkpoint.
        """
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.prebuilt import create_react_agent
with SqliteSaver.from_conn_string("chat.db") as saver:
    agent = create_react_agent(model, tools, checkpointer=saver)
""",
        """
def set_status(task, status):
    task.status = status
""",
        # Building and saving a session object is a session save, not a workflow checkpoint.
        """
import uuid
class SessionStore:
    async def create(self, tenant_id, model):
        state = SessionState(session_id=uuid.uuid4().hex, tenant_id=tenant_id, model=model)
        await self.save(state)
        return state
""",
        # Marking the session finished when the run ends is an outcome.
        """
def finish(self, reason):
    self.session.status = "done" if reason == "completed" else "stopped"
    self.store.save(self.session)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for function in module.functions:
            # a move between steps: to a step named by a variable (`phase.value`) or to a step still
            # in progress; marking a run "done"/"stopped" at its end is an outcome, not a workflow
            # `state = SessionState(...)` builds a session object; it is not a move between steps
            transitions = [a for a in find_all(function, cst.Assign)
                           if any(run_status_target(module, t.target) for t in a.targets)
                           and not isinstance(a.value, (cst.Call, cst.Await))
                           and (not literal_strings_in(a.value)
                                or any(words_in(v, ACTIVE) for v in literal_strings_in(a.value)))]
            saves = [c for c in find_all(function, cst.Call)
                     if words_in(call_tail(c), ("save", "checkpoint", "persist"))]
            if transitions and saves and module.line(saves[-1]) > module.line(transitions[0]):
                out.evidence("P4", "checkpoint", saves[-1],
                             f"{function.name.value}() saves the state on each transition")
                break
        for write in durable_writes(module):
            keys = string_keys(write.payload) if isinstance(write.payload, cst.Dict) else set(write.fields)
            if keys & {"status", "stage", "phase", "step"} or "SET STATUS" in write.sql.upper().replace("  ", " "):
                out.evidence("P4", "checkpoint", write.node, "the workflow status is written to storage")
                break
        self._langgraph(module, out)
        for decorator in (d for node in module.find_all(cst.ClassDef) for d in node.decorators):
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if (module.dotted(target) or "").startswith(CREW) and (module.dotted(target) or "").endswith(_CREW_PERSIST):
                out.evidence("P4", "checkpoint", decorator, "@persist saves the flow state after every step")

    def _langgraph(self, module: PythonModule, out: FactWriter) -> None:
        savers = {}
        for call in module.calls:
            kind = langgraph_saver_kind(module, call)
            if kind:
                savers[id(call)] = (call, kind)
        names = {}
        for item in module.find_all(cst.WithItem):
            if isinstance(item.item, cst.Call) and id(item.item) in savers and item.asname:
                names[module.code(item.asname.name)] = savers[id(item.item)]
        for target, values in module.assignments.items():
            for value in values:
                if isinstance(value, cst.Call) and id(value) in savers:
                    names[target] = savers[id(value)]
        # a graph over more than the chat: `StateGraph(MessagesState)` has no workflow state to checkpoint
        has_graph = any(
            call_tail(c) == "StateGraph" and c.args and not words_in(module.code(c.args[0].value), ("messagesstate",))
            and (_state_fields(module, c) - {"messages", "remaining_steps"}
                 or not _state_fields(module, c))
            for c in module.calls
        )
        for call in module.calls:
            name = module.call_name(call)
            passed = [a.value for a in call.args]
            for value in passed:
                text = module.code(value)
                saver = names.get(text) or savers.get(id(value))
                if saver is None:
                    continue
                own_builder = name.split(".")[0] not in FRAMEWORK_ROOTS and call_tail(call) != "compile" and \
                    words_in(call_tail(call), ("graph", "workflow", "flow", "pipeline", "state_machine"))
                if own_builder or (call_tail(call) == "compile" and has_graph):
                    out.evidence("P4", "checkpoint", call, "the workflow graph is checkpointed after every step",
                                 "full" if saver[1] == "durable" else "weak")
                    return


@python_check
class Idempotency(PythonCheck):
    """Side effects safe to retry: an idempotency key passed to the side-effecting call (or an
    Idempotency-Key header), or a done-check that skips a step already completed."""

    id = "p4.idempotency"
    emits = ("P4/idempotency",)
    POSITIVE = (
        Example("""
import stripe
def charge(customer, amount, order_id):
    return stripe.PaymentIntent.create(customer=customer, amount=amount, idempotency_key=f"order-{order_id}")
""", strength="full", line=4, message="create() carries an idempotency key"),
        Example("""
def run_pending(self, calls):
    for call in calls:
        if call.id in self.state.completed_steps:
            continue
        self.execute(call)
        self.state.completed_steps.add(call.id)
""", strength="full"),
        Example("""
async def review(index, pr, sha):
    if index.already_reviewed(pr, sha):
        return "skipped"
    return await run_review(pr)
"""),
    )
    NEGATIVE = (
        """
import requests
def refund(order_id, amount):
    return requests.post("https://api.example.com/refunds", json={"order": order_id, "amount": amount})
""",
        # A cache of fetched pages is not a done-marker for a side effect.
        """
def fetch(self, url):
    if url in self.cache:
        return self.cache[url]
    self.cache[url] = requests.get(url).text
""",
    )

    _DONE = ("done", "complet", "processed", "finished", "applied", "executed", "succeeded", "handled", "sent",
             "published", "tool_results", "step_results")

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for call in module.calls:
            key = keyword_value(module, call, "idempotency_key", "idempotency_token", "client_token",
                                "ClientRequestToken", "client_request_id")
            if key is not None:
                out.evidence("P4", "idempotency", call, f"{call_tail(call)}() carries an idempotency key")
                return
        for element in module.find_all(cst.DictElement):
            if (string_value(element.key) or "").lower() == "idempotency-key":
                out.evidence("P4", "idempotency", element, "requests carry an Idempotency-Key header")
                return
        for guard in module.find_all(cst.If):
            test = guard.test
            if not terminates(guard.body) and not find_all(guard.body, cst.Continue):
                continue
            test_text = module.code(test, 200)
            if find_all(test, cst.Comparison) and any(
                    isinstance(t.operator, cst.In) for c in find_all(test, cst.Comparison) for t in c.comparisons) \
                    and words_in(test_text, self._DONE):
                out.evidence("P4", "idempotency", guard, f"a completed step is skipped: {module.code(test)}")
                return
            if any(call_tail(c).startswith(("already_", "is_done", "was_done", "is_completed", "was_processed"))
                   for c in find_all(test, cst.Call)):
                out.evidence("P4", "idempotency", guard, f"a step already done is skipped: {module.code(test)}")
                return
        for assign in module.find_all(cst.Assign):  # `done = state.tool_results.get(id)` then `if done is None:`
            if isinstance(assign.value, cst.Call) and call_tail(assign.value) == "get" and \
                    words_in(module.code(assign.value.func), self._DONE):
                out.evidence("P4", "idempotency", assign, f"completed steps are looked up before running: "
                             f"{module.code(assign.value)}")
                return
