"""An agent client's configuration judged as the harness (`mode: agent-config`).

Realistic set-ups in tests/fixtures/agent-config/, each with its expected verdict per primitive,
the evidence lines that carry it, and decoys that must not be credited: a hook that only echoes
or exits 1, a hook that blocks everything, a deny list under a key Claude Code does not read, a
settings file under a name Claude Code never loads.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analyzer.facts.agent_config import hook_python, hook_shell
from analyzer.facts.agent_config.features import load_client_features
from analyzer.rubric import load_rubric

from tests.conftest import audit_json

SETUPS = Path(__file__).resolve().parent.parent / "fixtures" / "agent-config"


def _statuses(report: dict, key: str = "status") -> dict[str, str]:
    return {p["id"]: p[key] for p in report["primitives"]}


def _credited(report: dict) -> set[tuple[str, str, str, int, str]]:
    return {(p["id"], e["component"], e["path"], e["line"], e["strength"])
            for p in report["primitives"] for e in p["config_evidence"]}


def _paths(report: dict) -> set[str]:
    return {e["path"] for p in report["primitives"] for e in p["config_evidence"] + p["evidence"]}


# --- the verdicts of each set-up ---------------------------------------------------------------

EXPECTED = {
    "claude-careful": {
        "P1": "present", "P2": "present", "P3": "present", "P4": "not-applicable", "P5": "partial",
        "P6": "present", "P7": "present", "P8": "partial", "P9": "present", "P10": "present",
        "P11": "partial", "P12": "present",
    },
    "claude-risky": {
        "P1": "present", "P2": "absent", "P3": "present", "P4": "not-applicable", "P5": "absent",
        "P6": "present", "P7": "absent", "P8": "absent", "P9": "absent", "P10": "present",
        "P11": "absent", "P12": "absent",
    },
    "gemini-setup": {
        "P1": "present", "P2": "present", "P3": "present", "P4": "not-applicable", "P5": "partial",
        "P6": "present", "P7": "present", "P8": "partial", "P9": "present", "P10": "present",
        "P11": "absent", "P12": "absent",
    },
    "codex-setup": {
        "P1": "present", "P2": "present", "P3": "present", "P4": "not-applicable", "P5": "partial",
        "P6": "present", "P7": "absent", "P8": "partial", "P9": "present", "P10": "present",
        "P11": "absent", "P12": "present",
    },
}


@pytest.mark.parametrize("setup", sorted(EXPECTED))
def test_each_setup_is_judged_from_its_configuration(setup):
    report = audit_json(SETUPS / setup)
    assert report["mode"] == "agent-config" and report["agent_detected"] is True
    assert _statuses(report) == EXPECTED[setup]
    assert _statuses(report, "config_status") == EXPECTED[setup]
    assert report["summary"].startswith("No agent code; the harness is an agent client's configuration.")


def test_careful_claude_setup_evidence_lines():
    report = audit_json(SETUPS / "claude-careful")
    hooks = ".claude/hooks/"
    assert {
        # the PreToolUse hook's script refuses after testing the command (a `case` arm calling `refuse`)
        ("P2", "gate", hooks + "guard-bash.sh", 26, "full"),
        ("P2", "gate", ".claude/settings.json", 22, "full"),  # disableBypassPermissionsMode
        ("P2", "classification", ".claude/settings.json", 15, "full"),  # deny rules
        ("P2", "approval", ".claude/settings.json", 11, "full"),  # ask rules
        ("P2", "classification", "CLAUDE.md", 12, "weak"),  # the never-list: read by the model, not enforced
        ("P7", "structured-log", hooks + "guard-bash.sh", 13, "full"),
        ("P11", "decision-record", hooks + "guard-bash.sh", 13, "full"),  # jq -cn {decision: ...} >> decisions.jsonl
        ("P8", "self-check", hooks + "run-tests.sh", 4, "full"),  # `npm test`, exit 2 on failure
        ("P8", "self-check", "CLAUDE.md", 7, "weak"),
        ("P5", "turn-limit", ".claude/agents/invoice-reviewer.md", 5, "full"),
        ("P9", "per-run-assembly", ".claude/commands/release-notes.md", 3, "full"),
        ("P12", "typed-roles", ".claude/agents/invoice-reviewer.md", 2, "full"),
        ("P12", "enforced-tools", ".claude/agents/invoice-reviewer.md", 4, "full"),
    } <= _credited(report)
    p5 = next(p for p in report["primitives"] if p["id"] == "P5")
    assert p5["missing"] == ["token-limit"]
    found = {(f["rule"], f["path"], f["line"], f["severity"]) for f in report["findings"]}
    assert found == {
        # notify-edit.sh tests the call and exits 1: Claude Code runs the call anyway
        ("HA215", ".claude/hooks/notify-edit.sh", 7, "medium"),
        ("P5", ".claude/agents/invoice-reviewer.md", 5, "medium"),
        ("P8", ".claude/hooks/run-tests.sh", 4, "low"),
        ("P11", ".claude/hooks/guard-bash.sh", 13, "low"),
    }


def test_careful_setup_decoys_are_not_credited():
    report = audit_json(SETUPS / "claude-careful")
    # notify-edit.sh tests the input but exits 1, which Claude Code does not treat as a block.
    assert ".claude/hooks/notify-edit.sh" in report["files"]["scanned"]
    assert ".claude/hooks/notify-edit.sh" not in _paths(report)
    # settings.backup.json is not a file Claude Code loads: its deny list is neither read nor credited.
    assert ".claude/settings.backup.json" not in report["files"]["scanned"]
    assert ".claude/settings.backup.json" not in _paths(report)


def test_risky_claude_setup_findings_and_decoys():
    report = audit_json(SETUPS / "claude-risky")
    found = {(f["rule"], f["path"], f["line"], f["severity"]) for f in report["findings"]}
    assert {
        ("P2", ".claude/settings.json", 1, "critical"),  # absent, with the client's shell exposure
        ("HA211", ".claude/settings.json", 4, "high"),  # Bash(*) with nothing held back
        ("HA210", ".claude/settings.json", 9, "high"),  # bypassPermissions
        ("P5", ".claude/settings.json", 1, "high"),
    } <= found
    p2 = next(p for p in report["primitives"] if p["id"] == "P2")
    # the announce.sh hook only echoes; the deny list sits under a key Claude Code does not read.
    assert p2["config_evidence"] == [] and p2["missing"] == ["gate", "classification"]
    assert report["exposure"]["level"] == "high" and report["exposure"]["kinds"][0] == "shell"


def test_codex_setup_evidence_lines():
    report = audit_json(SETUPS / "codex-setup")
    assert {
        ("P2", "gate", ".codex/config.toml", 3, "full"),  # workspace-write sandbox
        ("P2", "approval", ".codex/config.toml", 2, "full"),  # on-request
        ("P2", "gate", ".codex/config.toml", 21, "full"),  # profile review: read-only
        ("P9", "per-run-assembly", ".codex/config.toml", 16, "full"),  # enabled_tools
        ("P5", "turn-limit", ".codex/config.toml", 9, "weak"),  # [agents] caps
        ("P12", "typed-roles", ".codex/agents/ledger-reviewer.toml", 1, "full"),
        ("P12", "enforced-tools", ".codex/agents/ledger-reviewer.toml", 3, "full"),
        ("P8", "self-check", "AGENTS.md", 7, "weak"),
    } <= _credited(report)


def test_gemini_setup_evidence_lines():
    report = audit_json(SETUPS / "gemini-setup")
    assert {
        ("P2", "gate", ".gemini/settings.json", 11, "full"),  # tools.sandbox
        ("P2", "gate", ".gemini/settings.json", 3, "weak"),  # defaultApprovalMode: default
        ("P2", "classification", ".gemini/settings.json", 13, "full"),  # tools.exclude
        ("P5", "turn-limit", ".gemini/settings.json", 8, "full"),  # model.maxSessionTurns
        ("P7", "tool-events", ".gemini/settings.json", 25, "full"),  # local telemetry file
        ("P9", "per-run-assembly", ".gemini/settings.json", 12, "full"),  # tools.core
        ("P9", "per-run-assembly", ".gemini/settings.json", 19, "full"),  # includeTools
        ("P8", "self-check", "GEMINI.md", 3, "weak"),
    } <= _credited(report)


def test_mixed_project_keeps_its_code_verdicts_and_judges_the_setup_beside_them(tmp_path):
    report = audit_json(SETUPS / "mixed-python")
    assert report["mode"] == "code+agent-config" and report["agent_detected"] is True
    p2 = next(p for p in report["primitives"] if p["id"] == "P2")
    assert p2["status"] == "absent" and p2["config_status"] == "present"
    # the Python hook denies through a helper printing permissionDecision "deny", inside the `if`
    assert ("P2", "gate", ".claude/hooks/block_prod.py", 24, "full") in _credited(report)
    # the same code without the set-up gets the same code verdicts, and no config_status
    bare = tmp_path / "bare"
    shutil.copytree(SETUPS / "mixed-python", bare)
    shutil.rmtree(bare / ".claude")
    alone = audit_json(bare)
    assert alone["mode"] == "code" and _statuses(alone) == _statuses(report)
    assert set(_statuses(alone, "config_status").values()) == {""}


def test_a_hook_whose_script_is_not_in_the_project_is_not_credited(tmp_path):
    project = tmp_path / "repo"
    shutil.copytree(SETUPS / "claude-careful", project)
    (project / ".claude" / "hooks" / "guard-bash.sh").unlink()
    report = audit_json(project)
    gates = {c for c in _credited(report) if c[:2] == ("P2", "gate")}
    assert not [g for g in gates if g[2].endswith("guard-bash.sh")]
    assert ("P11", "decision-record") not in {c[:2] for c in _credited(report)}


def test_a_hook_that_blocks_every_call_is_not_a_gate(tmp_path):
    project = tmp_path / "repo"
    shutil.copytree(SETUPS / "claude-careful", project)
    (project / ".claude" / "hooks" / "guard-bash.sh").write_text(
        "#!/usr/bin/env bash\necho 'Bash is disabled in this repository' >&2\nexit 2\n")
    gates = {c for c in _credited(audit_json(project)) if c[:2] == ("P2", "gate")}
    assert not [g for g in gates if g[2].endswith("guard-bash.sh")]


def test_a_readme_mentioning_claude_code_is_not_a_setup(write_tree):
    root = write_tree({"CLAUDE.md": "# Notes\n\nRun `make test`. Never push.\n", "app.js": "console.log(1)\n"})
    report = audit_json(root)
    assert report["mode"] == "code" and report["agent_detected"] is False


def test_same_setup_same_bytes():
    first = json.dumps(audit_json(SETUPS / "claude-careful"), sort_keys=True)
    assert first == json.dumps(audit_json(SETUPS / "claude-careful"), sort_keys=True)


# --- hook scripts: examples of gates and of scripts that only look like one ---------------------

def _gates(actions) -> list:
    return [a for a in actions if a.kind == "deny" and a.on_input]


@pytest.mark.parametrize("script", hook_shell.GATES)
def test_shell_hook_that_denies_after_testing_the_call(script):
    assert _gates(hook_shell.shell_hook_actions(script))


@pytest.mark.parametrize("script", hook_shell.NOT_GATES)
def test_shell_hook_that_cannot_deny_on_the_call(script):
    assert not _gates(hook_shell.shell_hook_actions(script))


@pytest.mark.parametrize("script", hook_python.GATES)
def test_python_hook_that_denies_after_testing_the_call(script):
    assert _gates(hook_python.python_hook_actions(script, ".claude/hooks/guard.py"))


@pytest.mark.parametrize("script", hook_python.NOT_GATES)
def test_python_hook_that_cannot_deny_on_the_call(script):
    assert not _gates(hook_python.python_hook_actions(script, ".claude/hooks/guard.py"))


def test_hook_actions_pin_their_lines():
    script = (SETUPS / "claude-careful" / ".claude" / "hooks" / "guard-bash.sh").read_text()
    actions = hook_shell.shell_hook_actions(script)
    assert [(a.kind, a.line, a.on_input) for a in actions if a.kind == "deny"] == [
        ("deny", 26, True), ("deny", 27, True), ("deny", 31, True)]
    (record,) = [a for a in actions if a.kind == "record"]
    assert (record.line, record.decision, record.structured) == (13, True, True)
    tests = hook_shell.shell_hook_actions("npm test --silent || exit 2\n")
    assert [(a.kind, a.line) for a in tests] == [("deny", 1), ("test", 1)]


def test_a_guard_that_exits_1_is_reported_where_it_exits(tmp_path):
    project = tmp_path / "repo"
    shutil.copytree(SETUPS / "claude-risky", project)
    (project / ".claude" / "hooks" / "announce.sh").write_text(
        '#!/usr/bin/env bash\ncmd="$(jq -r .tool_input.command)"\nif [[ "$cmd" == *"rm -rf"* ]]; then\n'
        '  echo "blocked" >&2\n  exit 1\nfi\nexit 0\n')
    report = audit_json(project)
    assert ("HA215", ".claude/hooks/announce.sh", 5) in {(f["rule"], f["path"], f["line"]) for f in report["findings"]}
    assert next(p for p in report["primitives"] if p["id"] == "P2")["config_evidence"] == []
    # the same guard with exit 2 is a gate, and no longer a finding
    (project / ".claude" / "hooks" / "announce.sh").write_text(
        (project / ".claude" / "hooks" / "announce.sh").read_text().replace("exit 1", "exit 2"))
    report = audit_json(project)
    assert "HA215" not in {f["rule"] for f in report["findings"]}
    assert ("P2", "gate", ".claude/hooks/announce.sh", 5, "full") in _credited(report)


# --- the data ----------------------------------------------------------------------------------

def test_every_client_feature_provides_rubric_components():
    rubric = load_rubric()
    components = {(p.id, c.id) for p in rubric.primitives for c in p.evidence}
    features = load_client_features()
    for feature in features.features.values():
        assert set(feature.provides) <= components, feature.id
    assert {c.id for c in features.clients.values()} == {"claude-code", "codex", "gemini-cli"}
