"""What a document claims, how firmly, and what it says the agent does."""

from __future__ import annotations

import textwrap

import pytest

from analyzer.facts.docs import analyze_markdown


def _claims(text: str, path: str = "docs/DESIGN.md") -> list[tuple[str, int, str]]:
    facts = analyze_markdown(textwrap.dedent(text), path)
    return [(c.primitive, c.line, c.firmness) for c in facts.claims]


@pytest.mark.parametrize(("sentence", "primitive", "firmness"), [
    # A stated mechanism: two mechanism words, or one beside a code identifier.
    ("Every tool call goes through `PermissionGate.check` before dispatch.", "P2", "mechanism"),
    ("All tool calls are checked against the allow-list before they run.", "P2", "mechanism"),
    ("Nothing runs without approval: every destructive call waits for an operator.", "P2", "mechanism"),
    ("Each run is capped at 30 turns and stops with a structured stop reason.", "P5", "mechanism"),
    ("The session store persists every turn and `resume(session_id)` rebuilds the agent.", "P3", "mechanism"),
    # A passing mention.
    ("The agent has a permission system.", "P2", "mention"),
    # Aspirations: planned, TODO, should, hedged, "we will".
    ("We plan to add a token budget before every call.", "P5", "aspiration"),
    ("TODO: every tool call should pass a permission gate.", "P2", "aspiration"),
    ("Sessions are not yet persisted.", "P3", "aspiration"),
    ("We will add a token budget in the next version.", "P5", "aspiration"),
    ("Budgets might be enforced per run, perhaps.", "P5", "aspiration"),
    ("Permissions are probably checked by the API gateway.", "P2", "aspiration"),
])
def test_firmness_of_one_sentence(sentence, primitive, firmness):
    assert (primitive, 3, firmness) in _claims(f"# Design\n\n{sentence}\n")


@pytest.mark.parametrize(("sentence", "primitive"), [
    ("There is no token budget.", "P5"),
    ("Tool calls run without approval, which every user must accept.", "P2"),
    ("Sessions are not persisted anywhere.", "P3"),
    # A word match alone is not a claim: a model choice is not compaction.
    ("We use the largest context window available, so the whole vendor history fits.", "P10"),
])
def test_a_denial_or_a_bare_word_claims_nothing(sentence, primitive):
    assert primitive not in {p for p, _, _ in _claims(f"# Design\n\n{sentence}\n")}


def test_negation_is_read_per_clause():
    """A denial in one clause does not cancel the gate stated in the next."""
    claims = _claims("# Design\n\nThere is no UI; every tool call passes the permission gate before it runs.\n")
    assert ("P2", 3, "mention") in claims or ("P2", 3, "mechanism") in claims


def test_everything_under_a_roadmap_heading_is_an_aspiration():
    claims = _claims("""\
        # Design

        ## Roadmap

        ### Budgets

        Every model call is checked against the token budget before it is sent.
        """)
    assert claims == [("P5", 5, "aspiration"), ("P5", 7, "aspiration")]


def test_non_goals_are_not_claims_and_not_risks():
    facts = analyze_markdown(textwrap.dedent("""\
        # Triage agent

        The agent labels support tickets.

        ## Non-goals

        - Sending email to customers.
        - Every tool call passing a permission gate.
        """), "docs/DESIGN.md")
    assert facts.claims == []
    assert facts.doc.risks == []


def test_headings_are_mentions():
    assert ("P7", 3, "mention") in _claims("# Design\n\n## Event log\n\nSee below.\n")


def test_code_blocks_are_not_claims():
    assert _claims("# Design\n\n```python\nfor call in calls:  # every call passes the gate\n    gate.check(call)\n```\n") == []


def test_claims_are_never_code_evidence():
    facts = analyze_markdown("# Design\n\nEvery tool call goes through `PermissionGate.check` before dispatch.\n",
                             "docs/ARCHITECTURE.md")
    assert facts.claims and facts.evidence == [] and facts.exposures == []
    assert not facts.signals & {"model-call", "agent-harness", "agent-config", "multi-agent"}
    assert not any(s.startswith("framework:") for s in facts.signals)


def test_risks_agent_and_multi_agent_from_prose():
    facts = analyze_markdown(textwrap.dedent("""\
        # RefundBot

        RefundBot is an LLM agent that issues refunds through Stripe.
        It never deletes files.
        A comms agent sends an email to the customer.

        The triage and billing agents hand off to each other; an orchestrator agent retries failures.

        ## Future work

        - Subagents for fraud review.
        """), "docs/DESIGN.md")
    risks = [(r.kind, r.line) for r in facts.doc.risks]
    assert ("payments", 3) in risks and ("messaging", 5) in risks
    assert not any(kind == "file-delete" for kind, _ in risks)  # "never deletes"
    assert facts.doc.agent.line == 3
    assert facts.doc.multi_agent.line == 7  # not the planned subagents at line 11
    assert {"doc:agent", "doc:multi-agent", "doc:design"} <= facts.signals


def test_a_document_that_only_plans_several_agents_is_not_multi_agent():
    facts = analyze_markdown("# Bot\n\nAn LLM agent.\n\n## Roadmap\n\n- Split into subagents.\n", "DESIGN.md")
    assert facts.doc.multi_agent is None and "doc:multi-agent" not in facts.signals
