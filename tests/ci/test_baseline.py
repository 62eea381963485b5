"""Fingerprints survive line shifts, and baselines built on them let CI fail only on new findings."""

from __future__ import annotations

import json

from tests.ci.helpers import SECOND_LOOP, audit, audit_report, line_of

HEADER = '''\
# Copyright 2026 Example Ops Ltd.
# Licensed under the Apache License, Version 2.0.
from __future__ import annotations

import logging

log = logging.getLogger(__name__)
'''


def _ids(report: dict) -> dict[str, int]:
    return {f["id"]: f["line"] for f in report["findings"]}


def test_fingerprints_survive_lines_inserted_at_the_top(agent_project):
    agent = agent_project / "opsbot" / "agent.py"
    before = _ids(audit_report(agent_project))
    agent.write_text(HEADER + agent.read_text())
    after = _ids(audit_report(agent_project))
    assert set(before) == set(after)
    shifted = HEADER.count("\n")
    loop = next(i for i in before if i.startswith("HA101-"))
    assert after[loop] == before[loop] + shifted  # same finding, new line


def test_sarif_fingerprints_survive_lines_inserted_at_the_top(agent_project):
    def fingerprints() -> set[str]:
        run = json.loads(audit(agent_project, "--format", "sarif").stdout)["runs"][0]
        return {r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]}

    before = fingerprints()
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(HEADER + agent.read_text())
    assert fingerprints() == before


def test_suppressing_a_finding_keeps_its_id(agent_project):
    agent = agent_project / "opsbot" / "agent.py"
    before = audit_report(agent_project)
    agent.write_text(agent.read_text().replace(
        "    while True:\n", "    while True:  # harness-audit: ignore[HA101] a watchdog stops the job\n", 1))
    after = audit_report(agent_project)
    loop = next(f for f in after["findings"] if f["rule"] == "HA101")
    assert loop["suppressed"] and loop["id"] in _ids(before)


def test_baseline_round_trip_fails_only_on_new_findings(agent_project, tmp_path):
    baseline = tmp_path / "harness-audit-baseline.json"
    first = audit(agent_project, "--write-baseline", str(baseline), "--format", "json")
    assert first.exit_code == 0, first.output  # everything found is now accepted
    written = json.loads(baseline.read_text())
    accepted = json.loads(first.stdout)
    assert written["schema"] == "harness-audit/baseline/v1"
    assert accepted["findings"] == [] and accepted["verdict"]["baselined"] == len(written["findings"]) > 0

    unchanged = audit(agent_project, "--baseline", str(baseline), "--format", "json")
    assert unchanged.exit_code == 0, unchanged.output
    assert json.loads(unchanged.stdout)["findings"] == []

    # Lines shift (a header) and a new unbounded loop arrives in the same pull request.
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(HEADER + agent.read_text() + SECOND_LOOP)
    changed = audit(agent_project, "--baseline", str(baseline), "--format", "json")
    assert changed.exit_code == 1, changed.output
    report = json.loads(changed.stdout)
    start = line_of(agent.read_text(), "def summarize_incident")
    new = [(f["rule"], f["line"]) for f in report["findings"]]
    assert ("HA101", start + 2) in new
    assert all(line > start for _, line in new), f"only the new function's findings are new: {new}"
    assert 0 < report["verdict"]["baselined"] <= len(written["findings"])


def test_baseline_file_is_sorted_and_deterministic(agent_project, tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    audit(agent_project, "--write-baseline", str(one))
    (agent_project / "opsbot" / "agent.py").write_text(HEADER + (agent_project / "opsbot" / "agent.py").read_text())
    audit(agent_project, "--write-baseline", str(two))
    assert one.read_bytes() == two.read_bytes()
    ids = [entry["id"] for entry in json.loads(one.read_text())["findings"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert one.read_text().endswith("\n")


def test_bad_baseline_is_a_usage_error(agent_project, tmp_path):
    missing = audit(agent_project, "--baseline", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read baseline" in missing.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"version": 1}')
    result = audit(agent_project, "--baseline", str(wrong))
    assert result.exit_code == 2 and "not a harness-audit baseline" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": \n')
    result = audit(agent_project, "--baseline", str(broken))
    assert result.exit_code == 2 and f"{broken}:" in result.output
    both = audit(agent_project, "--baseline", str(wrong), "--write-baseline", str(tmp_path / "x.json"))
    assert both.exit_code == 2 and "cannot be used together" in both.output


def test_baseline_named_in_the_config_is_used_unless_a_flag_names_one(agent_project, tmp_path):
    accepted = agent_project / "ci" / "accepted.json"
    accepted.parent.mkdir()
    written = audit(agent_project, "--write-baseline", str(accepted))
    assert written.exit_code == 0, written.output
    (agent_project / "pyproject.toml").write_text('[tool.harness-audit]\nbaseline = "ci/accepted.json"\n')
    quiet = audit_report(agent_project)
    assert quiet["findings"] == [] and quiet["verdict"]["baselined"] > 0
    empty = tmp_path / "empty.json"
    empty.write_text('{"schema": "harness-audit/baseline/v1", "findings": []}\n')
    flagged = audit_report(agent_project, "--baseline", str(empty))
    assert flagged["findings"] and flagged["verdict"]["baselined"] == 0
    agent = agent_project / "opsbot" / "agent.py"
    agent.write_text(agent.read_text() + SECOND_LOOP)
    new = audit_report(agent_project)
    assert [f["rule"] for f in new["findings"]] and all(f["line"] > line_of(agent.read_text(), "def summarize_incident")
                                                       for f in new["findings"])
