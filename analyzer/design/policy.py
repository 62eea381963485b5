"""When each primitive is worth building for a given profile.

One function per primitive id, returning the phase it is wanted in (1 = minimum safe
harness, 2 = production use, 3 = scale and audits; None = deferred), the fact about this
agent that decides it, and the trigger that would bring it in when deferred. The words
about the primitive itself (title, summary, rationale, steps, tests) come from the rubric;
the words here are about the agent being designed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from analyzer.design.profile import Profile

RISK_WORDS = {
    "mutating": "change records",
    "external-send": "send messages",
    "destructive": "delete or run irreversible operations",
    "money": "move money",
}
_IRREVERSIBLE = ("destructive", "money")


@dataclass(frozen=True)
class Need:
    phase: int | None          # None: deferred
    reason: str                # the profile fact behind the decision
    trigger: str = ""          # deferred only: what would make it worth building


def _phrases(profile: Profile, risk: str) -> str:
    action = profile.action(risk)
    if not action or not action.phrases:
        return ""
    return " (" + ", ".join(f'"{p}"' for p in action.phrases[:3]) + ")"


def side_effect_words(profile: Profile, risks: tuple[str, ...] | None = None) -> str:
    parts = [RISK_WORDS[r] + _phrases(profile, r) for r in (risks or profile.side_effects)]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _shapes(profile: Profile) -> tuple[str, ...]:
    return profile.shape_components or (profile.shape.value,)


def _tool_registry(profile: Profile) -> Need:
    said = [p for a in profile.actions for p in a.phrases][:4]
    if said:
        return Need(1, "its tools (" + ", ".join(f'"{p}"' for p in said) + ") are declared once, and the "
                       "loop, the tests and every later phase read them from there.")
    return Need(1, "even a lookup-only agent needs its tools declared once, for the loop and the tests to read.")


def _quoted(phrases: tuple[str, ...], limit: int = 3) -> str:
    return ", ".join(f'"{p}"' for p in phrases[:limit])


def _permission_tiers(profile: Profile) -> Need:
    untrusted = profile.implies("untrusted-input")
    if not profile.side_effects and untrusted and profile.sensitive:
        return Need(1, f"it reads content outsiders write ({untrusted.detail}: {_quoted(untrusted.phrases)}) next to "
                       f"sensitive data ({_quoted(profile.sensitive)}); what it may fetch or send must be decided "
                       "in code, not by whatever the content says.")
    if not profile.side_effects:
        return Need(None, "every tool it needs only reads, so there is nothing yet to hold for approval.",
                    "the first tool that changes, sends, deletes or pays for anything.")
    who = ("nobody watches each run" if profile.autonomy.value == "autonomous"
           else "the person in the loop is the approver")
    extra = ""
    if profile.thresholds:
        extra = " Its limits: " + "; ".join(t.describe("a call") for t in profile.thresholds) + "."
    if untrusted:
        extra += (f" It reads content outsiders write ({untrusted.detail}), so that content must never be able "
                  "to approve or widen a tool call.")
    if profile.implies("code-execution"):
        extra += " It runs commands or code, so they run in a sandbox."
    return Need(1, f"its tools can {side_effect_words(profile)}; a wrong or injected tool call has real "
                   f"consequences, and {who}.{extra}")


def _session_persistence(profile: Profile) -> Need:
    length = profile.session_length.value
    waits = profile.implies("waits")
    if waits and profile.side_effects:
        return Need(1, f"its work waits on people or outside parties ({_quoted(waits.phrases)}); a restart in "
                       "the meantime must not lose what is pending or what was approved.")
    hours = profile.implies("hours-long")
    if hours:
        return Need(1, f"its sessions last hours ({_quoted(hours.phrases)}); a dropped connection or a restart "
                       "must pick up exactly where it was.")
    if length in ("long", "multi-day") and not profile.side_effects:
        return Need(2, f"its sessions are {length} ({profile.session_length.reason}); once people rely on it, "
                       "a crash must not throw the work away.")
    if length in ("long", "multi-day"):
        return Need(1, f"its sessions are {length} ({profile.session_length.reason}); a crash must not throw "
                       "the work and its spend away.")
    if profile.has(*_IRREVERSIBLE):
        return Need(1, f"it can {side_effect_words(profile, tuple(r for r in _IRREVERSIBLE if profile.has(r)))}; "
                       "after a crash the record of what was done and approved must still be there.")
    if profile.autonomy.value == "autonomous" and profile.side_effects:
        return Need(1, "it acts unattended; a restart must pick up where it stopped rather than start over.")
    if profile.signal("durable"):
        return Need(1, "the description asks for it to survive restarts or resume ("
                       + ", ".join(f'"{p}"' for p in profile.signal("durable")[:3]) + ").")
    if profile.side_effects:
        return Need(2, f"it can {side_effect_words(profile)}; once real users rely on it, a restart "
                       "must not lose a conversation in the middle of an action.")
    return Need(None, f"its sessions are {length} and change nothing, so losing one on a restart costs a retry.",
                "conversations must survive a restart, people come back to earlier sessions, or runs "
                "last longer than a few minutes.")


def _workflow_state(profile: Profile) -> Need:
    shapes = _shapes(profile)
    workflow = "workflow-orchestrator" in shapes
    waits = profile.session_length.value == "multi-day"
    trigger = ("work spans steps that outlive one conversation, waits on an approval or an outside "
               "party, or a side effect must not run twice when a step is retried.")
    waiting = profile.implies("waits")
    if waiting:
        approvers = ", ".join(who for who, _ in profile.approvers) or "people or outside parties"
        return Need(2, f"its work waits on {approvers} ({_quoted(waiting.phrases)}); the step it is in "
                       "(awaiting approval, waiting for a reply) must be stored, not held in a live loop, and a "
                       "side effect must not run twice when the step resumes.")
    if profile.has("destructive") and profile.autonomy.value == "autonomous":
        return Need(2, f"it can {side_effect_words(profile, ('destructive',))} unattended; which step of the "
                       "procedure it is in, and what it already did, must be recorded so a retry never repeats it.")
    if profile.has("money") and (workflow or waits or profile.autonomy.value == "autonomous"):
        return Need(2, f"it can {side_effect_words(profile, ('money',))} in a multi-step flow; a retried "
                       "step must never pay twice (until then, phase 1 holds every payment for approval).")
    if workflow:
        return Need(2, "it is a workflow: which step it is in must be recorded, not reread from the transcript.")
    if waits:
        return Need(2, f"its work waits across sessions ({profile.session_length.reason}).")
    if profile.signal("retries"):
        return Need(2, "the description cares about retries (" +
                       ", ".join(f'"{p}"' for p in profile.signal("retries")[:3]) + ").")
    if profile.has("money"):
        return Need(2, f"it can {side_effect_words(profile, ('money',))}; a retry after a crash must not repeat it.")
    return Need(None, "its work fits in one conversation, so the transcript is enough to know where it is.",
                trigger)


def _token_budget(profile: Profile) -> Need:
    if profile.autonomy.value == "autonomous":
        return Need(1, "it runs unattended, so nobody is there to stop a run that keeps calling the model.")
    if profile.scale.value in ("public", "organisation"):
        return Need(1, f"at {profile.scale.value} scale every unbounded run is multiplied by the number of users.")
    return Need(1, "every run calls the model in a loop, and a confused model or a failing tool can keep it going.")


def _streaming_events(profile: Profile) -> Need:
    hours = profile.implies("hours-long")
    if hours:
        return Need(2, f"people work beside it for hours ({_quoted(hours.phrases)}); typed events show what it "
                       "is doing and end a failed run with a reason instead of silence.")
    said = profile.signal("streaming")
    if said:
        return Need(2, "people or services follow its progress live (" +
                       ", ".join(f'"{p}"' for p in said[:3]) + ").")
    return Need(None, "nothing in the description watches it work live; a final answer is enough.",
                "people watch the agent work live (a chat UI showing progress, a voice interface) or "
                "another service consumes its progress.")


def _event_log(profile: Profile) -> Need:
    if profile.side_effects:
        return Need(1, f"when it does {side_effect_words(profile)}, you must be able to show afterwards "
                       "what it did, in what order and who allowed it.")
    return Need(1, "when an answer is wrong, the log shows which lookups and tools fed it.")


def _verification(profile: Profile) -> Need:
    if "code-agent" in _shapes(profile):
        return Need(1, "an edit is only done when the tests pass; and the harness's own guardrails need tests too.")
    if not profile.side_effects:
        return Need(1, "a wrong answer is its main failure, so answers are checked before they are shown, and "
                       "the harness's behaviour is pinned by tests.")
    return Need(1, "results are checked before they are reported, and tests keep later changes from quietly "
                   "removing its guardrails.")


def _dynamic_tool_pool(profile: Profile) -> Need:
    said = profile.signal("many-tools")
    if said:
        return Need(3, "different runs need different tools (" + ", ".join(f'"{p}"' for p in said[:3]) + ").")
    if profile.shape.value == "hybrid":
        return Need(3, f"it combines two kinds of work ({' and '.join(profile.shape_components)}) that need "
                       "different tools.")
    return Need(None, "its tool list is small and the same for every run.",
                "the registry grows past what one run should see: modes (plan or execute), tenants or user "
                "roles that need different tool sets.")


def _compaction(profile: Profile) -> Need:
    length = profile.session_length.value
    said = profile.signal("long-context")
    if length in ("long", "multi-day") or said:
        why = f'long context ({", ".join(chr(34) + p + chr(34) for p in said[:3])})' if said else f"{length} sessions"
        return Need(2, f"with {why} the transcript will outgrow the context window.")
    return Need(None, f"{length} sessions stay far below the context window.",
                "transcripts approach the model's context window: long conversations, large documents or long "
                "coding sessions.")


def _permission_audit(profile: Profile) -> Need:
    production = profile.implies("production-data")
    if production:
        return Need(2, f"it changes production data ({_quoted(production.phrases)}); every approval and denial "
                       "must be a record you can query: who allowed which change, when and why.")
    said = profile.signal("audit")
    if said and not profile.side_effects:
        return Need(None, "the description names audit needs, but the agent takes no actions to approve; the "
                          "event log records what it read and answered.",
                    "the agent gets its first tool with side effects while audits or compliance still apply.")
    if said:
        return Need(3, "the description names audit or compliance needs (" +
                       ", ".join(f'"{p}"' for p in said[:3]) + ").")
    if profile.has("money") and profile.scale.value in ("public", "organisation"):
        return Need(3, f"it moves money at {profile.scale.value} scale; disputes need to know who allowed each payment.")
    return Need(None, "the event log is enough to see what was allowed at this size.",
                "someone must answer who approved what and when: disputes, compliance reviews, several "
                "approvers, or headless runs that need their own approval handler.")


def _agent_types(profile: Profile) -> Need:
    line = profile.implies("boundary")
    if line:
        return Need(3, f'the description draws a boundary one agent cannot hold ("{line.phrases[0]}"): the part that '
                       "reads untrusted content gets no tools that act and hands over schema-checked data, and the "
                       "part that acts never sees the raw content. Two typed roles with enforced tool sets, built on "
                       "the earlier phases, not a team of agents.")
    if profile.multi_agent.value:
        return Need(None, f"the description {profile.multi_agent.reason}, but one agent comes first.",
                    "one agent with the earlier phases in place measurably cannot do the work (its context "
                    "overflows with exploration, or a review needs independent eyes); then split it into a "
                    "few typed roles, never a free-form swarm.")
    return Need(None, "one agent does the work described.",
                "the work splits into parts that need different tools or an isolated context, and one agent "
                "with a per-run tool pool can no longer do it.")


POLICY: dict[str, Callable[[Profile], Need]] = {
    "P1": _tool_registry,
    "P2": _permission_tiers,
    "P3": _session_persistence,
    "P4": _workflow_state,
    "P5": _token_budget,
    "P6": _streaming_events,
    "P7": _event_log,
    "P8": _verification,
    "P9": _dynamic_tool_pool,
    "P10": _compaction,
    "P11": _permission_audit,
    "P12": _agent_types,
}

# Some rubric tests exercise two primitives at once; they prove a phase only once both exist.
TEST_ALSO_NEEDS = {
    "resumed_session_keeps_permission_decisions": ("P2",),
    "resumed_session_budget_not_reset": ("P3",),
    "permission_denial_is_logged": ("P2",),
    "destructive_tool_requires_approval": (),
}

PHASE_TITLES = {
    1: ("Minimum safe harness", "The smallest harness that is safe to put in front of its users."),
    2: ("Hold up in real use", "What steady production use needs once phase 1 holds."),
    3: ("Operate at scale", "Needs that come with more users, more tools or audits."),
}
