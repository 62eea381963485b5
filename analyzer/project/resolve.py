"""What a name in one file refers to, as far as the file alone can tell: imports made absolute, the file's own
functions and classes, objects built from a constructor (`client = C()`, `self.env = C()`, a parameter
annotated `C`). Shared by the per-file summary (analyzer/project/summary.py) and checks that ask which
definition of this file a call runs. A target it cannot name comes back as `?text`, never guessed.
"""

from __future__ import annotations

import libcst as cst

from analyzer.parse.python import PythonModule, find_all, module_name


def absolute_imports(module: PythonModule, own: str) -> dict[str, str]:
    """Local name -> absolute dotted origin; `from .x import y` is resolved against this file's package."""
    package = own if module.path.endswith("__init__.py") else own.rpartition(".")[0]
    table = {}
    for local, origin in module.imports.items():
        if origin.startswith("."):
            dots = len(origin) - len(origin.lstrip("."))
            base = package.split(".") if package else []
            base = base[: len(base) - (dots - 1)] if dots > 1 else base
            rest = origin.lstrip(".")
            origin = ".".join([*base, rest] if rest else base)
        table[local] = origin
    return table


class Resolver:
    """Resolves call targets with what one file knows: imports, its own definitions, constructed objects."""

    def __init__(self, module: PythonModule, own: str, imports: dict[str, str]):
        self.module, self.own, self.imports = module, own, imports
        self.top = {s.name.value for s in module.module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
        self.classes = {c.name.value for c in module.classes}

    def name(self, head: str, function: cst.FunctionDef | None, cls: cst.ClassDef | None) -> str | None:
        if function is not None:
            local = self._local_type(head, function)
            if local:
                return local
        if head in self.imports:
            return self.imports[head]
        if head in self.top or head in self.classes:
            return f"{self.own}.{head}"
        return self._instance_of(self.module.module_constants.get(head), None, None)

    def _local_type(self, head: str, function: cst.FunctionDef) -> str | None:
        memo = self.module.memo.setdefault("summary_local_types", {})
        key = (id(function), head)
        if key not in memo:
            memo[key] = None  # cuts `x = x.f()` cycles
            memo[key] = self._find_local_type(head, function)
        return memo[key]

    def _find_local_type(self, head: str, function: cst.FunctionDef) -> str | None:
        for param in function.params.params + function.params.kwonly_params:
            if param.name.value == head and param.annotation is not None:
                return self._annotation(param.annotation.annotation)
        for assign in find_all(function, cst.Assign, shallow=True):
            if any(isinstance(t.target, cst.Name) and t.target.value == head for t in assign.targets):
                found = self._instance_of(assign.value, None, None)
                if found:
                    return found
        return None

    def _annotation(self, node: cst.BaseExpression) -> str | None:
        if isinstance(node, (cst.Name, cst.Attribute)):
            return self.dotted(node, None, None)
        if isinstance(node, cst.SimpleString):
            text = node.value.strip("\"'")
            return self.name(text, None, None) if text.isidentifier() else None
        return None

    def _instance_of(self, value: cst.BaseExpression | None, function, cls) -> str | None:
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
            target = self.dotted(value.func, function, cls)
            if target and not target.startswith("?") and target.rsplit(".", 1)[-1][:1].isupper():
                return target
        return None

    def class_attributes(self, cls: cst.ClassDef) -> dict[str, str]:
        memo: dict[int, dict[str, str]] = self.module.memo.setdefault("summary_class_attrs", {})  # type: ignore[assignment]
        if id(cls) in memo:
            return memo[id(cls)]
        memo[id(cls)] = table = {}
        for node in find_all(cls, cst.AnnAssign):
            if isinstance(node.target, cst.Name) and self.module.enclosing(node, cst.FunctionDef) is None:
                found = self._annotation(node.annotation.annotation)
                if found:
                    table[node.target.value] = found
        for method in (f for f in find_all(cls, cst.FunctionDef) if self.module.enclosing(f, cst.ClassDef) is cls):
            for node in find_all(method, cst.Assign, cst.AnnAssign):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) \
                            and target.value.value == "self":
                        found = None
                        if isinstance(node, cst.AnnAssign):
                            found = self._annotation(node.annotation.annotation)
                        found = found or self._instance_of(node.value, method, None) or (
                            self._local_type(node.value.value, method) if isinstance(node.value, cst.Name) else None)
                        if found:
                            table.setdefault(target.attr.value, found)
        return table

    def dotted(self, node: cst.BaseExpression, function: cst.FunctionDef | None, cls: cst.ClassDef | None) -> str:
        parts: list[str] = []
        current = node
        while isinstance(current, cst.Attribute):
            parts.append(current.attr.value)
            current = current.value
        if not isinstance(current, cst.Name):
            return "?" + self.module.code(node, 60)
        parts.reverse()
        head = current.value
        if head in ("self", "cls") and cls is not None:
            own_class = f"{self.own}.{self.module.qualname(cls)}"
            if not parts:
                return own_class
            attr_type = self.class_attributes(cls).get(parts[0]) if len(parts) > 1 else None
            if attr_type:
                return ".".join([attr_type, *parts[1:]])
            return ".".join([own_class, *parts])
        resolved = self.name(head, function, cls)
        if resolved is None:
            return "?" + ".".join([head, *parts])
        return ".".join([resolved, *parts])


def resolver_for(module: PythonModule) -> Resolver:
    """The file's resolver, built once per file."""
    found = module.memo.get("resolver")
    if found is None:
        own = module_name(module.path)
        found = module.memo["resolver"] = Resolver(module, own, absolute_imports(module, own))
    return found  # type: ignore[return-value]


def local_definition(module: PythonModule, call: cst.Call) -> str | None:
    """The qualname of the function of this file a call runs (`vet(...)`, `self.check(...)`,
    `self.permissions.check(...)` with `self.permissions = Checker()`), or None."""
    if not isinstance(call.func, (cst.Name, cst.Attribute)):
        return None
    function = module.enclosing_function(call)
    cls = module.enclosing(call, cst.ClassDef)
    resolver = resolver_for(module)
    target = resolver.dotted(call.func, function, cls)
    prefix = resolver.own + "."
    return target[len(prefix):] if target.startswith(prefix) else None
