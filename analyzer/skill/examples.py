"""`references/examples.md`: a worked audit, from the JSON to the answer, and a worked design,
from the plan to the hand-over. The report and the plan are the samples of
analyzer/skill/sample.py; every sentence about a primitive or rule is the rubric's.
"""

from __future__ import annotations

from collections import defaultdict

from analyzer.domain import Report
from analyzer.rubric import Rubric, severity_rank
from analyzer.skill.references import GENERATED, cell, contents, one_line
from analyzer.skill.sample import DESIGN_PROMPT, PROJECT, REQUEST, SWARM_PROMPT, sample_plan, sample_report

EVALUATION_HEADING = "1. Evaluation, from the JSON to the answer"
DESIGN_HEADING = "2. Design, from the plan to the hand-over"
SHOWN_STEPS = 3  # upgrade steps worked out in full in the example answer


def render_examples(rubric: Rubric) -> str:
    report = sample_report(rubric)
    out = [
        GENERATED,
        "",
        "# Worked examples",
        "",
        *contents([EVALUATION_HEADING, DESIGN_HEADING]),
        f"## {EVALUATION_HEADING}",
        "",
        f"The user says: \"{REQUEST}\" The project (`{PROJECT}`, made up for this page) is a",
        "support bot on the raw Anthropic SDK: a `while True` loop in `agent.py`, tools in",
        "`tools.py`, one of which runs shell commands.",
        "",
        "### Run",
        "",
        "```bash",
        "harness-audit audit . --format json --fail-on none",
        "```",
        "",
        "### What the report says",
        "",
        f"`summary`: {report.summary}",
        "",
        f"`exposure`: **{report.exposure.level}**, " + ", ".join(
            f"{i.kind} at `{i.path}:{i.line}` ({i.detail})" for i in report.exposure.items) + ".",
        "",
        "| severity | rule | where | title |",
        "|---|---|---|---|",
    ]
    out += [f"| {f.severity} | {f.rule} | `{f.path}:{f.line}` | {cell(f.title)} |" for f in report.findings]
    out += ["", "### What you check before answering", ""]
    out += _checks(rubric, report)
    out += ["", "### The answer", ""]
    out += _answer(rubric, report)
    out += ["", f"## {DESIGN_HEADING}", ""]
    out += _design(rubric)
    return "\n".join(out).rstrip() + "\n"


def _checks(rubric: Rubric, report: Report) -> list[str]:
    out = []
    by_id = {v.id: v for v in report.primitives}
    for finding in report.findings:
        if finding.rule.startswith("HA"):
            out.append(f"- `{finding.path}:{finding.line}` ({finding.rule}): open it and confirm the pattern. "
                       f"The rule: {one_line(rubric.rule(finding.rule).message)}")
    for v in report.primitives:
        for item in v.evidence:
            out.append(f"- {v.id} is `{v.status}` on `{item.path}:{item.line}` ({item.detail}); it still lacks "
                       f"{', '.join(f'`{c}`' for c in v.missing)}. Search for those before agreeing; for "
                       f"{v.id} this does not count: \"{one_line(rubric.primitive(v.id).not_evidence[0])}\"")
        for item in v.discounted:
            out.append(f"- {v.id} lists `{item.path}:{item.line}` as discounted ({item.detail}): nothing calls "
                       "it. Confirm with a search for its name; if it is called from a place the analyzer "
                       f"cannot see (a framework hook, another repository), say so and rate {v.id} yourself.")
        for claim in v.claims:
            out.append(f"- `{claim.path}:{claim.line}` says of {v.id} ({claim.firmness}): \"{one_line(claim.text)}\" "
                       f"A document is not evidence: with {v.id} `{v.status}` in code, name the gap between what "
                       "the document promises and what the code does.")
    gate = by_id.get("P2")
    if gate is not None and gate.status == "absent":
        out.append("- P2 is absent. Before agreeing, look for a gate the analyzer may have missed: a callback "
                   "passed to the SDK, a decorator from another package, a hook in `.claude/settings.json`. "
                   "If you find one, correct the verdict in your own words, with its location: \"The report "
                   "says P2 absent; `settings.py:12` passes `can_use_tool=approve`, which asks before every "
                   "call, but no tool is classified, so P2 is partial.\"")
    return out


