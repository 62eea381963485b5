"""smolagents (`smolagents`). Checked against smolagents 1.26."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor

FRAMEWORK = Framework(
    id="smolagents",
    title="smolagents",
    kind=AGENT_FRAMEWORK,
    packages=("smolagents",),
    signal_names=("CodeAgent", "ToolCallingAgent", "MultiStepAgent", "tool", "Tool"),
    roles=(RoleConstructor("CodeAgent", ("description", "instructions"), runs_code=True),
           RoleConstructor("ToolCallingAgent", ("description", "instructions"))),
    run_calls=(".run",),
    tool_decorators=("tool",),
    tool_classes=("Tool",),
    turn_limits=(LimitOption(("CodeAgent", "ToolCallingAgent", "MultiStepAgent", ".run"), ("max_steps",)),),
    limit_errors=("AgentMaxStepsError",),
    limit_markers=("max_steps_error",),
    code_executors={"CodeAgent": "code-exec", "LocalPythonExecutor": "code-exec",
                    "PythonInterpreterTool": "code-exec"},
    subagent_keywords=("managed_agents",),
    example='''
from smolagents import CodeAgent, InferenceClientModel, ToolCallingAgent, tool


@tool
def disk_usage(path: str) -> str:
    """Report disk usage.

    Args:
        path: The folder to measure.
    """
    return f"{path}: 12G"


def clean_up(task: str):
    model = InferenceClientModel()
    reporter = ToolCallingAgent(tools=[disk_usage], model=model, name="reporter", description="Measures disks")
    manager = CodeAgent(tools=[], model=model, managed_agents=[reporter], max_steps=6,
                        description="Plans the clean-up")
    return manager.run(task)
''',
)
