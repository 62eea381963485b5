"""Ollama's client (`ollama`): a raw model client for local models."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="ollama",
    title="Ollama",
    kind=MODEL_CLIENT,
    packages=("ollama",),
    model_call_suffixes=("chat", "generate"),
    example='''
import ollama


def ask(prompt: str) -> str:
    reply = ollama.chat(model="llama3.1", messages=[{"role": "user", "content": prompt}])
    return reply["message"]["content"]
''',
)