def urgent_first(rubric: Rubric, report: Report) -> list:
    """The upgrade steps with the most severe ones, and what they depend on, moved to the front
    (dependency order kept). What the skill asks a reviewer to do when a critical gap waits
    behind milder steps it does not need."""
    steps = {s.primitive: s for s in report.upgrade_path}
    worst = min((severity_rank(s.severity) for s in steps.values()), default=None)
    pulled: list[str] = []

    def pull(pid: str) -> None:
        for dependency in rubric.primitive(pid).depends_on:
            if dependency in steps:
                pull(dependency)
        if pid not in pulled:
            pulled.append(pid)

    for step in report.upgrade_path:
        if severity_rank(step.severity) == worst:
            pull(step.primitive)
    return [steps[p] for p in pulled] + [s for s in report.upgrade_path if s.primitive not in pulled]


def _answer(rubric: Rubric, report: Report) -> list[str]:
    absent = sum(1 for v in report.primitives if v.status == "absent")
    partial = sum(1 for v in report.primitives if v.status == "partial")
    kinds = " and ".join(report.exposure.kinds)
    tier = {p.id: p.tier for p in rubric.primitives}
    out = [
        f"> **{PROJECT}** calls Claude in a loop and gives it tools that reach {kinds} (exposure "
        f"{report.exposure.level}). None of the twelve harness primitives is fully in place ({partial} partial, "
        f"{absent} absent): nothing stands between the model and its tools, nothing stops the loop, "
        "and a crash loses the session.",
        ">",
        "> **Findings**, most severe first; line-level hits sit under the primitive they belong to",
        ">",
    ]
    hits: dict[str, list] = defaultdict(list)
    for f in report.findings:
        if f.rule != f.primitive:
            hits[f.primitive].append(f)
    later = []
    for f in report.findings:
        if f.rule != f.primitive:
            continue
        if tier.get(f.primitive) == "maturity" and not hits.get(f.primitive):
            later.append(f.primitive)
            continue
        group = sorted([f, *hits.get(f.primitive, [])], key=lambda x: severity_rank(x.severity))
        out.append(f"> - **{group[0].severity}**: {f.primitive} {one_line(f.title)} is "
                   f"{next(v.status for v in report.primitives if v.id == f.primitive)}. Fix: {one_line(f.remediation)}")
        for hit in hits.get(f.primitive, []):
            out.append(f">   - `{hit.path}:{hit.line}` ({hit.rule}, {hit.severity}): {one_line(hit.message)}")
    if later:
        later.sort(key=lambda pid: rubric.primitive(pid).number)
        out.append(f"> - Later, not now: {', '.join(later)} (maturity primitives; they wait until the "
                   "foundations stand).")
    out += [">", "> **Primitives**: " + "; ".join(f"{v.id} {v.status}" for v in report.primitives) + ".", ">"]
    ordered = urgent_first(rubric, report)
    moved = [s.primitive for s in ordered[:SHOWN_STEPS]] != [s.primitive for s in report.upgrade_path[:SHOWN_STEPS]]
    out += ["> **Upgrade path**" + (" (the report's dependency order, with the most severe gap and what it "
                                    "needs moved first)" if moved else " (the report's dependency order)"), ">"]
    for number, step in enumerate(ordered[:SHOWN_STEPS], 1):
        out.append(f"> {number}. **{step.primitive} {step.title}** ({step.status}, {step.severity}). "
                   f"{one_line(step.steps[0])} (Name the file and function of the user's code that changes.)")
    rest = ", ".join(s.primitive for s in ordered[SHOWN_STEPS:])
    if rest:
        out.append(f"> Then {rest}, each with the same detail.")
    out += [">", "> **Tests that prove it**", ">"]
    for step in ordered[:SHOWN_STEPS]:
        tests = [t for t in report.suggested_tests if t.primitive == step.primitive]
        for test in tests[:2]:
            out.append(f"> - `{test.file}::{test.name}`: {one_line(test.checks)}")
    out += [
        ">",
        "> I can write them all as pytest files (`harness-audit audit . --emit-tests tests/harness`).",
        ">",
        f"> Not checked: `{report.skipped[0].path}` was skipped ({report.skipped[0].reason})."
        if report.skipped else "> Not checked: code outside this repository.",
        "",
        "Every finding appears once, grouped under its primitive, most severe first, with its",
        "location and a fix; the verdicts are the ones you confirmed; maturity gaps wait.",
    ]
    return out


# The questions worth asking when the plan had to assume a trait, most plan-changing first.
QUESTIONS = {
    "autonomy": "Does a person approve \"{risky}\" before the agent acts, or does it act on its own?",
    "session_length": "How long does one conversation or run last: a few turns, hours, days?",
    "scale": "Who uses it, and how many: you, a team, your whole company, the public?",
    "users": "Who talks to it?",
}
MAX_QUESTIONS = 3


