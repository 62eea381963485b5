"""P5 for a CrewAI Flow's retry route, Fixit-style: a router that sends the draft back only while a counter it
bumps is under a limit caps the loop (weak: the agents' own turns are not capped); a counter compared but never
bumped caps nothing."""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts

FLOW = '''
    from crewai.flow.flow import Flow, listen, router, start
    from pydantic import BaseModel

    from newsletter.crew import DraftingCrew


    class DraftState(BaseModel):
        status: str = "PENDING"
        attempts: int = 0


    class DraftFlow(Flow[DraftState]):
        @start()
        def draft(self):
            result = DraftingCrew().crew().kickoff(inputs={{"topic": "energy"}})
            self.state.status = result.raw.strip()

        @router(draft)
        def review(self):
            if self.state.status == "APPROVED":
                return "publish"
            elif self.state.attempts < 3:{bump}
                return "retry"
            return "give_up"

        @listen("retry")
        def redraft(self):
            return self.draft()
'''


def test_router_retrying_under_a_bumped_counter_caps_the_loop():
    facts = _facts(FLOW.format(bump="\n                self.state.attempts += 1"), path="newsletter/flow.py")
    assert _evidence(facts, "P5", "turn-limit") == [
        ("newsletter/flow.py", 22, "the flow's retry route is capped by self.state.attempts < 3", "weak")]


def test_a_counter_compared_but_never_bumped_caps_nothing():
    facts = _facts(FLOW.format(bump=""), path="newsletter/flow.py")
    assert _evidence(facts, "P5", "turn-limit") == []
