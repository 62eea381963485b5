"""Which call in an agent loop checks the agent's work, judged by what it does.

Not a check; `p08_verification.py` builds on it. A verifier runs the project's checks or asks a
model about the turn's answer; a name (validate, verify_*, check_*) only nominates one, and only
when the call is handed the answer.
"""

from __future__ import annotations

import re

import libcst as cst

from analyzer.facts.python.loops import enclosing_agent_loop, literal_strings_in, words_in
from analyzer.facts.python.shape import functions_calling_model, model_calls
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in

TEST_COMMANDS = re.compile(r"\b(pytest|unittest|tox|nox|mypy|ruff|flake8|npm (run )?test|yarn test|pnpm test|"
                           r"cargo (test|check)|go (test|vet)|make (test|check)|mvn test|gradle test)\b")
SUBPROCESS = ("subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
              "subprocess.Popen", "os.system", "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec")


def innermost_agent_loop(module: PythonModule, node: cst.CSTNode):
    """The agent loop `node` sits in directly: not in an inner `for block in response.content`."""
    loop = enclosing_agent_loop(module, node)
    inner = next((a for a in module.ancestors(node) if isinstance(a, (cst.For, cst.While, cst.FunctionDef))), None)
    return loop if loop is not None and inner is loop.node else None


def turn_outputs(module: PythonModule, loop: cst.For | cst.While) -> set[str]:
    """Names the loop assigns after its model call (`answer = self._last_answer()`): what this
    turn produced, read back from the history the answer was appended to."""
    model_nodes = {id(m.node) for m in model_calls(module)}
    model_functions = functions_calling_model(module)
    first = min((module.line(c) for c in find_all(loop.body, cst.Call, shallow=True)
                 if id(c) in model_nodes or call_tail(c) in model_functions), default=None)
    if first is None:
        return set()
    return {n.value for a in find_all(loop.body, cst.Assign, shallow=True) if module.line(a) > first
            for t in a.targets for n in find_all(t.target, cst.Name)}


def verifies(module: PythonModule, call: cst.Call, derived: set[str]) -> bool:
    """Does `call` check the agent's work? It runs the project's checks or asks a model about
    the answer (a function of this file that does so), or it is nominated by its name and handed
    the model's answer. A tool dispatch (`TOOLS[name](...)`) or a model call itself is not."""
    if not isinstance(call.func, (cst.Name, cst.Attribute)) or call_tail(call) in tool_function_names(module):
        return False
    model_nodes = {id(m.node) for m in model_calls(module)}
    if id(call) in model_nodes:
        return False
    on_answer = any(names_in(a.value) & derived for a in call.args)
    function = module.function_named(call_tail(call))
    if function is not None:
        runs = any(module.call_name(c) in SUBPROCESS and c.args and TEST_COMMANDS.search(
            " ".join(literal_strings_in(c.args[0].value))) for c in find_all(function, cst.Call))
        if runs or (on_answer and call_tail(call) in functions_calling_model(module)):
            return True
    return on_answer and checks_answer(module, call)


def checks_answer(module: PythonModule, call: cst.Call) -> bool:
    """A call that checks the agent's work: a verifier/critic/grader, or a check/validate of the answer."""
    callee = module.code(call.func, 80)
    if words_in(callee, ("verif", "critic", "critique", "review", "grade", "judge", "evaluat")):
        return True
    arguments = " ".join(module.code(a.value, 60) for a in call.args)
    return words_in(callee, ("check", "validat")) and \
        words_in(arguments, ("answer", "output", "result", "response", "final", "draft", "patch", "diff"))


def tool_function_names(module: PythonModule) -> set[str]:
    try:
        from analyzer.facts.python.tools import tool_functions
    except ImportError:  # the tool look-ups are optional for this check
        return set()
    return {t.name for t in tool_functions(module)}

