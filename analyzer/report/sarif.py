"""SARIF 2.1.0 for GitHub code scanning: a view of the report, with rules from the rubric.

- `tool.driver.rules` lists every primitive (P1..P12) and every rule (HA...) of the rubric the
  audit ran with, each with its help text (the `explain` page) and Markdown help (the page
  `helpUri` points at, `analyzer/report/rule_docs.py`).
- `level` follows the finding's severity: critical/high -> error, medium -> warning,
  low/info -> note. Rules of the permission primitives (P2, P11) carry `security-severity`,
  which makes GitHub show their results as security alerts.
- Every result has a location: finding paths are relative to the audited root and become
  repository-relative URIs with `report.path_prefix` (see `analyzer/config.py:repository_prefix`);
  repository-level findings (a missing primitive) point at the file the judge anchored them
  to (the agent loop, the dispatcher).
- Each result carries the finding's `confidence` in `properties`, and a `rank` (SARIF 2.1.0
  §3.27.25: the result's priority, 0.0 to 100.0) that weighs its severity by its confidence, so
  a critical finding resting on a guess ranks below a high one matched on its line.
- `partialFingerprints` carry the finding id, a hash of rule, file and code that does not
  change when lines shift, as `primaryLocationLineHash` (the key GitHub matches on) and
  `harnessAudit/v1`.
- Suppressed findings are kept, with an `inSource` suppression and its reason. With
  `--baseline`, results are `baselineState: new` (the baselined ones are left out).
- The run's `invocations[0].exitCode` and `properties.verdict` give the same verdict as every
  other format.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from analyzer.report.explain import explain_primitive, explain_rule
from analyzer.domain import Finding, Report
from analyzer.report.rule_docs import REPOSITORY_URL, primitive_markdown, rule_markdown, rule_url
from analyzer.rubric import Rubric, load_rubric

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub buckets: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
# rank = severity score x confidence weight: critical/high 100, high/high 80, critical/low 50.
SEVERITY_SCORE = {"critical": 100.0, "high": 80.0, "medium": 60.0, "low": 40.0, "info": 20.0}
CONFIDENCE_WEIGHT = {"high": 1.0, "medium": 0.75, "low": 0.5}
# Primitives whose findings are security findings: the permission gate and its audit trail.
SECURITY_PRIMITIVES = ("P2", "P11")


def _descriptor(rule_id: str, name: str, title: str, full: str, severity: str, primitive_id: str,
                tags: list[str], text: str, markdown: str) -> dict:
    properties: dict = {"tags": tags}
    if primitive_id in SECURITY_PRIMITIVES:
        properties["tags"] = ["security", *tags]
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": " ".join(full.split())},
        "help": {"text": text, "markdown": markdown},
        "helpUri": rule_url(rule_id),
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": properties,
    }


def rule_descriptors(rubric: Rubric) -> list[dict]:
    """Primitives first (rubric order), then rules (by id)."""
    descriptors = []
    for p in rubric.primitives:
        descriptors.append(_descriptor(
            p.id, p.slug, p.title, p.summary, p.severity_absent, p.id,
            ["harness", "primitive", p.tier, p.slug], explain_primitive(p), primitive_markdown(p, rubric)))
    for r in rubric.rules:
        try:
            slug = rubric.primitive(r.primitive).slug
        except KeyError:
            slug = r.primitive
        descriptors.append(_descriptor(
            r.id, r.slug, r.title, r.message, r.severity, r.primitive,
            ["harness", "rule", slug], explain_rule(r, rubric), rule_markdown(r, rubric)))
    return descriptors


def _uri(report: Report, finding: Finding) -> str:
    path = finding.path
    if path in ("", ".") and report.scanned:
        path = report.scanned[0]  # a repository-level finding with no anchor: the first file read
    return quote(report.repo_path(path), safe="/")


def rank(finding: Finding) -> float:
    """The result's priority (SARIF `rank`, 0.0-100.0): its severity weighed by its confidence."""
    return round(SEVERITY_SCORE[finding.severity] * CONFIDENCE_WEIGHT[finding.confidence], 1)


def _result(report: Report, finding: Finding, index: dict[str, int]) -> dict:
    result: dict = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message}\nFix: {finding.remediation}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(report, finding)},
            "region": {"startLine": max(finding.line, 1)},
        }}],
        "partialFingerprints": {"primaryLocationLineHash": finding.id, "harnessAudit/v1": finding.id},
        "rank": rank(finding),
        "properties": {"severity": finding.severity, "confidence": finding.confidence,
                       "primitive": finding.primitive, "title": finding.title},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.suppressed:
        suppression = {"kind": "inSource", "status": "accepted"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        result["suppressions"] = [suppression]
    if report.baseline_used:
        result["baselineState"] = "new"
    return result


def sarif_document(report: Report) -> dict:
    rubric = report.rubric or load_rubric()
    rules = rule_descriptors(rubric)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    failing = len(report.failing_findings())
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "harness-audit",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": REPOSITORY_URL,
                "rules": rules,
            }},
            "automationDetails": {"id": "harness-audit/"},
            "invocations": [{
                "executionSuccessful": True,
                "exitCode": report.exit_code,
                "toolExecutionNotifications": [
                    {"level": "warning", "message": {"text": f"skipped {s.path}: {s.reason}"}}
                    for s in report.skipped
                ],
            }],
            "results": [_result(report, finding, index) for finding in report.findings],
            "properties": {
                "summary": report.summary,
                "agentDetected": report.agent_detected,
                "verdict": {
                    "failOn": report.fail_on,
                    "failingFindings": failing,
                    "exitCode": report.exit_code,
                    "suppressed": report.suppressed_count,
                    "baselined": report.baselined,
                },
            },
        }],
    }


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_document(report), indent=2, ensure_ascii=False) + "\n"
