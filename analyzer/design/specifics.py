"""What each selected primitive means for this agent, in the description's own nouns.

The rubric says what a permission gate is; this module says what this agent's gate must do:
"refund up to $50 automatically: at or below $50 runs on its own; above $50 waits for Dana in
finance (asked via Slack)". Every line is built from the profile (its tools, limits, approvers,
sources, named systems), never from canned text about another agent; a primitive with nothing
specific to say gets no lines.
"""

from __future__ import annotations

from typing import Callable

from analyzer.design.limits import Threshold
from analyzer.design.profile import Profile

_SIDE_EFFECTS = ("money", "destructive", "external-send", "mutating")


def _q(phrases, limit: int = 4) -> str:
    items = [f'"{p}"' for p in list(phrases)[:limit]]
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def _tools(profile: Profile, risks: tuple[str, ...]) -> list[str]:
    return [tool for action in profile.actions if action.risk in risks for tool in (action.tools or action.phrases)]


def _threshold_tool(profile: Profile, threshold: Threshold) -> str:
    """The tool a threshold limits: the side-effect phrase that quotes its amount, or the riskiest."""
    for tool in _tools(profile, _SIDE_EFFECTS):
        if threshold.amount.replace(",", "") in tool.replace(",", ""):
            return tool
    riskiest = _tools(profile, ("money",)) or _tools(profile, _SIDE_EFFECTS)
    return riskiest[0] if riskiest else "the limited action"


def _approvers(profile: Profile) -> str:
    people = [f"{who} (via {channel})" if channel else who for who, channel in profile.approvers]
    return ", ".join(people)


def _registry(profile: Profile) -> list[str]:
    lines = []
    for action in profile.actions:
        tools = action.tools or action.phrases
        if tools:
            lines.append(f"Declare a {action.risk} tool for each of {_q(tools)}.")
    ruled_out = [c for c in profile.constraints if not c.lower().startswith(("read-only", "read only"))]
    if ruled_out:
        lines.append(f"No tool for what the description rules out: {_q(ruled_out, 4)}.")
    people = " ".join(who for who, _ in profile.approvers)
    systems = [name for name in profile.names if name not in people]
    if systems:
        lines.append(f"Each tool's spec names the system it calls ({', '.join(systems[:8])}).")
    return lines


def _gate(profile: Profile) -> list[str]:
    lines = []
    for threshold in profile.thresholds:
        tool = _threshold_tool(profile, threshold)
        lines.append(f'"{tool}": {threshold.describe("a call")}. The gate compares the amount in the '
                     "tool's arguments, in code, before the call runs.")
    if profile.approvers and not profile.thresholds:
        lines.append(f"Calls that need approval go to {_approvers(profile)}; a denial is returned to the model "
                     "as the tool's result.")
    denied = [c for c in profile.constraints if not c.lower().startswith(("read-only", "read only"))]
    if denied:
        lines.append(f"Rules the description states, enforced by the gate whatever the model asks: {_q(denied, 6)}.")
    code = profile.implies("code-execution")
    if code:
        lines.append(f"Run {_q(code.phrases)} in a sandbox: a container with the workspace as the only writable "
                     "path, no network unless a tool needs it, and no credentials beyond the task; commands not "
                     "seen before in this project ask first.")
    untrusted = profile.implies("untrusted-input")
    if untrusted:
        acts = _tools(profile, _SIDE_EFFECTS)
        target = f"{_q(acts, 3)}" if acts else "any tool that fetches, sends or writes"
        lines.append(f"Contain prompt injection: what it reads from {untrusted.detail} ({_q(untrusted.phrases, 3)}) "
                     f"is data, never instructions; text in it cannot approve, raise a limit or add a recipient, "
                     f"and {target} keep their gate whatever that text says.")
    if profile.sensitive:
        lines.append(f"Keep {_q(profile.sensitive, 3)} out of anything that leaves: outbound tools take only "
                     "fields the gate allows, checked in code.")
    return lines


def _sessions(profile: Profile) -> list[str]:
    lines = []
    waits = profile.implies("waits")
    if waits:
        who = _approvers(profile) or "people or outside parties"
        lines.append(f"Save after every tool call, with what is pending for {who}, so a restart while it waits "
                     f"({_q(waits.phrases, 2)}) resumes instead of starting over.")
    hours = profile.implies("hours-long")
    if hours:
        lines.append(f"Sessions of {_q(hours.phrases, 2)} resume exactly where they were after a dropped "
                     "connection: messages, findings so far, approvals and spend.")
    return lines


