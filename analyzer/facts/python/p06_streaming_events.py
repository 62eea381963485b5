"""P6 streaming-events: the harness streams typed events to its consumer, and a failed run ends
the stream with a typed error event that says why.

Typed means the consumer can dispatch on the kind of event: event classes yielded (or put on a
queue / sent) from the run, dicts with a "type" discriminator, or a framework's typed stream
consumed by type (Agents SDK `stream_events()`, Claude SDK message classes, LangGraph
`stream_mode` / `astream_events`). Raw text chunks are not typed events. HA114: a model call on
the agent loop's path with no try/except anywhere around it.
"""

from __future__ import annotations

import re

import libcst as cst

from analyzer import frameworks
from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    literal_strings_in, enclosing_agent_loop, keyword_value, loop_path_functions, words_in,
)
from analyzer.facts.python.runtime_apis import AGENTS, AUTOGEN, CLAUDE, LANGCHAIN, LANGGRAPH, LLAMA, PYDANTIC_AI, SMOL
from analyzer.facts.python.shape import agent_loops, model_calls
from analyzer.parse.python import PythonModule, call_tail, find_all, is_true, names_in, string_value

# Calls that hand an event to a consumer other than by `yield`.
_SEND_TAILS = {"put", "put_nowait", "send", "send_json", "asend", "on_event", "callback", "send_event",
               "publish_event", "emit_event", "xadd"}
_EVENT_NAME = re.compile(r"(Event|Delta|Chunk|Start|Started|Stop|Stopped|End|Ended|Finish|Finished|Complete|"
                         r"Completed|Fail|Failed|Error|Result|Selected|Update|Done|Begin|Call|Message)$")
_TYPE_KEYS = ("type", "event", "kind", "event_type")
# Packages whose classes are not the harness's own events (an SDK message passed through is not re-typed).
_FOREIGN = frameworks.packages("anthropic", "openai", "langchain", "langgraph", "pydantic-ai", "llamaindex") + (
            "pathlib", "fastapi", "starlette", "requests", "httpx", "typing", "collections", "dataclasses")
_ERROR_WORDS = ("error", "fail", "abort", "exception", "crash")


def _event_of(module: PythonModule, value: cst.CSTNode | None) -> tuple[str, cst.CSTNode] | None:
    """The event kind carried by an emitted value: a class name, or a dict's "type" string."""
    if value is None:
        return None
    if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
        name = value.func.value if isinstance(value.func, cst.Name) else value.func.attr.value
        origin = module.imports.get(name, "")
        if name[:1].isupper() and _EVENT_NAME.search(name) and not origin.startswith(_FOREIGN):
            return name, value
    for element in find_all(value, cst.DictElement):
        if string_value(element.key) in _TYPE_KEYS and string_value(element.value):
            return f'"{string_value(element.value)}"', value
    return None


def _emissions(module: PythonModule) -> list[tuple[str, cst.CSTNode, cst.CSTNode]]:
    """(kind, emitted value, statement) for every typed event the file yields or sends."""
    found = []
    for node in module.find_all(cst.Yield):
        if isinstance(node.value, cst.From):
            continue
        event = _event_of(module, node.value)
        if event:
            found.append((event[0], event[1], node))
    for call in module.calls:
        if call_tail(call) in _SEND_TAILS and call.args:
            event = _event_of(module, call.args[0].value)
            if event:
                found.append((event[0], event[1], call))
    return found


def _in_except(module: PythonModule, node: cst.CSTNode) -> bool:
    for ancestor in module.ancestors(node):
        if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
            return False
        if isinstance(ancestor, cst.ExceptHandler):
            return True
    return False


