"""Findings worth reading: where a primitive finding sits, what it says, how confident it is.

Each case is a small, realistic project written to a temp folder and audited with the real CLI;
the tests pin the path, line, message and confidence of what is reported.
"""

from __future__ import annotations

import hashlib

import pytest

from analyzer.facts.model import Evidence, FileFacts, Symbol
from analyzer.finding_factory import FindingFactory, found_and_missing, primitive_message
from analyzer.judge.anchor import primitive_anchor, project_anchor
from analyzer.judge.scope import Scope
from analyzer.domain import EvidenceItem, Verdict
from analyzer.rubric import load_rubric
from tests.ci.helpers import AGENT, line_of
from tests.conftest import audit_json

# A raw Anthropic loop with a `for` bound; the shell helper is reached from the model's text, but no
# tool is declared anywhere, so which functions are tools is a guess.
JANITOR = '''\
import subprocess

import anthropic

client = anthropic.Anthropic()


def clean(path: str) -> None:
    subprocess.run(f"rm -rf {path}", shell=True, check=True)


def main() -> None:
    history = [{"role": "user", "content": "Which build folders can go?"}]
    for _ in range(5):
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=history)
        text = reply.content[0].text
        history.append({"role": "assistant", "content": text})
        if text.startswith("DELETE "):
            clean(text.removeprefix("DELETE ").strip())
        else:
            break


if __name__ == "__main__":
    main()
'''

# OpenAI Agents SDK: the first file (by path) holds only imports and an agent without tools;
# the agent that is run with tools is built in manager.py.
WRITER = '''\
from pydantic import BaseModel

from agents import Agent


class Report(BaseModel):
    summary: str
    sources: list[str]


writer_agent = Agent(
    name="WriterAgent",
    instructions="Write a short research report from the notes you are given.",
    output_type=Report,
)
'''
MANAGER = '''\
import asyncio

from agents import Agent, Runner, WebSearchTool

from research.a_writer import writer_agent

search_agent = Agent(
    name="SearchAgent",
    instructions="Search the web for the topic and summarise what you find.",
    tools=[WebSearchTool()],
)


async def research(topic: str) -> str:
    notes = await Runner.run(search_agent, topic)
    report = await Runner.run(writer_agent, notes.final_output)
    return report.final_output.summary


if __name__ == "__main__":
    print(asyncio.run(research("solid-state batteries")))
'''

# LangGraph prebuilt agent with an in-memory checkpointer: weak evidence of save and resume only.
LANGGRAPH = '''\
from langchain_anthropic import ChatAnthropic
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.prebuilt import create_react_agent


@tool
def lookup_order(order_id: str) -> str:
    """Look up an order's status by its id."""
    return f"order {order_id}: shipped"


def build_agent():
    model = ChatAnthropic(model="claude-sonnet-4-5")
    return create_react_agent(
        model,
        tools=[lookup_order],
        checkpointer=InMemorySaver(),
    )


if __name__ == "__main__":
    agent = build_agent()
    config = {"configurable": {"thread_id": "demo"}}
    print(agent.invoke({"messages": [("user", "Where is order 42?")]}, config))
'''

# One model call, no loop, tool calls routed by name through a dispatcher.
DISPATCH = '''\
import anthropic

client = anthropic.Anthropic()

TOOLS = [
    {
        "name": "read_file",
        "description": "Read a text file from the workspace.",
        "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]},
    }
]


def read_file(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


TOOL_FUNCTIONS = {"read_file": read_file}


def dispatch(block) -> dict:
    output = TOOL_FUNCTIONS[block.name](**block.input)
    return {"type": "tool_result", "tool_use_id": block.id, "content": output}


def answer(question: str) -> list[dict]:
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS,
                                   messages=[{"role": "user", "content": question}])
    return [dispatch(block) for block in reply.content if block.type == "tool_use"]
'''


