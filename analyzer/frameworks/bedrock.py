"""Amazon Bedrock through `boto3` (`bedrock-runtime` converse / invoke_model): a raw model client."""

from analyzer.frameworks.model import MODEL_CLIENT, Framework

FRAMEWORK = Framework(
    id="boto3",
    title="Amazon Bedrock (boto3)",
    kind=MODEL_CLIENT,
    packages=("boto3",),
    model_call_suffixes=("converse", "converse_stream", "invoke_model"),
    example='''
import boto3

bedrock = boto3.client("bedrock-runtime")


def ask(prompt: str) -> str:
    reply = bedrock.converse(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
                             messages=[{"role": "user", "content": [{"text": prompt}]}])
    return reply["output"]["message"]["content"][0]["text"]
''',
)
