"""One parsed Python file with the look-ups every check needs.

Built once per file. Checks ask it for dotted call names (with import aliases resolved),
keyword arguments (with `**params` dicts and module constants resolved), lines, and the
function or class that holds a node. It never imports or runs the code it reads.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, TypeVar

import libcst as cst
from analyzer.parse.tree_index import IndexRegistry, TreeIndex

N = TypeVar("N", bound=cst.CSTNode)
_INDEXES = IndexRegistry()



class ParseFailure(Exception):
    """The file is not valid Python (for libcst); `str()` says where and why, `line` where it stops."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def parse_python(source: str, path: str) -> "PythonModule":
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise _syntax_failure(source, error) from None
    except (RecursionError, MemoryError) as error:  # pathological nesting
        raise ParseFailure(f"too deeply nested to parse ({type(error).__name__})") from None
    return PythonModule(source, path, module)


def _syntax_failure(source: str, error: cst.ParserSyntaxError) -> ParseFailure:
    """CPython's own compiler (it runs nothing) says whether the file is really invalid, and where."""
    try:
        compile(source, "<check>", "exec", dont_inherit=True)
    except SyntaxError as cpython:
        line = cpython.lineno or error.raw_line
        return ParseFailure(f"syntax error at line {line}: {cpython.msg}", line)
    except (RecursionError, MemoryError, ValueError, OverflowError):
        pass
    else:
        return ParseFailure(f"valid Python that libcst cannot parse (it stops at line {error.raw_line}, column "
                            f"{error.raw_column}: {error.message.splitlines()[0][:120]})", error.raw_line)
    return ParseFailure(f"syntax error at line {error.raw_line}, column {error.raw_column}: {error.message}",
                        error.raw_line)


def module_name(path: str) -> str:
    """Dotted import path for a relative file path: `src/agent/loop.py` -> `agent.loop`."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] in ("src", "lib") and len(parts) > 1:
        parts = parts[1:]
    if parts:
        last = parts[-1]
        parts[-1] = last[:-3] if last.endswith(".py") else last
        if parts[-1] == "__init__":
            parts = parts[:-1]
    return ".".join(parts)


class _Collector(cst.CSTVisitor):
    """Collect every node of the wanted types (nested function bodies included)."""

    def __init__(self, types: tuple[type, ...]):
        self.types, self.found = types, []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self.types):
            self.found.append(node)
        return True


class _ShallowCollector(_Collector):
    """Like _Collector, but does not descend into nested functions, classes or lambdas."""

    def __init__(self, types: tuple[type, ...], root: cst.CSTNode):
        super().__init__(types)
        self.root = root

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is not self.root and isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            if isinstance(node, self.types):
                self.found.append(node)
            return False
        return super().on_visit(node)


def find_all(root: cst.CSTNode, *types: type[N], shallow: bool = False) -> list[N]:
    """Every node of the given types under `root`, in source order.

    `shallow=True` stops at nested function/class/lambda boundaries, which is how "what this
    function does itself" is asked.
    """
    index = _INDEXES.lookup(root)
    if index is not None:
        return index.find_all(root, types, shallow)  # type: ignore[return-value]
    collector = _ShallowCollector(types, root) if shallow else _Collector(types)
    root.visit(collector)
    return collector.found


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain (or implicitly concatenated) string literal, else None."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - odd literals are simply not strings we understand
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return left + right if left is not None and right is not None else None
    return None


def number_value(node: cst.CSTNode | None) -> float | None:
    if isinstance(node, cst.Integer):
        return float(int(node.value.replace("_", ""), 0))
    if isinstance(node, cst.Float):
        return float(node.value.replace("_", ""))
    return None


def is_true(node: cst.CSTNode | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "True" or (
        isinstance(node, cst.Integer) and node.value not in ("0",)
    )


def names_in(node: cst.CSTNode) -> set[str]:
    """Identifiers used in an expression: plain names and attribute names."""
    found: set[str] = set()
    for item in find_all(node, cst.Name):
        found.add(item.value)
    return found


def target_text(node: cst.CSTNode) -> str:
    """The name an assignment target binds: `self.used_tokens` -> `used_tokens`, `totals["input"]` -> `totals`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript):
        return target_text(node.value)
    return ""


