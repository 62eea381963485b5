"""Is this file agent code? Model calls, agent frameworks in use, and the loop that drives them."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.shape import agent_loops, model_calls
from analyzer.parse.python import PythonModule

# framework id -> (import prefixes, names that show the framework is used to build an agent)
FRAMEWORKS = frameworks.signal_frameworks()


def frameworks_used(module: PythonModule) -> dict[str, int]:
    """Framework id -> first line where one of its agent-building names is used."""
    used: dict[str, int] = {}
    for local, origin in module.imports.items():
        for framework, (packages, names) in FRAMEWORKS.items():
            if not any(origin == p or origin.startswith(p + ".") for p in packages):
                continue
            leaf = origin.rsplit(".", 1)[-1]
            if leaf in names or local in names:
                line = _first_use(module, local)
                if line:
                    used[framework] = min(used.get(framework, line), line)
            elif origin in packages:  # `import langgraph` / `import crewai as c`: look for c.Agent
                for attribute in module.find_all(cst.Attribute):
                    if isinstance(attribute.value, cst.Name) and attribute.value.value == local \
                            and attribute.attr.value in names:
                        line = module.line(attribute)
                        used[framework] = min(used.get(framework, line), line)
    return used


def _first_use(module: PythonModule, local: str) -> int:
    for name in module.find_all(cst.Name):
        if name.value != local:
            continue
        parent = module.parent(name)
        if isinstance(parent, (cst.ImportAlias, cst.AsName)):
            continue
        return module.line(name)
    return 0


@python_check
class ModelCallSignal(PythonCheck):
    """A raw SDK or chat-model call marks the file as agent code; the loop around it is the agent loop."""

    id = "agent.model-call"
    emits = ("signal:model-call", "symbol:agent-loop")
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            return response
""", expect="symbol:agent-loop", line=4, message="run"),
        Example("""
from openai import OpenAI
client = OpenAI()
reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
""", expect="signal:model-call"),
        Example("""
from anthropic import Anthropic
client = Anthropic()
raw = client.beta.messages.with_raw_response.create(model="claude-sonnet-4-5", max_tokens=512, messages=[])
""", expect="signal:model-call"),
        Example("""
import litellm
def ask(prompt):
    return litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
""", expect="signal:model-call"),
    )
    NEGATIVE = (
        # Twilio's SMS API has the same method path as Anthropic's model call.
        """
from twilio.rest import Client
client = Client(sid, token)
client.messages.create(to="+15558675309", from_="+15017250604", body="Your code is 1234")
""",
        """
from transformers import AutoTokenizer
tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
tokens = tokenizer("hello world")
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        calls = model_calls(module)
        if not calls:
            return
        out.signal("model-call")
        for provider in sorted({c.provider for c in calls}):
            out.signal(f"provider:{provider}")
        seen = set()
        for loop in agent_loops(module):
            if loop.function is not None and id(loop.function) not in seen:
                seen.add(id(loop.function))
                out.symbol("agent-loop", loop.function)


@python_check
class FrameworkSignal(PythonCheck):
    """An agent framework imported and used to build something marks the file as agent code."""

    id = "agent.framework"
    emits = tuple(f"signal:framework:{name}" for name in FRAMEWORKS)
    POSITIVE = (
        Example("""
from agents import Agent, Runner
agent = Agent(name="Assistant", instructions="You are helpful.")
result = Runner.run_sync(agent, "Hello")
""", expect="signal:framework:openai-agents"),
        Example("""
from langgraph.graph import StateGraph, START, END
builder = StateGraph(dict)
""", expect="signal:framework:langgraph"),
        Example("""
import crewai
crew = crewai.Crew(agents=[], tasks=[])
""", expect="signal:framework:crewai"),
    )
    NEGATIVE = (
        # Importing a framework without using it is not agent code.
        "from langgraph.graph import StateGraph\n",
        # A local package called `agents` with other names is not the OpenAI Agents SDK.
        "from agents import travel_agent_rates\nprint(travel_agent_rates())\n",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for framework in sorted(frameworks_used(module)):
            out.signal(f"framework:{framework}")
