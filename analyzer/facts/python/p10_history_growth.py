"""P10 compaction, HA109: the agent loop appends to the history and nothing in the file trims,
summarises or windows it."""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import enclosing_agent_loop, literal_strings_in, words_in
from analyzer.facts.python.p10_compaction import _AGENT_RUNS, _COMPACT_WORDS, _compaction_ops, _historyish
from analyzer.facts.python.shape import functions_calling_model, model_calls
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value


@python_check
class HistoryGrowsUnbounded(PythonCheck):
    """HA109: the agent loop appends to the message history and nothing in the file trims,
    summarises or windows it."""

    id = "p10.history-growth"
    emits = ("HA109",)
    POSITIVE = (
        # A LangGraph node: the reply goes back under "messages" for the add_messages reducer to append.
        Example("""
from langchain_core.messages import SystemMessage
from langchain_google_genai import ChatGoogleGenerativeAI
async def agent_node(state):
    messages = state.get("messages", [])
    llm = ChatGoogleGenerativeAI(model="gemini-2.5-flash", max_output_tokens=1024)
    prompt = [SystemMessage(content="You are helpful.")]
    prompt.extend(messages)
    result = await llm.ainvoke(prompt)
    return {"messages": [result]}
""", line=9, message="the state's messages are sent whole to the model and the reply is added to them every turn; "
                     "nothing trims or summarises them"),
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response
""", line=6, message="messages grows every turn and is sent whole to the model; nothing trims or summarises it"),
        # Cleaning one message's text is not trimming the history.
        """
import anthropic
client = anthropic.Anthropic()
def run(messages):
    for turn in range(10):
        question = messages[-1]["content"].strip()
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": truncate_text(response.content[0].text)})
""",
        # A chat loop around a LangChain AgentExecutor.
        """
from langchain_core.messages import AIMessage, HumanMessage
def main(executor):
    chat_history = []
    while True:
        question = input("> ")
        result = executor.invoke({"input": question, "chat_history": chat_history})
        chat_history.extend([HumanMessage(question), AIMessage(result["output"])])
""",
    )
    NEGATIVE = (
        # A graph node that trims the state's messages before sending them.
        """
from langchain_core.messages import trim_messages
from langchain_openai import ChatOpenAI
llm = ChatOpenAI(model="gpt-4o", max_tokens=800)
def agent_node(state):
    window = trim_messages(state["messages"], max_tokens=4000, token_counter=llm, strategy="last")
    reply = llm.invoke(window)
    return {"messages": [reply]}
""",
        # A node that answers one question from the state and writes no messages back.
        """
from langchain_openai import ChatOpenAI
llm = ChatOpenAI(model="gpt-4o", max_tokens=800)
def summarize_node(state):
    reply = llm.invoke(state["messages"])
    return {"summary": reply.content}
""",
        """
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        messages = trim_history(messages)
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response
""",
        # A fresh list in a capped loop cannot outgrow the cap.
        """
import anthropic
client = anthropic.Anthropic()
def ask(question):
    messages = [{"role": "user", "content": question}]
    for _ in range(5):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path) or self._file_compacts(module):
            return
        self._graph_node_growth(module, out)
        reported: set[int] = set()
        for call in module.calls:
            if call_tail(call) not in ("append", "extend") or not isinstance(call.func, cst.Attribute):
                continue
            target = call.func.value
            if not _historyish(module, target):
                continue
            loop = enclosing_agent_loop(module, call)
            if loop is not None:
                if id(loop.node) in reported or (loop.bounded and self._fresh_local(module, target, loop.function)):
                    continue
                reported.add(id(loop.node))
                sent = self._sending_call(module, loop.node, target)
            else:
                chat_loop = self._chat_loop(module, call, target)
                if chat_loop is None or id(chat_loop) in reported:
                    continue
                reported.add(id(chat_loop))
                sent = self._sending_call(module, chat_loop, target)
            # the fix (trim or summarise before sending) goes on the call that sends the whole history
            out.hit("HA109", sent or call, f"{module.code(target, 40)} grows every turn and is sent whole to the "
                    "model; nothing trims or summarises it")

    def _graph_node_growth(self, module: PythonModule, out: FactWriter) -> None:
        """A graph node that sends the state's messages to the model and returns only the new ones under
        `"messages"`: the state's reducer (LangGraph `add_messages`) appends them, so the history the next
        call sends is one turn longer, and nothing here trims it."""
        model_nodes = {id(m.node): m for m in model_calls(module)}
        for function in module.functions:
            params = [p.name.value for p in function.params.params]
            if not params or params[0] not in ("state", "self") and "state" not in params:
                continue
            history = self._state_messages(module, function)
            if not history or not self._returns_new_messages(module, function):
                continue
            for call in find_all(function, cst.Call):
                if id(call) in model_nodes and any({n.value for n in find_all(a.value, cst.Name)} & history
                                                   for a in call.args):
                    out.hit("HA109", call, "the state's messages are sent whole to the model and the reply is added "
                            "to them every turn; nothing trims or summarises them")
                    return

    def _state_messages(self, module: PythonModule, function: cst.FunctionDef) -> set[str]:
        """Local names holding the state's message history, and lists built from it."""
        names: set[str] = set()
        for assign in find_all(function, cst.Assign):
            if self._reads_state_messages(module, assign.value):
                names |= {t.target.value for t in assign.targets if isinstance(t.target, cst.Name)}
        for call in find_all(function, cst.Call):  # invoke_messages.extend(messages)
            if call_tail(call) in ("extend", "append", "__iadd__") and isinstance(call.func, cst.Attribute) \
                    and isinstance(call.func.value, cst.Name) and any(
                        {n.value for n in find_all(a.value, cst.Name)} & names for a in call.args):
                names.add(call.func.value.value)
        return names

    def _reads_state_messages(self, module: PythonModule, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Subscript) and module.code(value.value) == "state":
            return string_value(value.slice[0].slice.value) == "messages" \
                if isinstance(value.slice[0].slice, cst.Index) else False
        if isinstance(value, cst.Call) and call_tail(value) == "get" and isinstance(value.func, cst.Attribute) \
                and module.code(value.func.value) == "state" and value.args:
            return string_value(value.args[0].value) == "messages"
        return isinstance(value, cst.Attribute) and module.code(value) == "state.messages"

    def _returns_new_messages(self, module: PythonModule, function: cst.FunctionDef) -> bool:
        """`return {"messages": [reply]}` (or a name bound to a list literal): only the new turn, for the reducer."""
        for ret in find_all(function, cst.Return):
            if not isinstance(ret.value, cst.Dict):
                continue
            for element in ret.value.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == "messages":
                    value = element.value
                    if isinstance(value, cst.Name):
                        bound = [a.value for a in find_all(function, cst.Assign)
                                 if any(isinstance(t.target, cst.Name) and t.target.value == value.value for t in a.targets)]
                        value = bound[-1] if bound else value
                        if isinstance(value, cst.IfExp):
                            value = value.body
                    if isinstance(value, cst.List):
                        return True
        return False

    def _sending_call(self, module: PythonModule, loop: cst.CSTNode, target: cst.CSTNode) -> cst.Call | None:
        """The call in the loop that hands the history to the model: a model call or agent run given it, or a
        function of this file that calls the model and is given it; the first model call when none names it."""
        name = module.code(target, 80)
        model_nodes = {id(m.node) for m in model_calls(module)}
        model_functions = functions_calling_model(module)
        senders = [c for c in find_all(loop, cst.Call) if id(c) in model_nodes or call_tail(c) in model_functions
                   or call_tail(c) in _AGENT_RUNS]
        given = [c for c in senders if any(name == module.code(a.value, 80) or name in module.code(a.value, 400)
                                           for a in c.args)]
        chosen = given or [c for c in senders if id(c) in model_nodes]
        return min(chosen, key=module.line) if chosen else None

    def _chat_loop(self, module: PythonModule, call: cst.Call, target: cst.CSTNode) -> cst.While | None:
        """A chat loop around a framework agent: the history is passed to the run and appended after it."""
        loop = next((a for a in module.ancestors(call) if isinstance(a, (cst.While, cst.FunctionDef))), None)
        if not isinstance(loop, cst.While):
            return None
        name = module.code(target, 80)
        for run in find_all(loop.body, cst.Call):
            if call_tail(run) in _AGENT_RUNS and run is not call and \
                    any(name in module.code(a.value, 400) for a in run.args):
                return loop
        return None

    def _file_compacts(self, module: PythonModule) -> bool:
        if any(_compaction_ops(module, f) for f in module.functions):
            return True
        # `messages = trim_history(messages)`: a call named for compaction that is handed the
        # history itself; `trim(messages[-1]["content"])` only cleans one message's text
        return any(words_in(call_tail(c), _COMPACT_WORDS) and any(
            isinstance(a.value, (cst.Name, cst.Attribute)) and _historyish(module, a.value) for a in c.args)
            for c in module.calls) or "llm_input_messages" in literal_strings_in(module.module)

    def _fresh_local(self, module: PythonModule, target: cst.CSTNode, function: cst.FunctionDef | None) -> bool:
        """A plain local name assigned inside this function (not a parameter, attribute or global)."""
        if not isinstance(target, cst.Name) or function is None:
            return False
        if any(p.name.value == target.value for p in function.params.params):
            return False
        return any(
            isinstance(t.target, cst.Name) and t.target.value == target.value
            for a in find_all(function, cst.Assign, shallow=True) for t in a.targets
        )
