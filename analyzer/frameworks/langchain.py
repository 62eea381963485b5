"""LangChain (`langchain`, `langchain_classic`, `langchain_core`, `langchain_community`, and the
`langchain_<provider>` chat model packages). Checked against langchain 1.4."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor

FRAMEWORK = Framework(
    id="langchain",
    title="LangChain",
    kind=AGENT_FRAMEWORK,
    packages=("langchain", "langchain_classic", "langchain_core", "langchain_community"),
    companions=("langchain_experimental",),
    signal_names=("AgentExecutor", "create_tool_calling_agent", "create_react_agent", "create_openai_tools_agent",
                  "create_agent", "initialize_agent", "tool", "StructuredTool", "bind_tools"),
    roles=(RoleConstructor("create_agent", ("system_prompt", "name")),),
    run_calls=(".invoke", ".ainvoke"),
    tool_decorators=("tool",),
    tool_classes=("BaseTool", "StructuredTool"),
    tool_wrappers=("StructuredTool.from_function", "StructuredTool", "Tool", "tool"),
    turn_limits=(LimitOption(("AgentExecutor", "AgentExecutor.from_agent_and_tools", "initialize_agent"),
                             ("max_iterations",)),
                 LimitOption(("ModelCallLimitMiddleware", "ToolCallLimitMiddleware"), ("run_limit", "thread_limit"))),
    recursion_limit=True,
    limit_errors=("ModelCallLimitExceededError", "ToolCallLimitExceededError"),
    permission_hooks=("HumanInTheLoopMiddleware", "HumanApprovalCallbackHandler", "interrupt_before",
                      "ask_human_input"),
    code_executors={"ShellTool": "shell", "BashProcess": "shell", "ShellToolMiddleware": "shell",
                    "TerminalTool": "shell", "PythonREPL": "code-exec", "PythonREPLTool": "code-exec",
                    "PythonAstREPLTool": "code-exec"},
    chat_model_classes=(
        "langchain_openai.ChatOpenAI", "langchain_openai.AzureChatOpenAI", "langchain_anthropic.ChatAnthropic",
        "langchain_google_genai.ChatGoogleGenerativeAI", "langchain_ollama.ChatOllama", "langchain_aws.ChatBedrock",
        "langchain_mistralai.ChatMistralAI", "langchain_groq.ChatGroq", "langchain.chat_models.init_chat_model",
        "langchain_community.chat_models.ChatOllama", "langchain_core.language_models.BaseChatModel",
    ),
    example='''
from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware, ModelCallLimitMiddleware
from langchain_community.tools import ShellTool
from langchain_core.tools import tool


@tool
def lookup_order(order_id: str) -> str:
    """Look up an order by id."""
    return f"order {order_id}: shipped"


agent = create_agent(
    "openai:gpt-4o",
    tools=[lookup_order, ShellTool()],
    system_prompt="You are the operations assistant.",
    name="ops",
    middleware=[HumanInTheLoopMiddleware(interrupt_on={"terminal": True, "lookup_order": False}),
                ModelCallLimitMiddleware(run_limit=8)],
)


def ask(question: str):
    return agent.invoke({"messages": [{"role": "user", "content": question}]})
''',
)
