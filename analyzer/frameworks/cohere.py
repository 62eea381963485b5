"""Cohere's client (`cohere`): a raw model client. `.chat` alone is a model call only with `cohere` imported."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="cohere",
    title="Cohere SDK",
    kind=MODEL_CLIENT,
    packages=("cohere",),
    model_call_suffixes=("chat", "chat_stream"),
    example='''
import cohere

client = cohere.ClientV2()


def ask(prompt: str) -> str:
    reply = client.chat(model="command-r-plus", messages=[{"role": "user", "content": prompt}])
    return reply.message.content[0].text
''',
)
