"""P12 agent-types: work split among a small set of typed roles, each with its own prompt and an enforced
tool set. The roles themselves are read in `agent_roles.py`; the `multi-agent` signal in `p12_multi_agent.py`."""

from __future__ import annotations

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.agent_roles import CODE_RUNNING, ENFORCING, composition, raw_role_registry, role_filter, roles
from analyzer.parse.python import PythonModule


@python_check
class TypedRoles(PythonCheck):
    """Typed roles: two or more distinct agent definitions, each with its own prompt (Claude SDK
    `AgentDefinition`, Agents SDK `Agent(instructions=...)`, CrewAI `Agent(role=, goal=, backstory=)`, AutoGen
    `AssistantAgent`, smolagents managed agents, LlamaIndex `FunctionAgent`, or a hand-written role registry), or
    an orchestrating file that splits work among agents defined in other modules (`Runner.run(planner)`,
    `analyst.as_tool(...)`, `writer.clone(tools=[...])`, `Crew(agents=[...])`). Full when their tool sets differ;
    weak when they share one tool set, the file does not show their tools, or only one role is defined."""

    id = "p12.typed-roles"
    emits = ("P12/typed-roles",)
    POSITIVE = (
        Example("""
from agents import Agent
billing = Agent(name="Billing", instructions="Handle refunds.", tools=[issue_refund])
technical = Agent(name="Technical", instructions="Fix problems.", tools=[search_docs])
triage = Agent(name="Triage", instructions="Route the customer.", handoffs=[billing, technical])
""", strength="full", line=3, message="3 Agent roles with their own prompts and tool sets"),
        Example("""
from claude_agent_sdk import AgentDefinition
agents = {
    "explore": AgentDefinition(description="Read the code", prompt="Explore only.", tools=["Read", "Grep"]),
    "test": AgentDefinition(description="Run tests", prompt="Run the suite.", tools=["Bash", "Read"]),
}
""", strength="full"),
        Example("""
ROLES = {
    "explore": {"prompt": "Read and report.", "tools": ["read_file", "grep"]},
    "edit": {"prompt": "Make the change.", "tools": ["read_file", "write_file"]},
}
""", strength="full"),
        # An orchestrator running role agents defined in the project's other modules; analysts become the
        # writer's tools.
        Example("""
from agents import Runner
from .agents.planner import planner_agent
from .agents.analysts import risk_agent
from .agents.writer import writer_agent

async def research(query):
    plan = await Runner.run(planner_agent, query)
    risk_tool = risk_agent.as_tool(tool_name="risk_analysis", tool_description="Write a short risk analysis")
    writer = writer_agent.clone(tools=[risk_tool])
    return await Runner.run(writer, plan.final_output)
""", path="research/manager.py", strength="full"),
    )
    NEGATIVE = (
        # One agent.
        """
from agents import Agent
agent = Agent(name="Assistant", instructions="Help.", tools=[search])
""",
        # The same agent written out once per example function is one role, run twice.
        """
from agents import Agent, Runner

async def main():
    agent = Agent(name="Assistant", instructions="Be concise.")
    result = await Runner.run(agent, "What is the largest country in South America?")
    return await Runner.run(agent, "And its capital?", previous_response_id=result.last_response_id)

async def main_stream():
    agent = Agent(name="Assistant", instructions="Be concise.")
    return Runner.run_streamed(agent, "What is the largest country in South America?")
""",
        # Prompts in a dict, with no tools per role.
        """
PROMPTS = {"explore": "Read the code.", "plan": "Write a plan."}
""",
        # A guardrail agent screens the input of the one working agent; it is not a role.
        """
from agents import Agent, GuardrailFunctionOutput, Runner, input_guardrail

guardrail_agent = Agent(name="Guardrail check", instructions="Is the user asking for math homework?")

@input_guardrail
async def math_guardrail(context, agent, input):
    result = await Runner.run(guardrail_agent, input, context=context.context)
    return GuardrailFunctionOutput(output_info=result.final_output, tripwire_triggered=result.final_output.is_homework)

agent = Agent(name="Customer support", instructions="Help customers.", input_guardrails=[math_guardrail])
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        found = roles(module)
        if len(found) >= 2:
            distinct = len({r.tools for r in found}) >= 2
            kinds = sorted({r.kind for r in found})
            out.evidence("P12", "typed-roles", found[0].node,
                         f"{len(found)} {'/'.join(kinds)} roles with their own prompts"
                         + (" and tool sets" if distinct else ", sharing one tool set"), "full" if distinct else "weak")
            return
        if len(found) == 1 and found[0].kind == "AgentDefinition":
            out.evidence("P12", "typed-roles", found[0].node, "one sub-agent role with its own prompt", "weak")
            return
        registry = raw_role_registry(module)
        if registry is not None:
            out.evidence("P12", "typed-roles", registry, "hand-written role registry: a prompt and tools per role")
            return
        composed = composition(module)
        if composed is not None and len(found) < 2:
            # the roles are defined in the project's other modules; this file splits the work among them
            out.evidence("P12", "typed-roles", composed.node,
                         f"work split among {len(composed.agents)} agents ({', '.join(composed.agents[:6])})"
                         + (f"; roles get their own tools here ({composed.own_tools})" if composed.own_tools
                            else "; each defined on its own (module or builder)" if composed.separate
                            else "; built alike, their tool sets are not visible here"),
                         "full" if composed.own_tools or composed.separate else "weak")


@python_check
class EnforcedRoleTools(PythonCheck):
    """Each role's tools are enforced in code: the framework gives an agent only the tools in its own list
    (Agents SDK, CrewAI, AutoGen, Claude `AgentDefinition(tools=...)`, LlamaIndex, ToolCallingAgent), also when
    an orchestrating file runs agents defined in other modules, or a hand-written harness filters tools by the
    role's list. Weak for smolagents `CodeAgent` roles: model-written
    Python runs in every role, so the list is not a capability boundary."""

    id = "p12.enforced-tools"
    emits = ("P12/enforced-tools",)
    POSITIVE = (
        Example("""
from crewai import Agent
researcher = Agent(role="Researcher", goal="Find facts", backstory="...", tools=[search])
writer = Agent(role="Writer", goal="Write", backstory="...")
""", strength="full", line=3, message="the framework gives each role only its own tools"),
        Example("""
from smolagents import CodeAgent
sql = CodeAgent(tools=[run_sql], model=m, name="sql", description="Runs SQL")
writer = CodeAgent(tools=[save], model=m, name="writer", description="Writes reports")
""", strength="weak"),
        Example("""
ROLES = {"explore": {"prompt": "Read.", "tools": ["read"]}, "edit": {"prompt": "Edit.", "tools": ["read", "write"]}}
def tools_for(role):
    return [t for t in TOOLS if t["name"] in ROLES[role]["tools"]]
""", strength="full"),
        # An orchestrator running agents defined in their own modules: the SDK gives each only its tools.
        Example("""
from agents import Runner
from .agents.planner import planner_agent
from .agents.search import search_agent

async def run(query):
    plan = await Runner.run(planner_agent, query)
    return [await Runner.run(search_agent, item.query) for item in plan.final_output.searches]
""", path="research/manager.py", strength="full"),
    )
    NEGATIVE = (
        # A raw role registry that nothing enforces.
        """
ROLES = {"explore": {"prompt": "Read.", "tools": ["read"]}, "edit": {"prompt": "Edit.", "tools": ["read", "write"]}}
def run(role, task):
    return loop(system=ROLES[role]["prompt"], tools=ALL_TOOLS, task=task)
""",
        # Sub-agent definitions that inherit every tool.
        """
from claude_agent_sdk import AgentDefinition
a = AgentDefinition(description="Review", prompt="Review the diff.")
b = AgentDefinition(description="Style", prompt="Check style.")
""",
        # One agent run several times is not a split of work.
        """
from agents import Runner
from .assistant import assistant

async def chat(turns):
    for turn in turns:
        await Runner.run(assistant, turn)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        found = roles(module)
        if len(found) >= 2 or (found and found[0].kind == "AgentDefinition"):
            if found[0].kind == "AgentDefinition" and not any(r.tools for r in found):
                return  # without tools= a sub-agent inherits every tool
            if all(r.kind in CODE_RUNNING for r in found if r.tools or r.kind in CODE_RUNNING) \
                    and any(r.kind in CODE_RUNNING for r in found):
                out.evidence("P12", "enforced-tools", found[0].node,
                             "per-role tool lists, but each role runs model-written code", "weak")
                return
            out.evidence("P12", "enforced-tools", found[0].node, "the framework gives each role only its own tools")
            return
        if raw_role_registry(module) is not None or roles(module):
            where = role_filter(module)
            if where is not None:
                out.evidence("P12", "enforced-tools", where, f"tools filtered by the role's list: {module.code(where, 50)}")
                return
        composed = composition(module)
        if composed is not None and composed.framework in ENFORCING:
            out.evidence("P12", "enforced-tools", composed.node,
                         f"{composed.framework} gives each of {', '.join(composed.agents[:6])} only its own tools")
