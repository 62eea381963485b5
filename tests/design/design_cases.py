"""Our own prompt set for design mode, with what a sensible plan must get right for each.

`expect` keys: shape, risks (exactly these action risks), has_risks / lacks_risks (subset
checks), autonomy, session, scale, multi_agent, phase1 (exactly these ids), in_phase1 /
not_selected (subset checks), pushback (True: at least one sentence; False: none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    name: str
    prompt: str
    expect: dict[str, Any] = field(default_factory=dict)


SMALL_READ_ONLY_PLAN = ("P1", "P5", "P7", "P8")

CASES = (
    Case("faq-bot",
         "A read-only FAQ bot for our website that answers customer questions about shipping times "
         "and our refund policy.",
         {"shape": "chat-assistant", "risks": ("read-only",), "scale": "public",
          "phase1": SMALL_READ_ONLY_PLAN, "not_selected": ("P2", "P4", "P11", "P12"), "pushback": False}),
    Case("hr-wiki-copilot",
         "An internal copilot that helps employees search the HR wiki and summarise policies. "
         "It never changes anything.",
         {"shape": "internal-copilot", "risks": ("read-only",), "scale": "team",
          "phase1": SMALL_READ_ONLY_PLAN, "not_selected": ("P4", "P11", "P12"), "pushback": False}),
    Case("docs-answer-bot-no-actions",
         "Answer developer questions about our public API docs.",
         {"risks": ("read-only",), "phase1": SMALL_READ_ONLY_PLAN, "not_selected": ("P2", "P4", "P11", "P12")}),
    Case("support-refunds",
         "A customer support chatbot that looks up orders, issues refunds up to $50 and emails customers a receipt.",
         {"shape": "chat-assistant", "has_risks": ("money", "external-send"), "autonomy": "human-in-the-loop",
          "in_phase1": ("P1", "P2", "P3", "P5", "P7", "P8"), "not_selected": ("P12",), "pushback": False}),
    Case("support-no-money",
         "Support bot for our SaaS. No payments, no refunds, no deletions. It can escalate tickets to a human agent.",
         {"shape": "chat-assistant", "lacks_risks": ("money", "destructive"), "autonomy": "human-in-the-loop"}),
    Case("coding-agent",
         "A coding agent that reads our Python repository, fixes failing unit tests and opens pull requests for review.",
         {"shape": "code-agent", "has_risks": ("mutating",), "session": "long",
          "in_phase1": ("P1", "P2", "P5", "P7", "P8"), "not_selected": ("P12",)}),
    Case("code-review-read-only",
         "A code review bot that reads pull requests and comments with suggestions; it never pushes or merges code.",
         {"shape": "code-agent", "lacks_risks": ("mutating", "destructive"), "not_selected": ("P2", "P12")}),
    Case("invoice-approval-workflow",
         "An invoice approval workflow: extract invoice data from PDFs, route each invoice to a manager for "
         "approval, then pay the vendor through Stripe and email a remittance notice.",
         {"shape": "workflow-orchestrator", "has_risks": ("money", "external-send"),
          "autonomy": "human-in-the-loop", "session": "multi-day", "in_phase1": ("P1", "P2", "P3", "P5", "P7", "P8"),
          "selected": ("P4",)}),
    Case("autonomous-expenses",
         "Automatically approve and reimburse employee expense claims under $100 every night without human review.",
         {"has_risks": ("money",), "autonomy": "autonomous", "in_phase1": ("P2",), "pushback": True}),
    Case("ops-autonomous-restarts",
         "An ops agent that watches PagerDuty alerts, reads logs and restarts Kubernetes pods automatically at night "
         "without human approval.",
         {"shape": "ops-agent", "has_risks": ("destructive",), "autonomy": "autonomous",
          "in_phase1": ("P1", "P2", "P3", "P5", "P7", "P8"), "pushback": True}),
    Case("ops-oncall-copilot",
         "An on-call copilot for our SRE team that suggests runbook steps during incidents; engineers run every "
         "command themselves.",
         {"shape": "ops-agent", "lacks_risks": ("destructive",), "not_selected": ("P2",)}),
    Case("db-admin",
         "An agent that can run SQL against our production database, including deleting stale rows and dropping "
         "old tables.",
         {"has_risks": ("destructive",), "in_phase1": ("P2",)}),
    Case("swarm",
         "A swarm of 20 autonomous agents that coordinate with each other to run our entire marketing department, "
         "self-improving over time.",
         {"multi_agent": True, "pushback": True, "not_selected": ("P12",)}),
    Case("planner-researcher-writer",
         "A planner agent hands tasks to researcher agents and a writer agent, which then publish blog posts to "
         "our website.",
         {"multi_agent": True, "pushback": True, "has_risks": ("external-send",), "not_selected": ("P12",)}),
    Case("embedded-classifier",
         "A button in our app that classifies each uploaded receipt into an expense category.",
         {"shape": "embedded-feature", "risks": ("read-only",), "session": "single-turn",
          "phase1": SMALL_READ_ONLY_PLAN}),
    Case("streaming-compliant-support",
         "A support chatbot that streams answers live and handles refunds for thousands of customers; it must be "
         "SOC 2 compliant.",
         {"has_risks": ("money",), "scale": "public", "selected": ("P6", "P11")}),
    Case("slack-bot-and-pipeline",
         "A Slack bot for our team that answers questions and also runs a nightly pipeline that updates the CRM "
         "records.",
         {"shape": "hybrid", "has_risks": ("mutating",), "selected": ("P9",)}),
    Case("personal-assistant",
         "A personal assistant that reads my calendar and books meetings, but must ask me before sending any email.",
         {"has_risks": ("mutating", "external-send"), "autonomy": "human-in-the-loop", "scale": "personal"}),
    Case("refund-threshold-direction",
         "A support agent for our web shop that looks up the order by the customer's email and refunds up to $50 "
         "automatically. Anything above $50 has to be approved by Dana in finance, who answers in Slack within a day.",
         {"has_risks": ("money",), "lacks_risks": ("external-send",), "in_phase1": ("P2", "P3"),
          "selected": ("P4",), "not_selected": ("P12",)}),
    Case("payment-ceiling-and-approval",
         "An agent that pays supplier invoices. No single payment may ever exceed $500, and payments over $100 need "
         "the finance lead's approval.",
         {"has_risks": ("money",), "in_phase1": ("P2",)}),
    Case("travel-booking",
         "A travel booking agent for customers that searches flights, books tickets and charges the customer's card.",
         {"has_risks": ("money", "mutating"), "in_phase1": ("P2", "P3")}),
)
