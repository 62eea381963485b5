"""Gates that are not an `if`: a `match` whose cases refuse some calls before the tool runs, and a
`try: vet(name, args) except Refused: return ...` whose checker can raise. Used by the dispatch gate and the
decorator gate; not a check."""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from analyzer.facts.python.p02_decisions import depends_on_call, local_definitions, may_raise
from analyzer.facts.python.permission_words import NOT_GATE_CALLS, is_recording, is_risk_name, leaves, roots, tokens
from analyzer.facts.python.shape import model_calls
from analyzer.parse.python import PythonModule, call_tail, find_all

# Exception names that say a permission was refused (they nominate; the handler skipping the tool confirms).
_REFUSAL_WORDS = {"permission", "refused", "refusal", "denied", "deny", "forbidden", "rejected", "blocked",
                  "unauthorized", "unauthorised", "disallowed", "notallowed", "policy", "violation", "unsafe"}
# Calls a refusing branch may make without running a tool: formatting, logging, building the exception.
_QUIET = NOT_GATE_CALLS | {"print", "repr", "f", "warning", "exception", "log", "json", "dumps"}

Found = tuple[cst.CSTNode, str, str]  # (where, strength, words)


def before_or_around(module: PythonModule, site: cst.CSTNode, function: cst.FunctionDef,
                     kinds: tuple[type, ...]) -> Iterator[cst.CSTNode]:
    """Statements of `kinds` in `function` that hold `site`, then earlier ones in the blocks around it."""
    for ancestor in module.ancestors(site):
        if ancestor is function:
            break
        if isinstance(ancestor, kinds):
            yield ancestor
    line = module.line(site)
    for block in (a for a in module.ancestors(site) if isinstance(a, cst.IndentedBlock)):
        if module.enclosing_function(block) is not function and block is not function.body:
            continue
        for statement in block.body:
            if module.line(statement) >= line:
                break
            if isinstance(statement, kinds):
                yield statement
        if block is function.body:
            break


def _inside(node: cst.CSTNode, root: cst.CSTNode) -> bool:
    return any(n is node for n in find_all(root, type(node)))


def _refuses(module: PythonModule, body: cst.BaseSuite) -> bool:
    """A branch that leaves without running anything: `return f"denied: {name}"`, `raise PermissionError(...)`,
    `continue`. A branch that calls a function (an inline tool, a router's handler) is not a refusal."""
    if not leaves(body):
        return False
    raised = {id(c) for r in find_all(body, cst.Raise) for c in find_all(r, cst.Call)}
    return all(id(c) in raised or call_tail(c) in _QUIET or is_recording(call_tail(c))
               for c in find_all(body, cst.Call))


def match_gate(module: PythonModule, site: cst.CSTNode, function: cst.FunctionDef, carried: set[str]) -> Found | None:
    """`match name: case "rm" | "shell": return "denied"` or `match policy.decide(name, args): case DENY: return`
    before the tool runs: a case that refuses, on a subject that is the call or a decision about it."""
    for match in before_or_around(module, site, function, (cst.Match,)):
        subject = match.subject
        decision = isinstance(subject, cst.Call) and (bool(roots(subject) & carried) or is_risk_name(call_tail(subject)))
        if isinstance(subject, cst.Call) and not depends_on_call(module, subject, function):
            continue  # an always-allow decision of this file
        if not decision and not roots(subject) & carried:
            continue
        for case in match.cases:
            if _inside(site, case.body):
                continue
            wildcard = isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None and case.guard is None
            if wildcard and not decision:
                continue  # `case _: return "unknown tool"` on the name is the registry's default, not a refusal
            if _refuses(module, case.body):
                return match, "full", f"match on {module.code(subject, 40)} refuses some calls"
    return None


def try_gate(module: PythonModule, site: cst.CSTNode, function: cst.FunctionDef, carried: set[str]) -> Found | None:
    """`try: vet(name, args) except Refused: return "refused"` before the tool runs (or the tool in its `else:`):
    the checker takes the call and can raise, and a handler skips the tool. Full when the checker is defined here
    and can raise; weak when it is defined elsewhere and only its name or the caught exception says permission."""
    model_nodes = {id(m.node) for m in model_calls(module)}
    for statement in before_or_around(module, site, function, (cst.Try,)):
        if any(_inside(site, h) for h in statement.handlers):
            continue
        refusing = [h for h in statement.handlers if leaves(h.body) and not _inside(site, h.body)]
        if not refusing:
            continue
        caught = " ".join(module.code(h.type) for h in refusing if h.type is not None)
        for call in _checks(module, statement.body, site, carried, model_nodes):
            definitions = local_definitions(module, call)
            if definitions and not any(may_raise(d) for d in definitions):
                continue  # returns its answer, which nothing here reads, or never says no
            name = module.code(call, 40)
            # the words of the refusal nominate (`except Refused`, `raise PermissionError`); a checker defined here
            # that raises confirms. A `ValidationError` about malformed arguments is not a permission.
            refusal = tokens(caught) & _REFUSAL_WORDS or raised_refusal(definitions)
            if definitions and refusal:
                return statement, "full", f"{name} can refuse ({caught or 'any error'} is caught and the tool skipped)"
            if refusal or is_risk_name(call_tail(call)):
                return statement, "weak", f"{name} may refuse ({caught or 'any error'} is caught and the tool skipped)"
    return None


def raised_refusal(definitions: list[cst.FunctionDef]) -> str | None:
    """The refusal a checker raises (`raise Refused(...)`, `raise PermissionError(name)`), not a `ValueError` about
    malformed arguments."""
    for function in definitions:
        for node in find_all(function.body, cst.Raise, shallow=True):
            exc = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
            name = exc.attr.value if isinstance(exc, cst.Attribute) else exc.value if isinstance(exc, cst.Name) else ""
            if tokens(name) & _REFUSAL_WORDS:
                return name
    return None


def _checks(module: PythonModule, body: cst.BaseSuite, site: cst.CSTNode, carried: set[str],
            model_nodes: set[int]) -> list[cst.Call]:
    """Calls in a `try` body that look at the tool call: not the tool itself, a model call, a parse or a lookup."""
    found = []
    unconditional = [c for line in body.body if isinstance(line, cst.SimpleStatementLine)
                     for c in find_all(line, cst.Call, shallow=True)]  # not a call in one branch of a router
    for call in unconditional:
        name = call_tail(call)
        if call is site or _inside(call, site) or _inside(site, call) or id(call) in model_nodes:
            continue
        if name in NOT_GATE_CALLS or is_recording(name) or module.line(call) > module.line(site):
            continue
        if roots(call) & carried:
            found.append(call)
    return found


def decides_about(module: PythonModule, name: str, function: cst.FunctionDef) -> bool:
    """`if approved:` decides only when `approved` can change with the call (not `approved = True`)."""
    return depends_on_call(module, cst.Name(name), function)
