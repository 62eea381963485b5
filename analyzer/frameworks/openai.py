"""The openai SDK (`openai`): Chat Completions and Responses, a raw model client."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="openai",
    title="OpenAI SDK",
    kind=MODEL_CLIENT,
    packages=("openai",),
    model_call_suffixes=("chat.completions.create", "chat.completions.parse", "chat.completions.stream",
                         "responses.create", "responses.parse", "responses.stream", "completions.create"),
    example='''
from openai import OpenAI

client = OpenAI()


def answer(question: str) -> str:
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content
''',
)
