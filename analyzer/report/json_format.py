"""JSON: the documented, versioned contract (schema in analyzer/schemas/report.schema.json)."""

from __future__ import annotations

import json
from dataclasses import asdict

from analyzer.domain import Report
from analyzer.report.view import severity_note


def report_document(report: Report) -> dict:
    """The JSON document (see analyzer/schemas/report.schema.json)."""
    return {
        "schema_version": report.schema_version,
        "tool_version": report.tool_version,
        "mode": report.mode,
        "agent_detected": report.agent_detected,
        "summary": report.summary,
        "frameworks": list(report.frameworks),
        "primitives": [
            {
                "id": v.id, "slug": v.slug, "title": v.title, "tier": v.tier, "status": v.status,
                "evidence": [asdict(e) for e in v.evidence],
                "missing": list(v.missing),
                "discounted": [asdict(e) for e in v.discounted],
                "claims": [asdict(c) for c in v.claims],
                "config_evidence": [asdict(e) for e in v.config_evidence],
                "config_status": v.config_status,
            }
            for v in report.primitives
        ],
        "exposure": {
            "level": report.exposure.level,
            "kinds": list(report.exposure.kinds),
            "items": [asdict(i) for i in report.exposure.items],
        },
        "findings": [{**asdict(f), "severity_reason": severity_note(report, f)} for f in report.findings],
        "documents": [asdict(d) for d in report.documents],
        "anatomy": report.anatomy,
        "upgrade_path": [asdict(s) for s in report.upgrade_path],
        "suggested_tests": [
            {"primitive": t.primitive, "name": t.name, "checks": t.checks, "file": t.file}
            for t in report.suggested_tests
        ],
        "verdict": {
            "fail_on": report.fail_on,
            "failing_findings": len(report.failing_findings()),
            "exit_code": report.exit_code,
            "suppressed": report.suppressed_count,
            "baselined": report.baselined,
        },
        "files": {
            "path_prefix": report.path_prefix,
            "cwd_prefix": report.cwd_prefix,
            "scanned": list(report.scanned),
            # `line` only for files that stopped parsing at a known line (malformed JSON/TOML).
            "skipped": [{k: v for k, v in asdict(s).items() if k != "line" or v is not None}
                        for s in report.skipped],
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"
