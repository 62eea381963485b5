"""The anatomy picture: one node per entry point, loop, dispatch, tool and side effect; each tool-to-side-effect
edge says whether a gate stands on it; the layout is a fixed grid, so the same anatomy draws the same bytes."""

from __future__ import annotations

import re

from analyzer.report.anatomy_svg import MAX_ROWS, anatomy_graph, render_anatomy_svg


def _site(path, line, function, **extra):
    return {"path": path, "line": line, "function": function, "reachable": True, **extra}


ANATOMY = {
    "entry_points": [{"node": "ops.cli.main", "kind": "registered"}],
    "library": False,
    "model_calls": [_site("ops/loop.py", 40, "Agent.run", provider="anthropic", call="messages.create")],
    "loops": [_site("ops/loop.py", 38, "Agent.run", bounded=True, bound="range(MAX_TURNS)")],
    "dispatches": [_site("ops/loop.py", 52, "Agent.run", kind="dict", container="TOOLS")],
    "tools": [
        {**_site("ops/tools.py", 10, "deploy", name="deploy", registered="value of TOOLS"),
         "sinks": [{"kind": "shell", "path": "ops/tools.py", "line": 12, "detail": "subprocess.run", "gated": True}]},
        {**_site("ops/tools.py", 20, "notify", name="notify", registered="value of TOOLS"),
         "sinks": [{"kind": "messaging", "path": "ops/tools.py", "line": 22, "detail": "slack.chat_postMessage",
                    "gated": False}]},
        {**_site("ops/old.py", 5, "legacy", name="legacy", registered="@tool"), "reachable": False, "sinks": []},
    ],
}


def test_every_stage_is_a_node_and_every_side_effect_edge_names_its_gate():
    graph = anatomy_graph(ANATOMY)
    assert sorted((n.column, n.label) for n in graph.nodes.values()) == [
        (0, "ops.cli.main"), (1, "Agent.run()"), (2, "Agent.run()"),
        (3, "deploy"), (3, "legacy"), (3, "notify"), (4, "messaging"), (4, "shell")]
    labelled = {(e.source.split(":")[1], e.target.split(":")[1], e.label) for e in graph.edges if e.label}
    assert labelled == {("deploy", "shell", "gate"), ("notify", "messaging", "no gate")}
    loop = next(n for n in graph.nodes.values() if n.column == 1)
    assert loop.sub == "bounded: range(MAX_TURNS)"
    assert next(n for n in graph.nodes.values() if n.label == "legacy").dashed  # not reached from an entry point


def test_the_svg_is_deterministic_accessible_and_links_to_excerpts():
    svg = render_anatomy_svg(ANATOMY, lambda path, line: f"src-{line}")
    assert svg == render_anatomy_svg(ANATOMY, lambda path, line: f"src-{line}")
    assert 'role="img"' in svg and "<title id=\"anatomy-title\">" in svg
    assert "1 tool-to-side-effect edge with no gate" in svg
    assert re.findall(r'<text class="edge-label"[^>]*>([^<]+)</text>', svg) == ["gate", "no gate"]
    assert '<a href="#src-10">' in svg and "<script" not in svg


def test_a_crowded_column_is_cut_with_a_count_of_the_rest():
    tools = [{**_site("t.py", n, f"t{n}", name=f"t{n:03}", registered="value of TOOLS"), "sinks": []}
             for n in range(1, MAX_ROWS + 11)]
    svg = render_anatomy_svg({**ANATOMY, "tools": tools})
    assert svg.count('data-key="tool:') == MAX_ROWS - 1
    assert f"+{len(tools) - MAX_ROWS + 1} more (see the tables below)" in svg
