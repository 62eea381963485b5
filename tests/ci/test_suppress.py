"""Inline suppressions: parsed per file, applied after judging, reported when they have no reason."""

from __future__ import annotations

import json
import textwrap

import pytest

from analyzer.suppress import find_suppressions, strip_directive
from tests.ci.helpers import audit, audit_report, line_of

LOOP = "    while True:\n"


def _one(text: str, kind: str = "python"):
    found = find_suppressions(textwrap.dedent(text), kind, "agent.py")
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("comment", "ids", "reason"),
    [
        ("# harness-audit: ignore[HA101] loop ends when the queue drains", ("HA101",), "loop ends when the queue drains"),
        ("# harness-audit: ignore[ha101, P5] - bounded by the job runner", ("HA101", "P5"), "bounded by the job runner"),
        ("#harness-audit:ignore[HA103]: sandboxed  # noqa: E501", ("HA103",), "sandboxed"),
        ("# harness-audit: ignore[HA101]", ("HA101",), ""),
        ("# harness-audit: ignore[HA101]   ", ("HA101",), ""),
        ("# harness-audit: ignore because reasons", (), ""),
        ("# harness-audit: ignore[] reasons", (), "reasons"),
        ("# type: ignore[attr-defined]  # harness-audit: ignore[P2] read-only tools", ("P2",), "read-only tools"),
    ],
)
def test_python_directive_parsing(comment, ids, reason):
    found = _one(f"while True:  {comment}\n    pass\n")
    assert (found.ids, found.reason, found.line, found.standalone) == (ids, reason, 1, False)


def test_directive_alone_on_its_line_covers_the_next_line():
    found = _one("""\
        x = 1
            # harness-audit: ignore[HA101] bounded by the supervisor
        while True:
            pass
        """)
    assert found.line == 2 and found.standalone


def test_text_in_strings_and_prose_comments_is_not_a_directive():
    text = '''\
        HELP = "# harness-audit: ignore[HA101] not a comment"
        # see the docs on harness-audit: ignore[HA101] for how to suppress
        '''
    assert find_suppressions(textwrap.dedent(text), "python", "agent.py") == []


def test_unparsable_python_falls_back_to_comment_lines():
    found = find_suppressions("def broken(:\n    pass  # harness-audit: ignore[HA101] legacy\n", "python", "a.py")
    assert [(s.line, s.ids, s.reason) for s in found] == [(2, ("HA101",), "legacy")]


def test_markdown_and_toml_directives():
    markdown = "# Agent\n\n<!-- harness-audit: ignore[HA201] approval lives in the gateway -->\nNo approval step.\n"
    found = _one(markdown, "markdown")
    assert (found.line, found.ids, found.reason, found.standalone) == (3, ("HA201",), "approval lives in the gateway", True)
    toml = 'model = "o4"\napproval_policy = "never"  # harness-audit: ignore[P2] CI sandbox only\n'
    found = _one(toml, "config")
    assert (found.line, found.ids, found.reason, found.standalone) == (2, ("P2",), "CI sandbox only", False)


def test_strip_directive_keeps_the_code():
    assert strip_directive("while True:  # harness-audit: ignore[HA101] why") == "while True:"
    assert strip_directive("while True:  # keep this") == "while True:  # keep this"


# --- end to end: the real CLI on the naive agent --------------------------------------------------

def _suppress(agent_project, directive: str, above: bool = False) -> str:
    agent = agent_project / "opsbot" / "agent.py"
    replacement = f"    {directive}\n{LOOP}" if above else LOOP.rstrip("\n") + f"  {directive}\n"
    agent.write_text(agent.read_text().replace(LOOP, replacement, 1))
    return agent.read_text()


def _finding(report: dict, rule: str) -> dict:
    return next(f for f in report["findings"] if f["rule"] == rule)


def test_suppression_with_reason_hides_the_finding_but_keeps_it_counted(agent_project):
    baseline = audit_report(agent_project, "--select", "HA101")
    assert audit(agent_project, "--select", "HA101").exit_code == 1
    _suppress(agent_project, "# harness-audit: ignore[HA101] a watchdog kills runs after 10 minutes")
    report = audit_report(agent_project, "--select", "HA101")
    loop = _finding(report, "HA101")
    assert loop["suppressed"] is True and loop["suppression_reason"] == "a watchdog kills runs after 10 minutes"
    assert loop["id"] == _finding(baseline, "HA101")["id"]
    assert report["verdict"] == {"fail_on": "high", "failing_findings": 0, "exit_code": 0, "suppressed": 1,
                                 "baselined": 0}
    text = audit(agent_project, "--select", "HA101")
    assert text.exit_code == 0 and "1 suppressed inline" in text.stdout


