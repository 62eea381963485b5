"""Documents and agent configs through the real CLI: findings, their rule ids, paths and lines."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import FIXTURES, ROOT, audit_json, run_cli

DOCS = FIXTURES / "docs"


def _found(report: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in report["findings"]}


def _by_rule(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def _primitive(report: dict, pid: str) -> dict:
    return next(p for p in report["primitives"] if p["id"] == pid)


# --- docs that claim more than the code does -------------------------------------------------

def test_docs_claiming_a_gate_the_code_lacks_is_drift_at_the_doc_line():
    report = audit_json(DOCS / "docs-claim-more")
    assert report["mode"] == "code" and report["agent_detected"] is True
    (gate,) = _by_rule(report, "HA260")
    assert (gate["path"], gate["line"], gate["primitive"]) == ("docs/ARCHITECTURE.md", 8, "P2")
    assert '"Tool execution"' in gate["message"] and "PermissionGate.check" in gate["message"]
    assert "searched the code for gate, classification" in gate["message"]
    (budget,) = _by_rule(report, "HA261")
    assert (budget["path"], budget["line"], budget["primitive"]) == ("docs/ARCHITECTURE.md", 14, "P5")
    assert "the code has turn-limit; missing token-limit" in budget["message"]


def test_doc_claims_are_shown_but_never_count_as_code_evidence():
    report = audit_json(DOCS / "docs-claim-more")
    p2 = _primitive(report, "P2")
    assert p2["status"] == "absent" and p2["evidence"] == []
    assert ("docs/ARCHITECTURE.md", 8, "mechanism") in {(c["path"], c["line"], c["firmness"]) for c in p2["claims"]}
    assert _primitive(report, "P5")["status"] == "partial"
    # The code's own findings still stand beside the drift.
    assert {"P2", "HA103"} <= {f["rule"] for f in report["findings"]}
    # A roadmap sentence is an aspiration, not a claim to check against the code.
    assert not [f for f in report["findings"] if f["rule"] in ("HA260", "HA261") and f["primitive"] == "P3"]
    docs = {d["path"]: d for d in report["documents"]}
    assert docs["docs/ARCHITECTURE.md"]["role"] == "design"
    assert docs["docs/ARCHITECTURE.md"]["primitives"]["P2"] == "mechanism"
    assert docs["CLAUDE.md"]["role"] == "instructions"


def test_instruction_files_do_not_count_as_claims_about_the_code(write_tree):
    root = write_tree({
        "agent.py": (DOCS / "docs-claim-more" / "deploybot" / "agent.py").read_text()
        .replace("from deploybot.tools import HANDLERS, TOOLS", "TOOLS, HANDLERS = [], {}"),
        "CLAUDE.md": "# Notes\n\nEvery tool call goes through `PermissionGate.check` before dispatch.\n",
    })
    report = audit_json(root)
    assert report["agent_detected"] is True
    assert not _by_rule(report, "HA260")


def test_a_primitive_the_code_has_but_no_document_mentions_is_info(tmp_path):
    project = tmp_path / "opsbot"
    shutil.copytree(FIXTURES / "projects" / "anthropic-careful-harness", project)
    (project / "docs").mkdir()
    (project / "docs" / "NOTES.md").write_text(
        "# Notes\n\nopsbot is an agent built on Claude.\n\n## Permissions\n\n"
        "Every tool call passes `PermissionPolicy.check` before it runs.\n")
    report = audit_json(project)
    present = {p["id"] for p in report["primitives"] if p["status"] == "present"}
    undocumented = {f["primitive"]: f for f in _by_rule(report, "HA262")}
    assert "P2" in present and "P2" not in undocumented  # the notes mention it
    assert set(undocumented) == present - {"P2"}
    assert all(f["severity"] == "info" and f["path"].endswith(".py") for f in undocumented.values())
    # No documents at all: no drift findings either way.
    shutil.rmtree(project / "docs")
    assert not [f for f in audit_json(project)["findings"] if f["rule"].startswith("HA26")]


# --- a plain project with an ordinary CLAUDE.md ------------------------------------------------

def test_claude_md_alone_does_not_make_an_agent_and_exits_0():
    result = run_cli("audit", str(DOCS / "claude-md-only"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["agent_detected"] is False
    assert {p["status"] for p in report["primitives"]} == {"not-applicable"}
    assert [(f["rule"], f["path"], f["line"], f["severity"]) for f in report["findings"]] == [
        ("HA202", "CLAUDE.md", 1, "low")]
    assert "destructive, push, secrets" in report["findings"][0]["message"]
    assert report["upgrade_path"] == [] and report["suggested_tests"] == []


# --- Claude Code, MCP and Codex set-ups ----------------------------------------------------------

def test_risky_agent_setup_findings_and_lines():
    result = run_cli("audit", str(DOCS / "claude-setup-risky"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["mode"] == "agent-config" and report["agent_detected"] is True
    assert {f for f in _found(report) if f[0].startswith("HA")} == {
        ("HA231", ".codex/config.toml", 3),
        ("HA230", ".codex/config.toml", 4),
        ("HA220", ".codex/config.toml", 8),
        ("HA211", ".claude/settings.json", 5),
        ("HA213", ".claude/settings.json", 9),
        ("HA210", ".claude/settings.json", 11),
        ("HA214", ".claude/settings.json", 13),
        ("HA212", ".claude/settings.json", 19),
        ("HA221", ".claude/settings.local.json", 3),
        ("HA221", ".mcp.json", 7),
        ("HA220", ".mcp.json", 5),
        ("HA220", ".mcp.json", 12),
        ("HA201", "CLAUDE.md", 1),
        ("HA202", "CLAUDE.md", 1),
        ("HA204", "CLAUDE.md", 8),
        ("HA204", "CLAUDE.md", 9),
        ("HA205", "CLAUDE.md", 16),
    }
    severities = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severities["HA231"] == "critical" and severities["HA210"] == "high"
    text = json.dumps(report)
    for secret in ("sk_live_51HxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9Ee", "ghp_4f9KxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9EeUu"):
        assert secret not in text
    p2 = _primitive(report, "P2")
    assert p2["status"] == "absent" and p2["config_evidence"] == []
    assert ("P2", ".claude/settings.json", 1) in _found(report)


def test_careful_agent_setup_is_credited_and_clean():
    result = run_cli("audit", str(DOCS / "claude-setup-careful"), "--format", "json", "--fail-on", "high")
    report = json.loads(result.output)
    assert not [f for f in report["findings"] if f["rule"].startswith("HA")] and report["mode"] == "agent-config"
    credited = {(p["id"], e["component"], e["path"], e["line"])
                for p in report["primitives"] for e in p["config_evidence"]}
    assert {
        ("P2", "approval", ".claude/settings.json", 10),
        ("P2", "classification", ".claude/settings.json", 14),
        ("P2", "gate", ".claude/settings.json", 22),
        ("P2", "gate", ".claude/settings.json", 25),
        ("P2", "gate", ".claude/hooks/check_command.py", 15),  # the script the PreToolUse hook runs
        ("P7", "tool-events", ".claude/settings.json", 44),
        ("P2", "approval", ".codex/config.toml", 2),
        ("P2", "gate", ".codex/config.toml", 3),
    } <= credited
    assert _primitive(report, "P2")["status"] == "present"
    # The only high finding: nothing bounds turns or tokens.
    assert [(f["rule"], f["severity"]) for f in report["findings"] if f["severity"] in ("critical", "high")] == [
        ("P5", "high")]
    assert result.exit_code == 1
    # CLAUDE.md is only `@AGENTS.md` plus a note: the import brings the verify and never rules.
    assert not _by_rule(report, "HA201") and not _by_rule(report, "HA202")


def test_agent_config_controls_never_change_a_code_verdict(tmp_path):
    project = tmp_path / "bot"
    shutil.copytree(DOCS / "docs-claim-more", project)
    shutil.copytree(DOCS / "claude-setup-careful" / ".claude", project / ".claude")
    report = audit_json(project)
    p2 = _primitive(report, "P2")
    assert p2["status"] == "absent" and p2["evidence"] == [] and p2["config_evidence"]
    assert report["mode"] == "code+agent-config" and p2["config_status"] == "present"


def test_malformed_config_is_skipped_with_its_line_and_the_run_goes_on():
    result = run_cli("audit", str(DOCS / "malformed-config"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    skipped = {s["path"]: s for s in report["files"]["skipped"]}
    assert skipped[".claude/settings.json"]["line"] == 6
    assert skipped[".codex/config.toml"]["line"] == 3
    assert "invalid JSON" in skipped[".claude/settings.json"]["reason"]
    assert "invalid TOML" in skipped[".codex/config.toml"]["reason"]
    assert _found(report) == {("HA220", ".mcp.json", 5)}
    text = run_cli("audit", str(DOCS / "malformed-config"), "--fail-on", "none", cwd=DOCS / "malformed-config").output
    assert "skipped .claude/settings.json:6: invalid JSON" in text


def test_agents_md_past_the_codex_limit_points_at_the_cut(tmp_path):
    report = audit_json(DOCS / "codex-agents-md")
    (cut,) = _by_rule(report, "HA203")
    assert (cut["path"], cut["line"]) == ("AGENTS.md", 79)
    assert "limit 4,096" in cut["message"]
    # With the default 32 KiB limit the same files fit.
    project = tmp_path / "repo"
    shutil.copytree(DOCS / "codex-agents-md", project)
    shutil.rmtree(project / ".codex")
    assert not _by_rule(audit_json(project), "HA203")


def test_long_claude_md_and_nested_instruction_files(write_tree):
    body = "\n".join(f"- Convention {i}: keep module {i} small." for i in range(230))
    root = write_tree({
        "CLAUDE.md": "# Repo\n\nRun `make test`. Never push; never run `rm -rf`; never commit secrets.\n\n" + body + "\n",
        "frontend/CLAUDE.md": "# Frontend\n\nUse the design tokens in `src/tokens.ts`.\n",
        "tools/AGENTS.md": "# Tools\n\nUse Python 3.11.\n",
    })
    report = audit_json(root)
    assert ("HA206", "CLAUDE.md", 201) in _found(report)
    # frontend/CLAUDE.md inherits the root file's commands and rules; tools/AGENTS.md has no parent.
    assert not [f for f in report["findings"] if f["path"] == "frontend/CLAUDE.md"]
    assert {("HA201", "tools/AGENTS.md", 1), ("HA202", "tools/AGENTS.md", 1)} <= _found(report)


def test_markdown_suppression_hides_a_docs_finding(write_tree):
    root = write_tree({"AGENTS.md": (
        "# Agents\n\nRun `pytest`. Never push; never run `rm -rf`; never print secrets.\n\n"
        "<!-- harness-audit: ignore[HA204] the release job runs in a throwaway container -->\n"
        "Release with `git push --force` from the release container.\n")})
    report = audit_json(root)
    (finding,) = _by_rule(report, "HA204")
    assert finding["suppressed"] is True and finding["line"] == 6


# --- a design document on its own ------------------------------------------------------------------

def test_careful_design_review():
    result = run_cli("audit", str(DOCS / "design-careful" / "DESIGN.md"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["mode"] == "design-review" and report["agent_detected"] is True
    statuses = {p["id"]: p["status"] for p in report["primitives"]}
    assert all(statuses[f"P{i}"] == "present" for i in range(1, 9))
    assert statuses["P10"] == "partial" and statuses["P12"] == "absent"
    assert report["findings"] == []
    assert set(report["exposure"]["kinds"]) == {"messaging"}
    p2 = _primitive(report, "P2")
    assert p2["evidence"] == [] and any(c["firmness"] == "mechanism" for c in p2["claims"])
    assert report["summary"].startswith("Design review of DESIGN.md: 8 of 12 primitives have a stated mechanism")


def test_design_that_moves_money_with_no_approval_step():
    result = run_cli("audit", str(DOCS / "design-refunds" / "DESIGN.md"), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["mode"] == "design-review" and report["agent_detected"] is True
    (risky,) = _by_rule(report, "HA250")  # one finding lists every ungated side effect
    assert (risky["line"], risky["primitive"]) == (9, "P2")
    assert 'payments: "A billing agent' in risky["message"] and "(line 9)" in risky["message"]
    assert 'messaging: "A comms agent' in risky["message"] and "(line 10)" in risky["message"]
    (overreach,) = _by_rule(report, "HA251")
    assert overreach["line"] == 12 and "P2 permission-tiers (not addressed)" in overreach["message"]
    assert "(line 12)" in overreach["message"]  # the agents handing off, the orchestrator
    assert "P5 token-budget (only mentioned or planned)" in overreach["message"]
    assert "before their sessions survive a crash" in overreach["message"]  # the Simplicity reasoning
    (omitted,) = _by_rule(report, "HA252")
    assert "P2 " not in omitted["message"] and all(f"{p} " in omitted["message"] for p in ("P1", "P3", "P4"))
    (vague,) = _by_rule(report, "HA253")
    assert vague["line"] == 17 and "P5 token-budget: aspiration at line 17" in vague["message"]
    assert set(report["exposure"]["kinds"]) == {"payments", "messaging"}


def test_a_design_that_describes_no_agent(write_tree):
    root = write_tree({"docs/DESIGN.md": "# Billing export\n\nA nightly job writes invoices to S3 as CSV.\n"})
    report = audit_json(root / "docs" / "DESIGN.md")
    assert report["mode"] == "design-review" and report["agent_detected"] is False
    assert {p["status"] for p in report["primitives"]} == {"not-applicable"} and report["findings"] == []


def test_a_folder_holding_only_design_documents_is_a_design_review(write_tree):
    folder = DOCS / "design-refunds"
    report_of = audit_json(folder)
    assert report_of["mode"] == "design-review" and _by_rule(report_of, "HA251")
    assert report_of["findings"] == audit_json(folder / "DESIGN.md")["findings"]
    mixed = write_tree({"docs/DESIGN.md": (folder / "DESIGN.md").read_text(), "tools/export.py": "print('csv')\n"})
    assert audit_json(mixed)["mode"] == "code"  # code beside the design: the code is judged


def test_naming_only_an_instruction_file_is_not_a_design_review():
    report = audit_json(DOCS / "claude-setup-risky" / "CLAUDE.md")
    assert report["mode"] == "code"
    assert ("HA204", "CLAUDE.md", 8) in _found(report)


# --- every report validates and renders --------------------------------------------------------------

TARGETS = ["docs-claim-more", "claude-md-only", "claude-setup-risky", "claude-setup-careful", "malformed-config",
           "codex-agents-md", "design-careful/DESIGN.md", "design-refunds/DESIGN.md"]


@pytest.mark.parametrize("target", TARGETS)
def test_reports_match_the_schema_and_render_in_every_format(target):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "analyzer" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(audit_json(DOCS / target), schema)
    for fmt in ("text", "markdown"):
        result = run_cli("audit", str(DOCS / target), "--format", fmt, "--fail-on", "none")
        assert result.exit_code == 0 and "Verdict" in result.output


def test_swarm_first_design_gets_pushback_before_foundations():
    """Six agents under a supervisor over pub/sub with a plugin marketplace, paying and e-mailing
    vendors, budgets and approvals 'later': one push-back finding that names every coordination
    structure and every unbuilt foundation, with the Simplicity reasoning."""
    report = audit_json(DOCS / "design-swarm-first" / "DESIGN.md")
    (overreach,) = _by_rule(report, "HA251")
    assert overreach["line"] == 3 and overreach["severity"] == "high"
    message = overreach["message"]
    for built in ('several agents, supervisor: "We are building', '(line 3)', 'agent messaging: "Agents talk',
                  '(line 16)', 'marketplace: "A plugin marketplace', '(line 21)'):
        assert built in message
    for missing in ("P2 permission-tiers (only mentioned or planned)", "P3 session-persistence (not addressed)",
                    "P5 token-budget (only mentioned or planned)"):
        assert missing in message
    assert "one agent by default" not in message and "orchestrators before their sessions survive a crash" in message
    (risky,) = _by_rule(report, "HA250")
    assert risky["line"] == 9 and '"The payments agent pays vendors' in risky["message"]
    assert "purchase order" not in risky["message"]  # "finds the purchase order" is not a payment
    assert {i["line"] for i in report["exposure"]["items"]} == {9, 10}
    assert _primitive(report, "P10")["status"] == "absent"  # "largest context window" is not compaction
    assert len(_by_rule(report, "HA252")) == 1 and len(_by_rule(report, "HA253")) == 1
    (vague,) = _by_rule(report, "HA253")
    assert "P2 permission-tiers: aspiration at line 31" in vague["message"]


def test_decoy_design_is_not_credited_with_risks_or_coordination():
    """Negated, planned and decoy words: no side effect, no push-back, no compaction."""
    report = audit_json(DOCS / "design-decoys" / "DESIGN.md")
    assert report["exposure"]["kinds"] == []
    assert _by_rule(report, "HA250") == [] and _by_rule(report, "HA251") == []
    statuses = {p["id"]: p["status"] for p in report["primitives"]}
    assert all(statuses[p] == "present" for p in ("P1", "P2", "P3", "P4", "P5"))
    assert statuses["P10"] == "absent"
    (omitted,) = _by_rule(report, "HA252")
    assert [p for p in ("P6", "P7", "P8") if f"{p} " in omitted["message"]] == ["P6", "P7", "P8"]