def call_tail(call: cst.Call) -> str:
    """The last name of the called thing: `save` for `self.store.save(...)`; "" for `f()(...)`."""
    if isinstance(call.func, cst.Name):
        return call.func.value
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return ""


class PythonModule:
    def __init__(self, source: str, path: str, module: cst.Module):
        self.source, self.path, self.module = source, path, module
        self._index = TreeIndex(module)  # lines, parents and subtree look-ups, in one walk
        _INDEXES.add(self._index)
        self.memo: dict[str, object] = {}  # shared look-ups computed once per file by the checks

    # --- locations -------------------------------------------------------------------------

    def line(self, node: cst.CSTNode) -> int:
        return self._index.line(node) or 1

    def line_text(self, line: int, limit: int = 160) -> str:
        """The stripped text of a source line (1-based), shortened."""
        lines = self.memo.get("lines")
        if lines is None:
            lines = self.memo["lines"] = self.source.splitlines()
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def end_line(self, node: cst.CSTNode) -> int:
        return self._index.end_line(node) or 1

    def code(self, node: cst.CSTNode, limit: int = 80) -> str:
        """Source text of a node on one line, shortened for messages."""
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._index.parent_of(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        index = self._index
        number = index.numbers.get(id(node))
        if number is None:
            return
        number = index.parent[number]
        while number >= 0:
            yield index.nodes[number]
            number = index.parent[number]

    def enclosing(self, node: cst.CSTNode, *types: type[N]) -> N | None:
        return next((a for a in self.ancestors(node) if isinstance(a, types)), None)

    def enclosing_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        return self.enclosing(node, cst.FunctionDef)

    def owner(self, node: cst.CSTNode) -> str:
        """Name of the top-level function or class holding `node` ("" at module level)."""
        top = ""
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                top = ancestor.name.value
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and not top:
            return node.name.value
        return top

    def qualname(self, node: cst.FunctionDef | cst.ClassDef) -> str:
        parts = [node.name.value]
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                parts.append(ancestor.name.value)
        return ".".join(reversed(parts))

    # --- structure -------------------------------------------------------------------------

    def find_all(self, *types: type[N]) -> list[N]:
        return find_all(self.module, *types)

    @cached_property
    def functions(self) -> list[cst.FunctionDef]:
        return self.find_all(cst.FunctionDef)

    @cached_property
    def classes(self) -> list[cst.ClassDef]:
        return self.find_all(cst.ClassDef)

    @cached_property
    def calls(self) -> list[cst.Call]:
        return self.find_all(cst.Call)

    def function_named(self, name: str) -> cst.FunctionDef | None:
        return next((f for f in self.functions if f.name.value == name), None)

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> dotted origin, for every import in the file (lazy imports included)."""
        table: dict[str, str] = {}
        for node in self.find_all(cst.Import, cst.ImportFrom):
            if isinstance(node, cst.Import):
                for alias in node.names:
                    dotted = _dotted_plain(alias.name)
                    if alias.asname and isinstance(alias.asname.name, cst.Name):
                        table[alias.asname.name.value] = dotted
                    else:
                        table.setdefault(dotted.split(".")[0], dotted.split(".")[0])
            else:
                if isinstance(node.names, cst.ImportStar) or (node.module is None and not node.relative):
                    continue
                dots = "." * len(node.relative)
                base = dots + _dotted_plain(node.module) if node.module is not None else ""
                for alias in node.names:
                    name = _dotted_plain(alias.name)
                    local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                    # `from .tools import run` -> .tools.run; `from . import checkpoint` -> .checkpoint
                    table[local] = f"{base}.{name}" if base else dots + name
        return table

    @cached_property
    def imported_packages(self) -> set[str]:
        """Top-level distributions imported (`langgraph`, `anthropic`, ...), relative imports excluded."""
        return {origin.split(".")[0] for origin in self.imports.values() if not origin.startswith(".")}

    def imports_any(self, *packages: str) -> bool:
        """Does the file import one of `packages` (or a module inside one)? Asked per call by some
        checks, so the answer is memoised per question."""
        answers: dict[tuple[str, ...], bool] = self.memo.setdefault("imports_any", {})  # type: ignore[assignment]
        answer = answers.get(packages)
        if answer is None:
            answer = answers[packages] = any(
                origin == p or origin.startswith(p + ".")
                for origin in self.imports.values()
                for p in packages
            )
        return answer

    @cached_property
    def assignments(self) -> dict[str, list[cst.BaseExpression]]:
        """Target text (`x`, `self.client`) -> every value assigned to it in the file."""
        table: dict[str, list[cst.BaseExpression]] = {}
        for node in self.find_all(cst.Assign, cst.AnnAssign):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            if node.value is None:
                continue
            for target in targets:
                key = _dotted_plain(target) if isinstance(target, (cst.Name, cst.Attribute)) else None
                if key:
                    table.setdefault(key, []).append(node.value)
        return table

    @cached_property
    def module_constants(self) -> dict[str, cst.BaseExpression]:
        """Names assigned exactly once at module level."""
        seen: dict[str, list[cst.BaseExpression]] = {}
        for statement in self.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            seen.setdefault(target.target.value, []).append(small.value)
                elif isinstance(small, cst.AnnAssign) and small.value and isinstance(small.target, cst.Name):
                    seen.setdefault(small.target.value, []).append(small.value)
        return {name: values[0] for name, values in seen.items() if len(values) == 1}

    # --- names and values ------------------------------------------------------------------

    def dotted(self, node: cst.CSTNode | None) -> str | None:
        """`np.linalg.norm` style name with the first part resolved through imports.

        Calls in the chain are skipped (`anthropic.Anthropic().messages.create` gives
        `anthropic.Anthropic.messages.create`); a variable assigned from a constructor is
        followed once (`client = Anthropic()`; `client.messages.create` gives
        `anthropic.Anthropic.messages.create`).

        Memoised for the nodes of this file's tree, outside a constructor look-up (whose cycle
        cut would otherwise be remembered).
        """
        if node is None or self.memo.get("constructed_depth", 0) or id(node) not in self._index.numbers:
            return self._dotted(node)
        names: dict[int, str | None] = self.memo.setdefault("dotted", {})  # type: ignore[assignment]
        key = id(node)
        if key not in names:
            names[key] = self._dotted(node)
        return names[key]

    def _dotted(self, node: cst.CSTNode | None) -> str | None:
        parts: list[str] = []
        current = node
        while True:
            if isinstance(current, cst.Attribute):
                parts.append(current.attr.value)
                current = current.value
            elif isinstance(current, cst.Call):
                current = current.func
            elif isinstance(current, cst.Name):
                head = current.value
                if head in self.imports:
                    head = self.imports[head]
                elif head not in ("self", "cls"):
                    head = self._constructed_from(head) or head
                parts.append(head)
                break
            else:
                return None
        dotted = ".".join(reversed(parts))
        if dotted.startswith(("self.", "cls.")) and len(parts) >= 2:
            # self.client.messages.create -> follow `self.client = Anthropic()`
            key = "self." + parts[-2]
            origin = self._constructed_from(key)
            if origin:
                return ".".join([origin] + list(reversed(parts[:-2])))
        return dotted

    def _constructed_from(self, target: str) -> str | None:
        """The imported constructor a variable was built from (`client = Anthropic()`), if any.

        Memoised per target; a target being resolved reads as None, which cuts cycles such as
        `task = task.strip()` or `a = b.f(); b = a.g()`, and a short chain limit keeps it shallow.
        """
        cache: dict[str, str | None] = self.memo.setdefault("constructed_from", {})  # type: ignore[assignment]
        if target in cache:
            return cache[target]
        depth = self.memo.get("constructed_depth", 0)
        if depth > 8:
            return None
        cache[target] = None
        self.memo["constructed_depth"] = depth + 1
        result = None
        try:
            for value in self.assignments.get(target, ()):
                if isinstance(value, cst.Call):
                    origin = self.dotted(value.func)
                    if origin and "." in origin and origin.split(".")[0] in self.imported_packages:
                        result = origin
                        break
                    if origin and origin in self.imports.values():
                        result = origin
                        break
        finally:
            self.memo["constructed_depth"] = depth
        cache[target] = result
        return result

    def call_name(self, call: cst.Call) -> str:
        return self.dotted(call.func) or ""

    def resolve(self, node: cst.BaseExpression | None, depth: int = 3) -> cst.BaseExpression | None:
        """Follow a Name to the value of a module constant (a few hops)."""
        while depth and isinstance(node, cst.Name) and node.value in self.module_constants:
            node = self.module_constants[node.value]
            depth -= 1
        return node

    def resolved_string(self, node: cst.BaseExpression | None) -> str | None:
        """The string `node` is, directly or through a module constant (`MODE = "ask"`), else None."""
        return string_value(self.resolve(node))

    def kwargs(self, call: cst.Call) -> dict[str, cst.BaseExpression]:
        """Keyword arguments, with `**params` resolved where `params` is a dict built here.

        `params` may be a dict literal or `dict(...)` call assigned in the same function or at
        module level, plus `params["key"] = value` assignments in that scope.
        """
        result: dict[str, cst.BaseExpression] = {}
        for arg in call.args:
            if arg.keyword is not None:
                result[arg.keyword.value] = arg.value
            elif arg.star == "**":
                result.update(self._dict_entries(arg.value, call))
        return result

    def arg(self, call: cst.Call, position: int, keyword: str | None = None) -> cst.BaseExpression | None:
        if keyword:
            value = self.kwargs(call).get(keyword)
            if value is not None:
                return value
        positional = [a for a in call.args if a.keyword is None and not a.star]
        return positional[position].value if position < len(positional) else None

    def _dict_entries(self, node: cst.BaseExpression, where: cst.CSTNode) -> dict[str, cst.BaseExpression]:
        if isinstance(node, cst.Dict):
            return _dict_literal(node)
        if not isinstance(node, cst.Name):
            return {}
        function = self.enclosing_function(where)
        entries = self._dict_built_in(function, node.value) if function is not None else {}
        return entries or self._dict_built_in(self.module, node.value)

    def _dict_built_in(self, scope: cst.CSTNode, name: str) -> dict[str, cst.BaseExpression]:
        entries: dict[str, cst.BaseExpression] = {}
        for assign in find_all(scope, cst.Assign, cst.AnnAssign):
            targets = [t.target for t in assign.targets] if isinstance(assign, cst.Assign) else [assign.target]
            for target in targets:
                if isinstance(target, cst.Name) and target.value == name and assign.value is not None:
                    entries.update(self._dict_value(assign.value))
                elif (
                    isinstance(target, cst.Subscript)
                    and isinstance(target.value, cst.Name)
                    and target.value.value == name
                    and len(target.slice) == 1
                    and isinstance(target.slice[0].slice, cst.Index)
                ):
                    key = string_value(target.slice[0].slice.value)
                    if key is not None and assign.value is not None:
                        entries[key] = assign.value
        return entries

    def _dict_value(self, value: cst.BaseExpression) -> dict[str, cst.BaseExpression]:
        if isinstance(value, cst.Dict):
            return _dict_literal(value)
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
            return {a.keyword.value: a.value for a in value.args if a.keyword is not None}
        return {}

    # --- statements ------------------------------------------------------------------------

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The statement (simple line or compound) that holds `node`."""
        current = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                return ancestor
            current = ancestor
        return current


def _dict_literal(node: cst.Dict) -> dict[str, cst.BaseExpression]:
    entries: dict[str, cst.BaseExpression] = {}
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            key = string_value(element.key)
            if key is not None:
                entries[key] = element.value
    return entries


def _dotted_plain(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted_plain(node.value)}.{node.attr.value}"
    return ""
