"""The project model: every file's summary linked into one call graph, with entry points and reachability.

Built once per audit from the `ModuleSummary` of each Python file (a link step, linear in their
size). Call targets are resolved on qualified names: imports between the project's modules
(absolute, relative, aliased, re-exported by a package `__init__`), classes and their bases,
attributes built from a constructor (`self.env = LocalEnv()`), module-level objects. What
cannot be resolved stays unresolved; nothing is linked by a bare name.

Nodes are qualified names: `pkg.mod` (module-level code), `pkg.mod.func`, `pkg.mod.Class`,
`pkg.mod.Class.method`. "Used" means reachable from an entry point: a script (`__main__`
guard, a runner call at module level), a console script or LangGraph graph named in the
project's config, a function a framework calls (a route, a command, a tool: any registering
decorator). A project with no entry point at all is a library: its public API is the root.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from analyzer.project.summary import CallSite, ClassSummary, FunctionSummary, ModuleSummary

MAX_RESOLVE_DEPTH = 6


@dataclass(frozen=True, order=True)
class Located:
    """A sink reached from a node, where it is and whether a decision about the call guards it."""

    path: str
    line: int
    kind: str
    detail: str
    function: str
    gated: bool
    program: str = ""  # a fixed program run without a shell (shell sinks only)


@dataclass
class ProjectModel:
    summaries: list[ModuleSummary]
    entry_hints: tuple[str, ...] = ()  # "module:function" or "module:variable" from pyproject / langgraph.json
    modules: dict[str, ModuleSummary] = field(default_factory=dict)
    functions: dict[str, tuple[ModuleSummary, FunctionSummary]] = field(default_factory=dict)
    classes: dict[str, tuple[ModuleSummary, ClassSummary]] = field(default_factory=dict)
    edges: dict[str, list[tuple[str, CallSite]]] = field(default_factory=dict)
    unresolved: dict[str, list[CallSite]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    reachable: set[str] = field(default_factory=set)
    library: bool = False

    def __post_init__(self) -> None:
        for summary in sorted(self.summaries, key=lambda s: s.path):
            self.modules.setdefault(summary.module, summary)
            for function in summary.functions:
                self.functions.setdefault(f"{summary.module}.{function.qualname}", (summary, function))
            for cls in summary.classes:
                self.classes.setdefault(f"{summary.module}.{cls.qualname}", (summary, cls))
        self._by_path = {s.path: s for s in self.summaries}
        self._methods: dict[str, list[str]] = {}
        for name in sorted(self.functions):
            owner = name.rpartition(".")[0]
            if owner in self.classes:
                self._methods.setdefault(owner, []).append(name)
        self._suffixes = _suffix_index(self.modules)
        self._link()
        self.roots = self._roots()
        self.reachable = self._closure(self.roots)

    # --- resolution ------------------------------------------------------------------------

    def resolve(self, target: str, depth: int = 0) -> str | None:
        """The project node a dotted reference names, or None (outside the project, or not knowable)."""
        if not target or target.startswith("?") or depth > MAX_RESOLVE_DEPTH:
            return None
        if target in self.functions or target in self.classes or target in self.modules:
            return target
        parts = target.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head, rest = ".".join(parts[:cut]), parts[cut:]
            module = self._module_named(head)
            if module is not None:
                return self._in_module(module, rest, depth)
            if head in self.classes:
                return self._method(head, rest, depth)
        module = self._module_named(target)
        return module.module if module is not None else None

    def _module_named(self, dotted: str) -> ModuleSummary | None:
        if dotted in self.modules:
            return self.modules[dotted]
        if dotted.startswith(("src.", "lib.")) and dotted[4:] in self.modules:  # `from src.app import x`
            return self.modules[dotted[4:]]
        matches = self._suffixes.get(dotted, ())
        return self.modules[matches[0]] if len(matches) == 1 else None

    def _in_module(self, module: ModuleSummary, rest: list[str], depth: int) -> str | None:
        first = f"{module.module}.{rest[0]}"
        if first in self.functions and len(rest) == 1:
            return first
        if first in self.classes:
            return first if len(rest) == 1 else self._method(first, rest[1:], depth)
        origin = dict(module.imports).get(rest[0])  # re-exported (`from .impl import run` in __init__)
        if origin:
            return self.resolve(".".join([origin, *rest[1:]]), depth + 1)
        submodule = self.modules.get(f"{module.module}.{rest[0]}")
        if submodule is not None:
            return self._in_module(submodule, rest[1:], depth) if len(rest) > 1 else submodule.module
        return module.module if len(rest) == 1 else None  # a module-level object: its module's code made it

    def _method(self, cls: str, rest: list[str], depth: int) -> str | None:
        if len(rest) != 1:
            attribute = dict(self.classes[cls][1].attributes).get(rest[0])  # Class.attr.method
            return self.resolve(".".join([attribute, *rest[1:]]), depth + 1) if attribute else None
        for owner in self._mro(cls):
            candidate = f"{owner}.{rest[0]}"
            if candidate in self.functions:
                return candidate
        return None

    def _mro(self, cls: str) -> list[str]:
        order, queue, seen = [], deque([cls]), set()
        while queue:
            current = queue.popleft()
            if current in seen or current not in self.classes:
                continue
            seen.add(current)
            order.append(current)
            summary, info = self.classes[current]
            for base in info.bases:
                resolved = self.resolve(base, 1)
                if resolved:
                    queue.append(resolved)
        return order

    # --- the graph -------------------------------------------------------------------------

    def _link(self) -> None:
        for name, (summary, function) in self.functions.items():
            self._add_edges(name, function.calls)
            for decorator in function.decorators:  # the decorator runs at import and wraps every call
                resolved = self.resolve(decorator)
                if resolved:
                    self.edges.setdefault(name, []).append((resolved, CallSite(decorator, function.line, kind="ref")))
                    self.edges.setdefault(summary.module, []).append((resolved, CallSite(decorator, function.line, kind="ref")))
            owner = name.rpartition(".")[0]
            if owner in self.functions:  # a nested function runs when its parent does
                self.edges.setdefault(owner, []).append((name, CallSite(name, function.line, kind="ref")))
        for name, (summary, cls) in self.classes.items():
            # using a class (building it, subclassing it, handing it over) may run any of its methods
            for method in self.methods_of(name):
                self.edges.setdefault(name, []).append((method, CallSite(method, cls.line, kind="ref")))
            for base in cls.bases:
                resolved = self.resolve(base)
                if resolved:
                    self.edges.setdefault(name, []).append((resolved, CallSite(base, cls.line, kind="ref")))
        for module in self.modules.values():
            self._add_edges(module.module, module.module_calls)
            for local, origin in module.imports:
                resolved = self.resolve(origin)
                if resolved:  # importing runs the module's top-level code and hands over the name
                    imported = self._module_of(resolved)
                    for target in sorted({resolved, imported or resolved}):
                        self.edges.setdefault(module.module, []).append((target, CallSite(origin, 0, kind="ref")))

    def _add_edges(self, source: str, calls: tuple[CallSite, ...]) -> None:
        for call in calls:
            resolved = self.resolve(call.target)
            if resolved is None:
                if call.kind == "call":
                    self.unresolved.setdefault(source, []).append(call)
                continue
            self.edges.setdefault(source, []).append((resolved, call))

    def _module_of(self, node: str) -> str | None:
        while node and node not in self.modules:
            node = node.rpartition(".")[0]
        return node or None

    def _roots(self) -> list[str]:
        roots = [m.module for m in self.modules.values() if m.script]
        for hint in self.entry_hints:
            module, _, attribute = hint.partition(":")
            resolved = self.resolve(f"{module}.{attribute}" if attribute else module) or self.resolve(module)
            if resolved:
                roots.append(resolved)
        for module in self.modules.values():
            for function in module.functions:
                if function.registered:
                    roots.append(f"{module.module}.{function.qualname}")
        if not any(r for r in roots if r in self.modules or r in self.functions or r in self.classes):
            self.library = True
            for module in self.modules.values():
                roots.append(module.module)
                roots += [f"{module.module}.{f.qualname}" for f in module.functions if _public(f.qualname)]
                roots += [f"{module.module}.{c.qualname}" for c in module.classes if _public(c.qualname)]
        return sorted(set(roots))

    def _closure(self, roots: list[str]) -> set[str]:
        seen = set(roots)
        queue = deque(roots)
        while queue:
            node = queue.popleft()
            module = self._module_of(node)  # code runs only once its module was imported
            for target in ([module] if module and module not in seen else []) + [t for t, _ in self.edges.get(node, ())]:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen

    # --- questions the judge asks ----------------------------------------------------------

    def node_at(self, path: str, line: int) -> str | None:
        """The innermost function (or class, or module) holding a line of a file."""
        summary = self._by_path.get(path)
        if summary is None:
            return None
        best, best_span = summary.module, None
        for function in summary.functions:
            if function.first_line <= line <= function.end_line and (
                    best_span is None or function.end_line - function.first_line < best_span):
                best, best_span = f"{summary.module}.{function.qualname}", function.end_line - function.first_line
        if best_span is None:
            for cls in summary.classes:
                if cls.line <= line <= cls.end_line:
                    best = f"{summary.module}.{cls.qualname}"
        return best

    def function_at(self, path: str, line: int) -> str:
        """The qualified name, inside its file, of the innermost function or class holding a line ("" at module level)."""
        node = self.node_at(path, line)
        module = self._by_path[path].module if path in self._by_path else ""
        return node[len(module) + 1:] if node and node != module and node.startswith(module + ".") else ""

    def is_reachable(self, path: str, line: int) -> bool | None:
        """Is the code at path:line reachable from an entry point? None when the file is not modelled."""
        node = self.node_at(path, line)
        if node is None:
            return None
        if node in self.classes:  # a class body runs when its module is imported
            return self._module_of(node) in self.reachable
        return node in self.reachable

    def sinks_reached(self, start: str) -> list[Located]:
        """Every sink reachable from `start` through calls, each marked gated when a decision about the
        call stands on every path to it (a guarded call edge or a guarded sink site)."""
        found: dict[tuple, Located] = {}
        open_paths = self._walk(start, only_unguarded=True)
        for node in self._walk(start, only_unguarded=False):
            entry = self.functions.get(node)
            if entry is None:
                continue
            summary, function = entry
            for sink in function.sinks:
                gated = node not in open_paths or sink.guarded
                key = (summary.path, sink.line, sink.kind)
                previous = found.get(key)
                if previous is None or (previous.gated and not gated):
                    found[key] = Located(summary.path, sink.line, sink.kind, sink.detail, node, gated, sink.program)
        return sorted(found.values())

    def _walk(self, start: str, only_unguarded: bool) -> set[str]:
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            for target, call in self.edges.get(node, ()):
                if call.kind != "call" and not (target in self.classes and node not in self.classes):
                    continue
                if only_unguarded and call.guarded:
                    continue
                for reached in (target, f"{target}.__init__"):  # building an object runs its __init__
                    if reached not in seen and (reached == target or reached in self.functions):
                        seen.add(reached)
                        queue.append(reached)
        return seen

    def methods_of(self, cls: str) -> list[str]:
        return self._methods.get(cls, [])

    def only_allowing_calls(self, path: str, line: int) -> list[str]:
        """The project functions called on a line when every one of them always allows (returns a constant
        yes and never raises): a gate built on them decides nothing. Empty when any call there can say no."""
        node = self.node_at(path, line)
        entry = self.functions.get(node or "")
        if entry is None:
            return []
        called = {self.resolve(c.target) for c in entry[1].calls if c.line == line and c.kind == "call"}
        called.discard(None)
        targets = [t for t in called if t in self.functions]
        if targets and all(self.functions[t][1].always_allows for t in targets):
            return sorted(targets)
        return []


def _public(qualname: str) -> bool:
    return not any(part.startswith("_") and not part.startswith("__") for part in qualname.split("."))


def _suffix_index(modules: dict[str, ModuleSummary]) -> dict[str, tuple[str, ...]]:
    """Every dotted tail of a module name -> the modules it could mean (a project audited from above
    its import root names `app.agent.loop` what its code imports as `agent.loop`)."""
    table: dict[str, list[str]] = {}
    for name in sorted(modules):
        parts = name.split(".")
        for start in range(1, len(parts)):
            table.setdefault(".".join(parts[start:]), []).append(name)
    return {key: tuple(value) for key, value in table.items()}
