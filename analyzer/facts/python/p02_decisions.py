"""What a permission decision depends on, read from the code rather than from names: a function that can never
refuse (`def check(self, name, args): return True`), a value fixed before the tool call is known (a literal, a
module flag, `sys.argv`, the environment), and the local definitions a call resolves to. Shared by the P2 checks;
`always_allows` takes a bare function so a cross-file judge can apply it to a definition in another module.
Not a check."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.permission_words import (
    NOT_GATE_CALLS, SETTINGS_OBJECTS, is_approval_prompt, is_recording, tokens,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value
from analyzer.project.resolve import local_definition

# Words of a constant that says yes (`return "allow"`, `PermissionResultAllow()`, `Decision(allowed=True)`).
_YES_WORDS = {"allow", "allowed", "approve", "approved", "ok", "yes", "granted", "grant", "permit", "permitted",
              "accept", "accepted", "proceed", "pass", "run", "go", "auto", "safe"}
# Calls a checker can make without ever refusing: logging, printing, formatting, recording the decision.
_HARMLESS = NOT_GATE_CALLS | {"print", "debug", "info", "warning", "warn", "error", "exception", "log", "emit",
                              "append", "add", "update", "setdefault", "increment", "inc", "observe"}
# Process-wide settings: what they say is fixed before any tool call is known.
_PROCESS = {"sys", "os", "True", "False", "None"}


# --- a function that can never say no -----------------------------------------------------------------


def always_allows(function: cst.FunctionDef) -> bool:
    """Does this permission function say yes whatever it is asked? Every `return` gives a constant yes (`True`,
    `"allow"`, `Decision(allowed=True)`), or it returns nothing and never raises; it has no `raise` or `assert`,
    and calls nothing that could refuse by raising (logging and printing only). A function that delegates,
    compares or may return False or None next to True can refuse."""
    returns = find_all(function.body, cst.Return, shallow=True)
    values = [r.value for r in returns if r.value is not None]
    if values and len(values) != len(returns):
        return False  # `return` (None) beside `return True`: the None says no
    return all(_says_yes(v) for v in values) and not may_raise(function)


def may_raise(function: cst.FunctionDef) -> bool:
    """Can this function refuse by raising? It has a `raise` or `assert`, or calls something other than logging,
    printing, formatting or recording (which may raise in its turn). Calls that build the returned value of a
    constant answer (`return Decision(allowed=True)`) do not count."""
    body = function.body
    if find_all(body, cst.Raise, cst.Assert, shallow=True):
        return True
    in_returns = {id(c) for r in find_all(body, cst.Return, shallow=True) if r.value is not None and _says_yes(r.value)
                  for c in find_all(r.value, cst.Call)}
    return not all(call_tail(c) in _HARMLESS or is_recording(call_tail(c))
                   for c in find_all(body, cst.Call, shallow=True) if id(c) not in in_returns)


def _says_yes(node: cst.BaseExpression) -> bool:
    """A constant that means yes: `True`, a non-zero number, `"allow"`, `(True, "")`, `{"behavior": "allow"}`,
    `Decision(allowed=True, reason="ok")`, `PermissionResultAllow()`."""
    if isinstance(node, cst.Name):
        return node.value == "True"
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.value.strip("0._") != ""
    text = string_value(node)
    if text is not None:
        return bool(tokens(text) & _YES_WORDS)
    if isinstance(node, cst.Tuple) and node.elements:
        return _says_yes(node.elements[0].value) and all(_constant(e.value) for e in node.elements)
    if isinstance(node, cst.Dict):
        values = [e.value for e in node.elements if isinstance(e, cst.DictElement)]
        return bool(values) and all(_constant(v) for v in values) and any(_says_yes(v) for v in values) \
            and not any(_says_no(v) for v in values)
    if isinstance(node, cst.Call):
        values = [a.value for a in node.args]
        if not values:
            return bool(tokens(call_tail(node)) & _YES_WORDS)
        return all(_constant(v) for v in values) and any(_says_yes(v) for v in values) \
            and not any(_says_no(v) for v in values)
    return False


def _says_no(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("False", "None")
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.value.strip("0._") == ""
    text = string_value(node)
    return text is not None and not tokens(text) & _YES_WORDS and bool(tokens(text) & _NO_WORDS)


_NO_WORDS = {"deny", "denied", "block", "blocked", "reject", "rejected", "refuse", "refused", "forbid", "forbidden",
             "no", "ask", "prompt", "confirm", "never", "stop", "halt", "abort"}


def _constant(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(node, (cst.Tuple, cst.List)):
        return all(_constant(e.value) for e in node.elements)
    return False


# --- what a call resolves to in this file -----------------------------------------------------------


def local_definitions(module: PythonModule, call: cst.Call) -> list[cst.FunctionDef]:
    """The definitions in this file a call runs: `vet(...)` a function here, `self.check(...)` a method of the
    enclosing class, `self.permissions.check(...)` a method of the class `self.permissions` is built from or
    annotated with. Empty when the receiver cannot be resolved here (never guessed by method name alone)."""
    qualname = local_definition(module, call)
    return [f for f in module.functions if module.qualname(f) == qualname] if qualname else []


def never_refuses(module: PythonModule, call: cst.Call) -> bool:
    """Does this call run a permission function of this file that always allows?"""
    found = local_definitions(module, call)
    return bool(found) and all(always_allows(f) for f in found)


def asks_a_human(module: PythonModule, call: cst.Call) -> cst.Call | None:
    """The yes/no prompt inside the local function this call runs (`ask(name, args)` -> `input("Allow? [y/N]")`)."""
    for function in local_definitions(module, call):
        prompt = next((c for c in find_all(function, cst.Call) if is_approval_prompt(module, c)), None)
        if prompt is not None:
            return prompt
    return None


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    found = list(p.posonly_params) + list(p.params) + list(p.kwonly_params)
    found += [s for s in (p.star_arg, p.star_kwarg) if isinstance(s, cst.Param)]
    return found


def parameter_names(function: cst.FunctionDef | None) -> set[str]:
    return {p.name.value for p in _params(function)} if function is not None else set()


# --- does a value depend on the call? -----------------------------------------------------------------


def depends_on_call(module: PythonModule, expr: cst.BaseExpression, function: cst.FunctionDef | None,
                    depth: int = 3) -> bool:
    """Can this value change with the tool call? It reads a parameter, a loop variable or a local derived from
    one, or it is the answer of a callback that can refuse. A literal, a module flag, `sys.argv`, `os.environ`,
    a settings object, or an always-allow function of this file cannot."""
    for call in find_all(expr, cst.Call):
        name = call_tail(call)
        if name in NOT_GATE_CALLS or name in ("getenv", "environ") or never_refuses(module, call):
            continue
        if module.call_name(call).startswith(("os.", "sys.")):
            continue
        return True  # a callback, a policy or a human answers: it may say no
    params = parameter_names(function)
    for name in _value_roots(expr):
        if name in _PROCESS or name in SETTINGS_OBJECTS and name not in params:
            continue
        if name in params:
            return True
        # in a function, a name it does not bind is a module global, fixed before any call; a script's
        # top-level loop binds its own names
        sources = _local_sources(function if function is not None else module.module, name)
        if sources is None:
            return True  # a loop or `with` target, unpacked from something that may be the call
        if depth and any(depends_on_call(module, s, function, depth - 1) for s in sources):
            return True
    return False


def _value_roots(expr: cst.BaseExpression) -> set[str]:
    """Names whose values an expression reads: not the called function's own name (`len` in `len(x)`), not
    attribute or keyword names, and not `self` where it only reaches settings (`self.config.auto_approve`)."""
    attributes = find_all(expr, cst.Attribute)
    called = {id(c.func) for c in find_all(expr, cst.Call) if isinstance(c.func, cst.Name)}
    attrs = {id(a.attr) for a in attributes}
    keywords = {id(a.keyword) for a in find_all(expr, cst.Arg) if a.keyword is not None}
    settings = {id(a.value) for a in attributes if isinstance(a.value, cst.Name) and a.value.value in ("self", "cls")
                and a.attr.value in SETTINGS_OBJECTS}
    return {n.value for n in find_all(expr, cst.Name) if id(n) not in called | attrs | keywords | settings}


def _local_sources(scope: cst.FunctionDef | cst.Module, name: str) -> list[cst.BaseExpression] | None:
    """Values assigned to `name` in a function (or at a script's top level, outside functions); None when it is
    bound by a loop, `with`, or a walrus."""
    sources = []
    shallow = isinstance(scope, cst.Module)
    for node in find_all(scope, cst.For, cst.CompFor, cst.WithItem, cst.NamedExpr, cst.AugAssign, shallow=shallow):
        target = node.asname.name if isinstance(node, cst.WithItem) and node.asname else getattr(node, "target", None)
        if target is not None and name in {n.value for n in find_all(target, cst.Name)}:
            if isinstance(node, cst.AugAssign):
                sources.append(node.value)
            else:
                return None
    for node in find_all(scope, cst.Assign, cst.AnnAssign, shallow=shallow):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        if node.value is not None and any(name in {n.value for n in find_all(t, cst.Name)} for t in targets):
            sources.append(node.value)
    return sources
