"""JSON: the documented, versioned contract (schema in analyzer/schemas/report.schema.json)."""

from __future__ import annotations

import json

from analyzer.report.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
