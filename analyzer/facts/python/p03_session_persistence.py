"""P3 session-persistence: the whole session saved durably during the run, and a resume path.

"Full" save needs more than chat text (usage, decisions, config) written while the run goes on;
messages alone, or a save only at exit (HA110), is weak. Framework equivalents: durable LangGraph
checkpointers (an in-memory one is weak and HA112), Agents SDK sessions (items only: weak save,
full resume), Claude SDK `resume=`, AutoGen `save_state`, LlamaIndex `ctx.to_dict`, CrewAI `@persist`.
"""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    HISTORY_WORDS, SESSION_WORDS, exit_position, function_consulted, keyword_value, words_in,
)
from analyzer.facts.python.runtime_apis import AGENTS, AUTOGEN, CLAUDE, CREW, LLAMA, langgraph_saver_kind
from analyzer.facts.python.session_fields import (
    NOT_SESSION, SAVE_TAILS, STATE_WORDS, in_exit_function, returns, save_timing, saved_fields, session_write,
)
from analyzer.facts.python.store_identity import loaded_state_used, same_store
from analyzer.facts.python.storage import context_text, durable_loads, durable_writes
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

@python_check
class SessionStore(PythonCheck):
    """A session written to durable storage (json.dump / write_text(json.dumps(...)) / pickle /
    SQL insert) with a load path that reads it back. Full when the saved object holds more than
    messages (usage, decisions, config) and is written during the run; only at exit is HA110."""

    id = "p3.session-store"
    emits = ("P3/save", "P3/resume", "P3/full-state", "HA110")
    POSITIVE = (
        Example("""
import json, os, time
from dataclasses import asdict, dataclass, field
@dataclass
class SessionState:
    session_id: str
    messages: list = field(default_factory=list)
    usage: dict = field(default_factory=dict)
    decisions: list = field(default_factory=list)
class SessionStore:
    def save(self, state: SessionState) -> None:
        with open(f"{state.session_id}.json.tmp", "w") as fh:
            json.dump(asdict(state), fh)
        os.replace(f"{state.session_id}.json.tmp", f"{state.session_id}.json")
    def load(self, session_id: str) -> SessionState:
        with open(f"{session_id}.json") as fh:
            return SessionState(**json.load(fh))
""", expect="P3/save", strength="full",
                line=13, message="session state (decisions, messages, session_id, usage) written to durable storage; store 'f\"{}.json\"' is read back in this file"),
        # The whole session object, serialised after every turn (its class lives in another module).
        Example("""
import json, os
from harness.state import Session
class SessionStore:
    def save(self, session: Session) -> None:
        record = {"format": 1, **session.to_dict()}
        with open(f"{session.id}.tmp", "w") as sink:
            json.dump(record, sink)
        os.replace(f"{session.id}.tmp", f"{session.id}.json")
    def load(self, session_id: str) -> Session:
        with open(f"{session_id}.json") as source:
            return Session.from_dict(json.load(source))
""", expect="P3/save", strength="full"),
        # The same store written and read back (a constant path), the loaded history returned.
        Example("""
import json
from pathlib import Path
HISTORY = Path("history.json")
def load_history():
    return json.loads(HISTORY.read_text()) if HISTORY.exists() else []
def save_history(messages):
    HISTORY.write_text(json.dumps(messages))
""", expect="P3/resume", strength="full"),
        # A session written where nothing in this file reads it back: at most a weak save.
        Example("""
import json
def checkpoint(session_state):
    json.dump(session_state, open("session.json", "w"))
""", expect="P3/save", strength="weak"),
        # A run checkpoint read back by a loader typed with the state class.
        Example("""
import json
from pathlib import Path
def load(path: Path) -> RunState:
    data = json.loads(path.read_text(encoding="utf-8"))
    return RunState(**data)
""", expect="P3/resume"),
        # Message history and usage committed through SQLAlchemy after every run.
        Example("""
from sqlalchemy.orm import Session
def save(db: Session, conv, messages_json: bytes, usage, status: str) -> None:
    conv.messages_json = messages_json.decode()
    conv.requests, conv.tool_calls = usage.requests, usage.tool_calls
    conv.input_tokens, conv.output_tokens = usage.input_tokens, usage.output_tokens
    conv.status = status
    db.commit()
async def run_turn(db, conv, agent, prompt):
    while True:
        result = await agent.run(prompt)
        save(db, conv, result.all_messages_json(), result.usage(), "active")
        return
""", expect="P3/full-state", strength="full"),
        # Saved only when the program ends: weak, and HA110.
        Example("""
import atexit, json
messages = []
def save_messages():
    with open("chat.json", "w") as f:
        json.dump(messages, f)
atexit.register(save_messages)
""", expect="HA110"),
        Example("""
import json
def main(chat):
    history = []
    try:
        while True:
            history.append(chat(input("> ")))
    finally:
        with open("history.json", "w") as f:
            json.dump(history, f)
""", expect="HA110"),
    )
    NEGATIVE = (
        # A scheduler's own state file is not the agent's session.
        Example("""
import json
def save_scheduler(path, config, last_run):
    with open(path, "w") as f:
        json.dump({"config": config, "last_run": last_run, "state": "idle"}, f)
""", expect="P3/full-state"),
        # Reading a config file is not resuming a session.
        """
import json
def load_config(path="config.json"):
    with open(path) as f:
        return json.load(f)
""",
        # Parsing a model's tool input in the chat loop is not reading a saved session.
        Example("""
from pydantic import TypeAdapter
def conversation_loop(runner):
    for message in runner:
        for content in message.content:
            command = TypeAdapter(MemoryCommand).validate_python(content.input)
""", expect="P3/resume"),
        # A saved session read and only printed: nothing continues from it.
        Example("""
import json
def save_session(messages):
    with open("session.json", "w") as f:
        json.dump(messages, f)
def report_session():
    with open("session.json") as f:
        saved = json.load(f)
    print(len(saved), "messages saved")
""", expect="P3/resume"),
        # An event log record is P7, not a session.
        Example("""
import json
def emit(category, **details):
    with open("events.jsonl", "a") as f:
        f.write(json.dumps({"category": category, "details": details, "session": SESSION_ID}) + "\\n")
""", expect="P3/save"),
        # Messages saved every turn: a real save, but weak (only the transcript persists).
        Example("""
import json
def chat_loop(llm):
    messages = []
    while True:
        messages.append(llm(messages, input("> ")))
        with open("messages.json", "w") as f:
            json.dump(messages, f)
""", expect="P3/full-state"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        loads, writes = durable_loads(module), durable_writes(module)
        for write in writes:
            if not session_write(module, write):
                continue
            saved = saved_fields(module, write)
            fields, whole = saved if saved else (set(), "")
            # more than the transcript, and the transcript itself: not some other subsystem's state file
            named = " ".join(fields)
            rich = bool(whole) or (words_in(named, STATE_WORDS) and words_in(named, HISTORY_WORDS))
            timing = save_timing(module, write.node)
            what = whole or ("session state (" + ", ".join(sorted(fields)) + ")" if rich else "the transcript")
            # a save nothing reads back is at most weak; the store is named so a linker can find its reader
            read_back = any(same_store(write, load) for load in loads)
            label = write.label or ("columns " + ", ".join(write.fields) if write.fields else "")
            where = f"; store {label} is {'read back' if read_back else 'never read back'} in this file" \
                if label else "; its store is not visible here"
            if timing == "exit":
                out.evidence("P3", "save", write.node, f"{what} saved only at exit{where}", "weak")
                out.hit("HA110", write.node, "the session is written only when the program ends; a crash loses it")
            elif timing == "unused":
                out.evidence("P3", "save", write.node, f"{what} writer is never called{where}", "weak")
            else:
                out.evidence("P3", "save", write.node, f"{what} written to durable storage{where}",
                             "full" if rich and read_back else "weak")
            if rich:
                held = "its fields (not visible here)" if whole else ", ".join(sorted(fields))
                out.evidence("P3", "full-state", write.node, f"saved session holds {held}",
                             "weak" if whole else "full")
        for load in durable_loads(module):
            text = context_text(module, load.node) + " " + returns(module, load.node)
            if not words_in(text, SESSION_WORDS) or words_in(text.replace("session", ""), NOT_SESSION):
                continue
            if not loaded_state_used(module, load.node):
                continue  # read and printed or dropped: nothing continues from it
            if not load.store:
                out.evidence("P3", "resume", load.node, "saved session read back; its store is not visible here",
                             "weak")
            elif not any(same_store(write, load) for write in writes):
                out.evidence("P3", "resume", load.node,
                             f"saved session read back from store {load.label}; nothing in this file saves it", "weak")
            else:
                strength = "full" if function_consulted(module, load.node) else "weak"
                out.evidence("P3", "resume", load.node, f"saved session read back from store {load.label} to continue",
                             strength)


_AGENT_SESSIONS = frameworks.framework("openai-agents").sessions
_CREW_PERSIST = frameworks.framework("crewai").sessions  # Flow @persist
_CLAUDE = frameworks.framework("claude-agent-sdk")


@python_check
class FrameworkSession(PythonCheck):
    """Framework persistence the project configures: LangGraph checkpointers (durable full,
    MemorySaver weak + HA112), Agents SDK sessions (items only, so a weak save; a durable one
    resumes), Claude SDK `resume=`/`continue_conversation=`, AutoGen `save_state`/`load_state`,
    LlamaIndex `Context.to_dict`/`from_dict`, CrewAI Flow `@persist`."""

    id = "p3.framework-session"
    emits = ("P3/save", "P3/resume", "P3/full-state", "HA112")
    POSITIVE = (
        Example("""
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import StateGraph
with SqliteSaver.from_conn_string("checkpoints.db") as checkpointer:
    graph = builder.compile(checkpointer=checkpointer)
    graph.invoke({"messages": []}, {"configurable": {"thread_id": "ticket-42"}})
""", expect="P3/save", strength="full",
                line=4, message="SqliteSaver.from_conn_string checkpoints graph state every step"),
        Example("""
from langgraph.checkpoint.memory import InMemorySaver
graph = builder.compile(checkpointer=InMemorySaver())
""", expect="HA112"),
        Example("""
from agents import Agent, Runner, SQLiteSession
session = SQLiteSession("customer-7", db_path="sessions.db")
result = Runner.run_sync(Agent(name="a"), "hi", session=session)
""", expect="P3/resume", strength="full"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
def options_for(session_id):
    return ClaudeAgentOptions(resume=session_id, max_turns=10)
""", expect="P3/save", strength="full"),
        Example("""
import json
from autogen_agentchat.agents import AssistantAgent
async def checkpoint(agent):
    state = await agent.save_state()
    with open("agent_state.json", "w") as f:
        json.dump(state, f)
""", expect="P3/full-state"),
    )
    NEGATIVE = (
        # SQLiteSession without a db_path is an in-memory database.
        Example("""
from agents import SQLiteSession
session = SQLiteSession("user-1")
""", expect="P3/resume"),
        # resume=None never resumes anything.
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(resume=None, max_turns=5)
""",
        # A durable and an in-memory checkpointer chosen by environment: not HA112.
        Example("""
from langgraph.checkpoint.memory import MemorySaver
from langgraph.checkpoint.postgres import PostgresSaver
def checkpointer(url):
    return PostgresSaver.from_conn_string(url) if url else MemorySaver()
""", expect="HA112"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        self._langgraph(module, out)
        for call in module.calls:
            name = module.call_name(call)
            tail = call_tail(call)
            if name.startswith(AGENTS) and tail in _AGENT_SESSIONS:
                self._agents_session(module, call, tail, out)
            elif name.startswith(CLAUDE) and tail in _CLAUDE.options_classes:
                resume = keyword_value(module, call, *_CLAUDE.resume_options)
                if resume is not None and not (isinstance(resume, cst.Name) and resume.value == "False"):
                    out.evidence("P3", "save", call, "Claude Code CLI keeps the transcript under the session id")
                    out.evidence("P3", "resume", call, f"session resumed with {module.code(resume, 40)}")
            elif tail in ("save_state", "to_dict") and self._written(module, call) and (
                    (tail == "save_state" and module.imports_any(*AUTOGEN))
                    or (tail == "to_dict" and module.imports_any(*LLAMA))):
                if save_timing(module, call) == "exit":
                    out.evidence("P3", "save", call, f"{tail}() written only at exit", "weak")
                else:
                    out.evidence("P3", "save", call, f"{tail}() of the agent/workflow written to storage")
                out.evidence("P3", "full-state", call, f"{tail}() captures the whole agent/workflow state")
            elif (tail == "load_state" and module.imports_any(*AUTOGEN)) or (
                    name.startswith(LLAMA) and name.endswith("Context.from_dict")):
                out.evidence("P3", "resume", call, f"{tail}() rebuilds the agent from saved state")
        for decorator in (d for node in module.find_all(cst.FunctionDef, cst.ClassDef) for d in node.decorators):
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if (module.dotted(target) or "").startswith(CREW) and (module.dotted(target) or "").endswith(_CREW_PERSIST):
                out.evidence("P3", "save", decorator, "CrewAI @persist saves flow state after each step")
                out.evidence("P3", "full-state", decorator, "the whole structured flow state is persisted")

    def _written(self, module: PythonModule, call: cst.Call) -> bool:
        function = module.enclosing_function(call)
        writes = {id(w.node) for w in durable_writes(module)}
        return function is not None and any(id(c) in writes for c in find_all(function, cst.Call))

    def _langgraph(self, module: PythonModule, out: FactWriter) -> None:
        savers = [(c, langgraph_saver_kind(module, c)) for c in module.calls]
        savers = [(c, kind) for c, kind in savers if kind]
        durable = any(kind == "durable" for _, kind in savers)
        threads = any(string_value(e.key) == "thread_id" for e in module.find_all(cst.DictElement))
        for call, kind in savers:
            if kind == "durable":
                out.evidence("P3", "save", call, f"{module.code(call.func, 50)} checkpoints graph state every step")
                out.evidence("P3", "full-state", call, "the checkpoint holds the whole graph state")
            else:
                out.evidence("P3", "save", call, "in-memory checkpointer: lost when the process ends", "weak")
                if not durable:
                    out.hit("HA112", call, "the only checkpointer is in memory; sessions do not survive a restart")
            if threads:
                out.evidence("P3", "resume", call, "runs resume by thread_id", "full" if kind == "durable" else "weak")

    def _agents_session(self, module: PythonModule, call: cst.Call, tail: str, out: FactWriter) -> None:
        db_path = keyword_value(module, call, "db_path")
        if db_path is None and tail == "SQLiteSession" and len([a for a in call.args if a.keyword is None]) > 1:
            db_path = call.args[1].value
        in_memory = tail in ("SQLiteSession", "AsyncSQLiteSession", "AdvancedSQLiteSession") and (
            db_path is None or module.resolved_string(db_path) == ":memory:")
        if in_memory:
            out.evidence("P3", "save", call, f"{tail} without db_path keeps items in memory", "weak")
            return
        out.evidence("P3", "save", call, f"{tail} stores conversation items (not usage or approvals)", "weak")
        out.evidence("P3", "resume", call, f"{tail} reloads the conversation for the same session id")


@python_check
class SaveOnlyAtExit(PythonCheck):
    """HA110 across files: a session save imported from another module and called here only in a
    `finally:`, an atexit/signal handler, a KeyboardInterrupt handler or after the main loop."""

    id = "p3.save-at-exit"
    emits = ("P3/save", "HA110")
    POSITIVE = (
        Example("""
from incident_bot.history import load_history, save_history
def main():
    messages = load_history()
    try:
        while True:
            messages = run(messages, input("> "))
    finally:
        save_history(messages)
""", expect="HA110", line=9, message="save_history() runs only when the program ends; a crash loses the session"),
    )
    NEGATIVE = (
        """
from bot.history import save_history
def main(messages):
    while True:
        messages = run(messages, input("> "))
        save_history(messages)
""",
        # A cleanup in finally that does not save the session.
        """
from bot.db import close_pool
def main():
    try:
        serve()
    finally:
        close_pool()
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        defined = {f.name.value for f in module.functions}
        # Direct writes are judged by the session-store check; here only calls into other modules.
        writes = [w.node for w in durable_writes(module)]
        calls: dict[str, list[cst.Call]] = {}
        for call in module.calls:
            tail = call_tail(call)
            if tail in defined or not words_in(tail, SAVE_TAILS) or tail in ("dumps", "dump", "save_state"):
                continue
            if any(call is w or any(a is w for a in module.ancestors(call)) for w in writes):
                continue
            if words_in(tail + " " + module.code(call, 200), SESSION_WORDS):
                calls.setdefault(tail, []).append(call)
        for tail, sites in calls.items():
            if all(exit_position(module, c) or in_exit_function(module, c) for c in sites):
                out.evidence("P3", "save", sites[0], f"{tail}() is called only at exit", "weak")
                out.hit("HA110", sites[0], f"{tail}() runs only when the program ends; a crash loses the session")
