"""Permission decisions per tool: which tools reach which dangerous sinks, and whether a decision about
the call stands on every path between (HA103 shell, HA105 code execution, HA104 deletes, HA106 sends).

A tool's reach follows the project model's call graph across files (`self.env.run(cmd)` into an
environment class two modules away). A sink is gated for a tool when every path from the tool to it
passes a guard that decides about the call's own arguments (analyzer/project/summary.py `guarded`),
so a self-guarded tool is credited while an ungated one beside it is still flagged. A project-wide
gate on the dispatch path (P2 `gate`) covers every tool, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.facts.model import Exposure
from analyzer.project.model import Located

# Code the model wrote run in this process is HA105 (model output executed), not a shell command.
UNGATED_RULES = {"shell": "HA103", "code-exec": "HA105", "file-delete": "HA104", "messaging": "HA106",
                 "payments": "HA106", "network-send": "HA106"}


@dataclass(frozen=True, order=True)
class ToolReach:
    tool: str  # the tool's name
    path: str  # where the tool is defined
    line: int
    sink: Located


@dataclass(frozen=True, order=True)
class UngatedSink:
    rule: str
    path: str
    line: int
    detail: str
    context: str  # what the finding's fingerprint is made of
    tool_identified: bool  # False when no tool was identified and every exposure counted


def tool_reaches(scope) -> list[ToolReach]:
    """Every (tool, sink) pair the call graph links, tools from every file."""
    if "tool_reaches" in scope.memo:
        return scope.memo["tool_reaches"]
    model = scope.model
    starts: dict[str, tuple[str, str, int]] = {}  # node -> (tool name, path, line)
    for facts in scope.code:
        summary = facts.summary
        if summary is None:
            continue
        for site in summary.tools:
            node = f"{summary.module}.{site.function}"
            for start in (model.methods_of(node) if node in model.classes else [node]):
                starts.setdefault(start, (site.name, summary.path, site.line))
        for local, origin in summary.imports:  # a tool registered here, implemented in another module
            if local in facts.tool_names:
                node = model.resolve(origin)
                if node in model.functions:
                    entry = model.functions[node]
                    starts.setdefault(node, (local, entry[0].path, entry[1].line))
    found = sorted({ToolReach(name, path, line, sink) for start, (name, path, line) in starts.items()
                    for sink in model.sinks_reached(start)})
    scope.memo["tool_reaches"] = found
    return found


def reached_exposures(scope) -> list[Exposure]:
    """Sinks tools reach through other functions or files, as exposures of those tools."""
    return sorted({Exposure(r.sink.kind, r.sink.path, r.sink.line, r.sink.detail, (r.tool,), True)
                   for r in tool_reaches(scope)})


def ungated_sinks(scope, exposures: list[Exposure], tools_identified: bool) -> list[UngatedSink]:
    """Dangerous sinks some tool reaches with no decision about the call on the way."""
    reaches: dict[tuple[str, int, str], list[ToolReach]] = {}
    for reach in tool_reaches(scope):
        reaches.setdefault((reach.sink.path, reach.sink.line, reach.sink.kind), []).append(reach)
    local = _local_sinks(scope)
    found = []
    for exposure in exposures:
        rule = UNGATED_RULES.get(exposure.kind)
        if rule is None:
            continue
        key = (exposure.path, exposure.line, exposure.kind)
        via = reaches.get(key, [])
        sink = local.get(key)
        if via:
            open_paths = sorted(r for r in via if not r.sink.gated)
            if not open_paths or open_paths[0].sink.program:
                continue  # every tool reaching it passes a decision first, or it runs a fixed program
            detail = exposure.detail
            if open_paths[0].path != exposure.path:
                detail = f"{detail}, reached by tool {open_paths[0].tool} ({open_paths[0].path}:{open_paths[0].line})"
        else:
            if sink is not None and (sink.guarded or sink.program):
                continue
            detail = exposure.detail
        found.append(UngatedSink(rule, exposure.path, exposure.line, detail,
                                 f"{exposure.kind}|{exposure.snippet}", tools_identified))
    return sorted(set(found))


def _local_sinks(scope) -> dict:
    table = {}
    for facts in scope.code:
        summary = facts.summary
        if summary is None:
            continue
        for function in summary.functions:
            for sink in function.sinks:
                table[(summary.path, sink.line, sink.kind)] = sink
    return table
