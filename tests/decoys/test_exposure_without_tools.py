"""Exposure raises severities only for side effects the model's tools can reach. A drafting bot whose
model has no tools posts to a channel itself, after a person approves: the send is listed, but it
does not make the permission findings more severe. The same send behind a tool does."""

from __future__ import annotations

from tests.conftest import audit_json

DRAFTER = '''"""Drafts a channel post with the model; a moderator approves it before the bot posts it."""

import os

import requests
from openai import OpenAI

client = OpenAI()
CHANNEL = os.environ["CHANNEL_ID"]


def draft(topic: str) -> str:
    reply = client.chat.completions.create(model="gpt-4.1-mini", max_tokens=400,
                                           messages=[{"role": "user", "content": f"Draft a post about {topic}"}])
    return reply.choices[0].message.content


def publish(text: str) -> None:
    requests.post(f"https://api.telegram.org/bot{os.environ['BOT_TOKEN']}/sendMessage",
                  json={"chat_id": CHANNEL, "text": text}, timeout=10)


if __name__ == "__main__":
    post = draft(input("topic> "))
    if input(f"{post}\\n\\npublish? [y/N] ") == "y":
        publish(post)
'''

POSTING_TOOL = DRAFTER.replace('''if __name__ == "__main__":''', '''TOOLS = [{"type": "function", "function": {"name": "publish", "description": "Post to the channel.",
          "parameters": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}}}]


def run(topic: str) -> None:
    messages = [{"role": "user", "content": f"Write and post about {topic}"}]
    for _ in range(5):
        reply = client.chat.completions.create(model="gpt-4.1-mini", messages=messages, tools=TOOLS)
        message = reply.choices[0].message
        if not message.tool_calls:
            return
        for call in message.tool_calls:
            publish(**json.loads(call.function.arguments))


if __name__ == "__main__":''').replace("import os\\n", "import json\\nimport os\\n")


def test_a_send_no_tool_reaches_is_listed_but_raises_nothing(write_tree):
    report = audit_json(write_tree({"drafter/bot.py": DRAFTER}))
    assert report["exposure"]["kinds"] == ["network-send"] and report["exposure"]["level"] == "medium"
    assert "raised" not in " ".join(f.get("severity_reason", "") for f in report["findings"])


def test_the_same_send_behind_a_tool_raises_the_stakes(write_tree):
    report = audit_json(write_tree({"drafter/bot.py": POSTING_TOOL}))
    assert report["exposure"]["level"] == "high" and "network-send" in report["exposure"]["kinds"]
    p2 = next(f for f in report["findings"] if f["rule"] == "P2")
    assert p2["severity_reason"].startswith("raised from") and "network-send" in p2["severity_reason"]