@python_check
class HarnessEventStream(PythonCheck):
    """The harness's own typed events: event classes (or dicts with a "type") yielded from the
    run or handed to a queue/websocket, at least two kinds; an error event emitted from an
    `except` block. A single kind of event is weak; a raw text chunk is nothing."""

    id = "p6.harness-events"
    emits = ("P6/typed-events", "P6/error-event")
    POSITIVE = (
        Example("""
from dataclasses import dataclass
@dataclass
class TextDelta:
    text: str
@dataclass
class ToolSelected:
    name: str
    input: dict
@dataclass
class RunFailed:
    reason: str
    message: str
def run(client, messages):
    try:
        with client.messages.stream(model="claude-sonnet-4-5", max_tokens=1024, messages=messages) as stream:
            for event in stream:
                if event.type == "text":
                    yield TextDelta(event.text)
            for block in stream.get_final_message().content:
                if block.type == "tool_use":
                    yield ToolSelected(block.name, block.input)
    except Exception as exc:
        yield RunFailed("api_error", str(exc))
""", expect="P6/error-event", strength="full", line=24, message="a failed run ends the stream with RunFailed"),
        Example("""
import json
async def sse(agent, prompt):
    async for chunk in agent.astream(prompt):
        yield f"data: {json.dumps({'type': 'token', 'text': chunk})}\\n\\n"
    yield f"data: {json.dumps({'type': 'done'})}\\n\\n"
""", expect="P6/typed-events", strength="full"),
    )
    NEGATIVE = (
        # Raw text chunks.
        """
def stream_answer(client, messages):
    with client.messages.stream(model="claude-sonnet-4-5", max_tokens=1024, messages=messages) as stream:
        for text in stream.text_stream:
            yield text
""",
        # SDK objects passed through untouched are not the harness's events.
        """
from langchain_core.messages import AIMessage, ToolMessage
def replay(log):
    for row in log:
        yield AIMessage(row["text"])
        yield ToolMessage(row["tool"], tool_call_id=row["id"])
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        emissions = _emissions(module)
        kinds = {kind for kind, _, _ in emissions}
        if emissions:
            _, _, first = emissions[0]
            strength = "full" if len(kinds) >= 2 else "weak"
            out.evidence("P6", "typed-events", first, f"typed events emitted: {', '.join(sorted(kinds)[:6])}", strength)
        for kind, _, node in emissions:
            if words_in(kind, _ERROR_WORDS):
                out.evidence("P6", "error-event", node, f"a failed run ends the stream with {kind}")
                return
        for call in module.calls:  # `event = RunFailed(...)` built in an except block and sent on
            event = _event_of(module, call)
            if event and isinstance(call.func, cst.Name) and words_in(event[0], _ERROR_WORDS) \
                    and _in_except(module, call) and not isinstance(module.parent(call), cst.Raise):
                out.evidence("P6", "error-event", call, f"a failure is reported as {event[0]}")
                return
        for node in module.find_all(cst.Yield):
            if emissions and _in_except(module, node) and node.value is not None \
                    and not isinstance(node.value, cst.From) and words_in(module.code(node, 200), _ERROR_WORDS):
                out.evidence("P6", "error-event", node, "a failure is streamed, but as text", "weak")
                return


@python_check
class FrameworkEventStream(PythonCheck):
    """A framework's typed stream consumed by type: Agents SDK `run_streamed` + `stream_events()`,
    Claude SDK message classes dispatched by isinstance (a `ResultMessage` whose `is_error` /
    `subtype` is read is the error event), LangGraph `astream_events` or `stream(stream_mode=)`,
    pydantic-ai `run_stream_events` / `iter`, LlamaIndex `stream_events()`, AutoGen `run_stream`."""

    id = "p6.framework-stream"
    emits = ("P6/typed-events", "P6/error-event")
    POSITIVE = (
        Example("""
from claude_agent_sdk import AssistantMessage, ResultMessage, TextBlock, query
async def run(prompt, options):
    async for message in query(prompt=prompt, options=options):
        if isinstance(message, AssistantMessage):
            print(message.content)
        elif isinstance(message, ResultMessage) and message.is_error:
            raise RuntimeError(message.subtype)
""", expect="P6/error-event", line=7, message="ResultMessage.is_error/subtype says why a run failed"),
        Example("""
from agents import Agent, Runner
async def main(agent):
    result = Runner.run_streamed(agent, input="Hello")
    async for event in result.stream_events():
        if event.type == "run_item_stream_event":
            print(event.item)
""", expect="P6/typed-events", strength="full"),
        Example("""
from langgraph.prebuilt import create_react_agent
agent = create_react_agent(model, tools)
for update in agent.stream({"messages": [("user", "hi")]}, stream_mode="updates"):
    print(update)
""", expect="P6/typed-events"),
        # The anthropic SDK's typed stream events consumed by type (the SDK's, not the harness's own: weak).
        Example("""
from anthropic import Anthropic
client = Anthropic()
runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=tools,
                                          messages=messages, stream=True)