def _finding(report: dict, rule: str) -> dict:
    found = [f for f in report["findings"] if f["rule"] == rule]
    assert len(found) == 1, [(f["rule"], f["path"], f["line"]) for f in report["findings"]]
    return found[0]


def _source_line(root, finding: dict) -> str:
    return (root / finding["path"]).read_text(encoding="utf-8").splitlines()[finding["line"] - 1].strip()


def test_absent_primitive_sits_on_the_agent_loop_and_says_where_the_fix_goes(write_tree):
    root = write_tree({"janitor.py": JANITOR})
    report = audit_json(root)
    sessions = _finding(report, "P3")
    assert (sessions["path"], sessions["line"]) == ("janitor.py", line_of(JANITOR, "def main()"))
    assert sessions["message"].startswith("session-persistence is absent: ")
    assert sessions["message"].endswith("Missing: save, resume. The fix goes in the agent loop `main`.")
    assert sessions["confidence"] == "high"


def test_partial_primitive_names_what_was_found_and_what_is_missing(write_tree):
    root = write_tree({"janitor.py": JANITOR})
    budget = _finding(audit_json(root), "P5")
    assert (budget["path"], budget["line"]) == ("janitor.py", line_of(JANITOR, "for _ in range(5):"))
    assert budget["message"].startswith("token-budget is partial: found turn-limit; missing token-limit. ")
    assert budget["confidence"] == "high"


def test_ungated_shell_tool_on_a_guessed_tool_set_has_low_confidence(write_tree):
    root = write_tree({"janitor.py": JANITOR})
    shell = _finding(audit_json(root), "HA103")
    assert (shell["path"], shell["line"]) == ("janitor.py", line_of(JANITOR, "subprocess.run("))
    assert shell["severity"] == "critical" and shell["confidence"] == "low"


def test_ungated_shell_tool_of_a_declared_tool_has_medium_confidence(write_tree):
    root = write_tree({"opsbot/agent.py": AGENT})
    report = audit_json(root)
    shell = _finding(report, "HA103")
    assert (shell["path"], shell["line"]) == ("opsbot/agent.py", line_of(AGENT, "subprocess.run("))
    assert shell["confidence"] == "medium"
    loop = _finding(report, "HA101")  # a structural match on the line itself
    assert (loop["line"], loop["confidence"]) == (line_of(AGENT, "while True:"), "high")


def test_framework_project_never_anchors_a_primitive_on_an_import_or_line_one(write_tree):
    root = write_tree({"research/__init__.py": "", "research/a_writer.py": WRITER, "research/manager.py": MANAGER})
    report = audit_json(root)
    budget = _finding(report, "P5")
    # the first agent constructor (the writer's, whose model settings HA102 also points at)
    assert (budget["path"], budget["line"]) == ("research/a_writer.py", line_of(WRITER, "writer_agent = Agent("))
    assert budget["message"].endswith("The fix goes in the agent code in research/a_writer.py.")
    assert budget["confidence"] == "high"
    primitives = [f for f in report["findings"] if f["rule"].startswith("P")]
    assert primitives
    for finding in primitives:
        assert finding["line"] > 1 and not _source_line(root, finding).startswith(("import ", "from ")), finding


def test_weak_evidence_is_reported_as_weak_not_as_both_found_and_missing(write_tree):
    root = write_tree({"bot/agent.py": LANGGRAPH})
    sessions = _finding(audit_json(root), "P3")
    assert (sessions["path"], sessions["line"]) == ("bot/agent.py", line_of(LANGGRAPH, "checkpointer=InMemorySaver()"))
    assert sessions["message"].startswith("session-persistence is partial: found only weak evidence of resume, save. ")
    assert sessions["confidence"] == "medium"


