"""Every format is a view of one report: same verdict, same exit code; GitHub annotations escape."""

from __future__ import annotations

import json

import pytest

from analyzer.report.github import annotation, escape_data, escape_property
from analyzer.domain import ExposureProfile, Finding, Report
from tests.ci.helpers import audit

FORMATS = ("text", "json", "markdown", "sarif", "github")


@pytest.mark.parametrize("fail_on", ["critical", "high", "info", "none"])
def test_exit_code_is_the_same_in_every_format(agent_project, fail_on):
    results = {fmt: audit(agent_project, "--format", fmt, "--fail-on", fail_on) for fmt in FORMATS}
    report = json.loads(results["json"].stdout)
    expected = report["verdict"]["exit_code"]
    assert {fmt: r.exit_code for fmt, r in results.items()} == dict.fromkeys(FORMATS, expected)
    sarif = json.loads(results["sarif"].stdout)
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == expected
    assert sarif["runs"][0]["properties"]["verdict"]["failingFindings"] == report["verdict"]["failing_findings"]
    if fail_on == "none":
        assert expected == 0
    if fail_on == "info":
        assert expected == 1  # the naive agent has findings


def test_exit_codes_agree_with_a_baseline_and_a_suppression(agent_project, tmp_path):
    baseline = tmp_path / "b.json"
    audit(agent_project, "--write-baseline", str(baseline), "--select", "P3")
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(agent.read_text().replace(
        "    while True:\n", "    while True:  # harness-audit: ignore[HA101] capped by the job runner\n", 1))
    args = ("--baseline", str(baseline), "--fail-on", "high", "--select", "P3,HA101")
    results = {fmt: audit(agent_project, "--format", fmt, *args) for fmt in FORMATS}
    assert {fmt: r.exit_code for fmt, r in results.items()} == dict.fromkeys(FORMATS, 0)
    assert "1 suppressed" in results["github"].stdout and "1 suppressed" in results["text"].stdout
    assert "1 in the baseline" in results["markdown"].stdout


def test_every_format_can_write_to_a_file(agent_project, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        result = audit(agent_project, "--format", fmt, "-o", str(out), "--fail-on", "none")
        assert result.exit_code == 0 and out.read_text()


def test_one_run_writes_several_formats_that_match_separate_runs(agent_project, tmp_path):
    sarif, markdown = tmp_path / "out.sarif", tmp_path / "summary.md"
    once = audit(agent_project, "--format", "json", "--also-output", f"sarif:{sarif}",
                 "--also-output", f"markdown:{markdown}")
    assert once.exit_code == 1  # the verdict of the run, whatever it also wrote
    assert sarif.read_text() == audit(agent_project, "--format", "sarif").stdout
    assert markdown.read_text() == audit(agent_project, "--format", "markdown").stdout
    for bad, message in (("sarif", "takes FORMAT:FILE"), ("pdf:x.pdf", "unknown format 'pdf'")):
        result = audit(agent_project, "--also-output", bad)
        assert result.exit_code == 2 and message in result.output


def test_text_and_markdown_show_each_findings_confidence(agent_project):
    report = json.loads(audit(agent_project, "--format", "json").stdout)
    shell = next(f for f in report["findings"] if f["rule"] == "HA103")
    text = audit(agent_project, "--format", "text", cwd=agent_project).stdout
    assert f"HA103 {shell['path']}:{shell['line']}  {shell['title']} (medium confidence)" in text
    markdown = audit(agent_project, "--format", "markdown", cwd=agent_project).stdout
    assert "| severity | confidence | rule | location | finding | fix |" in markdown
    assert f"| critical | medium | HA103 | `{shell['path']}:{shell['line']}` |" in markdown


def test_github_escaping_follows_the_actions_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding(id="HA101-x", rule="HA101", primitive="P5", severity="high",
                      title="Loop, unbounded: 100%", message="Line one\nline two: a, b", path="src/a,b.py", line=7,
                      remediation="Cap it.", confidence="medium")
    report = Report(tool_version="0", agent_detected=True, summary="", frameworks=[], primitives=[],
                    exposure=ExposureProfile("none"), findings=[finding], upgrade_path=[], suggested_tests=[],
                    scanned=["src/a,b.py"], skipped=[], path_prefix="svc")
    line = annotation(report, finding)
    assert line == ("::error file=svc/src/a%2Cb.py,line=7,title=HA101 Loop%2C unbounded%3A 100%25 (high%2C medium confidence)"
                    "::Line one%0Aline two: a, b%0AFix: Cap it.")
    assert "\n" not in line


def test_github_format_annotates_by_severity_and_ends_with_the_verdict(agent_project):
    output = audit(agent_project, "--format", "github").stdout.splitlines()
    assert output[-1].startswith("harness-audit: ") and output[-1].endswith("exit 1")
    annotations = output[:-1]
    assert annotations and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in annotations)
    loop = next(line for line in annotations if "title=HA101 " in line)
    assert loop.startswith("::error file=opsbot/agent.py,line=")
