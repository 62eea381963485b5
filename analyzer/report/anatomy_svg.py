"""The agent's anatomy as an SVG picture, drawn in Python: entry points -> agent loop -> dispatch ->
tools -> side effects, each tool-to-side-effect edge marked with its gate or its absence.

Input is the report's `anatomy` block (analyzer/project/anatomy.py). The layout is a fixed grid,
one column per stage, rows in the block's own (sorted) order, so the same report draws the same
bytes. No script and no external resource: the picture is inline in the HTML report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from analyzer.domain import HIGH_RISK_EXPOSURE

COLUMNS = ("Entry points", "Agent loop", "Dispatch", "Tools", "Side effects")
COLUMN_WIDTH, NODE_WIDTH, NODE_HEIGHT, ROW_GAP = 262, 192, 44, 14
TOP, LEFT = 46, 10
MAX_ROWS = 24  # per column; the rest are counted in one "+N more" node

# Colours chosen for contrast on white (WCAG AA for text, 3:1 for lines).
UNGATED, GATED, NEUTRAL, UNREACHED = "#b3261e", "#1b6e3a", "#44546a", "#6b7280"


@dataclass
class Node:
    key: str
    column: int
    label: str
    sub: str = ""
    colour: str = NEUTRAL
    dashed: bool = False
    link: str = ""  # an in-page anchor (a code excerpt)
    place: str = ""  # path:line, in the box's title when the box does not show it
    row: int = 0


@dataclass
class Edge:
    source: str
    target: str
    label: str = ""
    colour: str = NEUTRAL
    dashed: bool = False


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add(self, node: Node) -> Node:
        return self.nodes.setdefault(node.key, node)

    def link(self, edge: Edge) -> None:
        if edge.source in self.nodes and edge.target in self.nodes and all(
                (e.source, e.target) != (edge.source, edge.target) for e in self.edges):
            self.edges.append(edge)


def _where(item: dict) -> str:
    """A site's name in its box: the function holding it, else its file (the box's title gives both)."""
    function = item.get("function") or ""
    return f"{function}()" if function else f"{item['path']}:{item['line']}"


def anatomy_graph(anatomy: dict, anchor=lambda path, line: "") -> Graph:
    """The graph of an anatomy block; `anchor(path, line)` names the in-page excerpt of a place."""
    graph = Graph()
    entries = anatomy.get("entry_points", [])
    for entry in entries:
        graph.add(Node(f"entry:{entry['node']}", 0, entry["node"], entry.get("kind", "")))
    stage = anatomy.get("loops") or anatomy.get("model_calls") or []
    for item in stage:
        if "bounded" in item:
            bounded = item["bounded"]
            sub = f"bounded: {item.get('bound') or 'yes'}" if bounded else "no bound on turns"
            colour = GATED if bounded else UNGATED
        else:
            sub, colour = f"model call ({item.get('provider') or item.get('call', '')})", NEUTRAL
        graph.add(Node(f"loop:{item['path']}:{item['line']}", 1, _where(item), sub, colour,
                       dashed=not item.get("reachable", True), link=anchor(item["path"], item["line"]),
                       place=f"{item['path']}:{item['line']}"))
    for item in anatomy.get("dispatches", []):
        graph.add(Node(f"dispatch:{item['path']}:{item['line']}", 2, _where(item),
                       f"{item.get('kind', '')} {item.get('container', '')}".strip(),
                       dashed=not item.get("reachable", True), link=anchor(item["path"], item["line"]),
                       place=f"{item['path']}:{item['line']}"))
    for tool in anatomy.get("tools", []):
        sinks = tool.get("sinks", [])
        ungated = any(not s.get("gated") for s in sinks)
        risky = any(s.get("kind") in HIGH_RISK_EXPOSURE for s in sinks)
        colour = UNGATED if ungated and risky else GATED if sinks and not ungated else NEUTRAL
        graph.add(Node(f"tool:{tool['name']}:{tool['path']}:{tool['line']}", 3, tool["name"],
                       f"{tool['path']}:{tool['line']}" if sinks else "no side effect found", colour,
                       dashed=not tool.get("reachable", True), link=anchor(tool["path"], tool["line"])))
        for sink in sinks:
            key = f"sink:{sink['kind']}:{sink['path']}:{sink['line']}"
            graph.add(Node(key, 4, sink["kind"], f"{sink.get('detail', '')} {sink['path']}:{sink['line']}",
                           UNGATED if sink["kind"] in HIGH_RISK_EXPOSURE else NEUTRAL, link=anchor(sink["path"], sink["line"])))

    loops = [n for n in graph.nodes.values() if n.column == 1]
    dispatches = [n for n in graph.nodes.values() if n.column == 2]
    for entry in (n for n in graph.nodes.values() if n.column == 0):
        for loop in loops:
            graph.link(Edge(entry.key, loop.key))
    for dispatch, item in zip(dispatches, anatomy.get("dispatches", [])):
        same = [n for n, s in zip(loops, stage) if s["path"] == item["path"] and s.get("function") == item.get("function")]
        for loop in same or loops[:1]:
            graph.link(Edge(loop.key, dispatch.key))
    for tool in anatomy.get("tools", []):
        key = f"tool:{tool['name']}:{tool['path']}:{tool['line']}"
        registered = tool.get("registered", "")
        feeding = [n for n, d in zip(dispatches, anatomy.get("dispatches", []))
                   if d.get("container") and d["container"] in registered] or dispatches[:1] or loops[:1]
        for source in feeding:
            graph.link(Edge(source.key, key))
        for sink in tool.get("sinks", []):
            gated = bool(sink.get("gated"))
            graph.link(Edge(key, f"sink:{sink['kind']}:{sink['path']}:{sink['line']}",
                            "gate" if gated else "no gate", GATED if gated else UNGATED, dashed=not gated))
    return graph


def render_anatomy_svg(anatomy: dict, anchor=lambda path, line: "") -> str:
    graph = anatomy_graph(anatomy, anchor)
    columns: dict[int, list[Node]] = {c: [] for c in range(len(COLUMNS))}
    for node in graph.nodes.values():
        columns[node.column].append(node)
    hidden: dict[int, int] = {}
    for column, nodes in columns.items():
        if len(nodes) > MAX_ROWS:
            hidden[column] = len(nodes) - (MAX_ROWS - 1)
            for node in nodes[MAX_ROWS - 1:]:
                del graph.nodes[node.key]
            del nodes[MAX_ROWS - 1:]
        for row, node in enumerate(nodes):
            node.row = row
    _align_side_effects(graph, columns[len(COLUMNS) - 1])
    rows = max([n.row + 1 for n in graph.nodes.values()] + [len(n) + (1 if c in hidden else 0) for c, n in columns.items()] + [1])
    width = LEFT * 2 + COLUMN_WIDTH * (len(COLUMNS) - 1) + NODE_WIDTH
    height = TOP + rows * (NODE_HEIGHT + ROW_GAP) + 10
    ungated = sum(1 for e in graph.edges if e.label == "no gate")
    summary = (f"{len(columns[0])} entry points, {len(columns[1])} loops or model calls, {len(columns[2])} dispatch sites, "
               f"{len(columns[3])} tools, {len(columns[4])} side effects; {ungated} tool-to-side-effect "
               f"edge{'s' if ungated != 1 else ''} with no gate.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="anatomy" role="img" aria-labelledby="anatomy-title anatomy-desc" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           '<title id="anatomy-title">The agent\'s anatomy: entry points, loop, dispatch, tools and side effects</title>',
           f'<desc id="anatomy-desc">{escape(summary)}</desc>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#44546a"/></marker></defs>']
    for index, title in enumerate(COLUMNS):
        out.append(f'<text class="column" x="{_x(index) + NODE_WIDTH / 2:.0f}" y="24" text-anchor="middle">{escape(title)}</text>')
    for edge in graph.edges:
        source, target = graph.nodes.get(edge.source), graph.nodes.get(edge.target)
        if source is None or target is None:
            continue
        x1, y1 = _x(source.column) + NODE_WIDTH, _y(source.row) + NODE_HEIGHT / 2
        x2, y2 = _x(target.column), _y(target.row) + NODE_HEIGHT / 2
        middle = (x1 + x2) / 2
        dash = ' stroke-dasharray="6 4"' if edge.dashed else ""
        out.append(f'<path class="edge" d="M{x1:.0f},{y1:.0f} C{middle:.0f},{y1:.0f} {middle:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
                   f'fill="none" stroke="{edge.colour}" stroke-width="2"{dash} marker-end="url(#arrow)"/>')
        if edge.label:
            out.append(f'<text class="edge-label" x="{middle:.0f}" y="{(y1 + y2) / 2 - 4:.0f}" text-anchor="middle" '
                       f'fill="{edge.colour}">{escape(edge.label)}</text>')
    for node in graph.nodes.values():
        out.append(_node(node))
    for column, count in sorted(hidden.items()):
        out.append(f'<text class="more" x="{_x(column) + 8}" y="{_y(MAX_ROWS - 1) + 26}">+{count} more (see the tables below)</text>')
    out.append("</svg>")
    return "\n".join(out)


def _align_side_effects(graph: Graph, sinks: list[Node]) -> None:
    """Put each side effect level with the first tool that reaches it (never above the one before), so
    tool-to-side-effect edges run straight where they can."""
    tool_row: dict[str, int] = {}
    for edge in graph.edges:
        source = graph.nodes.get(edge.source)
        if source is not None and source.column == 3:
            tool_row[edge.target] = min(tool_row.get(edge.target, source.row), source.row)
    previous = -1
    for node in sorted(sinks, key=lambda n: (tool_row.get(n.key, n.row), n.row)):
        node.row = max(tool_row.get(node.key, 0), previous + 1)
        previous = node.row


def _x(column: int) -> int:
    return LEFT + column * COLUMN_WIDTH


def _y(row: int) -> int:
    return TOP + row * (NODE_HEIGHT + ROW_GAP)


def _node(node: Node) -> str:
    x, y = _x(node.column), _y(node.row)
    dash = ' stroke-dasharray="5 3"' if node.dashed else ""
    label, sub = _fit(node.label, 24), _fit(node.sub, 30)
    title = (f"{node.label} — {node.sub}" + (f" ({node.place})" if node.place else "")
             + (" (not reached from an entry point)" if node.dashed else ""))
    body = (f'<g class="node" data-key="{escape(node.key)}"><title>{escape(title)}</title>'
            f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" fill="#ffffff" '
            f'stroke="{node.colour}" stroke-width="2"{dash}/>'
            f'<text x="{x + 8}" y="{y + 18}" class="node-label" fill="{node.colour if node.colour != NEUTRAL else "#1f2937"}">{escape(label)}</text>'
            f'<text x="{x + 8}" y="{y + 35}" class="node-sub">{escape(sub)}</text></g>')
    return f'<a href="#{escape(node.link)}">{body}</a>' if node.link else body


def _fit(text: str, limit: int) -> str:
    """Node text cut to fit its box; the node's <title> carries it whole."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
