"""AutoGen 0.2 and its fork AG2 (`autogen`, `ag2`): ConversableAgent, GroupChat, initiate_chat. Reported as
`autogen`. The 0.4+ API is `autogen.py`."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="ag2",
    title="AutoGen 0.2 / AG2",
    kind=AGENT_FRAMEWORK,
    packages=("autogen", "ag2"),
    report_as="autogen",
    signal_names=("AssistantAgent", "ConversableAgent", "UserProxyAgent", "RoundRobinGroupChat", "SelectorGroupChat",
                  "GroupChat", "GroupChatManager", "Swarm", "CodeExecutorAgent", "MagenticOneGroupChat",
                  "RoutedAgent"),
    roles=(RoleConstructor("AssistantAgent", ("system_message", "description")),
           RoleConstructor("ConversableAgent", ("system_message", "description"))),
    tool_decorators=("register_for_llm",),
    turn_limits=(LimitOption(("ConversableAgent", "AssistantAgent", "UserProxyAgent"), ("max_consecutive_auto_reply",)),
                 LimitOption(("GroupChat",), ("max_round",)),
                 LimitOption((".initiate_chat", ".run", ".a_initiate_chat"), ("max_turns",))),
    permission_hooks=("human_input_mode",),
    code_executors={"LocalCommandLineCodeExecutor": "code-exec", "DockerCommandLineCodeExecutor": "code-exec",
                    "JupyterCodeExecutor": "code-exec"},
    teams=(TeamConstruct("GroupChat", "autogen"), TeamConstruct("GroupChatManager", "autogen"),
           TeamConstruct("initiate_chats", "autogen")),
    example='''
from autogen import AssistantAgent, UserProxyAgent
from autogen.coding import LocalCommandLineCodeExecutor


def solve(llm_config, task: str):
    assistant = AssistantAgent("assistant", llm_config=llm_config, system_message="Solve the task in Python.")
    executor = LocalCommandLineCodeExecutor(work_dir="coding")
    user = UserProxyAgent("user", human_input_mode="ALWAYS", max_consecutive_auto_reply=5,
                          code_execution_config={"executor": executor})

    @user.register_for_execution()
    @assistant.register_for_llm(description="Look up a package's latest version.")
    def latest_version(package: str) -> str:
        return f"{package}: 2.1.0"

    return user.initiate_chat(assistant, message=task, max_turns=6)
''',
)
