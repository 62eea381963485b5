"""The shape of an agent in one file: model calls, the loops around them, tools and dispatch.

These are shared look-ups (not checks). Checks for the primitives build on them, so that
"where is the model called" and "which loop drives it" are decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
import libcst as cst

from analyzer import frameworks
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, target_text

# Raw SDK model calls, by provider: (call-name suffixes matched on the dotted name's tail, packages whose
# import makes an ambiguous suffix (`.chat(`) a model call in this file).
_MODEL_CLIENTS = frameworks.model_clients()
# LangChain-style chat models: calls on an object built from one of these are model calls.
_CHAT_MODEL_CLASSES = frameworks.chat_model_classes()
_CHAT_MODEL_METHODS = ("invoke", "ainvoke", "stream", "astream", "batch", "abatch", "generate", "agenerate")
# Keyword arguments a real model call takes; used to tell `messages.create` of Anthropic from
# Twilio's `client.messages.create(to=..., body=...)`.
_MODEL_KWARGS = {"model", "messages", "max_tokens", "system", "tools", "input", "contents", "prompt",
                 "max_completion_tokens", "modelId", "instructions"}


@dataclass(frozen=True)
class ModelCall:
    node: cst.Call
    provider: str
    name: str


def model_calls(module: PythonModule) -> list[ModelCall]:
    """Every raw model call in the file (SDK calls and LangChain-style chat model calls)."""
    if "model_calls" in module.memo:
        return module.memo["model_calls"]
    found: list[ModelCall] = []
    chat_objects = _chat_model_objects(module)
    for call in module.calls:
        name = _without_response_wrappers(module.call_name(call))
        if not name:
            continue
        provider = _provider_of(module, call, name)
        if provider:
            found.append(ModelCall(call, provider, name))
            continue
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _CHAT_MODEL_METHODS:
            receiver = module.dotted(call.func.value) or ""
            if receiver in chat_objects or any(receiver.startswith(cls) for cls in _CHAT_MODEL_CLASSES):
                found.append(ModelCall(call, "langchain", name))
    module.memo["model_calls"] = found
    return found


def _without_response_wrappers(name: str) -> str:
    """`client.messages.with_raw_response.create` is the same model call as `client.messages.create`."""
    for wrapper in (".with_raw_response", ".with_streaming_response"):
        name = name.replace(wrapper, "")
    return name


def _provider_of(module: PythonModule, call: cst.Call, name: str) -> str | None:
    for provider, (suffixes, packages) in _MODEL_CLIENTS.items():
        for suffix in suffixes:
            if not (name == suffix or name.endswith("." + suffix)):
                continue
            if any(name == p or name.startswith(p + ".") for p in packages):
                return provider  # resolved through an import or a client built from one
            specific = "." in suffix  # `messages.create` is specific, `chat` alone is not
            if specific and module.imports_any(*packages) and _looks_like_model_call(module, call):
                return provider
            if specific and "model" in module.kwargs(call) and _looks_like_model_call(module, call):
                return provider
    return None


def _looks_like_model_call(module: PythonModule, call: cst.Call) -> bool:
    kwargs = module.kwargs(call)
    if set(kwargs) & _MODEL_KWARGS:
        return True
    # `**params` we could not resolve: trust the import.
    return any(arg.star == "**" for arg in call.args) and bool(module.imported_packages & {"anthropic", "openai"})


def _chat_model_objects(module: PythonModule) -> set[str]:
    objects = set()
    for target, values in module.assignments.items():
        for value in values:
            if not isinstance(value, cst.Call):
                continue
            origin = module.call_name(value)
            base = origin
            # llm.bind_tools(tools) keeps being a chat model
            if origin.endswith((".bind_tools", ".with_structured_output", ".bind")):
                base = origin.rsplit(".", 1)[0]
            if any(base.startswith(cls) for cls in _CHAT_MODEL_CLASSES) or base in objects:
                objects.add(target)
                objects.add(module.dotted(cst.parse_expression(target)) or target)
    return objects


# --- loops ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentLoop:
    """A loop that calls a model (directly or through a function of this file)."""

    node: cst.For | cst.While
    function: cst.FunctionDef | None
    bounded: bool
    bound: str  # how it is bounded, in words ("range(MAX_TURNS)", "turns >= max_turns"), or ""


def functions_calling_model(module: PythonModule) -> set[str]:
    """Names of functions in this file that call a model, directly or via another such function."""
    if "model_functions" in module.memo:
        return module.memo["model_functions"]
    direct = set()
    for call in model_calls(module):
        function = module.enclosing_function(call.node)
        if function is not None:
            direct.add(function.name.value)
    found = callers_closure(module, direct)
    module.memo["model_functions"] = found
    return found


def callers_closure(module: PythonModule, seeds: set[str]) -> set[str]:
    """`seeds` plus every function of this file that calls one of them, directly or through others."""
    calls_by_function = module.memo.get("calls_by_function")
    if calls_by_function is None:
        calls_by_function = module.memo["calls_by_function"] = {
            f.name.value: {call_tail(c) for c in find_all(f, cst.Call, shallow=True)}
            for f in module.functions
        }
    found = set(seeds)
    changed = True
    while changed:
        changed = False
        for name, callees in calls_by_function.items():
            if name not in found and callees & found:
                found.add(name)
                changed = True
    return found


def agent_loops(module: PythonModule) -> list[AgentLoop]:
    if "agent_loops" in module.memo:
        return module.memo["agent_loops"]
    model_nodes = {id(m.node) for m in model_calls(module)}
    model_functions = functions_calling_model(module)
    loops: list[AgentLoop] = []
    for loop in module.find_all(cst.For, cst.While):
        calls = find_all(loop, cst.Call, shallow=True)
        drives_model = any(
            id(c) in model_nodes or call_tail(c) in model_functions for c in calls
        )
        if not drives_model:
            continue
        if isinstance(loop, cst.For) and not _is_turn_loop(module, loop):
            continue  # `for item in batch:` calls the model per item; it is not an agent loop
        bounded, bound = loop_bound(module, loop)
        loops.append(AgentLoop(loop, module.enclosing_function(loop), bounded, bound))
    module.memo["agent_loops"] = loops
    return loops


def _is_turn_loop(module: PythonModule, loop: cst.For) -> bool:
    """`for turn in range(N)` or `for _ in itertools.count()` drive an agent; other for-loops iterate data."""
    if isinstance(loop.iter, cst.Call):
        name = module.call_name(loop.iter)
        return name in ("range", "itertools.count", "count")
    return False


def loop_bound(module: PythonModule, loop: cst.For | cst.While) -> tuple[bool, str]:
    """Is the loop bounded by something other than the model's own decision? And how."""
    if isinstance(loop, cst.For):
        name = module.call_name(loop.iter) if isinstance(loop.iter, cst.Call) else ""
        if name == "range":
            return True, module.code(loop.iter)
        return False, ""
    counters = _counters(loop)
    test = loop.test
    if not _is_constant_true(test) and _compares_counter(test, counters):
        return True, module.code(test)
    for guard in find_all(loop.body, cst.If, shallow=True):
        if _compares_counter(guard.test, counters) and terminates(guard.body):
            return True, module.code(guard.test)
    return False, ""


