"""Agent-config facts beyond each check's own examples (those run in tests/test_check_examples.py
with every other check's): every rule id a config check can emit is in the rubric, hits sit at
their key's line, secrets are masked, a broken file is skipped with its line."""

from __future__ import annotations

from analyzer.facts.agent_config import analyze_config, load_config_checks
from analyzer.rubric import load_rubric

CHECKS = load_config_checks()


def test_every_rule_a_config_check_emits_is_in_the_rubric_and_every_docs_rule_is_used():
    from analyzer.facts.docs import instructions
    from analyzer.judge import config_harness, drift

    known = {r.id for r in load_rubric().rules}
    emitted = {key for check in CHECKS for key in check.emits if key.startswith("HA")}
    assert emitted <= known
    judged = {"HA201", "HA202", "HA203", "HA206", "HA250", "HA251", "HA252", "HA253", "HA254",
              config_harness.SOFT_BLOCK_RULE, drift.ABSENT_RULE, drift.PARTIAL_RULE, drift.UNDOCUMENTED_RULE,
              instructions.UNSAFE_INSTRUCTION_RULE, instructions.SECRET_IN_DOCUMENT_RULE}
    docs_rules = {r.id for r in load_rubric().rules if r.id.startswith("HA2")}
    assert docs_rules == emitted | judged


def test_controls_and_hits_point_at_the_key_line():
    text = '{\n  "permissions": {\n    "allow": [\n      "Read",\n      "Bash(*)"\n    ]\n  }\n}\n'
    facts = analyze_config(text, ".claude/settings.json")
    assert [(h.rule, h.line, h.snippet) for h in facts.hits] == [("HA211", 5, '"Bash(*)"')]


def test_secrets_are_masked_in_every_field():
    secret = "ghp_4f9KxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9EeUu"
    text = ('{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "gh-mcp@1.0.0", "--token", "%s"], '
            '"env": {"GITHUB_TOKEN": "%s"}}}}') % (secret, secret)
    facts = analyze_config(text, ".mcp.json")
    assert [h.rule for h in facts.hits] == ["HA221", "HA221"]
    assert all(secret not in h.detail and secret not in h.snippet for h in facts.hits)


def test_a_file_that_does_not_parse_is_skipped_with_its_line():
    facts = analyze_config('{\n  "permissions": {\n    "allow": ["Read",]\n  }\n}\n', ".claude/settings.json")
    assert facts.skipped.startswith("invalid JSON") and facts.skipped_line == 3
    facts = analyze_config('approval_policy = "never"\nsandbox_mode = \n', ".codex/config.toml")
    assert facts.skipped.startswith("invalid TOML") and facts.skipped_line == 2
