"""Google's model clients (`google.genai`, the older `google.generativeai`, `vertexai`): raw model clients."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="google",
    title="Google Gen AI SDK",
    kind=MODEL_CLIENT,
    packages=("google.genai", "google.generativeai", "vertexai"),
    tool_wrappers=("FunctionDeclaration",),  # types.FunctionDeclaration(...) for a local function
    model_call_suffixes=("models.generate_content", "models.generate_content_stream", "generate_content"),
    example='''
from google import genai

client = genai.Client()


def ask(prompt: str) -> str:
    return client.models.generate_content(model="gemini-2.5-flash", contents=prompt).text
''',
)
