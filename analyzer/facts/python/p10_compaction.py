"""P10 compaction: past a configured threshold the transcript is summarised or trimmed, keeping
the instructions and recent turns, without losing what was never persisted.

Compaction that rewrites the stored history in place with nothing archived first is weak; a
trim that only shapes what the model sees (LangGraph `llm_input_messages`, a trimmed copy passed
to the call) or that archives the dropped turns first is full. HA109 is `p10_history_growth.py`.
"""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    HISTORY_WORDS, keyword_value, literal_strings_in, ordered_comparisons, words_in,
)
from analyzer.facts.python.runtime_apis import AGENTS, AUTOGEN, LANGCHAIN, LANGGRAPH, LLAMA, PYDANTIC_AI, string_keys
from analyzer.facts.python.shape import model_calls
from analyzer.facts.python.storage import durable_writes
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, string_value

_COMPACT_WORDS = ("summar", "condens", "compress", "compact", "trim", "truncat", "prune", "shrink")
_ARCHIVE_TAILS = ("archive", "save", "persist", "dump", "write", "store", "checkpoint")
# Methods through which a framework agent runs a turn (the history passed in grows each loop).
_AGENT_RUNS = {"invoke", "ainvoke", "run", "arun", "run_sync", "chat", "achat", "stream", "astream", "kickoff",
               "generate_reply", "initiate_chat", "query"}


def _historyish(module: PythonModule, node: cst.CSTNode) -> bool:
    return words_in(module.code(node, 80), HISTORY_WORDS)


def _compaction_ops(module: PythonModule, function: cst.FunctionDef) -> list[tuple[cst.CSTNode, str]]:
    """What in `function` drops old turns: a suffix slice, a pop/del, a summarising model call."""
    ops: list[tuple[cst.CSTNode, str]] = []
    for subscript in find_all(function, cst.Subscript):
        for element in subscript.slice:
            piece = element.slice
            # `history[-20:]` or `history[cut:]`; `messages[1:]` (skip the system prompt) drops nothing
            if isinstance(piece, cst.Slice) and piece.lower is not None and piece.upper is None \
                    and not isinstance(piece.lower, cst.Integer) and _historyish(module, subscript.value) \
                    and _kept(module, subscript):
                ops.append((subscript, f"keeps the recent window {module.code(subscript, 50)}"))
    for call in find_all(function, cst.Call):
        if call_tail(call) == "pop" and isinstance(call.func, cst.Attribute) and call.args \
                and _historyish(module, call.func.value):
            ops.append((call, f"drops the oldest turn with {module.code(call, 50)}"))
        if call_tail(call) == "RemoveMessage":
            ops.append((call, "removes old messages from the graph state"))
    for node in find_all(function, cst.Del):
        if _historyish(module, node.target):
            ops.append((node, f"deletes old turns: {module.code(node, 50)}"))
    for model in model_calls(module):
        if module.enclosing_function(model.node) is function and _summarises(module, function, model.node):
            ops.append((model.node, "summarises earlier turns with a model call"))
    return ops


def _kept(module: PythonModule, window: cst.Subscript) -> bool:
    """Does the window become what is kept (assigned, returned, passed to a call), rather than
    being read (`for m in messages[last_user:]`)?"""
    for ancestor in module.ancestors(window):
        if isinstance(ancestor, (cst.CompFor, cst.For)) and _inside(module, window, ancestor.iter):
            return False
        if isinstance(ancestor, (cst.Assign, cst.AnnAssign, cst.Return, cst.Call)):
            return True
        if isinstance(ancestor, (cst.SimpleStatementLine, cst.FunctionDef)):
            return False
    return False


def _summarises(module: PythonModule, function: cst.FunctionDef, call: cst.Call) -> bool:
    words = [function.name.value] + literal_strings_in(call)
    for name in names_in(call):  # a prompt held in a module constant
        value = module.module_constants.get(name)
        words += [name] + (literal_strings_in(value) if value is not None else [])
    return any(words_in(w, ("summar", "condens", "compress", "compact")) for w in words) and \
        words_in(module.code(function, 4000), HISTORY_WORDS)


def _inside(module: PythonModule, node: cst.CSTNode, container: cst.CSTNode) -> bool:
    return node is container or any(a is container for a in module.ancestors(node))


