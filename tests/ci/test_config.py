"""`[tool.harness-audit]` / `.harness-audit.toml`: found upward, validated with file:line, flags win."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analyzer.config import ConfigError, find_config, load_config
from tests.ci.helpers import AGENT, audit, audit_report


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def pyproject(root: Path, table: str) -> Path:
    return write(root / "pyproject.toml", '[project]\nname = "opsbot"\nversion = "0.3.0"\n\n' + textwrap.dedent(table))


def test_fail_on_from_pyproject_and_the_flag_wins(agent_project):
    pyproject(agent_project, '[tool.harness-audit]\nfail-on = "none"\n')
    assert audit(agent_project).exit_code == 0
    assert audit_report(agent_project)["verdict"]["fail_on"] == "none"
    assert audit(agent_project, "--fail-on", "info").exit_code == 1


def test_dedicated_file_wins_over_pyproject_in_the_same_folder(agent_project):
    pyproject(agent_project, '[tool.harness-audit]\nfail-on = "info"\n')
    write(agent_project / ".harness-audit.toml", 'fail-on = "none"\n')
    assert audit(agent_project).exit_code == 0


def test_config_is_found_from_the_audited_path_upward(agent_project, tmp_path):
    write(agent_project / ".harness-audit.toml", 'fail-on = "none"\n')
    assert audit(agent_project / "opsbot").exit_code == 0  # config one folder above the audited one
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert audit(agent_project / "opsbot", cwd=elsewhere).exit_code == 0
    assert find_config([agent_project / "opsbot"]) == agent_project / ".harness-audit.toml"


def test_config_falls_back_to_the_current_folder(tmp_path):
    project = tmp_path / "code"
    write(project / "agent.py", AGENT)
    workdir = tmp_path / "ci"
    write(workdir / ".harness-audit.toml", 'fail-on = "none"\n')
    assert audit(project, cwd=workdir).exit_code == 0
    assert audit(project, cwd=tmp_path).exit_code == 1


def test_an_unrelated_pyproject_is_passed_over(agent_project):
    write(agent_project / "opsbot" / "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    write(agent_project / ".harness-audit.toml", 'fail-on = "none"\n')
    assert find_config([agent_project / "opsbot"]) == agent_project / ".harness-audit.toml"


def test_select_ignore_and_severity_overrides(agent_project):
    pyproject(agent_project, """\
        [tool.harness-audit]
        select = ["P5", "ungated-shell-tool"]
        ignore = ["P10"]

        [tool.harness-audit.severity]
        P5 = "low"
        HA101 = "critical"
        """)
    report = audit_report(agent_project)
    assert {f["primitive"] for f in report["findings"]} <= {"P5", "P2"}
    severities = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severities["P5"] == "low" and severities["HA101"] == "critical"  # the rule's own override wins
    # --select replaces the file's select; the file's ignore and severity still apply.
    flagged = audit_report(agent_project, "--select", "P10,P5")
    assert {f["rule"] for f in flagged["findings"]} >= {"P5", "HA101"}
    assert "P10" not in {f["rule"] for f in flagged["findings"]}
    ignored = audit_report(agent_project, "--ignore", "HA101")
    assert "HA101" not in {f["rule"] for f in ignored["findings"]} and "P5" in {f["rule"] for f in ignored["findings"]}


def test_inline_table_and_dotted_severity_forms(agent_project):
    write(agent_project / ".harness-audit.toml", 'severity = { HA101 = "info" }\nselect = ["HA101"]\n')
    assert [f["severity"] for f in audit_report(agent_project)["findings"]] == ["info"]
    write(agent_project / ".harness-audit.toml", 'severity.HA101 = "medium"\nselect = ["HA101"]\n')
    assert [f["severity"] for f in audit_report(agent_project)["findings"]] == ["medium"]


def test_exclude_and_docs_globs_are_rebased_onto_the_audited_root(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "services" / "ops" / "agent.py", AGENT)
    write(repo / "services" / "ops" / "legacy" / "old_agent.py", AGENT)
    pyproject(repo, '[tool.harness-audit]\nexclude = ["services/ops/legacy/*"]\n')
    scanned = audit_report(repo / "services" / "ops")["files"]["scanned"]
    assert scanned == ["agent.py"]
    assert audit_report(repo)["files"]["scanned"] == ["services/ops/agent.py"]
    # --exclude adds to the file's list.
    assert audit_report(repo, "--exclude", "agent.py")["files"]["scanned"] == []


def test_rubric_paths_are_relative_to_the_config_file(agent_project):
    write(agent_project / "ci" / "org-rules.yaml", """\
        schema: harness-audit/rules/v1
        rules:
          - id: HA901
            slug: org-model-allowlist
            primitive: P5
            severity: low
            title: Model outside the allow-list
            message: This model is not on the organisation's allow-list.
            remediation: Use an approved model.
        """)
    pyproject(agent_project, '[tool.harness-audit]\nrubric = ["ci/org-rules.yaml"]\nignore = ["HA901"]\n')
    assert audit(agent_project).exit_code in (0, 1)
    rules = audit(agent_project, "--format", "sarif").stdout
    assert '"id": "HA901"' in rules


@pytest.mark.parametrize(
    ("table", "line", "fragment"),
    [
        ('[tool.harness-audit]\nfail-on = "high"\nfail_on = "low"\n', 7, "unknown key 'fail_on'"),
        ('[tool.harness-audit]\n\nfail-on = "severe"\n', 7, "fail-on must be one of"),
        ('[tool.harness-audit]\nexclude = "legacy/**"\n', 6, "exclude must be a list"),
        ('[tool.harness-audit]\nselect = ["P5", "HA999"]\n', 6, "unknown rule or primitive 'HA999'"),
        ('[tool.harness-audit]\nfail-on = "high"\n\n[tool.harness-audit.severity]\nHA101 = "urgent"\n', 9,
         "severity.HA101 must be one of"),
        ('[tool.harness-audit.severity]\nP5 = "low"\nP99 = "low"\n', 7, "unknown rule or primitive 'P99'"),
        ('[tool.harness-audit]\nrubric = ["missing.yaml"]\n', 6, "does not exist"),
        ('[tool.harness-audit]\nfail-on = \n', 6, "invalid TOML"),
        ('[tool.harness-audit]\nfail-on = "high"\nbaseline = 3\n', 7, "baseline must be a file name"),
        ('[tool.harness-audit]\nbaseline = "ci/baseline.json"\n', 6, "baseline 'baseline.json' does not exist"),
    ],
)
def test_config_errors_name_file_and_line_and_exit_2(agent_project, table, line, fragment):
    path = pyproject(agent_project, table)
    result = audit(agent_project)
    assert result.exit_code == 2, result.output
    assert f"{path}:{line}:" in result.output and fragment in result.output, result.output


def test_dedicated_file_errors_and_hint_for_a_tool_table(agent_project):
    path = write(agent_project / ".harness-audit.toml", '[tool.harness-audit]\nfail-on = "high"\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.line == 1 and "top-level keys" in error.value.message
    result = audit(agent_project)
    assert result.exit_code == 2 and f"{path}:1:" in result.output


def test_explicit_config_flag(agent_project, tmp_path):
    config = write(tmp_path / "ci.toml", 'fail-on = "none"\n')
    assert audit(agent_project, "--config", str(config)).exit_code == 0
    missing = audit(agent_project, "--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_unknown_id_in_a_flag_is_a_usage_error(agent_project):
    result = audit(agent_project, "--select", "HA9999")
    assert result.exit_code == 2 and "--select: unknown rule or primitive 'HA9999'" in result.output
