"""A one-pass index of a libcst tree: lines, parents and subtree look-ups from a single walk.

libcst's visitor machinery is slow in pure Python, and its `PositionProvider` is a full code
generation pass that builds two position objects per node. Checks ask thousands of subtree
questions per file, and every fact needs a line. So the index makes one code generation pass of
its own (`_IndexingState`), which yields the nodes in source order with their nesting, and
keeps only integers: preorder numbers (a subtree is a contiguous range), per-type lists, each
node's nearest enclosing function/class/lambda (so that "shallow" questions, what a function
does itself and not its nested functions, are a filter), and the start and end line of each
node exactly as `PositionProvider` reports them (syntactic positions: a function starts at
`def`, not at its decorators or the comments above it).
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from collections import deque

import libcst as cst
from libcst._nodes.internal import CodegenState

_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_SCOPE_TYPES = frozenset(_SCOPES)  # concrete classes: `type(node) in` is far cheaper than isinstance on libcst's ABCs
_NEWLINE = re.compile(r"\r\n?|\n")


class _IndexingState(CodegenState):
    """Code generation that writes no code: it counts lines and columns and numbers the nodes."""

    __slots__ = ("line", "column", "index", "_open", "_syntactic", "_tokens")

    def __init__(self, module: cst.Module, index: "TreeIndex"):
        # Not CodegenState.__init__: it would make a token list, which `tokens` below replaces.
        self.default_indent, self.default_newline = module.default_indent, module.default_newline
        self.provider, self.indent_tokens = None, []
        self.line, self.column = 1, 0  # one-based line, zero-based column (as PositionProvider)
        self.index = index
        self._open: list[int] = []  # numbers of the nodes being generated, outermost first
        self._syntactic: dict[int, tuple[int, int, int, int]] = {}
        self._tokens = 0

    # Module._codegen_impl asks `len(state.tokens)` for an empty file; a count is enough.
    @property
    def tokens(self):  # type: ignore[override]
        return range(self._tokens)

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.column += len(token)

    def add_token(self, value: str) -> None:
        self._tokens += 1
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def pop_trailing_newline(self) -> None:
        pass  # PositionProvider does not move positions back either

    def before_codegen(self, node: cst.CSTNode) -> None:
        index = self.index
        number = len(index.nodes)
        index.nodes.append(node)
        index.numbers[id(node)] = number
        if self._open:
            parent = self._open[-1]
            index.parent.append(parent)
            index.scope.append(parent if type(index.nodes[parent]) in _SCOPE_TYPES else index.scope[parent])
        else:
            index.parent.append(-1)
            index.scope.append(-1)
        index.start.append((self.line, self.column))
        index.end.append((self.line, self.column))
        index.last.append(number)
        index.by_type.setdefault(type(node), []).append(number)
        self._open.append(number)

    def after_codegen(self, node: cst.CSTNode) -> None:
        number = self._open.pop()
        index = self.index
        index.last[number] = len(index.nodes) - 1
        syntactic = self._syntactic.pop(number, None)
        if syntactic is None:
            index.end[number] = (self.line, self.column)
        else:
            index.start[number], index.end[number] = syntactic[:2], syntactic[2:]

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None,
                                  end_node: cst.CSTNode | None = None) -> "_SyntacticPosition":
        return _SyntacticPosition(self, node, start_node, end_node)


class _SyntacticPosition:
    """The span a node gives itself (a statement without the comments above it), as PositionProvider
    records it. A class rather than @contextmanager: libcst asks for one per statement and expression."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _IndexingState, node: cst.CSTNode, start_node: cst.CSTNode | None,
                 end_node: cst.CSTNode | None):
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc_info: object) -> None:
        state = self.state
        start, end = self.start, (state.line, state.column)
        index = state.index
        if self.start_node is not None:
            start = index.start[index.numbers[id(self.start_node)]]
        if self.end_node is not None:
            end = index.end[index.numbers[id(self.end_node)]]
        state._syntactic[index.numbers[id(self.node)]] = (*start, *end)


class TreeIndex:
    def __init__(self, module: cst.Module):
        self.nodes: list[cst.CSTNode] = []  # in source (code generation) preorder
        self.numbers: dict[int, int] = {}  # id(node) -> its preorder number
        self.parent: list[int] = []  # -1 for the module
        self.last: list[int] = []  # the number of the last node of each subtree
        self.scope: list[int] = []  # the number of the enclosing function/class/lambda (-1: module)
        self.start: list[tuple[int, int]] = []  # (line, column)
        self.end: list[tuple[int, int]] = []
        self.by_type: dict[type, list[int]] = {}
        module._codegen(_IndexingState(module, self))
        # Source order by syntactic start (a decorator comes before its function), then preorder.
        ranked = sorted(range(len(self.nodes)), key=self.start.__getitem__)  # stable: ties keep preorder
        self._rank = [0] * len(ranked)
        for rank, number in enumerate(ranked):
            self._rank[number] = rank
        self._concrete: dict[tuple[type, ...], tuple[type, ...]] = {}

    def contains(self, node: cst.CSTNode) -> bool:
        return id(node) in self.numbers

    def line(self, node: cst.CSTNode) -> int | None:
        number = self.numbers.get(id(node))
        return self.start[number][0] if number is not None else None

    def end_line(self, node: cst.CSTNode) -> int | None:
        number = self.numbers.get(id(node))
        return self.end[number][0] if number is not None else None

    def parent_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        number = self.numbers.get(id(node))
        if number is None or self.parent[number] < 0:
            return None
        return self.nodes[self.parent[number]]

    def find_all(self, root: cst.CSTNode, types: tuple[type, ...], shallow: bool) -> list[cst.CSTNode]:
        start = self.numbers[id(root)]
        stop = self.last[start]
        own_scope = start if type(root) in _SCOPE_TYPES else self.scope[start]
        found: list[int] = []
        concrete = self._concrete_types(types)
        for kind in concrete:
            numbers = self.by_type[kind]
            selected = numbers[bisect_left(numbers, start):bisect_right(numbers, stop)]
            if shallow:
                scope = self.scope
                selected = [n for n in selected if scope[n] == own_scope]
            found.extend(selected)
        found.sort(key=self._rank.__getitem__)  # source order, not preorder
        nodes = self.nodes
        return [nodes[n] for n in found]

    def _concrete_types(self, types: tuple[type, ...]) -> tuple[type, ...]:
        cached = self._concrete.get(types)
        if cached is None:
            cached = self._concrete[types] = tuple(t for t in self.by_type if issubclass(t, types))
        return cached


class IndexRegistry:
    """The indexes of the modules being analysed now (normally one), newest first.

    Weak references: a module's index lives as long as its `PythonModule`, so a worker that has
    moved on to the next file does not keep the last few trees (hundreds of MB for big files).
    """

    def __init__(self, size: int = 4):
        self._indexes: deque[weakref.ref[TreeIndex]] = deque(maxlen=size)

    def add(self, index: TreeIndex) -> None:
        self._indexes.appendleft(weakref.ref(index))

    def lookup(self, node: cst.CSTNode) -> TreeIndex | None:
        for reference in self._indexes:
            index = reference()
            if index is not None and index.contains(node):
                return index
        return None
