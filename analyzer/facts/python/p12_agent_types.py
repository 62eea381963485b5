"""P12 agent-types: work split among a small set of typed roles, each with its own prompt and an enforced
tool set; and the `multi-agent` signal the judge uses for HA113 (multi-agent before foundations)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tools import call_name, callee_name
from analyzer.parse.python import PythonModule, find_all, string_value

# Role constructors: leaf -> (packages, keywords that give the role its own prompt).
_ROLE_CONSTRUCTORS = {
    "Agent": (("agents", "crewai", "pydantic_ai", "agno", "google.adk"),
              ("instructions", "role", "goal", "backstory", "system_prompt", "instruction", "description")),
    "AgentDefinition": (("claude_agent_sdk", "claude_code_sdk"), ("prompt", "description")),
    "AssistantAgent": (("autogen_agentchat", "autogen", "ag2"), ("system_message", "description")),
    "ConversableAgent": (("autogen", "ag2"), ("system_message", "description")),
    "CodeAgent": (("smolagents",), ("description", "instructions")),
    "ToolCallingAgent": (("smolagents",), ("description", "instructions")),
    "FunctionAgent": (("llama_index",), ("system_prompt", "description")),
    "ReActAgent": (("llama_index",), ("system_prompt", "description")),
    "CodeActAgent": (("llama_index",), ("system_prompt", "description")),
    "create_react_agent": (("langgraph",), ("prompt", "name")),
    "create_agent": (("langchain",), ("system_prompt", "name")),
    "LlmAgent": (("google.adk",), ("instruction", "description")),
}
# Roles whose tool list is not a boundary: a code agent runs whatever Python the model writes.
_CODE_RUNNING = {"CodeAgent", "CodeActAgent"}
# Compositions that split work among agents.
_TEAMS = {"RoundRobinGroupChat", "SelectorGroupChat", "GroupChat", "GroupChatManager", "Swarm", "MagenticOneGroupChat",
          "create_supervisor", "create_swarm", "AgentWorkflow", "initiate_chats", "SequentialAgent", "ParallelAgent",
          "handoff", "create_handoff_tool"}
# Frameworks that give each agent only the tools it was built with.
_ENFORCING = ("openai-agents", "crewai", "autogen_agentchat", "langgraph_supervisor", "langgraph_swarm")
_PROMPT_FIELDS = {"prompt", "system_prompt", "system", "instructions", "system_message"}
_TOOL_FIELDS = {"tools", "allowed_tools", "tool_names", "allowed"}


@dataclass(frozen=True)
class Role:
    node: cst.Call
    kind: str  # the constructor leaf
    tools: str  # source of its tool list ("" when none is given)


def roles(module: PythonModule) -> list[Role]:
    """Role definitions in this file, one per distinct role: the same agent written out twice (once per example
    function, say) is one role."""
    if "p12_roles" in module.memo:
        return module.memo["p12_roles"]
    found, seen = [], set()
    for call in module.calls:
        name = call_name(module, call)
        leaf = name.rsplit(".", 1)[-1]
        spec = _ROLE_CONSTRUCTORS.get(leaf)
        if spec is None or not any(name.startswith(p + ".") for p in spec[0]):
            continue
        kwargs = module.kwargs(call)
        if not set(kwargs) & set(spec[1]):
            continue
        identity = (leaf,) + tuple(module.code(kwargs[k], 200) for k in ("name",) + spec[1] + ("tools",) if k in kwargs)
        if identity in seen:
            continue
        seen.add(identity)
        tools = kwargs.get("tools")
        found.append(Role(call, leaf, module.code(tools, 200) if tools is not None else ""))
    module.memo["p12_roles"] = found
    return found


# Where an orchestrating file names the agents it runs or composes (leaf -> how the agents are passed).
_RUN_CALLS = ("run", "run_sync", "run_streamed")  # agents.Runner.run(agent, input)
_TEAM_LISTS = {"Crew": ("crewai", "agents"), "RoundRobinGroupChat": ("autogen_agentchat", "participants"),
               "SelectorGroupChat": ("autogen_agentchat", "participants"), "Swarm": ("autogen_agentchat", "participants"),
               "create_supervisor": ("langgraph_supervisor", "agents"), "create_swarm": ("langgraph_swarm", "agents")}


@dataclass(frozen=True)
class Composition:
    """Agents a file runs or composes (defined here or imported from the project's own modules)."""

    node: cst.CSTNode  # the first place an agent is run or composed
    agents: tuple[str, ...]  # distinct agents, clones folded into the agent they copy
    framework: str
    own_tools: str  # how the file gives roles different tools ("" when it does not show)
    separate: bool  # at least two agents come from separate definitions (their own modules or builders)


def _definition(module: PythonModule, name: str) -> str | None:
    """Where an agent is defined: the project module it is imported from, or the local builder that makes it."""
    origin = module.imports.get(name)
    if origin is not None:
        top = origin.lstrip(".").split(".")[0]
        return origin if origin.startswith(".") or top not in ("agents", "crewai", "autogen_agentchat") else None
    for value in module.assignments.get(name, []):
        if isinstance(value, cst.Call) and module.function_named(callee_name(value)) is not None:
            return callee_name(value)
    return None


def composition(module: PythonModule) -> Composition | None:
    """`Runner.run(planner, ...)`, `Runner.run(writer, ...)`, `analyst.as_tool(...)`, `writer.clone(tools=[...])`,
    `handoffs=[a, b]`, `Crew(agents=[a, b])`, `RoundRobinGroupChat([a, b])`: the agents the work is split among."""
    if "p12_composition" in module.memo:
        return module.memo["p12_composition"]
    used: dict[str, cst.CSTNode] = {}
    framework, own_tools = "", ""

    def base(node: cst.BaseExpression | None) -> str | None:
        """The agent a name stands for: `writer_with_tools = writer.clone(...)` folds into `writer`."""
        for _ in range(3):
            if not isinstance(node, cst.Name):
                return None
            values = module.assignments.get(node.value, [])
            clone = next((v for v in values if isinstance(v, cst.Call) and callee_name(v) == "clone"
                          and isinstance(v.func, cst.Attribute)), None)
            if clone is None:
                return node.value
            node = clone.func.value  # type: ignore[union-attr]
        return None

    def add(node: cst.BaseExpression | None, where: cst.CSTNode) -> None:
        name = base(node)
        if name and name not in used:
            used[name] = where

    agents_sdk = module.imports_any("agents")
    for call in module.calls:
        name = call_name(module, call)
        leaf = name.rsplit(".", 1)[-1]
        kwargs = module.kwargs(call)
        if agents_sdk and leaf in _RUN_CALLS and name.startswith("agents.Runner."):
            add(module.arg(call, 0, "starting_agent"), call)
            framework = "openai-agents"
        elif agents_sdk and leaf in ("as_tool", "clone") and isinstance(call.func, cst.Attribute):
            add(call.func.value, call)
            framework = "openai-agents"
            if leaf == "as_tool" or "tools" in kwargs:
                own_tools = own_tools or f"{module.code(call, 60)}"
        elif agents_sdk and leaf == "handoff" and name.startswith("agents."):
            add(module.arg(call, 0, "agent"), call)
            framework = "openai-agents"
        elif leaf in _TEAM_LISTS and name.startswith(_TEAM_LISTS[leaf][0] + "."):
            members = module.arg(call, 0, _TEAM_LISTS[leaf][1])
            for element in (members.elements if isinstance(members, (cst.List, cst.Tuple)) else ()):
                add(element.value, call)  # type: ignore[union-attr]
            framework = framework or _TEAM_LISTS[leaf][0]
        if agents_sdk and "handoffs" in kwargs and isinstance(kwargs["handoffs"], (cst.List, cst.Tuple)):
            for element in kwargs["handoffs"].elements:
                add(element.value, call)
            framework = "openai-agents"
    found = None
    if len(used) >= 2:
        first = min(used.values(), key=module.line)
        defined = {_definition(module, name) for name in used} - {None}
        found = Composition(first, tuple(used), framework, own_tools, len(defined) >= 2)
    module.memo["p12_composition"] = found
    return found


def _raw_role_registry(module: PythonModule) -> cst.Dict | None:
    """`ROLES = {"explore": {"prompt": ..., "tools": [...]}, "plan": {...}}` written by hand."""
    for node in module.find_all(cst.Dict):
        entries = [e for e in node.elements if isinstance(e, cst.DictElement) and isinstance(e.value, (cst.Dict, cst.Call))]
        typed = 0
        for entry in entries:
            value = entry.value
            keys = ({string_value(e.key) for e in value.elements if isinstance(e, cst.DictElement)}
                    if isinstance(value, cst.Dict) else set(module.kwargs(value)))
            if keys & _PROMPT_FIELDS and keys & _TOOL_FIELDS:
                typed += 1
        if typed >= 2:
            return node
    return None


def _role_filter(module: PythonModule) -> cst.CSTNode | None:
    """Tools filtered by the role's own list: `[t for t in TOOLS if t["name"] in role["tools"]]` or
    `if name not in role.allowed_tools: refuse`."""
    for compare in module.find_all(cst.Comparison):
        for target in compare.comparisons:
            if isinstance(target.operator, (cst.In, cst.NotIn)):
                text = module.code(target.comparator)
                if any(f in text for f in ("tools", "allowed")) and any(w in text.lower() for w in ("role", "agent", "type", "profile")):
                    return compare
    return None


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
""", strength="full"),
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
        registry = _raw_role_registry(module)
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
""", strength="full"),
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
            if all(r.kind in _CODE_RUNNING for r in found if r.tools or r.kind in _CODE_RUNNING) \
                    and any(r.kind in _CODE_RUNNING for r in found):
                out.evidence("P12", "enforced-tools", found[0].node,
                             "per-role tool lists, but each role runs model-written code", "weak")
                return
            out.evidence("P12", "enforced-tools", found[0].node, "the framework gives each role only its own tools")
            return
        if _raw_role_registry(module) is not None or roles(module):
            where = _role_filter(module)
            if where is not None:
                out.evidence("P12", "enforced-tools", where, f"tools filtered by the role's list: {module.code(where, 50)}")
                return
        composed = composition(module)
        if composed is not None and composed.framework in _ENFORCING:
            out.evidence("P12", "enforced-tools", composed.node,
                         f"{composed.framework} gives each of {', '.join(composed.agents[:6])} only its own tools")


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
            framework = name.split(".")[0] in ("agents", "autogen_agentchat", "autogen", "crewai", "smolagents",
                                               "langgraph_supervisor", "langgraph_swarm", "llama_index", "ag2",
                                               "google", "claude_agent_sdk", "claude_code_sdk")
            if not framework and not (leaf == "as_tool" and module.imports_any("agents")):
                continue
            if leaf in _TEAMS or leaf == "as_tool":
                out.signal("multi-agent")
                return
            for key in ("handoffs", "managed_agents"):
                if key in kwargs and _count(kwargs[key]) != 0:
                    out.signal("multi-agent")
                    return
            if leaf == "Crew" and _count(kwargs.get("agents")) >= 2:
                out.signal("multi-agent")
                return
            if "agents" in kwargs and leaf in ("ClaudeAgentOptions", "ClaudeCodeOptions"):
                out.signal("multi-agent")
                return


def _count(node: cst.BaseExpression | None) -> int:
    """Elements of a literal list (-1 when it is computed, 0 when missing or empty)."""
    if node is None:
        return 0
    if isinstance(node, (cst.List, cst.Tuple)):
        return len(node.elements)
    return -1