def _keeps_store(module: PythonModule, function: cst.FunctionDef, ops: list[tuple[cst.CSTNode, str]]) -> bool:
    """Is the full history safe: archived before it is cut, or is only the model's view trimmed?"""
    op_nodes = [node for node, _ in ops if not isinstance(node, cst.Call) or call_tail(node) != "create"]
    for model in model_calls(module):  # create(messages=history[-20:]): the stored list is untouched
        if any(_inside(module, n, model.node) for n in op_nodes):
            return True
    # Where the stored history is cut: reassigned from a window, popped or deleted.
    cuts = [n for n in op_nodes if isinstance(n, cst.Del) or (isinstance(n, cst.Call) and call_tail(n) == "pop")]
    windows: set[str] = set()  # `recent = messages[-10:]`, `first, old, recent = ...`
    for assign in find_all(function, cst.Assign):
        if any(_inside(module, n, assign.value) for n in op_nodes):
            windows |= {n.value for t in assign.targets for n in find_all(t.target, cst.Name)}
    for assign in find_all(function, cst.Assign):
        if any(_historyish(module, t.target) for t in assign.targets) and (
                any(_inside(module, n, assign.value) for n in op_nodes) or names_in(assign.value) & windows):
            cuts.append(assign)
    if not cuts:
        return False  # returns a shorter copy: whether the caller keeps the original is not visible here
    cut_line = min(module.line(c) for c in cuts)
    writes = {id(w.node) for w in durable_writes(module)}
    return any(
        module.line(call) < cut_line and (id(call) in writes or words_in(call_tail(call), _ARCHIVE_TAILS))
        for call in find_all(function, cst.Call)
    )


def _size_comparisons(module: PythonModule, scope: cst.CSTNode) -> list[cst.Comparison]:
    found = []
    for comparison in ordered_comparisons(scope):
        text = module.code(comparison, 200)
        lengths = [c for c in find_all(comparison, cst.Call) if call_tail(c) == "len" and _historyish(module, c)]
        if lengths or words_in(text, ("token",)):
            found.append(comparison)
    return found