def _is_constant_true(test: cst.BaseExpression) -> bool:
    return (isinstance(test, cst.Name) and test.value == "True") or (
        isinstance(test, cst.Integer) and test.value != "0"
    )


def _counters(loop: cst.CSTNode) -> set[str]:
    """Names and attributes incremented inside the loop (`turn += 1`, `self.steps += 1`)."""
    names = set()
    for node in find_all(loop, cst.AugAssign, shallow=True):
        if isinstance(node.operator, cst.AddAssign):
            names.add(_counter_name(node.target))
    for node in find_all(loop, cst.Assign, shallow=True):
        # steps = steps + 1
        if isinstance(node.value, cst.BinaryOperation) and isinstance(node.value.operator, cst.Add):
            for target in node.targets:
                text = _counter_name(target.target)
                if text and text in names_in(node.value):
                    names.add(text)
                elif text and text.split(".")[-1] in names_in(node.value):
                    names.add(text)
    return {n for n in names if n}


def _counter_name(target: cst.CSTNode) -> str:
    # an item of a dict or list (`seen[name] += 1`) counts something else, not the loop's turns
    return "" if isinstance(target, cst.Subscript) else target_text(target)


def _compares_counter(test: cst.BaseExpression, counters: set[str]) -> bool:
    for compare in find_all(test, cst.Comparison):
        used = names_in(compare)
        if used & counters and any(
            isinstance(t.operator, (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual))
            for t in compare.comparisons
        ):
            return True
    return False


def terminates(body: cst.BaseSuite) -> bool:
    """Does a branch leave the loop (break / return / raise)?"""
    return bool(find_all(body, cst.Break, cst.Return, cst.Raise, shallow=True))