def test_primitive_id_on_the_line_above_suppresses_the_primitive_and_its_rules(agent_project):
    text = _suppress(agent_project, "# harness-audit: ignore[P5] budgets are enforced by the LLM gateway", above=True)
    report = audit_report(agent_project, "--select", "P5")
    loop = _finding(report, "HA101")
    assert loop["suppressed"] and loop["line"] == line_of(text, "while True:")


def test_suppression_without_reason_still_suppresses_but_is_reported(agent_project):
    text = _suppress(agent_project, "# harness-audit: ignore[HA101]")
    result = audit(agent_project, "--format", "json", "--select", "HA101,HA001")
    assert result.exit_code == 1  # HA001 is high: CI fails until a reason is written
    report = json.loads(result.stdout)
    assert _finding(report, "HA101")["suppressed"] is True
    notice = _finding(report, "HA001")
    assert notice["line"] == line_of(text, "harness-audit: ignore") and notice["suppressed"] is False
    assert notice["path"] == "opsbot/agent.py" and "ignore[HA101]" in notice["message"]
    assert notice["confidence"] == "high"  # the directive is parsed, not guessed


def test_unknown_rule_id_suppresses_nothing_and_is_reported(agent_project):
    _suppress(agent_project, "# harness-audit: ignore[HA1O1] typo in the id")
    report = audit_report(agent_project, "--select", "HA101,HA002")
    assert _finding(report, "HA101")["suppressed"] is False
    assert "HA1O1" in _finding(report, "HA002")["message"]
    assert report["verdict"]["exit_code"] == 1


def test_trailing_directive_on_the_line_above_does_not_reach_down(agent_project):
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(agent.read_text().replace(
        '    messages = [{"role": "user", "content": task}]\n',
        '    messages = [{"role": "user", "content": task}]  # harness-audit: ignore[HA101] wrong line\n', 1))
    assert _finding(audit_report(agent_project, "--select", "HA101"), "HA101")["suppressed"] is False


def test_toml_and_markdown_directives_suppress_config_and_doc_findings(agent_project):
    """End to end on agent configuration and instruction files, whatever rules their extractors report."""
    config = agent_project / ".codex" / "config.toml"
    config.parent.mkdir()
    config.write_text('model = "gpt-5-codex"\nsandbox_mode = "danger-full-access"\napproval_policy = "never"\n')
    claude = agent_project / "CLAUDE.md"
    claude.write_text("# Ops agent\n\nRun `rm -rf /var/tmp/build` before each deploy.\n")
    before = audit_report(agent_project, "--fail-on", "none")
    targets = {path: [f for f in before["findings"] if f["path"] == path] for path in (".codex/config.toml", "CLAUDE.md")}
    if not any(targets.values()):
        pytest.skip("no finding on the config or instruction file to suppress")
    for path, found in targets.items():
        if not found:
            continue
        file = agent_project / path
        lines = file.read_text().splitlines()
        by_line: dict[int, list[str]] = {}
        for finding in found:
            by_line.setdefault(finding["line"], []).append(finding["rule"])
        for line in sorted(by_line, reverse=True):  # one directive per line, alone on the line above it
            ids = ", ".join(sorted(by_line[line]))
            directive = (f"<!-- harness-audit: ignore[{ids}] reviewed by the platform team -->"
                         if path.endswith(".md") else f"# harness-audit: ignore[{ids}] reviewed by the platform team")
            lines.insert(line - 1, directive)
        file.write_text("\n".join(lines) + "\n")
    after = audit_report(agent_project, "--fail-on", "none")
    wanted = {f["rule"] for found in targets.values() for f in found}
    suppressed = {f["rule"] for f in after["findings"] if f["path"] in targets and f["suppressed"]}
    assert suppressed == wanted
    assert all(f["suppression_reason"] == "reviewed by the platform team"
               for f in after["findings"] if f["path"] in targets and f["suppressed"])
