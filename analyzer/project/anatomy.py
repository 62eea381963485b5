"""The agent's anatomy as report data: entry points, model calls, agent loops and what bounds them, dispatch
sites, and every tool with where it is defined, how it is registered and the sinks it reaches (across files,
through the project model's call graph), each marked gated or not.

Plain dicts with sorted keys and lists, so the JSON report is byte-stable.
"""

from __future__ import annotations

from analyzer.project.model import ProjectModel

MAX_ITEMS = 200  # per list; a huge project's anatomy stays readable


def build_anatomy(model: ProjectModel, reaches) -> dict:
    """`reaches`: the (tool, sink) pairs from analyzer/judge/gates.py `tool_reaches`."""
    def place(summary, site) -> dict:
        node = f"{summary.module}.{site.function}" if site.function else summary.module
        return {"path": summary.path, "line": site.line, "function": site.function, "reachable": node in model.reachable}

    model_calls, loops, dispatches, tools = [], [], [], []
    sinks_by_tool: dict[tuple[str, str, int], list[dict]] = {}
    for reach in reaches:
        sinks_by_tool.setdefault((reach.tool, reach.path, reach.line), []).append(
            {"kind": reach.sink.kind, "path": reach.sink.path, "line": reach.sink.line, "detail": reach.sink.detail,
             "gated": reach.sink.gated, **({"program": reach.sink.program} if reach.sink.program else {})})
    for summary in sorted(model.summaries, key=lambda s: s.path):
        for site in summary.model_calls:
            model_calls.append({**place(summary, site), "provider": site.detail, "call": site.name})
        for site in summary.loops:
            loops.append({**place(summary, site), "bounded": site.flag, "bound": site.detail})
        for site in summary.dispatches:
            dispatches.append({**place(summary, site), "kind": site.detail, "container": site.name})
        for site in summary.tools:
            tools.append({**place(summary, site), "name": site.name, "registered": site.detail,
                          "sinks": sorted(sinks_by_tool.get((site.name, summary.path, site.line), []),
                                          key=lambda s: (s["path"], s["line"], s["kind"]))})
    entry_points = [{"node": root, "kind": _entry_kind(model, root)} for root in model.roots]
    return {
        "entry_points": entry_points[:MAX_ITEMS],
        "library": model.library,
        "model_calls": model_calls[:MAX_ITEMS],
        "loops": loops[:MAX_ITEMS],
        "dispatches": dispatches[:MAX_ITEMS],
        "tools": tools[:MAX_ITEMS],
    }


def _entry_kind(model: ProjectModel, root: str) -> str:
    if model.library:
        return "library"
    if root in model.modules:
        return "script"
    if root in model.functions and model.functions[root][1].registered:
        return "registered"
    return "configured"
