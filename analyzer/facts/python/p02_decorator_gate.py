"""P2 gate written as a decorator around each tool: the wrapper decides about the wrapped call before making it."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.p02_dispatch_gate import site_gates
from analyzer.facts.python.p02_decisions import parameter_names
from analyzer.facts.python.tool_syntax import decorator_name
from analyzer.parse.python import PythonModule, find_all


def wrapped_calls(module: PythonModule) -> list[tuple[cst.Call, cst.FunctionDef, list[cst.FunctionDef]]]:
    """(call of the wrapped function, the wrapper, the decorator functions around it, innermost first): a function
    nested in one that takes `fn` and returns the wrapper, calling `fn(...)` itself."""
    found = []
    for wrapper in module.functions:
        outer = [a for a in module.ancestors(wrapper) if isinstance(a, cst.FunctionDef)]
        if not outer or not _returns(outer[0], wrapper.name.value):
            continue
        wrapped = set().union(*(parameter_names(f) for f in outer)) - parameter_names(wrapper)
        for call in find_all(wrapper.body, cst.Call, shallow=True):
            if isinstance(call.func, cst.Name) and call.func.value in wrapped:
                found.append((call, wrapper, outer))
                break
    return found


def _returns(function: cst.FunctionDef, name: str) -> bool:
    return any(isinstance(r.value, cst.Name) and r.value.value == name
               for r in find_all(function.body, cst.Return, shallow=True))


@python_check
class DecoratorGate(PythonCheck):
    """A decorator that gates each tool it wraps: its wrapper decides about the wrapped call (the function, its
    arguments, a human answer, a policy) on a branch that raises or returns before calling it
    (`if not ask(fn.__name__, kwargs): raise PermissionError`). A decorator that only logs or times the call,
    or whose decision is a constant, is not a gate."""

    id = "p2.decorator-gate"
    emits = ("P2/gate",)
    POSITIVE = (
        Example("""
from functools import wraps

def requires_approval(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        if input(f"Allow {fn.__name__}({kwargs})? [y/N] ").strip().lower() != "y":
            raise PermissionError(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper

@requires_approval
def run_shell(command):
    return subprocess.run(command, shell=True).stdout
""", strength="full",
                line=7, message="requires_approval wraps run_shell: asks a human (input(f\"Allow {fn.__name__}({kwargs})? …) before running the wrapped tool"),
        # A decorator factory: the policy decides about the wrapped tool's name.
        Example("""
import functools
from .policy import POLICY

def guarded(tier):
    def decorate(func):
        @functools.wraps(func)
        async def wrapper(**kwargs):
            if not POLICY.allows(tier, func.__name__, kwargs):
                return f"{func.__name__} is not allowed"
            return await func(**kwargs)
        return wrapper
    return decorate
""", strength="full"),
    )
    NEGATIVE = (
        # Logging around the call decides nothing.
        """
from functools import wraps

def traced(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        if log.isEnabledFor(logging.DEBUG):
            log.debug("calling %s", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper
""",
        # A constant answer is no decision.
        """
from functools import wraps

def requires_approval(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        approved = True
        if not approved:
            raise PermissionError(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call, wrapper, outer in wrapped_calls(module):
            carried = {call.func.value} | parameter_names(wrapper)  # type: ignore[union-attr]
            found = next(site_gates(module, call, wrapper, carried, ""), None)
            if found is None:
                continue
            where, strength, words = found
            names = {f.name.value for f in outer}
            tools = [f.name.value for f in module.functions
                     if any(decorator_name(module, d).split(".")[-1] in names for d in f.decorators)]
            wraps = ", ".join(tools) if tools else "each tool it decorates"
            out.evidence("P2", "gate", where, f"{outer[-1].name.value} wraps {wraps}: {words} before running the "
                         "wrapped tool", strength)
