"""Mistral's client (`mistralai`): a raw model client."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="mistral",
    title="Mistral SDK",
    kind=MODEL_CLIENT,
    packages=("mistralai",),
    model_call_suffixes=("chat.complete", "chat.stream"),
    example='''
from mistralai import Mistral

client = Mistral(api_key="key")


def ask(prompt: str) -> str:
    reply = client.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content
''',
)
