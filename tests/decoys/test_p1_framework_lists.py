"""P1 registry-query for framework agents, Fixit-style: a tool list handed to the framework and never read
again by the project is partial (the rubric's words); a list the project picks from its collection by the
tools' metadata is the registry being queried."""

from __future__ import annotations

from tests.decoys.test_project_crossfile import audit, status

TOOLS = '''
    from agents import function_tool


    @function_tool
    def lookup_order(order_id: str) -> str:
        """Look an order up by its id."""
        return order_id


    @function_tool
    def issue_refund(order_id: str, amount: float) -> str:
        """Refund part of an order."""
        return f"refunded {amount}"
'''


def test_literal_tool_list_handed_to_the_agent_is_partial(tmp_path):
    """Decoy: specs come from the SDK, but nothing in the project lists, filters or looks a tool up."""
    report = audit(tmp_path, {"support/__init__.py": "", "support/tools.py": TOOLS, "support/main.py": '''
        import asyncio

        from agents import Agent, Runner

        from support.tools import issue_refund, lookup_order

        agent = Agent(name="Support", instructions="Help the customer.", tools=[lookup_order, issue_refund])

        if __name__ == "__main__":
            print(asyncio.run(Runner.run(agent, "where is order 42?", max_turns=6)).final_output)
        '''})
    assert status(report, "P1") == "partial"
    registry = next(v for v in report.primitives if v.id == "P1").evidence
    assert [(e.path, e.line, e.strength) for e in registry if e.component == "registry-query"] == [
        ("support/main.py", 7, "weak")]


def test_tools_picked_from_the_collection_by_metadata_is_a_registry(tmp_path):
    """Control: the run's tools are chosen from the project's collection by each tool's name."""
    report = audit(tmp_path, {"support/__init__.py": "", "support/tools.py": TOOLS, "support/main.py": '''
        import asyncio

        from agents import Agent, Runner

        from support.tools import issue_refund, lookup_order

        CATALOGUE = (lookup_order, issue_refund)
        READ_ONLY = {"lookup_order"}


        def toolbox(trusted: bool):
            return [tool for tool in CATALOGUE if trusted or tool.name in READ_ONLY]


        def build(trusted: bool) -> Agent:
            return Agent(name="Support", instructions="Help the customer.", tools=toolbox(trusted))


        if __name__ == "__main__":
            print(asyncio.run(Runner.run(build(False), "where is order 42?", max_turns=6)).final_output)
        '''})
    assert status(report, "P1") == "present"
    registry = next(v for v in report.primitives if v.id == "P1").evidence
    assert [(e.path, e.line, e.strength) for e in registry if e.component == "registry-query"] == [
        ("support/main.py", 16, "full")]
