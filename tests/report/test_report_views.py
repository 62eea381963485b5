"""Text, markdown, concise and HTML lead with what to do, group findings under their primitive, say why a
severity moved, show everything on --full, and print paths relative to the working directory."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from analyzer.cli import main
from analyzer.domain import ExposureProfile, Finding, Report
from analyzer.report.html import render_html
from tests.conftest import ROOT, run_cli

NAIVE = "examples/naive-loop"
MATURE = "examples/mature-harness"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def audit(*args: str, env: dict | None = None):
    """The real CLI run from the repository root, so paths print as examples/naive-loop/..."""
    return run_cli("audit", *args, cwd=ROOT) if env is None else _with_env(env, "audit", *args)


def _with_env(env: dict, *args: str):
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_text_leads_with_the_verdict_and_the_three_first_fixes():
    lines = audit(NAIVE).stdout.splitlines()
    assert lines[1] == "Verdict: 6 findings at or above high, exit 1"
    assert lines[-1] == lines[1]  # and ends with it, for the tail of a CI log
    fix_first = lines.index("Fix first")
    assert lines[fix_first + 1] == ("  1. P1 Metadata-first tool registry (low; first: P2 permission-tiers (critical) "
                                    "needs it, and P11)")
    assert lines[fix_first + 2].startswith("     change: examples/naive-loop/agent.py:74 main(), "
                                           "examples/naive-loop/agent.py:48 bash(),")
    second = next(n for n, line in enumerate(lines) if line.startswith("  2. "))
    assert lines[second] == "  2. P2 Tiered permissions before execution (critical; HA103 Shell command tool with no permission"
    assert lines[second + 2] == "     change: examples/naive-loop/agent.py:49 bash(), examples/naive-loop/agent.py:74 main()"
    assert fix_first < lines.index("Findings by primitive (16)") < lines.index("Primitives")


def test_rule_hits_sit_under_their_primitive_and_a_raised_severity_says_why():
    text = audit(NAIVE).stdout
    group = text[text.index("  P2   permission-tiers"):text.index("  P3   session-persistence")]
    assert "CRITICAL P2    examples/naive-loop/agent.py:74  Tiered permissions before execution" in group
    assert "severity raised from high: the agent's tools reach shell" in group
    assert "CRITICAL HA103 examples/naive-loop/agent.py:49  Shell command tool with no permission gate" in group
    # A severity equal to the rubric's carries no note.
    p3 = text[text.index("  P3   session-persistence"):text.index("  P4   workflow-state")]
    assert "severity" not in p3
    markdown = audit(NAIVE, "--format", "markdown").stdout
    assert "### P2 permission-tiers ❌ absent" in markdown
    assert ("| critical (raised from high: the agent's tools reach shell) | high | P2 | "
            "`examples/naive-loop/agent.py:74` |") in markdown


def test_severity_set_by_the_configuration_says_so(tmp_path):
    config = tmp_path / ".harness-audit.toml"
    config.write_text('[severity]\nHA114 = "high"\n')
    line = next(l for l in audit(NAIVE, "--format", "concise", "--config", str(config)).stdout.splitlines()
                if " HA114 " in l)
    assert line == ("examples/naive-loop/agent.py:79:1: HA114 [high] Model call without error handling "
                    "(raised from low by the configuration's severity override)")


def test_long_evidence_is_cut_with_a_way_to_see_it_and_full_shows_it_all():
    short = audit(MATURE).stdout
    assert "(see --format json)" not in short
    assert "         … 4 more pieces of evidence (--full shows all)" in short
    full = audit(MATURE, "--full").stdout
    assert "more pieces of evidence" not in full and "--full shows all" not in full
    report = json.loads(audit(MATURE, "--format", "json").stdout)
    p2 = next(v for v in report["primitives"] if v["id"] == "P2")
    for item in p2["evidence"]:
        assert f"examples/mature-harness/{item['path']}:{item['line']} {item['component']}" in full


def test_concise_is_one_ruff_style_line_per_finding():
    lines = audit(NAIVE, "--format", "concise").stdout.splitlines()
    assert lines[:3] == [
        "examples/naive-loop/agent.py:17:1: P1 [low] Metadata-first tool registry",
        "examples/naive-loop/agent.py:49:1: HA103 [critical] Shell command tool with no permission gate",
        "examples/naive-loop/agent.py:74:1: P2 [critical] Tiered permissions before execution "
        "(raised from high: the agent's tools reach shell)",
    ]
    assert len(lines) == 17 and lines[-1] == "Found 16 findings. Verdict: 6 findings at or above high, exit 1"
    assert all(re.match(r"^\S+:\d+:\d+: (HA\d{3}|P\d+) \[(critical|high|medium|low|info)\] ", l) for l in lines[:-1])


def test_quiet_prints_the_findings_only_and_statistics_count_rules():
    quiet = audit(NAIVE, "-q")
    assert quiet.exit_code == 1
    assert quiet.stdout.splitlines() == audit(NAIVE, "--format", "concise").stdout.splitlines()[:-1]
    stats = audit(NAIVE, "--statistics").stdout.splitlines()
    assert stats[:3] == ["1  HA103  [critical] Shell command tool with no permission gate",
                         "1  P2     [critical] Tiered permissions before execution",
                         "1  HA101  [high] Model called in a loop with no bound"]
    assert len(stats) == 16


def test_exit_zero_keeps_the_report_and_exits_0():
    result = audit(NAIVE, "--exit-zero", "--format", "concise")
    assert result.exit_code == 0 and "HA103 [critical]" in result.stdout
    assert audit("no-such-folder-here", "--exit-zero").exit_code == 2  # usage errors still exit 2


def test_colour_follows_the_flag_then_no_color_then_force_color():
    def coloured(*args, **env):
        return bool(ANSI.search(audit(NAIVE, "--format", "concise", *args, env=env).stdout))

    assert not coloured()  # a pipe
    assert coloured(FORCE_COLOR="1")
    assert not coloured(FORCE_COLOR="0")
    assert not coloured(NO_COLOR="1", FORCE_COLOR="1")
    assert coloured("--color", "always", NO_COLOR="1")
    assert not coloured("--color", "never", FORCE_COLOR="1")
    assert not coloured("--no-color", FORCE_COLOR="1")
    assert not ANSI.search(audit(NAIVE, "--format", "json", "--color", "always").stdout)  # data formats never


def test_paths_are_relative_to_the_working_directory_in_every_format_people_read(tmp_path):
    report = json.loads(audit(NAIVE, "--format", "json").stdout)
    assert report["files"]["cwd_prefix"] == "examples/naive-loop"
    shell = next(f for f in report["findings"] if f["rule"] == "HA103")
    assert shell["path"] == "agent.py"  # the JSON contract: relative to the audited folder
    where = f"examples/naive-loop/agent.py:{shell['line']}"
    for fmt in ("text", "markdown", "concise"):
        assert where in audit(NAIVE, "--format", fmt).stdout, fmt
    html = tmp_path / "r.html"
    audit(NAIVE, "--format", "html", "-o", str(html))
    assert where in html.read_text()
    # SARIF and GitHub annotations stay repository-relative, as code scanning needs.
    sarif = json.loads(audit(NAIVE, "--format", "sarif").stdout)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]} == {"examples/naive-loop/agent.py"}
    inside = run_cli("audit", ".", "--format", "concise", cwd=ROOT / NAIVE).stdout
    assert inside.startswith("agent.py:17:1: P1 ")


def test_an_unknown_command_is_an_error_naming_the_closest_one(tmp_path):
    for word, meant in (("rules", "rubric"), ("audti", "audit"), ("desing", "design"), ("check", "audit")):
        result = run_cli(word, cwd=tmp_path)
        assert result.exit_code == 2
        assert f"no command or path '{word}'. Did you mean '{meant}'?" in result.output
    (tmp_path / "rules").mkdir()  # an existing folder of that name is audited, as before
    assert run_cli("rules", cwd=tmp_path).exit_code == 0
    result = run_cli("src", cwd=tmp_path)  # a path that is no command's near-miss stays a missing path
    assert result.exit_code == 2 and "no such file or folder: src" in result.output
    version = run_cli("-V")
    assert version.exit_code == 0 and version.output.startswith("harness-audit, version ")


def test_html_is_self_contained_deterministic_and_escapes_what_it_quotes(tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    audit(NAIVE, "--format", "html", "-o", str(first))
    audit(NAIVE, "--format", "html", "-o", str(second))
    html = first.read_text()
    assert html == second.read_text()
    assert not re.search(r"<script|<link|\b(src|href)=\"(https?:)?//", html)
    assert html.index('class="verdict fail"') < html.index('id="fix-first"') < html.index('id="scorecard"') \
        < html.index('id="exposure"') < html.index('id="anatomy"') < html.index('id="findings"')
    # The shell tool's code is quoted, with the finding's line marked.
    assert '<span class="hit"><span class="ln">49</span>    result = subprocess.run(' in html
    hostile = Finding(id="HA101-x", rule="HA101", primitive="P5", severity="high", title="<script>alert(1)</script>",
                      message="a & b <img src=x onerror=alert(1)>", path="a.py", line=3, remediation="r",
                      confidence="high")
    report = Report(tool_version="0", agent_detected=False, summary="<b>s</b>", frameworks=[], primitives=[],
                    exposure=ExposureProfile("none"), findings=[hostile], upgrade_path=[], suggested_tests=[],
                    scanned=["a.py"], skipped=[])
    page = render_html(report)
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