def test_without_a_loop_the_finding_sits_on_the_dispatcher(write_tree):
    root = write_tree({"harness/service.py": DISPATCH})
    gate = _finding(audit_json(root), "P2")
    assert (gate["path"], gate["line"]) == ("harness/service.py", line_of(DISPATCH, "def dispatch("))
    assert gate["message"].endswith("Missing: gate, classification. The fix goes in the dispatcher `dispatch`.")
    assert gate["confidence"] == "high"


def test_moving_the_anchor_keeps_a_primitive_findings_id(write_tree, tmp_path):
    """A primitive finding is identified by its status, not by where it points."""
    first = audit_json(write_tree({"janitor.py": JANITOR}, tmp_path / "a"))
    moved = audit_json(write_tree({"janitor.py": "# Build-folder janitor.\n\n\n" + JANITOR}, tmp_path / "b"))
    before, after = _finding(first, "P3"), _finding(moved, "P3")
    assert after["line"] == before["line"] + 3
    assert after["id"] == before["id"] == "P3-" + hashlib.sha1(b"P3||absent").hexdigest()[:10]


def test_design_review_findings_read_from_prose_have_medium_confidence(tmp_path):
    design = tmp_path / "DESIGN.md"
    design.write_text("# Refund agent\n\nAn LLM agent reads support tickets and calls tools.\n\n"
                      "## Tools\n\nA billing agent issues the refund through the Stripe API.\n", encoding="utf-8")
    report = audit_json(design)
    assert report["mode"] == "design-review"
    refund = _finding(report, "HA250")
    assert (refund["line"], refund["confidence"]) == (7, "medium")


# The message and anchor rules on their own, on facts as the extractor writes them.

def _verdict(status: str, evidence: list[EvidenceItem], missing: list[str]) -> Verdict:
    return Verdict("P3", "session-persistence", "Sessions that survive crashes", "foundation", status,
                   evidence, missing)


@pytest.mark.parametrize("evidence, missing, expected", [
    ([EvidenceItem("a.py", 5, "d", "save", "weak")], ["save", "resume"],
     "found only weak evidence of save; missing resume"),
    ([EvidenceItem("a.py", 5, "d", "resume"), EvidenceItem("a.py", 9, "d", "save", "weak")], ["save"],
     "found resume; only weak evidence of save"),
    ([EvidenceItem("a.py", 5, "d", "save"), EvidenceItem("a.py", 6, "d", "save", "weak")], ["resume"],
     "found save; missing resume"),
])
def test_each_component_is_named_in_one_group_only(evidence, missing, expected):
    assert found_and_missing(_verdict("partial", evidence, missing)) == expected


def test_absent_message_without_a_place_has_no_dangling_sentence():
    primitive = load_rubric().primitive("P3")
    message = primitive_message(primitive, _verdict("absent", [], ["save", "resume"]))
    assert message.endswith("Missing: save, resume.")


def test_evidence_on_an_import_line_is_never_an_anchor():
    facts = FileFacts("bot/agent.py", "python", signals={"model-call"})
    facts.evidence = [Evidence("P3", "save", "bot/agent.py", 3, "SqliteSaver", snippet="from x import SqliteSaver"),
                      Evidence("P3", "save", "bot/agent.py", 1, "first line", snippet="saver = SqliteSaver()")]
    facts.symbols = [Symbol("agent-loop", "run", "bot.agent", "bot/agent.py", 12)]
    scope = Scope([facts])
    verdict = _verdict("partial", [EvidenceItem("bot/agent.py", 1, "first line", "save"),
                                   EvidenceItem("bot/agent.py", 3, "SqliteSaver", "save")], ["resume"])
    anchor = primitive_anchor(scope, verdict, project_anchor(scope))
    assert (anchor.path, anchor.line, anchor.place) == ("bot/agent.py", 12, "the agent loop `run`")


def test_the_factory_refuses_an_unknown_confidence():
    factory = FindingFactory(load_rubric())
    with pytest.raises(ValueError, match="confidence"):
        factory.rule("HA101", "a.py", 3, "", "ctx", confidence="certain")