for stream in runner:
    for event in stream:
        if event.type == "content_block_start" and event.content_block.type == "tool_use":
            runner.defer_tool_call(event.content_block)
        elif event.type == "text":
            print(event.text, end="")
""", expect="P6/typed-events", strength="weak"),
        Example("""
from openai import OpenAI
client = OpenAI()
def ask(prompt):
    with client.responses.stream(model="gpt-4.1", input=prompt) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                print(event.delta, end="")
            elif event.type == "response.error":
                raise RuntimeError(event.error.message)
""", expect="P6/typed-events", strength="weak"),
    )
    NEGATIVE = (
        # Non-streaming runs.
        """
from agents import Agent, Runner
result = Runner.run_sync(Agent(name="a"), "hi")
print(result.final_output)
""",
        # Streamed events drained without being looked at (a status spinner runs meanwhile).
        """
import time
from agents import Runner
async def write(agent, data, printer):
    result = Runner.run_streamed(agent, data)
    async for _ in result.stream_events():
        if time.time() - printer.last > 5:
            printer.update("Writing...")
    return result.final_output
""",
        # Text chunks of a non-typed stream.
        """
from openai import OpenAI
client = OpenAI()
for chunk in client.chat.completions.create(model="gpt-4o", messages=messages, stream=True):
    print(chunk.choices[0].delta.content or "", end="")
""",
        # pydantic-ai text streaming is raw text.
        """
from pydantic_ai import Agent
agent = Agent("openai:gpt-4o")
async def main():
    async with agent.run_stream("hi") as result:
        async for text in result.stream_text():
            print(text)
""",
    )

    _CLAUDE_TYPES = {"AssistantMessage", "ResultMessage", "SystemMessage", "UserMessage", "ToolUseBlock",
                     "TextBlock", "StreamEvent"}

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        isinstance_types = {
            n for c in module.calls if call_tail(c) == "isinstance" and len(c.args) == 2
            for n in names_in(c.args[1].value)
        }
        # `event.type == "run_item_stream_event"` or `event["event"] == "on_tool_start"`: dispatch by kind
        type_compared = any("type" in names_in(c) or "event" in literal_strings_in(c)
                            for c in module.find_all(cst.Comparison))
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if name.startswith(AGENTS) and tail == "run_streamed":
                loops = [f for f in module.find_all(cst.For) if isinstance(f.iter, (cst.Call, cst.Await))
                         and "stream_events" in {call_tail(c) for c in find_all(f.iter, cst.Call)}]
                if loops and not any(names_in(f.target) & names_in(f.body) for f in loops):
                    continue  # `async for _ in result.stream_events():` drains the events unread
                consumed = bool(loops)
                strength = "full" if consumed and (type_compared or isinstance_types) else "weak"
                out.evidence("P6", "typed-events", call, "Agents SDK run_streamed events dispatched by type", strength)
            elif tail == "astream_events" or (tail in ("stream", "astream") and
                                              keyword_value(module, call, "stream_mode") is not None and
                                              module.imports_any(*LANGGRAPH, *LANGCHAIN)):
                out.evidence("P6", "typed-events", call, f"LangGraph {tail}() yields typed updates/events")
            elif (name.startswith(PYDANTIC_AI) and tail in ("run_stream_events", "iter")) or (
                    module.imports_any(*PYDANTIC_AI) and keyword_value(module, call, "event_stream_handler")):
                out.evidence("P6", "typed-events", call, "pydantic-ai typed agent events consumed")
            elif tail == "stream_events" and module.imports_any(*LLAMA):
                out.evidence("P6", "typed-events", call, "LlamaIndex workflow events streamed")
            elif tail == "run_stream" and module.imports_any(*AUTOGEN):
                strength = "full" if isinstance_types else "weak"
                out.evidence("P6", "typed-events", call, "AutoGen run_stream messages", strength)
            elif tail == "run" and module.imports_any(*SMOL) and keyword_value(module, call, "stream") is not None:
                strength = "full" if isinstance_types else "weak"
                out.evidence("P6", "typed-events", call, "smolagents step stream", strength)
        self._sdk_stream(module, out)
        if module.imports_any(*CLAUDE):
            claude = {local for local, origin in module.imports.items() if origin.startswith(CLAUDE)}
            dispatched = isinstance_types & claude & self._CLAUDE_TYPES
            if len(dispatched) >= 2:
                node = next(c for c in module.calls if call_tail(c) == "isinstance")
                out.evidence("P6", "typed-events", node,
                             f"Claude SDK messages dispatched by type: {', '.join(sorted(dispatched))}")
                if "ResultMessage" in dispatched:
                    reads = [a for a in module.find_all(cst.Attribute) if a.attr.value in ("is_error", "subtype")]
                    if reads:
                        out.evidence("P6", "error-event", reads[0],
                                     "ResultMessage.is_error/subtype says why a run failed")


    def _sdk_stream(self, module: PythonModule, out: FactWriter) -> None:
        """A provider SDK stream (anthropic `messages.stream` / `stream=True` / tool_runner, OpenAI
        Responses) whose events are dispatched on `event.type`: typed, but the SDK's, so weak."""
        streaming = [m for m in model_calls(module) if m.name.endswith(".stream") or
                     is_true(keyword_value(module, m.node, "stream"))]
        if not streaming:
            return
        for loop in module.find_all(cst.For):
            target = names_in(loop.target)
            kinds = {v for c in find_all(loop.body, cst.Comparison) if _compares_type(module, c, target)
                     for v in literal_strings_in(c) if v in _SDK_EVENTS or v.startswith("response.")}
            if kinds:
                out.evidence("P6", "typed-events", loop, "the SDK's typed stream events are consumed by type: "
                             + ", ".join(sorted(kinds)[:4]), "weak")
                if kinds & {"error", "response.error", "response.failed"}:
                    out.evidence("P6", "error-event", loop, "a typed error event ends the stream")
                return


