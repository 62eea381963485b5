"""Output formats: name -> function(report, color) -> str. All are views of the same Report."""

from __future__ import annotations

from typing import Callable

from analyzer.report.github import render_github
from analyzer.report.json_format import render_json
from analyzer.report.markdown import render_markdown
from analyzer.domain import Report
from analyzer.report.sarif import render_sarif
from analyzer.report.text import render_text

Renderer = Callable[[Report, bool], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": lambda report, color=False: render_json(report),
    "markdown": lambda report, color=False: render_markdown(report),
    "sarif": lambda report, color=False: render_sarif(report),
    "github": lambda report, color=False: render_github(report),
}
