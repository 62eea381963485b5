"""Hugging Face `transformers` agents (before they moved to smolagents): `transformers.Tool` subclasses."""

from analyzer.frameworks.model import TOOL_LIBRARY, Framework

FRAMEWORK = Framework(
    id="transformers",
    title="transformers agents",
    kind=TOOL_LIBRARY,
    packages=("transformers",),
    tool_classes=("Tool",),
    example='''
from transformers import Tool


class UpperCaseTool(Tool):
    name = "upper_case"
    description = "Turns the text into upper case."
    inputs = {"text": {"type": "string", "description": "The text"}}
    output_type = "string"

    def forward(self, text: str) -> str:
        return text.upper()
''',
)
