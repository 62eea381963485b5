"""P6 for pydantic-ai runs driven with `agent.iter(...)` on an agent handed in, Fixit-style: events dispatched by
their pydantic-ai types are typed events (weak when only text parts are re-emitted); a loop that only drains
the nodes reads none."""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts


def test_text_part_events_dispatched_by_type_are_weak_typed_events():
    facts = _facts('''
        from pydantic_ai import Agent
        from pydantic_ai.messages import PartDeltaEvent, PartStartEvent, TextPart, TextPartDelta


        async def stream_chat(agent: Agent, message: str, history):
            async with agent.iter(message, message_history=history) as run:
                async for node in run:
                    if Agent.is_model_request_node(node):
                        async with node.stream(run.ctx) as events:
                            async for event in events:
                                if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
                                    yield event.part.content
                                elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                                    yield event.delta.content_delta
    ''', path="app/chat/streaming.py")
    assert _evidence(facts, "P6", "typed-events") == [
        ("app/chat/streaming.py", 6, "pydantic-ai run events dispatched by type (text parts only; no tool-call or "
                                     "tool-result events)", "weak")]


def test_draining_the_nodes_reads_no_events():
    facts = _facts('''
        from pydantic_ai import Agent


        async def answer(agent: Agent, message: str) -> str:
            async with agent.iter(message) as run:
                async for _ in run:
                    pass
            return run.result.output
    ''', path="app/chat/plain.py")
    assert _evidence(facts, "P6", "typed-events") == []
