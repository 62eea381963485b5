"""The `multi-agent` signal the judge uses for HA113 (multi-agent coordination before foundations)."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
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
    emits = ("signal:multi-agent", "HA113")
    POSITIVE = (
        """
from agents import Agent
triage = Agent(name="Triage", instructions="Route.", handoffs=[billing, support])
""",
        """
from autogen_agentchat.teams import RoundRobinGroupChat
team = RoundRobinGroupChat([planner, coder], termination_condition=stop)
""",
        Example("""
from crewai import Crew
crew = Crew(agents=[researcher, writer], tasks=[research, write])
""", expect="HA113", line=3, message="several agents are put together here"),
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
        site = self._coordination(module)
        if site is not None:
            out.signal("multi-agent")
            # where the agents are put together: HA113's place, kept by the judge only when foundations are missing
            out.hit("HA113", site, "several agents are put together here")

    def _coordination(self, module: PythonModule) -> cst.CSTNode | None:
        """The call that puts the agents together (a manager's `managed_agents=`, `handoffs=`, a team, a Crew, a
        sub-agent table), else the first of several role definitions."""
        found = self._composing_call(module)
        if found is not None:
            return found
        composed = composition(module)
        if composed is not None:
            return composed.node
        defined = roles(module)
        if len(defined) >= 2 or any(r.kind == "AgentDefinition" for r in defined):
            return defined[0].node
        return None

    def _composing_call(self, module: PythonModule) -> cst.Call | None:
        several_roles = len(roles(module)) >= 2
        for call in module.calls:
            name = call_name(module, call)
            leaf = name.rsplit(".", 1)[-1]
            kwargs = module.kwargs(call)
            framework = name.split(".")[0] in _MULTI_AGENT_ROOTS
            if not framework and not (leaf == "as_tool" and module.imports_any(*_AGENTS_SDK.packages)):
                continue
            if leaf in TEAMS or leaf == "as_tool":
                return call
            for key in _SUBAGENT_KEYWORDS:
                if key in kwargs and _count(kwargs[key]) != 0:
                    return call
            if leaf in _COUNTED_TEAMS:
                keyword, minimum = _COUNTED_TEAMS[leaf]
                counted = _count(kwargs.get(keyword))
                # `Crew(agents=self.agents)` in a `@CrewBase` class collects the file's `@agent` roles
                if counted >= minimum or several_roles and counted < 0:
                    return call
            if leaf in _CLAUDE.options_classes and set(_CLAUDE.subagent_keywords) & set(kwargs):
                return call
        return None


def _count(node: cst.BaseExpression | None) -> int:
    """Elements of a literal list (-1 when it is computed, 0 when missing or empty)."""
    if node is None:
        return 0
    if isinstance(node, (cst.List, cst.Tuple)):
        return len(node.elements)
    return -1
