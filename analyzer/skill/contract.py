"""`references/output-contract.md`: what every field of the JSON output means.

The list of fields is not written here: it is read off a real report document (`report_document` of the sample
report, which fills every list), so a field added to the report shows up in the page at the
next `harness-audit skill build`, and `tests/packaging` fails until it has a description below.
"""

from __future__ import annotations

import json
import re
from typing import Any

from analyzer.design.lexicon import ACTION_KINDS, SCALES, SESSION_LENGTHS
from analyzer.design.profile import AUTONOMY_VALUES, SHAPE_VALUES
from analyzer.domain import STATUSES
from analyzer.report.json_format import report_document
from analyzer.rubric import SEVERITIES, Rubric
from analyzer.skill.references import GENERATED, cell, contents
from analyzer.skill.sample import sample_plan, sample_report

AUDIT_HEADING = "Audit: `harness-audit audit PATH --format json`"
DESIGN_HEADING = 'Design: `harness-audit design "PROMPT" --format json`'


def _choices(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


# One line per JSON path of the audit report; `[]` marks the items of a list.
FIELDS = {
    "schema_version": "Version of this document's shape. A major change means fields were renamed or removed.",
    "tool_version": "harness-audit version that wrote the report.",
    "mode": "`code` (an audit of code, configs and docs), `design-review` (a Markdown design judged on "
            "its own claims, when the audited path is a single document), `agent-config` (no agent code: the "
            "harness is a Claude Code or Codex configuration, judged from its settings, hooks and the scripts "
            "they run, agent definitions and instruction files) or `code+agent-config` (both: code verdicts, "
            "the set-up's own in `config_status`).",
    "agent_detected": "false when no model call, agent framework, tool-dispatch harness or agent-client "
                      "configuration was found: then no primitive applies and there are no primitive findings.",
    "summary": "One sentence: how many primitives are present, partial, absent, and how many findings.",
    "frameworks": "SDKs and agent frameworks recognised in the code (ids as in the rubric's `frameworks`).",
    "primitives": "One verdict per primitive P1-P12, in rubric order.",
    "primitives[].id": "P1 ... P12.",
    "primitives[].slug": "Stable name, e.g. `token-budget`.",
    "primitives[].title": "Title from the rubric.",
    "primitives[].tier": "`foundation` (P1-P8, day one) or `maturity` (P9-P12, later).",
    "primitives[].status": f"One of {_choices(STATUSES)}.",
    "primitives[].evidence": "What was found, each with a location: open these to confirm.",
    "primitives[].evidence[].path": "File, relative to the audited folder.",
    "primitives[].evidence[].line": "1-based line.",
    "primitives[].evidence[].detail": "What the analyzer saw there, in words.",
    "primitives[].evidence[].component": "Evidence component id from the rubric (e.g. `turn-limit`).",
    "primitives[].evidence[].strength": "`full`, or `weak` (weak evidence alone makes a primitive partial).",
    "primitives[].missing": "Required components with no full-strength evidence: look for these yourself "
                            "before calling them absent.",
    "primitives[].discounted": "Evidence found in code nothing in the project calls; it does not count. "
                               "Check whether it is wired up somewhere the analyzer cannot see.",
    "primitives[].discounted[].path": "As in `evidence`.",
    "primitives[].discounted[].line": "As in `evidence`.",
    "primitives[].discounted[].detail": "As in `evidence`.",
    "primitives[].discounted[].component": "As in `evidence`.",
    "primitives[].discounted[].strength": "As in `evidence`.",
    "primitives[].claims": "What the project's documents say about the primitive. Shown beside the "
                           "evidence, never counted as evidence: a firm claim with no code is drift.",
    "primitives[].claims[].path": "Document.",
    "primitives[].claims[].line": "Line of the claim.",
    "primitives[].claims[].firmness": "`mechanism` (says how it works), `mention` or `aspiration` (a plan, a TODO).",
    "primitives[].claims[].heading": "The heading the claim sits under.",
    "primitives[].claims[].text": "The claim, quoted.",
    "primitives[].config_evidence": "Controls set in agent config files (`.claude/settings.json`, "
                                    "`.mcp.json`, `.codex/config.toml`), the hook scripts they run, agent and "
                                    "command definitions and instruction files, items shaped as in `evidence`.",
    "primitives[].config_status": "The agent-client set-up's own verdict for the primitive (`present`, "
                                  "`partial`, `absent`, `not-applicable`); empty when no client is configured.",
    "exposure": "What the agent's tools can reach: this scales how much a missing gate matters.",
    "exposure.level": "`high` (shell, code execution, payments, deletes, messages, network sends, "
                      "database writes), `medium` (other side effects such as file writes), `low` "
                      "(read-only tools), `none` (no agent).",
    "exposure.kinds": "Side-effect kinds reached, most dangerous first.",
    "exposure.items": "Where each side effect is reached.",
    "exposure.items[].kind": "e.g. `shell`, `file-write`, `payments`.",
    "exposure.items[].path": "File.",
    "exposure.items[].line": "Line.",
    "exposure.items[].detail": "What was seen there.",
    "findings": "Everything to fix, most severe first.",
    "findings[].id": "Stable fingerprint: survives edits that only move lines (baselines and SARIF use it).",
    "findings[].rule": "A rule id (`HA101`, see rules.md) or a primitive id (`P5`) when the finding "
                       "is a missing or partial primitive.",
    "findings[].primitive": "The primitive the finding belongs to.",
    "findings[].severity": f"One of {', '.join(SEVERITIES)}.",
    "findings[].title": "Short title from the rubric.",
    "findings[].message": "What is wrong, with the detail seen in the code in parentheses.",
    "findings[].path": "Where to look (for a missing primitive: where the fix goes: the agent loop, the "
                       "dispatcher, or the agent code that calls the model; never an import).",
    "findings[].line": "1-based line.",
    "findings[].remediation": "The first fix, from the rubric.",
    "findings[].confidence": "How strong the evidence is, apart from severity: `high` (matched on the line, or "
                             "nothing found in plain agent code), `medium` (weak evidence, or read from prose), "
                             "`low` (a guess: no tool identified, every side effect counted). Check `low` "
                             "findings against the code before reporting them as certain.",
    "findings[].suppressed": "true when an inline `harness-audit: ignore[...]` comment covers it; "
                             "suppressed findings never fail the run.",
    "findings[].suppression_reason": "The reason written in that comment (empty when none).",
    "findings[].severity_reason": "Why the severity differs from `harness-audit rubric` (\"raised from high: the agent's "
                                  "tools reach shell\", or the configuration's override); empty when it does not. "
                                  "Say it when you report the finding.",
    "upgrade_path": "What to do first: one step per primitive that is missing, partial or has a rule hit, "
                    "the most urgent first (critical and high), a dependency moved ahead of the step that "
                    "needs it.",
    "upgrade_path[].order": "1-based position.",
    "upgrade_path[].primitive": "Primitive id.",
    "upgrade_path[].title": "Primitive title.",
    "upgrade_path[].status": "`absent`, `partial`, or `present` (only rule hits to fix).",
    "upgrade_path[].severity": "The most severe unsuppressed finding of the primitive: its own or a rule hit under it.",
    "upgrade_path[].depends_on": "Primitives to build first.",
    "upgrade_path[].steps": "The rule hits' fixes, then the rubric's steps, in order.",
    "upgrade_path[].rules": "Rule hits under this primitive (HA103...).",
    "upgrade_path[].needed_by": "More urgent later steps that wait on this one (why it comes first).",
    "upgrade_path[].reason": "Why the step stands where it does, in words.",
    "upgrade_path[].where": "The files and functions to change in this project.",
    "upgrade_path[].where[].path": "File, relative to the audited folder.",
    "upgrade_path[].where[].line": "1-based line.",
    "upgrade_path[].where[].function": "Function or method holding the line (empty at module level).",
    "upgrade_path[].where[].what": "The finding (HA103, P5) or harness part (dispatcher, agent-loop) found there.",
    "suggested_tests": "Tests that prove each upgrade step; `--emit-tests DIR` writes them as pytest files.",
    "suggested_tests[].primitive": "Primitive id.",
    "suggested_tests[].name": "Test function name.",
    "suggested_tests[].checks": "What the test must prove.",
    "suggested_tests[].file": "File `--emit-tests` writes it to.",
    "verdict": "Whether the run fails, and why.",
    "verdict.fail_on": "The `--fail-on` threshold (`none` fails on nothing).",
    "verdict.failing_findings": "Unsuppressed findings at or above the threshold.",
    "verdict.exit_code": "0 or 1, as the process exits (2 is a usage error and writes no report).",
    "verdict.suppressed": "Findings covered by an inline suppression.",
    "verdict.baselined": "Findings left out because the `--baseline` file lists them.",
    "files": "What was read.",
    "files.path_prefix": "The audited folder relative to the repository root (empty when it is the root).",
    "files.cwd_prefix": "The audited folder relative to the working directory the audit ran in (absolute when "
                        "outside it; empty when it is that folder); text, markdown, concise and html show paths "
                        "with it.",
    "files.scanned": "Files analysed.",
    "files.skipped": "Files not analysed, with the reason (syntax errors, size, encoding).",
    "files.skipped[].path": "File.",
    "files.skipped[].reason": "Why it was skipped.",
    "files.skipped[].line": "Where a malformed config or document stops parsing (null otherwise).",
    "anatomy": "The agent as the project model sees it (empty when no agent code): `entry_points`, `model_calls`, "
               "`loops` (with `bounded`/`bound`), `dispatches`, and `tools`, each tool with the side-effect `sinks` it "
               "reaches through the call graph across files and whether each is `gated`. Every site has `path`, `line`, "
               "`function` and `reachable` (from an entry point).",
    "documents": "The Markdown documents read (CLAUDE.md, AGENTS.md, design docs).",
    "documents[].path": "Document.",
    "documents[].role": "`instructions` (CLAUDE.md, AGENTS.md) or `design`.",
    "documents[].size_bytes": "Size; instruction files are judged against their clients' limits.",
    "documents[].lines": "Line count.",
    "documents[].primitives": "Primitive id (`P2`) to the firmest claim the document makes about it: "
                              "`mechanism`, `mention` or `aspiration`.",
}

# Objects whose keys are data (primitive ids), not field names.
MAPS = {"documents[].primitives"}

# The design plan (`harness-audit design --format json`), one line per JSON path. Each trait of
# the profile is `{value, reason, assumed}`, described once under `profile.<trait>`.
PROFILE_TRAIT = re.compile(r"^profile\.[a-z_]+\.(value|reason|assumed|components)$")
DESIGN_FIELDS = {
    "schema_version": "`harness-audit/design/v1`.",
    "tool_version": "harness-audit version that wrote the plan.",
    "shape": f"Harness shape: {_choices(SHAPE_VALUES)}.",
    "profile": "What was read from the description. Each trait below is `{value, reason, assumed}`: "
               "`assumed: true` means the description did not say, so it is a question to ask.",
    "profile.source": "`prompt`, or the answers file given with `--from`.",
    "profile.description": "The user's words.",
    "profile.shape": "The shape, with the cues that chose it.",
    "profile.actions": "Each action the agent takes, with its risk.",
    "profile.actions[].risk": f"{_choices(ACTION_KINDS)}.",
    "profile.actions[].phrases": "The words of the description it came from.",
    "profile.actions[].reason": "Why this risk.",
    "profile.actions[].assumed": "true when no word of the description named it.",
    "profile.risk": "The riskiest action.",
    "profile.autonomy": f"{_choices(AUTONOMY_VALUES)}.",
    "profile.session_length": f"{_choices(SESSION_LENGTHS)}.",
    "profile.scale": f"{_choices(SCALES)}.",
    "profile.users": "Who uses it.",
    "profile.multi_agent": "Whether the description asks for several agents.",
    "profile.signals": "Other cues found (free-form).",
    "profile.over_ambition": "What the description asks for beyond what its foundations can carry.",
    "profile.constraints": "Constraints the user stated.",
    "profile.ignored": "Words read but not counted as actions (negated, a topic, someone else's act, "
                       "what the agent reads), each with why.",
    "profile.actions[].tools": "Each action with what it acts on, in the user's words "
                               "(\"refund up to $50 automatically\").",
    "profile.thresholds": "Limits on actions with their direction kept.",
    "profile.thresholds[].amount": "The limit as written (`$50`, `10%`).",
    "profile.thresholds[].value": "The limit as a number.",
    "profile.thresholds[].below": "At or below the limit: `auto` (runs on its own), `human` (waits for the "
                                  "approver) or `deny`.",
    "profile.thresholds[].above": "Above the limit: `auto`, `human` or `deny`.",
    "profile.thresholds[].approver": "Who approves the `human` side; empty when unnamed.",
    "profile.thresholds[].channel": "How the approver is asked (Slack, SMS); empty when unnamed.",
    "profile.thresholds[].phrase": "The user's clauses.",
    "profile.thresholds[].assumed_side": "`below` or `above` when that side was not stated (ask).",
    "profile.spend_caps": "Cost ceilings for the budget (\"no more than $20 per question\").",
    "profile.spend_caps[].amount": "As written.",
    "profile.spend_caps[].value": "As a number.",
    "profile.spend_caps[].per": "What the cap is per (question, night, run).",
    "profile.spend_caps[].phrase": "The user's clause.",
    "profile.approvers": "Everyone named as approving something.",
    "profile.approvers[].who": "The approver as written (`you` for the user).",
    "profile.approvers[].channel": "How they are asked; empty when unnamed.",
    "profile.implied": "Needs the description implies without naming them.",
    "profile.implied[].name": "`waits`, `hours-long`, `production-data`, `code-execution`, `untrusted-input` "
                              "or `boundary`.",
    "profile.implied[].phrases": "The user's words that imply it.",
    "profile.implied[].detail": "For untrusted input, the kinds of source.",
    "profile.sensitive_data": "Sensitive data the agent reads (must not leak through what it sends).",
    "profile.names": "Products, people and systems the description names.",
    "profile.volumes": "How much work a run or batch covers, as written.",
    "primitives": "The primitives to build, phase 1 first.",
    "primitives[].id": "P1 ... P12 (rubric.md).",
    "primitives[].slug": "Stable name.",
    "primitives[].title": "Title from the rubric.",
    "primitives[].phase": "The phase that builds it, from 1.",
    "primitives[].why": "Why this agent needs it, in its own terms.",
    "deferred": "Primitives deliberately left out.",
    "deferred[].id": "Primitive id.",
    "deferred[].slug": "Stable name.",
    "deferred[].title": "Title from the rubric.",
    "deferred[].reason": "Why not now.",
    "deferred[].trigger": "What would make it worth building.",
    "phases": "Phase 1 is the minimum safe harness; later phases add what real use and scale need.",
    "phases[].number": "From 1.",
    "phases[].title": "Short title.",
    "phases[].goal": "What the phase achieves.",
    "phases[].primitives": "Primitive ids built in the phase.",
    "phases[].deliverables": "Per primitive, the rubric's steps.",
    "phases[].deliverables[].primitive": "Primitive id.",
    "phases[].deliverables[].title": "Primitive title.",
    "phases[].deliverables[].steps": "What to build, in order.",
    "phases[].deliverables[].for_this_agent": "What the primitive must do for this agent, in the "
                                              "description's own nouns (its tools, limits, approvers, sources).",
    "phases[].verification": "The tests that prove the phase works.",
    "phases[].verification[].primitive": "Primitive id.",
    "phases[].verification[].test": "Test function name.",
    "phases[].verification[].checks": "What the test must prove.",
    "pushback": "Sentences that push back on the request (for example several agents before the "
                "foundations); empty when nothing is pushed back. Say them to the user plainly.",
    "assumptions": "What was assumed where the description was silent: confirm or correct these.",
}


def json_fields(value: Any, prefix: str = "", found: dict[str, str] | None = None) -> dict[str, str]:
    """Every key path in a JSON value with its type, lists written `name[]` and merged over all
    their items, in document order."""
    found = {} if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.setdefault(path, _type_name(item))
            if path not in MAPS:
                json_fields(item, path, found)
    elif isinstance(value, list):
        for item in value:
            json_fields(item, f"{prefix}[]", found)
    return found


def report_fields(rubric: Rubric) -> dict[str, str]:
    """The JSON paths of a real audit report, with their types."""
    return json_fields(report_document(sample_report(rubric)))


def plan_fields(rubric: Rubric) -> dict[str, str]:
    """The JSON paths of a real design plan, with their types (profile traits folded)."""
    return {path: kind for path, kind in json_fields(sample_plan(rubric)).items() if not PROFILE_TRAIT.match(path)}


def undocumented_fields(rubric: Rubric) -> list[str]:
    return ([path for path in report_fields(rubric) if path not in FIELDS]
            + [f"design: {path}" for path in plan_fields(rubric) if path not in DESIGN_FIELDS])


def render_contract(rubric: Rubric) -> str:
    report = report_document(sample_report(rubric))
    out = [
        GENERATED,
        "",
        "# Output contract",
        "",
        *contents([AUDIT_HEADING, DESIGN_HEADING]),
        f"## {AUDIT_HEADING}",
        "",
        "Exit codes: `0` no unsuppressed finding at or above `--fail-on` (default `high`); `1` at",
        "least one; `2` usage or configuration error (message on stderr, no report). Use",
        "`--fail-on none` when you only want to read the report.",
        "",
        f"Severities, most severe first: {', '.join(f'`{s}`' for s in SEVERITIES)}. "
        f"Statuses: {', '.join(f'`{s}`' for s in STATUSES)}.",
        "",
        "| field | type | meaning |",
        "|---|---|---|",
    ]
    for path, kind in report_fields(rubric).items():
        out.append(f"| `{path}` | {kind} | {cell(FIELDS.get(path, '(not described yet)'))} |")
    excerpt = {
        **{k: report[k] for k in ("schema_version", "agent_detected", "summary", "frameworks")},
        "primitives": [p for p in report["primitives"] if p["evidence"] or p["discounted"]][:2],
        "exposure": report["exposure"],
        "findings": report["findings"][:2],
        "upgrade_path": report["upgrade_path"][:1],
        "suggested_tests": report["suggested_tests"][:1],
        "verdict": report["verdict"],
        "files": report["files"],
    }
    out += [
        "",
        "An excerpt (lists cut short) of the report of the made-up project in examples.md:",
        "",
        "```json",
        json.dumps(excerpt, indent=2, ensure_ascii=False),
        "```",
        "",
        f"## {DESIGN_HEADING}",
        "",
        "Exit code 0 with a plan, 2 for a usage error. `--from FILE` takes the answers as YAML and",
        "`--interactive` asks what the description leaves open (`harness-audit design --help`).",
        "",
        "| field | type | meaning |",
        "|---|---|---|",
    ]
    for path, kind in plan_fields(rubric).items():
        out.append(f"| `{path}` | {kind} | {cell(DESIGN_FIELDS.get(path, '(not described yet)'))} |")
    plan = sample_plan(rubric)
    excerpt = {
        **{k: plan[k] for k in ("shape", "assumptions", "pushback")},
        "profile": {k: plan["profile"][k] for k in ("actions", "autonomy")},
        "primitives": plan["primitives"][:1],
        "deferred": plan["deferred"][:1],
        "phases": [{**plan["phases"][0], "deliverables": plan["phases"][0]["deliverables"][:1],
                    "verification": plan["phases"][0]["verification"][:1]}],
    }
    out += [
        "",
        "An excerpt (lists cut short) of the plan for the refund bot in examples.md:",
        "",
        "```json",
        json.dumps(excerpt, indent=2, ensure_ascii=False),
        "```",
    ]
    return "\n".join(out) + "\n"


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "object"}.get(
        type(value), "any")