@python_check
class TranscriptCompaction(PythonCheck):
    """Home-made compaction: a function that cuts the history to a recent window (keeping the
    first message), pops/deletes old turns, or summarises them with a model call, plus the
    size/token threshold that triggers it. A context-size check that triggers nothing is weak."""

    id = "p10.transcript-compaction"
    emits = ("P10/compact", "P10/threshold")
    POSITIVE = (
        Example("""
MAX_HISTORY = 40
def trim_history(messages):
    if len(messages) <= MAX_HISTORY:
        return messages
    return [messages[0]] + messages[-(MAX_HISTORY - 1):]
""", expect="P10/threshold", strength="full", line=4, message="compaction threshold: len(messages) <= MAX_HISTORY"),
        Example("""
import anthropic
SUMMARY_PROMPT = "Summarise the earlier part of this conversation."
class Compactor:
    def should_compact(self, projected_tokens):
        return projected_tokens >= self.compact_threshold_tokens
    def compact(self, state, client):
        first, old, recent = state.messages[0], state.messages[1:-10], state.messages[-10:]
        reply = client.messages.create(model="claude-haiku-4-5", max_tokens=800, system=SUMMARY_PROMPT,
                                       messages=[{"role": "user", "content": str(old)}])
        self.store.archive(state.session_id, old)
        state.messages = [first, {"role": "user", "content": reply.content[0].text}] + recent
""", expect="P10/compact", strength="full"),
    )
    NEGATIVE = (
        # Reading the latest turns is not cutting the history.
        """
def refusals_since_last_user(session, last_user):
    return [m for m in session.messages[last_user + 1:] if m["role"] == "user"]
""",
        # Skipping the system prompt when rendering drops nothing.
        """
def render(messages):
    return "\\n".join(m["content"] for m in messages[1:])
""",
        # Paging a list of orders is not compacting a transcript.
        """
def latest_orders(orders):
    return orders[-5:]
""",
        # A warning when the context is large, with nothing compacted, is only a weak threshold.
        Example("""
import logging
def check_context(prompt_tokens, context_window):
    if prompt_tokens > 0.8 * context_window:
        logging.warning("context nearly full")
""", expect="P10/compact"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        compactors: set[str] = set()
        for function in module.functions:
            ops = _compaction_ops(module, function)
            if not ops:
                continue
            compactors.add(function.name.value)
            node, detail = ops[-1]
            strength = "full" if _keeps_store(module, function, ops) else "weak"
            suffix = "" if strength == "full" else " (in place; the dropped turns are not saved first)"
            out.evidence("P10", "compact", node, detail + suffix, strength)
            for comparison in _size_comparisons(module, function)[:1]:
                out.evidence("P10", "threshold", comparison, f"compaction threshold: {module.code(comparison)}")
        for function in module.functions:
            if function.name.value in compactors:
                continue
            returns = find_all(function.body, cst.Return, shallow=True)
            compared = [c for r in returns if r.value is not None for c in _size_comparisons(module, r.value)]
            if compared and words_in(function.name.value + module.code(compared[0]), _COMPACT_WORDS):
                out.evidence("P10", "threshold", compared[0], f"compaction trigger {function.name.value}()")
            elif compared and words_in(module.code(compared[0]), ("context", "window")):
                out.evidence("P10", "threshold", compared[0], "context size checked, but nothing is compacted", "weak")
        for guard in module.find_all(cst.If):
            body_calls = {call_tail(c) for c in find_all(guard.body, cst.Call)}
            test_calls = {call_tail(c) for c in find_all(guard.test, cst.Call)}
            triggers = any(words_in(t, _COMPACT_WORDS) or t in compactors for t in body_calls)
            asks = _size_comparisons(module, guard.test) or any(words_in(t, _COMPACT_WORDS) for t in test_calls)
            if triggers and asks:
                out.evidence("P10", "threshold", guard, f"compaction triggered when {module.code(guard.test)}")


@python_check
class FrameworkCompaction(PythonCheck):
    """Compaction the project configures in a framework: LangChain `trim_messages` (full when it
    only shapes the model's input, `llm_input_messages`), LangGraph/langmem `SummarizationNode`,
    LangChain `SummarizationMiddleware`, pydantic-ai `history_processors` (rewrites the run's
    history: weak), LlamaIndex memory `token_limit`, AutoGen bounded model contexts, OpenAI
    Responses `truncation="auto"` (weak)."""

    id = "p10.framework-compaction"
    emits = ("P10/compact", "P10/threshold")
    POSITIVE = (
        Example("""
from langchain_core.messages import trim_messages
from langgraph.prebuilt import create_react_agent
def pre_model_hook(state):
    trimmed = trim_messages(state["messages"], strategy="last", token_counter=len, max_tokens=30)
    return {"llm_input_messages": trimmed}
agent = create_react_agent(model, tools, pre_model_hook=pre_model_hook)
""", expect="P10/compact", strength="full", line=5, message="trim_messages keeps the recent turns"),
        Example("""
from llama_index.core.memory import ChatMemoryBuffer
memory = ChatMemoryBuffer.from_defaults(token_limit=3000)
""", expect="P10/threshold", strength="full"),
        Example("""
import anthropic
client = anthropic.Anthropic()
EDITS = {"edits": [{"type": "clear_tool_uses_20250919", "trigger": {"type": "input_tokens", "value": 30000}}]}
runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=2048, messages=messages,
                                          tools=[memory], context_management=EDITS)
""", expect="P10/compact", strength="weak"),
        Example("""
from autogen_core.model_context import BufferedChatCompletionContext
context = BufferedChatCompletionContext(buffer_size=10)
"""),
        # tokentrim before each call: the oldest turns dropped to fit max_tokens (in place: weak compact).
        Example("""
from tokentrim import trim
def run(client, messages):
    for turn in range(20):
        messages = trim(messages, "gpt-4o", max_tokens=6000)
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=800)
""", expect="P10/threshold", strength="full"),
        # Only the model's view trimmed, the instructions kept: full.
        Example("""
import litellm
import tokentrim as tt
def respond(history, system):
    return litellm.completion(model="gpt-4o", messages=tt.trim(history, "gpt-4o", system_message=system))
""", expect="P10/compact", strength="full"),
    )
    NEGATIVE = (
        # A max_tokens output cap is not a context threshold.
        """
from langchain_openai import ChatOpenAI
llm = ChatOpenAI(model="gpt-4o", max_tokens=1000)
""",
        """
from pydantic_ai import Agent
agent = Agent("openai:gpt-4o", instructions="Be brief.")
""",
        # A local `trim` of one message's text is not tokentrim.
        """
def trim(text):
    return text.strip()
def last_question(messages):
    return trim(messages[-1]["content"])
""",
    )

    _MEMORIES = ("ChatMemoryBuffer", "ChatSummaryMemoryBuffer", "Memory")
    _CONTEXTS = ("BufferedChatCompletionContext", "HeadAndTailChatCompletionContext",
                 "TokenLimitedChatCompletionContext")

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        view_only = "llm_input_messages" in {s for s in literal_strings_in(module.module)}
        self._server_context_edits(module, out)
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if name.startswith(LANGCHAIN + LANGGRAPH) and tail == "trim_messages":
                strength = "full" if view_only else "weak"
                out.evidence("P10", "compact", call, "trim_messages keeps the recent turns", strength)
                if keyword_value(module, call, "max_tokens"):
                    out.evidence("P10", "threshold", call, "trim_messages(max_tokens=...) sets the threshold")
            elif tail in ("SummarizationNode", "SummarizationMiddleware", "ContextEditingMiddleware") and \
                    (name.startswith(LANGCHAIN + LANGGRAPH) or name.startswith("langmem")):
                out.evidence("P10", "compact", call, f"{tail} summarises older turns")
                if keyword_value(module, call, "max_tokens", "trigger", "max_tokens_before_summary"):
                    out.evidence("P10", "threshold", call, f"{tail} threshold configured")
            elif name in ("tokentrim.trim", "tokentrim.tokentrim.trim"):
                self._tokentrim(module, call, out)
            elif name.startswith(PYDANTIC_AI) and keyword_value(module, call, "history_processors") is not None:
                out.evidence("P10", "compact", call,
                             "history_processors rewrite the run's history (nothing archived)", "weak")
            elif name.startswith(LLAMA) and any(name.endswith(f"{m}.from_defaults") or name.endswith(m)
                                                for m in self._MEMORIES):
                out.evidence("P10", "compact", call, f"{tail} keeps the model's view within a limit")
                if keyword_value(module, call, "token_limit"):
                    out.evidence("P10", "threshold", call, "memory token_limit configured")
            elif name.startswith(AUTOGEN) and tail in self._CONTEXTS:
                out.evidence("P10", "compact", call, f"{tail} bounds the model context")
                out.evidence("P10", "threshold", call, f"{tail} size configured")
            elif tail in ("create", "ModelSettings") and self._auto_truncation(module, call) \
                    and (name.endswith("responses.create") or name.startswith(AGENTS)):
                out.evidence("P10", "compact", call, 'truncation="auto" lets the API drop old turns', "weak")
            elif name.startswith(AGENTS) and tail == "OpenAIResponsesCompactionSession":
                out.evidence("P10", "compact", call, "compaction session summarises the stored history")
                strength = "full" if keyword_value(module, call, "should_trigger_compaction") else "weak"
                out.evidence("P10", "threshold", call, "compaction trigger of the session", strength)
            elif name.startswith(AGENTS) and tail == "SessionSettings" and keyword_value(module, call, "limit"):
                out.evidence("P10", "compact", call, "only the latest session items are sent; the store keeps all")
                out.evidence("P10", "threshold", call, "SessionSettings(limit=...) sets the window")
            elif name.startswith(PYDANTIC_AI) and tail in ("ProcessHistory", "AnthropicCompaction", "OpenAICompaction"):
                server = tail != "ProcessHistory"
                out.evidence("P10", "compact", call, f"pydantic-ai {tail} capability",
                             "full" if server else "weak")


    def _tokentrim(self, module: PythonModule, call: cst.Call, out: FactWriter) -> None:
        """tokentrim `trim(messages, model=None, system_message=None, trim_ratio=0.75, ...,
        max_tokens=None)` drops the oldest messages until the list fits `max_tokens` (or
        `trim_ratio` of the model's window) and keeps the system message. Assigned back over the
        history it is passed, it drops those turns for good (weak); handed to the call, it only
        shapes what the model sees (full)."""
        history = module.arg(call, 0, "messages")
        statement = module.statement_of(call)
        assign = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        in_place = history is not None and isinstance(assign, cst.Assign) and any(
            module.code(t.target, 80) == module.code(history, 80) for t in assign.targets)
        detail = "tokentrim trim() drops the oldest turns to fit the token limit"
        if in_place:
            out.evidence("P10", "compact", call, detail + " (in place; the dropped turns are not saved first)", "weak")
        else:
            out.evidence("P10", "compact", call, detail)
        limit = keyword_value(module, call, "max_tokens")
        if limit is not None:
            out.evidence("P10", "threshold", call, f"tokentrim trim(max_tokens={module.code(limit, 30)}) sets the threshold")
        elif module.arg(call, 1, "model") is not None:
            out.evidence("P10", "threshold", call, "tokentrim trim() sets the threshold from the model's context window")

    def _server_context_edits(self, module: PythonModule, out: FactWriter) -> None:
        """anthropic `context_management={"edits": [{"type": "clear_tool_uses_...", "trigger": ...}]}`:
        the API clears old tool results past the trigger; the local transcript is not compacted (weak)."""
        for call in (m.node for m in model_calls(module) if m.provider == "anthropic"):
            config = module.resolve(keyword_value(module, call, "context_management"))
            edits = [s for s in literal_strings_in(config) if s.startswith(("clear_", "compact"))] if config else []
            if edits:
                out.evidence("P10", "compact", call, f"server-side context editing ({edits[0]}); "
                             "the local transcript still grows", "weak")
                if "trigger" in string_keys(config):
                    out.evidence("P10", "threshold", call, "context editing trigger configured")
                return

    def _auto_truncation(self, module: PythonModule, call: cst.Call) -> bool:
        return string_value(keyword_value(module, call, "truncation")) == "auto"
