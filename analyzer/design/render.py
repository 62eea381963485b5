"""Render a plan (the dict from `select.build_plan`) as JSON or Markdown.

Markdown comes from Jinja templates in `templates/design/` with StrictUndefined and no
autoescape (the output is Markdown, not HTML). Text is only ever passed to templates as data,
never compiled as a template, so `{{ 7*7 }}` in a prompt stays `{{ 7*7 }}`; and every string
that can hold the user's words goes through `md`/`md_cell`/`md_quote`, which escape the
characters Markdown would act on (emphasis, links, raw HTML, tables, headings).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analyzer.resources import data_dir

_ALWAYS = re.compile(r"([\\`*\[\]<>|#~&])")
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.M)


def md(text: Any) -> str:
    """Escape text so Markdown shows it as typed: no emphasis, links, HTML or headings."""
    text = _ALWAYS.sub(r"\\\1", str(text))
    # snake_case words stay readable: CommonMark never emphasises an underscore inside a word.
    return _LONE_UNDERSCORE.sub(r"\\_", text)


def md_cell(text: Any) -> str:
    """Escaped and on one line, for a table cell or a list item."""
    return md(" ".join(str(text).split()))


def md_quote(text: Any) -> str:
    """A Markdown block quote of the user's text, line by line, escaped."""
    lines = str(text).strip("\n").splitlines() or [""]
    quoted = []
    for line in lines:
        escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), md(line.rstrip()))
        quoted.append(f"> {escaped}" if escaped.strip() else ">")
    return "\n".join(quoted)


def py_str(text: Any) -> str:
    """A Python string literal holding the text exactly (for generated source files)."""
    return repr(str(text))


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(data_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, md_cell=md_cell, md_quote=md_quote, py_str=py_str)
    return env


def render_json(plan: dict[str, Any]) -> str:
    return json.dumps(plan, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_markdown(plan: dict[str, Any]) -> str:
    return environment().get_template("design/plan.md.j2").render(plan=plan)


FORMATS = {"markdown": render_markdown, "json": render_json}
