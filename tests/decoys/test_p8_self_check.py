"""Decoys and disguises for the agent's self-check (P8 level 1), Fixit-style.

A tool called validate / verify_* / check_* is not a self-check by its name: a self-check is a
verifier whose result changes what happens next (a branch that retries, rejects or reports
failure) on the agent's path.
"""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts




# --- decoys -------------------------------------------------------------------------------------


def test_a_verify_tool_the_model_may_call_is_not_a_self_check():
    facts = _facts('''
        import json
        from openai import OpenAI
        client = OpenAI()
        def verify_claim(claim: str) -> str:
            """Ask a model whether a claim is supported."""
            reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=200,
                                                   messages=[{"role": "user", "content": f"Is this true? {claim}"}])
            return reply.choices[0].message.content
        def dispatch(name, args):
            if name == "verify_claim":
                return verify_claim(**args)
            return f"unknown tool {name}"
        def run(messages, tools):
            for turn in range(10):
                reply = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools, max_tokens=800)
                message = reply.choices[0].message
                if not message.tool_calls:
                    return message.content
                for call in message.tool_calls:
                    output = dispatch(call.function.name, json.loads(call.function.arguments))
                    messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
    ''')
    assert _evidence(facts, "P8", "self-check") == []


def test_validating_a_tool_result_inside_dispatch_is_not_a_self_check():
    facts = _facts('''
        import json
        import anthropic
        client = anthropic.Anthropic()
        TOOLS = {"lookup_order": lambda order_id: {"id": order_id}}
        def validate(result):
            return isinstance(result, dict)
        def dispatch(name, args):
            result = TOOLS[name](**args)
            if not validate(result):
                return "error: the tool returned malformed data"
            return json.dumps(result)
        def run(messages):
            for turn in range(10):
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                if response.stop_reason != "tool_use":
                    return response
                for block in response.content:
                    if block.type == "tool_use":
                        messages.append({"role": "user", "content": dispatch(block.name, block.input)})
    ''')
    assert _evidence(facts, "P8", "self-check") == []


def test_a_check_whose_result_is_only_logged_is_not_a_self_check():
    facts = _facts('''
        import logging
        import anthropic
        client = anthropic.Anthropic()
        def check_answer(answer):
            reply = client.messages.create(model="claude-haiku-4-5", max_tokens=200, system="Review this answer.",
                                           messages=[{"role": "user", "content": answer}])
            return reply.content[0].text
        def run(messages):
            for turn in range(10):
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                if response.stop_reason != "tool_use":
                    answer = response.content[0].text
                    logging.info("review: %s", check_answer(answer))
                    return answer
    ''')
    assert _evidence(facts, "P8", "self-check") == []


# --- disguises ----------------------------------------------------------------------------------


def test_test_suite_run_after_the_answer_sends_the_agent_back():
    facts = _facts('''
        import subprocess
        import anthropic
        client = anthropic.Anthropic()
        def suite_passes(workdir):
            return subprocess.run(["pytest", "-q"], cwd=workdir).returncode == 0
        def run(messages, workdir):
            for turn in range(30):
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=2048, messages=messages)
                messages.append({"role": "assistant", "content": response.content})
                if response.stop_reason == "tool_use":
                    continue
                if not suite_passes(workdir):
                    messages.append({"role": "user", "content": "The tests fail. Fix them."})
                    continue
                return response
    ''')
    assert _evidence(facts, "P8", "self-check") == [
        ("agent.py", 5, 'the harness runs the checks itself: subprocess.run(["pytest", "-q"], cwd=workdir)', "full"),
        ("agent.py", 12, "the answer is checked before it is accepted: suite_passes(workdir)", "full")]


def test_a_second_model_opinion_that_rejects_the_answer():
    facts = _facts('''
        import anthropic
        client = anthropic.Anthropic()
        def second_opinion(answer, sources):
            reply = client.messages.create(model="claude-haiku-4-5", max_tokens=10,
                                           system="Reply PASS or FAIL: does the answer follow from the sources?",
                                           messages=[{"role": "user", "content": f"{sources}\\n\\n{answer}"}])
            return reply.content[0].text.strip() == "PASS"
        def run(messages, sources):
            for turn in range(10):
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                answer = response.content[0].text
                if second_opinion(answer, sources):
                    return answer
                messages.append({"role": "user", "content": "Your answer is not supported by the sources."})
    ''')
    assert _evidence(facts, "P8", "self-check") == [
        ("agent.py", 12, "the answer is checked before it is accepted: second_opinion(answer, sources)", "full")]


# --- a structured output type: the answer's shape is enforced, its content is not -----------------


def test_an_agent_with_a_schema_output_type_is_a_weak_self_check():
    facts = _facts('''
        from pydantic import BaseModel, Field
        from agents import Agent

        class WebSearchPlan(BaseModel):
            searches: list[str] = Field(description="Searches to run")

        planner = Agent(name="Planner", instructions="Plan five searches.", model="gpt-4o-mini",
                        output_type=WebSearchPlan)
    ''', path="research/planner.py")
    assert _evidence(facts, "P8", "self-check") == [
        ("research/planner.py", 7, "the final output must parse into WebSearchPlan; its content is never checked",
         "weak")]


def test_plain_text_and_framework_markers_are_no_output_schema():
    facts = _facts('''
        from pydantic_ai import Agent, DeferredToolRequests

        assistant = Agent("openai:gpt-4o", instructions="Help.", output_type=str)
        operator = Agent("openai:gpt-4o", instructions="Operate.", output_type=[str, DeferredToolRequests])
    ''', path="ops/agent.py")
    assert _evidence(facts, "P8", "self-check") == []
