"""Disguises and decoys for transcript compaction (P10), Fixit-style.

tokentrim (`trim(messages, model=None, system_message=None, trim_ratio=0.75,
return_response_tokens=False, max_tokens=None, function_calls=None)`) drops the oldest messages
until the list fits `max_tokens` (or `trim_ratio` of the model's window), keeping the system
message: a threshold and a compaction in one call.
"""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts, hits_of as _hits


def test_tokentrim_before_each_call_is_compaction_with_a_threshold():
    facts = _facts('''
        from openai import OpenAI
        from tokentrim import trim
        client = OpenAI()
        def run(messages, model="gpt-4o"):
            for turn in range(20):
                messages = trim(messages, model, max_tokens=6000)
                reply = client.chat.completions.create(model=model, messages=messages, max_tokens=800)
                messages.append(reply.choices[0].message)
                if not reply.choices[0].message.tool_calls:
                    return reply
    ''')
    assert _evidence(facts, "P10", "compact") == [
        ("agent.py", 6, "tokentrim trim() drops the oldest turns to fit the token limit "
                        "(in place; the dropped turns are not saved first)", "weak")]
    assert _evidence(facts, "P10", "threshold") == [
        ("agent.py", 6, "tokentrim trim(max_tokens=6000) sets the threshold", "full")]
    assert _hits(facts, "HA109") == []


def test_tokentrim_shaping_only_the_model_input_is_full_compaction():
    facts = _facts('''
        import litellm
        import tokentrim as tt
        class Agent:
            def __init__(self, system_message):
                self.messages, self.system_message = [], system_message
            def respond(self):
                while True:
                    reply = litellm.completion(
                        model="gpt-4o", max_tokens=800,
                        messages=tt.trim(self.messages, model="gpt-4o", system_message=self.system_message))
                    self.messages.append(reply.choices[0].message)
                    if not reply.choices[0].message.tool_calls:
                        return reply
    ''')
    assert _evidence(facts, "P10", "compact") == [
        ("agent.py", 10, "tokentrim trim() drops the oldest turns to fit the token limit", "full")]
    assert _evidence(facts, "P10", "threshold") == [
        ("agent.py", 10, "tokentrim trim() sets the threshold from the model's context window", "full")]
    assert _hits(facts, "HA109") == []


def test_a_local_trim_function_of_text_is_not_tokentrim():
    facts = _facts('''
        import anthropic
        client = anthropic.Anthropic()
        def trim(text):
            return text.strip()
        def run(messages):
            for turn in range(10):
                prompt = trim(messages[-1]["content"])
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages)
                messages.append({"role": "assistant", "content": response.content})
    ''')
    assert _evidence(facts, "P10", "compact") == []
    assert _evidence(facts, "P10", "threshold") == []
    # a call named like compaction that never touches the history does not silence HA109
    assert _hits(facts, "HA109") == [("agent.py", 8, "messages grows every turn and is sent whole to the model; "
                                                     "nothing trims or summarises it")]
