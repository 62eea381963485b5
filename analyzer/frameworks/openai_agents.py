"""OpenAI Agents SDK (`pip install openai-agents`, imported as `agents`). Checked against agents 0.24."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor, TeamConstruct

RUNS = ("Runner.run", "Runner.run_sync", "Runner.run_streamed")

FRAMEWORK = Framework(
    id="openai-agents",
    title="OpenAI Agents SDK",
    kind=AGENT_FRAMEWORK,
    packages=("agents",),
    signal_names=("Agent", "Runner", "function_tool", "handoff", "SQLiteSession"),
    roles=(RoleConstructor("Agent", ("instructions",)),),
    run_calls=RUNS,
    tool_decorators=("function_tool",),
    tool_wrappers=("function_tool",),  # function_tool(fn) called, not decorating
    tool_server_keywords=("mcp_servers",),
    turn_limits=(LimitOption(RUNS, ("max_turns",)),),
    limit_errors=("MaxTurnsExceeded",),
    limit_markers=("max_turns",),  # `error_handlers={"max_turns": ...}`
    permission_hooks=("needs_approval", "tool_input_guardrails", "on_approval_request", "require_approval"),
    guardrails=("input_guardrail", "output_guardrail", "tool_input_guardrail", "tool_output_guardrail"),
    sessions=("SQLiteSession", "AsyncSQLiteSession", "AdvancedSQLiteSession", "RedisSession", "SQLAlchemySession",
              "MongoDBSession", "DaprSession", "OpenAIConversationsSession", "EncryptedSession"),
    teams=(TeamConstruct("handoff", "agents"),),
    subagent_keywords=("handoffs",),
    enforces_role_tools=True,
    example='''
from agents import Agent, Runner, SQLiteSession, function_tool


@function_tool(needs_approval=True)
def refund(order_id: str) -> str:
    """Refund an order."""
    return f"refunded {order_id}"


billing = Agent(name="Billing", instructions="Handle refunds.", tools=[refund])
triage = Agent(name="Triage", instructions="Route the customer.", handoffs=[billing])


async def answer(question: str) -> str:
    session = SQLiteSession("customer-7", db_path="sessions.db")
    result = await Runner.run(triage, question, max_turns=8, session=session)
    return result.final_output
''',
)
