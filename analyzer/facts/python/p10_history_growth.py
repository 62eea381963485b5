"""P10 compaction, HA109: the agent loop appends to the history and nothing in the file trims,
summarises or windows it."""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import enclosing_agent_loop, literal_strings_in, words_in
from analyzer.facts.python.p10_compaction import _AGENT_RUNS, _COMPACT_WORDS, _compaction_ops, _historyish
from analyzer.parse.python import PythonModule, call_tail, find_all


@python_check
class HistoryGrowsUnbounded(PythonCheck):
    """HA109: the agent loop appends to the message history and nothing in the file trims,
    summarises or windows it."""

    id = "p10.history-growth"
    emits = ("HA109",)
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response
""", line=7, message="messages grows every turn and is never trimmed or summarised"),
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
            else:
                chat_loop = self._chat_loop(module, call, target)
                if chat_loop is None or id(chat_loop) in reported:
                    continue
                reported.add(id(chat_loop))
            out.hit("HA109", call, f"{module.code(target, 40)} grows every turn and is never trimmed or summarised")

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
