"""The `multi-agent` signal the judge uses for HA113 (multi-agent coordination before foundations)."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import FactWriter, PythonCheck, python_check
from analyzer.facts.python.agent_roles import TEAMS, composition, roles
from analyzer.facts.python.tools import call_name
from analyzer.parse.python import PythonModule

_MULTI_AGENT_ROOTS = frameworks.multi_agent_roots()
_SUBAGENT_KEYWORDS = frameworks.subagent_keywords()  # handoffs=, managed_agents=
_COUNTED_TEAMS = frameworks.counted_teams()  # Crew(agents=[a, b])
_AGENTS_SDK = frameworks.framework("openai-agents")
_CLAUDE = frameworks.framework("claude-agent-sdk")  # ClaudeAgentOptions(agents={...})


@python_check
class MultiAgentSignal(PythonCheck):
    """Work split among several agents: handoffs, managed_agents, group chats and swarms, supervisors,
    a Crew of more than one agent, sub-agent definitions, agents used as tools, or several role agents."""

    id = "p12.multi-agent"
    emits = ("signal:multi-agent",)
    POSITIVE = (
        """
from agents import Agent
triage = Agent(name="Triage", instructions="Route.", handoffs=[billing, support])
""",
        """
from autogen_agentchat.teams import RoundRobinGroupChat
team = RoundRobinGroupChat([planner, coder], termination_condition=stop)
""",
        """
from crewai import Crew
crew = Crew(agents=[researcher, writer], tasks=[research, write])
""",
        """
from agents import Runner
from .agents.planner import planner_agent
from .agents.writer import writer_agent

async def run(query):
    plan = await Runner.run(planner_agent, query)
    return await Runner.run(writer_agent, plan.final_output)
""",
    )
    NEGATIVE = (
        """
from crewai import Crew
crew = Crew(agents=[analyst], tasks=[report])
""",
        """
from agents import Agent
agent = Agent(name="Assistant", instructions="Help.", tools=[search])
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if len(roles(module)) >= 2 or any(r.kind == "AgentDefinition" for r in roles(module)) or composition(module):
            out.signal("multi-agent")
            return
        for call in module.calls:
            name = call_name(module, call)
            leaf = name.rsplit(".", 1)[-1]
            kwargs = module.kwargs(call)
            framework = name.split(".")[0] in _MULTI_AGENT_ROOTS
            if not framework and not (leaf == "as_tool" and module.imports_any(*_AGENTS_SDK.packages)):
                continue
            if leaf in TEAMS or leaf == "as_tool":
                out.signal("multi-agent")
                return
            for key in _SUBAGENT_KEYWORDS:
                if key in kwargs and _count(kwargs[key]) != 0:
                    out.signal("multi-agent")
                    return
            if leaf in _COUNTED_TEAMS and _count(kwargs.get(_COUNTED_TEAMS[leaf][0])) >= _COUNTED_TEAMS[leaf][1]:
                out.signal("multi-agent")
                return
            if leaf in _CLAUDE.options_classes and set(_CLAUDE.subagent_keywords) & set(kwargs):
                out.signal("multi-agent")
                return


def _count(node: cst.BaseExpression | None) -> int:
    """Elements of a literal list (-1 when it is computed, 0 when missing or empty)."""
    if node is None:
        return 0
    if isinstance(node, (cst.List, cst.Tuple)):
        return len(node.elements)
    return -1
