"""LiteLLM (`litellm`): one completion call for many providers, a raw model client."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="litellm",
    title="LiteLLM",
    kind=MODEL_CLIENT,
    packages=("litellm",),
    model_call_suffixes=("completion", "acompletion"),
    example='''
import litellm


def ask(prompt: str) -> str:
    response = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
    return response.choices[0].message.content
''',
)