def _design(rubric: Rubric) -> list[str]:
    plan = sample_plan(rubric)
    profile = plan["profile"]
    risky = next((" ".join(a["phrases"]) for a in profile["actions"] if a["risk"] == profile["risk"]["value"]),
                 "its riskiest action")
    traits = [name for name in QUESTIONS if isinstance(profile.get(name), dict)]
    out = [
        f"The user says: \"{DESIGN_PROMPT}\"",
        "",
        "### Run",
        "",
        "```bash",
        f'harness-audit design "{DESIGN_PROMPT}" --format json',
        "```",
        "",
        "### What the plan read, and what it assumed",
        "",
        "| trait | value | assumed | why |",
        "|---|---|---|---|",
        f"| shape | {profile['shape']['value']} | {'yes' if profile['shape']['assumed'] else 'no'} | "
        f"{cell(profile['shape']['reason'])} |",
    ]
    for action in profile["actions"]:
        out.append(f"| action | {cell(' '.join(action['phrases']))}: {action['risk']} | "
                   f"{'yes' if action['assumed'] else 'no'} | {cell(action['reason'])} |")
    for name in traits:
        trait = profile[name]
        out.append(f"| {name.replace('_', ' ')} | {trait['value']} | {'yes' if trait['assumed'] else 'no'} | "
                   f"{cell(trait['reason'])} |")
    questions = [QUESTIONS[name].format(risky=risky) for name in traits if profile[name]["assumed"]]
    out += ["", "### What you ask", ""]
    if questions:
        out += ["Only what the plan had to assume, in one message:", ""]
        out += [f"{i}. {q}" for i, q in enumerate(questions[:MAX_QUESTIONS], 1)]
        out += ["", "Re-run with the answers folded into the description (or `--from answers.yaml`), then"
                " hand over. If the user does not answer, hand over with the assumptions stated."]
    else:
        out.append("Nothing: the description settled every trait. Hand over directly.")
    out += ["", "### The hand-over", ""]
    out += _plan_answer(plan)
    swarm = sample_plan(rubric, SWARM_PROMPT)
    out += ["", "### When the request over-reaches", "",
            f"For \"{SWARM_PROMPT}\" the plan pushes back. Say it in your own words, then hand over the",
            "single-agent phase 1:", ""]
    out += [f"> {one_line(sentence)}" for sentence in swarm["pushback"]] or ["> (no pushback)"]
    foundations = ", ".join(p.id for p in rubric.primitives if p.tier == "foundation")
    out += ["", f"Foundations are {foundations}; maturity primitives wait in the deferred list with their",
            "triggers. A small read-only bot gets a small plan: do not pad it."]
    return out


def _for_this_agent(why: str) -> str:
    """The agent-specific half of a `why` ("... For this agent: ..."), else all of it."""
    marker = "For this agent:"
    return one_line(why.split(marker, 1)[1]) if marker in why else one_line(why)


def _plan_answer(plan: dict) -> list[str]:
    profile = plan["profile"]
    actions = ", ".join(f"{' '.join(a['phrases'])} ({a['risk']})" for a in profile["actions"])
    traits = [f"{profile[n]['value']}{' (assumed)' if profile[n]['assumed'] else ''}"
              for n in ("autonomy", "session_length", "scale") if isinstance(profile.get(n), dict)]
    why = {p["id"]: p for p in plan["primitives"]}
    out = [f"> **Shape and profile.** {plan['shape']}; actions: {actions}; {'; '.join(traits)}.", ">"]
    for phase in plan["phases"]:
        out.append(f"> **Phase {phase['number']}: {phase['title']}.** {one_line(phase.get('goal', ''))}")
        out.append(">")
        for pid in phase["primitives"]:
            out.append(f"> - {pid} {why[pid]['title']}: {_for_this_agent(why[pid]['why'])}")
        tests = ", ".join(f"`{t['test']}`" for t in phase["verification"])
        out += [f"> - Done when these pass: {tests}.", ">"]
    out.append("> **Deferred**")
    out.append(">")
    for item in plan["deferred"]:
        out.append(f"> - {item['id']} {item['title']}: not now, {one_line(item['reason'])} "
                   f"Build it when {one_line(item['trigger'])}")
    out += [">", "> **Assumed**: " + " ".join(one_line(a) for a in plan["assumptions"]),
            ">", "> **Pushback**: " + (" ".join(one_line(p) for p in plan["pushback"]) or "none.")]
    return out
