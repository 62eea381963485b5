"""Design mode reads the prompt: what the agent reads versus what it does, thresholds with their
direction and approver, spending caps, and the needs a prompt implies. Each rule has decoys."""

from __future__ import annotations

import pytest

from analyzer.design.limits import read_limits
from analyzer.design.profile import derive_profile
from analyzer.design.specifics import for_this_agent


def _phase(plan: dict, pid: str) -> int | None:
    return next((p["phase"] for p in plan["primitives"] if p["id"] == pid), None)


# --- what it reads is not what it does -----------------------------------------------------------

@pytest.mark.parametrize("prompt, absent", [
    ("A refund bot that looks up orders by email and answers questions.", "external-send"),
    ("An assistant that reads customer emails and summarises them for the team.", "external-send"),
    ("It drafts a reply for each lead that a human then reviews and sends.", "external-send"),
    ("Our staff write and send every reply themselves; the assistant only looks things up.", "external-send"),
    ("It finds the purchase order in the ERP and checks the delivery date.", "money"),
    ("It summarises the customer's plan, last invoices and recent orders.", "money"),
    ("It suggests fixes for failing builds.", "mutating"),
    ("It never logs in, fills forms or posts anything.", "external-send"),
])
def test_reading_and_naming_are_not_acting(prompt, absent):
    profile = derive_profile(prompt)
    assert absent not in profile.risks, profile.actions


@pytest.mark.parametrize("prompt, present", [
    # the disguised real ones
    ("It looks up the order and sends the customer a receipt by email.", "external-send"),
    ("It schedules payment for matched invoices.", "money"),
    ("It refunds orders up to $50.", "money"),
    ("No login needed, it deletes stale records every night.", "destructive"),
    ("It runs read-only diagnostics and restarts pods that are stuck.", "destructive"),
])
def test_real_actions_are_still_read(prompt, present):
    assert present in derive_profile(prompt).risks


def test_read_only_about_one_tool_does_not_make_the_agent_read_only():
    profile = derive_profile("It writes SQL (read-only, with a LIMIT) and runs Python to make the charts.")
    assert "destructive" in profile.risks  # running Python is code execution
    assert derive_profile("A read-only FAQ bot that explains refunds.").risks == ("read-only",)


# --- thresholds keep their direction ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("It refunds up to $50 automatically. Anything above $50 has to be approved by Dana in finance.",
     [("$50", "auto", "human", "Dana in finance")]),
    ("It issues refunds up to $50.", [("$50", "auto", "human", "")]),
    ("It schedules payment for invoices under $2,000; anything else goes to our AP clerk.",
     [("$2,000", "auto", "human", "our AP clerk")]),
    ("Orders over $5,000 also need the department head's approval before the PO is sent.",
     [("$5,000", "auto", "human", "the department head")]),
    ("No single trade may ever exceed 10% of the portfolio, and any trade over $2,000 needs my OK by SMS.",
     [("10%", "auto", "deny", ""), ("$2,000", "auto", "human", "you")]),
    ("Automatically reimburse expense claims under $100 without human review.", [("$100", "auto", "human", "")]),
    ("Refunds over $500 need two approvals from the finance team, smaller ones are issued directly.",
     [("$500", "auto", "human", "the finance team")]),
])
def test_thresholds_keep_direction_and_approver(text, expected):
    thresholds, _ = read_limits(text)
    assert [(t.amount, t.below, t.above, t.approver) for t in thresholds] == expected


@pytest.mark.parametrize("text, amount, per", [
    ("I don't want it to burn $20 on one question.", "$20", "question"),
    ("The whole night shouldn't cost more than $150.", "$150", "night"),
])
def test_a_cost_ceiling_is_a_budget_not_an_approval_rule(text, amount, per):
    thresholds, caps = read_limits(text)
    assert thresholds == () and [(c.amount, c.per) for c in caps] == [(amount, per)]


def test_a_number_that_is_not_a_limit_is_ignored():
    assert read_limits("We have about 300 repos and $2 million in revenue.") == ((), ())


# --- implied needs -----------------------------------------------------------------------------------

