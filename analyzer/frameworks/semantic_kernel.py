"""Semantic Kernel (`semantic_kernel`): plugins whose `@kernel_function` methods are tools."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework

FRAMEWORK = Framework(
    id="semantic-kernel",
    title="Semantic Kernel",
    kind=AGENT_FRAMEWORK,
    packages=("semantic_kernel",),
    tool_decorators=("kernel_function",),
    example='''
from semantic_kernel.functions import kernel_function


class WeatherPlugin:
    @kernel_function(description="Get the weather for a city")
    def get_weather(self, city: str) -> str:
        return f"{city}: sunny"
''',
)
