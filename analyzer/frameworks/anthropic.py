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
from anthropic import beta_tool

client = anthropic.Anthropic()


@beta_tool
def get_weather(city: str) -> str:
    """Get the weather for a city.

    Args:
        city: The city name.
    """
    return f"{city}: 18C, cloudy"


def ask(question: str):
    runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, max_iterations=5,
                                              tools=[get_weather], messages=[{"role": "user", "content": question}])
    return runner.until_done()
''',
)
