"""P7 event-log: a structured record of what the harness did, apart from the transcript, with
tool executions and permission decisions in it.

Structured means each entry has a category and details as data: JSONL records with a
category/type key, structlog key-values, OpenTelemetry spans with attributes, a configured
tracing processor or instrumentation. `logging.info("ran tool %s", name)` is text, not this.
"""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import keyword_value, literal_strings_in, words_in
from analyzer.facts.python.runtime_apis import AGENTS, CLAUDE, PYDANTIC_AI, string_keys
from analyzer.facts.python.sql_tables import executed, inserts
from analyzer.facts.python.storage import durable_writes, enclosing_names
from analyzer.parse.python import PythonModule, call_tail, find_all, is_true, names_in, string_value

_CATEGORY_KEYS = {"category", "event", "type", "kind", "action", "event_type", "name"}
_TIME_KEYS = {"ts", "time", "timestamp", "at", "created_at", "logged_at"}
_LOGGER_WORDS = ("log", "event", "trace", "audit", "record", "journal", "emit", "telemetry")
_TRANSCRIPT_KEYS = {"role", "content", "messages"}
# Methods a structured logger is called through (`events.emit("tool", ..., tool=name)`).
_LOG_TAILS = {"emit", "record", "log_event", "write_event", "append_event", "log", "info", "debug", "warning",
              "track", "event", "audit", "add_event", "set_attributes", "msg"}
_LOGGING_OPTIONS = {"exc_info", "stacklevel", "stack_info", "extra"}  # stdlib logging options, not details
_TOOL_WORDS = ("tool", "permission", "approval", "approve", "denied", "deny")
# Telemetry set-ups that record every step (model calls, tool calls) as structured spans.
_TRACERS = {
    "logfire.configure": "logfire", "weave.init": "Weave", "agentops.init": "AgentOps",
    "traceloop.sdk.Traceloop.init": "Traceloop", "phoenix.otel.register": "Phoenix",
    "langfuse.langchain.CallbackHandler": "Langfuse", "langfuse.callback.CallbackHandler": "Langfuse",
    "langfuse.observe": "Langfuse", "langsmith.traceable": "LangSmith", "opik.track": "Opik",
}


def _record_dict(module: PythonModule, payload: cst.CSTNode | None, where: cst.CSTNode) -> cst.Dict | None:
    """The dict literal written, directly or through a local name (`entry = {...}; dumps(entry)`)."""
    if isinstance(payload, cst.Dict):
        return payload
    if isinstance(payload, cst.Name):
        function = module.enclosing_function(where)
        for assign in find_all(function, cst.Assign) if function is not None else ():
            if isinstance(assign.value, cst.Dict) and any(
                    isinstance(t.target, cst.Name) and t.target.value == payload.value for t in assign.targets):
                return assign.value
    return None


def _event_record_writes(module: PythonModule) -> list[tuple[cst.Call, str]]:
    """Writes of event records: a dict with a category key (not a chat message), or an event object."""
    found = []
    for write in durable_writes(module):
        record = _record_dict(module, write.payload, write.node)
        if record is not None:
            keys = string_keys(record)
            # "category"/"event" say it is an event; "type"/"name" only together with a time or an append
            strong = keys & _CATEGORY_KEYS - {"type", "kind", "name"}
            weak = keys & {"type", "kind", "name"} and (write.append or keys & _TIME_KEYS)
            if (strong or weak) and not keys & _TRANSCRIPT_KEYS:
                found.append((write.node, "records with " + ", ".join(sorted(keys & _CATEGORY_KEYS))))
            continue
        owner = enclosing_names(module, write.node)
        payload = module.code(write.payload, 80) if write.payload is not None else ""
        if write.append or write.kind == "file":
            if words_in(payload, ("event", "record", "entry", "span")) and words_in(owner, _LOGGER_WORDS):
                found.append((write.node, f"event objects ({payload})"))
    return found


def _structured_call(module: PythonModule, call: cst.Call) -> bool:
    """A logging call carrying data: keyword details (not exc_info/stacklevel) or a dict argument."""
    keywords = {a.keyword.value for a in call.args if a.keyword is not None} - _LOGGING_OPTIONS
    starred = any(a.star == "**" for a in call.args)
    return bool(keywords) or starred or any(isinstance(a.value, cst.Dict) for a in call.args)


