"""Guardrail tests that run: they import the project's own agent loop and drive it with a scripted
fake model and every side effect replaced by a recorder, so they fail while a guardrail is missing
and pass (and then guard it) once it is in.

Driven today: a loop in a plain function (no required argument, or one: the task) that calls the
`anthropic` Messages API or the `openai` Chat Completions API, with tools the model reaches by
name. Anything else gets a file that says why it could not be driven (the described tests of
analyzer/plan/tests.py still apply).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from jinja2 import Environment

from analyzer.domain import SuggestedTest
from analyzer.judge.scope import Scope
from analyzer.parse.python import module_name

FILE_NAME = "test_harness_guardrails_run.py"
PROVIDERS = ("anthropic", "openai")
PROBE = "rm -rf /tmp/harness-audit-probe"
# The model APIs the fake speaks: a model call whose name ends so is one the test can script.
SCRIPTED_CALLS = {"anthropic": ("messages.create",), "openai": ("chat.completions.create",)}
# A loop's one required argument is passed the task only under a name that says it is one.
TASK_PARAMETERS = frozenset({"task", "prompt", "query", "question", "goal", "request", "message", "user_message",
                             "user_input", "instruction", "instructions", "text", "input_text", "objective"})


@dataclass(frozen=True)
class ToolCall:
    name: str  # the name the model asks for
    argument: str  # the tool function's first parameter: the key of the model's input
    path: str
    line: int


@dataclass(frozen=True)
class Drive:
    module: str
    loop: str
    takes_task: bool
    is_async: bool
    provider: str
    path: str
    line: int
    shell: ToolCall | None
    harmless: ToolCall | None


def runnable_tests(environment: Environment, scope: Scope, anatomy: dict) -> list[SuggestedTest]:
    if not anatomy:
        return []
    drive, reason = plan_drive(scope, anatomy)
    template = environment.get_template("tests/runnable_guardrails.py.j2")
    code = template.render(drive=drive, reason=reason, probe=PROBE)
    ast.parse(code)  # a template bug must never hand the user a file that does not parse
    if drive is None:
        return [SuggestedTest("P5", "test_driving_the_agent_is_not_possible_here", reason, FILE_NAME, code)]
    tests = [SuggestedTest("P5", "test_a_model_that_never_stops_calling_tools_is_stopped",
                           "A scripted model that asks for a tool on every turn: the loop ends within the turn cap.",
                           FILE_NAME, code)]
    if drive.shell is not None:
        tests.insert(0, SuggestedTest("P2", "test_a_destructive_shell_command_needs_approval",
                                      f"A scripted model asks {drive.shell.name} for `{PROBE}` and the operator says "
                                      "no: the command never reaches the shell.", FILE_NAME, code))
    return tests


def plan_drive(scope: Scope, anatomy: dict) -> tuple[Drive | None, str]:
    """How to drive the agent, or (None, why not)."""
    model = scope.model
    modules = {summary.path: summary.module for summary in model.summaries}
    providers = {(c["path"], c["function"]): c["provider"] for c in anatomy.get("model_calls", [])
                 if c["call"].endswith(SCRIPTED_CALLS.get(c["provider"], ("\0",)))}
    for loop in anatomy.get("loops", []):
        if not loop["reachable"] or not loop["function"] or "." in loop["function"]:
            continue
        provider = providers.get((loop["path"], loop["function"])) or next(
            (p for (path, _), p in sorted(providers.items()) if path == loop["path"]), "")
        if provider not in PROVIDERS:
            continue
        module = module_name(loop["path"])
        found = model.functions.get(f"{modules.get(loop['path'])}.{loop['function']}")
        if found is None or found[1].required > 1 or (
                found[1].required == 1 and _first_argument(found[1]) not in TASK_PARAMETERS):
            continue
        shell, harmless = _tools(anatomy, model, modules)
        if harmless is None and shell is None:
            return None, "the loop's tools could not be named, so no scripted model can ask for one"
        return Drive(module, loop["function"], found[1].required == 1, found[1].is_async, provider,
                     loop["path"], loop["line"], shell, harmless or shell), ""
    return None, ("no agent loop in a plain function (taking nothing, or only the task) that calls the anthropic "
                  "Messages API or the openai Chat Completions API was found; a framework runner, a method or "
                  "another API needs a hand-written fake")


def _first_argument(function) -> str:
    params = [p for p in function.params if p not in ("self", "cls")]
    return params[0] if params else ""


def _tools(anatomy: dict, model, modules: dict[str, str]) -> tuple[ToolCall | None, ToolCall | None]:
    shell = harmless = None
    for tool in anatomy.get("tools", []):
        found = model.functions.get(f"{modules.get(tool['path'])}.{tool['function']}")
        if found is None or not found[1].params or not tool["name"]:
            continue
        call = ToolCall(tool["name"], found[1].params[0], tool["path"], tool["line"])
        kinds = {s["kind"] for s in tool["sinks"]}
        if shell is None and "shell" in kinds:
            shell = call
        if harmless is None and not kinds:
            harmless = call
    return shell, harmless
