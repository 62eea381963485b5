"""An agent client's configuration judged as a harness (`mode: agent-config`).

When a repository's harness is Claude Code or Codex driven by its settings, the primitives are
judged from the controls those settings set (credited through `rubrics/clients/agent-clients.yaml`),
from the hooks they register read together with the scripts they run (a hook counts as a gate
only when its script can deny a call after testing it), and from what the instruction files
tell the model (verify commands, a never-list: weak, the model reads them but nothing enforces
them). A project with agent code too keeps its code verdicts and gets the set-up's own
`config_status` beside each.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.facts.agent_config.features import feature_evidence, load_client_features
from analyzer.facts.model import Evidence, FileFacts, HookAction, HookRef
from analyzer.finding_factory import FindingFactory, primitive_message
from analyzer.judge.doc_findings import configs, documents
from analyzer.judge.findings import primitive_severity
from analyzer.judge.scope import Scope
from analyzer.judge.verdicts import evidence_items, status_of
from analyzer.domain import ExposureItem, ExposureProfile, Finding, Verdict
from analyzer.rubric import Rubric

AGENT_CONFIG = "agent-config"
MIXED = "code+agent-config"
_CLIENT_KINDS = {"config:claude-code": "claude-code", "config:codex": "codex", "config:gemini-cli": "gemini-cli"}
_GATE_EVENTS = ("PreToolUse", "PermissionRequest")
_TOOL_EVENTS = ("PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest")
_TEST_EVENTS = ("PostToolUse", "Stop", "SubagentStop", "TaskCompleted")
_EVERY_TOOL = ("", "*", ".*")


SOFT_BLOCK_RULE = "HA215"


@dataclass
class ClientSetup:
    clients: list[str]  # client ids found (claude-code, codex)
    anchor: tuple[str, int]  # the main configuration file, where missing primitives point
    controls: list[Evidence]
    soft_blocks: list[tuple[str, int, str]]  # (path, line, detail): a guard's exit that blocks nothing


def client_setup(scope: Scope) -> ClientSetup | None:
    """The agent clients this project configures, and every control of their set-up."""
    files = sorted((f for f in configs(scope) if f.signals & set(_CLIENT_KINDS)), key=_anchor_rank)
    if not files:
        return None
    clients = sorted({_CLIENT_KINDS[s] for f in files for s in f.signals if s in _CLIENT_KINDS})
    controls = [c for f in configs(scope) for c in f.controls]
    by_path = {f.path: f for f in scope.files if not f.skipped}
    soft_blocks = []
    for facts in files:
        for ref in facts.hook_refs:
            controls += hook_controls(ref, by_path)
            soft_blocks += _soft_blocks(ref, by_path)
    controls += _instruction_controls(scope)
    # Tests of the guardrails, found by the code analysis of the test files.
    controls += [e for f in scope.tests for e in f.evidence if e.primitive == "P8" and e.component == "guardrail-tests"]
    features = load_client_features()
    for client in clients:
        home = next(f for f in files if any(_CLIENT_KINDS.get(s) == client for s in f.signals))
        built_in = features.clients[client].built_in
        controls += feature_evidence(built_in, home.path, 1, features.feature(built_in).description)
    return ClientSetup(clients, (files[0].path, 1), sorted(set(controls)), sorted(set(soft_blocks)))


def _anchor_rank(facts: FileFacts) -> tuple:
    name = facts.path.rsplit("/", 1)[-1]
    order = ("settings.json", "config.toml", "settings.local.json")  # .claude/ sorts before .gemini/
    return (facts.path.count("/"), order.index(name) if name in order else len(order), facts.path)


def hook_controls(ref: HookRef, files: dict[str, FileFacts]) -> list[Evidence]:
    """What one registered hook provides, judged from what its script (or its shell text) does.
    A script the audit did not read provides nothing."""
    if ref.script:
        script = files.get(ref.script)
        if script is None:
            return []
        actions, path = script.hook_actions, ref.script
    else:
        actions, path = list(ref.inline), ref.path
    where = f"{ref.event} hook on {ref.matcher or 'every tool'}"
    source = f"`{ref.script}`" if ref.script else "its command"

    def at(action: HookAction | None) -> int:
        return action.line if action is not None and ref.script else ref.line

    found: list[Evidence] = []
    denies = [a for a in actions if a.kind == "deny" and a.on_input]
    if ref.event in _GATE_EVENTS and denies:
        feature = "claude.hook-denies" if ref.matcher in _EVERY_TOOL or "Bash" in ref.matcher \
            else "claude.hook-denies-some-tools"
        found += feature_evidence(feature, path, at(denies[0]),
                                  f"{where}: {source} {denies[0].detail} after testing the call")
    records = [a for a in actions if a.kind == "record"]
    if ref.event in _TOOL_EVENTS and records:
        decisions = [a for a in records if a.decision and a.structured]
        if ref.event in _GATE_EVENTS and denies and decisions:
            found += feature_evidence("claude.hook-records-decisions", path, at(decisions[0]),
                                      f"{where}: {source} {decisions[0].detail}, with the decision")
        structured = [a for a in records if a.structured]
        first = (structured or records)[0]
        found += feature_evidence("claude.hook-logs-tool-use" if structured else "claude.hook-logs-text", path,
                                  at(first), f"{where}: {source} {first.detail}")
    tests = [a for a in actions if a.kind == "test"]
    if ref.event in _TEST_EVENTS and tests:
        blocking = any(a.kind == "deny" for a in actions)
        found += feature_evidence("claude.hook-runs-tests" if blocking else "claude.hook-runs-tests-advisory",
                                  path, at(tests[0]), f"{where}: {source} {tests[0].detail}")
    return found


def _soft_blocks(ref: HookRef, files: dict[str, FileFacts]) -> list[tuple[str, int, str]]:
    """A permission hook whose only answer to a call it tested is an exit code Claude Code ignores."""
    script = files.get(ref.script) if ref.script else None
    actions = script.hook_actions if script is not None else list(ref.inline)
    if ref.event not in _GATE_EVENTS or any(a.kind == "deny" and a.on_input for a in actions):
        return []
    path = ref.script or ref.path
    return [(path, a.line if ref.script else ref.line, f"{ref.event} hook on {ref.matcher or 'every tool'} {a.detail}")
            for a in actions if a.kind == "soft-exit"]


def setup_rule_findings(rubric: Rubric, setup: ClientSetup) -> list[Finding]:
    factory = FindingFactory(rubric)
    for path, line, detail in setup.soft_blocks:
        factory.rule(SOFT_BLOCK_RULE, path, line, detail, f"soft-block|{detail}", confidence="high")
    return factory.findings()


def _instruction_controls(scope: Scope) -> list[Evidence]:
    found: list[Evidence] = []
    for facts in documents(scope):
        doc = facts.doc
        if doc.role != "instructions":
            continue
        if doc.verify:
            first = doc.verify[0]
            commands = ", ".join(dict.fromkeys(f"`{v.term or v.text}`" for v in doc.verify[:3]))
            found += feature_evidence("instructions.verify-commands", facts.path, first.line,
                                      f"{facts.path} tells the model to verify with {commands}")
        if doc.prohibitions:
            first = min(doc.prohibitions.values(), key=lambda d: d.line)
            topics = ", ".join(sorted(doc.prohibitions))
            found += feature_evidence("instructions.never-list", facts.path, first.line,
                                      f"{facts.path} forbids: {topics}")
    return found


def judge_setup(rubric: Rubric, setup: ClientSetup, verdicts: list[Verdict], replace: bool) -> None:
    """Set each verdict's `config_status` (and, when the set-up is the whole harness, its status,
    missing components and config evidence) from the set-up's controls."""
    features = load_client_features()
    not_applicable = set.intersection(*(set(features.clients[c].not_applicable) for c in setup.clients))
    for verdict in verdicts:
        primitive = rubric.primitive(verdict.id)
        known = {c.id for c in primitive.evidence}
        used = [c for c in setup.controls if c.primitive == verdict.id and c.component in known]
        if verdict.id in not_applicable:
            status, missing = "not-applicable", []
        else:
            status, missing = status_of(primitive, used)
        verdict.config_status = status
        verdict.config_evidence = evidence_items(used)
        if replace:  # the set-up is the whole harness: its controls are the verdict's evidence
            verdict.status, verdict.missing, verdict.evidence = status, missing, verdict.config_evidence


def setup_exposure(setup: ClientSetup) -> ExposureProfile:
    path, line = setup.anchor
    clients = load_client_features().clients
    items = [ExposureItem("shell", path, line, clients[c].exposure) for c in setup.clients]
    return ExposureProfile("high", ["shell", "file-write"], items)


def setup_findings(rubric: Rubric, setup: ClientSetup, verdicts: list[Verdict], profile: ExposureProfile) -> list[Finding]:
    """A finding per missing or partial primitive of a set-up that is the whole harness: a partial
    one points at its own strongest evidence, a missing one at the main configuration file."""
    factory = FindingFactory(rubric)
    path, line = setup.anchor
    for verdict in verdicts:
        if verdict.status not in ("absent", "partial"):
            continue
        primitive = rubric.primitive(verdict.id)
        at = verdict.config_evidence[0] if verdict.status == "partial" and verdict.config_evidence else None
        factory.primitive(verdict, primitive_severity(primitive, verdict.status, profile),
                          primitive_message(primitive, verdict, path if verdict.status == "absent" else ""),
                          at.path if at else path, at.line if at else line, confidence="medium")
    return factory.findings()