@python_check
class StructuredEventLog(PythonCheck):
    """A structured log apart from the transcript: JSONL records with a category and details,
    structlog key-values, OpenTelemetry spans with attributes, an Agents SDK tracing processor,
    or a tracing/instrumentation set-up (logfire, Langfuse, LangSmith, Weave, ...)."""

    id = "p7.structured-log"
    emits = ("P7/structured-log",)
    POSITIVE = (
        Example("""
import json, time
class EventLog:
    def __init__(self, path):
        self.path = path
    def emit(self, category, action, **details):
        record = {"ts": time.time(), "category": category, "action": action, "details": details}
        with open(self.path, "a") as fh:
            fh.write(json.dumps(record) + "\\n")
""", strength="full", line=9, message="structured event log: records with action, category"),
        Example("""
import structlog
log = structlog.get_logger()
def run_tool(name, args):
    log.info("tool_executed", tool=name, args=args)
""", strength="full"),
        Example("""
from agents import add_trace_processor
from agents.tracing.processors import BatchTraceProcessor
add_trace_processor(BatchTraceProcessor(exporter))
"""),
        # An explicit Agents SDK trace around the runs: spans grouped per conversation.
        Example("""
from agents import Runner, trace
async def handle(agent, conversation_id, items):
    with trace("Customer service", group_id=conversation_id):
        return await Runner.run(agent, items)
"""),
        Example("""
from agents import Runner, custom_span, gen_trace_id, trace
async def research(query):
    with trace("Research", trace_id=gen_trace_id()):
        with custom_span("Search the web"):
            return await Runner.run(search_agent, query)
"""),
    )
    NEGATIVE = (
        """
import logging
log = logging.getLogger(__name__)
def run_tool(name, args):
    log.info("running tool %s with %s", name, args)
""",
        # Turning the SDK's tracing off is the opposite of a log.
        """
from agents import set_tracing_disabled
set_tracing_disabled(True)
""",
        # A business record with a "type" is not an event log.
        """
import json
def save_invoice(path, customer, lines):
    with open(path, "w") as f:
        json.dump({"type": "invoice", "name": customer, "lines": lines}, f)
""",
        # The transcript written as JSONL is the session, not an event log.
        """
import json
def save_message(path, message):
    with open(path, "a") as f:
        f.write(json.dumps({"role": message["role"], "content": message["content"]}) + "\\n")
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for node, detail in _event_record_writes(module)[:1]:
            out.evidence("P7", "structured-log", node, f"structured event log: {detail}")
        structlog = {t for t, values in module.assignments.items() for v in values
                     if isinstance(v, cst.Call) and module.call_name(v).startswith("structlog.")}
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            receiver = module.code(call.func.value, 60) if isinstance(call.func, cst.Attribute) else ""
            if receiver in structlog and tail in _LOG_TAILS and _structured_call(module, call):
                out.evidence("P7", "structured-log", call, "structlog events with key-value details")
                break
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if tail in ("start_as_current_span", "start_span") and name.startswith("opentelemetry") or \
                    tail in ("start_as_current_span", "start_span") and self._sets_attributes(module):
                out.evidence("P7", "structured-log", call, "OpenTelemetry spans with attributes")
                break
        for item in module.find_all(cst.WithItem):
            call = item.item
            if isinstance(call, cst.Call) and module.call_name(call).startswith(AGENTS) and \
                    call_tail(call) in ("trace", "custom_span", "agent_span", "function_span", "generation_span"):
                out.evidence("P7", "structured-log", call, f"Agents SDK {call_tail(call)}() records the runs as "
                             "tracing spans (exported to the tracing backend)")
                break
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if name.startswith(AGENTS) and tail in ("add_trace_processor", "set_trace_processors"):
                out.evidence("P7", "structured-log", call, f"Agents SDK tracing processor configured ({tail})")
            elif name in _TRACERS or any(name.startswith(k) for k in _TRACERS if k.endswith("CallbackHandler")):
                out.evidence("P7", "structured-log", call, f"{_TRACERS.get(name, 'tracing')} records each step")
            elif name.startswith("logfire.instrument") or (name.startswith(PYDANTIC_AI) and tail == "instrument_all"):
                out.evidence("P7", "structured-log", call, f"{name} instruments the agent")
            elif name.startswith(PYDANTIC_AI) and tail == "Agent" and is_true(module.kwargs(call).get("instrument")):
                out.evidence("P7", "structured-log", call, "pydantic-ai Agent(instrument=True)")
            elif name.endswith("Instrumentor.instrument") or (tail == "instrument" and "Instrumentor" in name):
                out.evidence("P7", "structured-log", call, f"{name.rsplit('.', 2)[-2]} traces the framework")
        for decorator in (d for f in module.functions for d in f.decorators):
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if (module.dotted(target) or "") in _TRACERS:
                out.evidence("P7", "structured-log", decorator, f"{_TRACERS[module.dotted(target)]} traces this step")
                break

    def _sets_attributes(self, module: PythonModule) -> bool:
        return any(call_tail(c) in ("set_attribute", "set_attributes", "add_event") for c in module.calls)


@python_check
class ToolEventsLogged(PythonCheck):
    """Tool executions and permission decisions written to the structured log: a logging call
    with a "tool"/"permission" category and keyword details, a hook (Claude SDK PostToolUse /
    PreToolUse, Agents SDK `on_tool_start`/`on_tool_end`, LangChain `on_tool_start`) that writes
    a record, or a log writer of typed events that include tool events."""

    id = "p7.tool-events"
    emits = ("P7/tool-events",)
    POSITIVE = (
        Example("""
def dispatch(self, name, tool_input):
    decision = self.gate.check(name, tool_input)
    output = self.registry[name](**tool_input)
    self.events.emit("tool", "executed", tool=name, is_error=False, output_chars=len(output))
    return output
""", strength="full", line=5, message="tool events logged with details"),
        Example("""
import json
from langchain_core.callbacks import BaseCallbackHandler
class AuditHandler(BaseCallbackHandler):
    def on_tool_start(self, serialized, input_str, **kwargs):
        with open("audit.jsonl", "a") as f:
            f.write(json.dumps({"category": "tool.start", "tool": serialized.get("name"), "input": input_str}) + "\\n")
""", strength="full"),
        Example("""
from claude_agent_sdk import HookMatcher
def build_hooks(audit):
    async def post_tool(input_data, tool_use_id, context):
        audit.record("tool_result", tool=input_data["tool_name"], tool_use_id=tool_use_id)
        return {}
    return {"PostToolUse": [HookMatcher(hooks=[post_tool])]}
""", strength="full"),
    )
    NEGATIVE = (
        """
import logging
log = logging.getLogger(__name__)
def execute_tool(name, tool_input):
    log.info("running tool %s with %s", name, tool_input)
    return TOOLS[name](**tool_input)
""",
        # A hook that only prints is not a log.
        """
from claude_agent_sdk import ClaudeAgentOptions
async def check(tool_name, input_data, context):
    print(f"Tool requested: {tool_name}")
    return allow()
options = ClaudeAgentOptions(can_use_tool=check)
""",
        """
from agents import RunHooks
class Printer(RunHooks):
    async def on_tool_start(self, context, agent, tool):
        print("tool", tool.name)
""",
    )

    _HOOK_METHODS = ("on_tool_start", "on_tool_end", "on_tool_error")
    POSITIVE = POSITIVE + (
        Example("""
def record_approval(conn, call_id, tool, decision, decided_by, reason):
    conn.execute("INSERT INTO approvals (call_id, tool, decision, decided_by, reason, decided_at) "
                 "VALUES (?, ?, ?, ?, ?, datetime('now'))", (call_id, tool, decision, decided_by, reason))
""", strength="weak"),
        # A structured record per permission request, kept in memory only: weak.
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
tool_usage_log = []
async def on_permission(tool_name, input_data, context):
    tool_usage_log.append({"tool": tool_name, "input": input_data, "suggestions": context.suggestions})
    return allow()
options = ClaudeAgentOptions(can_use_tool=on_permission)
""", strength="weak"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for call in module.calls:
            if call_tail(call) not in _LOG_TAILS or not _structured_call(module, call) or not call.args:
                continue
            first = string_value(call.args[0].value) or ""
            category = first + " " + " ".join(literal_strings_in(call.args[1].value) if len(call.args) > 1 else [])
            if words_in(category, _TOOL_WORDS):
                out.evidence("P7", "tool-events", call, f"{first or 'tool'} events logged with details")
                break
        for function in module.functions:
            if function.name.value in self._HOOK_METHODS and self._writes(module, function):
                out.evidence("P7", "tool-events", function, f"{function.name.value} hook writes a record")
                break
        hooks = self._claude_hook_functions(module)
        for function in module.functions:
            if function.name.value in hooks and self._writes(module, function):
                out.evidence("P7", "tool-events", function, f"{hooks[function.name.value]} hook writes a record")
                break
        self._typed_event_log(module, out)
        self._in_memory_records(module, hooks, out)
        self._decision_rows(module, out)

    def _decision_rows(self, module: PythonModule, out: FactWriter) -> None:
        """Permission decisions inserted as rows (tool, decision, who/when): a structured record of
        one event kind, so weak unless tool executions are logged too."""
        for insert in inserts(module):
            columns = " ".join(insert.columns)
            if words_in(columns, ("tool",)) and words_in(columns, ("decision", "approved", "decided", "allowed")) \
                    and executed(module, insert.node):
                out.evidence("P7", "tool-events", insert.node, f"permission decisions recorded in {insert.table} "
                             f"({', '.join(insert.columns[:5])})", "weak")
                return

    def _in_memory_records(self, module: PythonModule, hooks: dict[str, str], out: FactWriter) -> None:
        """A permission callback (`can_use_tool=`) or tool hook that appends a dict record naming the
        tool to a collection: structured, but in memory only (weak)."""
        callbacks = set(hooks) | {f.name.value for f in module.functions if f.name.value in self._HOOK_METHODS}
        for call in module.calls:
            value = keyword_value(module, call, "can_use_tool")
            if value is not None and module.call_name(call).startswith(CLAUDE):
                callbacks |= names_in(value)
        for function in (f for f in module.functions if f.name.value in callbacks):
            for call in find_all(function, cst.Call):
                record = call.args[0].value if call_tail(call) == "append" and call.args else None
                if isinstance(record, cst.Dict) and words_in(" ".join(string_keys(record)), ("tool",)):
                    out.evidence("P7", "tool-events", call, f"{function.name.value}() keeps a structured record per "
                                 "tool request (in memory only)", "weak")
                    return

    def _writes(self, module: PythonModule, function: cst.FunctionDef) -> bool:
        writes = {id(w.node) for w in durable_writes(module)}
        for call in find_all(function, cst.Call):
            if id(call) in writes or (call_tail(call) in _LOG_TAILS and _structured_call(module, call)):
                return True
            if call_tail(call) in ("_write", "write_event", "record", "emit", "log_event"):
                return True
        return False

    def _claude_hook_functions(self, module: PythonModule) -> dict[str, str]:
        if not module.imports_any(*CLAUDE):
            return {}
        found: dict[str, str] = {}
        for element in module.find_all(cst.DictElement):
            event = string_value(element.key)
            if event in ("PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest"):
                for call in find_all(element.value, cst.Call):
                    for value in (a.value for a in call.args if a.keyword and a.keyword.value == "hooks"):
                        found.update({n: event for n in names_in(value)})
        return found

    def _typed_event_log(self, module: PythonModule, out: FactWriter) -> None:
        """A writer of `Event` objects in a file that defines tool events as `Event` subclasses."""
        for node, _ in _event_record_writes(module):
            function = module.enclosing_function(node)
            if function is None:
                continue
            types = {module.code(p.annotation.annotation) for p in function.params.params if p.annotation is not None}
            tool_events = [c for c in module.classes if "tool" in c.name.value.lower()
                           and any(module.code(b.value) in types for b in c.bases)]
            if tool_events:
                out.evidence("P7", "tool-events", node, f"log writes {', '.join(c.name.value for c in tool_events)}")
                return
