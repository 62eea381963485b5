"""The anthropic SDK (`anthropic`): a raw model client, plus the beta tool runner and ready-made tools."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework, LimitOption

FRAMEWORK = Framework(
    id="anthropic",
    title="Anthropic SDK",
    kind=MODEL_CLIENT,
    packages=("anthropic",),
    model_call_suffixes=("messages.create", "messages.stream", "messages.parse", "beta.messages.create",
                         "messages.tool_runner"),  # the SDK's own tool loop (beta)
    run_calls=("tool_runner",),  # client.beta.messages.tool_runner(tools=[...]): the SDK runs the tool loop
    tool_decorators=("beta_tool", "beta_async_tool"),
    tool_classes=("BetaAbstractMemoryTool", "BetaAsyncAbstractMemoryTool", "BetaBuiltinFunctionTool",
                  "BetaAsyncBuiltinFunctionTool"),
    turn_limits=(LimitOption(("tool_runner",), ("max_iterations",)),),  # client.beta.messages.tool_runner
    example='''
import anthropic

client = anthropic.Anthropic()
MAX_TURNS = 10


def run(messages, tools):
    for turn in range(MAX_TURNS):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=tools, messages=messages)
        if response.stop_reason != "tool_use":
            return response
''',
)
