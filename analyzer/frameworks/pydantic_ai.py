"""pydantic-ai (`pydantic_ai`). Checked against pydantic_ai 2.68 (the `pydantic-ai-slim` distribution)."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor

FRAMEWORK = Framework(
    id="pydantic-ai",
    title="Pydantic AI",
    kind=AGENT_FRAMEWORK,
    packages=("pydantic_ai",),
    signal_names=("Agent",),
    roles=(RoleConstructor("Agent", ("system_prompt", "instructions")),),
    run_calls=(".run", ".run_sync", ".run_stream"),
    tool_decorators=("tool", "tool_plain"),
    tool_wrappers=("Tool",),  # Tool(fn, takes_ctx=False)
    tool_server_keywords=("toolsets",),
    turn_limits=(LimitOption(("UsageLimits",), ("request_limit", "tool_calls_limit")),),
    token_limits=(LimitOption(("UsageLimits",), ("total_tokens_limit", "input_tokens_limit", "output_tokens_limit",
                                                 "request_tokens_limit", "response_tokens_limit", "cost_limit",
                                                 "per_request_input_tokens_limit")),),
    limit_errors=("UsageLimitExceeded",),
    permission_hooks=("requires_approval", "ApprovalRequired", "approval_required"),
    example='''
from pydantic_ai import Agent
from pydantic_ai.usage import UsageLimits

agent = Agent("openai:gpt-4o", instructions="Answer from the runbook.")


@agent.tool_plain(requires_approval=True)
def restart_service(name: str) -> str:
    """Restart a service."""
    return f"restarted {name}"


def ask(question: str) -> str:
    result = agent.run_sync(question, usage_limits=UsageLimits(request_limit=5, total_tokens_limit=20_000))
    return result.output
''',
)