def _workflow(profile: Profile) -> list[str]:
    lines = []
    waits = profile.implies("waits")
    if waits:
        who = _approvers(profile) or "the person or party it waits on"
        lines.append(f"Explicit states for the wait on {who}: working, awaiting approval, waiting for a reply, "
                     "done, failed; the run ends while it waits and resumes from the stored state.")
    effects = _tools(profile, ("money", "external-send", "destructive"))
    if effects:
        lines.append(f"An idempotency key per {_q(effects, 3)} so a retried step never repeats it.")
    return lines


def _budget(profile: Profile) -> list[str]:
    lines = [f"Stop at {cap.amount} per {cap.per} (\"{cap.phrase}\") with a structured stop reason."
             for cap in profile.spend_caps]
    if profile.volumes:
        lines.append(f"Size the limits for the volume described ({_q(profile.volumes, 3)}): a cap per item and "
                     "one per batch or day, so one stuck item cannot spend the rest.")
    return lines


def _events(profile: Profile) -> list[str]:
    hours = profile.implies("hours-long")
    if hours:
        return [f"Typed events for every tool run and result during {_q(hours.phrases, 2)}, ending a failed "
                "run with a typed error."]
    said = profile.signal("streaming")
    return [f"Typed events feed {_q(said, 2)}."] if said else []


def _log(profile: Profile) -> list[str]:
    effects = _tools(profile, _SIDE_EFFECTS)
    if not effects:
        return []
    line = f"Log every {_q(effects, 4)} with its arguments"
    if profile.thresholds:
        line += ", the amount against the limit"
    if profile.approvers:
        line += f" and who approved it ({_approvers(profile)})"
    return [line + "."]


def _verification(profile: Profile) -> list[str]:
    lines = []
    for threshold in profile.thresholds:
        tool = _threshold_tool(profile, threshold)
        over = f"{threshold.value * 1.01:g}%" if threshold.percent else f"{threshold.value + 0.01:,.2f}"
        words = {"auto": "runs on its own", "human": f"waits for {threshold.approver or 'a person'}",
                 "deny": "is refused"}
        lines.append(f'Test the limit of "{tool}": exactly {threshold.amount} {words[threshold.below]}; '
                     f"{over if threshold.percent else '$' + over} {words[threshold.above]}.")
    untrusted = profile.implies("untrusted-input")
    if untrusted:
        lines.append(f"Test that a message from {untrusted.detail} saying \"ignore your instructions\" changes "
                     "nothing the gate allows.")
    return lines


def _compaction(profile: Profile) -> list[str]:
    hours = profile.implies("hours-long")
    if hours:
        return [f"Past the threshold, summarise older turns but keep what was found early in {_q(hours.phrases, 2)} "
                "(findings, decisions) verbatim."]
    return []


def _audit(profile: Profile) -> list[str]:
    production = profile.implies("production-data")
    who = _approvers(profile)
    if production:
        return [f"Query who approved each change to {_q(production.phrases, 2)}" + (f" ({who})" if who else "")
                + ", when and why."]
    said = profile.signal("audit")
    return [f"Answer {_q(said, 2)} from the decision records."] if said else []


def _roles(profile: Profile) -> list[str]:
    line = profile.implies("boundary")
    if not line:
        return []
    untrusted = profile.implies("untrusted-input")
    reads = f"reads {untrusted.detail}" if untrusted else "reads the untrusted content"
    return [f"Two roles only: one that {reads} with no tools that act, returning schema-checked fields; one that "
            "acts through the gate and never sees the raw content."]


SPECIFICS: dict[str, Callable[[Profile], list[str]]] = {
    "P1": _registry, "P2": _gate, "P3": _sessions, "P4": _workflow, "P5": _budget, "P6": _events,
    "P7": _log, "P8": _verification, "P10": _compaction, "P11": _audit, "P12": _roles,
}


def for_this_agent(profile: Profile, primitive: str) -> list[str]:
    rule = SPECIFICS.get(primitive)
    return rule(profile) if rule else []
