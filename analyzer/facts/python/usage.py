"""Shared look-ups for budgets: where token usage is read and added up, which counters count
turns, and which loops a step limit caps.

Not a check. The budget (P5) checks build on these; memoised on the module.
"""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.loops import exits_of, model_derived_names, ordered_comparisons, words_in
from analyzer.facts.python.shape import agent_loops, terminates
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, string_value, target_text

# Attribute names a provider's usage object carries (Anthropic, OpenAI chat + responses, Gemini,
# LangChain usage_metadata, LiteLLM cost). Reading one of them is reading token usage.
USAGE_ATTRS = {
    "input_tokens", "output_tokens", "total_tokens", "prompt_tokens", "completion_tokens",
    "cache_creation_input_tokens", "cache_read_input_tokens", "prompt_token_count",
    "candidates_token_count", "total_token_count", "usage_metadata", "total_cost_usd", "total_cost",
    "response_cost", "usage",
}


# A counter named like these adds up usage even when the value comes from elsewhere
# (`self.tokens_used += n`); `current_tokens += len(chunk)` in a text splitter does not.
_USAGE_NAMES = ("tokens_used", "used_tokens", "token_usage", "usage", "spent", "cost", "usd", "total_tokens",
                "input_tokens", "output_tokens", "prompt_tokens", "completion_tokens")


def reads_usage(node: cst.CSTNode) -> bool:
    """Does the expression read token usage (`response.usage.input_tokens`, `usage_metadata`)?"""
    if names_in(node) & USAGE_ATTRS:  # `usage.input_tokens`, or `input_tokens` passed in
        return True
    for subscript in find_all(node, cst.Subscript):
        for element in subscript.slice:
            if isinstance(element.slice, cst.Index) and string_value(element.slice.value) in USAGE_ATTRS:
                return True
    return False




def usage_accumulators(module: PythonModule) -> dict[str, cst.CSTNode]:
    """Names that add up token usage across calls: `self.input_tokens += usage.input_tokens`.

    Also names computed from those (`used = self.input_tokens + self.output_tokens`, a property
    `used` returning that sum), because budgets are usually compared through such a total.
    """
    if "usage_accumulators" in module.memo:
        return module.memo["usage_accumulators"]
    found: dict[str, cst.CSTNode] = {}
    for node in module.find_all(cst.AugAssign):
        name = target_text(node.target)
        # `total += usage.output_tokens`, or a counter that says it counts tokens or cost
        if isinstance(node.operator, cst.AddAssign) and name and not _is_text(node.value) and (
                reads_usage(node.value) or words_in(name, _USAGE_NAMES)):
            found.setdefault(name, node)
    for node in module.find_all(cst.Assign):
        # total = total + response.usage.total_tokens
        if isinstance(node.value, cst.BinaryOperation) and reads_usage(node.value):
            for target in node.targets:
                name = target_text(target.target)
                if name and name in names_in(node.value):
                    found.setdefault(name, node)
    # Derived totals: an assignment or a one-line property summing accumulators.
    changed = bool(found)
    # `projected = state.total_tokens + estimate(...)`: a total read through another object's attribute
    totals = {"total_tokens", "tokens_used", "used_tokens", "total_cost", "cost_usd"} if found else set()
    while changed:
        changed = False
        for node in module.find_all(cst.Assign):
            read = names_in(node.value)
            if (read & set(found) or read & totals) and isinstance(node.value, cst.BinaryOperation):
                for target in node.targets:
                    name = target_text(target.target)
                    if name and name not in found:
                        found[name] = node
                        changed = True
        for function in module.functions:
            returns = find_all(function.body, cst.Return, shallow=True)
            if len(returns) == 1 and returns[0].value is not None and function.name.value not in found \
                    and isinstance(returns[0].value, cst.BinaryOperation) and names_in(returns[0].value) & set(found):
                found[function.name.value] = function
                changed = True
    module.memo["usage_accumulators"] = found
    return found


def _is_text(node: cst.CSTNode) -> bool:
    """A string being built (`footer += f"tokens: {usage.input_tokens}"`) is not a count."""
    return isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))




def counter_increments(scope: cst.CSTNode) -> dict[str, cst.CSTNode]:
    """`x += 1` / `self.turns += int(counts)` / `x = x + 1` in `scope` -> counter name."""
    found: dict[str, cst.CSTNode] = {}
    for node in find_all(scope, cst.AugAssign):
        if isinstance(node.operator, cst.AddAssign):
            name = target_text(node.target)
            if name:
                found.setdefault(name, node)
    for node in find_all(scope, cst.Assign):
        value = node.value
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
            for target in node.targets:
                name = target_text(target.target)
                if name and name in names_in(value.left):
                    found.setdefault(name, node)
    return found


def leaving_guards(scope: cst.CSTNode, names: set[str]) -> list[cst.If]:
    """`if <ordered comparison on one of names>:` whose branch leaves (break/return/raise)."""
    return [
        guard for guard in find_all(scope, cst.If)
        if terminates(guard.body) and any(names_in(c) & names for c in ordered_comparisons(guard.test))
    ]


# Counter names that count turns of the agent (not retries of one call, not items of a batch).
TURN_WORDS = ("turn", "step", "iteration", "iter", "round", "call", "request", "loop", "hop", "cycle", "llm")


def turn_counters(module: PythonModule) -> set[str]:
    return {n for n in counter_increments(module.module) if words_in(n, TURN_WORDS)}


_LIMIT_WORDS = ("max", "limit", "cap", "budget")


def _step_cap(module: PythonModule, node: cst.CSTNode) -> bool:
    """Is `node` a turn/step cap (`max_steps`, `self.turn_limit`, `MAX_TURNS`)?"""
    text = module.code(node, 120)
    return words_in(text, TURN_WORDS) and words_in(text, _LIMIT_WORDS)


