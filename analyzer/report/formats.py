"""Output formats: name -> function(report, options) -> str. All are views of the same Report."""

from __future__ import annotations

from typing import Callable

from analyzer.domain import Report
from analyzer.report.concise import render_concise
from analyzer.report.github import render_github
from analyzer.report.html import render_html
from analyzer.report.json_format import render_json
from analyzer.report.markdown import render_markdown
from analyzer.report.options import RenderOptions
from analyzer.report.sarif import render_sarif
from analyzer.report.text import render_text

Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "concise": render_concise,
    "json": lambda report, options: render_json(report),
    "markdown": render_markdown,
    "html": render_html,
    "sarif": lambda report, options: render_sarif(report),
    "github": lambda report, options: render_github(report),
}
# Formats that may carry ANSI colour on a terminal.
COLOURED = ("text", "concise")
