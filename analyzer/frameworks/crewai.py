"""CrewAI (`crewai`, tools in `crewai_tools`). Checked against crewai 1.15."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="crewai",
    title="CrewAI",
    kind=AGENT_FRAMEWORK,
    packages=("crewai",),
    companions=("crewai_tools",),
    signal_names=("Agent", "Crew", "Task", "Flow", "LLM"),
    roles=(RoleConstructor("Agent", ("role", "goal", "backstory")),),
    run_calls=(".kickoff", ".kickoff_async"),
    tool_decorators=("tool",),
    tool_classes=("BaseTool",),
    turn_limits=(LimitOption(("Agent", "LiteAgent"), ("max_iter",)),),
    permission_hooks=("before_tool_call",),
    sessions=("persist",),  # Flow @persist
    code_executors={"CodeInterpreterTool": "code-exec"},
    teams=(TeamConstruct("Crew", "crewai", "agents", min_members=2),),
    enforces_role_tools=True,
    example='''
from crewai import Agent, Crew, Task
from crewai.flow.flow import Flow, start
from crewai.flow.persistence import persist
from crewai.hooks import before_tool_call
from crewai.tools import tool
from crewai_tools import CodeInterpreterTool


@tool("Search filings")
def search_filings(company: str) -> str:
    """Search the company's filings."""
    return f"filings of {company}"


@before_tool_call
def only_read_tools(context):
    if context.tool_name not in ("Search filings", "Code Interpreter"):
        return False
    return None


@persist
class BriefFlow(Flow):
    @start()
    def research(self):
        analyst = Agent(role="Analyst", goal="Find the facts", backstory="Ten years in equity research.",
                        tools=[search_filings, CodeInterpreterTool()], max_iter=5)
        writer = Agent(role="Writer", goal="Write the brief", backstory="Financial journalist.")
        tasks = [Task(description=f"Research {self.state['company']}", expected_output="Facts", agent=analyst),
                 Task(description="Write the brief", expected_output="A brief", agent=writer)]
        return Crew(agents=[analyst, writer], tasks=tasks).kickoff()
''',
)
