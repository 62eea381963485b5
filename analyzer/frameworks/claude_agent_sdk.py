"""Claude Agent SDK (`claude_agent_sdk`, formerly `claude_code_sdk`). Checked against claude_agent_sdk 0.2."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor

OPTIONS = ("ClaudeAgentOptions", "ClaudeCodeOptions")

FRAMEWORK = Framework(
    id="claude-agent-sdk",
    title="Claude Agent SDK",
    kind=AGENT_FRAMEWORK,
    packages=("claude_agent_sdk", "claude_code_sdk"),
    signal_names=("query", "ClaudeSDKClient", "ClaudeAgentOptions", "ClaudeCodeOptions", "tool", "create_sdk_mcp_server"),
    roles=(RoleConstructor("AgentDefinition", ("prompt", "description")),),
    run_calls=("query", ".query", ".receive_response"),
    tool_decorators=("tool",),
    options_classes=OPTIONS,
    # Options that choose the tools a session has: built-in tools by name, MCP servers, sub-agents.
    tool_options=("allowed_tools", "disallowed_tools", "tools", "mcp_servers", "agents"),
    turn_limits=(LimitOption(OPTIONS, ("max_turns",)),),
    token_limits=(LimitOption(OPTIONS, ("max_budget_usd", "task_budget")),),
    limit_markers=("error_max_turns", "error_max_budget_usd"),  # ResultMessage.subtype
    permission_hooks=("can_use_tool", "hooks", "allowed_tools", "disallowed_tools", "permission_mode"),
    resume_options=("resume", "continue_conversation", "fork_session"),
    subagent_keywords=("agents",),  # ClaudeAgentOptions(agents={"name": AgentDefinition(...)})
    enforces_role_tools=True,  # AgentDefinition(tools=[...])
    example='''
from claude_agent_sdk import AgentDefinition, ClaudeAgentOptions, create_sdk_mcp_server, query, tool


@tool("ticket", "Open a ticket for a finding", {"title": str})
async def open_ticket(args):
    return {"content": [{"type": "text", "text": f"opened {args['title']}"}]}


async def review(diff: str, session_id: str | None) -> None:
    options = ClaudeAgentOptions(
        mcp_servers={"tickets": create_sdk_mcp_server(name="tickets", tools=[open_ticket])},
        allowed_tools=["Read", "Grep", "mcp__tickets__ticket"],
        max_turns=10,
        max_budget_usd=0.5,
        resume=session_id,
        agents={"style": AgentDefinition(description="Style review", prompt="Check style only.", tools=["Read"])},
    )
    async for message in query(prompt=f"Review this diff: {diff}", options=options):
        print(message)
''',
)
