"""Decoys and disguises for the agent-loop bound (P5 turn-limit, HA101), Fixit-style.

Each case parses real code with every Python check and pins the path, line and detail of what
is (or is not) produced. A call's name is never a bound: only a structure that can stop the
loop is (a finite `for`, a counter compared on a leaving branch, a callee that raises on a
comparison, a framework limit).
"""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts, hits_of as _hits


UNBOUNDED = "model called in a loop that only the model's answer ends"


# --- decoys: a limiter-looking call that cannot stop the loop --------------------------------


def test_meter_and_guard_calls_do_not_bound_a_while_true_loop():
    facts = _facts('''
        from openai import OpenAI
        from telemetry import UsageMeter, RateGuard
        client = OpenAI()
        meter = UsageMeter()
        guard = RateGuard()
        def run(messages, tools):
            while True:
                guard.throttle()
                reply = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
                meter.record(reply.usage)
                message = reply.choices[0].message
                messages.append(message)
                if not message.tool_calls:
                    return message.content
                for call in message.tool_calls:
                    messages.append(run_tool(call))
    ''')
    # imported from another module: reported, with the candidates named for the project model
    assert _hits(facts, "HA101") == [("agent.py", 7, UNBOUNDED + " (guard.throttle(), meter.record() are defined "
                                                                  "elsewhere: they bound the loop only if they raise)")]
    assert _evidence(facts, "P5", "turn-limit") == []


def test_budget_limit_named_calls_defined_here_that_never_stop_do_not_bound():
    facts = _facts('''
        import anthropic
        client = anthropic.Anthropic()
        class BudgetTracker:
            def __init__(self):
                self.spent = 0
            def charge_budget(self, usage):
                self.spent += usage.input_tokens + usage.output_tokens
                print("spent", self.spent)
        def limit_log(response):
            print(response.usage)
        def run(messages, tracker: BudgetTracker):
            while True:
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                tracker.charge_budget(response.usage)
                limit_log(response)
                messages.append({"role": "assistant", "content": response.content})
                if response.stop_reason != "tool_use":
                    return response
    ''')
    assert [(p, line) for p, line, _ in _hits(facts, "HA101")] == [("agent.py", 12)]


def test_budget_charge_defined_elsewhere_is_not_a_bound_in_this_file():
    """The budget object comes from another module: per file it is unresolved, so the loop is
    reported; the detail names the candidate so the project model can withdraw it."""
    facts = _facts('''
        import anthropic
        client = anthropic.Anthropic()
        def run(messages, budget):
            while True:
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                budget.charge(response.usage)
                if response.stop_reason != "tool_use":
                    return response
    ''')
    assert _hits(facts, "HA101") == [
        ("agent.py", 4, UNBOUNDED + " (budget.charge() is defined elsewhere: it bounds the loop only if it raises)")]


# --- disguises: real bounds in unusual shapes ------------------------------------------------


def test_budget_charge_that_raises_on_a_comparison_bounds_the_loop():
    facts = _facts('''
        import anthropic
        client = anthropic.Anthropic()
        class BudgetExceeded(Exception):
            pass
        class Budget:
            def __init__(self, max_tokens):
                self.max_tokens, self.used = max_tokens, 0
            def charge(self, usage):
                self.used += usage.input_tokens + usage.output_tokens
                if self.used > self.max_tokens:
                    raise BudgetExceeded(self.used)
        def run(messages, budget: Budget):
            while True:
                response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
                budget.charge(response.usage)
                if response.stop_reason != "tool_use":
                    return response
    ''')
    assert _hits(facts, "HA101") == []
    assert ("agent.py", 10, "token budget enforced: self.used > self.max_tokens", "full") in \
        _evidence(facts, "P5", "token-limit")


def test_range_loop_with_dispatch_or_return_is_bounded():
    facts = _facts('''
        import json
        from openai import OpenAI
        client = OpenAI()
        MAX_TURNS = 8
        class Agent:
            def __init__(self, tools):
                self.tools = tools
            def _complete(self, messages):
                return client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=800,
                                                      tools=[t.schema for t in self.tools.values()])
            def run(self, messages):
                for turn in range(MAX_TURNS):
                    reply = self._complete(messages).choices[0].message
                    calls = reply.tool_calls
                    if calls:
                        messages.append(reply)
                        for call in calls:
                            output = self.tools[call.function.name](**json.loads(call.function.arguments))
                            messages.append({"role": "tool", "tool_call_id": call.id, "content": str(output)})
                    else:
                        return reply.content
                return "stopped: max_turns"
    ''')
    assert _hits(facts, "HA101") == []
    assert ("agent.py", 12, "agent loop bounded by range(MAX_TURNS)", "full") in _evidence(facts, "P5", "turn-limit")


def test_while_true_whose_else_branch_returns_is_still_unbounded():
    facts = _facts('''
        import json
        from openai import OpenAI
        client = OpenAI()
        def run(messages, tools):
            while True:
                reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=800,
                                                       tools=[t.schema for t in tools.values()])
                message = reply.choices[0].message
                tool_calls = message.tool_calls
                if tool_calls:
                    messages.append(message)
                    for call in tool_calls:
                        output = tools[call.function.name](**json.loads(call.function.arguments))
                        messages.append({"role": "tool", "tool_call_id": call.id, "content": str(output)})
                else:
                    return message.content
    ''')
    assert _hits(facts, "HA101") == [("agent.py", 5, UNBOUNDED)]
    assert _evidence(facts, "P5", "turn-limit") == []


def test_step_counter_raised_in_a_helper_bounds_a_while_true_loop():
    facts = _facts('''
        from openai import OpenAI
        client = OpenAI()
        class Agent:
            def run(self, messages):
                while True:
                    self._tick()
                    reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
                    if not reply.choices[0].message.tool_calls:
                        return reply
            def _tick(self):
                self.steps += 1
                if self.steps > self.max_steps:
                    raise RuntimeError("step limit")
    ''')
    assert _hits(facts, "HA101") == []
    assert ("agent.py", 12, "agent loop stopped by self.steps > self.max_steps", "full") in \
        _evidence(facts, "P5", "turn-limit")
