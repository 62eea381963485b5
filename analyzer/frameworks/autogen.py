"""AutoGen 0.4+ (`autogen_agentchat`, `autogen_ext`, `autogen_core`). Checked against autogen 0.7.
The 0.2 API (`autogen`, `ag2`) is `ag2.py`."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="autogen",
    title="AutoGen",
    kind=AGENT_FRAMEWORK,
    packages=("autogen_agentchat", "autogen_ext", "autogen_core"),
    signal_names=("AssistantAgent", "RoundRobinGroupChat", "SelectorGroupChat", "Swarm", "CodeExecutorAgent",
                  "MagenticOneGroupChat", "RoutedAgent", "ConversableAgent", "UserProxyAgent", "GroupChat",
                  "GroupChatManager"),
    roles=(RoleConstructor("AssistantAgent", ("system_message", "description")),),
    tool_classes=("BaseTool", "FunctionTool"),
    tool_wrappers=("FunctionTool",),
    turn_limits=(LimitOption(("MaxMessageTermination",), ("max_messages",), positional=0),
                 LimitOption(("RoundRobinGroupChat", "SelectorGroupChat", "Swarm", "MagenticOneGroupChat", "GraphFlow"),
                             ("max_turns",)),
                 LimitOption(("AssistantAgent",), ("max_tool_iterations",))),
    token_limits=(LimitOption(("TokenUsageTermination",)),),
    permission_hooks=("approval_func",),
    code_executors={"LocalCommandLineCodeExecutor": "code-exec", "DockerCommandLineCodeExecutor": "code-exec",
                    "JupyterCodeExecutor": "code-exec", "CodeExecutorAgent": "code-exec",
                    "PythonCodeExecutionTool": "code-exec"},
    teams=(TeamConstruct("RoundRobinGroupChat", "autogen_agentchat", "participants"),
           TeamConstruct("SelectorGroupChat", "autogen_agentchat", "participants"),
           TeamConstruct("Swarm", "autogen_agentchat", "participants"),
           TeamConstruct("MagenticOneGroupChat", "autogen_agentchat")),
    enforces_role_tools=True,
    example='''
from autogen_agentchat.agents import ApprovalRequest, ApprovalResponse, AssistantAgent, CodeExecutorAgent
from autogen_agentchat.conditions import MaxMessageTermination, TokenUsageTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_ext.code_executors.docker import DockerCommandLineCodeExecutor


def lookup_dataset(name: str) -> str:
    """Describe a dataset."""
    return f"{name}: 12 columns"


def approve(request: ApprovalRequest) -> ApprovalResponse:
    return ApprovalResponse(approved=input(f"Run this code? {request.code} [y/N] ") == "y", reason="operator")


async def solve(model_client, task: str):
    coder = AssistantAgent("coder", model_client=model_client, tools=[lookup_dataset],
                           system_message="Write Python to solve the task.")
    runner = CodeExecutorAgent("runner", code_executor=DockerCommandLineCodeExecutor(work_dir="work"),
                               approval_func=approve)
    stop = MaxMessageTermination(10) | TokenUsageTermination(max_total_token=50_000)
    team = RoundRobinGroupChat([coder, runner], termination_condition=stop)
    return await team.run(task=task)
''',
)