def test_waiting_on_a_person_needs_workflow_state_and_saved_sessions(plan_for):
    plan = plan_for("It refunds up to $50 automatically. Anything above $50 has to be approved by Dana in "
                    "finance, who answers in Slack within a day.")
    assert _phase(plan, "P3") == 1 and _phase(plan, "P4") is not None
    assert "Dana in finance" in next(p["why"] for p in plan["primitives"] if p["id"] == "P4")


def test_hours_long_sessions_need_events_and_compaction(plan_for):
    plan = plan_for("An AI pair in the terminal for debugging sessions that last four to six hours; it runs "
                    "kubectl and journalctl and asks before changing anything.")
    assert _phase(plan, "P6") is not None and _phase(plan, "P10") is not None and _phase(plan, "P3") == 1


def test_production_database_changes_need_a_permission_audit(plan_for):
    plan = plan_for("An agent that writes and applies schema migrations to our production Postgres database "
                    "after a DBA approves.")
    assert _phase(plan, "P11") is not None
    assert _phase(plan_for("An agent that writes schema migrations for a local test database."), "P11") is None


def test_shell_access_gets_a_sandbox_in_the_gate(plan_for):
    plan = plan_for("A coding agent with shell access that fixes bugs in our monorepo.")
    gate = next(d for ph in plan["phases"] for d in ph["deliverables"] if d["primitive"] == "P2")
    assert any("sandbox" in line for line in gate["for_this_agent"])


def test_untrusted_content_gets_injection_containment(plan_for):
    plan = plan_for("A triage agent that reads incoming emails from strangers, labels them and archives spam.")
    gate = next(d for ph in plan["phases"] for d in ph["deliverables"] if d["primitive"] == "P2")
    assert any("prompt injection" in line and "e-mail" in line for line in gate["for_this_agent"])
    # read-only next to sensitive data: the gate is still needed
    plan = plan_for("An assistant that reads patient charts and searches the web for recent papers.")
    assert _phase(plan, "P2") == 1
    # read-only over public pages with nothing to leak: no gate yet
    assert _phase(plan_for("A research assistant that only reads public web pages and writes a brief."), "P2") is None


def test_a_stated_boundary_justifies_two_roles_after_the_foundations(plan_for):
    plan = plan_for("An agent extracts fields from supplier PDF invoices and schedules payment for matched ones. "
                    "Whatever reads the raw PDFs must have no access to the payment system.")
    assert _phase(plan, "P12") is not None and _phase(plan, "P12") > _phase(plan, "P2")
    # decoy: a restriction on the one agent is not a reason to split
    plan = plan_for("An agent that schedules payments; it must have no access to the HR system.")
    assert _phase(plan, "P12") is None


def test_a_split_request_with_a_boundary_says_when_the_roles_come(plan_for):
    plan = plan_for("Three specialist agents: whatever reads the raw PDFs must have no access to the payment "
                    "system, and another agent pays invoices.")
    phase = _phase(plan, "P12")
    assert phase is not None and f"adds P12 Constrained agent types in phase {phase}" in plan["pushback"][0]


def test_a_swarm_request_without_a_boundary_is_still_one_agent(plan_for):
    plan = plan_for("A team of eight agents chatting with each other in a shared channel until the page is "
                    "done, then the coder deploys it to Netlify.")
    assert _phase(plan, "P12") is None and plan["pushback"]


# --- plans use the prompt's nouns --------------------------------------------------------------------

def test_the_plan_names_the_prompts_tools_limits_and_approvers():
    profile = derive_profile("A Shopify support agent that refunds up to $50 automatically. Anything above $50 "
                             "has to be approved by Dana in finance via Slack.")
    gate = " ".join(for_this_agent(profile, "P2"))
    assert "refund" in gate and "at or below $50 runs on its own" in gate and "Dana in finance" in gate
    assert "Slack" in gate
    tests = " ".join(for_this_agent(profile, "P8"))
    assert "exactly $50 runs on its own" in tests and "$50.01 waits for Dana in finance" in tests
    assert "Shopify" in " ".join(for_this_agent(profile, "P1"))
