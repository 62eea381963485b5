"""The agent's anatomy as report data: entry points, model calls, agent loops and what bounds them, dispatch
sites, and every tool with where it is defined, how it is registered and the sinks it reaches (across files,
through the project model's call graph), each marked gated or not.

Plain dicts with sorted keys and lists, so the JSON report is byte-stable.
"""

from __future__ import annotations

from analyzer.project.model import ProjectModel

MAX_ITEMS = 200  # per list; a huge project's anatomy stays readable


def build_anatomy(model: ProjectModel, reaches, limits=()) -> dict:
    """`reaches`: the (tool, sink) pairs from analyzer/judge/gates.py `tool_reaches`; `limits`: (path, line) of
    each limit compared on a stopping branch (P5 turn-limit / token-limit evidence)."""
    limit_nodes = {model.node_at(path, line) for path, line in limits} - {None}
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
            bounded, bound = site.flag, site.detail
            if not bounded:
                for limiter in site.stops_on:
                    held = sorted(model.calls_from(limiter) & limit_nodes)
                    if held:
                        bounded, bound = True, f"stops when {limiter}() says so (limit in {held[0]})"
                        break
            loops.append({**place(summary, site), "bounded": bounded, "bound": bound})
        for site in summary.dispatches:
            dispatches.append({**place(summary, site), "kind": site.detail, "container": site.name})
        for site in summary.tools:
            where = {**place(summary, site), "path": summary.path, "line": site.line}
            if site.target:  # registered here, defined in another file: the tool is where its function is
                implementation = model.tool_implementation(site.target)
                if implementation is None:
                    continue
                node, path, line = implementation
                where = {"path": path, "line": line, "function": node.removeprefix(model.functions[node][0].module + "."),
                         "reachable": node in model.reachable}
            tools.append({**where, "name": site.name, "registered": site.detail,
                          "sinks": sorted(sinks_by_tool.get((site.name, where["path"], where["line"]), []),
                                          key=lambda s: (s["path"], s["line"], s["kind"]))})
    tools.sort(key=lambda t: (t["path"], t["line"], t["name"]))
    entry_points = [{"node": root, "kind": _entry_kind(model, root)} for root in model.roots]
    return {
        "entry_points": entry_points[:MAX_ITEMS],
        "library": model.library,
        "model_calls": model_calls[:MAX_ITEMS],
        "loops": loops[:MAX_ITEMS],
        "dispatches": dispatches[:MAX_ITEMS],
        "tools": tools[:MAX_ITEMS],
    }


def limit_sites(code_facts) -> list[tuple[str, int]]:
    """(path, line) of every limit compared on a branch that stops the run: full P5 turn-limit and token-limit
    evidence (a counter or the spend checked against a limit, analyzer/facts/python/p05_*)."""
    return sorted({(e.path, e.line) for facts in code_facts for e in facts.evidence
                   if e.primitive == "P5" and e.component in ("turn-limit", "token-limit") and e.strength == "full"})


def _entry_kind(model: ProjectModel, root: str) -> str:
    if model.library:
        return "library"
    if root in model.modules:
        return "script"
    if root in model.functions and model.functions[root][1].registered:
        return "registered"
    return "configured"
