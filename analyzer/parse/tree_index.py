"""A one-pass index of a libcst tree, so "every Call under this loop" costs a lookup, not a walk.

libcst's visitor machinery is slow in pure Python; checks ask thousands of subtree questions per
file. The index numbers nodes in preorder (a subtree is a contiguous range), keeps per-type
lists, and records each node's nearest enclosing function/class/lambda so that "shallow"
questions (what a function does itself, not its nested functions) are a filter.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import deque
from typing import Mapping

import libcst as cst
from libcst.metadata import CodeRange

_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def _children(node: cst.CSTNode, fields_by_type: dict[type, tuple[str, ...]] = {}) -> list[cst.CSTNode]:
    """Direct children, read from the node's dataclass fields (far cheaper than a visitor)."""
    names = fields_by_type.get(type(node))
    if names is None:
        names = fields_by_type[type(node)] = tuple(f.name for f in dataclasses.fields(node))
    found: list[cst.CSTNode] = []
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found


class TreeIndex:
    def __init__(self, module: cst.Module, positions: Mapping[cst.CSTNode, CodeRange]):
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.pre: dict[int, int] = {}
        self.end: dict[int, int] = {}
        self.scope: dict[int, int] = {}  # node id -> preorder number of its enclosing scope (-1: module)
        self._order: dict[int, tuple[int, int, int]] = {}  # node id -> (line, column, preorder)
        by_type: dict[type, list[tuple[int, cst.CSTNode]]] = {}
        counter = 0
        stack: list[tuple[cst.CSTNode, int, bool]] = [(module, -1, False)]
        while stack:
            node, scope, leaving = stack.pop()
            key = id(node)
            if leaving:
                self.end[key] = counter - 1
                continue
            number = counter
            counter += 1
            self.pre[key] = number
            self.scope[key] = scope
            where = positions.get(node)
            self._order[key] = (where.start.line, where.start.column, number) if where else (0, 0, number)
            by_type.setdefault(type(node), []).append((number, node))
            stack.append((node, scope, True))
            inner = number if isinstance(node, _SCOPES) else scope
            for child in reversed(_children(node)):
                self.parents[child] = node
                stack.append((child, inner, False))
        self._by_type = {t: ([n for n, _ in items], [node for _, node in items]) for t, items in by_type.items()}
        self._concrete: dict[tuple[type, ...], tuple[type, ...]] = {}

    def contains(self, node: cst.CSTNode) -> bool:
        return id(node) in self.pre

    def find_all(self, root: cst.CSTNode, types: tuple[type, ...], shallow: bool) -> list[cst.CSTNode]:
        start, stop = self.pre[id(root)], self.end[id(root)]
        own_scope = start if isinstance(root, _SCOPES) else self.scope[id(root)]
        found: list[tuple[int, cst.CSTNode]] = []
        for concrete in self._concrete_types(types):
            numbers, nodes = self._by_type[concrete]
            for i in range(bisect_left(numbers, start), bisect_right(numbers, stop)):
                node = nodes[i]
                if shallow and self.scope[id(node)] != own_scope:
                    continue
                found.append((numbers[i], node))
        found.sort(key=lambda item: self._order[id(item[1])])  # source order, not field order
        return [node for _, node in found]

    def _concrete_types(self, types: tuple[type, ...]) -> tuple[type, ...]:
        cached = self._concrete.get(types)
        if cached is None:
            cached = self._concrete[types] = tuple(t for t in self._by_type if issubclass(t, types))
        return cached


class IndexRegistry:
    """The indexes of the few modules being analysed now (normally one), newest first."""

    def __init__(self, size: int = 4):
        self._indexes: deque[TreeIndex] = deque(maxlen=size)

    def add(self, index: TreeIndex) -> None:
        self._indexes.appendleft(index)

    def lookup(self, node: cst.CSTNode) -> TreeIndex | None:
        return next((index for index in self._indexes if index.contains(node)), None)