def capped_loops(module: PythonModule) -> list[tuple[cst.For | cst.While, str]]:
    """Loops capped by a step limit: bounded agent loops, and other loops that drive a run step
    by step (`for step, d in enumerate(decisions[:max_steps])`, `while step < self.max_steps`)."""
    if "capped_loops" in module.memo:
        return module.memo["capped_loops"]
    found: list[tuple[cst.For | cst.While, str]] = [(a.node, a.bound) for a in agent_loops(module) if a.bounded]
    seen = {id(loop) for loop, _ in found}
    counters = turn_counters(module)
    for loop in module.find_all(cst.For, cst.While):
        if id(loop) in seen:
            continue
        if isinstance(loop, cst.For):
            bounds = [s.upper for s in find_all(loop.iter, cst.Slice) if s.upper is not None]
            bounds += [c.args[-1].value for c in find_all(loop.iter, cst.Call)
                       if call_tail(c) in ("range", "islice") and c.args]
            bound = next((b for b in bounds if _step_cap(module, b)), None)
            if bound is not None:
                found.append((loop, module.code(bound)))
        elif any(names_in(c) & counters and _step_cap(module, c) for c in ordered_comparisons(loop.test)):
            found.append((loop, module.code(loop.test)))
    module.memo["capped_loops"] = found
    return found


def _raises_on_comparison(function: cst.FunctionDef) -> bool:
    """`if self.used > self.limit: raise BudgetExceeded(...)` (or `sys.exit`) somewhere in `function`."""
    for guard in find_all(function, cst.If):
        if not ordered_comparisons(guard.test):
            continue
        if find_all(guard.body, cst.Raise) or any(
                call_tail(c) == "exit" for c in find_all(guard.body, cst.Call)):
            return True
    return False


def stopping_calls(module: PythonModule, scope: cst.CSTNode) -> list[cst.Call]:
    """Calls in `scope` (shallow) that can stop the run: they reach, through functions of this
    file, a raise on an ordered comparison (`budget.charge(usage)` whose `charge` raises when
    the budget is spent). A call's name is not enough: the function has to be here."""
    by_name: dict[str, list[cst.FunctionDef]] = {}
    for function in module.functions:
        by_name.setdefault(function.name.value, []).append(function)
    memo = module.memo.setdefault("raising_functions", {})

    def raises(name: str, seen: frozenset[str]) -> bool:
        if name in memo:
            return memo[name]
        memo[name] = False  # recursion guard
        found = False
        for function in by_name.get(name, ()):
            if _raises_on_comparison(function) or any(
                    call_tail(c) in by_name and call_tail(c) not in seen and raises(call_tail(c), seen | {name})
                    for c in find_all(function, cst.Call, shallow=True)):
                found = True
        memo[name] = found
        return found

    return [c for c in find_all(scope, cst.Call, shallow=True) if call_tail(c) in by_name
            and raises(call_tail(c), frozenset())]


def unresolved_calls(module: PythonModule, scope: cst.CSTNode) -> list[cst.Call]:
    """Calls in `scope` (shallow) to something this file does not define."""
    defined = {f.name.value for f in module.functions} | {c.name.value for c in module.classes}
    return [c for c in find_all(scope, cst.Call, shallow=True) if call_tail(c) and call_tail(c) not in defined]


# --- what ends an agent loop ------------------------------------------------------------------

_LIMITER_WORDS = ("budget", "limit", "quota", "meter", "guard")


def non_model_exit(module: PythonModule, loop: cst.For | cst.While) -> bool:
    """Does the loop stop on something the model does not decide (a budget call, a deadline, a human)?"""
    derived = model_derived_names(module, loop)
    assigned_from_calls = {
        target_text(t.target)
        for a in find_all(loop.body, cst.Assign, shallow=True) if find_all(a.value, cst.Call)
        for t in a.targets
    }
    tests = [g.test for g in exits_of(loop)]
    if isinstance(loop, cst.While) and not (isinstance(loop.test, cst.Name) and loop.test.value == "True"):
        tests.append(loop.test)
    for test in tests:
        used = names_in(test)
        if used & derived:
            continue
        if find_all(test, cst.Call) or used & assigned_from_calls or ordered_comparisons(test):
            return True
    calls = find_all(loop.body, cst.Call, shallow=True)
    if any(call_tail(c) == "input" for c in calls):
        return True  # a human answers every pass
    # `budget.charge(usage)` stops the loop only if `charge` raises when the budget is spent
    return bool(stopping_calls(module, loop.body))


def limiter_candidates(module: PythonModule, loop: cst.For | cst.While) -> str:
    """Calls named like a limiter that this file does not define: they bound the loop only if
    they raise, which only the project model can see. Named in the finding so it can be linked."""
    names = sorted({f"{module.code(c.func, 40)}()" for c in unresolved_calls(module, loop.body)
                    if words_in(call_tail(c), _LIMITER_WORDS) or words_in(module.code(c.func, 80), _LIMITER_WORDS)})
    if not names:
        return ""
    names = names[:2]
    verb = "is" if len(names) == 1 else "are"
    it = "it bounds the loop only if it raises" if len(names) == 1 else "they bound the loop only if they raise"
    return f" ({', '.join(names)} {verb} defined elsewhere: {it})"


def model_exit(module: PythonModule, loop: cst.For | cst.While) -> bool:
    """Does the model's answer end the loop? A `while True` with no exit at all is a server's
    request loop (each pass is a new job), not an agent's tool loop."""
    derived = model_derived_names(module, loop)
    tests = [g.test for g in exits_of(loop)]
    if isinstance(loop, cst.While):
        tests.append(loop.test)
    return any(names_in(test) & derived for test in tests)