# Stream event types of the anthropic and OpenAI SDKs (`event.type == ...`).
_SDK_EVENTS = {"message_start", "message_delta", "message_stop", "content_block_start", "content_block_delta",
               "content_block_stop", "text", "input_json", "thinking", "citation", "error"}


def _compares_type(module: PythonModule, comparison: cst.Comparison, target: set[str]) -> bool:
    """`event.type == "..."` on the loop's own variable."""
    left = comparison.left
    return isinstance(left, cst.Attribute) and left.attr.value == "type" and \
        isinstance(left.value, cst.Name) and left.value.value in target


@python_check
class ModelCallWithoutErrorHandling(PythonCheck):
    """HA114: a model call on the agent loop's path (in the loop, or a function it calls) with no
    try/except around the call, its call site, or the loop: an API error crashes the run with
    no typed reason."""

    id = "p6.model-call-error-handling"
    emits = ("HA114",)
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            return response
""",
                line=6, message="anthropic.Anthropic.messages.create() in the agent loop has no error handling; a failure crashes the run"),
    )
    NEGATIVE = (
        """
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        try:
            response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        except anthropic.APIError as exc:
            return {"stop_reason": "api_error", "error": str(exc)}
        if response.stop_reason != "tool_use":
            return response
""",
        # try/finally alone handles nothing, but a handler around the whole loop does.
        """
from openai import OpenAI
client = OpenAI()
def run(messages):
    try:
        for _ in range(10):
            reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
    except Exception as exc:
        return {"error": str(exc)}
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path) or not agent_loops(module):
            return
        path = loop_path_functions(module)
        for call in model_calls(module):
            loop = enclosing_agent_loop(module, call.node)
            function = module.enclosing_function(call.node)
            if loop is None and (function is None or function.name.value not in path):
                continue
            if self._handled(module, call.node):
                continue
            # the caller in this file wraps the whole run (`try: run() except APIError: ...`)
            if function is not None and self._call_sites_handled(module, function.name.value):
                continue
            out.hit("HA114", call.node,
                    f"{call.name}() in the agent loop has no error handling; a failure crashes the run")

    def _handled(self, module: PythonModule, node: cst.CSTNode) -> bool:
        for ancestor in module.ancestors(node):
            if isinstance(ancestor, (cst.Try, cst.TryStar)) and ancestor.handlers:
                return True
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                return False
        return False

    def _call_sites_handled(self, module: PythonModule, name: str) -> bool:
        sites = [c for c in module.calls if call_tail(c) == name]
        return bool(sites) and all(self._handled(module, c) for c in sites)
